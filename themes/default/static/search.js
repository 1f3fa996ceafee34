// Search for rapporteur sites, over the split index that `rapporteur build`
// writes under search/ (see src/search.rs for its files). A query reads
// meta.json once, then only the word and term files of its words and the
// document files of the results it shows. No server, no third-party code;
// results are built with text nodes only.
//
// Words are split and folded as src/search/words.rs does: keep the two alike.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form || !window.fetch) return;
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var filters = { kind: document.getElementById("search-kind"), session: document.getElementById("search-session"), theme: document.getElementById("search-theme") };
  var text = function (name) { return form.getAttribute("data-" + name) || ""; };
  var metaUrl = new URL(form.getAttribute("data-index"), location.href);
  var PAGE = 10;
  // Words are keys of plain maps: they are made without a prototype, so
  // that "constructor" is a word like any other.
  var meta = null;
  var cache = Object.create(null);
  var latest = 0;

  var SPELLED = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  function fold(w) {
    return w.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/[ßæœøłđðþı]/g, function (c) { return SPELLED[c]; });
  }

  function load(path) {
    var url = new URL(path, metaUrl);
    if (meta) url.searchParams.set("h", meta.h);
    var key = url.href;
    if (!cache[key]) {
      cache[key] = fetch(url.href, meta ? {} : { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      cache[key].catch(function () { delete cache[key]; });
    }
    return cache[key];
  }

  // The index of the last element of sorted `starts` that is <= `key`.
  function fileOf(starts, key) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // The terms a query word leads to: the word itself when the text uses
  // it; else (from three letters) the words of the text that start with it;
  // else the longest word or stem, of four letters or more, that it starts
  // with when at most three letters follow ("remittances" when the text
  // has only "remittance").
  function lookUp(word) {
    var n = fileOf(meta.words, word);
    var starts = function (w) { return w.lastIndexOf(word, 0) === 0; };
    var within = function (w) { return w.length >= 4 && word.length - w.length <= 3 && word.lastIndexOf(w, 0) === 0; };
    var near = function (w) { return w.slice(0, 3) === word.slice(0, 3); };
    var none = { ids: [], exact: false };
    return load("w/" + n + ".json").then(function (file) {
      var words = file[0], ids = file[1];
      var i = 0, hi = words.length;
      while (i < hi) { var mid = (i + hi) >> 1; if (words[mid] < word) i = mid + 1; else hi = mid; }
      if (words[i] === word) return { ids: ids[i], exact: true };
      var found = [];
      var k = i;
      if (word.length >= 3) {
        for (; k < words.length && found.length < 40 && starts(words[k]); k++) found = found.concat(ids[k]);
      }
      // The words that start with it may go on in the next file.
      var more = word.length >= 3 && k === words.length && n + 1 < meta.words.length && starts(meta.words[n + 1])
        ? load("w/" + (n + 1) + ".json").then(function (next) {
          for (var m = 0; m < next[0].length && found.length < 40 && starts(next[0][m]); m++) found = found.concat(next[1][m]);
        })
        : Promise.resolve();
      return more.then(function () {
        if (found.length) return { ids: found, exact: false };
        var j = i - 1;
        for (; j >= 0 && near(words[j]); j--) if (within(words[j])) return { ids: ids[j], exact: false };
        // The word it is a longer form of may end the file before.
        if (j >= 0 || n === 0) return none;
        return load("w/" + (n - 1) + ".json").then(function (before) {
          for (var m = before[0].length - 1; m >= 0 && near(before[0][m]); m--) {
            if (within(before[0][m])) return { ids: before[1][m], exact: false };
          }
          return none;
        });
      });
    });
  }

  function term(id) {
    var n = fileOf(meta.terms, id);
    return load("t/" + n + ".json").then(function (file) { return file[id - meta.terms[n]]; });
  }

  // Documents matching every word, best first, with the words to mark.
  function match(words) {
    return Promise.all(words.map(lookUp)).then(function (found) {
      return Promise.all(found.map(function (f) { return Promise.all(f.ids.map(term)); })).then(function (entries) {
        var marks = Object.create(null);
        var scores = null;
        entries.forEach(function (terms, k) {
          var mine = Object.create(null);
          var factor = found[k].exact ? 1 : 0.7;
          terms.forEach(function (t) {
            t[0].forEach(function (w) { marks[w] = true; });
            var df = (t.length - 1) / 2;
            var idf = Math.log(1 + (meta.n - df + 0.5) / (df + 0.5));
            for (var i = 1, doc = 0; i < t.length; i += 2) {
              doc += t[i];
              var s = idf * t[i + 1] * factor;
              if (!(mine[doc] >= s)) mine[doc] = s;
            }
          });
          if (scores === null) { scores = mine; return; }
          var both = Object.create(null);
          for (var d in scores) if (d in mine) both[d] = scores[d] + mine[d];
          scores = both;
        });
        var hits = Object.keys(scores || {}).map(function (d) { return { doc: +d, score: scores[d] }; });
        return { hits: hits, marks: marks };
      });
    });
  }

  function gaps(list) {
    var set = Object.create(null), n = 0;
    list.forEach(function (g) { n += g; set[n] = true; });
    return set;
  }

  function applyFilters(hits) {
    var kind = filters.kind && filters.kind.value;
    var session = filters.session && filters.session.value;
    var theme = filters.theme && filters.theme.value;
    if (kind && meta.kinds[kind]) {
      var r = meta.kinds[kind];
      hits = hits.filter(function (h) { return h.doc >= r[0] && h.doc < r[1]; });
    } else if (kind) {
      hits = [];
    }
    if (!session && !theme) return Promise.resolve(hits);
    return load("filters.json").then(function (f) {
      if (session) { var s = gaps(f.sessions[+session] || []); hits = hits.filter(function (h) { return s[h.doc]; }); }
      if (theme) { var t = gaps(f.themes[+theme] || []); hits = hits.filter(function (h) { return t[h.doc]; }); }
      return hits;
    });
  }

  function doc(n) {
    var k = fileOf(meta.docs, n);
    return load("d/" + k + ".json").then(function (file) { return file[n - meta.docs[k]]; });
  }

  // Appends `s` to `el`, each word in `marks` (or starting with a prefix
  // in `prefixes`) in a <mark>.
  function marked(el, s, marks, prefixes) {
    var last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(s)) !== null) {
      var f = fold(m[0]);
      var hit = marks[f] || prefixes.some(function (p) { return f.lastIndexOf(p, 0) === 0; });
      if (!hit) continue;
      if (m.index > last) el.appendChild(document.createTextNode(s.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < s.length) el.appendChild(document.createTextNode(s.slice(last)));
  }

  // About 240 characters of `s` around its first marked word.
  function excerpt(s, marks, prefixes) {
    var m, at = -1;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(s)) !== null) {
      var f = fold(m[0]);
      if (marks[f] || prefixes.some(function (p) { return f.lastIndexOf(p, 0) === 0; })) { at = m.index; break; }
    }
    if (at < 0) return null;
    var start = Math.max(0, at - 80);
    if (start > 0) { var space = s.indexOf(" ", start); start = space >= 0 && space < at ? space + 1 : at; }
    // Start with the paragraph (or heading) of the match when it is near.
    var line = s.lastIndexOf("\n", at);
    if (line >= start) start = line + 1;
    var end = Math.min(s.length, start + 240);
    if (end < s.length) { var back = s.lastIndexOf(" ", end); if (back > at) end = back; }
    // Paragraphs and headings are lines of the text: a dash between them.
    var body = s.slice(start, end).replace(/\s*\n\s*/g, " \u2014 ").replace(/\s+/g, " ");
    return (start > 0 && s[start - 1] !== "\n" ? "\u2026" : "") + body + (end < s.length ? "\u2026" : "");
  }

  function show(hits, from, marks, prefixes, run) {
    var shown = hits.slice(from, from + PAGE);
    return Promise.all(shown.map(function (h) { return doc(h.doc); })).then(function (records) {
      if (run !== latest) return;
      var old = list.querySelector(".search-more-item");
      if (old) old.remove();
      var first = null;
      records.forEach(function (r) {
        var li = document.createElement("li");
        var kind = document.createElement("p");
        kind.className = "kind";
        kind.textContent = r[3] ? r[2] + " \u00b7 " + r[3] : r[2];
        var a = document.createElement("a");
        a.href = r[1];
        marked(a, r[0], marks, prefixes);
        var p = document.createElement("p");
        p.className = "excerpt";
        var body = excerpt(r[5], marks, prefixes) || excerpt(r[4], marks, prefixes) || r[4] || r[5].slice(0, 200).replace(/\s*\n\s*/g, " \u2014 ") + (r[5].length > 200 ? "\u2026" : "");
        marked(p, body, marks, prefixes);
        li.appendChild(kind);
        li.appendChild(a);
        if (body) li.appendChild(p);
        list.appendChild(li);
        first = first || a;
      });
      if (from + PAGE < hits.length) {
        var li = document.createElement("li");
        li.className = "search-more-item";
        li.style.listStyle = "none";
        var more = document.createElement("button");
        more.type = "button";
        more.className = "search-more";
        more.textContent = text("more") + " (" + (hits.length - from - PAGE) + ")";
        more.addEventListener("click", function () {
          show(hits, from + PAGE, marks, prefixes, run).then(function (a) { if (a) a.focus(); });
        });
        li.appendChild(more);
        list.appendChild(li);
      }
      return first;
    });
  }

  function search(query) {
    var run = ++latest;
    var seen = Object.create(null);
    var words = (query.match(WORD) || []).map(fold).filter(function (w) {
      if (w.length < 2 || meta.stop.indexOf(w) >= 0 || seen[w]) return false;
      seen[w] = true;
      return true;
    });
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    var quoted = "\u201c" + query + "\u201d";
    var found = words.length ? match(words) : Promise.resolve({ hits: [], marks: Object.create(null) });
    found.then(function (m) {
      return applyFilters(m.hits).then(function (hits) {
        if (run !== latest) return;
        hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        list.textContent = "";
        status.textContent = hits.length === 0 ? text("none") + " " + quoted + "."
          : hits.length + " " + (hits.length === 1 ? text("one") : text("many")) + " " + quoted + ".";
        // Words the text does not use were matched as the start of others.
        var prefixes = words.filter(function (w) { return w.length >= 3 && !m.marks[w]; });
        return show(hits, 0, m.marks, prefixes, run);
      });
    }).catch(function () {
      if (run === latest) status.textContent = text("failed");
    });
  }

  function run() {
    var query = input.value.trim();
    if (meta) { search(query); return; }
    status.textContent = text("loading");
    load("meta.json").then(function (m) { meta = m; search(input.value.trim()); })
      .catch(function () { status.textContent = text("failed"); });
  }

  function remember() {
    var params = new URLSearchParams();
    params.set("q", input.value.trim());
    Object.keys(filters).forEach(function (k) { if (filters[k] && filters[k].value) params.set(k, filters[k].value); });
    history.replaceState(null, "", "?" + params.toString());
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    remember();
    run();
  });
  Object.keys(filters).forEach(function (k) {
    if (filters[k]) filters[k].addEventListener("change", function () { remember(); if (input.value.trim()) run(); });
  });
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  var params = new URLSearchParams(location.search);
  Object.keys(filters).forEach(function (k) {
    var v = params.get(k);
    if (filters[k] && v !== null && filters[k].querySelector('option[value="' + CSS.escape(v) + '"]')) filters[k].value = v;
  });
  var initial = params.get("q");
  if (initial) { input.value = initial; run(); }
})();
