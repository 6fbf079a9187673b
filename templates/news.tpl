{{%AUTOESCAPE context="HTML"}}<p class="crumbs"><a href="/news">工作动态</a></p>
<article class="news">
<h1>{{NEWS_TITLE}}</h1>
<p class="meta"><time datetime="{{DAY}}">{{DATE}}</time> · 发布单位：{{UNIT}}{{#NEWS_DEMO}} <span class="tag">演示</span>{{/NEWS_DEMO}}</p>
<dl class="facts">
<dt>阵地</dt><dd><a href="/sites/{{PLACE_ID}}">{{PLACE}}</a></dd>
{{#HAS_PLATFORM}}<dt>平台</dt><dd><a href="/platforms/{{PLATFORM_CODE}}">{{PLATFORM}}</a></dd>{{/HAS_PLATFORM}}
{{#IS_FENGCAI}}<dt>活动</dt><dd><a href="/activities/{{ACTIVITY_ID}}">{{ACTIVITY_TITLE}}</a>（活动风采）</dd>{{/IS_FENGCAI}}
</dl>
{{#PARA}}<p class="pre">{{TEXT:pre_escape}}</p>
{{/PARA}}{{#HAS_PHOTOS}}<h2 class="sr">照片（{{N_PHOTOS}} 张）</h2>
<p class="photos">{{#PHOTO}}<a href="{{SRC}}"><img src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="{{ALT}}，点击看大图"></a>
{{/PHOTO}}</p>{{/HAS_PHOTOS}}
</article>
<p><a href="/news">← 全部工作动态</a></p>
