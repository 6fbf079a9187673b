{{%AUTOESCAPE context="HTML"}}<p><a href="/v/me">← 我的服务记录</a> · <a href="/v/me/points">我的积分</a></p>
<h1>积分兑换</h1>
{{#ERROR}}<div class="errors" role="alert"><p>{{MSG}}</p></div>{{/ERROR}}
<ul class="figures">
<li><strong>{{BALANCE}}</strong><span>可用积分</span></li>
<li><strong>{{HELD}}</strong><span>已兑换和待领取</span></li>
</ul>
<p class="note">积分按已确认的服务时长计算，每小时 {{PER_HOUR}} 分。这里列出{{ORG}}、所属实践所和中心上架且有库存的物品。申请后积分即被预扣，到物品所在的阵地出示志愿者编号领取。</p>
{{#EMPTY}}<p class="note">现在没有可兑换的物品。</p>{{/EMPTY}}
<ul class="rows">
{{#GOODS}}<li>
<p><strong>{{NAME}}</strong> · {{POINTS}} 分</p>
<p>{{PLACE}} · 库存 {{STOCK}} 件</p>
{{#NOTE}}<p class="pre">{{NOTE:pre_escape}}</p>{{/NOTE}}
{{#AFFORD}}<form method="post" action="/v/goods/{{ID}}/ask"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button" type="submit" aria-label="用 {{POINTS}} 积分兑换{{NAME}}">兑换</button></form>{{/AFFORD}}
{{#SHORT}}<p class="note">积分不够，还差 {{NEED}} 分。</p>{{/SHORT}}
</li>
{{/GOODS}}</ul>
