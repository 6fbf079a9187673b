{{%AUTOESCAPE context="HTML"}}<p><a href="/desk/activities">← 活动管理</a></p>
<h1>新建活动</h1>
<p class="lead">发布后，活动出现在门户的活动日历上，符合报名范围的志愿者可以报名，报满为止。带 <span class="req">*</span> 的是必填项。</p>
{{#HAS_NOTICE}}<div class="notice" role="alert"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#HAS_ERRORS}}<div class="errors" role="alert" id="errors">
<p>有 {{NERRORS}} 处需要修改，您填写的内容都已保留：</p>
<ul>{{#ERROR_ITEM}}<li><a href="#f-{{FIELD}}">{{LABEL}}：{{MSG}}</a></li>{{/ERROR_ITEM}}</ul>
</div>{{/HAS_ERRORS}}
<form class="form" method="post" action="/desk/activities/new" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#E_TITLE}} invalid{{/E_TITLE}}">
<label for="f-title">活动名称 <span class="req">*</span></label>
<input id="f-title" name="title" type="text" maxlength="60" value="{{V_TITLE}}" aria-required="true"{{#E_TITLE}} aria-invalid="true" aria-describedby="e-title"{{/E_TITLE}}>
{{#E_TITLE}}<p class="err" id="e-title">{{MSG}}</p>{{/E_TITLE}}
</div>
<div class="field{{#E_PLATFORM}} invalid{{/E_PLATFORM}}">
<label for="f-platform">服务平台 <span class="req">*</span></label>
<select id="f-platform" name="platform" aria-required="true"{{#E_PLATFORM}} aria-invalid="true" aria-describedby="e-platform"{{/E_PLATFORM}}>
<option value="">请选择</option>
{{#PLATFORM_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/PLATFORM_OPT}}</select>
{{#E_PLATFORM}}<p class="err" id="e-platform">{{MSG}}</p>{{/E_PLATFORM}}
</div>
<div class="field{{#E_PROJECT}} invalid{{/E_PROJECT}}">
<label for="f-project">服务项目</label>
<select id="f-project" name="project"{{#E_PROJECT}} aria-invalid="true" aria-describedby="e-project"{{/E_PROJECT}}>
<option value="">不属于具体项目</option>
<optgroup label="固定服务项目">
{{#FIXED_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/FIXED_OPT}}</optgroup>
<optgroup label="特色服务项目">
{{#FEATURED_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/FEATURED_OPT}}</optgroup>
</select>
{{#E_PROJECT}}<p class="err" id="e-project">{{MSG}}</p>{{/E_PROJECT}}
</div>
<div class="field{{#E_SITE}} invalid{{/E_SITE}}">
<label for="f-site">举办站点 <span class="req">*</span></label>
<select id="f-site" name="site" aria-required="true"{{#E_SITE}} aria-invalid="true" aria-describedby="e-site"{{/E_SITE}}>
<option value="">请选择</option>
{{#SITE_OPT}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/SITE_OPT}}</select>
{{#E_SITE}}<p class="err" id="e-site">{{MSG}}</p>{{/E_SITE}}
</div>
<div class="field{{#E_PLACE}} invalid{{/E_PLACE}}">
<label for="f-place">具体地点</label>
<input id="f-place" name="place" type="text" maxlength="100" value="{{V_PLACE}}" aria-describedby="h-place{{#E_PLACE}} e-place{{/E_PLACE}}"{{#E_PLACE}} aria-invalid="true"{{/E_PLACE}}>
<p class="hint" id="h-place">例如：村委会二楼会议室。不填则为站点本身。</p>
{{#E_PLACE}}<p class="err" id="e-place">{{MSG}}</p>{{/E_PLACE}}
</div>
<div class="field{{#E_START}} invalid{{/E_START}}">
<label for="f-start">开始时间 <span class="req">*</span></label>
<input id="f-start" name="start" type="datetime-local" value="{{V_START}}" aria-required="true"{{#E_START}} aria-invalid="true" aria-describedby="e-start"{{/E_START}}>
{{#E_START}}<p class="err" id="e-start">{{MSG}}</p>{{/E_START}}
</div>
<div class="field{{#E_END}} invalid{{/E_END}}">
<label for="f-end">结束时间 <span class="req">*</span></label>
<input id="f-end" name="end" type="datetime-local" value="{{V_END}}" aria-required="true"{{#E_END}} aria-invalid="true" aria-describedby="e-end"{{/E_END}}>
{{#E_END}}<p class="err" id="e-end">{{MSG}}</p>{{/E_END}}
</div>
<div class="field{{#E_CAPACITY}} invalid{{/E_CAPACITY}}">
<label for="f-capacity">人数上限 <span class="req">*</span></label>
<input id="f-capacity" name="capacity" type="text" inputmode="numeric" maxlength="4" value="{{V_CAPACITY}}" aria-required="true"{{#E_CAPACITY}} aria-invalid="true" aria-describedby="e-capacity"{{/E_CAPACITY}}>
{{#E_CAPACITY}}<p class="err" id="e-capacity">{{MSG}}</p>{{/E_CAPACITY}}
</div>
<div class="field{{#E_SUMMARY}} invalid{{/E_SUMMARY}}">
<label for="f-summary">活动内容 <span class="req">*</span></label>
<textarea id="f-summary" name="summary" rows="5" maxlength="1000" aria-required="true"{{#E_SUMMARY}} aria-invalid="true" aria-describedby="e-summary"{{/E_SUMMARY}}>{{V_SUMMARY}}</textarea>
{{#E_SUMMARY}}<p class="err" id="e-summary">{{MSG}}</p>{{/E_SUMMARY}}
</div>
{{#LEADER}}<p class="note">报名范围：{{LEADER_TEAM}}的队员。</p>{{/LEADER}}
{{#CHOOSE_OPEN_TO}}<fieldset class="field{{#E_OPEN_TO}} invalid{{/E_OPEN_TO}}" id="f-open_to">
<legend>哪些志愿者可以报名 <span class="req">*</span></legend>
<label class="radio"><input type="radio" name="open_to" value="all"{{#OPEN_ALL}} checked{{/OPEN_ALL}}> 所有注册志愿者</label>
<label class="radio"><input type="radio" name="open_to" value="area"{{#OPEN_AREA}} checked{{/OPEN_AREA}}> 住在举办站点及所辖站点的志愿者</label>
<label class="radio"><input type="radio" name="open_to" value="team"{{#OPEN_TEAM}} checked{{/OPEN_TEAM}}> 只限一支服务队</label>
{{#E_OPEN_TO}}<p class="err" id="e-open_to">{{MSG}}</p>{{/E_OPEN_TO}}
</fieldset>
<div class="field{{#E_TEAM}} invalid{{/E_TEAM}}">
<label for="f-team">服务队（只限一支服务队时）</label>
<select id="f-team" name="team"{{#E_TEAM}} aria-invalid="true" aria-describedby="e-team"{{/E_TEAM}}>
<option value="">请选择</option>
{{#TEAM_OPT}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/TEAM_OPT}}</select>
{{#E_TEAM}}<p class="err" id="e-team">{{MSG}}</p>{{/E_TEAM}}
</div>{{/CHOOSE_OPEN_TO}}
<p><button class="button" type="submit">发布活动</button></p>
</form>
