{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a></p>
<h1>申请详情</h1>
{{#HAS_NOTICE}}<div class="notice" role="alert"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#HAS_SUCCESS}}<div class="success" role="status"><p>{{SUCCESS}}</p></div>{{/HAS_SUCCESS}}
{{>SUMMARY}}
{{#HAS_URGES}}<section aria-labelledby="h-urge">
<h2 id="h-urge">催办与督办（群众看不到）</h2>
<ol class="timeline urges">
{{#URGE}}<li><time>{{WHEN}}</time> <span class="what">{{WHAT}}</span>{{#HAS_WHO}} · {{WHO}}{{/HAS_WHO}}{{#HAS_NOTE}}<p>{{NOTE}}</p>{{/HAS_NOTE}}</li>
{{/URGE}}</ol>
</section>{{/HAS_URGES}}
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
{{#REQ_PHOTOS}}<dt>群众发来的照片</dt><dd><ul class="photos">{{#PHOTO}}<li><a href="{{SRC}}"><img src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="群众发来的第 {{N}} 张照片"></a></li>{{/PHOTO}}</ul>
<p class="note">只有处理这个申请的工作人员和为它服务的志愿者能看到，不会公开。</p></dd>{{/REQ_PHOTOS}}
{{#MEDIA_URL}}<dt>接口客户端附带的链接</dt><dd><a href="{{URL}}" rel="noopener noreferrer nofollow">{{URL}}</a>
<p class="note">由提交申请的接口客户端提供，本系统没有打开或核实它的内容，请谨慎打开。</p></dd>{{/MEDIA_URL}}
</dl>
<p class="note">电话号码默认只显示前三位和后四位。点“显示”查看完整号码时，您和您选择的原因会被记录，以备核查。</p>
</section>

{{#DONE_PHOTOS}}<section aria-labelledby="h-photos">
<h2 id="h-photos">服务照片</h2>
<p class="note">志愿者结项时拍的照片，默认不公开。可公开：公众可在查询页看到；请勿公开居民面部、门牌。</p>
<ul class="photos marks">{{#PHOTO}}<li><a href="{{SRC}}"><img src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="服务照片第 {{N}} 张"></a>
<p class="mark">{{#IS_PUBLIC}}<strong>可公开</strong>{{/IS_PUBLIC}}{{#IS_PRIVATE}}不公开{{/IS_PRIVATE}}</p>
{{#CAN_PUBLIC}}<form method="post" action="/desk/order/{{CODE}}/photos/{{ID}}/public"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">第 {{N}} 张设为可公开</button></form>{{/CAN_PUBLIC}}
{{#CAN_PRIVATE}}<form method="post" action="/desk/order/{{CODE}}/photos/{{ID}}/private"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">第 {{N}} 张取消公开</button></form>{{/CAN_PRIVATE}}
</li>{{/PHOTO}}</ul>
</section>{{/DONE_PHOTOS}}

<section aria-labelledby="h-act">
<h2 id="h-act">办理</h2>
{{#ACT_URGE}}<form class="form act" method="post" action="/desk/order/{{CODE}}/urge">
<input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="version" value="{{VERSION}}">
<p class="hint" id="h-urge-hint">还没有志愿者接单。催办会再次通知可以接这个任务的志愿者，并记在“办理进度”下的“催办与督办”里。</p>
<p><button class="button secondary" type="submit" aria-describedby="h-urge-hint">催办</button></p>
</form>{{/ACT_URGE}}
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

<section aria-labelledby="h-msgs">
<h2 id="h-msgs">通知记录（群众看不到）</h2>
<p class="note">关于这个申请发出的短信和站内信，以及短信是否送达。</p>
{{#NO_GATEWAY}}<div class="notice"><p>本系统没有配置短信通道：群众不会收到任何短信通知，办理进展请电话告知群众。</p></div>{{/NO_GATEWAY}}
<ul class="rows msglog">{{#MSG}}<li><p class="meta">{{WHEN}} · 给{{TO}}</p><p>{{TEXT}}</p><p class="sms sms-{{SMS_STATE}}">{{SMS}}</p></li>
{{/MSG}}{{#NO_MSG}}<li><p>还没有发出过通知。</p></li>{{/NO_MSG}}</ul>
</section>
