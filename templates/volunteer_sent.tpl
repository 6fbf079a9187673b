{{%AUTOESCAPE context="HTML"}}<div class="success" role="status">
<h1>申请已提交</h1>
<p>谢谢您！您所在实践站的工作人员或所选服务队的队长会尽快审核。审核通过后，用您的手机号和密码<a href="/v/login">登录志愿者页面</a>就可以接单了。</p>
</div>
<p><a href="/">返回首页</a></p>
