#!/usr/bin/env node
// Crawls a served site and checks every internal link and asset.
//
//   node crawl.mjs --base http://127.0.0.1:PORT/sub/path/ --out OUTPUT_DIR [--result FILE]
//
// Starts at --base, requests (GET, redirects not followed) every URL that a
// page links to on the same origin under the base path, and requires 200.
// Every .html file found under OUTPUT_DIR is crawled too, linked or not.
// Links with a #fragment to an HTML page need an element with that id there.
// Links to the same host outside the base path (e.g. `/style.css` instead of
// `/sub/path/style.css`) and links to another local port count as broken.
// The 404 page, as served for an unknown path two folders deep, must have
// working links too. Other hosts are counted, not fetched. Exit 1 when
// anything is broken.

import path from 'node:path';
import { parseArgs, extractLinks, extractIds, listFiles, fileToUrl, writeResult } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
if (!args.base || !args.out) {
  console.error('usage: crawl.mjs --base URL --out DIR [--result FILE]');
  process.exit(2);
}
const base = new URL(args.base);
if (!base.pathname.endsWith('/')) base.pathname += '/';
const outDir = path.resolve(args.out);
const MAX_URLS = Number(process.env.CRAWL_MAX_URLS || 20000);
const CONCURRENCY = 4;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);
const SKIP_SCHEMES = /^(mailto|tel|sms|javascript|data|blob|about|geo|webcal):/i;

/** url (no fragment) → {status, type, location, ids, error} */
const fetched = new Map();
/** url (no fragment) → Set of pages that refer to it */
const referrers = new Map();
/** broken link target → {reason, pages: Set} */
const broken = new Map();
/** [{page, raw, url, fragment}] */
const fragmentChecks = [];
const internalTargets = new Set();
const externalTargets = new Set();
const queue = [];
let htmlPages = 0;

function addBroken(target, reason, page) {
  let b = broken.get(target);
  if (!b) broken.set(target, (b = { reason, pages: new Set() }));
  b.pages.add(page);
}

function enqueue(url, from) {
  if (!referrers.has(url)) {
    referrers.set(url, new Set());
    if (referrers.size > MAX_URLS) throw new Error(`more than ${MAX_URLS} URLs: a crawl loop?`);
    queue.push(url);
  }
  referrers.get(url).add(from);
}

function handleRef(page, raw, kind) {
  const value = raw.trim();
  if (SKIP_SCHEMES.test(value)) return;
  let u;
  try {
    u = new URL(value, page);
  } catch {
    addBroken(value, `not a valid URL (${kind})`, page);
    return;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    externalTargets.add(u.href);
    return;
  }
  const local = u.origin === base.origin || LOCAL_HOSTS.has(u.hostname);
  if (!local) {
    externalTargets.add(u.href);
    return;
  }
  const label = value === u.href ? value : `${value} (→ ${u.href})`;
  if (u.origin !== base.origin) {
    addBroken(label, `points to another local origin ${u.origin}, not ${base.origin}`, page);
    return;
  }
  if (!u.pathname.startsWith(base.pathname)) {
    addBroken(label, `leaves the site's path ${base.pathname}`, page);
    return;
  }
  internalTargets.add(u.href);
  const fragment = u.hash.slice(1);
  u.hash = '';
  enqueue(u.href, page);
  if (fragment) fragmentChecks.push({ page, raw: value, url: u.href, fragment });
}

function refsOfCss(text) {
  const out = [];
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, ' ');
  for (const m of clean.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/gi)) {
    const v = m[1] ?? m[2] ?? m[3];
    if (v && !v.startsWith('#')) out.push(v);
  }
  for (const m of clean.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) out.push(m[1] ?? m[2]);
  return out;
}

function refsOfXml(text) {
  const out = [];
  for (const m of text.matchAll(/<(loc|link|id|uri)>\s*([^<\s]+)\s*<\/\1>/gi)) {
    if (/^https?:/i.test(m[2])) out.push(m[2].replace(/&amp;/g, '&'));
  }
  for (const m of text.matchAll(/<(?:link|atom:link|xhtml:link)\b[^>]*\bhref="([^"]*)"/gi)) out.push(m[1].replace(/&amp;/g, '&'));
  return out;
}

