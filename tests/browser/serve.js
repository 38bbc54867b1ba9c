'use strict';
// The preview server in a real browser: `publish serve` on a copy of a site,
// a page open in Chromium, then edits as an editor makes them. Checks that
// the page reloads by itself after an edit (no manual reload), that a
// broken edit shows the errors overlay (a labelled region, hidden by
// Escape) over the last good page, and that the overlay goes when fixed.
//
//   node serve.js PUBLISH SITE_DIR     (SITE_DIR is copied; the copy is edited)
//
// Ends with "N passed, M failed"; exit 0 when none failed, 1 otherwise, 2
// on a setup problem.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { CHROMIUM, CHROMIUM_ARGS, loadTools, axeViolations, axeMessage } = require('./shared');

const [publish, siteDir] = process.argv.slice(2);
if (!publish || !siteDir) {
  console.error('usage: node serve.js PUBLISH SITE_DIR');
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} serve: ${what}`);
}

function startServer(site) {
  return new Promise((resolve, reject) => {
    const child = spawn(publish, ['serve', site, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const match = /^publish: serving (http:\/\/\S+)/.exec(err);
      if (match && /publish: built /.test(err)) resolve({ child, base: match[1] });
    });
    child.on('exit', () => reject(new Error(`publish serve ended: ${err}`)));
  });
}

// Saves `text` the way editors do: written beside, renamed over.
function save(file, text) {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-gate-'));
  const site = path.join(work, 'site');
  fs.cpSync(siteDir, site, { recursive: true });
  const page = path.join(site, 'content', 'help.md');
  const original = fs.readFileSync(page, 'utf8');
  const { chromium, axeSource } = loadTools();
  const { child, base } = await startServer(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const tab = await browser.newPage();
    await tab.goto(`${base}help/`);
    // Marks this document: a reload makes a new one without the mark.
    await tab.evaluate(() => { window.__notReloaded = true; });

    save(page, `${original}\nWritten while the page was open.\n`);
    await tab.waitForFunction(() => !window.__notReloaded && document.body.textContent.includes('Written while'),
      null, { timeout: 10000 }).then(() => check(true, 'an edit reloads the open page by itself'),
      () => check(false, 'an edit reloads the open page by itself'));

    await tab.evaluate(() => { window.__notReloaded = true; });
    save(page, original.replace('\n', '\ncolour: blue\n') + '\nNever shown.\n');
    const overlay = tab.getByRole('region', { name: /publish serve: 1 error/ });
    await overlay.waitFor({ timeout: 10000 }).then(() => check(true, 'a broken edit shows the errors overlay'),
      () => check(false, 'a broken edit shows the errors overlay'));
    const text = await tab.textContent('body');
    check(text.includes('content/help.md:2:1') && text.includes("unknown key 'colour'"),
      'the overlay gives file:line:col and the message');
    check(text.includes('Written while') && !text.includes('Never shown.'), 'the last good page stays under it');
    const violations = await axeViolations(tab, axeSource);
    for (const v of violations) console.log(`     axe: ${axeMessage(v)}`);
    check(violations.length === 0, 'axe-core finds nothing wrong with the page and its overlay');
    await tab.screenshot({ path: path.join(work, 'overlay.png') });
    await tab.keyboard.press('Escape');
    check(!(await overlay.isVisible()), 'Escape hides the overlay');

    save(page, original);
    await tab.waitForFunction(() => !document.getElementById('publish-preview-errors') &&
      !document.body.textContent.includes('Written while'), null, { timeout: 10000 })
      .then(() => check(true, 'fixed: the page reloads without the overlay'),
        () => check(false, 'fixed: the page reloads without the overlay'));
    console.log(`screenshot: ${path.join(work, 'overlay.png')}`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`serve.js: ${error.message}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(2);
});
