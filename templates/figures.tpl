{{%AUTOESCAPE context="HTML"}}<h1>服务数据</h1>
<p class="lead">近12个月（含本月）的群众点单、办理和评价情况。数据由系统每分钟统计一次，不含任何个人信息；本页数字统计于 <time datetime="{{AS_OF}}">{{AS_OF}}</time>（北京时间）。</p>
{{#TOTAL}}<ul class="figures">
<li><strong>{{REQUESTS}}</strong><span>群众点单</span></li>
<li><strong>{{DONE}}</strong><span>已办结</span></li>
<li><strong>{{SATISFACTION}}</strong><span>满意率</span></li>
<li><strong>{{RATED}}</strong><span>已评价</span></li>
</ul>
<p class="note">满意率 = 评价为“满意”或“非常满意”的申请 ÷ 已评价的申请。平均用时：从点单到派单 {{TO_DISPATCH}}，从派单到志愿者接单 {{TO_ACCEPT}}，从点单到完成 {{TO_DONE}}。</p>{{/TOTAL}}

<h2>每月点单</h2>
<figure class="chart"><img src="/charts/monthly.svg" alt="近12个月每月群众点单数，按办理结果分色，数据见下表" width="640" height="320"></figure>
<div class="scroll" tabindex="0" role="region" aria-label="每月点单和办理"><table class="data"><caption>每月点单和办理</caption>
<thead><tr><th scope="col">月份</th><th scope="col">点单</th><th scope="col">已办结</th><th scope="col">办理中</th><th scope="col">未受理或取消</th><th scope="col">已评价</th><th scope="col">满意率</th><th scope="col">点单到派单</th><th scope="col">派单到接单</th><th scope="col">点单到完成</th></tr></thead>
<tbody>{{#BY_MONTH}}<tr><th scope="row">{{KEY}}</th><td>{{REQUESTS}}</td><td>{{DONE}}</td><td>{{OPEN}}</td><td>{{STOPPED}}</td><td>{{RATED}}</td><td>{{SATISFACTION}}</td><td>{{TO_DISPATCH}}</td><td>{{TO_ACCEPT}}</td><td>{{TO_DONE}}</td></tr>{{/BY_MONTH}}</tbody></table></div>

<h2>满意率</h2>
<figure class="chart"><img src="/charts/satisfaction.svg" alt="每月满意率，数据见上表的满意率一列" width="640" height="320"></figure>

<h2>各平台</h2>
<figure class="chart"><img src="/charts/platforms.svg" alt="各平台点单数，数据见下表" width="640" height="320"></figure>
<div class="scroll" tabindex="0" role="region" aria-label="各平台"><table class="data"><caption>各平台</caption>
<thead><tr><th scope="col">平台</th><th scope="col">点单</th><th scope="col">已办结</th><th scope="col">已评价</th><th scope="col">满意率</th><th scope="col">点单到完成</th></tr></thead>
<tbody>{{#BY_PLATFORM}}<tr><th scope="row">{{KEY}}</th><td>{{REQUESTS}}</td><td>{{DONE}}</td><td>{{RATED}}</td><td>{{SATISFACTION}}</td><td>{{TO_DONE}}</td></tr>{{/BY_PLATFORM}}</tbody></table></div>

<h2>各实践所</h2>
<div class="scroll" tabindex="0" role="region" aria-label="各实践所"><table class="data"><caption>各实践所</caption>
<thead><tr><th scope="col">实践所</th><th scope="col">点单</th><th scope="col">已办结</th><th scope="col">已评价</th><th scope="col">满意率</th><th scope="col">点单到完成</th></tr></thead>
<tbody>{{#BY_INSTITUTE}}<tr><th scope="row">{{KEY}}</th><td>{{REQUESTS}}</td><td>{{DONE}}</td><td>{{RATED}}</td><td>{{SATISFACTION}}</td><td>{{TO_DONE}}</td></tr>{{/BY_INSTITUTE}}</tbody></table></div>

<h2>各服务队</h2>
<div class="scroll" tabindex="0" role="region" aria-label="各服务队（派给服务队的申请）"><table class="data"><caption>各服务队（派给服务队的申请）</caption>
<thead><tr><th scope="col">服务队</th><th scope="col">派单</th><th scope="col">已办结</th><th scope="col">已评价</th><th scope="col">满意率</th><th scope="col">派单到接单</th></tr></thead>
<tbody>{{#BY_TEAM}}<tr><th scope="row">{{KEY}}</th><td>{{REQUESTS}}</td><td>{{DONE}}</td><td>{{RATED}}</td><td>{{SATISFACTION}}</td><td>{{TO_ACCEPT}}</td></tr>{{/BY_TEAM}}</tbody></table></div>

<h2>五星服务队</h2>
<p>评选规则：近12个月内至少有 {{STAR_MIN_RATED}} 个已评价的申请，且满意率不低于 {{STAR_MIN_PERCENT}}%。</p>
<ul class="tags">{{#STAR}}<li>★ {{TEAM}}（{{RATED}} 个评价，满意率 {{SATISFACTION}}）</li>{{/STAR}}</ul>

<h2 id="open-data">开放数据</h2>
<p>本页的数字也以 JSON 格式公开，供媒体、研究者和其他系统免费使用：<a href="/api/stats.json">/api/stats.json</a>。内容包括近12个月和本月的合计、按月、按实践所、按平台的点单、办结、评价和满意率，平均办理用时，阵地数，注册志愿者人数，今年已确认的志愿服务时长和五星服务队。只有统计数字，不含任何人的姓名、电话或地址；每分钟更新。</p>
