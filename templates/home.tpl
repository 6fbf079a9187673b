{{%AUTOESCAPE context="HTML"}}<section class="hero">
<h1>文明朔城</h1>
<p class="lead">朔城区新时代文明实践中心线上服务平台：群众点单、中心派单、志愿者接单、群众评单。</p>
<p class="actions"><a class="button" href="/order/new">我要点单</a> <a class="button secondary" href="/services">看看服务菜单</a> <a class="button secondary" href="/volunteer/join">加入志愿者</a></p>
<form class="trackbox" method="get" action="/track">
<label for="home-code">一码可查：输入查询码查看办理进度</label>
<span class="row"><input id="home-code" name="code" type="text" maxlength="20" autocomplete="off" spellcheck="false" placeholder="例如 ABC-DEF-GHJ"> <button class="button" type="submit">查询</button></span>
</form>
</section>

<section aria-labelledby="h-live">
<h2 id="h-live">服务数据</h2>
<ul class="figures">
<li><strong>{{MONTH_REQUESTS}}</strong><span>本月群众点单</span></li>
<li><strong>{{MONTH_DONE}}</strong><span>本月已办结</span></li>
<li><strong>{{SATISFACTION}}</strong><span>近12个月满意率</span></li>
<li><strong>{{YEAR_RATED}}</strong><span>近12个月评价</span></li>
<li><strong>{{VOLUNTEERS}}</strong><span>注册志愿者</span></li>
<li><strong>{{YEAR_HOURS}}</strong><span>{{YEAR}}年志愿服务时长（小时）</span></li>
</ul>
<p class="note">满意率 = 评价为“满意”或“非常满意”的 ÷ 已评价的；注册志愿者为已通过审核的人数；服务时长为今年已确认的时长。每分钟更新。<a href="/figures">查看全部服务数据和图表</a> · <a href="/api/stats.json">开放数据（JSON）</a></p>
<div class="charts">
<figure class="chart"><img src="/charts/monthly.svg" alt="近12个月每月群众点单数，按办理结果分色；数字见服务数据页" width="640" height="320" loading="lazy"></figure>
<figure class="chart"><img src="/charts/satisfaction.svg" alt="近12个月每月满意率；数字见服务数据页" width="640" height="320" loading="lazy"></figure>
<figure class="chart"><img src="/charts/platforms.svg" alt="近12个月各平台点单数；数字见服务数据页" width="640" height="320" loading="lazy"></figure>
</div>
</section>

<section aria-labelledby="h-soon">
<h2 id="h-soon">近期活动</h2>
{{>UPCOMING}}
<p><a href="/activities">全部活动（每月有活动、文明实践365）</a></p>
</section>

<section aria-labelledby="h-news">
<h2 id="h-news">工作动态</h2>
{{>NEWS_LATEST}}
</section>

<section aria-labelledby="h-done">
<h2 id="h-done">最近办结的服务</h2>
<ul class="rows done">
{{#DONE}}<li><p><strong>{{SERVICE}}</strong> <span class="tag">{{PLATFORM}}</span>{{#DONE_DEMO}} <span class="tag">演示</span>{{/DONE_DEMO}}</p><p class="meta">{{#HAS_INSTITUTE}}{{INSTITUTE}} · {{/HAS_INSTITUTE}}{{SITE}} · <time datetime="{{DATE}}">{{DATE}}</time> 办结</p></li>
{{/DONE}}</ul>
{{#NO_DONE}}<p>还没有办结的服务。</p>{{/NO_DONE}}
<p class="note">只显示服务项目、所站和办结日期，不显示群众的任何个人信息。</p>
</section>

<section aria-labelledby="h-plat">
<h2 id="h-plat">五大平台</h2>
<ul class="cards">
{{#PLATFORM}}<li><h3><a href="{{HREF}}">{{NAME}}</a></h3><p>{{SUMMARY}}</p></li>
{{/PLATFORM}}</ul>
</section>

<section aria-labelledby="h-proj">
<h2 id="h-proj">志愿服务项目</h2>
<h3>10个固定项目</h3>
<ul class="tags">
{{#FIXED}}<li><a href="{{HREF}}">{{NAME}}</a></li>
{{/FIXED}}</ul>
<h3>7个特色项目</h3>
<ul class="tags">
{{#FEATURED}}<li><a href="{{HREF}}">{{NAME}}</a></li>
{{/FEATURED}}</ul>
<p><a href="/projects">全部项目</a> · <a href="/honour">光荣榜</a></p>
</section>

<section aria-labelledby="h-tree">
<h2 id="h-tree">文明实践阵地</h2>
<ul class="figures">
<li><strong>{{CENTERS}}</strong><span>中心</span></li>
<li><strong>{{INSTITUTES}}</strong><span>实践所</span></li>
<li><strong>{{STATIONS}}</strong><span>实践站</span></li>
<li><strong>{{BASES}}</strong><span>基地</span></li>
</ul>
<p class="note">以上为系统中登记的阵地数，共 {{SITES}} 个。{{#HAS_DEMO}}其中 {{STATIONS_DEMO}} 个站、{{BASES_DEMO}} 个基地为演示数据，并非真实阵地。{{/HAS_DEMO}}</p>
<p><a href="/sites">阵地名录</a> · <a href="/map">一图可视：全区阵地图</a></p>
</section>

<section aria-labelledby="h-inst">
<h2 id="h-inst">14个新时代文明实践所</h2>
<ul class="institutes">
{{#INSTITUTE}}<li><span class="name">{{NAME}}</span> <span class="tag">{{DIVISION}}</span> <span class="count">{{STATIONS}} 个站{{#INST_HAS_DEMO}}（含演示 {{INST_DEMO}}）{{/INST_HAS_DEMO}}</span></li>
{{/INSTITUTE}}</ul>
</section>
