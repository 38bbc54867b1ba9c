#!/usr/bin/env python3
"""Every file-system call of a small build fails in turn, or the build is killed there.

In the manner of SQLite's I/O-error and crash tests, with `strace -e inject=`:

1. OLD site built into OUT (snapshot S_old); NEW site (differs in every
   channel) built cleanly elsewhere (S_new); OLD and NEW built twice must be
   byte-identical, else nothing below means anything.
2. One traced build of NEW into a copy of S_old (`strace -f -y -o LOG
   publish build ... --jobs 1`) lists the file-system calls the build makes;
   calls before the build first touches the site or OUT (the dynamic loader)
   are not injected.
3. For each chosen (call, occurrence k, fault), OUT is reset to S_old and
   `strace -f -e inject=CALL:error=E:when=k` (or signal=KILL) runs the build.
   Error faults: exit 0 means OUT is wholly S_new; any other exit means OUT is
   wholly S_old, there is a diagnostic, no crash, no hang; no debris is left
   except under a path the failed call itself touched; and then the next
   build cleans up. KILL: right after the kill, unless OUT/.publish/swap
   exists, the channel folders are wholly old or wholly new; then a build of
   BROKEN (exit 1) recovers OUT to wholly old or new with no debris, and a
   good build gives exactly S_new with no debris.

strace counts `when=` per syscall and per tracee (thread): with threads the
k-th call of each thread is hit. The build runs with `--jobs 1` here, which
makes it single-threaded and the sequence of calls deterministic; threads
that still make file-system calls are reported.
"""

import os
import sys
import time

import safetylib as lib
import syscalls


def options(parser):
    parser.add_argument("--faults", default="EIO,ENOSPC,KILL", help="comma-separated: EIO, ENOSPC, KILL")
    parser.add_argument("--calls", default="", help="comma-separated system calls to inject (default: all seen)")
    parser.add_argument("--only", default="", help="run one case, e.g. rename:2:KILL (see the plan with --plan)")
    parser.add_argument("--plan", action="store_true", help="print the cases and stop")
    parser.add_argument("--stride", type=int, default=1,
                        help="inject every Nth occurrence of the read-only calls that occur most (default 1: all)")
    parser.add_argument("--deadline", type=float, default=float(os.environ.get("SAFETY_DEADLINE", "170")),
                        help="seconds by which every case at a call that changes something must have run, "
                        "else the test fails (default 170)")
    parser.add_argument("--budget", type=float, default=float(os.environ.get("SAFETY_BUDGET", "150")),
                        help="seconds after which the remaining cases at read-only calls are not run "
                        "(an even sample has run; default 150)")


def main():
    args = lib.arguments(__doc__.splitlines()[0], options)
    lib.require_strace()
    report = lib.Report("fault_injection")
    root = lib.temp_folder(args, "faults")
    pair = lib.Pair(args, report, root)
    if not pair.ok:
        report.finish()
    new, out, s_old, s_new = pair.new, pair.out, pair.s_old, pair.s_new
    log = os.path.join(root, "strace.log")
    single = ["--jobs", "1"]
    pair.check_broken_changes_nothing()

    # The counting run.
    pair.restore_old()
    result = lib.publish_build(args, new, out, *single,
                               prefix=["strace", "-f", "-qq", "-y", "-s", "4096", "-o", log], timeout=120)
    if result.rc != 0 or lib.snapshot(out) != s_new:
        report.fail("count", f"the traced build of NEW over OLD is wrong: {result.describe()}",
                    lib.differences(lib.snapshot(out), s_new) + [result.stderr_tail()])
        report.finish()
    calls = syscalls.parse_log(log)
    main_tid = calls[0].tid
    start = syscalls.build_phase(calls, [new, out])
    threads = {call.tid for call in calls}
    others = sorted({call.name for call in calls[start:] if call.tid != main_tid and call.name in syscalls.FS_CALLS})
    if others:
        report.note("count", f"with --jobs 1 the build still has {len(threads)} threads and other threads make "
                    f"{', '.join(others)}: when=k hits the k-th call of each thread")
    in_phase = [call for call in calls[start:] if call.tid == main_tid and call.name in syscalls.FS_CALLS]
    wanted_calls = set(filter(None, args.calls.split(",")))
    if wanted_calls:
        in_phase = [call for call in in_phase if call.name in wanted_calls]
    faults = [fault.strip().upper() for fault in args.faults.split(",") if fault.strip()]

    plan = []
    per_name = {}
    for call in in_phase:
        per_name.setdefault(call.name, []).append(call)
    for name, occurrences in per_name.items():
        chosen = occurrences
        if args.stride > 1 and not any(call.mutating for call in occurrences):
            chosen = occurrences[::args.stride]
        for call in chosen:
            if "EIO" in faults:
                plan.append((call, "EIO"))
            if "ENOSPC" in faults and call.mutating:
                plan.append((call, "ENOSPC"))
    if "KILL" in faults:
        plan.extend((call, "KILL") for call in in_phase if call.mutating)
    plan.sort(key=lambda item: (item[0].index, item[1]))
    if args.only:
        name, k, fault = args.only.split(":")
        plan = [(call, f) for call, f in plan if call.name == name and call.k == int(k) and f == fault.upper()]
        if not plan:
            print(f"no such case {args.only}; see --plan")
            sys.exit(2)

    summary = ", ".join(f"{name} {len(occurrences)}" for name, occurrences in sorted(per_name.items()))
    print(f"fault_injection: {len(calls)} calls traced, {len(in_phase)} file-system calls after the build starts "
          f"({summary}); {len(plan)} cases: " +
          ", ".join(f"{fault} {sum(1 for _c, f in plan if f == fault)}" for fault in faults), flush=True)
    if args.plan:
        for call, fault in plan:
            print(f"  {call.name}:{call.k}:{fault}  {call.short()}")
        sys.exit(0)

    # Cases at calls that change something run first, all of them; then the
    # EIO cases at read-only calls, coarse to fine (every 16th, then every
    # 8th, ...), so that on a slow machine the budget ends a thinner but
    # evenly spread sample rather than the test.
    changing = [item for item in plan if item[0].mutating]
    reading = progressive([item for item in plan if not item[0].mutating])
    started = time.monotonic()
    done = 0
    for number, (call, fault) in enumerate(changing + reading):
        elapsed = time.monotonic() - report.started
        if number < len(changing) and elapsed > args.deadline:
            report.fail("deadline", f"ran out of time after {number} of the {len(changing)} cases at calls that "
                        f"change something ({args.deadline:.0f} s); raise --deadline")
            break
        if number >= len(changing) and elapsed > args.budget:
            left = len(changing) + len(reading) - number
            print(f"fault_injection: budget of {args.budget:.0f} s spent: {len(reading) - left} of the "
                  f"{len(reading)} cases at read-only calls ran (spread evenly), {left} did not", flush=True)
            report.note("budget", f"{left} of {len(reading)} read-only cases not run")
            break
        case = f"{fault} at {call.name} #{call.k} [{call.short()}]"
        if args.verbose:
            print(f"case {number + 1}/{len(plan)}: {case}", flush=True)
        report.case()
        done += 1
        pair.restore_old()
        if fault == "KILL":
            run_kill_case(pair, case, call, single)
        else:
            run_error_case(args, report, case, call, fault, new, out, log, s_old, s_new, single)
    if done:
        seconds = time.monotonic() - started
        print(f"fault_injection: {done} cases in {seconds:.1f} s ({1000 * seconds / done:.0f} ms each)")
    report.finish()


