{{%AUTOESCAPE context="HTML"}}{{#IS_NEW}}<div class="success" role="status">
<h1>申请已提交</h1>
<p>请记下您的<strong>查询码</strong>，或截图保存本页。凭查询码可以在“一码可查”查看办理进度，也可以告诉实践站工作人员查询。</p>
</div>{{/IS_NEW}}
{{#JUST_CANCELLED}}<div class="success" role="status"><h1>申请已取消</h1></div>{{/JUST_CANCELLED}}
<h1 class="page-title">我的申请</h1>
{{>SUMMARY}}
{{#DONE_PHOTOS}}<section aria-labelledby="h-photos">
<h2 id="h-photos">服务照片</h2>
<ul class="photos">{{#PHOTO}}<li><a href="{{SRC}}"><img src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="服务照片第 {{N}} 张"></a></li>{{/PHOTO}}</ul>
</section>{{/DONE_PHOTOS}}
{{#JUST_RATED}}<div class="success" role="status"><p>感谢您的评价！</p></div>{{/JUST_RATED}}
{{>RATE}}
<figure class="qr">
<img src="/track/{{CODE}}/qr.svg" width="200" height="200" alt="查询办理进度的二维码，查询码与上面相同">
<figcaption>扫码查看办理进度</figcaption>
</figure>
<section class="private" aria-labelledby="h-link">
<h2 id="h-link">本页的专属链接</h2>
<p>请收藏或保存下面的链接，<strong>不要发给别人</strong>：凭它可以查看进度，在志愿者接单前取消申请，服务完成后评价。</p>
<p class="link"><a href="/m/{{TOKEN}}">{{MANAGE_LINK}}</a></p>
</section>
{{#CAN_CANCEL}}<section aria-labelledby="h-cancel">
<h2 id="h-cancel">取消申请</h2>
<form class="form" method="post" action="/m/{{TOKEN}}/cancel" novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}">
<label for="f-reason">取消原因 <span class="req">*</span></label>
<textarea id="f-reason" name="reason" rows="3" maxlength="100"{{#HAS_ERROR}} aria-invalid="true" aria-describedby="e-reason"{{/HAS_ERROR}}>{{REASON}}</textarea>
{{#HAS_ERROR}}<p class="err" id="e-reason" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
</div>
<p><button class="button secondary" type="submit">取消申请</button></p>
</form>
</section>{{/CAN_CANCEL}}
{{#CANNOT_CANCEL}}<p class="note">{{REFUSAL}}</p>{{/CANNOT_CANCEL}}
<p><a href="/order/new">再提交一个申请</a></p>
