// Helpers shared by the CI browser scripts (axe.mjs, crawl.mjs, screenshots.mjs).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags every launch passes. Playwright adds its own headless flag too; the
// user-data-dir is a fresh temporary folder per launch (see launchBrowser).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `--name value` pairs and bare words into {name: value, _: [words]}. */
export function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
      else out[a.slice(2)] = true;
    } else out._.push(a);
  }
  return out;
}

/**
 * Launches Debian's chromium through playwright-core, never a downloaded
 * browser. Playwright refuses `--user-data-dir` in `args`, so this uses
 * launchPersistentContext with a fresh temporary profile folder, which is
 * removed again by the returned close().
 */
export async function launchBrowser(contextOptions = {}) {
  const { chromium } = require('playwright-core');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
      ...contextOptions,
    });
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    userDataDir,
    async close() {
      try {
        await context.close();
      } finally {
        fs.rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references that can appear in attribute values. */
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (m, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      try {
        return String.fromCodePoint(code);
      } catch {
        return m;
      }
    }
    const v = NAMED_ENTITIES[ref.toLowerCase()];
    return v === undefined ? m : v;
  });
}

function stripNonMarkup(html) {
  // Comments, and the bodies of script/style/template, hold no links.
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/(<script\b[^>]*>)[\s\S]*?(<\/script\s*>)/gi, '$1$2')
    .replace(/(<style\b[^>]*>)[\s\S]*?(<\/style\s*>)/gi, '$1$2');
}

const ATTR_RE = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function parseAttrs(s) {
  const attrs = {};
  let m;
  ATTR_RE.lastIndex = 0;
  while ((m = ATTR_RE.exec(s))) {
    const name = m[1].toLowerCase();
    if (name in attrs) continue;
    const v = m[2] ?? m[3] ?? m[4];
    attrs[name] = v === undefined ? '' : decodeEntities(v);
  }
  return attrs;
}

const LINK_TAGS = new Set(['a', 'area', 'link', 'img', 'script', 'source', 'iframe', 'video', 'audio', 'track', 'embed']);

/**
 * The URLs a page refers to: href/src (and srcset, poster) of a, link, img,
 * script, source and a few other media tags. Returns [{tag, attr, value}].
 */
export function extractLinks(html) {
  const out = [];
  const text = stripNonMarkup(html);
  const tagRe = /<([a-z][a-z0-9-]*)(\s[^>]*)?>/gi;
  let m;
  while ((m = tagRe.exec(text))) {
    const tag = m[1].toLowerCase();
    if (!LINK_TAGS.has(tag) || !m[2]) continue;
    const attrs = parseAttrs(m[2]);
    for (const attr of ['href', 'src', 'poster']) {
      if (attrs[attr] !== undefined) out.push({ tag, attr, value: attrs[attr].trim() });
    }
    if (attrs.srcset !== undefined) {
      for (const part of attrs.srcset.split(',')) {
        const u = part.trim().split(/\s+/)[0];
        if (u) out.push({ tag, attr: 'srcset', value: u });
      }
    }
  }
  return out;
}

/** The values of every id attribute in a page (entity-decoded). */
export function extractIds(html) {
  const ids = new Set();
  const text = html.replace(/<!--[\s\S]*?-->/g, ' ');
  const tagRe = /<([a-z][a-z0-9-]*)(\s[^>]*)?>/gi;
  let m;
  while ((m = tagRe.exec(text))) {
    if (!m[2]) continue;
    const attrs = parseAttrs(m[2]);
    if (attrs.id !== undefined) ids.add(attrs.id);
    // <a name="x"> is an obsolete but working fragment target
    if (m[1].toLowerCase() === 'a' && attrs.name !== undefined) ids.add(attrs.name);
  }
  return ids;
}

/** Every file under dir (recursively) whose name ends with ext. Sorted. */
export function listFiles(dir, ext) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith(ext)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The URL a file of the output folder is served at (`x/index.html` → `x/`). */
export function fileToUrl(baseUrl, outDir, file) {
  const rel = path.relative(outDir, file).split(path.sep);
  if (rel[rel.length - 1] === 'index.html') rel[rel.length - 1] = '';
  return new URL(rel.map(encodeURIComponent).join('/'), baseUrl).href;
}

/** Writes a small JSON result for the calling shell script. */
export function writeResult(file, data) {
  if (!file || file === true) return;
  fs.writeFileSync(file, JSON.stringify(data) + '\n');
}

/** The first session page linked from `<base>sessions/`, as a URL. */
export async function firstSessionUrl(base) {
  const sessions = new URL('sessions/', base);
  const res = await fetch(sessions, { redirect: 'manual' });
  if (res.status !== 200) throw new Error(`${sessions.pathname} answered ${res.status}`);
  for (const l of extractLinks(await res.text())) {
    if (l.tag !== 'a' || l.attr !== 'href') continue;
    let u;
    try {
      u = new URL(l.value, sessions);
    } catch {
      continue;
    }
    u.hash = '';
    if (u.origin === base.origin && u.pathname.startsWith(sessions.pathname) && u.pathname !== sessions.pathname) return u;
  }
  throw new Error(`no session page is linked from ${sessions.pathname}`);
}
