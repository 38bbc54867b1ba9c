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
# sample site. Ends with "N passed, M failed", where N and M count vnu
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
  say "building the sample site into $out"
  if ! SOURCE_DATE_EPOCH=1795000000 "$publish" build "$repo" --out "$out"; then
    echo "run.sh: FAIL the sample site does not build"
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
"$here/vnu.sh" "$out" | tee "${TMPDIR:-/tmp}/browser-gates-vnu.$$"
vnu_rc=${PIPESTATUS[0]}
vnu_line="$(grep -E '^vnu: [0-9]+ documents, [0-9]+ with errors$' "${TMPDIR:-/tmp}/browser-gates-vnu.$$" | tail -1)"
rm -f "${TMPDIR:-/tmp}/browser-gates-vnu.$$"

shots="$repo/build/screenshots"
rm -rf "$shots"
node "$here/a11y.js" "$out" --screenshots "$shots" | tee "${TMPDIR:-/tmp}/browser-gates-a11y.$$"
a11y_rc=${PIPESTATUS[0]}
a11y_line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "${TMPDIR:-/tmp}/browser-gates-a11y.$$" | tail -1)"
rm -f "${TMPDIR:-/tmp}/browser-gates-a11y.$$"

kiosk_rc=0
kiosk_line=""
if [[ -d "$out/kiosk" || $sample -eq 1 ]]; then
  node "$here/kiosk.js" "$out" --screenshots "$shots" | tee "${TMPDIR:-/tmp}/browser-gates-kiosk.$$"
  kiosk_rc=${PIPESTATUS[0]}
  kiosk_line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "${TMPDIR:-/tmp}/browser-gates-kiosk.$$" | tail -1)"
  rm -f "${TMPDIR:-/tmp}/browser-gates-kiosk.$$"
else
  say "no kiosk folder in $out: kiosk.js skipped"
fi

# --- summary --------------------------------------------------------------------
passed=0
failed=0
if [[ "$vnu_line" =~ ^vnu:\ ([0-9]+)\ documents,\ ([0-9]+)\ with\ errors$ ]]; then
  passed=$((passed + BASH_REMATCH[1] - BASH_REMATCH[2]))
  failed=$((failed + BASH_REMATCH[2]))
elif [[ $vnu_rc -ne 0 ]]; then
  failed=$((failed + 1))
fi
if [[ "$a11y_line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  passed=$((passed + BASH_REMATCH[1]))
  failed=$((failed + BASH_REMATCH[2]))
elif [[ $a11y_rc -ne 0 ]]; then
  failed=$((failed + 1))
fi
if [[ "$kiosk_line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  passed=$((passed + BASH_REMATCH[1]))
  failed=$((failed + BASH_REMATCH[2]))
elif [[ $kiosk_rc -ne 0 ]]; then
  failed=$((failed + 1))
fi

say "vnu exit $vnu_rc, a11y exit $a11y_rc, kiosk exit $kiosk_rc, $((SECONDS - start)) s"
rc=0
if [[ $vnu_rc -eq 2 || $a11y_rc -eq 2 || $kiosk_rc -eq 2 ]]; then
  rc=2
elif [[ $vnu_rc -ne 0 || $a11y_rc -ne 0 || $kiosk_rc -ne 0 ]]; then
  rc=1
fi
echo "$passed passed, $failed failed"
exit $rc
