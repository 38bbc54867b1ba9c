'use strict';
// Code shared by the browser gates a11y.js and kiosk.js: the Chromium
// launch, the axe-core configuration and run, the static server for one
// channel folder, page URLs, and the readable selector used in messages.

const fs = require('fs');
const http = require('http');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Playwright adds --headless and a fresh, temporary user-data-dir itself.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
// Rules run on top of the tags. td-has-header (WCAG 1.3.1) is tagged
// "experimental" in axe, so the tags alone leave it out; without it a data
// table whose header row is made of <td> passes.
const AXE_EXTRA_RULES = ['td-has-header'];
// At most this many element selectors per axe violation line.
const MAX_SELECTORS = 5;

// playwright-core's chromium and the axe-core source; throws when the node
// modules are missing.
function loadTools() {
  const { chromium } = require('playwright-core');
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return { chromium, axeSource };
}

// Runs axe-core on the page (injecting it when the page has not got it yet)
// with AXE_TAGS and AXE_EXTRA_RULES. Returns [{id, help, helpUrl, targets}].
async function axeViolations(page, axeSource) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ content: axeSource });
  }
  return page.evaluate(async ({ tags, extra }) => {
    const rules = {};
    for (const id of extra) rules[id] = { enabled: true };
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      rules,
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => [].concat(n.target).map((t) => [].concat(t).join(' >>> ')).join(' >>> ')),
    }));
  }, { tags: AXE_TAGS, extra: AXE_EXTRA_RULES });
}

// The message of a FAIL line for one axe violation.
function axeMessage(v) {
  const shown = v.targets.slice(0, MAX_SELECTORS).join(', ');
  const more = v.targets.length > MAX_SELECTORS ? ` … and ${v.targets.length - MAX_SELECTORS} more` : '';
  return `${v.help} (${shown}${more}) ${v.helpUrl}`;
}

// ---------------------------------------------------------------------------
// Static server: one per channel root, on 127.0.0.1 and a free port.

const MIME = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.avif': 'image/avif', '.ico': 'image/x-icon',
  '.pdf': 'application/pdf', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
  '.otf': 'font/otf', '.mp3': 'audio/mpeg', '.mp4': 'video/mp4', '.webm': 'video/webm',
};

// Folder URLs get index.html, missing files the channel's 404.html, and the
// files in htmlFiles (a Set of absolute paths) are served as text/html
// whatever their extension.
function startServer(root, htmlFiles) {
  const server = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      const ext = path.extname(file).toLowerCase();
      const type = htmlFiles.has(file) ? 'text/html; charset=utf-8' : (MIME[ext] || 'application/octet-stream');
      fs.readFile(file, (err, data) => {
        if (err) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(String(err));
          return;
        }
        res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
        res.end(req.method === 'HEAD' ? undefined : data);
      });
    };
    const notFound = () => {
      const page404 = path.join(root, '404.html');
      if (fs.existsSync(page404)) send(404, page404);
      else {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('Not found');
      }
    };
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch (e) {
      res.writeHead(400);
      res.end();
      return;
    }
    const file = path.join(root, path.normalize(urlPath));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    fs.stat(file, (err, st) => {
      if (err) return notFound();
      if (st.isDirectory()) {
        if (!urlPath.endsWith('/')) {
          res.writeHead(301, { Location: urlPath + '/' });
          res.end();
          return;
        }
        const index = path.join(file, 'index.html');
        return fs.existsSync(index) ? send(200, index) : notFound();
      }
      return send(200, file);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// URL of a page relative to its channel root: folder URLs for index.html.
function pageUrl(origin, rel) {
  let p = '/' + rel;
  if (p.endsWith('/index.html')) p = p.slice(0, -'index.html'.length);
  return origin + p.split('/').map(encodeURIComponent).join('/');
}

// ---------------------------------------------------------------------------
// Code run inside the page: pass inPageSelector.toString() to page.evaluate
// and rebuild it there with new Function.

/* eslint-disable no-undef */
function inPageSelector(el) {
  // A short, readable selector: nearest id, then tag.class:nth-of-type steps.
  const step = (e) => {
    let s = e.localName;
    if (e.id && document.querySelectorAll('#' + CSS.escape(e.id)).length === 1) return '#' + CSS.escape(e.id);
    const cls = [...e.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
    s += cls;
    const parent = e.parentElement;
    if (parent) {
      const same = [...parent.children].filter((c) => c.localName === e.localName);
      if (same.length > 1) s += `:nth-of-type(${same.indexOf(e) + 1})`;
    }
    return s;
  };
  const parts = [];
  let e = el;
  while (e && e.nodeType === 1 && parts.length < 6) {
    const s = step(e);
    parts.unshift(s);
    if (s.startsWith('#') || e.localName === 'body') break;
    e = e.parentElement;
  }
  let sel = parts.join(' > ');
  if (el.localName === 'a' && el.getAttribute('href')) sel += `[href="${el.getAttribute('href')}"]`;
  return sel;
}
/* eslint-enable no-undef */

// The command line both gates take: OUT_DIR [--screenshots DIR]. `name`
// is the script's, for messages; exit 2 on a usage or setup problem.
function gateCli(name) {
  const usage = (msg) => {
    if (msg) process.stderr.write(`${name}: ${msg}\n`);
    process.stderr.write(`usage: node ${name} OUT_DIR [--screenshots DIR]\n`);
    process.exit(2);
  };
  const setupError = (msg) => {
    process.stderr.write(`${name}: setup problem: ${msg}\n`);
    process.exit(2);
  };
  const parseArgs = (argv) => {
    const args = { outDir: null, screenshots: null };
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--screenshots') {
        if (i + 1 >= argv.length) usage('--screenshots needs a folder');
        args.screenshots = path.resolve(argv[++i]);
      } else if (a.startsWith('--screenshots=')) {
        args.screenshots = path.resolve(a.slice('--screenshots='.length));
      } else if (a === '-h' || a === '--help') {
        usage();
      } else if (a.startsWith('-')) {
        usage(`unknown option ${a}`);
      } else if (args.outDir === null) {
        args.outDir = path.resolve(a);
      } else {
        usage(`unexpected argument ${a}`);
      }
    }
    if (!args.outDir) usage('OUT_DIR is required');
    return args;
  };
  return { usage, setupError, parseArgs };
}

module.exports = {
  gateCli,
  CHROMIUM, CHROMIUM_ARGS, AXE_TAGS, AXE_EXTRA_RULES, MAX_SELECTORS, MIME,
  loadTools, axeViolations, axeMessage, startServer, pageUrl, inPageSelector,
};
