{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="zh-CN" class="wall{{#ELDER}} elder{{/ELDER}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务大屏 · 文明朔城</title>
{{#MOVING}}<meta http-equiv="refresh" content="60">
{{/MOVING}}<link rel="stylesheet" href="/static/style.css">
<link rel="stylesheet" href="/static/screen.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<main id="main" class="screen{{#STILL}} still{{/STILL}}">
<div class="screen-top">
<h1>朔城区新时代文明实践中心 · 四单工作法</h1>
<p class="meta">更新于 <time datetime="{{NOW}}">{{NOW}}</time>（北京时间）{{#MOVING}}，每分钟自动刷新 · <a href="/screen?refresh=0">停止自动刷新</a>{{/MOVING}}{{#STILL}} · 已停止自动刷新，列表不滚动 · <a href="/screen">恢复自动刷新</a>{{/STILL}}</p>
</div>
<div class="screen-counts">
<section aria-labelledby="h-today">
<h2 id="h-today">今日</h2>
<ul class="big">
<li><strong>{{T_REQUESTS}}</strong><span>群众点单</span></li>
<li><strong>{{T_DISPATCHED}}</strong><span>中心派单</span></li>
<li><strong>{{T_ACCEPTED}}</strong><span>志愿者接单</span></li>
<li><strong>{{T_COMPLETED}}</strong><span>办结</span></li>
<li><strong>{{T_SATISFACTION}}</strong><span>满意率（{{T_RATED}} 个评价）</span></li>
</ul>
</section>
<section aria-labelledby="h-queue">
<h2 id="h-queue">待办</h2>
<ul class="big">
<li><strong>{{Q_SUBMITTED}}</strong><span>待审核</span></li>
<li><strong>{{Q_DISPATCHED}}</strong><span>已派单</span></li>
<li><strong>{{Q_PUBLISHED}}</strong><span>待接单</span></li>
<li><strong>{{Q_ACCEPTED}}</strong><span>已接单</span></li>
<li{{#LATE}} class="late"{{/LATE}}><strong>{{Q_OVERDUE}}</strong><span>已超时</span></li>
</ul>
</section>
</div>
<section class="screen-waits" aria-labelledby="h-waits">
<h2 id="h-waits">等待办理</h2>
<p class="meta">超时的在前，其次按应办结时间{{#LISTED}} · 共 {{OPEN}} 件{{#MORE}}，列出最先要办的 {{SHOWN}} 件{{/MORE}}{{/LISTED}}</p>
{{#EMPTY}}<p class="none">现在没有等待办理的申请。</p>
{{/EMPTY}}{{#LISTED}}<div class="rollbox{{#ROLL}} roll roll-{{N}}{{/ROLL}}"{{#STILL}} tabindex="0" role="region" aria-label="等待办理的申请"{{/STILL}}>
<table class="waits">
<thead><tr><th scope="col">查询码</th><th scope="col">服务</th><th scope="col">地点</th><th scope="col">进度</th><th scope="col">已等待</th></tr></thead>
<tbody>
{{#ROW}}<tr{{#OVERDUE}} class="late"{{/OVERDUE}}><td class="rowcode">{{CODE}}</td><td>{{SERVICE}}</td><td>{{PLACE}}</td><td>{{STATE}}</td><td>{{WAITED}}{{#OVERDUE}}<span class="over">超时 {{OVER}}</span>{{/OVERDUE}}</td></tr>
{{/ROW}}</tbody>
{{#ROLL}}<tbody class="again" aria-hidden="true">
{{#AGAIN}}<tr{{#OVERDUE}} class="late"{{/OVERDUE}}><td class="rowcode">{{CODE}}</td><td>{{SERVICE}}</td><td>{{PLACE}}</td><td>{{STATE}}</td><td>{{WAITED}}{{#OVERDUE}}<span class="over">超时 {{OVER}}</span>{{/OVERDUE}}</td></tr>
{{/AGAIN}}</tbody>
{{/ROLL}}</table>
</div>
{{/LISTED}}</section>
</main>
</body>
</html>
