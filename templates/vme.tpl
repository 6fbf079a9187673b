{{%AUTOESCAPE context="HTML"}}<h1>我的服务记录</h1>
{{#HAS_NOTICE}}<div class="success" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
<p class="lead">{{NAME}}{{#PARTY}} <span class="tag">党员志愿者</span>{{/PARTY}} · 志愿者编号 {{NUMBER}}</p>
{{#STARS}}<p class="stars">{{#HAS_STARS}}<span aria-hidden="true">{{GLYPHS}}</span> <strong>{{TITLE}}</strong>{{/HAS_STARS}}{{#NO_STARS}}尚未评星{{/NO_STARS}}{{#HAS_NEXT}}：再服务 {{TO_NEXT}} 小时可评为{{NEXT_TITLE}}{{/HAS_NEXT}}{{#TOP}}：已是最高星级{{/TOP}}。</p>{{/STARS}}
<ul class="figures">
<li><strong>{{HOURS}}</strong><span>已确认时长（小时）</span></li>
<li><strong>{{POINTS}}</strong><span>积分</span></li>
<li><strong>{{PENDING}}</strong><span>待确认（小时）</span></li>
</ul>
<p class="note">积分按已确认的服务时长计算，每小时 {{PER_HOUR}} 分。时长由组织方确认后计入（谁组织谁记录）。</p>
{{#SPENT}}<p class="note">累计获得 {{EARNED}} 分，兑换已用或待领取 {{HELD}} 分；上面是可用积分。</p>{{/SPENT}}
<p class="note">星级按经组织方确认的累计服务时长评定。</p>
<p><a href="/v/goods">积分兑换</a> · <a href="/v/me/points">积分明细</a> · <a href="/v/me/hours.csv" download>导出我的服务记录（CSV）</a></p>
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
<h2 id="messages">消息设置</h2>
<p>派给您服务队的任务、报名活动的提醒、时长确认等消息都会发到“消息”里；开通短信后也会发到您的手机。</p>
<form class="form narrow" method="post" action="/v/me/messages" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint" id="h-broadcasts">附近有等待志愿者抢单的任务时，先通知住得近的志愿者。不接收的话，派给本队的任务和催办仍会通知您。</p>
<div class="field check"><input id="f-broadcasts" name="broadcasts" type="checkbox" value="1" aria-describedby="h-broadcasts"{{#BROADCASTS}} checked{{/BROADCASTS}}><label for="f-broadcasts">接收附近的抢单通知</label></div>
<fieldset><legend>免打扰时段</legend>
<p class="hint" id="h-quiet">这段时间里不给您发短信，到时段结束再发；站内消息照常收到。两项都留空就用默认时段（{{QUIET_DEFAULT}}）。按“时:分”填写，例如 22:00 到 07:30。</p>
<div class="field{{#E_QUIET_FROM}} invalid{{/E_QUIET_FROM}}"><label for="f-quiet-from">开始</label>
<input id="f-quiet-from" name="quiet_from" type="text" inputmode="numeric" maxlength="5" autocomplete="off" placeholder="{{QUIET_FROM_HINT}}" value="{{QUIET_FROM}}" aria-describedby="{{#E_QUIET_FROM}}e-quiet-from {{/E_QUIET_FROM}}h-quiet"{{#E_QUIET_FROM}} aria-invalid="true"{{/E_QUIET_FROM}}>
{{#E_QUIET_FROM}}<p class="err" id="e-quiet-from">{{MSG}}</p>{{/E_QUIET_FROM}}</div>
<div class="field{{#E_QUIET_TO}} invalid{{/E_QUIET_TO}}"><label for="f-quiet-to">结束</label>
<input id="f-quiet-to" name="quiet_to" type="text" inputmode="numeric" maxlength="5" autocomplete="off" placeholder="{{QUIET_TO_HINT}}" value="{{QUIET_TO}}" aria-describedby="{{#E_QUIET_TO}}e-quiet-to {{/E_QUIET_TO}}h-quiet"{{#E_QUIET_TO}} aria-invalid="true"{{/E_QUIET_TO}}>
{{#E_QUIET_TO}}<p class="err" id="e-quiet-to">{{MSG}}</p>{{/E_QUIET_TO}}</div>
</fieldset>
<p><button class="button" type="submit">保存消息设置</button></p>
</form>
<h2>志愿服务记录证明</h2>
<p>证明由朔城区新时代文明实践中心出具，列出您已确认的服务记录，附核验码，任何人都可以在网上核验。</p>
<form method="post" action="/v/me/certificate"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button" type="submit">开具证明</button></form>
