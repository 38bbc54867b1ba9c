#!/usr/bin/env bash
# check --format sarif against the official SARIF 2.1.0 schema (shipped in
# npm's @microsoft/jest-sarif, pinned in package-lock.json here), validated
# with Debian's python3-jsonschema. The reports come from every bad fixture
# site, the sample site, a site whose names and messages hold characters
# JSON must escape, and check --external on links that cannot connect.
# SARIF_KEEP=DIR keeps a copy of the reports there.
# Exit: 0 every report is valid; 1 one is not; 2 setup problem.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
publish="${PUBLISH:-$repo/build/cli/publish}"
[[ -x "$publish" ]] || { echo "sarif: no $publish; run scripts/build first" >&2; exit 2; }
stamp="$here/node_modules/.sarif-schema-lock"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ ! -d "$here/node_modules" || ! -f "$stamp" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "sarif: npm ci in tests/sarif"
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || { echo "sarif: npm ci failed" >&2; exit 2; }
  echo "$want" >"$stamp"
fi
schema="$here/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"
[[ -f "$schema" ]] || { echo "sarif: $schema missing" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1796083200  # 2026-12-01
reports=()
report() {  # name, then the check arguments
  local name="$1"; shift
  local code=0
  "$publish" check "$@" --format sarif --out "$work/$name.sarif" 2>"$work/$name.err" || code=$?
  if [[ $code -gt 1 || ! -s "$work/$name.sarif" ]]; then
    echo "sarif: check $* ended with $code and no report:" >&2
    cat "$work/$name.err" >&2
    exit 1
  fi
  reports+=("$work/$name.sarif")
}

for site in "$repo"/tests/fixtures/bad/*/; do report "bad-$(basename "$site")" "$site"; done
report sample "$repo"
report sample-all "$repo" --all --strict

# Names and words JSON must escape, and a link that leads nowhere.
hostile="$work/hostile"
mkdir -p "$hostile/content/a \"quoted\" folder"
printf 'title: Hostile\nbase_url: https://example.gov.uk/\nlanguage: en-GB\n' >"$hostile/site.yaml"
printf -- '---\ntitle: Home\n---\n\nSee [the "page" \\ here](missing.md#a"b) and [¿qué? 😀](<a \\"quoted\\" folder/nowhere.md>).\n' \
  >"$hostile/content/_index.md"
printf -- '---\ntitle: "Tab\\tand \\"quote\\""\n---\n\n[x](../_index.md#no-such-id)\n' \
  >"$hostile/content/a \"quoted\" folder/page ü.md"
report hostile "$hostile"

# External links that cannot connect (port 9 on loopback: nothing listens).
external="$work/external"
mkdir -p "$external/content"
printf 'title: External\nbase_url: https://example.gov.uk/\nlanguage: en-GB\nlink_check:\n  retries: 0\n  timeout_seconds: 2\n' \
  >"$external/site.yaml"
printf -- '---\ntitle: Home\n---\n\nSee [the form](http://127.0.0.1:9/form) and [the map](http://127.0.0.1:9/map#part).\n' \
  >"$external/content/_index.md"
report external "$external" --external

[[ -n "${SARIF_KEEP:-}" ]] && cp "${reports[@]}" "$SARIF_KEEP"/
exec /usr/bin/python3 "$here/validate.py" "$schema" "${reports[@]}"
