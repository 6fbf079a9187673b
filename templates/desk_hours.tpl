{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>服务时长确认</h1>
<p class="lead">谁组织谁记录：志愿者报告的服务时长，由组织这次服务的服务队队长或中心确认后，才计入服务记录。</p>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#EMPTY}}<p class="note">没有等待确认的服务时长。</p>{{/EMPTY}}
<ul class="rows">
{{#HOUR}}<li>
<p><strong>{{VOLUNTEER}}</strong>（{{NUMBER}}） · {{MINUTES}} 分钟</p>
<p>{{SERVICE}}{{#HAS_CODE}} · <a href="/desk/order/{{CODE}}">{{CODE_FMT}}</a>{{/HAS_CODE}}{{#HAS_ACTIVITY}} · <a href="/desk/activities/{{ACTIVITY_ID}}">活动签到记录</a>{{/HAS_ACTIVITY}} · {{STARTED}}–{{ENDED}}</p>
<p class="pre">{{WHAT:pre_escape}}</p>
<form method="post" action="/desk/hours/{{ID}}/confirm"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button" type="submit">确认</button></form>
<details{{#OPEN}} open{{/OPEN}}><summary>更正时长</summary>
<form class="form" method="post" action="/desk/hours/{{ID}}/correct" novalidate><input type="hidden" name="csrf" value="{{CSRF}}">
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
<div class="field"><label for="m-{{ID}}">实际分钟数</label><input id="m-{{ID}}" name="minutes" type="text" inputmode="numeric" maxlength="4" value="{{V_MINUTES}}"></div>
<div class="field"><label for="r-{{ID}}">更正原因</label><textarea id="r-{{ID}}" name="reason" rows="2" maxlength="200">{{V_REASON}}</textarea></div>
<button class="button secondary" type="submit">更正并确认</button></form></details>
</li>
{{/HOUR}}</ul>
