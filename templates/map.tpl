{{%AUTOESCAPE context="HTML"}}<h1>一图可视</h1>
<p class="lead">全区新时代文明实践阵地：1 个中心、{{INSTITUTES}} 个实践所、{{STATIONS}} 个实践站、{{BASES}} 个基地，共 {{SITES}} 个站点。点图上的圆点可查看站点详情。</p>
<ul class="counts">
<li><a href="/map"{{#TREE}} aria-current="page"{{/TREE}}>网络示意图</a></li>
<li><a href="/map?view=geo"{{#GEO}} aria-current="page"{{/GEO}}>按坐标分布</a></li>
<li><a href="/sites">文字列表</a></li>
</ul>
{{#TREE}}<p class="note"><strong>示意图</strong>：只表示中心、所、站和基地的隶属关系，不代表地理位置。</p>{{/TREE}}
{{#GEO}}<p class="note">按各站点登记的经纬度绘制（等距圆柱投影，按范围缩放，没有底图），只示意相对位置；没有登记坐标的站点不标在图上。</p>{{/GEO}}
{{#HAS_DEMO}}<p class="note">其中 {{DEMO_N}} 个站点是演示数据，并非真实阵地（名称中带“演示”）。</p>{{/HAS_DEMO}}
<p class="note elder-only">长辈模式下图上不显示小字，点圆点可打开站点；全部站点的名称请看<a href="/sites">文字列表</a>。</p>
<figure class="netmap">
{{! SVG comes from src/view/netmap.c, which escapes every name and title it writes: safe to insert as it is. }}{{SVG:none}}
</figure>
{{#GEO}}<p><strong>{{PLACED}} 个站点已标在图上。{{#HAS_MISSING}}{{MISSING}} 个站点暂无坐标，未标在图上。{{/HAS_MISSING}}</strong></p>
{{#HAS_MISSING}}<details class="nocoord"><summary>暂无坐标的站点（{{MISSING}} 个）</summary>
<ul class="sitelist">
{{#NOCOORD}}<li><a href="/sites/{{ID}}">{{NAME}}</a></li>
{{/NOCOORD}}</ul>
</details>{{/HAS_MISSING}}{{/GEO}}
<section aria-labelledby="h-legend">
<h2 id="h-legend">图例</h2>
<ul class="legend">
<li><svg class="key" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="6" class="q0"/></svg>本月没有群众点单</li>
<li><svg class="key" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="6" class="q1"/></svg>本月点单 1–2 件</li>
<li><svg class="key" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="6" class="q2"/></svg>本月点单 3–9 件</li>
<li><svg class="key" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="6" class="q3"/></svg>本月点单 10 件及以上</li>
<li><svg class="key" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="4" class="q0"/></svg><svg class="key" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="6" class="q0"/></svg><svg class="key" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="8" class="q0"/></svg>圆点越大，本月活动越多：没有、1–2 场、3 场及以上（所和中心的圆点按同样规则放大）</li>
<li><svg class="key" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="6" class="q0 d"/></svg>虚线圆圈：演示数据</li>
</ul>
<p class="note">本月指北京时间 {{MONTH}}1日起。点单和活动都只计在登记的那个站点上（所的圆点不含下属各站）。圆点的说明文字里，“点单12”是本月 12 件群众点单，“活动1”是本月 1 场活动，没有写的就是没有；每个站点的完整数字见站点页。</p>
</section>
