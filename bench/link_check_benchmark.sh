#!/usr/bin/env bash
# Benchmark: `publish check --external` on many distinct addresses spread
# over many loopback hosts, against the floor the politeness settings alone
# impose (a host's requests start at least interval_ms apart).
#
# Usage: bench/link_check_benchmark.sh [URLS] [HOSTS] [PUBLISH_BINARY]
#   URLS   distinct addresses (default 2000), spread evenly over
#   HOSTS  loopback hosts 127.0.0.1 .. 127.0.0.HOSTS (default 20)
#
# Environment: BENCH_INTERVAL_MS (default 50), BENCH_HOST_CONNECTIONS
# (default 2), BENCH_CONNECTIONS (default 32).
#
# Prints addresses per second, the floor, and their ratio (1.0: limited by
# politeness alone; higher: our own overhead). Exit 0 when the check ran
# and every address was found working, 2 otherwise.

set -u -o pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
URLS=${1:-2000}
HOSTS=${2:-20}
PUBLISH=${3:-$repo_root/build/cli/publish}
INTERVAL=${BENCH_INTERVAL_MS:-50}
HOST_CONNECTIONS=${BENCH_HOST_CONNECTIONS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
[[ $URLS =~ ^[0-9]+$ && $HOSTS =~ ^[0-9]+$ ]] && (( URLS >= 1 && HOSTS >= 1 && HOSTS <= 250 )) || {
  echo "usage: $0 [URLS] [HOSTS 1-250] [PUBLISH_BINARY]" >&2
  exit 2
}
[[ -x $PUBLISH ]] || { echo "error: no publish binary at $PUBLISH" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/publish-linkbench.XXXXXX") || exit 2
server_in="$work/server-in"
mkfifo "$server_in"
cleanup() {
  exec 3>&- 2>/dev/null
  [[ -n ${server_pid:-} ]] && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The server lives while file descriptor 3 (its stdin) stays open.
/usr/bin/python3 "$repo_root/tests/net/loopback_server.py" "$HOSTS" <"$server_in" >"$work/port" &
server_pid=$!
exec 3>"$server_in"
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
port=$(head -1 "$work/port")
[[ $port =~ ^[0-9]+$ ]] || { echo "error: the loopback server did not start" >&2; exit 2; }

# One page per host, each with its share of the addresses.
mkdir -p "$work/site/content"
cat >"$work/site/site.yaml" <<EOF
title: Link benchmark
base_url: https://www.bench.example.gov.uk/
link_check:
  connections: $CONNECTIONS
  per_host: {connections: $HOST_CONNECTIONS, interval_ms: $INTERVAL}
  timeout_seconds: 10
EOF
printf -- '---\ntitle: Link benchmark\n---\n\n## Links\n' >"$work/site/content/_index.md"
/usr/bin/python3 - "$work/site/content" "$URLS" "$HOSTS" "$port" <<'EOF'
import sys
folder, urls, hosts, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
pages = [[] for _ in range(hosts)]
for i in range(urls):
    pages[i % hosts].append("- [link %d](http://127.0.0.%d:%s/many/%d)" % (i, i % hosts + 1, port, i))
for h, lines in enumerate(pages):
    with open("%s/host-%d.md" % (folder, h + 1), "w") as f:
        f.write("---\ntitle: Host %d\n---\n\n## Links\n\n%s\n" % (h + 1, "\n".join(lines)))
EOF

start=$(date +%s.%N)
"$PUBLISH" check "$work/site" --external --format json --out "$work/report.json" 2>"$work/stderr"
status=$?
end=$(date +%s.%N)
summary=$(grep 'web addresses' "$work/stderr" | tail -1)
python3 - "$start" "$end" "$URLS" "$HOSTS" "$INTERVAL" "$HOST_CONNECTIONS" "$work/report.json" "$summary" <<'EOF'
import json, math, sys
start, end, urls, hosts, interval, host_conn = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
wall = end - start
per_host = math.ceil(urls / hosts)
# Starts on one host are interval_ms apart whatever the connections, so
# the busiest host needs (n - 1) intervals before its last request starts.
floor = (per_host - 1) * interval / 1000.0
broken = sum(1 for d in json.load(open(sys.argv[7]))["diagnostics"] if d["check"].startswith("external-link"))
print("addresses: %d on %d hosts, %d ms between starts per host, %d connections per host" % (urls, hosts, interval, host_conn))
print("check --external: %.2f s wall, %.0f addresses/s (%s)" % (wall, urls / wall, sys.argv[8].replace("publish: ", "")))
print("politeness floor: %.2f s (%.0f addresses/s)" % (floor, urls / floor if floor > 0 else float("inf")))
print("ratio wall/floor: %.2f (1.00: limited by politeness alone)" % (wall / floor if floor > 0 else float("inf")))
print("external-link diagnostics: %d (expected 0)" % broken)
sys.exit(0 if broken == 0 else 1)
EOF
verdict=$?
[[ $status -le 1 && $verdict -eq 0 ]] || exit 2
