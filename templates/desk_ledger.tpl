{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>台账</h1>
<p class="lead">选择地点和月份（或起止日期），查看这段时间的群众点单、活动和志愿者服务时长的合计，下载 Excel 台账或打印。一次最多一年（366天）。台账不含群众的姓名、电话和地址。</p>
{{#HAS_ERRORS}}<div class="errors" role="alert" id="errors">
<p>有 {{NERRORS}} 处需要修改，您填写的内容都已保留：</p>
<ul>{{#ERROR_ITEM}}<li><a href="#f-{{FIELD}}">{{LABEL}}：{{MSG}}</a></li>{{/ERROR_ITEM}}</ul>
</div>{{/HAS_ERRORS}}
<form class="form" method="get" action="/desk/ledger" novalidate>
<div class="field{{#E_PLACE}} invalid{{/E_PLACE}}">
<label for="f-place">地点</label>
<select id="f-place" name="place"{{#E_PLACE}} aria-invalid="true" aria-describedby="e-place"{{/E_PLACE}}>{{#PLACE}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/PLACE}}</select>
{{#E_PLACE}}<p class="err" id="e-place">{{MSG}}</p>{{/E_PLACE}}
</div>
<div class="field{{#E_MONTH}} invalid{{/E_MONTH}}">
<label for="f-month">月份</label>
<input id="f-month" name="month" type="{{MONTH_TYPE}}" value="{{V_MONTH}}" aria-describedby="h-month{{#E_MONTH}} e-month{{/E_MONTH}}"{{#E_MONTH}} aria-invalid="true"{{/E_MONTH}}>
<p class="hint" id="h-month">年-月，如 2026-06。填了下面的起止日期时按起止日期。</p>
{{#E_MONTH}}<p class="err" id="e-month">{{MSG}}</p>{{/E_MONTH}}
</div>
<div class="field{{#E_FROM}} invalid{{/E_FROM}}">
<label for="f-from">开始日期（可不填）</label>
<input id="f-from" name="from" type="text" inputmode="numeric" maxlength="10" placeholder="2026-06-01" value="{{V_FROM}}" aria-describedby="h-range{{#E_FROM}} e-from{{/E_FROM}}"{{#E_FROM}} aria-invalid="true"{{/E_FROM}}>
{{#E_FROM}}<p class="err" id="e-from">{{MSG}}</p>{{/E_FROM}}
</div>
<div class="field{{#E_TO}} invalid{{/E_TO}}">
<label for="f-to">结束日期（可不填）</label>
<input id="f-to" name="to" type="text" inputmode="numeric" maxlength="10" placeholder="2026-06-30" value="{{V_TO}}" aria-describedby="h-range{{#E_TO}} e-to{{/E_TO}}"{{#E_TO}} aria-invalid="true"{{/E_TO}}>
<p class="hint" id="h-range">年-月-日，含这两天。两个都填时不看月份。</p>
{{#E_TO}}<p class="err" id="e-to">{{MSG}}</p>{{/E_TO}}
</div>
<button class="button" type="submit">查看台账</button>
</form>
{{#LEDGER}}<h2>{{PLACE_NAME}} · {{FROM}} 至 {{TO}}</h2>
<p><a class="button" href="/desk/ledger.xlsx?{{QS}}" download>下载 Excel 台账</a> <a class="button secondary" href="/desk/ledger/print?{{QS}}">打印台账</a></p>
<div class="scroll" tabindex="0" role="region" aria-label="台账合计"><table class="data"><caption>合计</caption>
<tbody>
<tr><th scope="row">群众点单</th><td>{{T_ORDERS}} 件，已完成 {{T_DONE}} 件，已评价 {{T_RATED}} 件（满意及以上 {{T_SATISFIED}} 件），确认服务时长 {{T_ORDER_HOURS}} 小时</td></tr>
<tr><th scope="row">活动</th><td>{{T_ACTIVITIES}} 项，报名 {{T_SIGNUPS}} 人次，签到 {{T_SIGNED_IN}} 人次，签退 {{T_SIGNED_OUT}} 人次，确认服务时长 {{T_ACTIVITY_HOURS}} 小时</td></tr>
<tr><th scope="row">志愿者</th><td>{{T_VOLUNTEERS}} 人，确认服务时长 {{T_VOLUNTEER_HOURS}} 小时，积分 {{T_POINTS}}（每小时 {{PER_HOUR}} 分）</td></tr>
</tbody></table></div>
{{/LEDGER}}
