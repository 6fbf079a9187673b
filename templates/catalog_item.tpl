{{%AUTOESCAPE context="HTML"}}<p class="meta"><a href="/platforms">五大平台</a> · <a href="/projects">志愿服务项目</a></p>
<h1>{{NAME}}</h1>
<p class="lead"><span class="tag">{{KIND}}</span>{{#IN_PLATFORM}} 所属平台：<a href="{{PLATFORM_HREF}}">{{PLATFORM}}</a>{{/IN_PLATFORM}}</p>
{{#HAS_SUMMARY}}<p>{{SUMMARY}}</p>{{/HAS_SUMMARY}}
{{#FIGURES}}<section aria-labelledby="h-figs">
<h2 id="h-figs">近12个月服务数据</h2>
<ul class="figures">
<li><strong>{{F_REQUESTS}}</strong><span>群众点单</span></li>
<li><strong>{{F_DONE}}</strong><span>已办结</span></li>
<li><strong>{{F_SATISFACTION}}</strong><span>满意率</span></li>
</ul>
<p class="note"><a href="/figures">查看全部服务数据</a></p>
</section>{{/FIGURES}}
<section aria-labelledby="h-services">
<h2 id="h-services">可以点单的服务</h2>
<ul class="menu">
{{#SERVICE}}<li><h3>{{NAME}}</h3>{{#HAS_PROJECT}}<p class="meta">所属项目：{{PROJECT}}</p>{{/HAS_PROJECT}}<p>{{SUMMARY}}</p><p><a class="button" href="/order/new?service={{CODE}}">我要点单<span class="sr">：{{NAME}}</span></a></p></li>
{{/SERVICE}}</ul>
{{#NO_SERVICE}}<p class="note">这个项目暂未开放网上点单，可通过活动参与，或在<a href="/services">服务菜单</a>中选择其他服务。</p>{{/NO_SERVICE}}
</section>
{{#HAS_PROJECTS}}<section aria-labelledby="h-projects">
<h2 id="h-projects">本平台的服务项目</h2>
<ul class="tags">
{{#PROJECT}}<li><a href="{{HREF}}">{{NAME}}</a></li>
{{/PROJECT}}</ul>
</section>{{/HAS_PROJECTS}}
<section aria-labelledby="h-acts">
<h2 id="h-acts">近期活动</h2>
{{>UPCOMING}}
<p><a href="/activities">全部活动</a></p>
</section>
{{#NEWS_BOX}}<section aria-labelledby="h-news">
<h2 id="h-news">工作动态</h2>
{{>NEWS_LATEST}}
</section>{{/NEWS_BOX}}
