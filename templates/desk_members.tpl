{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>志愿者名单</h1>
<p class="lead">{{SCOPE}}的志愿者和他们已确认的服务时长。</p>
{{#EMPTY}}<p class="note">还没有志愿者。</p>{{/EMPTY}}
<ul class="rows">
{{#MEMBER}}<li><p><strong>{{NAME}}</strong>（{{NUMBER}}）{{#PARTY}} <span class="tag">党员</span>{{/PARTY}}{{#DISABLED}} <span class="state state-cancelled">已停用</span>{{/DISABLED}} · {{PLACE}} · {{PHONE}} · {{HOURS}} 小时</p>
{{#CAN_DISABLE}}<form method="post" action="/desk/members/{{ID}}/disable"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">停用</button></form>{{/CAN_DISABLE}}
{{#CAN_RESTORE}}<form method="post" action="/desk/members/{{ID}}/restore"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">恢复</button></form>{{/CAN_RESTORE}}</li>
{{/MEMBER}}</ul>
