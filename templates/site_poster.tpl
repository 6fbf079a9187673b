{{%AUTOESCAPE context="HTML"}}<p class="crumbs noprint"><a href="/sites">文明实践阵地</a> › <a href="/sites/{{ID}}">{{NAME}}</a></p>
<article class="poster" aria-labelledby="poster-name">
<p class="poster-top">朔城区新时代文明实践中心 · 群众点单</p>
<h1 id="poster-name">{{NAME}}</h1>
<p class="poster-kind">{{KIND}}{{#DEMO}}（演示数据）{{/DEMO}}</p>
<p class="poster-call">扫码点单</p>
<img class="poster-qr" src="/sites/{{ID}}/qr.svg" alt="二维码：用手机扫描，打开{{NAME}}的点单页面" width="300" height="300">
<ol class="poster-steps">
<li>用手机相机或微信“扫一扫”扫描上面的二维码。</li>
<li>{{#PRESET}}页面已选好“{{NAME}}”。{{/PRESET}}{{#NO_PRESET}}在页面上选择您所在的实践所和实践站。{{/NO_PRESET}}选择需要的服务，写下需求和联系电话，提交。</li>
<li>记下提交后给出的查询码，随时凭码查看办理进度（一码可查）。</li>
</ol>
<p class="poster-note">不方便用手机？请到站点当面登记{{#HAS_PHONE}}，或拨打办公电话 {{PHONE}}{{/HAS_PHONE}}{{#HAS_HOTLINE}}，或拨打中心服务热线 {{HOTLINE}}{{/HAS_HOTLINE}}。</p>
<p class="poster-url">网址：{{ORDER_URL}}</p>
</article>
<p class="noprint note">打印：用浏览器的“打印”功能，选择 A4 纸张，即可打印这张海报，张贴在站点门口。打印前请用手机扫一下海报上的二维码，确认能打开点单页面；打不开时请联系系统管理员。</p>
