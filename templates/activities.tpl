{{%AUTOESCAPE context="HTML"}}<h1>{{HEADING}}</h1>
<p class="lead">每月有活动、文明实践365：各实践所、站和服务队发布的活动。注册志愿者登录后可以报名，活动现场扫码签到、签退，服务时长计入志愿服务记录。</p>
<p class="monthnav"><a href="/activities?month={{PREV}}" rel="prev">← 上个月</a> <a href="/activities?month={{NEXT}}" rel="next">下个月 →</a></p>
{{#VOLUNTEER}}<section aria-labelledby="h-mine">
<h2 id="h-mine">我报名的活动</h2>
<ul class="rows">{{#MINE}}<li><a href="/activities/{{ID}}">{{TITLE}}</a> · {{DATE}} {{TIME}} · {{SITE}}</li>{{/MINE}}</ul>
</section>{{/VOLUNTEER}}
<div class="scroll" tabindex="0" role="region" aria-label="月历"><table class="calendar">
<caption>月历（有活动的日期可点击，跳到当天的活动）</caption>
<thead><tr><th scope="col">一</th><th scope="col">二</th><th scope="col">三</th><th scope="col">四</th><th scope="col">五</th><th scope="col">六</th><th scope="col">日</th></tr></thead>
<tbody>
{{#WEEK}}<tr>{{#CELL}}<td>{{#NONE}}{{D}}{{/NONE}}{{#HAS}}<a href="#d-{{DAY_ID}}"><strong>{{D}}</strong><span class="count">{{N}}项</span></a>{{/HAS}}</td>{{/CELL}}</tr>
{{/WEEK}}</tbody></table></div>
<h2>活动列表</h2>
{{#EMPTY}}<p class="note">这个月还没有发布活动。</p>{{/EMPTY}}
{{#DAY}}<section aria-labelledby="d-{{DAY_ID}}">
<h3 id="d-{{DAY_ID}}">{{DAY_DATE}}</h3>
<ul class="rows">
{{#ACTIVITY}}<li>
<p><a href="/activities/{{ID}}"><strong>{{TITLE}}</strong></a>{{#DEMO}} <span class="tag">演示</span>{{/DEMO}}</p>
<p>{{TIME}} · {{SITE}} · {{PLATFORM}}{{#HAS_PROJECT}} · {{PROJECT}}{{/HAS_PROJECT}}</p>
<p>名额 {{CAPACITY}} 人，{{#FULL}}已报满{{/FULL}}{{#NOT_FULL}}还剩 {{LEFT}} 个{{/NOT_FULL}}</p>
</li>
{{/ACTIVITY}}</ul>
</section>
{{/DAY}}
