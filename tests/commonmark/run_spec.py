#!/usr/bin/env python3
"""Measures the HTML body renderer against the CommonMark spec examples.

    tests/commonmark/run_spec.py RENDER_BODY [--verbose] [--only N]

The examples come from npm's commonmark-spec (pinned in package-lock.json
beside this file). Each is rendered by RENDER_BODY (build/tests/
commonmark_render_body), then both sides are normalised as the CommonMark
project's own test runner does (tags and attributes canonical, whitespace
between block tags dropped, character references resolved).

The product differs from plain CommonMark on purpose. Those differences are
undone in one place, `undo_deliberate_differences` below, and every example
still not comparable is listed with its reason in exclusions.txt. Examples
holding raw HTML are never comparable: raw HTML is an error in the product
and never reaches any output.

Exit 0 when every comparable example passes and every exclusion is still
needed; 1 otherwise (each failure is printed); 2 when the spec is missing.
"""
import argparse
import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
RAW_HTML_EXIT = 3

BLOCK_TAGS = {
    "article", "blockquote", "body", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "li", "ol", "p", "pre", "section", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}


class Normaliser(HTMLParser):
    """Canonical HTML: sorted attributes, collapsed whitespace, no
    whitespace next to block tags, references resolved to characters."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.in_pre = 0

    def _trim_before_block(self):
        if self.out and not self.in_pre:
            self.out[-1] = self.out[-1].rstrip() if not self.out[-1].startswith("<") else self.out[-1]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._trim_before_block()
        if tag == "pre":
            self.in_pre += 1
        attributes = "".join(
            f' {name}' if value is None else f' {name}="{html.escape(value, quote=True)}"'
            for name, value in sorted(attrs))
        self.out.append(f"<{tag}{attributes}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._trim_before_block()
        if tag == "pre":
            self.in_pre -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            previous = self.out[-1] if self.out else ""
            if previous.startswith("<") and previous.strip("</>").split(" ")[0] in BLOCK_TAGS:
                data = data.lstrip()
        if data:
            self.out.append(html.escape(data, quote=False))


def normalise(text):
    parser = Normaliser()
    parser.feed(text)
    parser.close()
    return "".join(parser.out).strip()


def undo_deliberate_differences(ours):
    """The product's HTML differs from CommonMark's reference on purpose:

    1. Headings carry GitHub-style ids (the contract): dropped.
    2. External links carry class="external" rel="external" and a visually
       hidden "(external site)" note for screen readers: dropped.
    3. An image alone in its paragraph with a title is a <figure> with the
       title as its <figcaption> (a title attribute is read by few screen
       readers): turned back into <p><img title="..."></p>.
    4. Task list items (a GFM extension) state their status in words.
    """
    ours = re.sub(r'(<h[1-6]) id="[^"]*"', r"\1", ours)
    ours = ours.replace(' class="external" rel="external"', "")
    ours = re.sub(r'<span class="visually-hidden"> \(external site\)</span>', "", ours)
    ours = re.sub(r'<figure>(<img [^>]*)><figcaption>(.*?)</figcaption></figure>',
                  lambda m: f'<p>{m.group(1)} title="{m.group(2)}"></p>', ours, flags=re.S)
    return ours


def load_examples():
    module = os.path.join(HERE, "node_modules", "commonmark-spec")
    if not os.path.isdir(module):
        sys.exit(2)
    dumped = subprocess.run(
        ["node", "-e", "process.stdout.write(JSON.stringify(require(process.argv[1]).tests))", module],
        check=True, capture_output=True, text=True).stdout
    examples = json.loads(dumped)
    for example in examples:  # the spec shows tabs as arrows
        example["markdown"] = example["markdown"].replace("\u2192", "\t")
        example["html"] = example["html"].replace("\u2192", "\t")
    return examples


def load_exclusions():
    exclusions = {}
    with open(os.path.join(HERE, "exclusions.txt"), encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            number, reason = line.split(" ", 1)
            exclusions[int(number)] = reason
    return exclusions


def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("render_body")
    arguments.add_argument("--verbose", action="store_true")
    arguments.add_argument("--only", type=int)
    options = arguments.parse_args()
    try:
        examples = load_examples()
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        print(f"run_spec: cannot read the spec examples: {error}", file=sys.stderr)
        return 2
    exclusions = load_exclusions()
    passed, failed, raw_html, excluded, stale = 0, [], 0, 0, []
    for example in examples:
        number = example["number"]
        if options.only and number != options.only:
            continue
        rendered = subprocess.run([options.render_body], input=example["markdown"].encode("utf-8"),
                                  capture_output=True, timeout=20)
        if rendered.returncode == RAW_HTML_EXIT:
            raw_html += 1
            continue
        if rendered.returncode != 0:
            failed.append((number, example, f"exit {rendered.returncode}: {rendered.stderr.decode()}"))
            continue
        ours = normalise(undo_deliberate_differences(rendered.stdout.decode("utf-8")))
        expected = normalise(example["html"])
        same = ours == expected
        if number in exclusions:
            excluded += 1
            if same:
                stale.append(number)
            continue
        if same:
            passed += 1
        else:
            failed.append((number, example, ours))
    for number, example, ours in failed:
        print(f"example {number} ({example['section']}) differs:")
        if options.verbose or len(failed) <= 40:
            print(f"  markdown: {example['markdown']!r}\n  expected: {normalise(example['html'])!r}\n"
                  f"  ours:     {ours!r}")
    for number in stale:
        print(f"example {number} passes now: remove it from exclusions.txt")
    comparable = passed + len(failed)
    print(f"commonmark spec {len(examples)} examples: {raw_html} hold raw HTML (not comparable), "
          f"{excluded} excluded with a reason; {passed} of {comparable} comparable examples pass")
    print(f"{passed} passed, {len(failed) + len(stale)} failed")
    return 1 if failed or stale else 0


if __name__ == "__main__":
    sys.exit(main())
