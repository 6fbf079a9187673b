{{%AUTOESCAPE context="HTML"}}<h1>工作动态</h1>
<p class="lead">朔城区新时代文明实践中心和各实践所、站的工作动态、活动风采，最新发布的在前。<a href="/news.atom">订阅（Atom）</a></p>
{{#HAS_FLASH}}<div class="notice" role="status"><p>{{FLASH}}</p></div>{{/HAS_FLASH}}
{{>NEWS_LATEST}}
{{#PAGER}}<p class="pager">{{#HAS_PREV}}<a href="{{PREV_HREF}}" rel="prev">上一页</a> {{/HAS_PREV}}{{#HAS_NEXT}}<a href="{{NEXT_HREF}}" rel="next">下一页</a>{{/HAS_NEXT}}</p>{{/PAGER}}
