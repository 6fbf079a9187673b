{{%AUTOESCAPE context="HTML"}}<h1>我的服务记录</h1>
<p class="lead">{{NAME}}{{#PARTY}} <span class="tag">党员志愿者</span>{{/PARTY}} · 志愿者编号 {{NUMBER}}</p>
<ul class="figures">
<li><strong>{{HOURS}}</strong><span>已确认时长（小时）</span></li>
<li><strong>{{POINTS}}</strong><span>积分</span></li>
<li><strong>{{PENDING}}</strong><span>待确认（小时）</span></li>
</ul>
<p class="note">积分按已确认的服务时长计算，每小时 {{PER_HOUR}} 分。时长由组织方确认后计入（谁组织谁记录）。</p>
<h2>按月统计</h2>
<ul class="tags">{{#MONTH}}<li>{{MONTH}}：{{HOURS}} 小时</li>{{/MONTH}}</ul>
<h2>服务记录</h2>
<ul class="rows">
{{#RECORD}}<li><p>{{DATE}} · {{SERVICE}} · {{HOURS}} 小时 {{#CONFIRMED}}<span class="state state-completed">已确认</span>{{/CONFIRMED}}{{#PENDING}}<span class="state">待确认</span>{{/PENDING}}{{#CORRECTED}} <span class="tag">已更正</span>{{/CORRECTED}}</p><p class="pre">{{WHAT}}</p></li>
{{/RECORD}}</ul>
<h2>志愿服务记录证明</h2>
<p>证明由朔城区新时代文明实践中心出具，列出您已确认的服务记录，附核验码，任何人都可以在网上核验。</p>
<form method="post" action="/v/me/certificate"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button" type="submit">开具证明</button></form>
