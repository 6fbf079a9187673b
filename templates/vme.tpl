{{%AUTOESCAPE context="HTML"}}<h1>我的服务记录</h1>
{{#HAS_NOTICE}}<div class="success" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
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
{{#RECORD}}<li><p>{{DATE}} · {{SERVICE}} · {{HOURS}} 小时 {{#CONFIRMED}}<span class="state state-completed">已确认</span>{{/CONFIRMED}}{{#PENDING}}<span class="state">待确认</span>{{/PENDING}}{{#CORRECTED}} <span class="tag">已更正</span>{{/CORRECTED}}</p><p class="pre">{{WHAT:pre_escape}}</p></li>
{{/RECORD}}</ul>
<h2 id="roll">光荣榜</h2>
<p>光荣榜按已确认的服务时长展示志愿者。只有您同意后才会上榜，榜上只显示您在这里设置的显示名，不显示真实姓名、电话或编号。可以随时撤回。<a href="/honour">查看光荣榜</a></p>
<form class="form narrow" method="post" action="/v/me/roll" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#HAS_ROLL_ERROR}} invalid{{/HAS_ROLL_ERROR}}"><label for="f-display">榜上显示名</label>
<input id="f-display" name="display_name" type="text" maxlength="20" autocomplete="nickname" value="{{DISPLAY_NAME}}" aria-describedby="{{#HAS_ROLL_ERROR}}e-display {{/HAS_ROLL_ERROR}}h-display"{{#HAS_ROLL_ERROR}} aria-invalid="true"{{/HAS_ROLL_ERROR}}>
{{#HAS_ROLL_ERROR}}<p class="err" id="e-display">{{ROLL_ERROR}}</p>{{/HAS_ROLL_ERROR}}<p class="hint" id="h-display">1–20个字，例如“李师傅”“马邑村小李”；不能含电话号码。</p></div>
<div class="field check"><input id="f-onroll" name="on_roll" type="checkbox" value="1"{{#ON_ROLL}} checked{{/ON_ROLL}}><label for="f-onroll">同意以这个显示名在光荣榜上展示我的服务时长</label></div>
<p><button class="button" type="submit">保存</button></p>
</form>
<h2>志愿服务记录证明</h2>
<p>证明由朔城区新时代文明实践中心出具，列出您已确认的服务记录，附核验码，任何人都可以在网上核验。</p>
<form method="post" action="/v/me/certificate"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button" type="submit">开具证明</button></form>
