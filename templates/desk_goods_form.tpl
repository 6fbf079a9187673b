{{%AUTOESCAPE context="HTML"}}<p><a href="/desk/goods">← 返回兑换物品</a></p>
<h1>{{#NEW}}添加兑换物品{{/NEW}}{{#EDIT}}修改兑换物品{{/EDIT}}</h1>
<p class="lead">阵地：{{PLACE}}。志愿者用积分兑换；交付时库存减少1件，库存为0时志愿者不能再申请。</p>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#HAS_ERRORS}}<div class="errors" role="alert" id="errors">
<p>有 {{NERRORS}} 处需要修改，您填写的内容都已保留，还没有保存：</p>
<ul>{{#ERROR_ITEM}}<li><a href="#f-{{FIELD}}">{{LABEL}}：{{MSG}}</a></li>{{/ERROR_ITEM}}</ul>
</div>{{/HAS_ERRORS}}
<form class="form" method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#E_NAME}} invalid{{/E_NAME}}">
<label for="f-name">名称</label>
<input id="f-name" name="name" type="text" maxlength="40" value="{{V_NAME}}" aria-describedby="h-name{{#E_NAME}} e-name{{/E_NAME}}"{{#E_NAME}} aria-invalid="true"{{/E_NAME}}>
<p class="hint" id="h-name">最多40个字，如：洗衣液一瓶、理发一次。</p>
{{#E_NAME}}<p class="err" id="e-name">{{MSG}}</p>{{/E_NAME}}
</div>
<div class="field{{#E_NOTE}} invalid{{/E_NOTE}}">
<label for="f-note">说明（可不填）</label>
<textarea id="f-note" name="note" rows="3" maxlength="200" aria-describedby="h-note{{#E_NOTE}} e-note{{/E_NOTE}}"{{#E_NOTE}} aria-invalid="true"{{/E_NOTE}}>{{V_NOTE}}</textarea>
<p class="hint" id="h-note">最多200个字，如规格、领取时间和地点。</p>
{{#E_NOTE}}<p class="err" id="e-note">{{MSG}}</p>{{/E_NOTE}}
</div>
<div class="field{{#E_POINTS}} invalid{{/E_POINTS}}">
<label for="f-points">所需积分</label>
<input id="f-points" name="points" type="text" inputmode="numeric" maxlength="6" value="{{V_POINTS}}" aria-describedby="h-points{{#E_POINTS}} e-points{{/E_POINTS}}"{{#E_POINTS}} aria-invalid="true"{{/E_POINTS}}>
<p class="hint" id="h-points">1到100000之间的整数。</p>
{{#E_POINTS}}<p class="err" id="e-points">{{MSG}}</p>{{/E_POINTS}}
</div>
<div class="field{{#E_STOCK}} invalid{{/E_STOCK}}">
<label for="f-stock">库存（件）</label>
<input id="f-stock" name="stock" type="text" inputmode="numeric" maxlength="7" value="{{V_STOCK}}" aria-describedby="h-stock{{#E_STOCK}} e-stock{{/E_STOCK}}"{{#E_STOCK}} aria-invalid="true"{{/E_STOCK}}>
<p class="hint" id="h-stock">现有的件数，0表示暂时没有。</p>
{{#E_STOCK}}<p class="err" id="e-stock">{{MSG}}</p>{{/E_STOCK}}
</div>
<div class="field check"><input id="f-active" name="active" type="checkbox" value="1"{{#ACTIVE}} checked{{/ACTIVE}}><label for="f-active">上架（志愿者能看到并申请兑换）</label></div>
<p><button class="button" type="submit">保存</button></p>
</form>
