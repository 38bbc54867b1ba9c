#!/usr/bin/env node
'use strict';
// Real-browser gate for the kiosk channel of a libpublish build.
//
//   node kiosk.js OUT_DIR [--screenshots DIR]
//
// Serves OUT_DIR/kiosk from a small static server on 127.0.0.1 and opens
// every kiosk page in headless Chromium as the kiosk shows it: a portrait
// touch screen of 1080 x 1920 CSS px. On every page:
//   - axe-core with the tags and rules of a11y.js (shared.js)
//   - touch targets: every visible, enabled target (links, buttons, labels
//     of checkboxes, inputs that are not visually hidden, summaries) is at
//     least 44 x 44 CSS px in each of its boxes, its text does not spill out
//     of it, and no two targets overlap
//   - the control bar (nav.kiosk-bar) with Home, Back and Ask a member of
//     staff is on screen, tappable, with its top edge in the lower half of
//     the screen, at the top of the page and scrolled to the bottom, with
//     the settings off and on
//   - the Larger text and High contrast toggles work when tapped, and are
//     off again when tapped again
//   - every take-away link (#take-away.N) brings its QR code panel on
//     screen above the control bar; the Listen control, if any, is tapped
//   - no request leaves the local server, before or after the taps; no
//     popup, no download; every same-server resource exists
//   - every link stays on the kiosk: a root-relative path to a page in
//     OUT_DIR/kiosk (and its #fragment, if any), or an in-page #fragment
//     that exists; no target, no download attribute, no other scheme
// Once on the home page and once on a service page, with Playwright's fake
// clock: the idle warning, its extension (three times), and the reset to a
// home page with nothing of the visit left, even through the Back button.
// With --screenshots DIR: kiosk-<kind>-1080x1920.png of the real screen.
//
// Prints one "FAIL kiosk/path check: ..." line per problem and ends with
// "N passed, M failed" (N, M count pages plus the two idle flows). Exit 0
// when clean, 1 on any failure, 2 on a setup problem (no kiosk folder or
// pages, no Chromium, no node modules).

const fs = require('fs');
const path = require('path');
const { findChannels } = require('./pages');
const {
  CHROMIUM, CHROMIUM_ARGS, loadTools, axeViolations, axeMessage, startServer, pageUrl, inPageSelector,
  gateCli,
} = require('./shared');

const SCREEN = { width: 1080, height: 1920 };
const MIN_TARGET = 44; // CSS px, WCAG 2.5.5 (the kiosk theme aims for 56)
const MIN_GAP = 8; // CSS px between two targets (the kiosk theme aims for 12)
const MIN_WARNING_SECONDS = 20; // WCAG 2.2.1
const EXTENSIONS = 3; // times "I need more time" is pressed before the reset
const WORKERS = 2; // pages checked at the same time (one per core)
const VERBOSE = !!(process.env.KIOSK_VERBOSE || process.env.A11Y_VERBOSE);
const MAX_LINES = 8; // lines per check and page, then a count (target-size: all)
const META_REFRESH = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh\b[^>]*>/gi;
const REFRESH_URL = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh\b[^>]*content\s*=\s*["'][^"']*?url\s*=\s*([^"'>\s]+)/i;

const { usage, setupError, parseArgs } = gateCli('kiosk.js');

// ---------------------------------------------------------------------------
// Links: every href must stay on the kiosk.

// The ids of an HTML file, read once.
const idCache = new Map();
function idsOf(file) {
  if (!idCache.has(file)) {
    const ids = new Set();
    const html = fs.readFileSync(file, 'utf8');
    for (const m of html.matchAll(/\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) ids.add(m[1] ?? m[2] ?? m[3]);
    idCache.set(file, ids);
  }
  return idCache.get(file);
}

function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return s;
  }
}

