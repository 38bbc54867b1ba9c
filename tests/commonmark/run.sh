#!/usr/bin/env bash
# The HTML body renderer against the CommonMark spec examples (npm's
# commonmark-spec, pinned in package-lock.json here). Installs the package
# when node_modules is missing or from another lock file, then runs
# run_spec.py with build/tests/commonmark_render_body.
# Exit: 0 every comparable example passes; 1 one does not (or an exclusion
# is stale); 2 setup problem.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
render="${RENDER_BODY:-$repo/build/tests/commonmark_render_body}"
if [[ ! -x "$render" ]]; then
  echo "commonmark: no $render; run scripts/build first" >&2
  exit 2
fi
stamp="$here/node_modules/.commonmark-spec-lock"
want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ ! -d "$here/node_modules" || ! -f "$stamp" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "commonmark: npm ci in tests/commonmark"
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || { echo "commonmark: npm ci failed" >&2; exit 2; }
  echo "$want" >"$stamp"
fi
exec python3 "$here/run_spec.py" "$render" "$@"
