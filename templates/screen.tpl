{{%AUTOESCAPE context="HTML"}}<div class="screen">
<h1>朔城区新时代文明实践中心 · 四单工作法</h1>
{{#MOVING}}<p class="stop"><a href="/screen?refresh=0">停止自动刷新</a></p>{{/MOVING}}{{#STILL}}<p class="stop"><a href="/screen">恢复自动刷新</a></p>{{/STILL}}
<p class="meta">更新于 <time datetime="{{NOW}}">{{NOW}}</time>（北京时间）{{#MOVING}}，每分钟自动刷新{{/MOVING}}</p>
<section aria-labelledby="h-today">
<h2 id="h-today">今日</h2>
<ul class="big">
<li><strong>{{T_REQUESTS}}</strong><span>群众点单</span></li>
<li><strong>{{T_DISPATCHED}}</strong><span>中心派单</span></li>
<li><strong>{{T_ACCEPTED}}</strong><span>志愿者接单</span></li>
<li><strong>{{T_COMPLETED}}</strong><span>办结</span></li>
<li><strong>{{T_SATISFACTION}}</strong><span>满意率（{{T_RATED}} 个评价）</span></li>
</ul>
</section>
<section aria-labelledby="h-queue">
<h2 id="h-queue">待办</h2>
<ul class="big">
<li><strong>{{Q_SUBMITTED}}</strong><span>待审核</span></li>
<li><strong>{{Q_DISPATCHED}}</strong><span>已派单</span></li>
<li><strong>{{Q_PUBLISHED}}</strong><span>待接单</span></li>
<li><strong>{{Q_ACCEPTED}}</strong><span>已接单</span></li>
<li{{#LATE}} class="late"{{/LATE}}><strong>{{Q_OVERDUE}}</strong><span>已超时</span></li>
</ul>
</section>
</div>
