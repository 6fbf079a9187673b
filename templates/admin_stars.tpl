{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/admin/users">工作人员账号</a> · <a href="/admin/teams">服务队</a> · <a href="/desk/members">志愿者名单</a></p>
<h1>星级志愿者标准</h1>
{{#HAS_NOTICE}}<div class="success" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
<p class="lead">志愿者按经组织方确认的累计服务时长评定星级，达到下面的小时数即为相应星级。</p>
<p>默认标准是《志愿服务记录办法》的全国标准：一星到五星依次为 {{NATIONAL}} 小时。各地可以按本地办法设定自己的标准，保存后志愿者页面、证明、核验页和志愿者名单上的星级随即按新标准显示。</p>
{{#DEFAULTS}}<p class="note">现在使用的是全国标准。</p>{{/DEFAULTS}}{{#CHANGED}}<p class="note">现在使用的是本地设定的标准（{{UPDATED}} 修改）。</p>{{/CHANGED}}
{{#HAS_ERRORS}}<div class="errors" role="alert"><p>标准没有保存，请按各项下面的提示修改。</p></div>{{/HAS_ERRORS}}
<form class="form narrow" method="post" action="/admin/stars" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint" id="h-stars">每项填 1 到 {{MAX}} 之间的整数（小时），星级越高，所需小时数越多。</p>
{{#LEVEL}}<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-s{{N}}">{{LABEL}}志愿者（小时）</label>
<input id="f-s{{N}}" name="s{{N}}" type="text" inputmode="numeric" maxlength="7" autocomplete="off" value="{{VALUE}}" aria-describedby="{{#HAS_ERROR}}e-s{{N}} {{/HAS_ERROR}}h-stars"{{#HAS_ERROR}} aria-invalid="true"{{/HAS_ERROR}}>
{{#HAS_ERROR}}<p class="err" id="e-s{{N}}">{{ERROR}}</p>{{/HAS_ERROR}}</div>
{{/LEVEL}}<p><button class="button" type="submit">保存星级标准</button></p>
</form>