// Why href, on a kiosk page, is not a kiosk address; null when it is one.
// In-page fragments are checked in the page itself (idExists).
// A file that is not a page (a download) is allowed only for `media` links:
// the Listen control's href is the recording it plays.
function hrefProblem(href, root, htmlFiles, idExists, media) {
  if (href === '') return 'empty href';
  if (href.startsWith('#')) {
    if (href === '#') return 'href="#" goes nowhere';
    return idExists ? null : `no element with id "${decode(href.slice(1))}" on the page`;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href);
  if (scheme) return `${scheme[1].toLowerCase()}: link leaves the kiosk`;
  if (href.startsWith('//')) return 'protocol-relative link leaves the kiosk';
  if (!href.startsWith('/')) return 'not a root-relative path (kiosk links start with /)';
  const hashAt = href.indexOf('#');
  const fragment = hashAt >= 0 ? decode(href.slice(hashAt + 1)) : '';
  const urlPath = decode(href.split(/[?#]/)[0]);
  let file = path.join(root, path.normalize(urlPath));
  if (file !== root && !file.startsWith(root + path.sep)) return 'path outside the kiosk folder';
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  else if (urlPath.endsWith('/')) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) return `no such page in the kiosk folder (${path.relative(root, file)})`;
  if (!htmlFiles.has(file) && !(media && /\.(mp3|m4a|aac|ogg|oga|opus|wav|webm)$/i.test(file))) return `links to a file (${path.relative(root, file)}): a download, not a kiosk page`;
  if (fragment && !idsOf(file).has(fragment)) return `no element with id "${fragment}" on ${path.relative(root, file)}`;
  return null;
}

// ---------------------------------------------------------------------------
// Code run inside the page.

/* eslint-disable no-undef */
// Every link and form action on the page, with what a fragment points at.
function inPageLinks(selectorSrc) {
  const selectorOf = new Function(`return (${selectorSrc})`)();
  const out = [];
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    const href = a.getAttribute('href').trim();
    let idExists = false;
    if (href.startsWith('#') && href.length > 1) {
      let id = href.slice(1);
      try { id = decodeURIComponent(id); } catch (e) { /* as written */ }
      idExists = document.getElementById(id) !== null;
    }
    out.push({
      selector: selectorOf(a),
      href,
      idExists,
      target: a.getAttribute('target'),
      download: a.hasAttribute('download'),
      media: a.hasAttribute('data-kiosk-listen'),
    });
  }
  for (const f of document.querySelectorAll('form')) {
    out.push({ selector: selectorOf(f), href: f.getAttribute('action') || '#', idExists: true, form: true });
  }
  if (document.querySelector('base[href]')) {
    out.push({ selector: 'base', href: document.querySelector('base').getAttribute('href'), base: true });
  }
  return out;
}

// Touch targets and the control bar, at the page's present scroll position.
// scope: a selector; only targets inside it count (the open idle dialog).
function inPageLayout({ selectorSrc, minTarget, minGap, scope }) {
  const selectorOf = new Function(`return (${selectorSrc})`)();
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const sx = window.scrollX;
  const sy = window.scrollY;

  const clippedAway = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const cs = getComputedStyle(e);
      const inset = /^inset\(\s*([\d.]+)%/.exec(cs.clipPath);
      if (inset && parseFloat(inset[1]) >= 50) return true;
      if (cs.position === 'absolute' || cs.position === 'fixed') {
        const c = /^rect\(\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px,?\s*(-?[\d.]+)px\s*\)$/.exec(cs.clip);
        if (c && (parseFloat(c[3]) <= parseFloat(c[1]) || parseFloat(c[2]) <= parseFloat(c[4]))) return true;
      }
    }
    return false;
  };
  const boxes = (el) => [...el.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  // Shown on screen at all: rendered, not transparent, not clipped away, not
  // moved off the page (the skip link until it has focus).
  const shown = (el) => {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const rs = boxes(el);
    if (rs.length === 0) return false;
    if (el.localName === 'input' && rs.every((r) => r.width <= 1 || r.height <= 1)) return false;
    if (rs.every((r) => r.right + sx <= 0 || r.bottom + sy <= 0)) return false;
    return !clippedAway(el);
  };
  const disabled = (el) => el.matches(':disabled') || el.closest('[inert]') !== null
    || el.getAttribute('aria-disabled') === 'true';

  const within = scope ? document.querySelector(scope) : document;
  const candidates = within ? within.querySelectorAll(
    'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, label, '
    + '[role=button], [role=link], [role=checkbox], [role=switch], [role=tab], [role=menuitem]') : [];
  const targets = [];
  for (const el of candidates) {
    if (el.localName === 'label') {
      const c = el.control;
      if (!c || !(c.type === 'checkbox' || c.type === 'radio')) continue;
    }
    if (!scope && el.closest('dialog') && !el.closest('dialog').open) continue;
    if (disabled(el) || !shown(el)) continue;
    targets.push(el);
  }

  const size = [];
  const overflow = [];
  const rects = targets.map((el) => boxes(el).map((r) => ({
    left: r.left + sx, top: r.top + sy, right: r.right + sx, bottom: r.bottom + sy,
  })));
  targets.forEach((el, i) => {
    const rs = boxes(el);
    // The smallest box: a link broken over two lines is two small targets.
    let small = null;
    for (const r of rs) {
      if (r.width < minTarget - 0.01 || r.height < minTarget - 0.01) {
        if (!small || r.width * r.height < small.width * small.height) small = r;
      }
    }
    if (small) {
      size.push(`${selectorOf(el)} is ${small.width.toFixed(1)} x ${small.height.toFixed(1)} px`
        + (rs.length > 1 ? ` (one of ${rs.length} boxes, broken over lines)` : ''));
    }
    const cs = getComputedStyle(el);
    if (cs.display !== 'inline' && cs.overflowX === 'visible' && cs.overflowY === 'visible') {
      const dx = el.scrollWidth - el.clientWidth;
      const dy = el.scrollHeight - el.clientHeight;
      if (el.clientWidth > 0 && (dx > 1 || dy > 1)) {
        overflow.push(`${selectorOf(el)}: content ${el.scrollWidth} x ${el.scrollHeight} px spills out of its `
          + `${el.clientWidth} x ${el.clientHeight} px box`);
      }
    }
  });

  // Overlapping targets, and targets too close together (one inside the
  // other is one target, not two).
  const overlap = [];
  const spacing = [];
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      if (targets[i].contains(targets[j]) || targets[j].contains(targets[i])) continue;
      let hit = null;
      let gap = Infinity;
      for (const a of rects[i]) {
        for (const b of rects[j]) {
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 0.5 && h > 0.5 && (!hit || w * h > hit.w * hit.h)) hit = { w, h };
          gap = Math.min(gap, Math.hypot(Math.max(0, -w), Math.max(0, -h)));
        }
      }
      if (hit) {
        overlap.push(`${selectorOf(targets[i])} and ${selectorOf(targets[j])} overlap by `
          + `${hit.w.toFixed(1)} x ${hit.h.toFixed(1)} px`);
      } else if (gap < minGap - 0.01) {
        spacing.push(`${selectorOf(targets[i])} and ${selectorOf(targets[j])} are ${gap.toFixed(1)} px apart, `
          + `less than ${minGap}`);
      }
    }
  }

  // The control bar.
  const bar = document.querySelector('nav.kiosk-bar');
  let barInfo = null;
  if (bar) {
    const r = bar.getBoundingClientRect();
    const controls = {
      Home: bar.querySelector('a[data-kiosk-home]'),
      Back: bar.querySelector('a[data-kiosk-back]'),
      'Ask a member of staff': bar.querySelector('a.kiosk-button--staff, a[href$="ask-for-help/"]'),
    };
    const problems = [];
    if (r.top < -0.5 || r.bottom > vh + 0.5) {
      problems.push(`nav.kiosk-bar is not all on screen (top ${r.top.toFixed(0)}, bottom ${r.bottom.toFixed(0)}, screen ${vh} px)`);
    }
    if (r.top < vh / 2) {
      problems.push(`nav.kiosk-bar starts at y ${r.top.toFixed(0)}, in the upper half of the ${vh} px screen (lower half starts at ${vh / 2})`);
    }
    for (const [name, el] of Object.entries(controls)) {
      if (!el) {
        problems.push(`no ${name} control in nav.kiosk-bar`);
        continue;
      }
      const c = el.getBoundingClientRect();
      if (!shown(el)) {
        problems.push(`${name} (${selectorOf(el)}) is not shown`);
      } else if (c.top < -0.5 || c.bottom > vh + 0.5 || c.left < -0.5 || c.right > vw + 0.5) {
        problems.push(`${name} is off screen (${c.left.toFixed(0)},${c.top.toFixed(0)} to ${c.right.toFixed(0)},${c.bottom.toFixed(0)})`);
      } else {
        const hitEl = document.elementFromPoint((c.left + c.right) / 2, (c.top + c.bottom) / 2);
        if (!hitEl || !(el === hitEl || el.contains(hitEl))) {
          problems.push(`${name} is covered by ${hitEl ? selectorOf(hitEl) : 'nothing tappable'} at its centre`);
        }
      }
    }
    barInfo = { top: r.top, bottom: r.bottom, problems };
  }

  return {
    size,
    overflow,
    overlap,
    spacing,
    bar: barInfo,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: vw,
    targets: targets.length,
  };
}
/* eslint-enable no-undef */

