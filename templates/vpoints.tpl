{{%AUTOESCAPE context="HTML"}}<p><a href="/v/me">← 我的服务记录</a> · <a href="/v/goods">积分兑换</a></p>
<h1>我的积分</h1>
{{#HAS_NOTICE}}<div class="success" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#ERROR}}<div class="errors" role="alert"><p>{{MSG}}</p></div>{{/ERROR}}
<ul class="figures">
<li><strong>{{BALANCE}}</strong><span>可用积分</span></li>
<li><strong>{{EARNED}}</strong><span>累计获得</span></li>
<li><strong>{{HELD}}</strong><span>已兑换和待领取</span></li>
</ul>
<p class="note">累计获得：已确认的服务时长 {{HOURS}} 小时，每小时 {{PER_HOUR}} 分。可用积分 = 累计获得 − 已兑换和待领取。取消的兑换积分已退回。</p>
<h2>兑换记录</h2>
{{#EMPTY}}<p class="note">还没有兑换过。<a href="/v/goods">看看能兑换什么</a></p>{{/EMPTY}}
<ul class="rows">
{{#EXCHANGE}}<li>
<p><strong>{{GOODS}}</strong> · {{#SPENT}}−{{/SPENT}}{{#CAN_CANCEL}}−{{/CAN_CANCEL}}{{POINTS}} 分 <span class="state state-{{STATE_KEY}}">{{STATE}}</span></p>
<p>{{PLACE}} · 申请于 {{ASKED}}{{#REASON}} · 取消原因：{{REASON}}{{/REASON}}</p>
{{#CAN_CANCEL}}<form method="post" action="/v/exchanges/{{ID}}/cancel"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit" aria-label="取消兑换{{GOODS}}，退回积分">取消兑换</button></form>{{/CAN_CANCEL}}
</li>
{{/EXCHANGE}}</ul>
