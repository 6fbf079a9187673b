{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/admin/users">工作人员账号</a> · <a href="/admin/services">服务菜单</a></p>
<h1>服务队管理</h1>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#ADD}}<section aria-labelledby="h-add">
<h2 id="h-add">添加服务队</h2>
{{#HAS_ERROR}}<div class="errors" role="alert"><p>{{ERROR}}</p></div>{{/HAS_ERROR}}
<form class="form" method="post" action="/admin/teams" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="a-name">名称</label><input id="a-name" name="name" type="text" maxlength="40" value="{{V_NAME}}"></div>
<div class="field"><label for="a-kind">类别</label><select id="a-kind" name="kind">{{#KIND_OPT}}<option value="{{KCODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{KNAME}}</option>{{/KIND_OPT}}</select></div>
<div class="field"><label for="a-area">服务范围</label><select id="a-area" name="area"><option value="{{CENTER_ID}}"{{#CENTER_SELECTED}} selected{{/CENTER_SELECTED}}>全区</option>{{#AREA_OPT}}<option value="{{AID}}"{{#SELECTED}} selected{{/SELECTED}}>{{ANAME}}</option>{{/AREA_OPT}}</select></div>
<fieldset class="field"><legend>专长平台（派单时据此推荐）</legend>{{#PLATFORM_OPT}}<label class="radio"><input type="checkbox" name="platform" value="{{PCODE}}"{{#CHECKED}} checked{{/CHECKED}}> {{PNAME}}</label>{{/PLATFORM_OPT}}</fieldset>
<p><button class="button" type="submit">添加</button></p>
</form>
</section>{{/ADD}}
<section aria-labelledby="h-list">
<h2 id="h-list">现有服务队</h2>
<ul class="rows">
{{#TEAM}}<li><details{{#OPEN}} open{{/OPEN}}><summary><strong>{{NAME}}</strong> · {{KIND_LABEL}} · {{AREA_NAME}}{{#DEMO}} <span class="tag">演示</span>{{/DEMO}}{{#STOOD_DOWN}} <span class="state state-cancelled">已停用</span>{{/STOOD_DOWN}}</summary>
{{#HAS_ROW_ERROR}}<div class="errors" role="alert"><p>{{ROW_ERROR}}</p></div>{{/HAS_ROW_ERROR}}
<form class="form" method="post" action="/admin/teams/{{ID}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="n-{{ID}}">名称</label><input id="n-{{ID}}" name="name" type="text" maxlength="40" value="{{NAME}}"></div>
<div class="field"><label for="k-{{ID}}">类别</label><select id="k-{{ID}}" name="kind">{{#KIND_OPT}}<option value="{{KCODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{KNAME}}</option>{{/KIND_OPT}}</select></div>
<div class="field"><label for="r-{{ID}}">服务范围</label><select id="r-{{ID}}" name="area"><option value="{{CENTER_ID}}"{{#CENTER_SELECTED}} selected{{/CENTER_SELECTED}}>全区</option>{{#AREA_OPT}}<option value="{{AID}}"{{#SELECTED}} selected{{/SELECTED}}>{{ANAME}}</option>{{/AREA_OPT}}</select></div>
<fieldset class="field"><legend>专长平台</legend>{{#PLATFORM_OPT}}<label class="radio"><input type="checkbox" name="platform" value="{{PCODE}}"{{#CHECKED}} checked{{/CHECKED}}> {{PNAME}}</label>{{/PLATFORM_OPT}}</fieldset>
<div class="field check"><input id="x-{{ID}}" name="active" type="checkbox" value="1"{{#ACTIVE}} checked{{/ACTIVE}}><label for="x-{{ID}}">在役（取消勾选即停用，不再出现在派单列表中）</label></div>
<p><button class="button secondary" type="submit">保存</button></p>
</form></details></li>
{{/TEAM}}</ul>
</section>
