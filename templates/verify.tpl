{{%AUTOESCAPE context="HTML"}}<h1>志愿服务记录证明核验</h1>
{{#GENUINE}}<div class="success" role="status"><p><strong>核验通过：</strong>这是朔城区新时代文明实践中心出具的证明。</p></div>
<dl class="summary">
<dt>核验码</dt><dd>{{CODE}}</dd>
<dt>志愿者</dt><dd>{{NAME}}（编号 {{NUMBER}}）</dd>
<dt>出具日期</dt><dd>{{ISSUED}}</dd>
<dt>服务记录</dt><dd>{{RECORDS}} 条，累计 {{HOURS}} 小时</dd>
{{#STARS}}<dt>星级</dt><dd>{{#HAS_STARS}}<span aria-hidden="true">{{GLYPHS}}</span> {{TITLE}}{{/HAS_STARS}}{{#NO_STARS}}未达到星级{{/NO_STARS}}（按证明所列时长）</dd>
{{/STARS}}</dl>
<p class="note">请与证明上的姓名、编号和时长逐项核对。</p>{{/GENUINE}}
{{#UNKNOWN}}<div class="notice" role="alert"><p>没有找到核验码“{{TYPED}}”对应的证明。请核对证明上的核验码；若一致仍查不到，这份证明不是本中心出具的。</p></div>{{/UNKNOWN}}
