#!/usr/bin/env node
// Checks that no page of a served site scrolls sideways on a phone.
//
//   node overflow.mjs --base http://127.0.0.1:PORT/sub/path/ --out OUTPUT_DIR [--result FILE]
//
// Opens every .html file of OUTPUT_DIR in headless chromium at 360 px wide
// (a phone: isMobile, device scale 2) and fails (exit 1) on a page whose
// document is wider than the viewport. A wide table or formula may scroll
// inside itself; the page may not. Names the widest elements of a failing
// page.

import path from 'node:path';
import { parseArgs, launchBrowser, listFiles, fileToUrl, writeResult } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
if (!args.base || !args.out) {
  console.error('usage: overflow.mjs --base URL --out DIR [--result FILE]');
  process.exit(2);
}
const base = new URL(args.base);
if (!base.pathname.endsWith('/')) base.pathname += '/';
const outDir = path.resolve(args.out);
const WIDTH = 360;

async function main() {
  const files = listFiles(outDir, '.html');
  const browser = await launchBrowser({
    viewport: { width: WIDTH, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const wide = [];
  const problems = [];
  try {
    const { page } = browser;
    for (const file of files) {
      const url = fileToUrl(base, outDir, file);
      const where = new URL(url).pathname;
      let resp;
      try {
        resp = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      } catch (e) {
        problems.push(`${where}: did not load: ${e.message.split('\n')[0]}`);
        continue;
      }
      // 404.html is served with its own status by some servers; any page
      // that answers is measured.
      if (!resp) {
        problems.push(`${where}: no response`);
        continue;
      }
      // clientWidth, not innerWidth: a mobile browser zooms out to show a
      // page wider than the screen, and innerWidth then grows with it.
      const m = await page.evaluate(() => {
        const doc = document.documentElement;
        const width = doc.clientWidth;
        const culprits = [];
        if (doc.scrollWidth > width) {
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > width + 1 && el.offsetParent !== null) {
              const id = el.id ? `#${el.id}` : '';
              const cls = el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
              culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)} px)`);
            }
          }
        }
        return { scrollWidth: doc.scrollWidth, width, culprits: culprits.slice(0, 5) };
      });
      if (m.scrollWidth > m.width) {
        wide.push(where);
        console.log(`OVERFLOW ${where}: ${m.scrollWidth} px wide at ${m.width} px; ${m.culprits.join(', ')}`);
      }
    }
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(`OVERFLOW ERROR ${p}`);
  console.log(`overflow: ${files.length} pages at ${WIDTH} px, ${wide.length} scroll sideways${problems.length ? `, ${problems.length} not checked` : ''}`);
  writeResult(args.result, { pages: files.length, wide: wide.length, problems: problems.length });
  process.exit(wide.length || problems.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`overflow.mjs: ${e.stack || e}`);
  writeResult(args.result, { error: String(e) });
  process.exit(2);
});
