{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/admin/users">工作人员账号</a> · <a href="/admin/audit">电话查看记录</a></p>
<h1>短信发送情况</h1>
{{#HAS_NOTICE}}<div class="success" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#HAS_FLASH}}<div class="notice" role="alert"><p>{{FLASH}}</p></div>{{/HAS_FLASH}}
<section aria-labelledby="h-day">
<h2 id="h-day">短信通道</h2>
<ul class="figures">
<li><strong>{{PENDING}}</strong>待发送</li>
<li><strong>{{SENT}}</strong>最近一天已发送</li>
<li><strong>{{DEAD_N}}</strong>未送达</li>
</ul>
</section>
<section aria-labelledby="h-dead">
<h2 id="h-dead">未送达的短信</h2>
<p class="lead">短信通道一天内多次发送失败后就不再尝试。看过原因、排除了问题（例如短信通道的设置）后，可以重新发送。</p>
{{#NOT_FIRST}}<p>第 {{PAGE}} 页</p>{{/NOT_FIRST}}
{{#HAS_DEAD}}<ul class="rows dead">
{{#DEAD}}<li><p class="meta"><time>{{WHEN}}</time> · {{KIND}}{{#HAS_ORDER}} · 申请 <a href="/desk/order/{{CODE}}">{{CODE_FMT}}</a>{{/HAS_ORDER}}</p>
<p>给{{TO}}</p>
<p id="d-{{ID}}">{{TEXT}}</p>
<p class="err-why">原因：{{WHY}}（已尝试 {{ATTEMPTS}} 次）</p>
<form method="post" action="/admin/messages/{{ID}}/retry"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit" aria-describedby="d-{{ID}}">重新发送</button></form></li>
{{/DEAD}}</ul>{{/HAS_DEAD}}
{{#NO_DEAD}}<p>没有未送达的短信。</p>{{/NO_DEAD}}
{{#PAST_END}}<p>这一页没有短信了。<a href="/admin/messages">回到第一页</a></p>{{/PAST_END}}
{{#PAGER}}<p class="pager">{{#HAS_PREV}}<a href="{{PREV_HREF}}" rel="prev">上一页</a> {{/HAS_PREV}}{{#HAS_NEXT}}<a href="{{NEXT_HREF}}" rel="next">下一页</a>{{/HAS_NEXT}}</p>{{/PAGER}}
</section>
