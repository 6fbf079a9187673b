{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a>{{#HAS_LIST}} · <a href="/desk/sites">站点信息</a>{{/HAS_LIST}}</p>
<h1>{{NAME}}</h1>
<p class="lead">{{KIND}}{{#PARENT}}，属于{{PARENT_NAME}}{{/PARENT}}。这里登记的地址、开放时间、办公电话和位置会显示在<a href="/sites/{{ID}}">公开的站点页面</a>和<a href="/map?view=geo">一图可视地图</a>上，群众都能看到。</p>
{{#HAS_NOTICE}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>{{/HAS_NOTICE}}
{{#HAS_ERRORS}}<div class="errors" role="alert" id="errors">
<p>有 {{NERRORS}} 处需要修改，您填写的内容都已保留，还没有保存：</p>
<ul>{{#ERROR_ITEM}}<li><a href="#f-{{FIELD}}">{{LABEL}}：{{MSG}}</a></li>{{/ERROR_ITEM}}</ul>
</div>{{/HAS_ERRORS}}
<form class="form" method="post" action="/desk/sites/{{ID}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#E_ADDRESS}} invalid{{/E_ADDRESS}}">
<label for="f-address">地址</label>
<input id="f-address" name="address" type="text" maxlength="100" value="{{V_ADDRESS}}" aria-describedby="h-address{{#E_ADDRESS}} e-address{{/E_ADDRESS}}"{{#E_ADDRESS}} aria-invalid="true"{{/E_ADDRESS}}>
<p class="hint" id="h-address">最多100个字，如：朔城区神头镇马邑村村委会院内。留空表示暂未登记。</p>
{{#E_ADDRESS}}<p class="err" id="e-address">{{MSG}}</p>{{/E_ADDRESS}}
</div>
<div class="field{{#E_HOURS}} invalid{{/E_HOURS}}">
<label for="f-open_hours">开放时间</label>
<input id="f-open_hours" name="open_hours" type="text" maxlength="100" value="{{V_HOURS}}" aria-describedby="h-open_hours{{#E_HOURS}} e-open_hours{{/E_HOURS}}"{{#E_HOURS}} aria-invalid="true"{{/E_HOURS}}>
<p class="hint" id="h-open_hours">最多100个字，如：周一至周五 8:30-17:30。</p>
{{#E_HOURS}}<p class="err" id="e-open_hours">{{MSG}}</p>{{/E_HOURS}}
</div>
<div class="field{{#E_PHONE}} invalid{{/E_PHONE}}">
<label for="f-office_phone">办公电话</label>
<input id="f-office_phone" name="office_phone" type="tel" maxlength="40" value="{{V_PHONE}}" aria-describedby="h-office_phone{{#E_PHONE}} e-office_phone{{/E_PHONE}}"{{#E_PHONE}} aria-invalid="true"{{/E_PHONE}}>
<p class="hint" id="h-office_phone">单位的座机号码，带区号，如 0349-5021234。这个号码公开显示，请不要填个人手机。</p>
{{#E_PHONE}}<p class="err" id="e-office_phone">{{MSG}}</p>{{/E_PHONE}}
</div>
<fieldset class="place">
<legend>位置（坐标）</legend>
<p class="hint" id="h-position">用小数表示的度数，如纬度 39.3325、经度 112.4286（在手机地图上长按站点所在位置可以看到）。两项都留空表示暂未登记。</p>
<div class="field{{#E_LAT}} invalid{{/E_LAT}}">
<label for="f-lat">纬度</label>
<input id="f-lat" name="lat" type="text" inputmode="decimal" maxlength="20" value="{{V_LAT}}" aria-describedby="h-position{{#E_LAT}} e-lat{{/E_LAT}}"{{#E_LAT}} aria-invalid="true"{{/E_LAT}}>
{{#E_LAT}}<p class="err" id="e-lat">{{MSG}}</p>{{/E_LAT}}
</div>
<div class="field{{#E_LON}} invalid{{/E_LON}}">
<label for="f-lon">经度</label>
<input id="f-lon" name="lon" type="text" inputmode="decimal" maxlength="20" value="{{V_LON}}" aria-describedby="h-position{{#E_LON}} e-lon{{/E_LON}}"{{#E_LON}} aria-invalid="true"{{/E_LON}}>
{{#E_LON}}<p class="err" id="e-lon">{{MSG}}</p>{{/E_LON}}
</div>
</fieldset>
<p><button class="button" type="submit">保存</button></p>
</form>
<section aria-labelledby="h-changes">
<h2 id="h-changes">修改记录</h2>
<p class="note">每一次保存改动了哪一项、由谁、什么时候改的，都记录在这里（最近30条）。</p>
<ul class="notes">{{#CHANGE}}<li><p>{{WHEN}} · {{USER}} · {{FIELD}}</p><p>原来：{{#OLD}}{{OLD_VALUE}}{{/OLD}}{{#NO_OLD}}（未登记）{{/NO_OLD}} → 改为：{{#NEW}}{{NEW_VALUE}}{{/NEW}}{{#NO_NEW}}（未登记）{{/NO_NEW}}</p></li>
{{/CHANGE}}</ul>
</section>
