{{%AUTOESCAPE context="HTML"}}<p class="crumbs"><a href="/sites">文明实践阵地</a>{{#PARENT}} › <a href="/sites/{{PARENT_ID}}">{{PARENT_NAME}}</a>{{/PARENT}}</p>
<h1>{{NAME}}</h1>
<p class="lead">{{KIND}}{{#HAS_DIVISION}}（{{DIVISION}}）{{/HAS_DIVISION}}{{#DEMO}} <span class="demo">演示</span>{{/DEMO}}</p>
{{#DEMO}}<p class="note">这是演示数据，并非真实阵地。</p>{{/DEMO}}
<dl class="facts">
<dt>类型</dt><dd>{{KIND}}</dd>
<dt>上级</dt><dd>{{#PARENT}}<a href="/sites/{{PARENT_ID}}">{{PARENT_NAME}}</a>{{/PARENT}}{{#NO_PARENT}}无（全区的中心）{{/NO_PARENT}}</dd>
<dt>地址</dt><dd>{{#HAS_ADDRESS}}{{ADDRESS}}{{/HAS_ADDRESS}}{{#NO_ADDRESS}}<span class="none">暂未登记</span>{{/NO_ADDRESS}}</dd>
<dt>开放时间</dt><dd>{{#HAS_HOURS}}{{HOURS}}{{/HAS_HOURS}}{{#NO_HOURS}}<span class="none">暂未登记</span>{{/NO_HOURS}}</dd>
<dt>办公电话</dt><dd>{{#HAS_PHONE}}<a href="tel:{{PHONE}}">{{PHONE}}</a>{{/HAS_PHONE}}{{#NO_PHONE}}<span class="none">暂未登记</span>{{/NO_PHONE}}</dd>
{{#HAS_HOTLINE}}<dt>中心服务热线</dt><dd><a href="tel:{{HOTLINE}}">{{HOTLINE}}</a></dd>{{/HAS_HOTLINE}}
<dt>坐标</dt><dd>{{#HAS_COORDS}}{{COORDS}}{{/HAS_COORDS}}{{#NO_COORDS}}<span class="none">暂未登记</span>{{/NO_COORDS}}</dd>
<dt>代码</dt><dd class="code">{{CODE}}</dd>
<dt>资料来源</dt><dd>{{#HAS_SOURCE}}{{SOURCE}}{{/HAS_SOURCE}}{{#NO_SOURCE}}<span class="none">暂未登记</span>{{/NO_SOURCE}}</dd>
</dl>
{{#CAN_EDIT}}<p><a href="/desk/sites/{{ID}}">登记或修改本站点信息</a>（工作人员）</p>{{/CAN_EDIT}}
<p class="actions">{{#PRESET}}<a class="button" href="{{ORDER_HREF}}">在这里点单</a>{{/PRESET}}{{#NO_PRESET}}<a class="button" href="/order/new">我要点单</a>{{/NO_PRESET}} <a class="button secondary" href="/sites/{{ID}}/poster">扫码点单海报</a></p>

<section aria-labelledby="h-fig">
<h2 id="h-fig">群众点单</h2>
<ul class="figures">
<li><strong>{{MONTH}}</strong><span>本月点单</span></li>
<li><strong>{{ALL}}</strong><span>累计点单</span></li>
</ul>
<p class="note">统计范围：{{SCOPE}}收到的全部群众点单（含不予受理、已取消的）；本月指北京时间本月1日起。</p>
</section>

{{#HAS_CHILDREN}}<section aria-labelledby="h-kids">
<h2 id="h-kids">下属站点（{{CHILDREN}} 个）</h2>
<ul class="sitelist">
{{#CHILD}}<li><a href="/sites/{{ID}}">{{NAME}}</a>{{#BASE}} <span class="tag">{{KIND}}</span>{{/BASE}}{{#DEMO}} <span class="demo">演示</span>{{/DEMO}}</li>
{{/CHILD}}</ul>
</section>{{/HAS_CHILDREN}}

<section aria-labelledby="h-teams">
<h2 id="h-teams">服务队</h2>
{{#NO_TEAM}}<p>暂无以本站点为服务区域的服务队。</p>{{/NO_TEAM}}
<ul class="tags">{{#TEAM}}<li>{{TEAM_NAME}}{{#DEMO}}（演示）{{/DEMO}}</li>{{/TEAM}}</ul>
</section>

<section aria-labelledby="h-acts">
<h2 id="h-acts">近期活动</h2>
{{#NO_ACTIVITY}}<p>暂无即将开展的活动。</p>{{/NO_ACTIVITY}}
<ul class="rows">
{{#ACTIVITY}}<li><a href="/activities/{{ACT_ID}}">{{TITLE}}</a>{{#DEMO}} <span class="demo">演示</span>{{/DEMO}}<p class="meta">{{WHEN}} · {{ORG}} · {{PLATFORM}}</p></li>
{{/ACTIVITY}}</ul>
</section>

<section aria-labelledby="h-news">
<h2 id="h-news">工作动态</h2>
{{>NEWS_LATEST}}
</section>
