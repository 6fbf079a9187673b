{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>志愿者名单</h1>
<p class="lead">{{SCOPE}}的志愿者和他们已确认的服务时长。</p>
<form class="form narrow" method="get" action="/desk/members" role="search" novalidate>
<div class="field{{#HAS_Q_ERROR}} invalid{{/HAS_Q_ERROR}}"><label for="f-q">按姓名、手机号或志愿者编号查找</label>
<input id="f-q" name="q" type="search" maxlength="{{Q_MAX}}" value="{{V_Q}}"{{#HAS_Q_ERROR}} aria-invalid="true" aria-describedby="e-q"{{/HAS_Q_ERROR}}>
{{#HAS_Q_ERROR}}<p class="err" id="e-q">{{Q_ERROR}}</p>{{/HAS_Q_ERROR}}</div>
<p><button class="button" type="submit">查找</button>{{#SEARCHED}} <a href="/desk/members">显示全部</a>{{/SEARCHED}}</p>
</form>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#ALL}}<p>共 {{TOTAL}} 名志愿者{{#HAS_PAGES}}，第 {{PAGE}} / {{PAGES}} 页{{/HAS_PAGES}}。</p>{{/ALL}}
{{#SEARCHED}}<p>找到 {{TOTAL}} 名志愿者{{#HAS_PAGES}}，第 {{PAGE}} / {{PAGES}} 页{{/HAS_PAGES}}。</p>{{/SEARCHED}}
{{#EMPTY}}<p class="note">还没有志愿者。</p>{{/EMPTY}}
{{#NO_MATCH}}<p class="note">没有找到姓名、手机号或编号含“{{V_Q}}”的志愿者。</p>{{/NO_MATCH}}
<ul class="rows">
{{#MEMBER}}<li><p><strong>{{NAME}}</strong>（{{NUMBER}}）{{#PARTY}} <span class="tag">党员</span>{{/PARTY}}{{#DISABLED}} <span class="state state-cancelled">已停用</span>{{/DISABLED}} · {{PLACE}} · {{PHONE}} · {{HOURS}} 小时{{#HAS_STARS}} · <span aria-hidden="true">{{GLYPHS}}</span> {{STAR_TITLE}}{{/HAS_STARS}}{{#CAN_EXPORT}} · <a href="/desk/members/{{ID}}/hours.csv" download>导出服务记录（CSV）</a>{{/CAN_EXPORT}}</p>
{{#CAN_DISABLE}}<form method="post" action="/desk/members/{{ID}}/disable"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">停用</button></form>{{/CAN_DISABLE}}
{{#CAN_RESTORE}}<form method="post" action="/desk/members/{{ID}}/restore"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">恢复</button></form>{{/CAN_RESTORE}}</li>
{{/MEMBER}}</ul>
{{#HAS_PAGES}}<p class="pager">{{#HAS_PREV}}<a href="{{PREV_HREF}}" rel="prev">上一页</a> {{/HAS_PREV}}{{#HAS_NEXT}}<a href="{{NEXT_HREF}}" rel="next">下一页</a>{{/HAS_NEXT}}</p>{{/HAS_PAGES}}
