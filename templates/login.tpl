{{%AUTOESCAPE context="HTML"}}<h1>工作人员登录</h1>
<p class="lead">中心、所、站工作人员和志愿服务队队长在这里登录工作台。群众提交和查询申请不需要登录。</p>
{{#HAS_MESSAGE}}<div class="notice" role="alert"><p>{{MESSAGE}}</p></div>{{/HAS_MESSAGE}}
<form class="form narrow" method="post" action="/login" novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="next" value="{{NEXT}}">
<div class="field">
<label for="f-login">账号</label>
<input id="f-login" name="login" type="text" maxlength="64" autocomplete="username" autocapitalize="none" spellcheck="false" value="{{LOGIN}}">
</div>
<div class="field">
<label for="f-password">密码</label>
<input id="f-password" name="password" type="password" maxlength="128" autocomplete="current-password">
</div>
<p><button class="button" type="submit">登录</button></p>
</form>
<p class="note">忘记密码请联系中心管理员重设。连续输错多次后需要等待一段时间才能再试。</p>
