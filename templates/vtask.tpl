{{%AUTOESCAPE context="HTML"}}<p><a href="/v">← 我的任务</a></p>
<h1>{{SERVICE}}</h1>
{{#HAS_NOTICE}}<div class="notice" role="alert"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
<dl class="summary">
<dt>状态</dt><dd><span class="state state-{{STATE}}">{{STATE_LABEL}}</span></dd>
<dt>查询码</dt><dd>{{CODE_FMT}}</dd>
<dt>平台</dt><dd>{{PLATFORM}}</dd>
<dt>地点</dt><dd>{{#HAS_INSTITUTE}}{{INSTITUTE}} · {{/HAS_INSTITUTE}}{{PLACE}}</dd>
<dt>希望时间</dt><dd>{{WANTED_TIME}}</dd>
<dt>需要</dt><dd class="pre">{{NEED:pre_escape}}</dd>
{{#MANY}}<dt>人数</dt><dd>需要{{WANTED}}人，已接{{TAKEN}}人</dd>{{/MANY}}
{{#CONTACT}}<dt>联系人</dt><dd>{{CONTACT_NAME}}</dd>
<dt>电话</dt><dd><a class="button secondary" href="tel:{{CONTACT_PHONE}}">拨打 {{CONTACT_PHONE}}</a></dd>
<dt>详细地址</dt><dd>{{#HAS_ADDRESS}}{{ADDRESS}}
<span class="maplinks"><a href="geo:0,0?q={{MAP_QUERY}}">用手机地图打开</a> · <a href="https://uri.amap.com/search?keyword={{MAP_QUERY}}" rel="noopener noreferrer">在高德地图中查找</a></span>{{/HAS_ADDRESS}}{{#NO_ADDRESS}}群众没有填写，请打电话问清楚{{/NO_ADDRESS}}</dd>{{/CONTACT}}
</dl>
{{#CONTACT}}<p class="note">联系方式和地址只在您服务期间显示，仅用于这次服务。</p>{{/CONTACT}}
{{#REQ_PHOTOS}}<section aria-labelledby="h-reqphotos">
<h2 id="h-reqphotos">群众发来的照片</h2>
<p class="note">只给为这次服务的志愿者和工作人员看，请勿转发。</p>
<ul class="photos">{{#REQ_PHOTO}}<li><a href="{{SRC}}"><img src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="群众发来的第 {{N}} 张照片"></a></li>{{/REQ_PHOTO}}</ul>
</section>{{/REQ_PHOTOS}}
{{#CAN_ACCEPT}}<form method="post" action="/v/task/{{CODE}}/accept"><input type="hidden" name="csrf" value="{{CSRF}}"><p><button class="button" type="submit">接单</button></p></form>
<p class="note">接单后才能看到群众的联系方式。</p>{{/CAN_ACCEPT}}
{{#CAN_FINISH}}<section aria-labelledby="h-done">
<h2 id="h-done">完成服务</h2>
{{#HAS_DONE_ERROR}}<div class="errors" role="alert"><p>{{DONE_ERROR}}</p></div>{{/HAS_DONE_ERROR}}
<form class="form" method="post" action="/v/task/{{CODE}}/complete" enctype="multipart/form-data" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="f-what">做了什么</label><textarea id="f-what" name="what" rows="3" maxlength="500">{{V_WHAT}}</textarea></div>
<div class="field"><label for="f-start">开始时间</label><input id="f-start" name="start" type="datetime-local" value="{{V_START}}"></div>
<div class="field"><label for="f-end">结束时间</label><input id="f-end" name="end" type="datetime-local" value="{{V_END}}"></div>
<fieldset class="field"><legend>每位志愿者的服务时长（分钟）</legend>
{{#SERVER}}<div class="field"><label for="m-{{VID}}">{{VNAME}}（{{VNUMBER}}）</label><input id="m-{{VID}}" name="m_{{VID}}" type="text" inputmode="numeric" maxlength="4" value="{{V_MIN}}" aria-describedby="h-minutes"></div>{{/SERVER}}
<p class="hint" id="h-minutes">填写每人实际服务的分钟数，不超过开始到结束的时长；没参加的人留空。时长由{{HOURS_BY}}确认后计入服务记录。</p></fieldset>
<div class="field{{#E_PHOTO}} invalid{{/E_PHOTO}}"><label for="f-photo">服务照片（可以不传，最多{{PHOTO_MAX}}张）</label>
<input id="f-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="h-photo{{#PHOTOS_KEPT}} k-photo{{/PHOTOS_KEPT}}{{#E_PHOTO}} e-photo{{/E_PHOTO}}"{{#E_PHOTO}} aria-invalid="true"{{/E_PHOTO}}>
<p class="hint" id="h-photo">拍下服务的场景，留作服务记录。照片先只给工作人员看；工作人员选出合适的，才会公开在查询页上。请尽量不拍群众的面部和门牌。</p>
{{#PHOTOS_KEPT}}<p class="kept" id="k-photo">已收到 {{COUNT}} 张照片，不用重新选择{{#HAS_ROOM}}；还可以再加 {{ROOM}} 张{{/HAS_ROOM}}。</p>
{{#STAGED}}<input type="hidden" name="photo_staged" value="{{NAME}}">
{{/STAGED}}{{/PHOTOS_KEPT}}{{#E_PHOTO}}<p class="err" id="e-photo">{{MSG}}</p>{{/E_PHOTO}}
</div>
<p><button class="button" type="submit">提交完成情况</button></p>
</form>
</section>
<section aria-labelledby="h-back">
<h2 id="h-back">做不了？</h2>
{{#HAS_GB_ERROR}}<div class="errors" role="alert"><p>{{GB_ERROR}}</p></div>{{/HAS_GB_ERROR}}
<form class="form" method="post" action="/v/task/{{CODE}}/giveback" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="f-reason">退回的原因</label><textarea id="f-reason" name="reason" rows="2" maxlength="200">{{V_REASON}}</textarea></div>
<p><button class="button secondary" type="submit">退回任务</button></p>
</form>
</section>{{/CAN_FINISH}}
