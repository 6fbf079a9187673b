{{%AUTOESCAPE context="HTML"}}<p class="noprint"><a href="/desk/ledger?{{QS}}">← 返回台账</a> · 用浏览器的“打印”（Ctrl+P）打印本页，纸张选 A4；打印时不显示导航。</p>
<h1>台账</h1>
<p class="lead">地点：{{PLACE_NAME}}　时间：{{FROM}} 至 {{TO}}　制表：{{MADE}}</p>
<h2>群众点单</h2>
{{#NO_ORDERS}}<p class="note">这段时间没有群众点单。</p>{{/NO_ORDERS}}
<div class="scroll" tabindex="0" role="region" aria-label="群众点单"><table class="data"><caption>群众点单（{{T_ORDERS}} 件）</caption>
<thead><tr><th scope="col">查询码</th><th scope="col">服务项目</th><th scope="col">服务地点</th><th scope="col">渠道</th><th scope="col">状态</th><th scope="col">服务队</th><th scope="col">服务志愿者</th><th scope="col">时长（小时）</th><th scope="col">提交</th><th scope="col">派单</th><th scope="col">接单</th><th scope="col">完成</th><th scope="col">评价</th></tr></thead>
<tbody>{{#ORDER}}<tr><th scope="row">{{CODE}}</th><td>{{SERVICE}}</td><td>{{PLACE}}</td><td>{{CHANNEL}}</td><td>{{STATE}}</td><td>{{TEAM}}</td><td>{{VOLUNTEERS}}</td><td>{{HOURS}}</td><td>{{CREATED}}</td><td>{{DISPATCHED}}</td><td>{{ACCEPTED}}</td><td>{{COMPLETED}}</td><td>{{RATING}}</td></tr>
{{/ORDER}}</tbody>
<tfoot><tr><th scope="row">合计</th><td colspan="6">共 {{T_ORDERS}} 件，已完成 {{T_DONE}} 件，已评价 {{T_RATED}} 件（满意及以上 {{T_SATISFIED}} 件）</td><td>{{T_ORDER_HOURS}}</td><td colspan="5"></td></tr></tfoot>
</table></div>
<h2>活动</h2>
{{#NO_ACTIVITIES}}<p class="note">这段时间没有活动。</p>{{/NO_ACTIVITIES}}
<div class="scroll" tabindex="0" role="region" aria-label="活动"><table class="data"><caption>活动（{{T_ACTIVITIES}} 项）</caption>
<thead><tr><th scope="col">活动</th><th scope="col">组织单位</th><th scope="col">地点</th><th scope="col">开始时间</th><th scope="col">报名</th><th scope="col">签到</th><th scope="col">签退</th><th scope="col">时长（小时）</th></tr></thead>
<tbody>{{#ACTIVITY}}<tr><th scope="row">{{TITLE}}</th><td>{{ORGANISER}}</td><td>{{PLACE}}</td><td>{{STARTS}}</td><td>{{SIGNUPS}}</td><td>{{SIGNED_IN}}</td><td>{{SIGNED_OUT}}</td><td>{{HOURS}}</td></tr>
{{/ACTIVITY}}</tbody>
<tfoot><tr><th scope="row">合计</th><td colspan="3">共 {{T_ACTIVITIES}} 项</td><td>{{T_SIGNUPS}}</td><td>{{T_SIGNED_IN}}</td><td>{{T_SIGNED_OUT}}</td><td>{{T_ACTIVITY_HOURS}}</td></tr></tfoot>
</table></div>
<h2>志愿者服务时长</h2>
{{#NO_VOLUNTEERS}}<p class="note">这段时间没有志愿者服务记录。</p>{{/NO_VOLUNTEERS}}
<div class="scroll" tabindex="0" role="region" aria-label="志愿者服务时长"><table class="data"><caption>志愿者（{{T_VOLUNTEERS}} 人，积分按每小时 {{PER_HOUR}} 分计）</caption>
<thead><tr><th scope="col">统一编号</th><th scope="col">姓名</th><th scope="col">服务队</th><th scope="col">时长（小时）</th><th scope="col">积分</th></tr></thead>
<tbody>{{#VOLUNTEER}}<tr><th scope="row">{{NUMBER}}</th><td>{{NAME}}</td><td>{{TEAMS}}</td><td>{{HOURS}}</td><td>{{POINTS}}</td></tr>
{{/VOLUNTEER}}</tbody>
<tfoot><tr><th scope="row">合计</th><td colspan="2">共 {{T_VOLUNTEERS}} 人</td><td>{{T_VOLUNTEER_HOURS}}</td><td>{{T_POINTS}}</td></tr></tfoot>
</table></div>
