/* join.js: on the volunteer join form, keeps in view the teams of the
   district and of the chosen 实践所, and folds the other 所's teams away
   (a team already ticked stays in view). The form works without it: the
   server lists the chosen 所's teams in view and the others under
   "其他实践所的服务队". */
(function () {
  var inst = document.getElementById('f-institute');
  var near = document.getElementById('teams-near');
  var other = document.getElementById('teams-other');
  if (!inst || !near || !other) return;
  function follow() {
    var groups = document.querySelectorAll('#f-team .teamgroup');
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i], code = g.getAttribute('data-institute');
      var keep = code === '' || code === inst.value || g.querySelector('input:checked');
      var parent = keep ? near : other;
      if (g.parentNode !== parent) parent.appendChild(g);
    }
    other.hidden = other.querySelectorAll('.teamgroup').length === 0;
  }
  inst.addEventListener('change', follow);
  follow();
})();
