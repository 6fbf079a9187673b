{{%AUTOESCAPE context="HTML"}}<p><a href="/activities">← 活动日历</a></p>
<h1>{{TITLE}}</h1>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#CANCELLED}}<div class="errors" role="status"><p>这个活动已取消。</p></div>{{/CANCELLED}}
{{#DEMO}}<p class="note">这是演示数据。</p>{{/DEMO}}
<dl class="summary">
<dt>时间</dt><dd>{{DATE}} {{TIME}}</dd>
<dt>地点</dt><dd><a href="/sites/{{SITE_ID}}">{{SITE}}</a>{{#HAS_PLACE}} · {{PLACE}}{{/HAS_PLACE}}</dd>
<dt>平台</dt><dd><a href="/platforms/{{PLATFORM_CODE}}">{{PLATFORM}}</a>{{#HAS_PROJECT}} · <a href="/projects/{{PROJECT_CODE}}">{{PROJECT}}</a>{{/HAS_PROJECT}}</dd>
<dt>报名范围</dt><dd>{{OPEN_TO}}</dd>
<dt>名额</dt><dd>{{CAPACITY}} 人，已报名 {{SIGNED_UP}} 人{{#FULL}}，<strong>已报满</strong>{{/FULL}}{{#NOT_FULL}}，还剩 {{LEFT}} 个{{/NOT_FULL}}</dd>
</dl>
<h2>活动内容</h2>
<p class="pre">{{SUMMARY:pre_escape}}</p>
{{#UNDERWAY}}<p class="note">活动正在进行，报名已截止；已报名的志愿者请扫现场的签到码。</p>{{/UNDERWAY}}
{{#ENDED}}<p class="note">活动已结束。</p>{{/ENDED}}
{{#FENGCAI}}<section class="news" aria-labelledby="h-fengcai">
<h2 id="h-fengcai">活动风采</h2>
<p><strong>{{NEWS_TITLE}}</strong></p>
<p class="meta"><time datetime="{{DAY}}">{{DATE}}</time> · 发布单位：{{UNIT}}</p>
{{#PARA}}<p class="pre">{{TEXT:pre_escape}}</p>
{{/PARA}}{{#HAS_PHOTOS}}<p class="photos">{{#PHOTO}}<a href="{{SRC}}"><img src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="{{ALT}}，点击看大图"></a>
{{/PHOTO}}</p>
{{/HAS_PHOTOS}}<p><a href="/news/{{NEWS_ID}}">在工作动态中查看</a></p>
</section>{{/FENGCAI}}
{{#SIGNED_IN_VOLUNTEER}}{{#VOLUNTEER}}<section aria-labelledby="h-mine">
<h2 id="h-mine">我的报名</h2>
{{#SIGNED}}<p>您已报名。{{#CHECKED_IN}}签到时间 {{CHECKIN}}。{{/CHECKED_IN}}{{#CHECKED_OUT}}签退时间 {{CHECKOUT}}，服务时长 {{MINUTES}} 分钟，{{HOUR_STATUS}}。{{/CHECKED_OUT}}</p>
{{#NOT_CHECKED_IN}}<p class="note">活动当天到现场，扫组织人出示的签到码签到；结束时扫签退码签退。</p>{{/NOT_CHECKED_IN}}{{/SIGNED}}
{{#NOT_OPEN_TO}}<p class="note">这个活动只接受{{OPEN_TO}}报名，您不在范围内。可以看看<a href="/activities">其他活动</a>。</p>{{/NOT_OPEN_TO}}
{{#CAN_SIGN_UP}}<form method="post" action="/activities/{{ID}}/signup"><input type="hidden" name="csrf" value="{{CSRF}}"><p><button class="button" type="submit">报名参加</button></p></form>{{/CAN_SIGN_UP}}
{{#CAN_WITHDRAW}}<form method="post" action="/activities/{{ID}}/withdraw"><input type="hidden" name="csrf" value="{{CSRF}}"><p><button class="button secondary" type="submit">取消报名</button></p></form>{{/CAN_WITHDRAW}}
</section>{{/VOLUNTEER}}{{/SIGNED_IN_VOLUNTEER}}
{{#INVITE}}<p><a class="button" href="/v/login?next=/activities/{{ID}}">志愿者登录后报名</a></p>
<p>还不是志愿者？<a href="/volunteer/join">注册成为志愿者</a>，审核通过后即可报名。</p>{{/INVITE}}
