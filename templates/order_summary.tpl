{{%AUTOESCAPE context="HTML"}}<dl class="summary">
<dt>查询码</dt><dd><strong class="code">{{CODE_FMT}}</strong></dd>
<dt>状态</dt><dd><span class="state state-{{STATE}}">{{STATE_LABEL}}</span>{{#HAS_REASON}}<br>原因：{{REASON}}{{/HAS_REASON}}</dd>
{{#HAS_DUE}}<dt>预计办理</dt><dd>{{DUE}} 前</dd>{{/HAS_DUE}}
{{#HAS_TEAM}}<dt>服务队</dt><dd>{{TEAM}}</dd>{{/HAS_TEAM}}
<dt>服务项目</dt><dd>{{SERVICE}}</dd>
<dt>服务地点</dt><dd>{{#HAS_INSTITUTE}}{{INSTITUTE}} · {{/HAS_INSTITUTE}}{{PLACE}}</dd>
<dt>提交时间</dt><dd>{{CREATED}}</dd>
</dl>
<h2>办理进度</h2>
<ol class="timeline">
{{#EVENT}}<li><time>{{WHEN}}</time> <span class="what">{{WHAT}}</span>{{#HAS_NOTE}}<p>{{NOTE}}</p>{{/HAS_NOTE}}</li>
{{/EVENT}}</ol>
