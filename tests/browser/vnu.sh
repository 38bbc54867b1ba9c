#!/usr/bin/env bash
# HTML conformance gate: the Nu Html Checker (vnu.jar from the vnu-jar npm
# package) over every HTML document of every HTML channel folder under
# OUT_DIR (public, intranet, kiosk, and any other folder holding HTML).
#
#   tests/browser/vnu.sh OUT_DIR
#
# Prints each error in GNU format, then "vnu: N documents, M with errors",
# and exits 1 on any error, 0 when clean, 2 on a setup problem. Runs with
# --errors-only and without --Werror: warnings are neither shown nor failures.
#
# The document list comes from pages.js (the same list a11y.js checks) and
# is given to one vnu run as explicit files. That list includes alias
# redirect pages kept at their old file names (e.g. counciltax/pay.aspx):
# vnu's --skip-non-html would silently skip those, so it is applied only
# through pages.js, which picks HTML documents by extension or content.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-}"
if [[ -z "$out" || ! -d "$out" ]]; then
  echo "usage: vnu.sh OUT_DIR (no such folder: ${out:-none given})" >&2
  exit 2
fi
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"
if [[ ! -f "$jar" ]]; then
  echo "vnu.sh: setup problem: $jar missing (run npm ci --ignore-scripts in $here)" >&2
  exit 2
fi
if ! command -v java >/dev/null 2>&1; then
  echo "vnu.sh: setup problem: java not found (apt-get install -y default-jre-headless)" >&2
  exit 2
fi

list="$(mktemp)"
trap 'rm -f "$list"' EXIT
if ! node "$here/pages.js" "$out" --files0 >"$list"; then
  echo "vnu.sh: setup problem: could not list HTML documents in $out" >&2
  exit 2
fi
count="$(tr -cd '\0' <"$list" | wc -c)"
if [[ "$count" -eq 0 ]]; then
  echo "vnu.sh: setup problem: no HTML documents under $out" >&2
  exit 2
fi
channels="$(node "$here/pages.js" "$out" | cut -f1 | sort -u | tr '\n' ' ')"
echo "vnu: checking $count HTML documents in ${channels% }"

# -Xss16m: with the default stack vnu can overflow on large documents and
# then exits 1 as if it had found errors.
# xargs runs one JVM unless the list is longer than the command line allows.
report="$(mktemp)"
trap 'rm -f "$list" "$report"' EXIT
xargs -0 java -Xss16m -jar "$jar" --errors-only --format gnu --stdout <"$list" >"$report" 2>&1
rc=$?

# Paths relative to OUT_DIR read better: "public/x/index.html":1.2-3.4: error: ...
abs_out="$(cd "$out" && pwd)"
sed -e "s#\"file:${abs_out}/#\"#" "$report"
errors="$(grep -c ': error' "$report" || true)"
bad_docs="$(grep ': error' "$report" | sed -e 's/^"\([^"]*\)".*/\1/' | sort -u | wc -l)"

if [[ $rc -ne 0 || "$errors" -ne 0 ]]; then
  if [[ "$errors" -eq 0 ]]; then
    echo "vnu: FAILED: vnu exited $rc without reporting an error (see output above)"
    bad_docs="$count"
  else
    echo "vnu: FAILED: $errors errors"
  fi
  echo "vnu: $count documents, $bad_docs with errors"
  exit 1
fi
echo "vnu: $count documents, 0 with errors"
exit 0
