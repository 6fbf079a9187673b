{{%AUTOESCAPE context="HTML"}}<h1>光荣榜</h1>
<p class="lead">感谢每一位志愿者。这里按已确认的志愿服务时长排列志愿者，并展示五星服务队。</p>
<section aria-labelledby="h-vols">
<h2 id="h-vols">志愿者服务时长榜</h2>
{{#HAS_VOLUNTEER}}<div class="scroll" tabindex="0" role="region" aria-label="志愿者服务时长榜"><table class="data roll"><caption>前 {{LIMIT}} 名（按已确认时长）</caption>
<thead><tr><th scope="col">名次</th><th scope="col">志愿者</th><th scope="col">服务时长（小时）</th></tr></thead>
<tbody>{{/HAS_VOLUNTEER}}{{#VOLUNTEER}}<tr><td>{{RANK}}</td><th scope="row">{{DISPLAY_NAME}}</th><td>{{HOURS}}</td></tr>{{/VOLUNTEER}}{{#HAS_VOLUNTEER}}</tbody></table></div>{{/HAS_VOLUNTEER}}
{{#NO_VOLUNTEER}}<p class="note">还没有志愿者同意上榜。</p>{{/NO_VOLUNTEER}}
<h3>怎样上光荣榜</h3>
<p>光荣榜只展示本人同意上榜的志愿者，并且只显示本人设置的“榜上显示名”（例如“李师傅”或“马邑村小李”），不显示真实姓名、电话或志愿者编号。</p>
<ol>
<li>在<a href="/v/login">志愿者登录</a>后打开“我的记录”（/v/me）。</li>
<li>在“光荣榜”一栏填写榜上显示名（1–20个字，不能含电话号码），勾选“同意在光荣榜上展示”，保存。</li>
<li>有经组织方确认的服务时长后，即按时长排入榜单。随时可以在同一处撤回同意，撤回后立即从榜上移除。</li>
</ol>
</section>
<section aria-labelledby="h-stars">
<h2 id="h-stars">五星服务队</h2>
<p>评选规则：近12个月内至少有 {{STAR_MIN_RATED}} 个群众评价，且满意率不低于 {{STAR_MIN_PERCENT}}%。</p>
<ul class="tags">{{#STAR}}<li>★ {{TEAM}}（{{RATED}} 个评价，满意率 {{SATISFACTION}}）</li>{{/STAR}}</ul>
{{#NO_STAR}}<p class="note">近12个月暂无服务队达到五星标准。</p>{{/NO_STAR}}
</section>
