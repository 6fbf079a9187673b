{{%AUTOESCAPE context="HTML"}}<h1>加入志愿者</h1>
<p class="lead">欢迎加入朔城区新时代文明实践志愿服务队伍。提交后由所在实践站或服务队审核，通过后会得到志愿者编号。我们不收集身份证号码。</p>
{{#HAS_ERRORS}}<div class="errors" role="alert" id="errors">
<p>有 {{NERRORS}} 处需要修改，您填写的内容都已保留（密码需要重新输入）：</p>
<ul>{{#ERROR_ITEM}}<li><a href="#f-{{FIELD}}">{{LABEL}}：{{MSG}}</a></li>{{/ERROR_ITEM}}</ul>
</div>{{/HAS_ERRORS}}
<form class="form" method="post" action="/volunteer/join" novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#E_NAME}} invalid{{/E_NAME}}"><label for="f-name">真实姓名 <span class="req">*</span></label>
<input id="f-name" name="name" type="text" maxlength="20" autocomplete="name" value="{{V_NAME}}"{{#E_NAME}} aria-invalid="true" aria-describedby="e-name"{{/E_NAME}}>
{{#E_NAME}}<p class="err" id="e-name">{{MSG}}</p>{{/E_NAME}}</div>
<div class="field{{#E_PHONE}} invalid{{/E_PHONE}}"><label for="f-phone">手机号码（用于登录） <span class="req">*</span></label>
<input id="f-phone" name="phone" type="tel" inputmode="tel" maxlength="20" autocomplete="tel" value="{{V_PHONE}}"{{#E_PHONE}} aria-invalid="true" aria-describedby="e-phone"{{/E_PHONE}}>
{{#E_PHONE}}<p class="err" id="e-phone">{{MSG}}</p>{{/E_PHONE}}</div>
<div class="field{{#E_PASSWORD}} invalid{{/E_PASSWORD}}"><label for="f-password">设置密码 <span class="req">*</span></label>
<input id="f-password" name="password" type="password" maxlength="128" autocomplete="new-password" aria-describedby="h-password{{#E_PASSWORD}} e-password{{/E_PASSWORD}}"{{#E_PASSWORD}} aria-invalid="true"{{/E_PASSWORD}}>
<p class="hint" id="h-password">至少10个字符，不要用生日、电话号码等容易猜到的密码。</p>
{{#E_PASSWORD}}<p class="err" id="e-password">{{MSG}}</p>{{/E_PASSWORD}}</div>
<fieldset class="place"><legend>住在哪里</legend>
<div class="field{{#E_INSTITUTE}} invalid{{/E_INSTITUTE}}"><label for="f-institute">实践所（乡镇、街道） <span class="req">*</span></label>
{{! The end tags of option, optgroup and li are left out, as HTML allows: ~300 stations, and the page must stay under 60 KB with the stylesheet. }}<select id="f-institute" name="institute"{{#E_INSTITUTE}} aria-invalid="true" aria-describedby="e-institute"{{/E_INSTITUTE}}><option value="">请选择</option>
{{#INSTITUTE_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{/INSTITUTE_OPT}}</select>
{{#E_INSTITUTE}}<p class="err" id="e-institute">{{MSG}}</p>{{/E_INSTITUTE}}</div>
<div class="field{{#E_STATION}} invalid{{/E_STATION}}"><label for="f-station">实践站（村、社区）</label>
<select id="f-station" name="station"{{#E_STATION}} aria-invalid="true" aria-describedby="e-station"{{/E_STATION}}><option value="">不清楚 / 不在列表中</option>
{{#STATION_GROUP}}<optgroup label="{{GROUP}}" data-institute="{{GROUP_CODE}}">{{#STATION_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{#DEMO}}（演示）{{/DEMO}}{{/STATION_OPT}}
{{/STATION_GROUP}}</select>
{{#E_STATION}}<p class="err" id="e-station">{{MSG}}</p>{{/E_STATION}}</div>
</fieldset>
<fieldset class="field{{#E_PLATFORM}} invalid{{/E_PLATFORM}}" id="f-platform"{{#E_PLATFORM}} aria-describedby="e-platform"{{/E_PLATFORM}}><legend>能服务的平台 <span class="req">*</span></legend>
{{#PLATFORM_OPT}}<label class="radio"><input type="checkbox" name="platform" value="{{CODE}}"{{#CHECKED}} checked{{/CHECKED}}> {{NAME}}</label>{{/PLATFORM_OPT}}
{{#E_PLATFORM}}<p class="err" id="e-platform">{{MSG}}</p>{{/E_PLATFORM}}</fieldset>
<fieldset class="field{{#E_TEAM}} invalid{{/E_TEAM}}" id="f-team"{{#E_TEAM}} aria-describedby="e-team"{{/E_TEAM}}><legend>想加入的服务队 <span class="req">*</span></legend>
<p class="hint" id="h-team">可以多选。{{#INST_CHOSEN}}下面是全区的服务队和您所在实践所的服务队。{{/INST_CHOSEN}}{{#INST_NONE}}下面是全区的服务队；选好上面的实践所，就能看到该所的服务队。{{/INST_NONE}}</p>
<div id="teams-near">{{#NEAR_GROUP}}<div class="teamgroup" data-institute="{{GROUP_CODE}}"><p class="group">{{GROUP}}</p>
<ul class="checks">{{#TEAM_OPT}}<li><label class="radio"><input type="checkbox" name="team" value="{{ID}}"{{#CHECKED}} checked{{/CHECKED}}> {{NAME}}{{#DEMO}}（演示）{{/DEMO}}</label> <span class="tag">{{KIND}}</span>{{/TEAM_OPT}}</ul></div>
{{/NEAR_GROUP}}</div>
{{#OTHER}}<details id="teams-other"{{#OTHER_OPEN}} open{{/OTHER_OPEN}}><summary>{{OTHER_LABEL}}</summary>
{{/OTHER}}{{#OTHER_GROUP}}<div class="teamgroup" data-institute="{{GROUP_CODE}}"><p class="group">{{GROUP}}</p>
<ul class="checks">{{#TEAM_OPT}}<li><label class="radio"><input type="checkbox" name="team" value="{{ID}}"{{#CHECKED}} checked{{/CHECKED}}> {{NAME}}{{#DEMO}}（演示）{{/DEMO}}</label> <span class="tag">{{KIND}}</span>{{/TEAM_OPT}}</ul></div>
{{/OTHER_GROUP}}{{#OTHER}}</details>{{/OTHER}}
{{#E_TEAM}}<p class="err" id="e-team">{{MSG}}</p>{{/E_TEAM}}</fieldset>
<div class="field check"><input id="f-party" name="party" type="checkbox" value="yes"{{#PARTY_YES}} checked{{/PARTY_YES}}><label for="f-party">我是中共党员（党员志愿者）</label></div>
<div class="field check{{#E_CONSENT}} invalid{{/E_CONSENT}}"><input id="f-consent" name="consent" type="checkbox" value="yes"{{#CONSENT_CHECKED}} checked{{/CONSENT_CHECKED}}{{#E_CONSENT}} aria-invalid="true" aria-describedby="e-consent"{{/E_CONSENT}}>
<label for="f-consent">我同意文明实践中心为组织志愿服务使用我的姓名和手机号，并记录我的服务时长。<a href="/privacy">个人信息怎样使用</a> <span class="req">*</span></label>
{{#E_CONSENT}}<p class="err" id="e-consent">{{MSG}}</p>{{/E_CONSENT}}</div>
<p><button class="button" type="submit">提交申请</button></p>
</form>
<p>已经是志愿者？<a href="/v/login">登录</a></p>
<script src="/static/order.js"></script>
<script src="/static/join.js"></script>
