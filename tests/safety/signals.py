#!/usr/bin/env python3
"""SIGTERM, SIGINT and SIGKILL at chosen and at random moments of a build.

Chosen moments: the build runs under `strace -e inject=CALL:delay_enter=...:when=k`,
which holds it in the k-th CALL; the test sees it held (/proc/PID/stat says
tracing stop for a while) and sends a real, process-directed signal with
kill(2), as a service manager or Ctrl-C would. The moments, from one traced
build: the first change to OUT, the first and last file written into staging,
every rename (the swap), the first removal after the swap, the last change.

Random moments: a plain build (no strace) of a site of a few hundred pages
over the old build, signalled (SIGTERM, SIGINT, SIGHUP, SIGKILL) after a
seeded random fraction of the time a build takes.

SIGTERM and SIGINT: the build dies by that signal (returncode -15/-2, the
shell's 143/130), also when the signal comes during the swap (at a random
moment it may come too late: exit 0 is then only noted); dying by it, OUT
is byte-identical to before when the signal came before the swap (wholly old
or wholly new once the swap has begun), and there is no debris. Exit 0:
OUT is exactly the new build. SIGKILL: as in fault_injection.py (wholly old
or new unless OUT/.publish/swap exists; a content-error build recovers it; a
good build then gives exactly the new build).
"""

import os
import random
import shutil
import signal
import time

import safetylib as lib
import syscalls

SWAP_CALLS = {"rename", "renameat", "renameat2"}
REMOVE_CALLS = {"unlink", "unlinkat", "rmdir"}


def options(parser):
    parser.add_argument("--random", type=int, default=3, help="random moments per signal (default 3)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--pages", type=int, default=100, help="pages of the site signalled at random moments")
    parser.add_argument("--no-chosen", action="store_true", help="only the random moments")


def main():
    args = lib.arguments(__doc__.splitlines()[0], options)
    report = lib.Report("signals")
    root = lib.temp_folder(args, "signals")
    if not args.no_chosen:
        if not shutil.which("strace"):
            report.note("chosen moments", "skipped: strace is not installed")
        else:
            chosen_moments(args, report, os.path.join(root, "chosen"))
            print(f"signals: chosen moments took {time.monotonic() - report.started:.1f} s", flush=True)
    random_moments(args, report, os.path.join(root, "random"))
    report.finish()


def expect_after_signal(pair, case, signum, result, before_swap, delivered=False):
    report = pair.report
    snap = lib.snapshot(pair.out)
    if result.rc == 0:
        name = signal.Signals(signum).name
        if delivered and before_swap:
            report.fail(case, f"the build got {name} before its swap began and exited 0: it must die by {name}")
        elif delivered:
            report.note(case, f"{name} came during the swap: the build finished it and exited 0")
        else:
            report.note(case, "the build finished before the signal came")
        report.check(snap == pair.s_new, case, "exit 0 after the signal, and OUT is not exactly the new build",
                     lib.differences(snap, pair.s_new))
        return
    report.check(result.rc == -signum, case,
                 f"the build {result.describe()}, not died by {signal.Signals(signum).name}", [result.stderr_tail()])
    if before_swap:
        report.check(snap == pair.s_old, case, "signalled before the swap, and OUT is not byte-identical to before",
                     lib.differences(snap, pair.s_old))
    else:
        report.check(snap in (pair.s_old, pair.s_new), case,
                     ("signalled during the swap" if before_swap is False else "signalled at a random moment")
                     + ", and OUT is not exactly the old or the new build, or has debris",
                     pair.against_both(snap) + ["debris: " + ", ".join(lib.debris(snap))])
    if snap not in (pair.s_old, pair.s_new):
        good = pair.build_new(timeout=120)
        after = lib.snapshot(pair.out)
        report.check(good.rc == 0 and after == pair.s_new, case,
                     f"and the next build gives {good.describe()} without cleaning up",
                     lib.differences(after, pair.s_new))


