{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/admin/users">工作人员账号</a></p>
<h1>联系电话查看记录</h1>
<p class="lead">工作人员每一次查看群众的完整电话号码，系统都记下是谁、什么时候、哪个申请、为什么（最近500条）。</p>
<section aria-labelledby="h-purge">
<h2 id="h-purge">个人信息清除</h2>
{{#HAS_PURGE}}<p>最近一次清除：{{PURGE_WHEN}}，清除了 {{PURGE_CLEARED}} 个已办结超过 {{PURGE_DAYS}} 天的申请的联系人、电话、邮箱和地址。</p>{{/HAS_PURGE}}
{{#NO_PURGE}}<p>还没有清除过。请让运维人员定期运行 <code>sidan purge</code>（部署时的 sidan-purge 定时任务每天运行一次）。</p>{{/NO_PURGE}}
</section>
<form class="filters" method="get" action="/admin/audit">
<div class="field"><label for="f-login">只看这个账号</label><input id="f-login" name="login" type="text" maxlength="64" value="{{LOGIN}}"></div>
<p><button class="button" type="submit">筛选</button></p>
</form>
<div class="scroll" tabindex="0" role="region" aria-label="查看记录"><table class="data"><caption>查看记录</caption>
<thead><tr><th scope="col">时间</th><th scope="col">工作人员</th><th scope="col">账号</th><th scope="col">申请</th><th scope="col">方式</th><th scope="col">原因</th></tr></thead>
<tbody>{{#VIEW}}<tr><td>{{WHEN}}</td><td>{{USER}}</td><td>{{LOGIN}}</td><td><a href="/desk/order/{{CODE}}">{{CODE_FMT}}</a></td><td>{{WHAT}}</td><td>{{REASON}}</td></tr>{{/VIEW}}</tbody></table></div>