// ---------------------------------------------------------------------------

function addLines(fail, check, lines) {
  const max = check === 'target-size' ? Infinity : MAX_LINES;
  lines.slice(0, max).forEach((l) => fail(check, l));
  if (lines.length > max) fail(check, `… and ${lines.length - max} more`);
}

async function scrollTo(page, where) {
  await page.evaluate((w) => {
    window.scrollTo({ top: w === 'top' ? 0 : document.documentElement.scrollHeight, left: 0, behavior: 'instant' });
  }, where);
}

// Checks targets and the bar at the top and the bottom of the page; `state`
// names the settings in the messages. Target sizes, spills and overlaps are
// measured scrolled to the bottom, where the sticky bar is in its own place
// and no longer over the content.
async function checkLayout(page, fail, state, seen) {
  const suffix = state ? ` (${state})` : '';
  const layoutArgs = { selectorSrc: inPageSelector.toString(), minTarget: MIN_TARGET, minGap: MIN_GAP };
  await scrollTo(page, 'top');
  const top = await page.evaluate(inPageLayout, layoutArgs);
  await scrollTo(page, 'bottom');
  const bottom = await page.evaluate(inPageLayout, layoutArgs);
  await scrollTo(page, 'top');
  // The same problem with and without the settings is reported once.
  const once = (check, lines) => addLines(fail, check, lines.filter((l) => {
    const key = `${check} ${l}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).map((l) => l + suffix));
  once('target-size', bottom.size);
  once('target-spill', bottom.overflow);
  once('target-overlap', bottom.overlap);
  once('target-spacing', bottom.spacing);
  if (!top.bar) {
    once('control-bar', ['no nav.kiosk-bar on the page']);
  } else {
    once('control-bar', top.bar.problems.map((p) => `at the top of the page: ${p}`));
    once('control-bar', bottom.bar.problems.map((p) => `scrolled to the bottom: ${p}`));
  }
  if (top.scrollWidth > top.innerWidth) {
    once('reflow', [`page scrolls sideways: scrollWidth ${top.scrollWidth} > ${top.innerWidth}`]);
  }
  return top.targets;
}

// Taps a settings toggle and checks what it does; returns its problem or null.
async function tapToggle(page, name, on) {
  const label = page.locator(`label[for="kiosk-${name}"]`);
  if ((await label.count()) === 0) return `no label for #kiosk-${name}`;
  const before = await page.evaluate(() => ({
    font: parseFloat(getComputedStyle(document.documentElement).fontSize),
    bg: getComputedStyle(document.body).backgroundColor,
  }));
  await label.tap({ timeout: 5000 });
  const after = await page.evaluate((n) => ({
    checked: document.getElementById(`kiosk-${n}`).checked,
    cls: document.documentElement.classList.contains(`kiosk--${n}`),
    font: parseFloat(getComputedStyle(document.documentElement).fontSize),
    bg: getComputedStyle(document.body).backgroundColor,
  }), name);
  if (after.checked !== on) return `tapping its label leaves #kiosk-${name} ${after.checked ? 'ticked' : 'unticked'}`;
  if (after.cls !== on) return `tapping it ${on ? 'does not add' : 'leaves'} the class kiosk--${name} on html`;
  if (name === 'larger-text' && on && !(after.font >= before.font * 1.2)) {
    return `text does not get larger (root font size ${before.font} px, then ${after.font} px)`;
  }
  if (name === 'high-contrast' && on && after.bg === before.bg) {
    return `the page does not change (body background stays ${after.bg})`;
  }
  return null;
}

async function checkPage(ctx, w, p) {
  const { origin, root, htmlFiles, axeSource, args, shotsFor } = ctx;
  const lines = [];
  const name = `kiosk/${p.rel}`;
  const fail = (check, msg) => lines.push(`FAIL ${name} ${check}: ${msg}`);
  const page = w.page;
  w.reset();
  try {
    const resp = await page.goto(pageUrl(origin, p.rel), { waitUntil: 'load' });
    if (!resp) fail('http', 'no response');
    else if (resp.status() !== 200) fail('http', `${resp.url()} answered ${resp.status()}`);
    await page.evaluate(() => document.fonts && document.fonts.ready);

    // 1. axe-core, as a11y.js runs it.
    const axeFound = [];
    for (const v of await axeViolations(page, axeSource)) {
      axeFound.push(axeMessage(v));
      fail(v.id, axeMessage(v));
    }

    // 5. Links stay on the kiosk.
    const links = await page.evaluate(inPageLinks, inPageSelector.toString());
    if (p.refresh) links.push({ selector: 'meta[http-equiv=refresh]', href: p.refresh, idExists: true });
    const linkLines = [];
    for (const l of links) {
      if (l.base) {
        linkLines.push(`<base href="${l.href}">: hrefs would not be read as written`);
        continue;
      }
      const problem = hrefProblem(l.href, root, htmlFiles, l.idExists, l.media);
      if (problem) linkLines.push(`${l.selector}${l.form ? ` action="${l.href}"` : ''}: ${problem}`);
      if (l.target && l.target !== '_self') linkLines.push(`${l.selector}: target="${l.target}" opens another window`);
      if (l.download) linkLines.push(`${l.selector}: download attribute`);
    }
    addLines(fail, 'kiosk-link', linkLines);

    // 7. Screenshot of the page as it first shows.
    const shot = shotsFor.get(p.rel);
    if (args.screenshots && shot) {
      await scrollTo(page, 'top');
      await page.screenshot({ path: path.join(args.screenshots, `kiosk-${shot}-1080x1920.png`) });
      ctx.shots.push(`kiosk-${shot}-1080x1920.png <- ${name}`);
    }

    // 2, 3. Targets and the control bar, settings off.
    const seen = new Set();
    const targets = await checkLayout(page, fail, '', seen);
    if (targets === 0) fail('target-size', 'no touch targets found on the page');

    // 4. The toggles, tapped: settings on, then off again.
    const hasToggles = (await page.locator('#kiosk-larger-text, #kiosk-high-contrast').count()) === 2;
    if (!hasToggles) {
      fail('toggle', 'no #kiosk-larger-text and #kiosk-high-contrast checkboxes');
    } else {
      for (const n of ['larger-text', 'high-contrast']) {
        const problem = await tapToggle(page, n, true);
        if (problem) fail('toggle', `${n}: ${problem}`);
      }
      await checkLayout(page, fail, 'larger text and high contrast on', seen);
      // axe again, for what the settings change (contrast above all).
      const before = new Set(axeFound);
      for (const v of await axeViolations(page, axeSource)) {
        const m = axeMessage(v);
        if (!before.has(m)) fail(v.id, `${m} (larger text and high contrast on)`);
      }
      if (args.screenshots && p.rel === ctx.serviceRel) {
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
        await scrollTo(page, 'top');
        await page.screenshot({ path: path.join(args.screenshots, 'kiosk-high-contrast-larger-text-1080x1920.png') });
        ctx.shots.push(`kiosk-high-contrast-larger-text-1080x1920.png <- ${name}`);
      }
      for (const n of ['larger-text', 'high-contrast']) {
        const problem = await tapToggle(page, n, false);
        if (problem) fail('toggle', `${n} off: ${problem}`);
      }
    }

    // Take-away links: each brings its QR panel on screen above the bar.
    const takeAway = [...new Set(links.filter((l) => /^#take-away\./.test(l.href)).map((l) => l.href))];
    const takeLines = [];
    for (const href of takeAway) {
      const link = page.locator(`a[href="${href}"]:visible`).first();
      if ((await link.count()) === 0) continue;
      await link.tap({ timeout: 5000 });
      const r = await page.evaluate((h) => {
        let id = h.slice(1);
        try { id = decodeURIComponent(id); } catch (e) { /* as written */ }
        const el = document.getElementById(id);
        const bar = document.querySelector('nav.kiosk-bar');
        const barTop = bar ? bar.getBoundingClientRect().top : window.innerHeight;
        const rect = el ? el.getBoundingClientRect() : null;
        return {
          hash: location.hash,
          exists: !!el,
          top: rect && rect.top,
          bottom: rect && rect.bottom,
          barTop,
          isCode: !!(el && el.querySelector('svg, img')),
        };
      }, href);
      if (r.hash !== href) takeLines.push(`tapping a[href="${href}"] leaves the address at "${r.hash}"`);
      else if (!r.exists) takeLines.push(`a[href="${href}"]: no such panel`);
      else if (!r.isCode) takeLines.push(`${href}: the panel holds no QR code (svg or img)`);
      else if (r.top < -0.5 || r.bottom > r.barTop + 0.5) {
        takeLines.push(`after tapping a[href="${href}"] its panel is at y ${r.top.toFixed(0)} to ${r.bottom.toFixed(0)}, `
          + `not all on screen above the control bar (top ${r.barTop.toFixed(0)})`);
      }
    }
    addLines(fail, 'take-away', takeLines);

    // The Listen control, if the page has one: tapped on and off.
    const listen = page.locator('[data-kiosk-listen]:visible');
    if ((await listen.count()) > 0) {
      await listen.first().tap({ timeout: 5000 });
      await page.waitForTimeout(300);
      await listen.first().tap({ timeout: 5000 });
    }
    await page.waitForTimeout(50);

    // 4. Nothing left the local server, before or after the taps.
    for (const u of [...new Set(w.external)]) fail('self-contained', `request outside the kiosk folder: ${u}`);
    for (const b of [...new Set(w.broken)]) fail('missing-resource', b);
    for (const e of w.escapes) fail('self-contained', e);
    await page.evaluate(() => {
      try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* none */ }
    });
  } catch (e) {
    fail('error', e.message.split('\n')[0]);
  }
  return lines;
}

// ---------------------------------------------------------------------------
// The idle flow, with a fake clock: warning, extensions, reset.

async function idleFlow(ctx, kind, steps) {
  const { browser, origin, args } = ctx;
  const homeUrl = origin + '/';
  const lines = [];
  const label = kind === 'home' ? 'kiosk/index.html' : `kiosk/${ctx.serviceRel}`;
  const fail = (msg) => lines.push(`FAIL ${label} idle: ${msg}`);
  const context = await browser.newContext({
    viewport: SCREEN, deviceScaleFactor: 1, hasTouch: true, serviceWorkers: 'block',
  });
  context.setDefaultTimeout(10000);
  const w = watch(context, origin);
  const page = await context.newPage();
  w.attach(page);
  // Runs fn in the page; null when the page is no longer `where` (the kiosk
  // went somewhere, or is on its way).
  let where = null;
  const onPage = async (fn, arg) => {
    if (where && page.url() !== where) return null;
    try {
      return await page.evaluate(fn, arg);
    } catch (e) {
      if (/context was destroyed|navigat/i.test(e.message)) return null;
      throw e;
    }
  };
  const dialogState = () => {
    const dialog = document.getElementById('kiosk-idle');
    if (!dialog) return { missing: true };
    const shown = dialog.querySelector('.kiosk-idle__seconds');
    const buttons = [...dialog.querySelectorAll('button, a[href], input, select, textarea, [role=button]')];
    return {
      open: dialog.open,
      modal: dialog.matches(':modal'),
      seconds: shown ? parseInt(shown.textContent, 10) : null,
      text: dialog.textContent.replace(/\s+/g, ' ').trim(),
      buttons: buttons.map((b) => b.textContent.trim()),
    };
  };
  const isOpen = async () => {
    const st = await onPage(dialogState);
    return !!(st && st.open);
  };
  // Where the kiosk went, once it got there.
  const away = async () => {
    try {
      await page.waitForURL((u) => u.href !== where, { waitUntil: 'load', timeout: 5000 });
    } catch (e) { /* described as it is */ }
    const u = page.url();
    if (u === homeUrl) return 'the kiosk was reset to the home page';
    return `the kiosk went to ${u.startsWith(origin) ? new URL(u).pathname : u}`;
  };
  const tapTo = async (locator, url) => {
    await Promise.all([page.waitForURL(url, { waitUntil: 'load' }), locator.tap()]);
  };
  try {
    // Playwright's fake performance object has no navigation entries, and
    // the kiosk reads performance.getEntriesByType("navigation") to tell a
    // page reached through Back. Before the clock is installed, a setter
    // gives the fake the real entry functions.
    await context.addInitScript(() => {
      const real = window.performance;
      let current = real;
      Object.defineProperty(window, 'performance', {
        configurable: true,
        enumerable: true,
        get() { return current; },
        set(fake) {
          for (const k of ['getEntries', 'getEntriesByType', 'getEntriesByName']) {
            if (fake && typeof real[k] === 'function') fake[k] = real[k].bind(real);
          }
          current = fake;
        },
      });
    });
    await page.clock.install({ time: new Date('2026-05-01T09:00:00Z') });
    await page.goto(homeUrl, { waitUntil: 'load' });
    // Paused: time moves only when the gate moves it.
    await page.clock.pauseAt(new Date('2026-05-01T09:00:05Z'));
    const timing = await page.evaluate(() => ({
      idle: parseInt(document.body.getAttribute('data-idle-seconds'), 10),
      warning: parseInt(document.body.getAttribute('data-warning-seconds'), 10),
    }));
    if (!(timing.idle > 0)) {
      fail(`body[data-idle-seconds] is "${timing.idle}", not a number of seconds`);
      return lines;
    }
    const warning = timing.warning > 0 ? timing.warning : MIN_WARNING_SECONDS;

    // The visit: the steps to the screen where the visitor walks away.
    const visited = await steps(page, tapTo);
    where = page.url();
    if (await isOpen()) fail('the idle warning is open before any time has passed');
    // Something the visit left behind, to see the reset clear it.
    await page.evaluate(() => {
      localStorage.setItem('kiosk-gate-left-behind', '1');
      document.cookie = 'kiosk_gate_left_behind=1; path=/';
    });

    if (args.screenshots && kind === 'service') await scrollTo(page, 'top');
    for (let round = 0; round <= EXTENSIONS; round++) {
      const nth = round === 0 ? 'first' : `after extension ${round}`;
      await page.clock.runFor((timing.idle - 1) * 1000);
      const early = await onPage(dialogState);
      if (!early) {
        fail(`${nth}: ${timing.idle - 1} s after the last touch ${await away()}, with no warning first`
          + (round ? ' (does "I need more time" stop the countdown?)' : ''));
        return lines;
      }
      if (early.open) {
        fail(`${nth}: the warning opens before ${timing.idle} s without a touch`);
        return lines;
      }
      await page.clock.runFor(1500);
      const d = await onPage(dialogState);
      if (!d) {
        fail(`${nth}: ${timing.idle + 0.5} s after the last touch ${await away()}, with no warning first`);
        return lines;
      }
      if (d.missing) {
        fail('no <dialog id="kiosk-idle"> on the page');
        return lines;
      }
      if (!d.open) {
        fail(`${nth}: the warning is not open ${timing.idle + 0.5} s after the last touch (data-idle-seconds ${timing.idle})`);
        return lines;
      }
      if (!d.modal) fail(`${nth}: the warning is open but not modal (showModal)`);
      if (d.seconds === null || Number.isNaN(d.seconds)) fail(`${nth}: no seconds left shown (.kiosk-idle__seconds): "${d.text}"`);
      else if (d.seconds < MIN_WARNING_SECONDS) fail(`${nth}: the warning shows ${d.seconds} s left, fewer than ${MIN_WARNING_SECONDS}`);
      if (d.buttons.length !== 1) fail(`${nth}: the warning has ${d.buttons.length} controls (${d.buttons.join(', ')}), not one button`);
      if (round === 0) {
        const layout = await onPage(inPageLayout, {
          selectorSrc: inPageSelector.toString(), minTarget: MIN_TARGET, minGap: MIN_GAP, scope: '#kiosk-idle',
        }) || { size: [], overflow: [], targets: 1 };
        addLines((c, m) => fail(`${c}: ${m}`), 'target-size', layout.size);
        addLines((c, m) => fail(`${c}: ${m}`), 'target-spill', layout.overflow);
        if (layout.targets === 0) fail('no "I need more time" button shown in the warning');
        if (args.screenshots && kind === 'service') {
          await page.screenshot({ path: path.join(args.screenshots, 'kiosk-idle-dialog-1080x1920.png') });
          ctx.shots.push(`kiosk-idle-dialog-1080x1920.png <- ${label}`);
        }
      }
      if (round === EXTENSIONS) break;
      // At least MIN_WARNING_SECONDS to answer, then the answer.
      await page.clock.runFor((MIN_WARNING_SECONDS - 1) * 1000);
      const waiting = await onPage(dialogState);
      if (!waiting || !waiting.open) {
        fail(`${nth}: the warning gave less than ${MIN_WARNING_SECONDS} s to answer: `
          + `${MIN_WARNING_SECONDS - 1} s after it opened ${waiting ? 'it is closed' : await away()}`);
        return lines;
      }
      const more = page.locator('#kiosk-idle [data-kiosk-more-time], #kiosk-idle button').first();
      await more.tap({ timeout: 5000 });
      if (await isOpen()) {
        fail(`${nth}: the warning stays open after pressing "I need more time"`);
        return lines;
      }
    }

    // No answer: back to the home page, nothing of the visit left. The
    // reset loads a new document even when the visit ends on the home page,
    // so wait for the marker planted in this one to be gone.
    await page.evaluate(() => { window.__kioskGateOldDocument = true; });
    await page.clock.runFor((warning + 1) * 1000);
    try {
      const deadline = Date.now() + 5000;
      for (;;) {
        let fresh = false;
        try {
          fresh = await page.evaluate(() => !window.__kioskGateOldDocument);
        } catch (e) {
          if (!/context was destroyed|navigat/i.test(e.message)) throw e;
        }
        if (fresh) break;
        if (Date.now() > deadline) throw new Error('no new document');
        await new Promise((r) => setTimeout(r, 50));
      }
      await page.waitForURL(homeUrl, { waitUntil: 'load', timeout: 5000 });
    } catch (e) {
      fail(`${warning + 1} s after the warning opened, the kiosk is still at ${page.url()}, not the home page`);
      return lines;
    }
    // What the screen holds now, once it has settled: a page of the old
    // visit reached by Back may still be on its way to the home page.
    const left = async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await page.waitForLoadState('load');
          return await page.evaluate(inPageLeftovers);
        } catch (e) {
          if (attempt >= 3 || !/context was destroyed|navigat/i.test(e.message)) throw e;
        }
      }
    };
    const inPageLeftovers = () => {
      const box = document.getElementById('kiosk-larger-text');
      const hc = document.getElementById('kiosk-high-contrast');
      const playing = [...document.querySelectorAll('audio, video')].filter((m) => !m.paused).length;
      return {
        path: location.pathname,
        session: Object.keys(sessionStorage),
        local: Object.keys(localStorage),
        cookie: document.cookie,
        larger: !!(box && box.checked),
        contrast: !!(hc && hc.checked),
        classes: document.documentElement.className,
        dialog: !!(document.getElementById('kiosk-idle') || {}).open,
        playing,
        visibility: getComputedStyle(document.documentElement).visibility,
      };
    };
    const leftovers = (s, when) => {
      const out = [];
      if (s.session.length) out.push(`sessionStorage holds ${s.session.join(', ')}`);
      if (s.local.length) out.push(`localStorage holds ${s.local.join(', ')}`);
      if (s.cookie) out.push(`document.cookie is "${s.cookie}"`);
      if (s.larger) out.push('#kiosk-larger-text is ticked');
      if (s.contrast) out.push('#kiosk-high-contrast is ticked');
      if (/\bkiosk--(larger-text|high-contrast)\b/.test(s.classes)) out.push(`html class is "${s.classes}"`);
      if (s.dialog) out.push('the idle warning is open');
      if (s.playing) out.push(`${s.playing} audio/video still playing`);
      if (s.visibility !== 'visible') out.push(`the page is ${s.visibility}`);
      for (const o of out) {
        if (reported.has(o)) continue; // said once, at its first sight
        reported.add(o);
        fail(`${when}: ${o}`);
      }
    };
    const reported = new Set();
    leftovers(await left(), 'after the reset');

    // The fresh home page does not start a new countdown by itself.
    await page.clock.runFor((timing.idle + warning + 1) * 1000);
    if (await isOpen()) fail('after the reset, the warning opens again on the untouched home page');

    // Back: no page of the old visit shows again; each ends on the home page.
    const visitedPaths = new Set(visited.map((u) => new URL(u).pathname).filter((p) => p !== '/'));
    let backs = 0;
    let oldPagesReached = 0;
    for (let i = 0; i < visited.length + 2; i++) {
      let resp;
      try {
        resp = await page.goBack({ waitUntil: 'load', timeout: 5000 });
      } catch (e) {
        fail(`Back number ${i + 1}: ${e.message.split('\n')[0]}`);
        break;
      }
      if (!resp && !page.url().startsWith(origin + '/')) break; // before the visit began
      backs++;
      if (resp && visitedPaths.has(new URL(resp.url()).pathname)) oldPagesReached++;
      if (!page.url().startsWith(origin + '/')) break;
      try {
        await page.waitForURL(homeUrl, { waitUntil: 'load', timeout: 3000 });
      } catch (e) {
        fail(`Back number ${i + 1} shows ${new URL(page.url()).pathname}, a page of the old visit, not the home page`);
        break;
      }
      leftovers(await left(), `after Back number ${i + 1}`);
    }
    ctx.notes.set(`idle-${kind}`, `${EXTENSIONS} extensions, reset to the home page; Back ${backs} times, `
      + `${oldPagesReached} of them to a page of the old visit, each sent home`);
    for (const u of [...new Set(w.external)]) fail(`request outside the kiosk folder: ${u}`);
    for (const e of w.escapes) fail(e);
  } catch (e) {
    fail(`error: ${e.message.split('\n')[0]}`);
    if (process.env.KIOSK_DEBUG) console.error(e.stack);
  } finally {
    await context.close();
  }
  return lines;
}

// ---------------------------------------------------------------------------

// Records what a context's pages ask for: requests off the local server
// (blocked), same-server resources that fail, popups and downloads.
function watch(context, origin, redirects = new Set()) {
  const w = { external: [], broken: [], escapes: [] };
  w.reset = () => {
    w.external = [];
    w.broken = [];
    w.escapes = [];
  };
  const local = (u) => u.startsWith(origin + '/') || /^(data|blob|about):/i.test(u);
  context.route('**/*', async (route) => {
    const req = route.request();
    const url = req.url();
    if (!local(url)) return route.abort('blockedbyclient');
    if (req.resourceType() === 'document' && redirects.has(url.split('#')[0])) {
      // Strip meta refresh so redirect pages are checked, not left.
      const resp = await route.fetch();
      const body = (await resp.text()).replace(META_REFRESH, '');
      return route.fulfill({ response: resp, body });
    }
    return route.continue();
  });
  w.attach = (page) => {
    w.page = page;
    page.on('request', (r) => {
      if (!local(r.url())) w.external.push(r.url());
    });
    page.on('websocket', (ws) => {
      if (!local(ws.url())) w.external.push(ws.url());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== 'document') w.broken.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => {
      const url = r.url();
      if (url.startsWith(origin + '/') && !w.broken.some((b) => b.endsWith(` ${url}`))) {
        w.broken.push(`failed ${url} (${(r.failure() || {}).errorText})`);
      }
    });
    page.on('popup', (p) => w.escapes.push(`a popup opened: ${p.url()}`));
    page.on('download', (d) => w.escapes.push(`a download started: ${d.url()}`));
  };
  return w;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.outDir) || !fs.statSync(args.outDir).isDirectory()) {
    setupError(`no such folder: ${args.outDir}`);
  }
  const root = path.join(args.outDir, 'kiosk');
  if (!fs.existsSync(root)) setupError(`no kiosk folder in ${args.outDir}`);
  if (!fs.existsSync(CHROMIUM)) setupError(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  let chromium;
  let axeSource;
  try {
    ({ chromium, axeSource } = loadTools());
  } catch (e) {
    setupError(`node modules missing (run npm ci in ${__dirname}): ${e.message}`);
  }
  const channel = findChannels(args.outDir).find((c) => c.name === 'kiosk');
  if (!channel || channel.pages.length === 0) setupError(`no HTML pages in ${root}`);
  const pages = channel.pages.map((p) => {
    const raw = fs.readFileSync(p.file, 'utf8');
    const m = REFRESH_URL.exec(raw);
    return { ...p, raw, refresh: m ? m[1] : null };
  });
  const htmlFiles = new Set(pages.map((p) => p.file));
  if (!pages.some((p) => p.rel === 'index.html')) setupError(`no home page (index.html) in ${root}`);

  // Representative pages for the screenshots and the service idle flow.
  // A section: a top-level folder's index.html with pages under it.
  const sections = pages.filter((p) => {
    const m = /^([^/]+)\/index\.html$/.exec(p.rel);
    return m && p.raw.includes('class="page-list"') && pages.some((q) => q !== p && q.rel.startsWith(m[1] + '/'));
  });
  const sectionRel = (sections[0] || {}).rel;
  const sectionPaths = sections.map((p) => '/' + p.rel.slice(0, -'index.html'.length));
  const services = pages.filter((p) => p.raw.includes('class="service-panel"'));
  const serviceRel = ((services.find((p) => p.raw.includes('class="take-away"')) || services[0]) || {}).rel;
  const askRel = pages.some((p) => p.rel === 'ask-for-help/index.html') ? 'ask-for-help/index.html' : null;
  const shotsFor = new Map([['index.html', 'home']]);
  if (sectionRel) shotsFor.set(sectionRel, 'section');
  if (serviceRel) shotsFor.set(serviceRel, 'service');
  if (askRel) shotsFor.set(askRel, 'ask-for-help');
  if (args.screenshots) fs.mkdirSync(args.screenshots, { recursive: true });

  process.stdout.write(`kiosk: ${pages.length} pages at ${SCREEN.width} x ${SCREEN.height}; idle flow on index.html`
    + `${serviceRel ? ` and ${serviceRel}` : ''}\n`);

  const server = await startServer(root, htmlFiles);
  const origin = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    server.close();
    setupError(`cannot launch Chromium: ${e.message.split('\n')[0]}`);
  }
  const started = Date.now();
  const ctx = { browser, origin, root, htmlFiles, axeSource, args, shotsFor, serviceRel, shots: [], notes: new Map() };
  const redirects = new Set(pages.filter((p) => p.refresh).map((p) => pageUrl(origin, p.rel)));

  // The tasks: the two idle flows first (they take longest), then the pages.
  const results = new Map();
  const tasks = [];
  tasks.push({
    key: 'idle-home',
    run: () => idleFlow(ctx, 'home', async (page, tapTo) => {
      // Home, a section, Home again; both settings ticked on the home page.
      const visited = [];
      const href = await page.evaluate((paths) => {
        const a = [...document.querySelectorAll('main a[href]')].find((l) => paths.includes(l.getAttribute('href')));
        return a ? a.getAttribute('href') : null;
      }, sectionPaths);
      if (href) {
        await tapTo(page.locator(`main a[href="${href}"]`).first(), origin + href);
      } else {
        const any = page.locator('main a[href^="/"]').first();
        await tapTo(any, origin + (await any.getAttribute('href')));
      }
      visited.push(page.url());
      await tapTo(page.locator('nav.kiosk-bar a[data-kiosk-home]'), origin + '/');
      visited.push(page.url());
      await page.locator('label[for="kiosk-larger-text"]').tap();
      await page.locator('label[for="kiosk-high-contrast"]').tap();
      return visited;
    }),
  });
  if (serviceRel) {
    tasks.push({
      key: 'idle-service',
      run: () => idleFlow(ctx, 'service', async (page, tapTo) => {
        // Home, the service's section, the service; larger text ticked and a
        // take-away code looked at.
        const visited = [];
        const serviceUrl = pageUrl(origin, serviceRel);
        const sectionUrl = pageUrl(origin, serviceRel.split('/')[0] + '/index.html');
        const toSection = page.locator(`main a[href="${new URL(sectionUrl).pathname}"]`).first();
        if (await toSection.count()) await tapTo(toSection, sectionUrl);
        else await page.goto(sectionUrl);
        visited.push(page.url());
        const toService = page.locator(`main a[href="${new URL(serviceUrl).pathname}"]`).first();
        if (await toService.count()) await tapTo(toService, serviceUrl);
        else await page.goto(serviceUrl);
        visited.push(page.url());
        await page.locator('label[for="kiosk-larger-text"]').tap();
        const take = page.locator('a[href^="#take-away."]:visible').first();
        if (await take.count()) await take.tap();
        return visited;
      }),
    });
  }
  for (const p of pages) tasks.push({ key: p.rel, page: p });

  const workers = [];
  for (let i = 0; i < WORKERS; i++) {
    const context = await browser.newContext({
      viewport: SCREEN, deviceScaleFactor: 1, hasTouch: true, serviceWorkers: 'block',
    });
    context.setDefaultTimeout(30000);
    const w = watch(context, origin, redirects);
    w.context = context;
    w.page = await context.newPage();
    w.attach(w.page);
    workers.push(w);
  }
  let next = 0;
  try {
    await Promise.all(workers.map(async (w) => {
      while (next < tasks.length) {
        const task = tasks[next++];
        const t0 = Date.now();
        results.set(task.key, task.page ? await checkPage(ctx, w, task.page) : await task.run());
        if (process.env.KIOSK_DEBUG) process.stderr.write(`${task.key} ${Date.now() - t0} ms\n`);
      }
    }));
  } finally {
    for (const w of workers) await w.context.close().catch(() => {});
    await browser.close();
    server.close();
  }

  let passed = 0;
  let failed = 0;
  const order = pages.map((p) => p.rel).concat(tasks.filter((t) => !t.page).map((t) => t.key));
  for (const key of order) {
    const lines = results.get(key) || [];
    if (lines.length) {
      failed++;
      for (const l of lines) process.stdout.write(l + '\n');
    } else {
      passed++;
      if (VERBOSE) {
        const note = ctx.notes.get(key);
        const shown = key === 'idle-home' ? 'kiosk/index.html idle flow'
          : key === 'idle-service' ? `kiosk/${serviceRel} idle flow` : `kiosk/${key}`;
        process.stdout.write(`ok   ${shown}${note ? ` (${note})` : ''}\n`);
      }
    }
  }
  if (args.screenshots) {
    for (const s of ctx.shots.sort()) process.stdout.write(`screenshot ${s}\n`);
    process.stdout.write(`screenshots: ${args.screenshots}\n`);
  }
  process.stdout.write(`kiosk: checked in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`kiosk.js: ${e.stack || e}\n`);
  process.exit(2);
});
