{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/desk/exchanges">兑换记录和交付</a></p>
<h1>积分兑换物品</h1>
<p class="lead">爱心超市：志愿者用服务时长换来的积分，可以兑换本阵地上架的物品或服务。志愿者能看到自己所在的站、所和中心上架且有库存的物品；在“兑换记录”里输入志愿者编号交付，库存随之减少。</p>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#LEADER}}<p class="note">服务队队长不管理兑换物品，由所在阵地的工作人员管理。</p>{{/LEADER}}
{{#CAN_ADD}}<p><a class="button" href="/desk/goods/new">添加物品</a></p>{{/CAN_ADD}}
<div class="scroll" tabindex="0" role="region" aria-label="兑换物品"><table class="data"><caption>兑换物品</caption>
<thead><tr><th scope="col">名称</th><th scope="col">阵地</th><th scope="col">所需积分</th><th scope="col">库存</th><th scope="col">状态</th></tr></thead>
<tbody>{{#GOODS}}<tr><td><a href="/desk/goods/{{ID}}">{{NAME}}</a></td><td>{{PLACE}}</td><td>{{POINTS}}</td><td>{{STOCK}}{{#NO_STOCK}} <span class="tag">已兑完</span>{{/NO_STOCK}}</td><td>{{#ACTIVE}}上架{{/ACTIVE}}{{#INACTIVE}}已下架{{/INACTIVE}}</td></tr>
{{/GOODS}}</tbody></table></div>
