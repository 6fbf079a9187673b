{{%AUTOESCAPE context="HTML"}}<h1>工作台</h1>
<p class="lead">{{USER_NAME}}，这里是{{SCOPE}}的群众点单。{{#CAN_ENTER}}<a class="button" href="/desk/new">代群众登记</a>{{/CAN_ENTER}}</p>
<p><a href="/desk/volunteers">志愿者申请审核{{#HAS_APPLICANTS}} <strong>{{APPLICANTS}}</strong>{{/HAS_APPLICANTS}}</a> · <a href="/desk/hours">服务时长确认{{#HAS_HOURS}} <strong>{{HOURS}}</strong>{{/HAS_HOURS}}</a> · <a href="/desk/activities">活动管理</a>{{#CAN_ENTER}} · <a href="/desk/news">工作动态</a> · <a href="/desk/ledger">台账</a> · <a href="/desk/exchanges">积分兑换</a> · <a href="/desk/sites">站点信息</a>{{/CAN_ENTER}}{{#SEES_MEMBERS}} · <a href="/desk/members">志愿者名单</a>{{/SEES_MEMBERS}}{{#CENTER}} · <a href="/desk/followups">不满意回访{{#HAS_FOLLOWUPS}} <strong>{{FOLLOWUPS}}</strong>{{/HAS_FOLLOWUPS}}</a> · <a href="/figures">服务数据</a>{{/CENTER}}</p>
{{#IS_ADMIN}}<p>管理：<a href="/admin/audit">电话查看记录</a> · <a href="/admin/users">工作人员账号</a> · <a href="/admin/teams">服务队</a> · <a href="/admin/services">服务菜单</a> · <a href="/admin/messages">短信发送情况</a> · <a href="/admin/stars">星级标准</a></p>{{/IS_ADMIN}}
{{#HAS_PROBLEM}}<div class="notice" role="alert"><p>筛选条件“{{PROBLEM}}”无法识别，已忽略。</p></div>{{/HAS_PROBLEM}}
<nav aria-label="按状态"><ul class="counts">
<li><a href="{{ALL_HREF}}">全部</a></li>
{{#COUNT}}<li><a href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}{{#HAS_N}} <strong>{{N}}</strong>{{/HAS_N}}</a></li>
{{/COUNT}}</ul></nav>
{{#COUNT_OVER}}<p class="note">符合条件的申请超过 {{BOUND}} 条，各状态数量不再逐一统计；请加条件缩小范围。</p>{{/COUNT_OVER}}
<form class="filters" method="get" action="/desk">
<div class="field"><label for="f-q">查询码、手机号或关键词</label><input id="f-q" name="q" type="text" maxlength="60" value="{{V_Q}}"></div>
<div class="field"><label for="f-platform">平台</label><select id="f-platform" name="platform"><option value="">全部平台</option>
{{#PLATFORM_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/PLATFORM_OPT}}</select></div>
{{#PLACE_FILTER}}<div class="field"><label for="f-institute">实践所</label><select id="f-institute" name="institute"><option value="">全区</option>
{{#INSTITUTE_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/INSTITUTE_OPT}}</select></div>{{/PLACE_FILTER}}
<div class="field"><label for="f-from">提交日期从</label><input id="f-from" name="from" type="date" value="{{V_FROM}}"></div>
<div class="field"><label for="f-to">到</label><input id="f-to" name="to" type="date" value="{{V_TO}}"></div>
<div class="field check"><input id="f-overdue" name="overdue" type="checkbox" value="1"{{#OVERDUE_CHECKED}} checked{{/OVERDUE_CHECKED}}><label for="f-overdue">只看超期未办结的</label></div>
<p><button class="button" type="submit">筛选</button> <a href="/desk/export.csv?{{EXPORT_QS}}">导出为表格（CSV）</a></p>
</form>
{{#EMPTY}}<p class="note">没有符合条件的申请。</p>{{/EMPTY}}
<ul class="rows">
{{#ROW}}<li class="{{#OVERDUE}}overdue{{/OVERDUE}}">
<p><a class="rowcode" href="/desk/order/{{CODE}}">{{CODE_FMT}}</a> <span class="state state-{{STATE}}">{{STATE_LABEL}}</span>{{#OVERDUE}} <strong class="late">已超期</strong>{{/OVERDUE}}</p>
<p>{{SERVICE}}（{{PLATFORM}}） · {{#HAS_INSTITUTE}}{{INSTITUTE}} {{/HAS_INSTITUTE}}{{PLACE}}{{#HAS_TEAM}} · {{TEAM}}{{/HAS_TEAM}}</p>
{{#HAS_NEED}}<p class="need">{{NEED}}</p>
{{/HAS_NEED}}<p class="meta">提交 {{CREATED}} · 期限 {{DUE}}</p>
</li>
{{/ROW}}</ul>
<p class="pager">{{#NOT_FIRST}}<a href="{{FIRST_HREF}}">回到第一页</a> {{/NOT_FIRST}}{{#HAS_NEXT}}<a href="{{NEXT_HREF}}">下一页</a>{{/HAS_NEXT}}</p>