async function fetchOne(url) {
  const rec = {};
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(20_000) });
    rec.status = res.status;
    rec.type = (res.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    rec.location = res.headers.get('location');
    const body = await res.text();
    if (res.status === 200) {
      if (rec.type === 'text/html') {
        htmlPages++;
        rec.ids = extractIds(body);
        for (const l of extractLinks(body)) handleRef(url, l.value, `${l.tag} ${l.attr}`);
      } else if (rec.type === 'text/css') {
        for (const v of refsOfCss(body)) handleRef(url, v, 'css url()');
      } else if (rec.type.endsWith('xml')) {
        for (const v of refsOfXml(body)) handleRef(url, v, 'xml');
      } else if (rec.type === 'text/plain' && url.endsWith('/robots.txt')) {
        for (const m of body.matchAll(/^\s*sitemap:\s*(\S+)/gim)) handleRef(url, m[1], 'robots.txt');
      }
    }
  } catch (e) {
    rec.error = e.cause?.code || e.message;
  }
  fetched.set(url, rec);
}

// The 404 page is served at any depth: its links must work from there too.
async function checkNotFoundPage() {
  const url = new URL('no-such-page-for-the-crawl/deeper/', base).href;
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(20_000) });
  const body = await res.text();
  if (res.status !== 404) {
    addBroken(url, `an unknown path answered ${res.status}, not 404`, '(404 check)');
    return;
  }
  // known already: its own #fragment links (the skip link) are checked
  // against its body, not fetched as a page
  const html = (res.headers.get('content-type') || '').startsWith('text/html');
  fetched.set(url, { status: 404, notFoundPage: true, ids: html ? extractIds(body) : new Set() });
  referrers.set(url, new Set());
  if (html) {
    for (const l of extractLinks(body)) handleRef(url, l.value, `${l.tag} ${l.attr}`);
  }
}

async function run() {
  enqueue(base.href, '(start)');
  await checkNotFoundPage();
  for (const f of listFiles(outDir, '.html')) {
    const url = fileToUrl(base, outDir, f);
    internalTargets.add(url);
    enqueue(url, `(file on disk: ${path.relative(outDir, f)})`);
  }
  let active = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      if (queue.length === 0 && active === 0) return resolve();
      while (active < CONCURRENCY && queue.length) {
        const url = queue.shift();
        active++;
        fetchOne(url)
          .then(() => {
            active--;
            pump();
          })
          .catch(reject);
      }
    };
    pump();
  });

  for (const [url, rec] of fetched) {
    if (rec.status === 200 || rec.notFoundPage) continue;
    let reason;
    if (rec.error) reason = `request failed: ${rec.error}`;
    else if (rec.status >= 300 && rec.status < 400) reason = `status ${rec.status} (redirect to ${rec.location})`;
    else reason = `status ${rec.status}`;
    for (const page of referrers.get(url)) addBroken(url, reason, page);
  }
  for (const c of fragmentChecks) {
    const rec = fetched.get(c.url);
    if (!rec || !(rec.status === 200 || rec.notFoundPage) || !rec.ids) continue; // status reported above; non-HTML not checked
    let id = c.fragment;
    try {
      id = decodeURIComponent(c.fragment);
    } catch {
      /* keep raw */
    }
    if (rec.ids.has(id) || id === 'top') continue;
    const label = c.raw === c.url + '#' + c.fragment ? c.raw : `${c.raw} (→ ${c.url}#${c.fragment})`;
    addBroken(label, `no element with id="${id}" in ${c.url}`, c.page);
  }

  const pathOf = (u) => {
    try {
      const x = new URL(u);
      return x.origin === base.origin ? x.pathname + x.search : u;
    } catch {
      return u;
    }
  };
  const sorted = [...broken.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  for (const [target, b] of sorted) {
    const pages = [...b.pages].sort().map(pathOf);
    const shown = pages.slice(0, 8).join(', ') + (pages.length > 8 ? `, … (${pages.length} pages)` : '');
    console.log(`BROKEN ${pathOf(target)}: ${b.reason}\n    on ${shown}`);
  }
  const checked = internalTargets.size;
  console.log(
    `crawl: ${fetched.size} URLs fetched (${htmlPages} HTML pages), ${checked} internal links checked, ` +
      `${fragmentChecks.length} fragment links, ${externalTargets.size} external links not fetched, ${broken.size} broken`,
  );
  writeResult(args.result, { fetched: fetched.size, htmlPages, checked, external: externalTargets.size, broken: broken.size });
  process.exit(broken.size ? 1 : 0);
}

run().catch((e) => {
  console.error(`crawl.mjs: ${e.stack || e}`);
  writeResult(args.result, { error: String(e) });
  process.exit(2);
});
