#!/usr/bin/env node
// Runs axe-core in headless chromium (Debian's, through playwright-core) on
// the key pages of a served site, in light and in dark color scheme.
//
//   node axe.mjs --base http://127.0.0.1:PORT/sub/path/ [--result FILE]
//
// Pages: home, programme/, the first session linked from sessions/,
// presentations/ and recommendations/ (where the site has them), report/,
// search/. Fails (exit 1) on any violation of impact
// serious or critical, or on a page that does not load with status 200.
// Violations of lower impact are printed as notes only.

import { parseArgs, launchBrowser, require, writeResult, firstSessionUrl } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
if (!args.base) {
  console.error('usage: axe.mjs --base URL [--result FILE]');
  process.exit(2);
}
const base = new URL(args.base);
if (!base.pathname.endsWith('/')) base.pathname += '/';
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const FAILING = new Set(['serious', 'critical']);

async function firstSession() {
  return (await firstSessionUrl(base)).pathname.slice(base.pathname.length);
}

async function main() {
  const pages = ['', 'programme/'];
  const problems = [];
  try {
    pages.push(await firstSession());
  } catch (e) {
    problems.push(`finding the first session: ${e.message}`);
  }
  // The listings a site has: a conference has no recommendations/, a
  // workshop may have no presentations/.
  for (const listing of ['presentations/', 'recommendations/']) {
    const res = await fetch(new URL(listing, base), { redirect: 'manual' });
    if (res.status === 200) pages.push(listing);
  }
  pages.push('report/', 'search/');

  const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  let failing = 0;
  let minor = 0;
  let runs = 0;
  try {
    const { page } = browser;
    page.on('pageerror', (e) => console.log(`  note: script error on ${page.url()}: ${e.message}`));
    for (const rel of pages) {
      const url = new URL(rel, base).href;
      for (const colorScheme of ['light', 'dark']) {
        const where = `${new URL(url).pathname} [${colorScheme}]`;
        await page.emulateMedia({ colorScheme, media: 'screen' });
        let resp;
        try {
          resp = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        } catch (e) {
          problems.push(`${where}: did not load: ${e.message.split('\n')[0]}`);
          continue;
        }
        if (!resp || resp.status() !== 200) {
          problems.push(`${where}: status ${resp ? resp.status() : 'none'}`);
          continue;
        }
        await page.addScriptTag({ path: AXE_PATH });
        const result = await page.evaluate(() =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ['violations'] }),
        );
        runs++;
        for (const v of result.violations) {
          const nodes = v.nodes.length;
          if (FAILING.has(v.impact)) {
            failing++;
            console.log(`AXE ${where}: ${v.impact} ${v.id}: ${v.help} (${nodes} node${nodes === 1 ? '' : 's'}) ${v.helpUrl}`);
            for (const n of v.nodes.slice(0, 10)) {
              let summary = (n.failureSummary || '').split('\n').slice(1).map((x) => x.trim()).filter(Boolean).join('; ');
              if (summary.length > 300) summary = summary.slice(0, 297) + '…';
              console.log(`    ${n.target.join(' ')}${summary ? ` — ${summary}` : ''}`);
            }
            if (nodes > 10) console.log(`    … and ${nodes - 10} more`);
          } else {
            minor++;
            console.log(`  note ${where}: ${v.impact} ${v.id}: ${v.help} (${nodes}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(`AXE ERROR ${p}`);
  console.log(
    `axe: ${runs} page runs (${pages.length} pages × light/dark), ${failing} serious/critical violations, ` +
      `${minor} moderate/minor (not failing)${problems.length ? `, ${problems.length} pages not checked` : ''}`,
  );
  writeResult(args.result, { runs, failing, minor, problems: problems.length });
  process.exit(failing || problems.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`axe.mjs: ${e.stack || e}`);
  writeResult(args.result, { error: String(e) });
  process.exit(2);
});
