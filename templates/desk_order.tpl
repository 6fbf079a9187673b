{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>申请详情</h1>
{{#HAS_NOTICE}}<div class="notice" role="alert"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{>SUMMARY}}
{{>RATE}}
<section aria-labelledby="h-detail">
<h2 id="h-detail">申请内容（仅工作人员可见）</h2>
<dl class="summary">
<dt>需求</dt><dd class="pre">{{NEED:pre_escape}}</dd>
<dt>详细地址</dt><dd>{{ADDRESS}}</dd>
<dt>希望时间</dt><dd>{{WANTED}}</dd>
<dt>联系人</dt><dd>{{CONTACT_NAME}}</dd>
<dt>手机</dt><dd><a href="tel:{{CONTACT_PHONE}}">{{CONTACT_PHONE}}</a></dd>
{{#HAS_EMAIL}}<dt>邮箱</dt><dd>{{CONTACT_EMAIL}}</dd>{{/HAS_EMAIL}}
<dt>来源</dt><dd>{{CHANNEL}}</dd>
{{#HAS_TEAM}}<dt>服务队</dt><dd>{{TEAM}}</dd>{{/HAS_TEAM}}
{{#HAS_AREA}}<dt>抢单范围</dt><dd>{{AREA}}</dd>{{/HAS_AREA}}
<dt>办理期限</dt><dd>{{DUE}}</dd>
</dl>
<p class="note">您查看联系电话的记录会被保存，以备核查。</p>
</section>

<section aria-labelledby="h-act">
<h2 id="h-act">办理</h2>
{{#ACT_DISPATCH}}<form class="form act" method="post" action="/desk/order/{{CODE}}/dispatch">
<input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="version" value="{{VERSION}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-team">{{LABEL}}给服务队</label>
<select id="f-team" name="team">{{#TEAM_OPT}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}{{#SUGGESTED}}（推荐）{{/SUGGESTED}}</option>{{/TEAM_OPT}}</select>
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
<p class="hint">推荐：专长与服务平台相符、服务范围覆盖该地点的队伍，就近优先。</p></div>
<p><button class="button" type="submit">{{LABEL}}</button></p>
</form>{{/ACT_DISPATCH}}
{{#ACT_PUBLISH}}<form class="form act" method="post" action="/desk/order/{{CODE}}/publish">
<input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="version" value="{{VERSION}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-area">发布抢单，让这一范围的志愿者接单</label>
<select id="f-area" name="area"><option value="{{PLACE_ID}}">{{PLACE}}</option>{{#HAS_INST}}<option value="{{INST_ID}}">{{INST}}</option>{{/HAS_INST}}<option value="{{CENTER_ID}}">全区</option></select>
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}</div>
<p><button class="button secondary" type="submit">发布抢单</button></p>
</form>{{/ACT_PUBLISH}}
{{#ACT_DUE}}<form class="form act" method="post" action="/desk/order/{{CODE}}/due">
<input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="version" value="{{VERSION}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-due">办理期限</label>
<input id="f-due" name="due" type="datetime-local" value="{{DUE_INPUT}}">
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}</div>
<p><button class="button secondary" type="submit">修改期限</button></p>
</form>{{/ACT_DUE}}
{{#ACT_REJECT}}<form class="form act" method="post" action="/desk/order/{{CODE}}/reject">
<input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="version" value="{{VERSION}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-reject">不予受理的原因（群众可以看到）</label>
<textarea id="f-reject" name="reason" rows="2" maxlength="200">{{TYPED}}</textarea>
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}</div>
<p><button class="button secondary" type="submit">不予受理</button></p>
</form>{{/ACT_REJECT}}
{{#ACT_CANCEL}}<form class="form act" method="post" action="/desk/order/{{CODE}}/cancel">
<input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="version" value="{{VERSION}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-cancel">取消的原因（群众可以看到）</label>
<textarea id="f-cancel" name="reason" rows="2" maxlength="200">{{TYPED}}</textarea>
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}</div>
<p><button class="button secondary" type="submit">取消申请</button></p>
</form>{{/ACT_CANCEL}}
</section>

<section aria-labelledby="h-notes">
<h2 id="h-notes">内部备注（群众看不到）</h2>
<ul class="notes">{{#NOTE}}<li><p class="meta">{{WHEN}} · {{WHO}}</p><p class="pre">{{TEXT:pre_escape}}</p></li>{{/NOTE}}</ul>
{{#ACT_NOTE}}<form class="form act" method="post" action="/desk/order/{{CODE}}/note">
<input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="version" value="{{VERSION}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-note">添加备注</label>
<textarea id="f-note" name="note" rows="2" maxlength="500">{{TYPED}}</textarea>
{{#HAS_ERROR}}<p class="err" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}</div>
<p><button class="button secondary" type="submit">保存备注</button></p>
</form>{{/ACT_NOTE}}
</section>
