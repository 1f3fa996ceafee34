// Search works in a real browser, by keyboard: on the search page, type a
// word from the site's first outcome (or a session title when there are no
// outcomes), press Enter, and expect a result link; outcome results must
// point at their anchor on the recommendations page, and that anchor must
// exist there.
//
//   node search.mjs --base http://127.0.0.1:PORT/sub/path/
import { launchBrowser, parseArgs } from './lib.mjs';

const args = parseArgs(process.argv.slice(2));
const base = args.base;
const index = await (await fetch(new URL('search/index.json', base))).json();
const target = index.find((e) => /^(Finding|Recommendation) /.test(e.k)) || index.find((e) => e.k === 'Session');
if (!target) {
  console.log('search: the index is empty, nothing to look for');
  process.exit(1);
}
const word = target.t.split(/\s+/).find((w) => w.length > 4) || target.t;
const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
let failed = false;
try {
  const page = browser.page;
  await page.goto(new URL('search/', base).href);
  await page.keyboard.press('Tab'); // skip link
  await page.focus('#q');
  await page.keyboard.type(word);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#search-results li a', { timeout: 5000 });
  const hrefs = await page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')));
  const status = await page.textContent('#search-status');
  if (!hrefs.includes(target.u)) {
    console.log(`search: "${word}" did not find ${target.u} (got ${hrefs.slice(0, 5).join(', ')})`);
    failed = true;
  }
  if (/^(Finding|Recommendation) /.test(target.k)) {
    if (!/\/recommendations\/#/.test(target.u)) {
      console.log(`search: outcome result ${target.u} does not link to its anchor`);
      failed = true;
    } else {
      await page.goto(new URL(target.u, base).href);
      const id = decodeURIComponent(target.u.split('#')[1]);
      if ((await page.$(`[id="${id}"]`)) === null) {
        console.log(`search: anchor #${id} missing on the recommendations page`);
        failed = true;
      }
    }
  }
  console.log(`search: "${word}" -> ${hrefs.length} results (${status.trim()})${failed ? ' FAILED' : ''}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
