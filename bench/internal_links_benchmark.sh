#!/usr/bin/env bash
# Benchmark: the internal link check inside a build. Generates a site of
# PAGES pages with EXTRA more internal links per page (half with a
# #fragment), so that 10,000 pages carry about 270,000 links and heading
# anchors, then runs build/bench/internal_links_benchmark: the median time of
# ResolveLinks (every link, image, related entry, alias and output path
# checked, with positions) beside loading, the content checks and a whole
# public build, and its ratio to the 0.5 s target.
#
# Usage: bench/internal_links_benchmark.sh [PAGES] [EXTRA]   (10000, 13)
# Environment: BENCH_RUNS (default 5), BENCH_JOBS (default 2).
# Exit 0 when the benchmark ran (whether or not the target holds), 2 otherwise.
set -u -o pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
PAGES=${1:-10000}
EXTRA=${2:-13}
driver=$repo_root/build/bench/internal_links_benchmark
[[ $PAGES =~ ^[0-9]+$ && $EXTRA =~ ^[0-9]+$ ]] || { echo "usage: $0 [PAGES] [EXTRA]" >&2; exit 2; }
[[ -x $driver ]] || { echo "error: no $driver; run scripts/build" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/links-bench.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
python3 "$script_dir/generate_site.py" "$PAGES" "$work/site" --extra-links "$EXTRA" || exit 2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$driver" "$work/site" --runs "${BENCH_RUNS:-5}" --jobs "${BENCH_JOBS:-2}" || exit 2
