{{%AUTOESCAPE context="HTML"}}<h1>{{HEADING}}</h1>
{{#HAS_MESSAGE}}<div class="notice" role="alert"><p>{{MESSAGE}}</p></div>{{/HAS_MESSAGE}}
<p class="lead">输入提交申请时得到的查询码，查看办理进度。也可以用手机扫描申请页面上的二维码。</p>
<form class="form" method="get" action="/track">
<div class="field">
<label for="f-code">查询码</label>
<input id="f-code" name="code" type="text" maxlength="20" autocapitalize="characters" autocomplete="off" spellcheck="false" value="{{TYPED}}" aria-describedby="h-code">
<p class="hint" id="h-code">9位字母和数字，例如 ABC-DEF-GHJ，大小写和横线都可以。</p>
</div>
<p><button class="button" type="submit">查询</button></p>
</form>
{{#NOT_FOUND}}<p>还没有提交申请？<a href="/order/new">现在就去点单</a></p>{{/NOT_FOUND}}
{{#HAS_HOTLINE}}<p class="hotline">找不到查询码，或不方便上网？请拨打服务热线 <a href="tel:{{HOTLINE}}">{{HOTLINE}}</a>。</p>{{/HAS_HOTLINE}}
