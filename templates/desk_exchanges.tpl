{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/desk/goods">兑换物品</a></p>
<h1>积分兑换记录</h1>
<p class="lead">志愿者申请兑换后积分即被预扣。志愿者来领取时，扫描或输入志愿者编号（也可以输入手机号码），核对后点“交付”，库存减少1件；取消兑换会把积分退回志愿者，已交付的还会放回库存。</p>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#ERROR}}<div class="errors" role="alert"><p>{{MSG}}</p></div>{{/ERROR}}
<form class="form narrow" method="get" action="/desk/exchanges" novalidate>
<div class="field{{#E_WHO}} invalid{{/E_WHO}}"><label for="f-who">志愿者编号或手机号码</label>
<input id="f-who" name="who" type="text" maxlength="24" autocomplete="off" value="{{V_WHO}}" aria-describedby="h-who{{#E_WHO}} e-who{{/E_WHO}}"{{#E_WHO}} aria-invalid="true"{{/E_WHO}}>
<p class="hint" id="h-who">如 SC2026000123，或11位手机号码。</p>
{{#E_WHO}}<p class="err" id="e-who">{{MSG}}</p>{{/E_WHO}}</div>
<p><button class="button" type="submit">查找待领取</button></p>
</form>
{{#FOUND}}<section aria-labelledby="h-found">
<h2 id="h-found">{{WHO}} 待领取的兑换</h2>
{{#NONE}}<p class="note">这位志愿者在您管理的阵地没有待领取的兑换。</p>{{/NONE}}
<ul class="rows">{{#MINE}}<li id="mx{{ID}}">
<p><strong>{{VOLUNTEER}}</strong>（{{NUMBER}}） · {{GOODS}} · {{POINTS}} 分 <span class="state state-{{STATE_KEY}}">{{STATE}}</span></p>
<p>{{PLACE}} · 申请于 {{ASKED}}{{#DONE}} · 交付于 {{DONE_AT}}{{/DONE}}{{#CANCELLED}} · {{BY}}取消于 {{CANCELLED_AT}}{{#REASON}}：{{REASON}}{{/REASON}}{{/CANCELLED}}</p>
{{#ASKED_STATE}}{{#NO_STOCK}}<p class="note">库存为0，补充库存后才能交付。</p>{{/NO_STOCK}}<form method="post" action="/desk/exchanges/{{ID}}/confirm"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="who" value="{{WHO}}"><button class="button" type="submit">交付</button></form>{{/ASKED_STATE}}
{{#CAN_CANCEL}}<details{{#OPEN}} open{{/OPEN}}><summary>取消兑换</summary>
<form class="form" method="post" action="/desk/exchanges/{{ID}}/cancel" novalidate><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="who" value="{{WHO}}">
<div class="field{{#E_REASON}} invalid{{/E_REASON}}"><label for="mr-{{ID}}">取消原因</label><textarea id="mr-{{ID}}" name="reason" rows="2" maxlength="200"{{#E_REASON}} aria-invalid="true" aria-describedby="me-{{ID}}"{{/E_REASON}}>{{V_REASON}}</textarea>
{{#E_REASON}}<p class="err" id="me-{{ID}}">{{MSG}}</p>{{/E_REASON}}</div>
<button class="button secondary" type="submit">取消并退回积分</button></form></details>{{/CAN_CANCEL}}
</li>
{{/MINE}}</ul>
</section>{{/FOUND}}
<h2>全部兑换（最近100条）</h2>
{{#EMPTY}}<p class="note">还没有兑换记录。</p>{{/EMPTY}}
<ul class="rows">{{#ROW}}<li id="x{{ID}}">
<p><strong>{{VOLUNTEER}}</strong>（{{NUMBER}}） · {{GOODS}} · {{POINTS}} 分 <span class="state state-{{STATE_KEY}}">{{STATE}}</span></p>
<p>{{PLACE}} · 申请于 {{ASKED}}{{#DONE}} · 交付于 {{DONE_AT}}{{/DONE}}{{#CANCELLED}} · {{BY}}取消于 {{CANCELLED_AT}}{{#REASON}}：{{REASON}}{{/REASON}}{{/CANCELLED}}</p>
{{#ASKED_STATE}}{{#NO_STOCK}}<p class="note">库存为0，补充库存后才能交付。</p>{{/NO_STOCK}}<form method="post" action="/desk/exchanges/{{ID}}/confirm"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="who" value="{{WHO}}"><button class="button" type="submit">交付</button></form>{{/ASKED_STATE}}
{{#CAN_CANCEL}}<details{{#OPEN}} open{{/OPEN}}><summary>取消兑换</summary>
<form class="form" method="post" action="/desk/exchanges/{{ID}}/cancel" novalidate><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="who" value="{{WHO}}">
<div class="field{{#E_REASON}} invalid{{/E_REASON}}"><label for="r-{{ID}}">取消原因</label><textarea id="r-{{ID}}" name="reason" rows="2" maxlength="200"{{#E_REASON}} aria-invalid="true" aria-describedby="e-{{ID}}"{{/E_REASON}}>{{V_REASON}}</textarea>
{{#E_REASON}}<p class="err" id="e-{{ID}}">{{MSG}}</p>{{/E_REASON}}</div>
<button class="button secondary" type="submit">取消并退回积分</button></form></details>{{/CAN_CANCEL}}
</li>
{{/ROW}}</ul>
