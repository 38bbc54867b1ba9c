#!/usr/bin/env bash
# Entry point of the real-browser quality gates.
#
#   tests/browser/run.sh [OUT_DIR]
#
# Without OUT_DIR, builds the sample site at the repository root into a
# temporary folder (SOURCE_DATE_EPOCH fixed, so the build is reproducible).
# Then: npm ci (only when node_modules is missing or older than the lock
# file), vnu.sh (HTML conformance), a11y.js (axe-core, reflow, keyboard) and
# kiosk.js (the kiosk channel on a 1080 x 1920 touch screen: targets, control
# bar, self-contained, idle reset), with screenshots into build/screenshots/.
# kiosk.js runs whenever the output has a kiosk/ folder, and always on the
# sample site; serve.js (publish serve: reload on an edit, the errors
# overlay) on a sample run. Ends with "N passed, M failed", where N and M count vnu
# documents plus a11y pages x widths plus kiosk pages and idle flows.
#
# Exit: 0 all clean; 1 a gate failed; 2 setup problem (no publish binary,
# Chromium, Java or node modules, or no pages).
#
# Environment:
#   PUBLISH=path            publish binary (default build/cli/publish)
#   CHROMIUM=path           Chromium binary (default /usr/bin/chromium)
#   BROWSER_GATES_NO_INSTALL=1   never apt-get install a missing Chromium/Java
#   A11Y_VERBOSE=1          a11y.js and kiosk.js also list the pages that pass
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
start=$SECONDS

say() { printf 'run.sh: %s\n' "$*"; }
setup_fail() { printf 'run.sh: setup problem: %s\n' "$*" >&2; exit 2; }

