/* doorbraak site: search over the case pages, the precedents and the overview, with filters, results as you type.
   The index is Pagefind's (zoeken/, made by `doorbraak site` and `doorbraak serve`), loaded when the box is first
   used. Opened as file:// a browser may not load it: the box then says how to open the site. */
(function () {
  "use strict";
  var FILTERS = [["gemeente", "Gemeente"], ["status", "Status"], ["leefgebied", "Leefgebied"], ["domein", "Domein"]];
  var SHOWN = 12;
  var CHECKED = 96;  // results looked at, at most, to tell hits from pages found by a short start of a word

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (text !== undefined) { n.textContent = text; }
    return n;
  }

  // Pagefind's excerpt is text with <mark> around the words found: keep only the text and the marks
  function excerpt(html) {
    var out = document.createDocumentFragment();
    var body = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
    var nodes = body.firstChild ? body.firstChild.childNodes : [];
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      out.appendChild(n.nodeName === "MARK" ? el("mark", "", n.textContent) : document.createTextNode(n.textContent));
    }
    return out;
  }

  function attach(box, n) {
    var root = new URL(box.getAttribute("data-root") || "./", location.href);
    if (location.protocol === "file:") {
      box.appendChild(el("p", "zoek-uitleg", "Zoeken werkt als de site via een webserver open staat: " +
        "start 'doorbraak serve' met de map van de casussen en open het adres dat het noemt."));
      return;
    }
    var id = "zoek-" + n;
    var form = el("form", "zoek");
    form.setAttribute("role", "search");
    var label = el("label", "", "Zoeken");
    label.htmlFor = id;
    var input = el("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.placeholder = "casussen, precedenten, overzicht";
    input.setAttribute("aria-describedby", id + "-uitkomst");
    var filters = el("div", "zoek-filters");
    var status = el("output", "zoek-status");
    status.id = id + "-uitkomst";
    status.setAttribute("aria-live", "polite");
    var list = el("ol", "zoek-uitkomsten");
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(filters);
    box.appendChild(form);
    box.appendChild(status);
    box.appendChild(list);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });

    var api = null;
    var selects = {};
    var asked = 0;

    function load() {
      if (api) { return api; }
      var base = new URL("zoeken/", root);
      api = fetch(new URL("delen.json", base)).then(function (r) {
        if (!r.ok) { throw new Error("geen index"); }
        return r.json();
      }).then(function (manifest) {
        var parts = manifest.delen || [];
        if (!parts.length) { throw new Error("geen index"); }
        return import(new URL(parts[0] + "/pagefind.js", base).href).then(function (pf) {
          var opts = {baseUrl: root.pathname};
          return pf.options(opts).then(function () {
            return Promise.all(parts.slice(1).map(function (p) {
              return pf.mergeIndex(new URL(p + "/", base).href, opts);
            }));
          }).then(function () { return pf.filters(); }).then(function (found) {
            FILTERS.forEach(function (f) {
              var values = Object.keys(found[f[0]] || {}).sort();
              if (!values.length) { return; }
              var sel = el("select");
              sel.setAttribute("aria-label", f[1]);
              sel.appendChild(el("option", "", f[1] + ": alle"));
              sel.options[0].value = "";
              values.forEach(function (v) { var o = el("option", "", v); o.value = v; sel.appendChild(o); });
              sel.addEventListener("change", run);
              selects[f[0]] = sel;
              filters.appendChild(sel);
            });
            return pf;
          });
        });
      });
      api.catch(function () {
        status.textContent = "De zoekindex kan niet geladen worden; maak de site opnieuw met 'doorbraak site'.";
      });
      return api;
    }

    function chosen() {
      var out = {};
      Object.keys(selects).forEach(function (k) { if (selects[k].value) { out[k] = selects[k].value; } });
      return out;
    }

    // Pagefind, not finding a word in one part of the index, takes the longest start of it that is there: for
    // "apotheek" that may be the "A" of "Persoon A" on every page. A page found only by such a start of one or two
    // letters is no hit. Which word a page was found by is only in its fragment, so the results are looked at in
    // order, a few at a time, until there are enough to show or CHECKED were looked at.
    function letters(w) { return w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""); }

    function hit(p, terms) {
      var words = (p.content || "").split(/\s+/);
      return (p.locations || []).some(function (i) {
        var w = letters(words[i] || "");
        return !terms.some(function (t) { return w.length < 3 && t.length > w.length && t.indexOf(w) === 0; });
      });
    }

    // The results are looked at in order, SHOWN more at a time: "Toon meer" shows the next ones, looking further
    // (CHECKED more results for every SHOWN more shown).
    function show(found, me, term) {
      var terms = term.split(/\s+/).map(letters).filter(function (t) { return t.length; });
      var results = found.results, kept = [], looked = 0, limit = SHOWN;
      function more() {
        if (me !== asked) { return null; }
        if (kept.length >= limit || looked >= results.length || looked >= CHECKED * limit / SHOWN) { return done(); }
        var batch = results.slice(looked, looked + SHOWN);
        looked += batch.length;
        return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
          pages.forEach(function (p) { if (!terms.length || hit(p, terms)) { kept.push(p); } });
          return more();
        });
      }
      function done() {
        list.textContent = "";
        kept.slice(0, limit).forEach(function (p) {
          var li = el("li");
          var a = el("a", "", (p.meta && p.meta.title) || p.url);
          a.href = p.url;
          li.appendChild(a);
          if (p.excerpt) { var x = el("p"); x.appendChild(excerpt(p.excerpt)); li.appendChild(x); }
          list.appendChild(li);
        });
        // every result looked at (or no word typed, so every result a hit): the number is exact
        var exact = looked >= results.length || !terms.length;
        var total = terms.length ? kept.length : results.length;
        var shown = Math.min(total, limit);
        var n = total === 1 ? "1 pagina" : total + " pagina's";
        var first = total > shown ? ", de eerste " + shown + " hieronder." : ".";
        if (exact) {
          status.textContent = total === 0 ? "Niets gevonden." : n + " gevonden" + first;
        } else if (total === 0) {
          status.textContent = "Niets gevonden in de eerste " + looked + " treffers; maak de zoekterm langer.";
        } else {
          status.textContent = "Ten minste " + n + " gevonden" + first;
        }
        if (total > shown || (!exact && looked < results.length)) {
          var li = el("li", "zoek-meer");
          var button = el("button", "", "Toon meer");
          button.type = "button";
          button.addEventListener("click", function () {
            limit += SHOWN;
            button.disabled = true;
            more();
          });
          li.appendChild(button);
          list.appendChild(li);
        }
        return null;
      }
      return more();
    }

    function run() {
      var me = ++asked;
      var term = input.value.trim();
      var f = chosen();
      if (!term && !Object.keys(f).length) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      load().then(function (pf) {
        if (me !== asked) { return null; }
        return pf.search(term || null, {filters: f}).then(function (found) {
          return me === asked ? show(found, me, term) : null;
        });
      }).catch(function () { /* said by load() */ });
    }

    var timer = null;
    input.addEventListener("focus", function () { load(); });
    input.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { input.value = ""; run(); }
    });
  }

  function start() {
    var boxes = document.querySelectorAll(".zoeken[data-root]");
    for (var i = 0; i < boxes.length; i++) { attach(boxes[i], i + 1); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
