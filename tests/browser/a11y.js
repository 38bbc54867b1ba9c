#!/usr/bin/env node
'use strict';
// Real-browser accessibility gate for a libpublish build.
//
//   node a11y.js OUT_DIR [--screenshots DIR]
//
// For every HTML page of every HTML channel folder under OUT_DIR (public,
// intranet, kiosk, and any other folder holding HTML), at viewport widths
// 1280 and 320, in headless Chromium:
//   - axe-core, tags wcag2a wcag2aa wcag21a wcag21aa wcag22aa best-practice
//   - 320 only: no horizontal scrolling (WCAG 1.4.10 reflow)
//   - 1280 only: keyboard walk with Tab: the first stop is the skip link to
//     #main-content, and every stop looks different focused and blurred
//   - the page itself loads with HTTP 200 and every same-origin resource it
//     asks for exists; kiosk pages make no request outside the kiosk folder
// Prints one "FAIL channel/path width check: ..." line per problem and ends
// with "N passed, M failed" (N, M count pages x widths). Exit 0 when clean,
// 1 on any failure, 2 on a setup problem.

const fs = require('fs');
const path = require('path');
const { findChannels } = require('./pages');
const {
  CHROMIUM, CHROMIUM_ARGS, loadTools, axeViolations, axeMessage, startServer, pageUrl, inPageSelector,
  gateCli,
} = require('./shared');

const WIDTHS = [1280, 320];
const HEIGHT = 900;
const MAX_TAB_STOPS = 60;

const { usage, setupError, parseArgs } = gateCli('a11y.js');

const META_REFRESH = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh\b[^>]*>/gi;

// ---------------------------------------------------------------------------
// Code run inside the page.


// Describes the focus stop the page has now; null when focus is back on the
// document. Compares the computed styles with the element focused and
// blurred, then puts the focus back. "changed" lists every style that
// differs; "strong" is true when one of them is plainly visible (outline,
// box-shadow, colours, underline on/off, borders, ...). A change of the
// underline's thickness, style or colour alone is not a focus indicator one
// can rely on (it may not even change a pixel) and fails.
async function inspectFocusStop(page, stopIndex) {
  return page.evaluate(({ stopIndex, selectorSrc }) => {
    const selectorOf = new Function(`return (${selectorSrc})`)();
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    if (el.__a11yStop !== undefined) return { repeat: true, selector: selectorOf(el) };
    el.__a11yStop = stopIndex;

    const plain = ['background-color', 'color', 'box-shadow', 'text-decoration-line', 'clip-path',
      'opacity', 'transform', 'filter', 'visibility', 'background-image'];
    const weak = ['text-decoration-style', 'text-decoration-color', 'text-decoration-thickness'];
    const transparent = (c) => c === 'transparent' || /rgba?\([^)]*,\s*0(\.0+)?\)$/.test(c) || /\/\s*0\)$/.test(c);
    const snap = (target) => {
      const out = {};
      for (const [pseudo, label] of [[null, ''], ['::before', '::before:'], ['::after', '::after:']]) {
        const cs = getComputedStyle(target, pseudo);
        if (pseudo && (cs.content === 'none' || cs.content === 'normal')) continue;
        for (const p of plain) out[label + p] = cs.getPropertyValue(p);
        for (const p of weak) out[`${label}weak:${p}`] = cs.getPropertyValue(p);
        // An outline or border counts only when it can be seen.
        const w = parseFloat(cs.outlineWidth) || 0;
        out[label + 'outline'] = (cs.outlineStyle === 'none' || w === 0 || transparent(cs.outlineColor))
          ? 'none' : `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} ${cs.outlineOffset}`;
        for (const side of ['top', 'right', 'bottom', 'left']) {
          const bw = parseFloat(cs.getPropertyValue(`border-${side}-width`)) || 0;
          const bs = cs.getPropertyValue(`border-${side}-style`);
          const bc = cs.getPropertyValue(`border-${side}-color`);
          out[`${label}border-${side}`] = (bw === 0 || bs === 'none' || bs === 'hidden' || transparent(bc))
            ? 'none' : `${bw} ${bs} ${bc}`;
        }
      }
      // Children that change with the parent's focus (e.g. a card's heading).
      [...target.children].slice(0, 3).forEach((child, i) => {
        const cs = getComputedStyle(child);
        for (const p of ['background-color', 'color', 'box-shadow', 'text-decoration-line']) {
          out[`child${i}.${p}`] = cs.getPropertyValue(p);
        }
      });
      return out;
    };
    const rects = [...el.getClientRects()].filter((r) => r.width >= 1 && r.height >= 1);
    const focused = snap(el);
    const tag = el.localName;
    const isSkipLink = tag === 'a' && el.classList.contains('skip-link');
    const href = el.getAttribute('href');
    el.blur();
    const blurred = snap(el);
    el.focus({ preventScroll: true, focusVisible: true });
    const changed = Object.keys(focused).filter((k) => focused[k] !== blurred[k]);
    return {
      selector: selectorOf(el),
      tag,
      isSkipLink,
      href,
      changed: changed.map((k) => k.replace('weak:', '')),
      strong: changed.filter((k) => !k.includes('weak:')).length > 0,
      visible: rects.length > 0,
    };
  }, { stopIndex, selectorSrc: inPageSelector.toString() });
}

