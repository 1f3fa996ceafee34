// Search works in a real browser, by keyboard, and understands words.
//
// From the site's split index (search/meta.json and the files it lists) it
// picks a term that the text uses in two forms (say "remittance" and
// "remittances") and a document, an outcome when the site has outcomes,
// that uses one form and not the other. On the search page it types the
// other form and presses Enter, then expects:
//   - that document among the results (stemming: the other form finds it);
//   - an excerpt with the matched word inside <mark>;
//   - the result's link, followed by keyboard, to land on its page, and an
//     outcome's on its #S2-R1 anchor on the recommendations page;
//   - with the kind filter set, only results of that kind.
// It prints the bytes the query fetched from search/.
//
//   node search.mjs --base http://127.0.0.1:PORT/sub/path/
import { launchBrowser, parseArgs } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
const base = args.base;
const metaUrl = new URL('search/meta.json', base);
const get = async (path) => {
  const r = await fetch(new URL(path, metaUrl));
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
};
const meta = await get('meta.json');
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const fold = (w) => w.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
const wanted = meta.kinds.outcome ? 'outcome' : meta.kinds.presentation ? 'presentation' : 'session';
const [lo, hi] = meta.kinds[wanted];
const fileOf = (starts, key) => {
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1] <= key) i++;
  return i;
};
// The forms of the terms a word the text uses leads to (what may be marked).
const formsOf = async (word) => {
  const n = fileOf(meta.words, word);
  const [words, ids] = await get(`w/${n}.json`);
  const i = words.indexOf(word);
  if (i < 0) return null;
  const forms = new Set();
  for (const id of ids[i]) {
    const f = fileOf(meta.terms, id);
    const terms = await get(`t/${f}.json`);
    for (const w of terms[id - meta.terms[f]][0]) forms.add(w);
  }
  return forms;
};
const marksIn = (page) => page.$$eval('#search-results mark', (ms) => ms.map((m) => m.textContent));
const docCache = {};
const record = async (n) => {
  const k = fileOf(meta.docs, n);
  docCache[k] ||= await get(`d/${k}.json`);
  return docCache[k][n - meta.docs[k]];
};

// A term with two forms, a document of the wanted kind that uses one but not
// the other; best a plural that the singular should find.
let target = null;
const candidates = [];
search: for (let f = 0; f < meta.terms.length; f++) {
  const terms = await get(`t/${f}.json`);
  for (const t of terms) {
    const forms = t[0].filter((w) => /^\p{L}{5,}$/u.test(w));
    if (forms.length < 2) continue;
    for (let i = 1, doc = 0; i < t.length; i += 2) {
      doc += t[i];
      if (doc < lo || doc >= hi) continue;
      const r = await record(doc);
      const used = new Set(((r[0] + ' ' + r[4] + ' ' + r[5]).match(WORD) || []).map(fold));
      const absent = forms.find((w) => !used.has(w));
      const present = forms.find((w) => used.has(w));
      if (absent && present) {
        const plural = forms.find((w) => used.has(w) && !used.has(w.replace(/e?s$/, '')) && forms.includes(w.replace(/e?s$/, '')));
        const c = plural
          ? { doc, query: plural.replace(/e?s$/, ''), present: plural }
          : { doc, query: absent, present };
        Object.assign(c, { title: r[0], url: r[1], kind: r[2] });
        if (plural) {
          target = c;
          break search;
        }
        candidates.push(c);
        break;
      }
    }
  }
}
target ||= candidates[0];
if (!target) {
  console.log(`search: no ${wanted} uses one form of a word and not another; nothing to look for`);
  process.exit(1);
}