# --- system packages: Chromium and a Java runtime (Debian packages) -------
need=()
[[ -x "$chromium" ]] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if ((${#need[@]})); then
  if [[ "${BROWSER_GATES_NO_INSTALL:-}" != 1 && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "installing ${need[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || setup_fail "apt-get install ${need[*]} failed"
  else
    setup_fail "missing ${need[*]} (apt-get install -y ${need[*]})"
  fi
fi

# --- the output to check ----------------------------------------------------
tmp=""
sample=0
cleanup() { [[ -n "$tmp" ]] && rm -rf "$tmp"; }
trap cleanup EXIT
if [[ $# -ge 1 ]]; then
  out="$1"
  [[ -d "$out" ]] || setup_fail "no such folder: $out"
else
  publish="${PUBLISH:-$repo/build/cli/publish}"
  if [[ ! -x "$publish" ]]; then
    say "building publish ($publish missing)"
    if [[ ! -f "$repo/build/CMakeCache.txt" ]]; then
      cmake -S "$repo" -B "$repo/build" -DCMAKE_BUILD_TYPE=Release >/dev/null || setup_fail "cmake configure failed"
    fi
    cmake --build "$repo/build" -j2 --target publish >/dev/null || setup_fail "cmake build failed"
    [[ -x "$publish" ]] || setup_fail "no publish binary at $publish"
  fi
  tmp="$(mktemp -d /tmp/browser-gates.XXXXXX)"
  out="$tmp/out"
  sample=1
  # The sample site with the kiosk's recordings, so its Listen control is
  # tapped too; and a second council site the themes were not made on.
  say "building the sample site into $out"
  if ! SOURCE_DATE_EPOCH=1795000000 "$publish" build "$repo" --out "$out" --kiosk-listen; then
    echo "run.sh: FAIL the sample site does not build"
    echo "0 passed, 1 failed"
    exit 1
  fi
  second="$tmp/second"
  say "building tests/fixtures/golden-site into $second"
  if ! SOURCE_DATE_EPOCH=1795000000 "$publish" build "$repo/tests/fixtures/golden-site" --out "$second"; then
    echo "run.sh: FAIL tests/fixtures/golden-site does not build"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# --- node modules -------------------------------------------------------------
# npm ci again when node_modules is missing or was installed from another
# lock file. --ignore-scripts (also in .npmrc): vnu-jar's postinstall would
# try to download a JDK; the system Java runs vnu.jar instead.
stamp="$here/node_modules/.browser-gates-lock"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ ! -d "$here/node_modules" || ! -f "$stamp" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  say "npm ci in tests/browser"
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || setup_fail "npm ci failed"
  echo "$want" >"$stamp"
fi

# --- the gates ------------------------------------------------------------------
shots="$repo/build/screenshots"
rm -rf "$shots"
passed=0
failed=0
vnu_rc=0
a11y_rc=0
kiosk_rc=0
worst() { [[ $1 -eq 2 || $2 -eq 2 ]] && echo 2 || { [[ $1 -ne 0 || $2 -ne 0 ]] && echo 1 || echo 0; }; }
# count LINE_REGEX_KIND LINE RC: adds a gate's "N passed, M failed" (or its
# vnu line) to the totals; a gate that printed no count counts as one failure.
count() {
  local kind=$1 line=$2 rc=$3
  if [[ $kind == vnu && "$line" =~ ^vnu:\ ([0-9]+)\ documents,\ ([0-9]+)\ with\ errors$ ]]; then
    passed=$((passed + BASH_REMATCH[1] - BASH_REMATCH[2]))
    failed=$((failed + BASH_REMATCH[2]))
  elif [[ $kind != vnu && "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  elif [[ $rc -ne 0 ]]; then
    failed=$((failed + 1))
  fi
}
log="${TMPDIR:-/tmp}/browser-gates.$$"
# gate_all OUT SHOTS: every gate over one build's output.
gate_all() {
  local out=$1 shots=$2 rc line
  "$here/vnu.sh" "$out" | tee "$log"
  rc=${PIPESTATUS[0]}
  line="$(grep -E '^vnu: [0-9]+ documents, [0-9]+ with errors$' "$log" | tail -1)"
  count vnu "$line" "$rc"
  vnu_rc=$(worst "$vnu_rc" "$rc")

  node "$here/a11y.js" "$out" --screenshots "$shots" | tee "$log"
  rc=${PIPESTATUS[0]}
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)"
  count a11y "$line" "$rc"
  a11y_rc=$(worst "$a11y_rc" "$rc")

  if [[ -d "$out/kiosk" || $sample -eq 1 ]]; then
    node "$here/kiosk.js" "$out" --screenshots "$shots" | tee "$log"
    rc=${PIPESTATUS[0]}
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)"
    count kiosk "$line" "$rc"
    kiosk_rc=$(worst "$kiosk_rc" "$rc")
  else
    say "no kiosk folder in $out: kiosk.js skipped"
  fi
  rm -f "$log"
}
gate_all "$out" "$shots"
if [[ -n "${second:-}" ]]; then
  say "the second site: tests/fixtures/golden-site"
  gate_all "$second" "$shots/golden-site"
fi

# The preview server, live (sample run only: it needs the binary and a site).
serve_rc=0
if [[ $sample -eq 1 ]]; then
  node "$here/serve.js" "$publish" "$repo/tests/fixtures/golden-site" | tee "$log"
  serve_rc=${PIPESTATUS[0]}
  count serve "$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)" "$serve_rc"
  rm -f "$log"
fi

say "vnu exit $vnu_rc, a11y exit $a11y_rc, kiosk exit $kiosk_rc, serve exit $serve_rc, $((SECONDS - start)) s"
rc=0
if [[ $vnu_rc -eq 2 || $a11y_rc -eq 2 || $kiosk_rc -eq 2 || $serve_rc -eq 2 ]]; then
  rc=2
elif [[ $vnu_rc -ne 0 || $a11y_rc -ne 0 || $kiosk_rc -ne 0 || $serve_rc -ne 0 ]]; then
  rc=1
fi
echo "$passed passed, $failed failed"
exit $rc