def progressive(items):
    """items reordered coarse to fine: every 16th, then the rest of every 8th, ..., then the rest."""
    order, taken = [], set()
    for stride in (16, 8, 4, 2, 1):
        for index in range(0, len(items), stride):
            if index not in taken:
                taken.add(index)
                order.append(items[index])
    return order


def next_build_is_clean(args, report, case, new, out, s_new, why):
    result = lib.publish_build(args, new, out)
    snap = lib.snapshot(out)
    report.check(result.rc == 0 and snap == s_new, case,
                 f"{why}, and the next build does not clean up: {result.describe()}",
                 lib.differences(snap, s_new) + ([] if result.rc == 0 else [result.stderr_tail()]))


def run_error_case(args, report, case, call, fault, new, out, log, s_old, s_new, single):
    injection = f"inject={call.name}:error={fault}:when={call.k}"
    result = lib.publish_build(args, new, out, *single, timeout=20,
                               prefix=["strace", "-f", "-qq", "-y", "-s", "4096", "-o", log,
                                       "-e", f"trace={call.name}", "-e", injection])
    injected = ""
    with open(log, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if "(INJECTED)" in line:
                injected = line
                break
    if not injected:
        report.note(case, f"the call was not reached ({result.describe()})")
    elif syscalls.same_call(injected, call) is False:
        report.note(case, "the call hit is not the one the counting run saw there: "
                    + syscalls.Call(0, 0, call.name, injected.split("(", 1)[1]).short())
    snap = lib.snapshot(out)
    outcome = lib.which_build(snap, s_old, s_new)
    if result.rc == "timeout" or (isinstance(result.rc, int) and result.rc < 0):
        report.fail(case, f"the build {result.describe()}", [result.stderr_tail()])
    elif result.rc == 0:
        report.check(outcome == "new", case, "exit 0 but OUT is not wholly the new build",
                     lib.differences(lib.view(snap), lib.view(s_new)) + [result.stderr_tail(2)])
    else:
        report.check(outcome == "old", case, f"{result.describe()} but OUT is not wholly the old build",
                     lib.differences(lib.view(snap), lib.view(s_old)) + [result.stderr_tail()])
        report.check(lib.has_diagnostic(result.stderr), case, f"{result.describe()} without a diagnostic",
                     [result.stderr_tail()])
        if result.rc not in (1, 2):
            report.fail(case, f"{result.describe()}: exit codes are 0, 1 and 2", [result.stderr_tail()])
        elif result.rc == 1 and injected:
            report.note(case, "an injected I/O error gave exit 1 (content errors), not 2 (environment)")
    left = lib.debris(snap)
    paths = syscalls.mentioned_paths(injected)
    hard = [path for path in left if not syscalls.excused(os.path.join(out, path), call.name, paths)]
    report.check(not hard, case, f"{result.describe()} and leaves debris", hard)
    if snap != s_old and snap != s_new:
        next_build_is_clean(args, report, case, new, out, s_new, "OUT was left changed")


def run_kill_case(pair, case, call, single):
    injection = f"inject={call.name}:signal=KILL:when={call.k}"
    result = pair.build_new(*single, timeout=20, prefix=["strace", "-f", "-qq", "-o", "/dev/null",
                                                         "-e", f"trace={call.name}", "-e", injection])
    if result.rc != -9:
        pair.report.note(case, f"the call was not reached: the build {result.describe()}")
    pair.check_after_kill(case)


if __name__ == "__main__":
    main()