const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
let failed = false;
const fail = (m) => {
  console.log(`search: ${m}`);
  failed = true;
};
try {
  const page = browser.page;
  let fetched = 0;
  page.on('response', async (res) => {
    const u = new URL(res.url());
    if (u.pathname.includes('/search/') && u.pathname.endsWith('.json')) {
      try {
        fetched += (await res.body()).length;
      } catch {}
    }
  });
  await page.goto(new URL('search/', base).href);
  await page.keyboard.press('Tab'); // skip link
  await page.focus('#q');
  await page.keyboard.type(target.query);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#search-results li a', { timeout: 10000 });
  await page.waitForTimeout(300);
  const results = await page.$$eval('#search-results li', (lis) =>
    lis.map((li) => ({
      href: li.querySelector('a')?.getAttribute('href'),
      kind: li.querySelector('.kind')?.textContent || '',
      marks: [...li.querySelectorAll('.excerpt mark')].map((m) => m.textContent),
    })),
  );
  const status = (await page.textContent('#search-status')).trim();
  let hit = results.findIndex((r) => r.href === target.url);
  // The target may be further down: show more results until it appears.
  while (hit < 0 && (await page.$('.search-more'))) {
    await page.click('.search-more');
    await page.waitForTimeout(300);
    const hrefs = await page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')));
    hit = hrefs.indexOf(target.url);
  }
  if (hit < 0) fail(`"${target.query}" did not find ${target.url}, which says "${target.present}"`);
  const withMarks = await page.$$eval('#search-results .excerpt mark', (ms) => ms.map((m) => m.textContent));
  if (withMarks.length === 0) fail('no result has an excerpt with a highlighted word');
  // Only forms of the query's word are marked.
  const allowed = (await formsOf(target.query)) || new Set();
  const stray = (await marksIn(page)).filter((m) => !allowed.has(fold(m)) && !fold(m).startsWith(target.query));
  if (stray.length) fail(`"${target.query}" highlights ${stray.slice(0, 5).join(', ')}, which are not its forms`);
  console.log(`search: "${target.query}" -> ${status} ${target.kind} "${target.title}" (which says "${target.present}") is result ${hit + 1}; ${fetched} bytes of index fetched`);

  if (hit >= 0) {
    // Follow the result by keyboard.
    await page.focus(`#search-results li a[href="${target.url}"]`);
    await Promise.all([page.waitForURL((u) => u.href.split('#')[0] === new URL(target.url, base).href.split('#')[0]), page.keyboard.press('Enter')]);
    if (wanted === 'outcome') {
      const id = decodeURIComponent(target.url.split('#')[1] || '');
      if (!/\/recommendations\/#/.test(target.url) || !id) fail(`outcome result ${target.url} does not link to its anchor`);
      const landed = await page.evaluate(() => (document.querySelector(':target') || {}).id || '');
      if (landed !== id) fail(`the outcome result landed on #${landed}, not #${id}`);
      else console.log(`search: the result lands on #${id} (:target)`);
    }
  }

  // Words that are also names of JavaScript properties are words like any
  // other: found, and marked only where they are the query.
  for (const word of ['constructor', 'prototype', 'hasownproperty', 'tostring', 'valueof', 'proto']) {
    const forms = await formsOf(word);
    if (!forms) continue;
    await page.goto(new URL(`search/?q=${word}`, base).href);
    await page.waitForFunction(() => /\S/.test(document.getElementById('search-status').textContent), null, { timeout: 10000 });
    await page.waitForTimeout(300);
    const found = await page.$$('#search-results li a');
    const marks = (await marksIn(page)).map(fold);
    if (found.length === 0) fail(`"${word}" is in the index but finds nothing`);
    else if (!marks.length || marks.some((m) => !forms.has(m))) fail(`"${word}" marks ${marks.join(', ') || 'nothing'}`);
    else console.log(`search: "${word}" -> ${found.length} result(s), marked as itself`);
  }

  // A word typed in part whose words straddle two word files finds the
  // pages of all of them (the first boundary where that can happen).
  for (let k = 1; k < meta.words.length; k++) {
    const [before] = await get(`w/${k - 1}.json`);
    const last = before[before.length - 1];
    const first = meta.words[k];
    let n = 0;
    while (n < last.length && last[n] === first[n]) n++;
    const prefix = first.slice(0, n);
    if (prefix.length < 3 || (await formsOf(prefix))) continue;
    const docs = new Set();
    for (const f of [k - 1, k]) {
      const [words, ids] = await get(`w/${f}.json`);
      for (let i = 0; i < words.length; i++) {
        if (!words[i].startsWith(prefix)) continue;
        for (const id of ids[i]) {
          const t = await get(`t/${fileOf(meta.terms, id)}.json`);
          const entry = t[id - meta.terms[fileOf(meta.terms, id)]];
          for (let j = 1, d = 0; j < entry.length; j += 2) docs.add((d += entry[j]));
        }
      }
    }
    await page.goto(new URL(`search/?q=${prefix}`, base).href);
    await page.waitForFunction(() => /\S/.test(document.getElementById('search-status').textContent), null, { timeout: 10000 });
    const status = (await page.textContent('#search-status')).trim();
    const shown = parseInt(status, 10) || 0;
    if (shown !== docs.size) fail(`"${prefix}" (words in w/${k - 1} and w/${k}) finds ${shown} pages, not ${docs.size}`);
    else console.log(`search: "${prefix}" finds the ${docs.size} pages of words on both sides of word file ${k}`);
    break;
  }

  // The kind filter, from the address, keeps only that kind, the target included.
  if (Object.keys(meta.kinds).length > 1) {
    await page.goto(new URL(`search/?q=${encodeURIComponent(target.query)}&kind=${wanted}`, base).href);
    await page.waitForFunction(() => /\S/.test(document.getElementById('search-status').textContent), null, { timeout: 10000 });
    await page.waitForTimeout(300);
    const kinds = await page.$$eval('#search-results li .kind', (ps) => ps.map((p) => p.textContent.split(' \u00b7 ')[0]));
    const hrefs = await page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')));
    const selected = await page.$eval('#search-kind', (s) => s.value);
    const ofKind = { outcome: /^(Finding|Recommendation) /, presentation: /^Presentation$/, session: /^Session$/ }[wanted];
    if (selected !== wanted) fail(`the kind filter from the address was not selected (${selected})`);
    if (!kinds.every((k) => ofKind.test(k))) fail(`kind=${wanted} still lists ${kinds.join(', ')}`);
    if (hit >= 0 && hit < 10 && !hrefs.includes(target.url)) fail(`kind=${wanted} lost ${target.url}`);
    console.log(`search: with kind=${wanted}, ${kinds.length} results shown, all of that kind`);
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
