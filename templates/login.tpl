{{%AUTOESCAPE context="HTML"}}<h1>{{HEADING}}</h1>
{{#STAFF}}<p class="lead">中心、所、站工作人员和志愿服务队队长在这里登录工作台。群众提交和查询申请不需要登录。</p>{{/STAFF}}
{{#VOLUNTEER}}<p class="lead">用申请时的手机号和密码登录，查看和接下任务。还不是志愿者？<a href="/volunteer/join">申请加入</a></p>{{/VOLUNTEER}}
{{#HAS_MESSAGE}}<div class="notice" role="alert"><p>{{MESSAGE}}</p></div>{{/HAS_MESSAGE}}
<form class="form narrow" method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="next" value="{{NEXT}}">
<div class="field">
<label for="f-login">{{LABEL}}</label>
<input id="f-login" name="login" type="text" maxlength="64" autocomplete="{{AUTOCOMPLETE}}" autocapitalize="none" spellcheck="false" value="{{LOGIN}}">
</div>
<div class="field">
<label for="f-password">密码</label>
<input id="f-password" name="password" type="password" maxlength="128" autocomplete="current-password">
</div>
{{#VOLUNTEER}}<div class="field check"><input id="f-remember" name="remember" type="checkbox" value="1"><label for="f-remember">在这部手机上保持登录（7天内不用再登录；公用电脑请勿勾选）</label></div>{{/VOLUNTEER}}
<p><button class="button" type="submit">登录</button></p>
</form>
{{#CODE_LOGIN}}<p><a class="button secondary" href="{{CODE_LOGIN_URL}}">用短信验证码登录</a></p>{{/CODE_LOGIN}}
<p class="note">{{#STAFF}}忘记密码请联系中心管理员重设。{{/STAFF}}连续输错多次后需要等待一段时间才能再试。</p>
