{{%AUTOESCAPE context="HTML"}}{{#PLATFORMS}}<h1>五大平台</h1>
<p class="lead">朔城区新时代文明实践中心按五大平台组织志愿服务，每个平台下设服务项目和服务菜单。选择一个平台，查看它的服务、项目和近期活动。</p>
<ul class="cards">
{{#PLATFORM}}<li><h2 class="card-title"><a href="{{HREF}}">{{NAME}}</a></h2><p>{{SUMMARY}}</p></li>
{{/PLATFORM}}</ul>
<p><a href="/projects">查看全部志愿服务项目</a></p>{{/PLATFORMS}}
{{#PROJECTS}}<h1>志愿服务项目</h1>
<p class="lead">10个固定项目常年开展，7个特色项目各有侧重。选择一个项目，查看它的服务和近期活动。</p>{{/PROJECTS}}
<section aria-labelledby="h-fixed">
<h2 id="h-fixed">10个固定项目</h2>
<ul class="cards">
{{#FIXED}}<li><h3><a href="{{HREF}}">{{NAME}}</a></h3>{{#HAS_PLATFORM}}<p>所属平台：{{PLATFORM}}</p>{{/HAS_PLATFORM}}</li>
{{/FIXED}}</ul>
</section>
<section aria-labelledby="h-featured">
<h2 id="h-featured">7个特色项目</h2>
<ul class="cards">
{{#FEATURED}}<li><h3><a href="{{HREF}}">{{NAME}}</a></h3>{{#HAS_PLATFORM}}<p>所属平台：{{PLATFORM}}</p>{{/HAS_PLATFORM}}</li>
{{/FEATURED}}</ul>
</section>
