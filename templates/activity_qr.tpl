{{%AUTOESCAPE context="HTML"}}<p class="noprint"><a href="/desk/activities/{{ID}}">← 返回活动</a></p>
<h1>{{TITLE}} · {{WHAT}}</h1>
<p class="lead">志愿者用手机相机扫描下面的二维码{{WHAT}}。二维码每分钟更换，本页每分钟自动刷新（浏览器关闭了脚本时，请每隔几分钟点“刷新”）；截图或转发的旧码几分钟后失效。</p>
<p class="qr-screen"><img src="/desk/activities/{{ID}}/qr/{{WHAT_PATH}}.svg?step={{STEP}}" alt="{{WHAT}}二维码" width="320" height="320"></p>
<p>{{DATE}} {{TIME}} · {{SITE}}</p>
<details><summary>无法扫码时</summary><p>请志愿者在已登录的手机浏览器中打开：</p><p class="code-link">{{LINK}}</p></details>
<p class="noprint"><a href="/desk/activities/{{ID}}/qr/{{WHAT_PATH}}">刷新</a> · <a href="/desk/activities/{{ID}}/qr/{{OTHER_PATH}}">改为显示{{OTHER}}码</a></p>
<script src="/static/qr-screen.js" defer></script>
