{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>站点信息</h1>
<p class="lead">{{SCOPE}}的 {{N}} 个站点中，{{COMPLETE}} 个已登记全部信息，{{LOCATED}} 个已登记位置。点站点名称可以登记或修改它的地址、开放时间、办公电话和位置，公开的站点页面和地图随即更新。</p>
<p>{{#ALL}}<a href="/desk/sites?missing=1">只看信息不全的</a>{{/ALL}}{{#ONLY_MISSING}}只列出信息不全的站点 · <a href="/desk/sites">看全部</a>{{/ONLY_MISSING}}</p>
{{#EMPTY}}<p class="note">没有需要列出的站点。</p>{{/EMPTY}}
<div class="scroll" tabindex="0" role="region" aria-label="站点"><table class="data"><caption>站点及其登记的信息</caption>
<thead><tr><th scope="col">站点</th><th scope="col">类型</th><th scope="col">上级</th><th scope="col">地址</th><th scope="col">开放时间</th><th scope="col">办公电话</th><th scope="col">位置</th></tr></thead>
<tbody>{{#SITE}}<tr><th scope="row"><a href="/desk/sites/{{ID}}">{{NAME}}</a>{{#DEMO}} <span class="demo">演示</span>{{/DEMO}}</th><td>{{KIND}}</td><td>{{PARENT}}</td><td>{{#HAS_ADDRESS}}已登记{{/HAS_ADDRESS}}{{#NO_ADDRESS}}未登记{{/NO_ADDRESS}}</td><td>{{#HAS_HOURS}}已登记{{/HAS_HOURS}}{{#NO_HOURS}}未登记{{/NO_HOURS}}</td><td>{{#HAS_PHONE}}已登记{{/HAS_PHONE}}{{#NO_PHONE}}未登记{{/NO_PHONE}}</td><td>{{#HAS_COORDS}}已登记{{/HAS_COORDS}}{{#NO_COORDS}}未登记{{/NO_COORDS}}</td></tr>
{{/SITE}}</tbody></table></div>
