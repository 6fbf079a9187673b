{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>工作动态</h1>
<p class="lead">{{SCOPE}}的工作动态和活动风采。先保存为草稿，检查无误再发布；发布后出现在门户的<a href="/news">工作动态</a>和所涉阵地、平台的页面上，所有人都能看到。活动结束后，可以在<a href="/desk/activities">活动管理</a>的活动页面发布这个活动的活动风采。</p>
{{#HAS_FLASH}}<div class="notice" role="status"><p>{{FLASH}}</p></div>{{/HAS_FLASH}}
<p><a class="button" href="/desk/news/new">写工作动态</a></p>
<ul class="rows">
{{#NEWS}}<li><p><a href="/desk/news/{{NEWS_ID}}"><strong>{{NEWS_TITLE}}</strong></a> {{#DRAFT}}<span class="state">草稿</span>{{/DRAFT}}{{#PUBLISHED}}<span class="state state-completed">已发布</span>{{/PUBLISHED}}{{#IS_FENGCAI}} <span class="tag">活动风采</span>{{/IS_FENGCAI}}{{#NEWS_DEMO}} <span class="tag">演示</span>{{/NEWS_DEMO}}</p>
<p class="meta">{{PLACE}}{{#HAS_PLATFORM}} · {{PLATFORM}}{{/HAS_PLATFORM}} · {{AUTHOR}} · 最后修改 {{UPDATED}} · 照片 {{PHOTOS}} 张</p></li>
{{/NEWS}}</ul>
{{#EMPTY}}<p class="note">还没有工作动态。</p>{{/EMPTY}}
{{#PAGER}}<p class="pager">{{#HAS_PREV}}<a href="{{PREV_HREF}}" rel="prev">上一页</a> {{/HAS_PREV}}{{#HAS_NEXT}}<a href="{{NEXT_HREF}}" rel="next">下一页</a>{{/HAS_NEXT}}</p>{{/PAGER}}
