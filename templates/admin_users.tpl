{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/admin/teams">服务队</a> · <a href="/admin/services">服务菜单</a></p>
<h1>工作人员账号</h1>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
<section aria-labelledby="h-add">
<h2 id="h-add">添加账号</h2>
{{#HAS_ERROR}}<div class="errors" role="alert"><p>{{ERROR}}</p></div>{{/HAS_ERROR}}
<form class="form" method="post" action="/admin/users" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="f-login">账号（登录名）</label><input id="f-login" name="login" type="text" maxlength="64" autocapitalize="none" value="{{V_LOGIN}}"></div>
<div class="field"><label for="f-name">姓名</label><input id="f-name" name="name" type="text" maxlength="20" value="{{V_NAME}}"></div>
<div class="field"><label for="f-role">角色</label><select id="f-role" name="role">{{#ROLE_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/ROLE_OPT}}</select>
<p class="hint">管理员和中心调度员负责全区；实践所工作人员负责本所及所属各站；实践站工作人员负责本站；队长负责本队任务。</p></div>
<div class="field"><label for="f-inst">实践所（实践所工作人员填）</label><select id="f-inst" name="org_institute"><option value="">—</option>{{#PLACE_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PLACE_OPT}}</select></div>
<div class="field"><label for="f-station">实践站（实践站工作人员填）</label><select id="f-station" name="org_station"><option value="">—</option>{{#STATION_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{GROUP}} · {{NAME}}</option>{{/STATION_OPT}}</select></div>
<div class="field"><label for="f-team">服务队（队长填）</label><select id="f-team" name="team"><option value="">—</option>{{#TEAM_OPT}}<option value="{{NAME}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/TEAM_OPT}}</select></div>
<div class="field"><label for="f-pw">初始密码</label><input id="f-pw" name="password" type="password" maxlength="128" autocomplete="new-password"><p class="hint">至少10个字符，不能是常见密码。请当面告诉本人。</p></div>
<p><button class="button" type="submit">添加</button></p>
</form>
</section>
<section aria-labelledby="h-list">
<h2 id="h-list">全部账号</h2>
<ul class="rows">
{{#USER}}<li><p><strong>{{NAME}}</strong> <code>{{LOGIN}}</code> · {{ROLE}} · {{PLACE}} {{#DISABLED}}<span class="state state-cancelled">已停用</span>{{/DISABLED}}</p>
<form method="post" action="/admin/users/{{ID}}/{{#ACTIVE}}disable{{/ACTIVE}}{{#DISABLED}}enable{{/DISABLED}}"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">{{#ACTIVE}}停用{{/ACTIVE}}{{#DISABLED}}启用{{/DISABLED}}</button></form></li>
{{/USER}}</ul>
</section>
