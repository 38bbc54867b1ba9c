'use strict';
// Finds the HTML channel folders under a build's OUT folder and the HTML
// documents in each. Shared by a11y.js and vnu.sh so both gates check the
// same set of files.
//
//   node pages.js OUT_DIR            prints "channel<TAB>absolute-path" lines
//   node pages.js OUT_DIR --files0   prints absolute paths, NUL-separated
//
// A file is an HTML document when its extension is .html/.htm, or when it
// has another, non-asset extension and its content starts with an HTML
// doctype: alias redirect pages keep the old URL's file name (for example
// counciltax/pay.aspx) but are HTML.

const fs = require('fs');
const path = require('path');

// Channels the contract names as HTML; any other sub-folder of OUT that
// holds HTML documents is checked too, so a new HTML channel is not missed.
const KNOWN_HTML_CHANNELS = ['public', 'intranet', 'kiosk'];

const HTML_EXT = new Set(['.html', '.htm', '.xhtml']);
// Extensions that are never sniffed (binary or clearly not HTML).
const ASSET_EXT = new Set([
  '.css', '.js', '.mjs', '.json', '.xml', '.txt', '.ssml', '.svg', '.png', '.jpg',
  '.jpeg', '.gif', '.webp', '.avif', '.ico', '.pdf', '.woff', '.woff2', '.ttf',
  '.otf', '.eot', '.mp3', '.mp4', '.webm', '.ogg', '.wav', '.zip', '.gz', '.csv',
  '.map', '.webmanifest', '.doc', '.docx', '.xls', '.xlsx', '.odt', '.ods',
]);

function looksLikeHtml(file) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(512);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    let s = buf.slice(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
    // Leading comments are allowed before the doctype.
    while (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end < 0) return false;
      s = s.slice(end + 3).trimStart();
    }
    return s.startsWith('<!doctype html') || s.startsWith('<html');
  } catch (e) {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isHtmlDocument(file) {
  const ext = path.extname(file).toLowerCase();
  if (HTML_EXT.has(ext)) return true;
  if (ASSET_EXT.has(ext)) return false;
  return looksLikeHtml(file);
}

function walk(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return out;
  }
  for (const ent of entries) {
    if (ent.name.startsWith('.')) continue;
    const full = path.join(dir, ent.name);
    if (ent.isDirectory()) walk(full, out);
    else if (ent.isFile() && isHtmlDocument(full)) out.push(full);
  }
  return out;
}

// Returns [{name, root, pages: [{rel, file}]}], known channels first, then
// any other folder holding HTML, each with its pages in sorted order.
function findChannels(outDir) {
  const names = [];
  for (const n of KNOWN_HTML_CHANNELS) {
    if (fs.existsSync(path.join(outDir, n))) names.push(n);
  }
  let others = [];
  try {
    others = fs.readdirSync(outDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !names.includes(e.name))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    /* reported by the caller */
  }
  const channels = [];
  for (const name of names.concat(others)) {
    const root = path.join(outDir, name);
    const files = walk(root, []).sort();
    if (files.length === 0) continue;
    channels.push({
      name,
      root,
      pages: files.map((file) => ({ file, rel: path.relative(root, file).split(path.sep).join('/') })),
    });
  }
  return channels;
}

module.exports = { findChannels, isHtmlDocument, looksLikeHtml, KNOWN_HTML_CHANNELS };

if (require.main === module) {
  const outDir = process.argv[2];
  if (!outDir || !fs.existsSync(outDir)) {
    process.stderr.write(`pages.js: no such folder: ${outDir || '(none given)'}\n`);
    process.exit(2);
  }
  const channels = findChannels(path.resolve(outDir));
  if (process.argv.includes('--files0')) {
    for (const c of channels) for (const p of c.pages) process.stdout.write(p.file + '\0');
  } else {
    for (const c of channels) for (const p of c.pages) process.stdout.write(`${c.name}\t${p.file}\n`);
  }
}