const MAX_FOCUS_LINES = 5;

async function keyboardWalk(page, failAny) {
  // At most MAX_FOCUS_LINES focus-visible lines per page, then a count.
  let focusFails = 0;
  const fail = (check, msg) => {
    if (check === 'focus-visible' && ++focusFails > MAX_FOCUS_LINES) return;
    failAny(check, msg);
  };
  // No transitions, so computed styles are the end state at once.
  await page.addStyleTag({
    content: '*,*::before,*::after{transition:none!important;animation:none!important;caret-color:auto!important}',
  });
  await page.evaluate(() => {
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  let first = null;
  let stops = 0;
  for (let i = 0; i < MAX_TAB_STOPS; i++) {
    await page.keyboard.press('Tab');
    const stop = await inspectFocusStop(page, i);
    if (!stop || stop.repeat) break;
    stops++;
    if (i === 0) {
      first = stop;
      if (!stop.isSkipLink) {
        fail('skip-link', `first Tab stop is ${stop.selector}, not a.skip-link`);
      } else if (stop.href !== '#main-content') {
        fail('skip-link', `skip link points at "${stop.href}", not #main-content`);
      }
    }
    if (!stop.visible) {
      fail('focus-visible', `${stop.selector} (nothing on screen while focused)`);
    } else if (stop.changed.length === 0) {
      fail('focus-visible', `${stop.selector}`);
    } else if (!stop.strong) {
      fail('focus-visible', `${stop.selector} (focus changes only ${stop.changed.join(', ')}: too slight to see)`);
    }
  }
  if (focusFails > MAX_FOCUS_LINES) {
    failAny('focus-visible', `… and ${focusFails - MAX_FOCUS_LINES} more Tab stops with no visible focus`);
  }
  if (stops === 0) {
    fail('skip-link', 'no Tab stop at all: the skip link is missing');
    return stops;
  }
  if (first && first.isSkipLink && first.href === '#main-content') {
    // Activating the skip link must land on #main-content.
    const ok = await page.evaluate(() => {
      const target = document.getElementById('main-content');
      if (!target) return 'no element with id "main-content"';
      return null;
    });
    if (ok) {
      fail('skip-link', `skip link target missing: ${ok}`);
      return stops;
    }
    await page.evaluate(() => {
      const a = document.querySelector('a.skip-link');
      a.focus();
    });
    await page.keyboard.press('Enter');
    const landed = await page.evaluate(() => ({
      hash: location.hash,
      active: document.activeElement ? (document.activeElement.id || document.activeElement.localName) : null,
    }));
    if (landed.hash !== '#main-content') {
      fail('skip-link', `activating the skip link did not go to #main-content (hash "${landed.hash}")`);
    } else if (landed.active !== 'main-content') {
      // Focus may stay put when the target is not focusable; then the next
      // Tab must still go into (or past the start of) #main-content.
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => {
        const target = document.getElementById('main-content');
        const a = document.activeElement;
        if (!a || a === document.body) return 'the end of the page';
        if (target.contains(a) || (target.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)) return null;
        return a.localName + (a.id ? '#' + a.id : '') + (a.getAttribute('href') ? `[href="${a.getAttribute('href')}"]` : '');
      });
      if (next) fail('skip-link', `after activating the skip link, Tab goes to ${next}, not into #main-content`);
    }
  }
  return stops;
}

// What kind of representative page this is, for screenshots.
async function classify(page, channel, rel, isRedirect, sectionCandidates) {
  if (isRedirect) return null;
  if (rel === 'index.html') return 'home';
  const info = await page.evaluate(() => {
    const panel = document.querySelector('.service-panel');
    const start = document.querySelector('.button--start');
    const status = panel ? panel.textContent : '';
    return {
      panel: !!panel,
      start: !!start,
      partial: /You can do part/i.test(status),
      newsTime: !!document.querySelector('.page-meta time'),
      pageList: !!document.querySelector('.page-list'),
    };
  });
  if (info.start && info.partial) return 'service-partial';
  if (info.start) return 'service-yes';
  if (info.panel) return 'service-no';
  if (/^news\/.+\//.test(rel) && rel !== 'news/index.html' && info.newsTime) return 'news';
  if (sectionCandidates.has(rel) && info.pageList) return 'section';
  return null;
}

// ---------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.outDir) || !fs.statSync(args.outDir).isDirectory()) {
    setupError(`no such folder: ${args.outDir}`);
  }
  if (!fs.existsSync(CHROMIUM)) setupError(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  let chromium;
  let axeSource;
  try {
    ({ chromium, axeSource } = loadTools());
  } catch (e) {
    setupError(`node modules missing (run npm ci in ${__dirname}): ${e.message}`);
  }

  const channels = findChannels(args.outDir);
  const total = channels.reduce((n, c) => n + c.pages.length, 0);
  if (total === 0) setupError(`no HTML pages under ${args.outDir} (looked in ${channels.length ? channels.map((c) => c.name).join(', ') : 'public, intranet, kiosk'})`);
  process.stdout.write(`a11y: ${total} pages in ${channels.map((c) => `${c.name} (${c.pages.length})`).join(', ')}; widths ${WIDTHS.join(', ')}\n`);

  if (args.screenshots) fs.mkdirSync(args.screenshots, { recursive: true });

  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
  } catch (e) {
    setupError(`cannot launch Chromium: ${e.message.split('\n')[0]}`);
  }

  let passed = 0;
  let failed = 0;
  const started = Date.now();
  const shots = [];

  try {
    for (const channel of channels) {
      const htmlFiles = new Set(channel.pages.map((p) => p.file));
      const server = await startServer(channel.root, htmlFiles);
      const origin = `http://127.0.0.1:${server.address().port}`;

      // Top-level section landing pages: folder/index.html with pages under it.
      const sectionCandidates = new Set();
      for (const p of channel.pages) {
        const m = /^([^/]+)\/index\.html$/.exec(p.rel);
        if (m && m[1] !== 'news' && channel.pages.some((q) => q.rel !== p.rel && q.rel.startsWith(m[1] + '/'))) {
          sectionCandidates.add(p.rel);
        }
      }

      // One context (fresh profile) and one page object per width.
      const workers = [];
      for (const width of WIDTHS) {
        const context = await browser.newContext({
          viewport: { width, height: HEIGHT },
          deviceScaleFactor: 1,
          serviceWorkers: 'block',
        });
        context.setDefaultTimeout(30000);
        const w = { width, context, page: null, external: [], broken: [], taken: new Set() };
        await context.route('**/*', async (route) => {
          const req = route.request();
          const url = req.url();
          if (!url.startsWith(origin + '/')) {
            w.external.push(url);
            return route.abort('blockedbyclient');
          }
          if (req.resourceType() === 'document') {
            // Strip meta refresh so redirect pages are checked, not left.
            const resp = await route.fetch();
            const type = resp.headers()['content-type'] || '';
            if (type.includes('html')) {
              const body = (await resp.text()).replace(META_REFRESH, '');
              return route.fulfill({ response: resp, body });
            }
            return route.fulfill({ response: resp });
          }
          return route.continue();
        });
        w.page = await context.newPage();
        w.page.on('response', (r) => {
          if (r.status() >= 400 && r.request().resourceType() !== 'document') w.broken.push(`${r.status()} ${r.url()}`);
        });
        w.page.on('requestfailed', (r) => {
          const url = r.url();
          // A 4xx/5xx already reported above is aborted too: report it once.
          if (url.startsWith(origin + '/') && !w.broken.some((b) => b.endsWith(` ${url}`))) {
            w.broken.push(`failed ${url} (${(r.failure() || {}).errorText})`);
          }
        });
        workers.push(w);
      }

      for (const p of channel.pages) {
        const raw = fs.readFileSync(p.file, 'utf8');
        const isRedirect = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh/i.test(raw);
        const name = `${channel.name}/${p.rel}`;
        const url = pageUrl(origin, p.rel);

        const checkAt = async (w) => {
          const lines = [];
          const notes = [];
          const fail = (check, msg) => lines.push(`FAIL ${name} ${w.width} ${check}: ${msg}`);
          const page = w.page;
          w.external = [];
          w.broken = [];
          try {
            const resp = await page.goto(url, { waitUntil: 'load' });
            if (!resp) fail('http', 'no response');
            else if (resp.status() !== 200) fail('http', `${url} answered ${resp.status()}`);
            await page.evaluate(() => document.fonts && document.fonts.ready);

            // axe-core
            for (const v of await axeViolations(page, axeSource)) fail(v.id, axeMessage(v));

            // Data tables need header cells: every cell of a <thead> row is a
            // <th> (an empty corner <td> is allowed), and a table without
            // <thead> has at least one <th>. Covers tables too small for
            // axe's td-has-header (fewer than 3 x 3).
            if (w.width === WIDTHS[0]) {
              const tables = await page.evaluate((selectorSrc) => {
                const selectorOf = new Function(`return (${selectorSrc})`)();
                const out = [];
                for (const t of document.querySelectorAll('table')) {
                  const role = (t.getAttribute('role') || '').trim();
                  if (role === 'presentation' || role === 'none') continue;
                  const headTd = [...t.querySelectorAll(':scope > thead > tr > td')].filter((c) => c.textContent.trim() !== '');
                  if (headTd.length) {
                    out.push(`${selectorOf(t)}: header row cell "${headTd[0].textContent.trim().slice(0, 40)}" is <td>, not <th>`);
                  } else if (!t.querySelector('th, [role=columnheader], [role=rowheader]')) {
                    out.push(`${selectorOf(t)}: table has no header cells (<th>)`);
                  }
                }
                return out;
              }, inPageSelector.toString());
              for (const t of tables) fail('table-headers', t);
            }

            // Reflow: no horizontal scrolling at 320 CSS pixels.
            if (w.width === 320) {
              const reflow = await page.evaluate((selectorSrc) => {
                const selectorOf = new Function(`return (${selectorSrc})`)();
                const sw = document.documentElement.scrollWidth;
                const iw = window.innerWidth;
                if (sw <= iw) return null;
                // The innermost elements that stick out or whose content does.
                const over = (el) => {
                  const r = el.getBoundingClientRect();
                  return (r.width > 0 && r.right > iw + 0.5) || (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
                    && getComputedStyle(el).overflowX === 'visible');
                };
                const cands = [...document.body.querySelectorAll('*')].filter(over);
                const wide = cands.filter((el) => !cands.some((o) => o !== el && el.contains(o))).slice(0, 3);
                return { sw, iw, els: wide.map(selectorOf) };
              }, inPageSelector.toString());
              if (reflow) {
                fail('reflow', `page scrolls sideways: scrollWidth ${reflow.sw} > ${reflow.iw} (${reflow.els.join(', ') || 'no single element found'})`);
              }
            }

            // Screenshots of representative pages.
            if (args.screenshots) {
              const kind = await classify(page, channel.name, p.rel, isRedirect, sectionCandidates);
              if (kind && !w.taken.has(kind)) {
                w.taken.add(kind);
                const file = path.join(args.screenshots, `${channel.name}-${kind}-${w.width}.png`);
                await page.screenshot({ path: file, fullPage: true });
                shots.push(`${path.basename(file)} <- ${name}`);
              }
            }

            // Keyboard walk at desktop width.
            if (w.width === 1280) notes.push(`${await keyboardWalk(page, fail)} tab stops`);

            for (const b of [...new Set(w.broken)]) fail('missing-resource', b);
            if (channel.name === 'kiosk') {
              for (const u of [...new Set(w.external)]) fail('self-contained', `request outside the kiosk folder: ${u}`);
            }
          } catch (e) {
            fail('error', e.message.split('\n')[0]);
          }
          return { lines, notes };
        };

        // Both widths at once: two page objects, two cores.
        const results = await Promise.all(workers.map(checkAt));
        results.forEach(({ lines, notes }, i) => {
          if (lines.length) {
            failed++;
            for (const l of lines) process.stdout.write(l + '\n');
          } else {
            passed++;
            if (process.env.A11Y_VERBOSE) process.stdout.write(`ok   ${name} ${workers[i].width}${notes.length ? ` (${notes.join(', ')})` : ''}\n`);
          }
        });
      }

      for (const w of workers) await w.context.close();
      await new Promise((r) => server.close(r));
    }
  } finally {
    await browser.close();
  }

  if (args.screenshots) {
    for (const s of shots.sort()) process.stdout.write(`screenshot ${s}\n`);
    process.stdout.write(`screenshots: ${args.screenshots}\n`);
  }
  process.stdout.write(`a11y: checked in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`a11y.js: ${e.stack || e}\n`);
  process.exit(2);
});
