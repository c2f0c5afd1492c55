/* doorbraak site: a filter field above every long table. Without JavaScript the tables are simply complete. */
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function attach(box, n) {
    var table = box.querySelector("table");
    if (!table || !table.tBodies.length) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    if (rows.length < 8) { return; }
    var texts = rows.map(function (r) { return fold(r.textContent); });
    var wrap = document.createElement("div");
    wrap.className = "filter";
    var id = "filter-" + n;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Zoek in deze tabel";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", id + "-uitkomst");
    var out = document.createElement("output");
    out.id = id + "-uitkomst";
    out.setAttribute("aria-live", "polite");
    out.textContent = rows.length + " rijen";
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(out);
    box.parentNode.insertBefore(wrap, box);
    var timer = null;
    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var hit = true;
        for (var j = 0; j < words.length && hit; j++) { hit = texts[i].indexOf(words[j]) !== -1; }
        rows[i].classList.toggle("verborgen", !hit);
        if (hit) { shown++; }
      }
      out.textContent = words.length ? shown + " van " + rows.length + " rijen" : rows.length + " rijen";
    }
    input.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(apply, rows.length > 2000 ? 150 : 30);
    });
  }
  function start() {
    var boxes = document.querySelectorAll(".tabel.filterbaar");
    for (var i = 0; i < boxes.length; i++) { attach(boxes[i], i + 1); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
