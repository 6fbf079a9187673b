{{%AUTOESCAPE context="HTML"}}<h1>文明实践阵地</h1>
<p class="lead">全区 1 个中心、{{INSTITUTES}} 个实践所、{{STATIONS}} 个实践站、{{BASES}} 个基地，共 {{SITES}} 个站点。点站点名称查看地址、开放时间、服务队、活动和扫码点单海报。</p>
{{#HAS_DEMO}}<p class="note">标有“演示”的 {{DEMO_N}} 个站点是演示数据，并非真实阵地。</p>{{/HAS_DEMO}}
<p class="actions"><a class="button secondary" href="/map">一图可视：阵地示意图</a> <a class="button secondary" href="/map?view=geo">按坐标分布</a></p>
<section aria-labelledby="h-center">
<h2 id="h-center">中心</h2>
<ul class="sitelist">{{#CENTER}}<li><a href="/sites/{{ID}}">{{NAME}}</a></li>{{/CENTER}}</ul>
</section>
<section aria-labelledby="h-inst">
<h2 id="h-inst">{{INSTITUTES}}个新时代文明实践所</h2>
{{#INSTITUTE}}<section class="siteinst" aria-labelledby="i{{ID}}">
<h3 id="i{{ID}}"><a href="/sites/{{ID}}">{{NAME}}</a> <span class="tag">{{DIVISION}}</span> <span class="count">{{KIDS}} 个站点</span></h3>
<ul class="sitelist">
{{#CHILD}}<li><a href="/sites/{{ID}}">{{NAME}}</a>{{#BASE}} <span class="tag">{{KIND}}</span>{{/BASE}}{{#DEMO}} <span class="demo">演示</span>{{/DEMO}}</li>
{{/CHILD}}</ul>
</section>
{{/INSTITUTE}}</section>
<section aria-labelledby="h-bases">
<h2 id="h-bases">中心直属基地</h2>
<h3>特色基地</h3>
{{#NO_CBASE_F}}<p>暂无登记。</p>{{/NO_CBASE_F}}
<ul class="sitelist">
{{#CBASE_F}}<li><a href="/sites/{{ID}}">{{NAME}}</a>{{#DEMO}} <span class="demo">演示</span>{{/DEMO}}</li>
{{/CBASE_F}}</ul>
<h3>志愿服务基地</h3>
{{#NO_CBASE_V}}<p>暂无登记。</p>{{/NO_CBASE_V}}
<ul class="sitelist">
{{#CBASE_V}}<li><a href="/sites/{{ID}}">{{NAME}}</a>{{#DEMO}} <span class="demo">演示</span>{{/DEMO}}</li>
{{/CBASE_V}}</ul>
</section>
