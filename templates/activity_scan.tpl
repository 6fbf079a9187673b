{{%AUTOESCAPE context="HTML"}}<h1>{{WORD}}：{{TITLE}}</h1>
<p>{{DATE}} {{TIME}} · {{PLACE}}</p>
{{#GOOD}}<div class="notice" role="status"><p>{{OUTCOME}}</p></div>{{/GOOD}}
{{#BAD}}<div class="errors" role="alert"><p>{{OUTCOME}}</p></div>{{/BAD}}
{{#ASK}}<form method="post" action="/a/{{ID}}/{{WHAT_PATH}}/{{TOKEN}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p>{{VNAME}}，请点下面的按钮完成{{WORD}}，时间以点按的时刻为准。</p>
<p><button class="button" type="submit">确认{{WORD}}</button></p>
</form>{{/ASK}}
<p><a href="/activities/{{ID}}">活动详情</a> · <a href="/v/me">我的服务记录</a></p>