def chosen_moments(args, report, root):
    pair = lib.Pair(args, report, root)
    if not pair.ok:
        return
    log = os.path.join(root, "strace.log")
    pair.restore_old()
    result = pair.build_new("--jobs", "1", prefix=["strace", "-f", "-qq", "-y", "-s", "4096", "-o", log],
                            timeout=120)
    if not report.check(result.rc == 0 and lib.snapshot(pair.out) == pair.s_new, "chosen moments",
                        f"the traced build is wrong: {result.describe()}", [result.stderr_tail()]):
        return
    calls = syscalls.parse_log(log)
    main_tid = calls[0].tid
    start = syscalls.build_phase(calls, [pair.new, pair.out])
    changes = [call for call in calls[start:] if call.tid == main_tid and call.name in syscalls.FS_CALLS
               and call.mutating and syscalls.touches(call, pair.out)]
    if not changes:
        report.fail("chosen moments", "the traced build made no change under OUT")
        return
    swaps = [call for call in changes if call.name in SWAP_CALLS]
    # The commit begins with the marker (.publish/output.new): from there on
    # the build finishes the swap it has begun, so a signal may end in exit 0
    # with the new output, which it reports; before it, the signal must win.
    markers = [call for call in changes if "output.new" in call.text]
    swap_start = markers[0].index if markers else (swaps[0].index if swaps else changes[-1].index + 1)
    staged = [call for call in changes if call.name in {"write", "writev", "pwrite64"} and call.index < swap_start]
    points = [("the first change to OUT", changes[0])]
    if staged:
        points += [("the first file written", staged[0]), ("the last file written", staged[-1])]
    points += [(f"rename {number + 1} of {len(swaps)} (the swap)", call) for number, call in enumerate(swaps)]
    removals = [call for call in changes if call.name in REMOVE_CALLS and call.index > swap_start]
    if removals:
        points.append(("the first removal after the swap", removals[0]))
    points.append(("the last change to OUT", changes[-1]))
    seen = set()
    for signum in (signal.SIGTERM, signal.SIGINT):
        for label, call in points:
            if (signum, call.index) in seen:
                continue
            seen.add((signum, call.index))
            case = f"{signal.Signals(signum).name} in {label} [{call.short()}]"
            report.case()
            pair.restore_old()
            injection = f"inject={call.name}:delay_enter=400ms:when={call.k}"
            command = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={call.name}", "-e", injection,
                       args.publish, "build", pair.new, "--out", pair.out, "--jobs", "1"]
            for channel in lib.CHANNELS:
                command += ["--channel", channel]
            process = lib.start(command)
            tracee = lib.tracee_of(process, args.publish)
            held = tracee is not None and lib.wait_held(tracee, process)
            if held:
                os.kill(tracee, signum)
            result = lib.finish(process, timeout=60)
            if not held:
                report.note(case, f"the build was not seen held in the call ({result.describe()})")
            expect_after_signal(pair, case, signum, result, call.index < swap_start, delivered=held)


def random_moments(args, report, root):
    pair = lib.Pair(args, report, root, extra_pages=args.pages, page_bytes=1200)
    if not pair.ok:
        return
    timings = []
    for _ in range(2):
        pair.restore_old()
        result = pair.build_new(timeout=120)
        if not report.check(result.rc == 0, "random moments", f"the build gives {result.describe()}",
                            [result.stderr_tail()]):
            return
        timings.append(result.seconds)
    length = min(timings)
    pair.check_broken_changes_nothing()
    rng = random.Random(args.seed)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL):
        for number in range(args.random):
            delay = rng.uniform(0.02, 1.0) * length
            case = f"{signal.Signals(signum).name} at random after {delay * 1000:.0f} ms of a {length * 1000:.0f} ms build"
            report.case()
            pair.restore_old()
            command = [args.publish, "build", pair.new, "--out", pair.out]
            for channel in lib.CHANNELS:
                command += ["--channel", channel]
            process = lib.start(command)
            time.sleep(max(0.0, delay - (time.monotonic() - process.started)))
            try:
                os.kill(process.pid, signum)
            except ProcessLookupError:
                pass
            result = lib.finish(process, timeout=120)
            if args.verbose:
                print(f"{case}: {result.describe()}")
            if signum == signal.SIGKILL:
                if result.rc == 0:
                    report.note(case, "the build finished before the signal came")
                pair.check_after_kill(case)
            else:
                # When the signal came is not known: wholly old or wholly new, no debris.
                expect_after_signal(pair, case, signum, result, before_swap=None)


if __name__ == "__main__":
    main()
