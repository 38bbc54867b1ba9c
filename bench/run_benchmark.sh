#!/usr/bin/env bash
# Benchmark: publish vs Hugo building the same generated council site.
#
# Usage: bench/run_benchmark.sh [N] [PUBLISH_BINARY]
#   N               number of pages to generate (default 10000)
#   PUBLISH_BINARY  path to the publish CLI (default: build/cli/publish in the
#                   repository root)
#
# Environment (optional):
#   BENCH_RUNS   measured runs per tool (default 3; the median is reported)
#   BENCH_SEED   generator seed (default 1)
#   BENCH_JOBS   --jobs passed to publish (default 2)
#   BENCH_RECORD_PAGES  pages of the smaller site the kiosk recordings are
#                timed on (default 40; 0 skips them)
#
# Exit status: 0 when both tools built the site (whether or not the targets
# hold), 2 when a tool is missing or failed, or on a usage error.

set -u -o pipefail

usage() { echo "usage: $0 [N] [PUBLISH_BINARY]" >&2; exit 2; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)

N=${1:-10000}
[[ $N =~ ^[0-9]+$ ]] && (( N >= 1 )) || usage
[[ $# -le 2 ]] || usage
if [[ $# -ge 2 ]]; then
    PUBLISH=$2
    [[ $PUBLISH == /* ]] || PUBLISH=$PWD/$PUBLISH
else
    PUBLISH=$repo_root/build/cli/publish
fi
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-1}
JOBS=${BENCH_JOBS:-2}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "BENCH_RUNS must be a positive integer" >&2; exit 2; }

TIME=/usr/bin/time
for need in python3 hugo; do
    command -v "$need" >/dev/null || { echo "error: $need not found" >&2; exit 2; }
done
if [[ ! -x $TIME ]] || ! "$TIME" -f '%e %M' -o /dev/null true 2>/dev/null; then
    echo "error: GNU time is needed at $TIME (apt-get install -y time)" >&2
    exit 2
fi

# Both tools create and delete tens of thousands of folders; on ext4 the
# kernel's inode reuse then dominates and drifts from run to run (see
# README.md), so by default the site and outputs live on a tmpfs when there
# is one with room. TMPDIR, when set, wins.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] \
   && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = "tmpfs" ] \
   && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 4000000 ]; then
  bench_root=/dev/shm
else
  bench_root="${TMPDIR:-/tmp}"
fi
work=$(mktemp -d "$bench_root/publish-bench.XXXXXX") || exit 2
echo "Working in $work ($(stat -f -c %T "$work" 2>/dev/null || echo unknown) file system)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

site=$work/site
export HUGO_CACHEDIR=$work/hugo-cache

echo "Generating a site of $N pages (seed $SEED) ..."
if ! python3 "$script_dir/generate_site.py" "$N" "$site" --seed "$SEED"; then
    echo "error: the site generator failed" >&2
    exit 2
fi

publish_ok=1
publish_missing=0
if [[ ! -x $PUBLISH ]]; then
    echo "error: publish binary not found or not executable: $PUBLISH" >&2
    echo "       (build it first, or pass its path as the second argument)" >&2
    publish_ok=0
    publish_missing=1
fi
hugo_ok=1

# Output folders; each run starts from an empty one so every build is full.
pub_out=$work/out-publish
hugo_out=$work/out-hugo

publish_cmd=("$PUBLISH" build "$site" --out "$pub_out" --channel public --jobs "$JOBS")
hugo_cmd=(hugo --source "$site/hugo" --destination "$hugo_out" --quiet --minify=false)

# run_once TOOL LABEL: runs the tool once under GNU time; appends "secs kib"
# to $work/TOOL.times unless LABEL is warmup. Returns the tool's status.
run_once() {
    local tool=$1 label=$2 out log tf status
    local -a cmd
    if [[ $tool == publish ]]; then
        out=$pub_out; cmd=("${publish_cmd[@]}")
    else
        out=$hugo_out; cmd=("${hugo_cmd[@]}")
    fi
    rm -rf "$out"
    log=$work/$tool.$label.log
    tf=$work/$tool.$label.time
    "$TIME" -f '%e %M' -o "$tf" "${cmd[@]}" </dev/null >"$log" 2>&1
    status=$?
    if (( status != 0 )); then
        echo "error: $tool failed (exit $status) on the $label run; last lines of its output:" >&2
        tail -n 20 "$log" | sed 's/^/    /' >&2
        return 1
    fi
    if [[ $label != warmup ]]; then
        tail -n 1 "$tf" >>"$work/$tool.times"
    fi
}

tools=()
(( publish_ok )) && tools+=(publish)
tools+=(hugo)

echo "Warm-up run of each tool ..."
for t in "${tools[@]}"; do
    if ! run_once "$t" warmup; then
        [[ $t == publish ]] && publish_ok=0 || hugo_ok=0
    fi
done

echo "Measured runs: $RUNS of each, alternating ..."
for ((i = 1; i <= RUNS; i++)); do
    for t in "${tools[@]}"; do
        if [[ $t == publish ]]; then (( publish_ok )) || continue; else (( hugo_ok )) || continue; fi
        if ! run_once "$t" "run$i"; then
            [[ $t == publish ]] && publish_ok=0 || hugo_ok=0
        fi
    done
done

# median FILE COLUMN
median() {
    awk -v c="$2" '{ print $c }' "$1" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A pages secs mib
for t in publish hugo; do
    ok=$publish_ok; [[ $t == hugo ]] && ok=$hugo_ok
    if (( ok )); then
        if [[ $t == publish ]]; then dir=$pub_out/public; else dir=$hugo_out; fi
        pages[$t]=$(find "$dir" -name index.html -type f 2>/dev/null | wc -l)
        secs[$t]=$(median "$work/$t.times" 1)
        mib[$t]=$(awk -v k="$(median "$work/$t.times" 2)" 'BEGIN { printf "%.1f", k / 1024 }')
    else
        pages[$t]="-"; secs[$t]="FAILED"; mib[$t]="-"
        [[ $t == publish ]] && (( publish_missing )) && secs[$t]="MISSING"
    fi
done

echo
echo "Site: $N pages generated; machine: $(nproc) cores; $(hugo version | awk '{ print $1, $2 }')"
echo "publish: $PUBLISH build SITE --out DIR --channel public --jobs $JOBS"
echo "hugo:    hugo --source SITE/hugo --destination DIR --quiet --minify=false"
echo "Median of $RUNS runs after one warm-up; peak RSS is the median of each run's maximum RSS."
echo
printf '%-8s %12s %14s %14s\n' tool pages wall_s peak_rss_MiB
printf '%-8s %12s %14s %14s\n' publish "${pages[publish]}" "${secs[publish]}" "${mib[publish]}"
printf '%-8s %12s %14s %14s\n' hugo "${pages[hugo]}" "${secs[hugo]}" "${mib[hugo]}"
for t in publish hugo; do
    if [[ -s $work/$t.times ]]; then
        printf '%-8s runs (s, MiB): %s\n' "$t" \
            "$(awk '{ printf "%s%s/%.0f", (NR > 1 ? "  " : ""), $1, $2 / 1024 }' "$work/$t.times")"
    fi
done
echo

# Every channel's share: each channel alone (the median of $RUNS runs), and
# all of them in one build, so a new channel's cost is visible.
if (( publish_ok )); then
    echo "Each channel alone and all in one build (median of $RUNS runs, peak RSS MiB):"
    declare -A channel_secs
    sum=0
    for channel in $("$PUBLISH" build --help 2>/dev/null | sed -n 's/.*channels: \(.*\))/\1/p' | tr -d ',') all; do
        : >"$work/channel.times"
        args=(--channel "$channel"); [[ $channel == all ]] && args=()
        for ((i = 1; i <= RUNS; i++)); do
            rm -rf "$work/out-channel"
            "$TIME" -f '%e %M' -o "$work/channel.time" "$PUBLISH" build "$site" --out "$work/out-channel" \
                "${args[@]}" --jobs "$JOBS" </dev/null >/dev/null 2>&1 && tail -n 1 "$work/channel.time" >>"$work/channel.times"
        done
        [[ -s $work/channel.times ]] || { printf '  %-9s FAILED\n' "$channel"; continue; }
        channel_secs[$channel]=$(median "$work/channel.times" 1)
        rss=$(awk -v k="$(median "$work/channel.times" 2)" 'BEGIN { printf "%.0f", k / 1024 }')
        [[ $channel != all ]] && sum=$(awk -v a="$sum" -v b="${channel_secs[$channel]}" 'BEGIN { print a + b }')
        printf '  %-9s %8s s %8s MiB\n' "$channel" "${channel_secs[$channel]}" "$rss"
    done
    for channel in "${!channel_secs[@]}"; do
        [[ $channel == all ]] && continue
        awk -v c="$channel" -v s="${channel_secs[$channel]}" -v t="$sum" \
            'BEGIN { if (t > 0) printf "  share of the channels alone: %-9s %5.1f %%\n", c, 100 * s / t }'
    done | sort
    if [[ -n ${channel_secs[all]:-} ]]; then
        awk -v a="${channel_secs[all]}" -v t="$sum" -v h="${secs[hugo]:-0}" 'BEGIN {
            printf "  all channels in one build %s s against %s s for the channels built one by one", a, t
            if (h > 0) printf "; all channels / hugo = %.3f", a / h
            printf "\n" }'
    fi
    echo
fi

# Kiosk recordings (--kiosk-listen) cost far more than rendering, so they
# are measured apart, on a smaller site of BENCH_RECORD_PAGES pages: a
# build with an empty recordings cache, then a rebuild that finds them all.
RECORD_PAGES=${BENCH_RECORD_PAGES:-40}
if (( publish_ok )) && [[ $RECORD_PAGES =~ ^[1-9][0-9]*$ ]]; then
    small=$work/small-site
    if python3 "$script_dir/generate_site.py" "$RECORD_PAGES" "$small" --seed "$SEED" >/dev/null; then
        rec_out=$work/out-record
        rm -rf "$rec_out"
        timed() {  # OUT [FLAGS...]: prints the wall seconds of one kiosk build
            local out=$1; shift
            "$TIME" -f '%e' -o "$work/record.time" "$PUBLISH" build "$small" --out "$out" --channel kiosk "$@" \
                --jobs "$JOBS" </dev/null >/dev/null 2>&1 && tail -n 1 "$work/record.time"
        }
        plain=$(timed "$work/out-plain")
        cold=$(timed "$rec_out" --kiosk-listen)
        warm=$(timed "$rec_out" --kiosk-listen)
        recordings=$(find "$rec_out/kiosk/assets/listen" -name '*.opus' 2>/dev/null | wc -l)
        bytes=$(du -sb "$rec_out/kiosk/assets/listen" 2>/dev/null | cut -f1)
        awk -v n="$recordings" -v p="$plain" -v c="$cold" -v w="$warm" -v b="${bytes:-0}" 'BEGIN {
            r = c - p; if (r <= 0) r = c
            printf "Kiosk recordings, %d pages: without %s s, recording them %s s (%.2f pages/s), ", n, p, c, (r > 0 ? n / r : 0)
            printf "rebuild from the cache %s s; %.0f KiB a recording\n\n", w, (n > 0 ? b / n / 1024 : 0) }'
    fi
fi

if (( publish_ok && hugo_ok )); then
    read -r tratio mratio < <(awk -v ps="${secs[publish]}" -v hs="${secs[hugo]}" \
        -v pm="${mib[publish]}" -v hm="${mib[hugo]}" \
        'BEGIN { printf "%.3f %.3f\n", (hs > 0 ? ps / hs : 0), (hm > 0 ? pm / hm : 0) }')
    verdict() { awk -v r="$1" 'BEGIN { print (r <= 0.5 ? "yes" : "NO") }'; }
    printf 'time ratio   publish/hugo = %s  (target <= 0.5: %s)\n' "$tratio" "$(verdict "$tratio")"
    printf 'memory ratio publish/hugo = %s  (target <= 0.5: %s)\n' "$mratio" "$(verdict "$mratio")"
    for t in publish hugo; do
        if [[ ${pages[$t]} != "$N" ]]; then
            echo "note: $t wrote ${pages[$t]} index.html files; the site has $N pages"
        fi
    done
    exit 0
fi

echo "ratios: not available (a tool was missing or failed)"
exit 2
