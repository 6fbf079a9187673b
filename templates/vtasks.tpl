{{%AUTOESCAPE context="HTML"}}<h1>我的任务</h1>
<p class="lead">{{NAME}}，您好！志愿者编号 {{NUMBER}}。</p>
{{#HAS_FLASH}}<div class="notice" role="status"><p>{{FLASH}}</p></div>{{/HAS_FLASH}}
{{#NOT_FIRST}}<p>第 {{PAGE}} 页</p>{{/NOT_FIRST}}
<h2>我正在做的</h2>
<ul class="rows">
{{#MY_TASK}}<li><p><a class="rowcode" href="/v/task/{{CODE}}">{{SERVICE}}</a> <span class="state state-{{STATE}}">{{STATE_LABEL}}</span></p>
<p>{{#HAS_INSTITUTE}}{{INSTITUTE}} · {{/HAS_INSTITUTE}}{{PLACE}} · 希望时间：{{WANTED_TIME}}</p></li>
{{/MY_TASK}}{{#NO_MY_TASK}}<li><p>暂无</p></li>{{/NO_MY_TASK}}</ul>
<h2>可以接的任务</h2>
<ul class="rows">
{{#OPEN_TASK}}<li><p><a class="rowcode" href="/v/task/{{CODE}}">{{SERVICE}}</a> <span class="tag">{{#VIA_TEAM}}派给本队{{/VIA_TEAM}}{{#VIA_AREA}}抢单{{/VIA_AREA}}</span>{{#MANY}} <span class="tag">需要{{WANTED}}人，已接{{TAKEN}}人</span>{{/MANY}}</p>
<p>{{#HAS_INSTITUTE}}{{INSTITUTE}} · {{/HAS_INSTITUTE}}{{PLACE}} · 希望时间：{{WANTED_TIME}}</p>
<p class="pre">{{NEED:pre_escape}}</p>
<form method="post" action="/v/task/{{CODE}}/accept"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button" type="submit">接单</button></form></li>
{{/OPEN_TASK}}{{#NO_OPEN_TASK}}<li><p>暂时没有可以接的任务。有新任务时这里会列出来。</p></li>{{/NO_OPEN_TASK}}</ul>
{{#PAGER}}<p class="pager">{{#HAS_PREV}}<a href="{{PREV_HREF}}" rel="prev">上一页</a> {{/HAS_PREV}}{{#HAS_NEXT}}<a href="{{NEXT_HREF}}" rel="next">更多任务</a>{{/HAS_NEXT}}</p>{{/PAGER}}
<p><a href="/v/me">我的服务记录</a></p>
