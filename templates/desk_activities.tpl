{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>活动管理</h1>
<p class="lead">每月有活动、文明实践365：在这里发布本站点或本服务队的活动。志愿者在活动页面报名；活动当天，组织人用手机或大屏展示签到码和签退码，志愿者扫码签到、签退，服务时长经您确认后计入服务记录。</p>
<p><a class="button" href="/desk/activities/new">新建活动</a></p>
<h2>近期和将要举办的活动</h2>
<ul class="rows">
{{#ACTIVITY}}<li>
<p><a href="/desk/activities/{{ID}}"><strong>{{TITLE}}</strong></a>{{#CANCELLED}} <span class="state state-cancelled">已取消</span>{{/CANCELLED}}{{#DEMO}} <span class="tag">演示</span>{{/DEMO}}</p>
<p>{{DATE}} {{TIME}} · {{SITE}} · {{PLATFORM}} · 已报名 {{SIGNED_UP}}/{{CAPACITY}}</p>
</li>
{{/ACTIVITY}}</ul>
{{#EMPTY}}<p class="note">还没有活动。</p>{{/EMPTY}}
