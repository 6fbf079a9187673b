{{%AUTOESCAPE context="HTML"}}<p><a href="/desk/news">← 工作动态</a></p>
<h1>{{HEADING}}</h1>
{{#IS_NEW}}<p class="lead">可以先保存为草稿，检查无误再发布；发布后出现在门户的<a href="/news">工作动态</a>和所选阵地、平台的页面上，所有人都能看到。带 <span class="req">*</span> 的是必填项。</p>{{/IS_NEW}}
{{#IS_EDIT}}<p class="lead">{{#DRAFT}}<span class="state">草稿</span> 只有工作人员能看到。{{/DRAFT}}{{#PUBLISHED}}<span class="state state-completed">已发布</span> 修改保存后立即显示在<a href="/news/{{NEWS_ID}}">公开页面</a>上。{{/PUBLISHED}} 撰写：{{AUTHOR}} · 最后修改：{{UPDATED}}</p>{{/IS_EDIT}}
{{#FENGCAI}}<p>这是活动<a href="/desk/activities/{{ACTIVITY_ID}}">{{ACTIVITY_TITLE}}</a>的活动风采，发布后也显示在<a href="/activities/{{ACTIVITY_ID}}">活动页面</a>上。</p>{{/FENGCAI}}
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#EXISTING}}<div class="notice" role="alert"><p>这个活动已经有一篇活动风采，每个活动发布一篇即可：<a href="/desk/news/{{EXISTING_ID}}">打开那一篇修改</a>。下面填写的内容还没有保存。</p></div>{{/EXISTING}}
{{#HAS_ERRORS}}<div class="errors" role="alert" id="errors">
<p>有 {{NERRORS}} 处需要修改，您填写的内容和选好的照片都已保留，还没有保存：</p>
<ul>{{#ERROR_ITEM}}<li><a href="#f-{{FIELD}}">{{LABEL}}：{{MSG}}</a></li>{{/ERROR_ITEM}}</ul>
</div>{{/HAS_ERRORS}}
{{#IS_EDIT}}{{#DRAFT}}<form class="inline" method="post" action="/desk/news/{{NEWS_ID}}/publish"><input type="hidden" name="csrf" value="{{CSRF}}"><p><button class="button" type="submit">发布</button> <span class="hint">发布已保存的内容；有改动请先保存。</span></p></form>{{/DRAFT}}{{#PUBLISHED}}<form class="inline" method="post" action="/desk/news/{{NEWS_ID}}/unpublish"><input type="hidden" name="csrf" value="{{CSRF}}"><p><button class="button secondary" type="submit">撤回为草稿</button> <span class="hint">撤回后公众看不到这篇动态和它的照片。</span></p></form>{{/PUBLISHED}}{{/IS_EDIT}}
<form class="form" method="post" action="{{ACTION}}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FENGCAI_NEW}}<input type="hidden" name="activity" value="{{ACTIVITY_ID}}">{{/FENGCAI_NEW}}
<div class="field{{#E_TITLE}} invalid{{/E_TITLE}}">
<label for="f-title">标题（发布后群众可以看到） <span class="req">*</span></label>
<input id="f-title" name="title" type="text" maxlength="60" value="{{V_TITLE}}" aria-required="true" aria-describedby="h-title{{#E_TITLE}} e-title{{/E_TITLE}}"{{#E_TITLE}} aria-invalid="true"{{/E_TITLE}}>
<p class="hint" id="h-title">最多60个字。</p>
{{#E_TITLE}}<p class="err" id="e-title">{{MSG}}</p>{{/E_TITLE}}
</div>
<div class="field{{#E_BODY}} invalid{{/E_BODY}}">
<label for="f-body">正文（发布后群众可以看到） <span class="req">*</span></label>
<textarea id="f-body" name="body" rows="12" maxlength="5000" aria-required="true" aria-describedby="h-body{{#E_BODY}} e-body{{/E_BODY}}"{{#E_BODY}} aria-invalid="true"{{/E_BODY}}>{{V_BODY:pre_escape}}</textarea>
<p class="hint" id="h-body">最多5000字，只写文字（不支持网页格式）；空一行另起一段。不要写群众的姓名、电话和住址。</p>
{{#E_BODY}}<p class="err" id="e-body">{{MSG}}</p>{{/E_BODY}}
</div>
<div class="field{{#E_ORG}} invalid{{/E_ORG}}">
<label for="f-org">涉及的阵地 <span class="req">*</span></label>
<select id="f-org" name="org" aria-required="true" aria-describedby="h-org{{#E_ORG}} e-org{{/E_ORG}}"{{#E_ORG}} aria-invalid="true"{{/E_ORG}}>
<option value="">请选择</option>
{{#PLACE_OPT}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/PLACE_OPT}}</select>
<p class="hint" id="h-org">动态显示在这个阵地的页面上；实践所的页面也显示所属各站的动态。</p>
{{#E_ORG}}<p class="err" id="e-org">{{MSG}}</p>{{/E_ORG}}
</div>
<div class="field{{#E_PLATFORM}} invalid{{/E_PLATFORM}}">
<label for="f-platform">服务平台</label>
<select id="f-platform" name="platform" aria-describedby="h-platform{{#E_PLATFORM}} e-platform{{/E_PLATFORM}}"{{#E_PLATFORM}} aria-invalid="true"{{/E_PLATFORM}}>
<option value=""{{#NO_PLATFORM}} selected{{/NO_PLATFORM}}>不属于某个平台</option>
{{#PLATFORM_OPT}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/PLATFORM_OPT}}</select>
<p class="hint" id="h-platform">选了平台，动态也显示在这个平台的页面上。</p>
{{#E_PLATFORM}}<p class="err" id="e-platform">{{MSG}}</p>{{/E_PLATFORM}}
</div>
<div class="field{{#E_PHOTO}} invalid{{/E_PHOTO}}">
<label for="f-photo">照片（发布后群众可以看到）</label>
<input id="f-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" multiple{{#NO_ROOM}} disabled{{/NO_ROOM}} aria-describedby="h-photo{{#E_PHOTO}} e-photo{{/E_PHOTO}}"{{#E_PHOTO}} aria-invalid="true"{{/E_PHOTO}}>
<p class="hint" id="h-photo">{{PHOTO_HINT}}照片上不要出现群众的面孔和门牌，除非本人同意。</p>
{{#HAS_STAGED}}<p class="note">已选好 {{COUNT}} 张照片，保存时一起保存，不用重新选择。</p>
{{#STAGED}}<input type="hidden" name="photo_staged" value="{{NAME}}">
{{/STAGED}}{{/HAS_STAGED}}{{#E_PHOTO}}<p class="err" id="e-photo">{{MSG}}</p>{{/E_PHOTO}}
</div>
{{#IS_NEW}}<p><button class="button" type="submit" name="publish" value="0">保存草稿</button> <button class="button secondary" type="submit" name="publish" value="1">保存并发布</button></p>{{/IS_NEW}}
{{#IS_EDIT}}<p><button class="button" type="submit">保存修改</button></p>{{/IS_EDIT}}
</form>
{{#IS_EDIT}}{{#HAS_PHOTOS}}<section aria-labelledby="h-photos">
<h2 id="h-photos">已保存的照片（{{N_PHOTOS}} 张）</h2>
<ul class="rows photos">
{{#PHOTO}}<li><a href="{{SRC}}"><img src="{{THUMB}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy" alt="{{ALT}}"></a><form method="post" action="/desk/news/{{NEWS_ID}}/photos/{{ID}}/remove"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="button secondary" type="submit">删除{{ALT}}</button></form></li>
{{/PHOTO}}</ul>
</section>{{/HAS_PHOTOS}}{{/IS_EDIT}}
