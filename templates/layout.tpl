{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="zh-CN"{{#ELDER}} class="elder"{{/ELDER}}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · 文明朔城</title>
{{#REFRESH}}<meta http-equiv="refresh" content="60">
{{/REFRESH}}<link rel="stylesheet" href="/static/style.css">
{{#ANYONE_IN}}<link rel="stylesheet" href="/static/signed-in.css">
{{/ANYONE_IN}}{{#PRINT_CSS}}<link rel="stylesheet" href="/static/print.css" media="print">{{/PRINT_CSS}}{{#FEED}}<link rel="alternate" type="application/atom+xml" title="文明朔城 工作动态" href="/news.atom">
{{/FEED}}<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site">
<div class="wrap">
<a class="brand" href="/"><span class="brand-name">文明朔城</span><span class="brand-sub">朔城区新时代文明实践中心</span></a>
<nav aria-label="主导航"><ul>
{{#SIGNED_IN}}<li><a href="/desk"{{#DESK_CURRENT}} aria-current="page"{{/DESK_CURRENT}}>工作台</a></li>{{#INBOX}}<li><a href="{{INBOX_HREF}}"{{#INBOX_CURRENT}} aria-current="page"{{/INBOX_CURRENT}}{{#HAS_UNREAD}} aria-label="{{INBOX_LABEL}}"{{/HAS_UNREAD}}>消息{{#HAS_UNREAD}} <span class="badge">{{UNREAD}}</span>{{/HAS_UNREAD}}</a></li>{{/INBOX}}{{/SIGNED_IN}}{{#VOLUNTEER_IN}}<li><a href="/v"{{#TASKS_CURRENT}} aria-current="page"{{/TASKS_CURRENT}}>我的任务{{#HAS_OPEN}} <span class="badge">{{OPEN}}</span><span class="sr">个可接的任务</span>{{/HAS_OPEN}}</a></li>{{#INBOX}}<li><a href="{{INBOX_HREF}}"{{#INBOX_CURRENT}} aria-current="page"{{/INBOX_CURRENT}}{{#HAS_UNREAD}} aria-label="{{INBOX_LABEL}}"{{/HAS_UNREAD}}>消息{{#HAS_UNREAD}} <span class="badge">{{UNREAD}}</span>{{/HAS_UNREAD}}</a></li>{{/INBOX}}<li><a href="/v/me"{{#ME_CURRENT}} aria-current="page"{{/ME_CURRENT}}>我的记录</a></li>{{/VOLUNTEER_IN}}
{{#NAV}}<li><a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>
{{/NAV}}
</ul></nav>
<p class="modeswitch"><a href="{{MODE_HREF}}" rel="nofollow">{{MODE_LABEL}}<span class="hint-sub">（{{MODE_HINT}}）</span></a></p>
{{#VOLUNTEER_IN}}<form class="signout" method="post" action="/v/logout"><input type="hidden" name="csrf" value="{{VOL_CSRF}}"><span>{{VOL_NAME}}（志愿者）</span> <button type="submit">退出</button></form>{{/VOLUNTEER_IN}}
{{#SIGNED_IN}}<form class="signout" method="post" action="/logout"><input type="hidden" name="csrf" value="{{SESSION_CSRF}}"><span>{{USER_NAME}}（{{USER_ROLE}}）</span> <button type="submit">退出</button></form>{{/SIGNED_IN}}
</div>
</header>
<main id="main" class="wrap">
{{>BODY}}
</main>
<footer class="site">
<div class="wrap">
<p>朔城区新时代文明实践中心 · 群众点单、中心派单、志愿者接单、群众评单</p>
<p>地址：朔城区文体综合大楼</p>
</div>
</footer>
</body>
</html>
