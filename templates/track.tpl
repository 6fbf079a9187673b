{{%AUTOESCAPE context="HTML"}}<h1>办理进度</h1>
{{>SUMMARY}}
{{#DONE_PHOTOS}}<section aria-labelledby="h-photos">
<h2 id="h-photos">服务照片</h2>
<ul class="photos">{{#PHOTO}}<li><a href="{{SRC}}"><img src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="服务照片第 {{N}} 张"></a></li>{{/PHOTO}}</ul>
</section>{{/DONE_PHOTOS}}
{{#JUST_RATED}}<div class="success" role="status"><p>感谢您的评价！</p></div>{{/JUST_RATED}}
{{>RATE}}
<figure class="qr">
<img src="/track/{{CODE}}/qr.svg" width="160" height="160" alt="本页的二维码：扫码可打开办理进度">
<figcaption>扫码查看本页</figcaption>
</figure>
<p class="note">为保护个人信息，本页不显示申请人和志愿者的姓名、电话。</p>
{{#HAS_HOTLINE}}<p class="hotline">有疑问请拨打服务热线 <a href="tel:{{HOTLINE}}">{{HOTLINE}}</a>{{#HAS_SITE_PHONE}}，或服务地点的办公电话 <a href="tel:{{SITE_PHONE}}">{{SITE_PHONE}}</a>{{/HAS_SITE_PHONE}}。</p>{{/HAS_HOTLINE}}
