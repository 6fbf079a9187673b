{{%AUTOESCAPE context="HTML"}}{{#LIST}}<ul class="rows newslist">
{{#NEWS}}<li>{{#THUMB_IMG}}<img class="newsthumb" src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="">{{/THUMB_IMG}}<p class="newstitle"><a href="/news/{{NEWS_ID}}">{{NEWS_TITLE}}</a>{{#IS_FENGCAI}} <span class="tag">活动风采</span>{{/IS_FENGCAI}}{{#NEWS_DEMO}} <span class="tag">演示</span>{{/NEWS_DEMO}}</p><p class="meta"><time datetime="{{DAY}}">{{DATE}}</time> · {{PLACE}}{{#HAS_PLATFORM}} · {{PLATFORM}}{{/HAS_PLATFORM}}</p><p class="excerpt">{{EXCERPT}}</p></li>
{{/NEWS}}</ul>
{{/LIST}}{{#NO_NEWS}}<p class="note">暂无工作动态。</p>
{{/NO_NEWS}}{{#ALL_LINK}}<p><a href="/news">全部工作动态</a></p>
{{/ALL_LINK}}
