#!/usr/bin/env python3
"""Two builds into one OUT: the second stops at once, exit 2 [output-locked].

1. A slowed-down build A (every write and mkdir delayed under strace) of NEW
   runs over the old build; once A holds the lock on OUT/.publish/lock
   (/proc/locks), build B of a third site starts. B must stop at once (while A
   still runs) with exit 2, "another publish build" and [output-locked] on
   stderr; A then exits 0 and OUT is exactly A's build, no debris.
2. The test itself holds flock(OUT/.publish/lock): a build stops at once
   with exit 2 [output-locked] (it does not wait) and OUT is unchanged; once
   the lock is released the build succeeds.
3. Two builds of different sites started together, five times: each exits 0
   or 2 [output-locked]; OUT is exactly the build of one that exited 0.
"""

import fcntl
import os
import shutil
import time

import safetylib as lib


def lock_holders(path):
    """PIDs holding a flock on path's inode, from /proc/locks."""
    try:
        info = os.stat(path)
    except OSError:
        return set()
    wanted = f":{info.st_ino}"
    holders = set()
    with open("/proc/locks") as handle:
        for line in handle:
            fields = line.split()
            if "->" in fields:
                continue  # a waiter, not a holder
            if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5].endswith(wanted):
                dev = fields[5].rsplit(":", 1)[0]
                major, minor = (int(part, 16) for part in dev.split(":"))
                if os.major(info.st_dev) == major and os.minor(info.st_dev) == minor:
                    holders.add(int(fields[4]))
    return holders


def locked_message(result):
    return "another publish build" in result.stderr and lib.has_diagnostic(result.stderr, "output-locked")


def main():
    args = lib.arguments(__doc__.splitlines()[0])
    report = lib.Report("concurrent")
    root = lib.temp_folder(args, "concurrent")
    pair = lib.Pair(args, report, root)
    if not pair.ok:
        report.finish()
    third = lib.make_site(os.path.join(root, "third"), "new")
    lib.write_file(os.path.join(third, "content", "_index.md"),
                   lib.page_text("Testville Council", "A third build.", "This is the THIRD build.\n"))
    result = lib.publish_build(args, third, os.path.join(root, "ref-third"))
    if not report.check(result.rc == 0, "setup", f"the third site gives {result.describe()}", [result.stderr_tail()]):
        report.finish()
    s_third = lib.snapshot(os.path.join(root, "ref-third"))
    lock = os.path.join(pair.out, ".publish", "lock")

    # 1. A slowed-down build and a second one meanwhile.
    if shutil.which("strace") is None:
        report.note("slow build", "skipped: strace is not installed")
    else:
        case = "a second build while a slowed-down build runs"
        report.case()
        pair.restore_old()
        slow = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=write,writev,mkdir,mkdirat",
                "-e", "inject=write,writev,mkdir,mkdirat:delay_enter=40ms"]
        command = slow + [args.publish, "build", pair.new, "--out", pair.out]
        for channel in lib.CHANNELS:
            command += ["--channel", channel]
        first = lib.start(command)
        tracee = lib.tracee_of(first, args.publish)
        locked = False
        deadline = time.monotonic() + 10
        while tracee and first.poll() is None and time.monotonic() < deadline:
            if tracee in lock_holders(lock):
                locked = True
                break
            time.sleep(0.005)
        if not locked:
            report.fail(case, "the first build never held a flock on OUT/.publish/lock")
            time.sleep(0.3)  # still start the second build while the first runs
        second = lib.publish_build(args, third, pair.out, timeout=60)
        first_running = first.poll() is None
        first_result = lib.finish(first, timeout=120)
        report.check(second.rc == 2, case, f"the second build gives {second.describe()}, not exit 2",
                     [second.stderr_tail()])
        report.check(locked_message(second), case,
                     "the second build does not say 'another publish build' [output-locked]", [second.stderr_tail()])
        report.check(first_running, case, "the second build did not stop at once: it outlived the first",
                     [f"second took {second.seconds:.2f} s"])
        report.check(first_result.rc == 0, case, f"the first build gives {first_result.describe()}",
                     [first_result.stderr_tail()])
        snap = lib.snapshot(pair.out)
        report.check(snap == pair.s_new, case, "OUT is not exactly the first build's output",
                     lib.differences(snap, pair.s_new))

    # 2. The lock held by someone else: stop, do not wait, change nothing.
    case = "a build while another process holds the lock"
    report.case()
    pair.restore_old()
    os.makedirs(os.path.dirname(lock), exist_ok=True)
    holder = open(lock, "a")
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        before = lib.snapshot(pair.out)
        result = pair.build_new(timeout=20)
        after = lib.snapshot(pair.out)
    finally:
        holder.close()
    report.check(result.rc == 2, case, f"gives {result.describe()}, not exit 2"
                 + (" (it waits for the lock)" if result.rc == "timeout" else ""), [result.stderr_tail()])
    report.check(locked_message(result), case, "no 'another publish build' [output-locked] on stderr",
                 [result.stderr_tail()])
    report.check(after == before, case, "OUT changed", lib.differences(after, before))
    result = pair.build_new()
    snap = lib.snapshot(pair.out)
    report.check(result.rc == 0 and snap == pair.s_new, "after the lock is released",
                 f"the build gives {result.describe()} and OUT is not the new build",
                 lib.differences(snap, pair.s_new) + [result.stderr_tail()])

    # 3. Two builds started together.
    for attempt in range(5):
        case = f"two builds started together, attempt {attempt + 1}"
        report.case()
        pair.restore_old()
        processes = []
        for site in (pair.new, third):
            command = [args.publish, "build", site, "--out", pair.out]
            for channel in lib.CHANNELS:
                command += ["--channel", channel]
            processes.append(lib.start(command))
        results = [lib.finish(process, timeout=60) for process in processes]
        snap = lib.snapshot(pair.out)
        expected = []
        for result, reference, name in zip(results, (pair.s_new, s_third), ("NEW", "THIRD")):
            if result.rc == 0:
                expected.append(reference)
            elif result.rc == 2:
                report.check(locked_message(result), case, f"the {name} build exits 2 without "
                             "'another publish build' [output-locked]", [result.stderr_tail()])
            else:
                report.fail(case, f"the {name} build gives {result.describe()}", [result.stderr_tail()])
        report.check(expected != [], case, "neither build succeeded",
                     [result.stderr_tail() for result in results])
        report.check(snap in expected, case, "OUT is not exactly the output of a build that exited 0",
                     lib.differences(snap, expected[0] if expected else pair.s_old) +
                     ["debris: " + ", ".join(lib.debris(snap))])
    report.finish()


if __name__ == "__main__":
    main()
