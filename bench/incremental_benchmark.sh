#!/usr/bin/env bash
# Benchmark: one-page edits on a generated site, rebuilt incrementally.
#
# Usage: bench/incremental_benchmark.sh [N] [EDITS] [DRIVER]
#   N       pages to generate (default 10000)
#   EDITS   edits of each kind, body text and title (default 30)
#   DRIVER  the driver binary (default build/bench/incremental_benchmark)
#
# Environment (optional): BENCH_SEED (generator seed, default 1),
# BENCH_JOBS (threads, default 2), BENCH_VERBOSE=1 (one line per edit).
#
# Prints the full build (every channel, into memory) and, per kind of
# edit, the median, 95th percentile and slowest time from the file written
# to the rebuilt output ready in memory, with the mean time of each step.
# The target (issue 10): at most 100 ms at the 95th percentile at 10,000
# pages on a 2-core machine, to the browser.
# Exit status: 0 when every build succeeded, 2 otherwise or on a usage error.
set -u -o pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)
N=${1:-10000}
EDITS=${2:-30}
DRIVER=${3:-$repo_root/build/bench/incremental_benchmark}
SEED=${BENCH_SEED:-1}
JOBS=${BENCH_JOBS:-2}
[[ $N =~ ^[0-9]+$ && $EDITS =~ ^[1-9][0-9]*$ && $JOBS =~ ^[1-9][0-9]*$ ]] || {
    echo "usage: $0 [N] [EDITS] [DRIVER]" >&2; exit 2; }
[[ -x $DRIVER ]] || { echo "error: $DRIVER not found; build it (cmake --build build --target incremental_benchmark)" >&2; exit 2; }

# A tmpfs when there is one, as bench/run_benchmark.sh does.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then bench_root=/dev/shm; else bench_root=${TMPDIR:-/tmp}; fi
work=$(mktemp -d "$bench_root/publish-incremental.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Generating a site of $N pages (seed $SEED) in $work ..."
python3 "$script_dir/generate_site.py" "$N" "$work/site" --seed "$SEED" >/dev/null || { echo "error: the generator failed" >&2; exit 2; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$DRIVER" "$work/site" "$EDITS" "$JOBS"
status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
