{{%AUTOESCAPE context="HTML"}}{{#RATE_NOTICE}}<div class="notice" role="alert"><p>{{MESSAGE}}</p></div>{{/RATE_NOTICE}}
{{#RATED}}<section aria-labelledby="h-rated">
<h2 id="h-rated">群众评价</h2>
<p><strong>{{LEVEL}}</strong>{{#HAS_TAGS}} · {{TAGS}}{{/HAS_TAGS}}</p>
{{#HAS_COMMENT}}<p class="pre">{{COMMENT:pre_escape}}</p>{{/HAS_COMMENT}}
</section>{{/RATED}}
{{#RATE_FORM}}<section aria-labelledby="h-rate">
<h2 id="h-rate">评价这次服务</h2>
{{#HAS_RATE_ERROR}}<div class="errors" role="alert"><p>{{RATE_ERROR}}</p></div>{{/HAS_RATE_ERROR}}
<form class="form" method="post" action="{{RATE_ACTION}}" novalidate>
<input type="hidden" name="nonce" value="{{RATE_NONCE}}">
<input type="hidden" name="csrf" value="{{RATE_CSRF}}">
{{#LAST4}}<div class="field"><label for="f-last4">提交申请时所留手机号的后四位</label><input id="f-last4" name="last4" type="text" inputmode="numeric" maxlength="4" autocomplete="off"></div>{{/LAST4}}
<fieldset class="field"><legend>您满意吗？</legend>
{{#LEVEL_OPT}}<label class="radio"><input type="radio" name="level" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}> {{LABEL}}</label>{{/LEVEL_OPT}}
</fieldset>
<fieldset class="field"><legend>可以多选（选填）</legend>
{{#TAG_OPT}}<label class="radio"><input type="checkbox" name="tag" value="{{TAG}}"{{#CHECKED}} checked{{/CHECKED}}> {{TAG}}</label>{{/TAG_OPT}}
</fieldset>
<div class="field"><label for="f-comment">意见和建议（选填，不超过300字）</label><textarea id="f-comment" name="comment" rows="3" maxlength="300">{{V_COMMENT}}</textarea></div>
<div class="field check"><input id="f-show" name="show" type="checkbox" value="1"{{#SHOW_CHECKED}} checked{{/SHOW_CHECKED}}><label for="f-show">可以在查询页面公开显示我的意见（不显示姓名和电话）</label></div>
<p><button class="button" type="submit">提交评价</button></p>
</form>
<p class="note">每个申请只能评价一次。服务完成后{{RATE_DAYS}}天内可以评价。</p>
</section>{{/RATE_FORM}}
