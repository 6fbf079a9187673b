{{%AUTOESCAPE context="HTML"}}<article class="certificate">
<h1>志愿服务记录证明</h1>
<p>兹证明 <strong>{{NAME}}</strong>（志愿者编号 {{NUMBER}}）截至 {{ISSUED}}，在朔城区新时代文明实践中心组织的志愿服务中，经组织方确认的服务记录共 {{RECORDS}} 条，累计服务时长 <strong>{{HOURS}}</strong> 小时。</p>
{{#STARS}}{{#HAS_STARS}}<p class="stars">按累计服务时长评定为 <span aria-hidden="true">{{GLYPHS}}</span> <strong>{{TITLE}}</strong>。</p>{{/HAS_STARS}}{{/STARS}}
<table>
<caption>服务记录</caption>
<thead><tr><th scope="col">日期</th><th scope="col">服务</th><th scope="col">时长（小时）</th></tr></thead>
<tbody>{{#RECORD}}<tr><td>{{DATE}}</td><td>{{SERVICE}}</td><td>{{HOURS}}</td></tr>{{/RECORD}}</tbody>
</table>
<p>依据《志愿服务记录与证明出具办法（试行）》出具。</p>
<p class="issuer">朔城区新时代文明实践中心<br>{{ISSUED}}</p>
<p class="verify">核验码：<strong>{{CODE}}</strong>　核验网址：{{VERIFY_URL}}/verify/{{CODE}}</p>
</article>
<p class="noprint"><a href="/v/me">← 我的服务记录</a> · 打印：用浏览器菜单中的“打印”（手机上多在“分享”里），即可打印在 A4 纸上或存为 PDF，打印出来不带网站的导航。</p>
