{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>不满意回访</h1>
<p class="lead">群众评价为“不满意”或“非常不满意”的申请都在这里。请联系群众了解情况，记录结果；需要时重新办理。</p>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
<h2>待回访</h2>
{{#NONE_OPEN}}<p class="note">没有待回访的申请。</p>{{/NONE_OPEN}}
<ul class="rows">
{{#OPEN}}<li class="overdue">
<p><a class="rowcode" href="/desk/order/{{CODE}}">{{CODE_FMT}}</a> · {{SERVICE}} · {{PLACE}} · <strong>{{LEVEL}}</strong></p>
<p class="pre">{{COMMENT:pre_escape}}</p>
<p class="meta">评价时间 {{WHEN}}</p>
<form class="form act" method="post" action="/desk/followups/{{ID}}/close" novalidate><input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="n-{{ID}}">回访记录 / 重新办理的原因（仅工作人员可见）</label><textarea id="n-{{ID}}" name="note" rows="3" maxlength="500">{{TYPED}}</textarea>
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}</div>
<p><button class="button" type="submit">记录并结束回访</button> <button class="button secondary" type="submit" formaction="/desk/followups/{{ID}}/reopen">重新办理</button></p>
</form></li>
{{/OPEN}}</ul>
<h2>已处理</h2>
<ul class="rows">
{{#DONE}}<li><p><a class="rowcode" href="/desk/order/{{CODE}}">{{CODE_FMT}}</a> · {{SERVICE}} · {{LEVEL}} · {{OUTCOME}}</p><p class="pre">{{NOTE:pre_escape}}</p></li>
{{/DONE}}</ul>
