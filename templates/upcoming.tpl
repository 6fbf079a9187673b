{{%AUTOESCAPE context="HTML"}}<ul class="rows upcoming">
{{#ACTIVITY}}<li><p><a href="{{ACT_HREF}}">{{ACT_TITLE}}</a>{{#ACT_DEMO}} <span class="tag">演示</span>{{/ACT_DEMO}}</p><p class="meta"><time datetime="{{ACT_DATE}}">{{ACT_WHEN}}</time> · {{ACT_SITE}} · {{ACT_PLATFORM}}</p></li>
{{/ACTIVITY}}</ul>
{{#NO_ACTIVITY}}<p class="note">近期暂无已发布的活动。</p>{{/NO_ACTIVITY}}
