{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>志愿者申请审核</h1>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#EMPTY}}<p class="note">没有等待审核的申请。</p>{{/EMPTY}}
<ul class="rows">
{{#APPLICANT}}<li>
<p><strong>{{NAME}}</strong>{{#PARTY}} <span class="tag">党员</span>{{/PARTY}} · {{PHONE}} · {{PLACE}}</p>
<p>服务队：{{TEAMS}}</p>
<p>平台：{{PLATFORMS}}</p>
<p class="meta">申请时间 {{WHEN}}</p>
<form class="form act" method="post" action="/desk/volunteers/{{ID}}/approve"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button" type="submit">通过</button></form>
<form class="form act" method="post" action="/desk/volunteers/{{ID}}/reject" novalidate><input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="r-{{ID}}">不通过的原因</label><textarea id="r-{{ID}}" name="reason" rows="2" maxlength="200">{{TYPED}}</textarea>
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}</div>
<button class="button secondary" type="submit">不通过</button></form>
</li>
{{/APPLICANT}}</ul>
