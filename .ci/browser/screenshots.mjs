#!/usr/bin/env node
// Takes the documentation screenshots of a served site with Debian's
// chromium through playwright-core.
//
//   node screenshots.mjs --site demo|gfmd|conference --base http://127.0.0.1:PORT/sub/path/ --out DIR
//
// demo: demo-home-desktop, demo-session-desktop, demo-recommendations-phone,
//       demo-home-phone, demo-home-dark, demo-report-print-1 and -2 (the
//       report's print view: page.pdf() then pdftoppm of its first two pages)
// gfmd: gfmd-home-desktop, gfmd-session-phone
// conference: conference-programme-desktop (1280 px) and -phone (360 px)
// "session" is the first session linked from sessions/.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs, launchBrowser, firstSessionUrl } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
if (!args.site || !args.base || !args.out) {
  console.error('usage: screenshots.mjs --site demo|gfmd|conference --base URL --out DIR');
  process.exit(2);
}
const base = new URL(args.base);
if (!base.pathname.endsWith('/')) base.pathname += '/';
const outDir = path.resolve(args.out);
const MAX_BYTES = 400 * 1024;
const PRINT_MARGIN = { top: '1cm', right: '1cm', bottom: '1cm', left: '1cm' };

const DEVICES = {
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

const SHOTS = {
  demo: [
    { file: 'demo-home-desktop.png', page: 'home', device: 'desktop' },
    { file: 'demo-session-desktop.png', page: 'session', device: 'desktop' },
    { file: 'demo-home-dark.png', page: 'home', device: 'desktop', colorScheme: 'dark' },
    { file: 'demo-recommendations-phone.png', page: 'recommendations/', device: 'phone' },
    { file: 'demo-home-phone.png', page: 'home', device: 'phone' },
    { print: 'demo-report-print', page: 'report/', device: 'desktop' },
  ],
  gfmd: [
    { file: 'gfmd-home-desktop.png', page: 'home', device: 'desktop' },
    { file: 'gfmd-session-phone.png', page: 'session', device: 'phone' },
  ],
  // `at`: scrolled to the top of the first element it selects.
  conference: [
    { file: 'conference-programme-desktop.png', page: 'programme/', device: 'desktop' },
    { file: 'conference-programme-phone.png', page: 'programme/', device: 'phone', at: '.slot.parallel' },
  ],
};

async function firstSession() {
  return (await firstSessionUrl(base)).href;
}

async function open(page, url, { colorScheme = 'light', media = 'screen' } = {}) {
  await page.emulateMedia({ colorScheme, media });
  const resp = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  if (!resp || resp.status() !== 200) throw new Error(`${url}: status ${resp ? resp.status() : 'none'}`);
  await page.evaluate(() => document.fonts.ready);
}

function pdfToPngs(pdf, prefix) {
  const tmpPrefix = path.join(path.dirname(pdf), 'page');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, tmpPrefix], { stdio: 'inherit' });
  // pdftoppm names pages page-1.png or page-01.png … depending on the page count
  const pages = fs
    .readdirSync(path.dirname(pdf))
    .filter((f) => /^page-\d+\.png$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
  const written = [];
  pages.forEach((f, i) => {
    const dest = path.join(outDir, `${prefix}-${i + 1}.png`);
    fs.copyFileSync(path.join(path.dirname(pdf), f), dest);
    written.push(dest);
  });
  return written;
}

async function main() {
  const shots = SHOTS[args.site];
  if (!shots) throw new Error(`unknown --site ${args.site} (${Object.keys(SHOTS).join(', ')})`);
  fs.mkdirSync(outDir, { recursive: true });
  let sessionUrl = null;
  const urlOf = async (p) => {
    if (p === 'home') return base.href;
    if (p === 'session') return (sessionUrl ??= await firstSession());
    return new URL(p, base).href;
  };
  const problems = [];
  for (const device of Object.keys(DEVICES)) {
    const todo = shots.filter((s) => s.device === device);
    if (!todo.length) continue;
    const browser = await launchBrowser(DEVICES[device]);
    try {
      for (const shot of todo) {
        const url = await urlOf(shot.page);
        if (shot.print) {
          const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-print-'));
          try {
            await open(browser.page, url, { media: 'print' });
            const pdf = path.join(tmp, 'report.pdf');
            // 1 cm margins, as chromium's print dialog uses by default (page.pdf()
            // would print edge to edge); a CSS @page margin of the theme wins.
            await browser.page.pdf({ path: pdf, format: 'A4', printBackground: false, margin: PRINT_MARGIN });
            const written = pdfToPngs(pdf, shot.print);
            for (const w of written) console.log(`wrote ${path.relative(process.cwd(), w)} (${fs.statSync(w).size} bytes, print view of ${new URL(url).pathname})`);
            if (written.length < 2) problems.push(`${shot.print}: the print view of ${url} has ${written.length} page(s), 2 expected`);
          } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
          }
          continue;
        }
        await open(browser.page, url, { colorScheme: shot.colorScheme || 'light' });
        if (shot.at) {
          await browser.page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'start' }), shot.at);
        }
        const dest = path.join(outDir, shot.file);
        await browser.page.screenshot({ path: dest, fullPage: false, animations: 'disabled', caret: 'hide' });
        const size = fs.statSync(dest).size;
        console.log(`wrote ${path.relative(process.cwd(), dest)} (${size} bytes, ${device}${shot.colorScheme ? ' ' + shot.colorScheme : ''}, ${new URL(url).pathname})`);
        if (size > MAX_BYTES) console.log(`  note: ${shot.file} is over ${MAX_BYTES / 1024} KB`);
      }
    } finally {
      await browser.close();
    }
  }
  for (const p of problems) console.error(`screenshots: ${p}`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`screenshots.mjs: ${e.stack || e}`);
  process.exit(2);
});
