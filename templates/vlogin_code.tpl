{{%AUTOESCAPE context="HTML"}}<h1>志愿者登录：短信验证码</h1>
{{#OFF}}<div class="notice" role="alert"><p>短信服务还没有开通，暂时不能用验证码登录。请用手机号和密码登录。</p></div>
<p><a class="button" href="{{PASSWORD_URL}}">用密码登录</a></p>{{/OFF}}
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#PHONE_STEP}}<p class="lead">输入申请志愿者时填写的手机号，我们发一条短信验证码到这个手机，用它登录，不需要密码。</p>
<form class="form narrow" method="post" action="/v/login/code" novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="next" value="{{NEXT}}">
<div class="field{{#E_PHONE}} invalid{{/E_PHONE}}">
<label for="f-phone">手机号码</label>
<input id="f-phone" name="phone" type="tel" inputmode="tel" maxlength="24" autocomplete="tel" value="{{PHONE}}"{{#E_PHONE}} aria-invalid="true" aria-describedby="e-phone"{{/E_PHONE}}>
{{#E_PHONE}}<p class="err" id="e-phone">{{MSG}}</p>{{/E_PHONE}}
</div>
<p><button class="button" type="submit">发送验证码</button></p>
</form>{{/PHONE_STEP}}
{{#CODE_STEP}}<form class="form narrow" method="post" action="/v/login/code/check" novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="next" value="{{NEXT}}">
<input type="hidden" name="phone" value="{{PHONE}}">
<div class="field{{#E_CODE}} invalid{{/E_CODE}}">
<label for="f-code">短信验证码（发送到手机 {{MASKED}}）</label>
<input id="f-code" name="sms_code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12" value="{{CODE}}" aria-describedby="h-code{{#E_CODE}} e-code{{/E_CODE}}"{{#E_CODE}} aria-invalid="true"{{/E_CODE}}>
<p class="hint" id="h-code">这个手机号是已通过审核的志愿者的，验证码就会发到这个手机：6位数字，10分钟内有效。</p>
{{#E_CODE}}<p class="err" id="e-code">{{MSG}}</p>{{/E_CODE}}
</div>
<div class="field check"><input id="f-remember" name="remember" type="checkbox" value="1"{{#REMEMBER}} checked{{/REMEMBER}}><label for="f-remember">在这部手机上保持登录（7天内不用再登录；公用电脑请勿勾选）</label></div>
<p><button class="button" type="submit">登录</button></p>
</form>
<form method="post" action="/v/login/code" novalidate>
<input type="hidden" name="nonce" value="{{NONCE}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="next" value="{{NEXT}}">
<input type="hidden" name="phone" value="{{PHONE}}">
<p><button class="button secondary" type="submit">重新发送验证码</button> <a href="{{CHANGE_URL}}">换一个手机号</a></p>
</form>{{/CODE_STEP}}
{{#ON}}<p class="note">收不到短信？<a href="{{PASSWORD_URL}}">用手机号和密码登录</a>。每个手机每天能收到的验证码有限，一个验证码输错5次后要重新获取。</p>{{/ON}}
