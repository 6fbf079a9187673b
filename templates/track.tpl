{{%AUTOESCAPE context="HTML"}}<h1>办理进度</h1>
{{>SUMMARY}}
{{#JUST_RATED}}<div class="success" role="status"><p>感谢您的评价！</p></div>{{/JUST_RATED}}
{{>RATE}}
<figure class="qr">
<img src="/track/{{CODE}}/qr.svg" width="160" height="160" alt="本页的二维码：扫码可打开办理进度">
<figcaption>扫码查看本页</figcaption>
</figure>
<p class="note">为保护个人信息，本页不显示申请人和志愿者的姓名、电话。</p>
