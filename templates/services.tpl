{{%AUTOESCAPE context="HTML"}}<h1>服务菜单</h1>
<p class="lead">选择您需要的服务，填写地点和联系方式，文明实践中心会安排志愿者为您服务。提交后您会得到一个查询码，可随时查看办理进度。</p>
<ul class="menu">
{{#SERVICE}}<li>
<h2 class="card-title">{{NAME}}</h2>
<p>{{SUMMARY}}</p>
<p class="meta">{{#HAS_PROJECT}}所属项目：{{PROJECT}} · {{/HAS_PROJECT}}一般{{#DUE_IN_DAYS}} {{DUE_DAYS}} 天{{/DUE_IN_DAYS}}{{#DUE_IN_HOURS}} {{DUE_HOURS}} 小时{{/DUE_IN_HOURS}}内安排</p>
<p><a class="button" href="/order/new?service={{CODE}}">我要点单</a></p>
</li>
{{/SERVICE}}</ul>
