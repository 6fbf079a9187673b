{{%AUTOESCAPE context="HTML"}}<p><a href="/desk/activities">← 活动管理</a></p>
<h1>{{TITLE}}</h1>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#CANCELLED}}<p class="notice">这个活动已取消。</p>{{/CANCELLED}}
<dl class="summary">
<dt>时间</dt><dd>{{DATE}} {{TIME}}</dd>
<dt>地点</dt><dd>{{SITE}}{{#HAS_PLACE}} · {{PLACE}}{{/HAS_PLACE}}</dd>
<dt>平台</dt><dd>{{PLATFORM}}{{#HAS_PROJECT}} · {{PROJECT}}{{/HAS_PROJECT}}</dd>
<dt>报名范围</dt><dd>{{OPEN_TO}}</dd>
<dt>人数</dt><dd>已报名 {{N_SIGNED}} / 上限 {{CAPACITY}}，已签到 {{N_IN}}，已签退 {{N_OUT}}</dd>
</dl>
<p><a href="/activities/{{ID}}">查看公开的活动页面</a></p>
{{#CAN_SHOW_QR}}<section aria-labelledby="h-qr">
<h2 id="h-qr">扫码签到、签退</h2>
<p>在手机或大屏上打开签到码，志愿者用手机相机扫码即可签到；活动结束时打开签退码。码每分钟更换，截图或转发的旧码无效。</p>
<p><a class="button" href="/desk/activities/{{ID}}/qr/in">显示签到码</a> <a class="button secondary" href="/desk/activities/{{ID}}/qr/out">显示签退码</a></p>
</section>{{/CAN_SHOW_QR}}
{{#FENGCAI_NEW}}<section aria-labelledby="h-fengcai">
<h2 id="h-fengcai">活动风采</h2>
<p>活动已结束。写几段文字、配上照片（最多9张），发布后显示在活动页面和门户的工作动态中。</p>
<p><a class="button" href="/desk/news/new?activity={{ID}}">发布活动风采</a></p>
</section>{{/FENGCAI_NEW}}
{{#FENGCAI_EDIT}}<section aria-labelledby="h-fengcai">
<h2 id="h-fengcai">活动风采</h2>
<p>{{#F_DRAFT}}<span class="state">草稿</span> {{/F_DRAFT}}{{#F_PUBLISHED}}<span class="state state-completed">已发布</span> {{/F_PUBLISHED}}<a href="/desk/news/{{NEWS_ID}}">{{NEWS_TITLE}}</a>{{#F_DRAFT}}（公众还看不到，检查无误后发布）{{/F_DRAFT}}</p>
<p><a class="button secondary" href="/desk/news/{{NEWS_ID}}">修改活动风采</a></p>
</section>{{/FENGCAI_EDIT}}
{{#FENGCAI_LATER}}<p class="note">活动结束后，可以在这里发布活动风采（文字和照片）。</p>{{/FENGCAI_LATER}}
<section aria-labelledby="h-signups">
<h2 id="h-signups">报名和签到</h2>
{{#NO_SIGNUPS}}<p class="note">还没有人报名。</p>{{/NO_SIGNUPS}}
<div class="scroll" tabindex="0" role="region" aria-label="报名和签到表"><table class="data">
<caption>报名的志愿者、签到签退时间和服务时长</caption>
<thead><tr><th scope="col">志愿者</th><th scope="col">状态</th><th scope="col">签到</th><th scope="col">签退</th><th scope="col">服务时长</th></tr></thead>
<tbody>
{{#SIGNUP}}<tr><td>{{NAME}}（{{NUMBER}}）</td><td>{{STATE}}</td><td>{{IN}}</td><td>{{OUT}}</td><td>{{#HAS_HOURS}}{{MINUTES}} 分钟，{{HOUR_STATUS}}{{#CAN_CONFIRM}}<form method="post" action="/desk/hours/{{HOUR_ID}}/confirm"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">确认{{NAME}}的时长</button></form>{{/CAN_CONFIRM}}{{/HAS_HOURS}}</td></tr>
{{/SIGNUP}}</tbody></table></div>
<p class="note">需要更正时长的，请到<a href="/desk/hours">服务时长确认</a>填写实际分钟数和原因。</p>
</section>
{{#CAN_CANCEL}}<details><summary>取消这个活动</summary>
<form method="post" action="/desk/activities/{{ID}}/cancel"><input type="hidden" name="csrf" value="{{CSRF}}">
<p>取消后活动页面会显示“已取消”，不能再报名和签到。</p>
<p><button class="button" type="submit">确认取消活动</button></p></form></details>{{/CAN_CANCEL}}
