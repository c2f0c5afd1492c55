/* doorbraak serve: reload the page when a case changed. Only served live, never part of a written site. */
(function () {
  "use strict";
  var me = document.currentScript;
  var seen = me ? me.getAttribute("data-versie") : null;
  function check() {
    fetch("/_versie", {cache: "no-store"}).then(function (r) { return r.ok ? r.text() : null; }).then(function (v) {
      if (v !== null && seen !== null && v.trim() !== seen) { location.reload(); return; }
      setTimeout(check, 1000);
    }, function () { setTimeout(check, 3000); });
  }
  setTimeout(check, 1000);
})();
