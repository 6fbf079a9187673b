{{%AUTOESCAPE context="HTML"}}{{#DESK}}<p><a href="/desk">← 返回工作台</a></p>
{{/DESK}}<h1>消息</h1>
{{#HAS_NOTICE}}<div class="success" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#HAS_FLASH}}<div class="notice" role="alert"><p>{{FLASH}}</p></div>{{/HAS_FLASH}}
<div class="inbox-head">
{{#HAS_UNREAD}}<p>未读 <strong>{{UNREAD_N}}</strong> 条</p>
<form method="post" action="{{BASE}}/read"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">全部标为已读</button></form>{{/HAS_UNREAD}}
{{#ALL_READ}}<p>没有未读消息。</p>{{/ALL_READ}}
</div>
{{#NOT_FIRST}}<p>第 {{PAGE}} 页</p>{{/NOT_FIRST}}
<ul class="rows inbox">
{{#MSG}}<li{{#UNREAD}} class="unread"{{/UNREAD}}><p class="meta">{{#UNREAD}}<strong class="unread-tag">未读</strong> {{/UNREAD}}<time datetime="{{WHEN_ISO}}">{{WHEN}}</time></p>
<p id="m-{{ID}}" class="text">{{TEXT}}</p>
{{#HAS_LINK}}<form method="post" action="{{BASE}}/{{ID}}/open"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button{{#READ}} secondary{{/READ}}" type="submit" aria-describedby="m-{{ID}}">查看</button></form>{{/HAS_LINK}}
{{#MARK_ONLY}}<form method="post" action="{{BASE}}/{{ID}}/open"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit" aria-describedby="m-{{ID}}">标为已读</button></form>{{/MARK_ONLY}}</li>
{{/MSG}}{{#EMPTY}}<li><p>还没有消息。{{#DESK}}新的群众点单、督办和不满意的评价会在这里通知您。{{/DESK}}{{#VOL}}派给您的任务、附近可抢的任务、审核结果和服务时长确认会在这里通知您。{{/VOL}}</p></li>{{/EMPTY}}{{#PAST_END}}<li><p>这一页没有消息了。<a href="{{FIRST_HREF}}">回到第一页</a></p></li>{{/PAST_END}}</ul>
{{#PAGER}}<p class="pager">{{#HAS_PREV}}<a href="{{PREV_HREF}}" rel="prev">上一页</a> {{/HAS_PREV}}{{#HAS_NEXT}}<a href="{{NEXT_HREF}}" rel="next">下一页</a>{{/HAS_NEXT}}</p>{{/PAGER}}
