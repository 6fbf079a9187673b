{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>申请详情</h1>
{{#HAS_NOTICE}}<div class="notice" role="alert"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{>SUMMARY}}
{{>RATE}}
<section aria-labelledby="h-detail">
<h2 id="h-detail">申请内容（仅工作人员可见）</h2>
<dl class="summary">
<dt>平台</dt><dd>{{PLATFORM}}</dd>
<dt>需求</dt><dd class="pre">{{NEED:pre_escape}}</dd>
<dt>详细地址</dt><dd>{{ADDRESS}}</dd>
<dt>希望时间</dt><dd>{{WANTED}}</dd>
<dt>联系人</dt><dd>{{CONTACT_NAME}}</dd>
<dt>联系电话</dt><dd>{{#PHONE_SHOWN}}<a href="tel:{{CONTACT_PHONE}}">{{CONTACT_PHONE}}</a>{{/PHONE_SHOWN}}{{#PHONE_HIDDEN}}{{PHONE_MASKED}}{{/PHONE_HIDDEN}}{{#LANDLINE}}（座机）{{/LANDLINE}}{{#NO_PHONE}}（已按规定清除）{{/NO_PHONE}}
{{#PHONE_HIDDEN}}<form class="form act reveal" method="post" action="/desk/order/{{CODE}}/reveal" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-why">查看完整号码的原因</label>
<select id="f-why" name="reason"{{#HAS_ERROR}} aria-invalid="true" aria-describedby="e-why"{{/HAS_ERROR}}>{{#REASON_OPT}}<option{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/REASON_OPT}}</select></div>
<div class="field{{#HAS_ERROR}} invalid{{/HAS_ERROR}}"><label for="f-why-detail">说明（选“其他”时必填）</label>
<input id="f-why-detail" name="detail" type="text" maxlength="60" value="{{DETAIL}}">
{{#HAS_ERROR}}<p class="err" id="e-why" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}</div>
<p><button class="button secondary" type="submit">显示</button></p>
</form>{{/PHONE_HIDDEN}}</dd>
{{#HAS_EMAIL}}<dt>邮箱</dt><dd>{{CONTACT_EMAIL}}</dd>{{/HAS_EMAIL}}
<dt>来源</dt><dd>{{CHANNEL}}</dd>
{{#HAS_TEAM}}<dt>服务队</dt><dd>{{TEAM}}</dd>{{/HAS_TEAM}}
{{#HAS_AREA}}<dt>抢单范围</dt><dd>{{AREA}}</dd>{{/HAS_AREA}}
<dt>办理期限</dt><dd>{{DUE}}</dd>
</dl>
<p class="note">电话号码默认只显示前三位和后四位。点“显示”查看完整号码时，您和您选择的原因会被记录，以备核查。</p>
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
