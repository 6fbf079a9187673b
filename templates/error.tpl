{{%AUTOESCAPE context="HTML"}}<section class="error">
<h1>{{HEADING}}</h1>
<p class="lead">{{ADVICE}}</p>
<p><a class="button" href="{{BACK_HREF}}">{{BACK_LABEL}}</a></p>
<p class="meta">错误代码 {{STATUS}} · 请求编号 <code>{{REQUEST_ID}}</code>（如需帮助，请向文明实践中心提供此编号）</p>
</section>
