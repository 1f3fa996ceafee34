// Search for rapporteur sites: loads /search/index.json once and matches
// every word of the query against the start of the words of each entry.
// No server, no third-party code. Results are built with textContent only.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var index = null;

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter(function (w) { return w.length > 0; });
  }

  function search(query) {
    var terms = words(query);
    list.textContent = "";
    if (terms.length === 0) { status.textContent = ""; return; }
    var hits = [];
    index.forEach(function (e) {
      var hay = " " + e.w + " ";
      var title = e.t.toLowerCase();
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        if (hay.indexOf(" " + terms[i]) === -1) return;
        score += title.indexOf(terms[i]) !== -1 ? 3 : 1;
        if (hay.indexOf(" " + terms[i] + " ") !== -1) score += 1;
      }
      hits.push({ e: e, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    status.textContent = hits.length === 0 ? "No results for \u201c" + query + "\u201d."
      : hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d.";
    hits.slice(0, 50).forEach(function (h) {
      var li = document.createElement("li");
      var kind = document.createElement("p");
      kind.className = "kind";
      kind.textContent = h.e.k;
      var a = document.createElement("a");
      a.href = h.e.u;
      a.textContent = h.e.t;
      var p = document.createElement("p");
      p.textContent = h.e.s;
      li.appendChild(kind);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function run() {
    var query = input.value.trim();
    if (index) { search(query); return; }
    status.textContent = "Loading the search index\u2026";
    fetch(form.getAttribute("data-index"))
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { index = data; search(input.value.trim()); })
      .catch(function () { status.textContent = "The search index could not be loaded."; });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value.trim()));
    run();
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
})();
