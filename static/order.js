/* order.js: on the 点单 form, shows only the stations of the chosen 实践所.
   The form works without it: the server checks that the two agree. */
(function () {
  var inst = document.getElementById('f-institute');
  var station = document.getElementById('f-station');
  if (!inst || !station) return;
  function follow() {
    var groups = station.getElementsByTagName('optgroup');
    for (var i = 0; i < groups.length; i++) {
      var mine = groups[i].getAttribute('data-institute') === inst.value;
      groups[i].hidden = !mine;
      groups[i].disabled = !mine;
    }
    var sel = station.options[station.selectedIndex];
    if (sel && sel.parentNode.tagName === 'OPTGROUP' && sel.parentNode.disabled) station.value = '';
  }
  inst.addEventListener('change', follow);
  follow();
})();
