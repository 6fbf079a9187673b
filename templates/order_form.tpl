{{%AUTOESCAPE context="HTML"}}{{#FORM}}<h1>{{HEADING}}</h1>
{{#PUBLIC}}<p class="lead">告诉我们您需要什么服务、在哪里。提交后会得到一个查询码，凭它随时查看办理进度。带 <span class="req">*</span> 的是必填项。</p>
{{#HAS_HOTLINE}}<p class="hotline">不方便在网上填写？请拨打服务热线 <a href="tel:{{HOTLINE}}">{{HOTLINE}}</a>，工作人员替您登记。</p>{{/HAS_HOTLINE}}{{/PUBLIC}}
{{#STAFF}}<p class="lead">为打电话或到站里来的群众登记申请，检查和提交方式与群众自己提交相同。登记后请把查询码告诉群众。</p>{{/STAFF}}
{{#HAS_NOTICE}}<div class="notice" role="alert"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#HAS_ERRORS}}<div class="errors" role="alert" id="errors">
<p>有 {{NERRORS}} 处需要修改，您填写的内容都已保留：</p>
<ul>{{#ERROR_ITEM}}<li><a href="#f-{{FIELD}}">{{LABEL}}：{{MSG}}</a></li>{{/ERROR_ITEM}}</ul>
</div>{{/HAS_ERRORS}}
<form class="form" method="post" action="{{ACTION}}"{{#PUBLIC}} enctype="multipart/form-data"{{/PUBLIC}} novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">

{{#STAFF}}<fieldset class="field{{#E_CHANNEL}} invalid{{/E_CHANNEL}}" id="f-channel">
<legend>登记方式 <span class="req">*</span></legend>
<label class="radio"><input type="radio" name="channel" value="phone"{{#PHONE}} checked{{/PHONE}}> 电话</label>
<label class="radio"><input type="radio" name="channel" value="walkin"{{#WALKIN}} checked{{/WALKIN}}> 现场</label>
{{#E_CHANNEL}}<p class="err" id="e-channel">{{MSG}}</p>{{/E_CHANNEL}}
</fieldset>{{/STAFF}}

<div class="field{{#E_SERVICE}} invalid{{/E_SERVICE}}">
<label for="f-service">服务项目 <span class="req">*</span></label>
<select id="f-service" name="service" aria-required="true"{{#E_SERVICE}} aria-invalid="true" aria-describedby="e-service"{{/E_SERVICE}}>
<option value="">请选择</option>
{{#SERVICE_GROUP}}<optgroup label="{{GROUP}}">
{{#SERVICE_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/SERVICE_OPT}}</optgroup>
{{/SERVICE_GROUP}}{{#SERVICE_FLAT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/SERVICE_FLAT}}</select>
{{#E_SERVICE}}<p class="err" id="e-service">{{MSG}}</p>{{/E_SERVICE}}
<p class="hint"><a href="/services">查看服务菜单和说明</a></p>
</div>

<fieldset class="place">
<legend>服务地点</legend>
<div class="field{{#E_INSTITUTE}} invalid{{/E_INSTITUTE}}">
<label for="f-institute">实践所（乡镇、街道） <span class="req">*</span></label>
<select id="f-institute" name="institute" aria-required="true"{{#E_INSTITUTE}} aria-invalid="true" aria-describedby="e-institute"{{/E_INSTITUTE}}>
<option value="">请选择</option>
{{#INSTITUTE_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/INSTITUTE_OPT}}</select>
{{#E_INSTITUTE}}<p class="err" id="e-institute">{{MSG}}</p>{{/E_INSTITUTE}}
</div>
<div class="field{{#E_STATION}} invalid{{/E_STATION}}">
<label for="f-station">实践站（村、社区）</label>
<select id="f-station" name="station" aria-describedby="h-station{{#E_STATION}} e-station{{/E_STATION}}"{{#E_STATION}} aria-invalid="true"{{/E_STATION}}>
<option value="">不清楚 / 不在列表中</option>
{{#STATION_GROUP}}<optgroup label="{{GROUP}}" data-institute="{{GROUP_CODE}}">
{{#STATION_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{#DEMO}}（演示）{{/DEMO}}</option>
{{/STATION_OPT}}</optgroup>
{{/STATION_GROUP}}</select>
<p class="hint" id="h-station">请在所选实践所下面选择；不清楚可以不选，写在详细地址里。</p>
{{#E_STATION}}<p class="err" id="e-station">{{MSG}}</p>{{/E_STATION}}
</div>
<div class="field{{#E_ADDRESS}} invalid{{/E_ADDRESS}}">
<label for="f-address">详细地址</label>
<input id="f-address" name="address" type="text" maxlength="100" autocomplete="address-line1" value="{{V_ADDRESS}}"{{#E_ADDRESS}} aria-invalid="true" aria-describedby="e-address"{{/E_ADDRESS}}>
{{#E_ADDRESS}}<p class="err" id="e-address">{{MSG}}</p>{{/E_ADDRESS}}
</div>
</fieldset>

<div class="field{{#E_NEED}} invalid{{/E_NEED}}">
<label for="f-need">需要什么帮助 <span class="req">*</span></label>
<textarea id="f-need" name="need" rows="5" maxlength="500" aria-required="true" aria-describedby="h-need{{#E_NEED}} e-need{{/E_NEED}}"{{#E_NEED}} aria-invalid="true"{{/E_NEED}}>{{V_NEED:pre_escape}}</textarea>
<p class="hint" id="h-need">最多500字。例如：村里老人想学用智能手机视频通话，大约10人。</p>
{{#E_NEED}}<p class="err" id="e-need">{{MSG}}</p>{{/E_NEED}}
</div>

<div class="field{{#E_WANTED}} invalid{{/E_WANTED}}">
<label for="f-wanted">希望的服务时间</label>
<input id="f-wanted" name="wanted" type="text" maxlength="40" value="{{V_WANTED}}" aria-describedby="h-wanted{{#E_WANTED}} e-wanted{{/E_WANTED}}"{{#E_WANTED}} aria-invalid="true"{{/E_WANTED}}>
<p class="hint" id="h-wanted">例如：本周六上午、工作日晚上。</p>
{{#E_WANTED}}<p class="err" id="e-wanted">{{MSG}}</p>{{/E_WANTED}}
</div>

{{#PUBLIC}}<div class="field{{#E_PHOTO}} invalid{{/E_PHOTO}}">
<label for="f-photo">照片（可以不传，最多3张）</label>
<input id="f-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="h-photo{{#PHOTOS_KEPT}} k-photo{{/PHOTOS_KEPT}}{{#E_PHOTO}} e-photo{{/E_PHOTO}}"{{#E_PHOTO}} aria-invalid="true"{{/E_PHOTO}}>
<p class="hint" id="h-photo">可以拍下需要帮忙的情况，例如漏水的水管、要修的电器。照片<strong>不会公开</strong>，只给处理申请的工作人员和为您服务的志愿者看。JPG、PNG 或 WebP 格式，每张不超过 10 MB。</p>
{{#PHOTOS_KEPT}}<p class="kept" id="k-photo">已收到 {{COUNT}} 张照片，不用重新选择{{#HAS_ROOM}}；还可以再加 {{ROOM}} 张{{/HAS_ROOM}}。</p>
{{#STAGED}}<input type="hidden" name="photo_staged" value="{{NAME}}">
{{/STAGED}}{{/PHOTOS_KEPT}}{{#E_PHOTO}}<p class="err" id="e-photo">{{MSG}}</p>{{/E_PHOTO}}
</div>{{/PUBLIC}}

<fieldset>
<legend>联系方式（仅用于办理这次申请）</legend>
<div class="field{{#E_NAME}} invalid{{/E_NAME}}">
<label for="f-name">姓名或称呼 <span class="req">*</span></label>
<input id="f-name" name="name" type="text" maxlength="20" autocomplete="name" aria-required="true" value="{{V_NAME}}"{{#E_NAME}} aria-invalid="true" aria-describedby="e-name"{{/E_NAME}}>
{{#E_NAME}}<p class="err" id="e-name">{{MSG}}</p>{{/E_NAME}}
</div>
<div class="field{{#E_PHONE}} invalid{{/E_PHONE}}">
<label for="f-phone">联系电话 <span class="req">*</span></label>
<input id="f-phone" name="phone" type="tel" inputmode="tel" maxlength="24" autocomplete="tel" aria-required="true" value="{{V_PHONE}}" aria-describedby="h-phone{{#E_PHONE}} e-phone{{/E_PHONE}}"{{#E_PHONE}} aria-invalid="true"{{/E_PHONE}}>
<p class="hint" id="h-phone">手机号码，或带区号的座机号码（如 0349-5021234）。</p>
{{#E_PHONE}}<p class="err" id="e-phone">{{MSG}}</p>{{/E_PHONE}}
</div>
<div class="field check{{#E_CONSENT}} invalid{{/E_CONSENT}}">
<input id="f-consent" name="consent" type="checkbox" value="yes"{{#CONSENT_CHECKED}} checked{{/CONSENT_CHECKED}}{{#E_CONSENT}} aria-invalid="true" aria-describedby="e-consent"{{/E_CONSENT}}>
<label for="f-consent">{{#PUBLIC}}我同意文明实践中心和为我服务的志愿者使用以上联系方式办理这次申请。{{/PUBLIC}}{{#STAFF}}已告诉群众联系方式只用于办理这次申请，群众同意。{{/STAFF}}<a href="/privacy">个人信息怎样使用</a> <span class="req">*</span></label>
{{#E_CONSENT}}<p class="err" id="e-consent">{{MSG}}</p>{{/E_CONSENT}}
</div>
{{#SMS}}<div class="field check">
<input id="f-nosms" name="nosms" type="checkbox" value="1"{{#NOSMS_CHECKED}} checked{{/NOSMS_CHECKED}}>
<label for="f-nosms">{{#PUBLIC}}不接收短信通知（我会自己用查询码查看进度）{{/PUBLIC}}{{#STAFF}}群众不接收短信通知（自己用查询码查看进度）{{/STAFF}}</label>
</div>{{/SMS}}
</fieldset>

{{#SMS}}{{#PUBLIC}}<p class="hint">填写手机号码的，提交时会给这个手机发一条短信验证码，输入验证码后申请才算提交。</p>{{/PUBLIC}}{{/SMS}}
<p><button class="button" type="submit">提交申请</button></p>
</form>
<script src="/static/order.js"></script>{{/FORM}}
{{#CONFIRM}}<h1>我要点单：确认手机号</h1>
<p class="lead">还差一步：请输入短信验证码，确认联系电话是您本人的手机。确认后申请才会提交。</p>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
<h2>请核对您填写的内容</h2>
<dl class="summary">
<dt>服务项目</dt><dd>{{S_SERVICE}}</dd>
<dt>服务地点</dt><dd>{{S_PLACE}}</dd>
{{#S_HAS_ADDRESS}}<dt>详细地址</dt><dd>{{V_ADDRESS}}</dd>{{/S_HAS_ADDRESS}}
<dt>需要什么帮助</dt><dd class="pre">{{V_NEED:pre_escape}}</dd>
{{#S_HAS_WANTED}}<dt>希望时间</dt><dd>{{V_WANTED}}</dd>{{/S_HAS_WANTED}}
<dt>姓名或称呼</dt><dd>{{V_NAME}}</dd>
<dt>联系电话</dt><dd>{{S_PHONE}}</dd>
<dt>短信通知</dt><dd>{{#S_SMS}}接收办理进度短信{{/S_SMS}}{{#S_NOSMS}}不接收，自己用查询码查看进度{{/S_NOSMS}}</dd>
{{#PHOTOS_KEPT}}<dt>照片</dt><dd>已收到 {{COUNT}} 张照片（不公开，只给处理申请的工作人员和为您服务的志愿者看）</dd>{{/PHOTOS_KEPT}}
</dl>
<form class="form" method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="step" value="code">
<input type="hidden" name="service" value="{{V_SERVICE}}">
<input type="hidden" name="institute" value="{{V_INSTITUTE}}">
<input type="hidden" name="station" value="{{V_STATION}}">
<input type="hidden" name="address" value="{{V_ADDRESS}}">
<input type="hidden" name="need" value="{{V_NEED:pre_escape}}">
<input type="hidden" name="wanted" value="{{V_WANTED}}">
<input type="hidden" name="name" value="{{V_NAME}}">
<input type="hidden" name="phone" value="{{V_PHONE}}">
<input type="hidden" name="consent" value="{{V_CONSENT}}">
<input type="hidden" name="nosms" value="{{V_NOSMS}}">
{{#PHOTOS_KEPT}}{{#STAGED}}<input type="hidden" name="photo_staged" value="{{NAME}}">
{{/STAGED}}{{/PHOTOS_KEPT}}<div class="field{{#E_CODE}} invalid{{/E_CODE}}">
<label for="f-code">短信验证码（已发送到手机 {{MASKED}}） <span class="req">*</span></label>
<input id="f-code" name="sms_code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" aria-required="true" value="{{V_CODE}}" aria-describedby="h-code{{#E_CODE}} e-code{{/E_CODE}}"{{#E_CODE}} aria-invalid="true"{{/E_CODE}}>
<p class="hint" id="h-code">6位数字，10分钟内有效。没有收到？稍等一会儿，或点“重新发送验证码”。</p>
{{#E_CODE}}<p class="err" id="e-code">{{MSG}}</p>{{/E_CODE}}
</div>
<p><button class="button" type="submit" name="do" value="confirm">确认提交</button></p>
<p><button class="button secondary" type="submit" name="do" value="resend">重新发送验证码</button>
<button class="button secondary" type="submit" name="do" value="back">返回修改</button></p>
</form>
{{#HAS_HOTLINE}}<p class="hotline">收不到短信？请拨打服务热线 <a href="tel:{{HOTLINE}}">{{HOTLINE}}</a>，工作人员替您登记。</p>{{/HAS_HOTLINE}}
{{/CONFIRM}}
