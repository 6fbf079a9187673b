{{%AUTOESCAPE context="HTML"}}<p><a href="/desk">← 返回工作台</a> · <a href="/admin/users">工作人员账号</a></p>
<h1>联系电话查看记录</h1>
<p class="lead">工作人员每一次看到群众的电话号码，系统都记下是谁、什么时候、哪个申请（最近500条）。</p>
<form class="filters" method="get" action="/admin/audit">
<div class="field"><label for="f-login">只看这个账号</label><input id="f-login" name="login" type="text" maxlength="64" value="{{LOGIN}}"></div>
<p><button class="button" type="submit">筛选</button></p>
</form>
<div class="scroll" tabindex="0" role="region" aria-label="查看记录"><table class="data"><caption>查看记录</caption>
<thead><tr><th scope="col">时间</th><th scope="col">工作人员</th><th scope="col">账号</th><th scope="col">申请</th><th scope="col">方式</th></tr></thead>
<tbody>{{#VIEW}}<tr><td>{{WHEN}}</td><td>{{USER}}</td><td>{{LOGIN}}</td><td><a href="/desk/order/{{CODE}}">{{CODE_FMT}}</a></td><td>{{WHAT}}</td></tr>{{/VIEW}}</tbody></table></div>
