{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/admin/users">工作人员账号</a> · <a href="/admin/teams">服务队</a></p>
<h1>服务菜单管理</h1>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#ADD}}<section aria-labelledby="h-add">
<h2 id="h-add">添加服务</h2>
{{#HAS_ERROR}}<div class="errors" role="alert"><p>{{ERROR}}</p></div>{{/HAS_ERROR}}
<form class="form" method="post" action="/admin/services" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="a-code">代码（英文，也是 Open311 的 service_code）</label><input id="a-code" name="code" type="text" maxlength="40" autocapitalize="none" value="{{V_CODE}}"></div>
<div class="field"><label for="a-name">名称</label><input id="a-name" name="name" type="text" maxlength="60" value="{{V_NAME}}"></div>
<div class="field"><label for="a-platform">平台</label><select id="a-platform" name="platform">{{#PLATFORM_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PLATFORM_OPT}}</select></div>
<div class="field"><label for="a-summary">说明</label><textarea id="a-summary" name="summary" rows="2" maxlength="200">{{V_SUMMARY}}</textarea></div>
<div class="field"><label for="a-due">默认办理期限（小时）</label><input id="a-due" name="due" type="text" inputmode="numeric" maxlength="4" value="{{V_DUE}}"></div>
<div class="field{{#E_ESC}} invalid{{/E_ESC}}"><label for="a-esc">督办时限（小时）</label><input id="a-esc" name="escalate" type="text" inputmode="numeric" maxlength="4" value="{{V_ESC}}" aria-describedby="{{#E_ESC}}e-a-esc {{/E_ESC}}h-a-esc"{{#E_ESC}} aria-invalid="true"{{/E_ESC}}>
{{#E_ESC}}<p class="err" id="e-a-esc">{{MSG}}</p>{{/E_ESC}}<p class="hint" id="h-a-esc">派单或发布后超过这么多小时仍无人接单，先提醒所，再过同样时间提醒中心（督办）。1到720小时。</p></div>
<p><button class="button" type="submit">添加</button></p>
</form>
</section>{{/ADD}}
<section aria-labelledby="h-list">
<h2 id="h-list">现有服务</h2>
<ul class="rows">
{{#SERVICE}}<li><details{{#OPEN}} open{{/OPEN}}><summary><strong>{{NAME}}</strong> <code>{{CODE}}</code> · {{PLATFORM_NAME}} · 期限 {{DUE}} 小时 · 督办 {{ESC_NOW}} 小时{{#RETIRED}} <span class="state state-cancelled">已停用</span>{{/RETIRED}}</summary>
{{#HAS_ROW_ERROR}}<div class="errors" role="alert"><p>{{ROW_ERROR}}</p></div>{{/HAS_ROW_ERROR}}
<form class="form" method="post" action="/admin/services/{{CODE}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="n-{{CODE}}">名称</label><input id="n-{{CODE}}" name="name" type="text" maxlength="60" value="{{NAME}}"></div>
<div class="field"><label for="p-{{CODE}}">平台</label><select id="p-{{CODE}}" name="platform">{{#PLATFORM_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PLATFORM_OPT}}</select></div>
<div class="field"><label for="s-{{CODE}}">说明</label><textarea id="s-{{CODE}}" name="summary" rows="2" maxlength="200">{{SUMMARY}}</textarea></div>
<div class="field"><label for="d-{{CODE}}">默认办理期限（小时）</label><input id="d-{{CODE}}" name="due" type="text" inputmode="numeric" maxlength="4" value="{{DUE}}"></div>
<div class="field{{#E_ESC}} invalid{{/E_ESC}}"><label for="e-{{CODE}}">督办时限（小时）</label><input id="e-{{CODE}}" name="escalate" type="text" inputmode="numeric" maxlength="4" value="{{ESC}}" aria-describedby="{{#E_ESC}}err-esc-{{CODE}} {{/E_ESC}}h-esc-{{CODE}}"{{#E_ESC}} aria-invalid="true"{{/E_ESC}}>
{{#E_ESC}}<p class="err" id="err-esc-{{CODE}}">{{MSG}}</p>{{/E_ESC}}<p class="hint" id="h-esc-{{CODE}}">派单或发布后超过这么多小时仍无人接单，先提醒所，再过同样时间提醒中心。1到720小时。</p></div>
<div class="field check"><input id="x-{{CODE}}" name="active" type="checkbox" value="1"{{#ACTIVE}} checked{{/ACTIVE}}><label for="x-{{CODE}}">在服务菜单中提供（取消勾选即停用，已有申请不受影响）</label></div>
<p><button class="button secondary" type="submit">保存</button></p>
</form></details></li>
{{/SERVICE}}</ul>
</section>
