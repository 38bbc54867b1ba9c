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
import re
import sys
import time

import safetylib as lib

# File-system calls that may be made to fail with EIO.
FS_CALLS = [
    "open", "openat", "openat2", "creat", "close", "read", "pread64", "readv", "preadv", "preadv2",
    "write", "pwrite64", "writev", "pwritev", "pwritev2", "lseek", "sendfile", "copy_file_range", "splice",
    "fsync", "fdatasync", "syncfs", "sync_file_range", "ftruncate", "truncate", "fallocate",
    "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2",
    "link", "linkat", "symlink", "symlinkat", "readlink", "readlinkat", "getdents64",
    "stat", "lstat", "fstat", "newfstatat", "statx", "access", "faccessat", "faccessat2",
    "chmod", "fchmod", "fchmodat", "utimensat", "flock", "statfs", "fstatfs", "chdir", "fchdir",
]
# Calls that change the file system (or take the lock): ENOSPC is injected
# into these, and the build is killed before each of them (the file system
# only changes at these calls, so killing before every one of them reaches
# every state a crash can leave).
MUTATING = {
    "creat", "write", "pwrite64", "writev", "pwritev", "pwritev2", "sendfile", "copy_file_range", "splice",
    "fsync", "fdatasync", "syncfs", "sync_file_range", "ftruncate", "truncate", "fallocate",
    "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2",
    "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "utimensat", "flock",
}
OPEN_CALLS = {"open", "openat", "openat2"}
WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_TMPFILE")

LINE = re.compile(r"^(\d+)\s+([a-z_0-9]+)\((.*)$")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
FD_PATH = re.compile(r"(?<![A-Za-z_])(\d+)<([^>]*)>")


def options(parser):
    parser.add_argument("--faults", default="EIO,ENOSPC,KILL", help="comma-separated: EIO, ENOSPC, KILL")
    parser.add_argument("--calls", default="", help="comma-separated system calls to inject (default: all seen)")
    parser.add_argument("--only", default="", help="run one case, e.g. rename:2:KILL (see the plan with --plan)")
    parser.add_argument("--plan", action="store_true", help="print the cases and stop")
    parser.add_argument("--stride", type=int, default=1,
                        help="inject every Nth occurrence of the read-only calls that occur most (default 1: all)")
    parser.add_argument("--deadline", type=float, default=float(os.environ.get("SAFETY_DEADLINE", "170")),
                        help="seconds after which remaining cases are not run (and the test fails)")


class Call:
    def __init__(self, index, tid, name, text):
        self.index = index
        self.tid = tid
        self.name = name
        self.text = text
        self.k = 0  # occurrence of this call in this thread, 1-based

    @property
    def mutating(self):
        if self.name in OPEN_CALLS:
            return bool(WRITE_FLAGS.search(self.text))
        return self.name in MUTATING

    def short(self):
        text = f"{self.name}({self.text}"
        return text if len(text) < 170 else text[:167] + "..."


def parse_log(path):
    calls = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle):
            match = LINE.match(line.rstrip("\n"))
            if match:
                calls.append(Call(number, int(match.group(1)), match.group(2), match.group(3)))
    seen = {}
    for call in calls:
        key = (call.tid, call.name)
        seen[key] = seen.get(key, 0) + 1
        call.k = seen[key]
    return calls


def mentioned_paths(text):
    """Absolute paths a traced call names: its quoted paths and its descriptors' paths."""
    fds = [path for _fd, path in FD_PATH.findall(text)]
    paths = list(fds)
    for quoted in QUOTED.findall(text):
        if quoted.startswith("/"):
            paths.append(quoted)
        elif quoted:
            paths.extend(os.path.join(fd, quoted) for fd in fds)
    return [os.path.normpath(path) for path in paths]


def excused(debris_path, paths):
    """Debris under (or above) a path the failing call touched may stay until the next build."""
    for path in paths:
        if path == debris_path or path.startswith(debris_path + "/") or debris_path.startswith(path + "/"):
            return True
    return False


def main():
    args = lib.arguments(__doc__.splitlines()[0], options)
    lib.require_strace()
    report = lib.Report("fault_injection")
    root = lib.temp_folder(args, "faults")
    old = lib.make_site(os.path.join(root, "old"), "old")
    new = lib.make_site(os.path.join(root, "new"), "new")
    broken = lib.make_site(os.path.join(root, "broken"), "new", broken=True)
    out = os.path.join(root, "out")
    pristine_old = os.path.join(root, "pristine-old")
    log = os.path.join(root, "strace.log")
    single = ["--jobs", "1"]

    # References: S_new from a clean build elsewhere, S_old from a build into OUT.
    for attempt in ("a", "b"):
        result = lib.publish_build(args, new, os.path.join(root, "ref-new-" + attempt))
        if result.rc != 0:
            report.fail("setup", f"the NEW site does not build: {result.describe()}", [result.stderr_tail()])
            report.finish()
    s_new = lib.snapshot(os.path.join(root, "ref-new-a"))
    if s_new != lib.snapshot(os.path.join(root, "ref-new-b")):
        report.fail("setup", "two builds of the same site differ (SOURCE_DATE_EPOCH set)",
                    lib.differences(lib.snapshot(os.path.join(root, "ref-new-b")), s_new))
        report.finish()
    result = lib.publish_build(args, old, out)
    if result.rc != 0:
        report.fail("setup", f"the OLD site does not build: {result.describe()}", [result.stderr_tail()])
        report.finish()
    s_old = lib.snapshot(out)
    report.check(lib.debris(s_old) == [], "setup", "a build into a new folder leaves debris", lib.debris(s_old))
    lib.copy_tree(out, pristine_old)
    if lib.channels_only(s_old) == lib.channels_only(s_new):
        report.fail("setup", "OLD and NEW give the same output")
        report.finish()
    for channel in lib.CHANNELS:
        same = {p: v for p, v in s_old.items() if p.startswith(channel + "/")} == \
               {p: v for p, v in s_new.items() if p.startswith(channel + "/")}
        report.check(not same, "setup", f"OLD and NEW do not differ in channel {channel}")

    # Baseline: BROKEN into S_old and into S_new changes nothing and exits 1.
    for name, reference in (("old", pristine_old), ("new", os.path.join(root, "ref-new-a"))):
        lib.copy_tree(reference, out)
        before = lib.snapshot(out)
        result = lib.publish_build(args, broken, out)
        report.case()
        report.check(result.rc == 1, f"baseline broken-into-{name}", f"a site with a content error gives "
                     f"{result.describe()}, not exit 1", [result.stderr_tail()])
        after = lib.snapshot(out)
        report.check(after == before, f"baseline broken-into-{name}", "a build with a content error changed OUT",
                     lib.differences(after, before))

    # The counting run.
    lib.copy_tree(pristine_old, out)
    result = lib.publish_build(args, new, out, *single,
                               prefix=["strace", "-f", "-qq", "-y", "-s", "4096", "-o", log], timeout=120)
    if result.rc != 0 or lib.snapshot(out) != s_new:
        report.fail("count", f"the traced build of NEW over OLD is wrong: {result.describe()}",
                    lib.differences(lib.snapshot(out), s_new) + [result.stderr_tail()])
        report.finish()
    calls = parse_log(log)
    main_tid = calls[0].tid
    start = next((i for i, call in enumerate(calls)
                  if call.name != "execve" and (new in call.text or out in call.text)), 0)
    threads = {call.tid for call in calls}
    others = sorted({call.name for call in calls[start:] if call.tid != main_tid and call.name in FS_CALLS})
    if others:
        report.note("count", f"with --jobs 1 the build still has {len(threads)} threads and other threads make "
                    f"{', '.join(others)}: when=k hits the k-th call of each thread")
    in_phase = [call for call in calls[start:] if call.tid == main_tid and call.name in FS_CALLS]
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

    started = time.monotonic()
    for number, (call, fault) in enumerate(plan):
        if time.monotonic() - report.started > args.deadline:
            report.fail("deadline", f"ran out of time after {number} of {len(plan)} cases "
                        f"({args.deadline:.0f} s); raise --deadline or choose fewer cases")
            break
        case = f"{fault} at {call.name} #{call.k} [{call.short()}]"
        if args.verbose:
            print(f"case {number + 1}/{len(plan)}: {case}", flush=True)
        report.case()
        lib.copy_tree(pristine_old, out)
        if fault == "KILL":
            run_kill_case(args, report, case, call, new, broken, out, s_old, s_new, single)
        else:
            run_error_case(args, report, case, call, fault, new, out, log, s_old, s_new, single)
    if plan:
        seconds = time.monotonic() - started
        print(f"fault_injection: {len(plan)} cases in {seconds:.1f} s ({1000 * seconds / len(plan):.0f} ms each)")
    report.finish()


def next_build_is_clean(args, report, case, new, out, s_new, why):
    result = lib.publish_build(args, new, out)
    snap = lib.snapshot(out)
    report.check(result.rc == 0 and snap == s_new, case,
                 f"{why}, and the next build does not clean up: {result.describe()}",
                 lib.differences(snap, s_new) + ([] if result.rc == 0 else [result.stderr_tail()]))


def run_error_case(args, report, case, call, fault, new, out, log, s_old, s_new, single):
    injection = f"inject={call.name}:error={fault}:when={call.k}"
    result = lib.publish_build(args, new, out, *single, timeout=60,
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
    paths = mentioned_paths(injected)
    hard = [path for path in left if not excused(os.path.join(out, path), paths)]
    report.check(not hard, case, f"{result.describe()} and leaves debris", hard)
    if snap != s_old and snap != s_new:
        next_build_is_clean(args, report, case, new, out, s_new, "OUT was left changed")


def run_kill_case(args, report, case, call, new, broken, out, s_old, s_new, single):
    injection = f"inject={call.name}:signal=KILL:when={call.k}"
    result = lib.publish_build(args, new, out, *single, timeout=60,
                               prefix=["strace", "-f", "-qq", "-o", "/dev/null",
                                       "-e", f"trace={call.name}", "-e", injection])
    if result.rc != -9:
        report.note(case, f"the call was not reached: the build {result.describe()}")
    snap = lib.snapshot(out)
    mid_swap = os.path.lexists(os.path.join(out, ".publish", "swap"))
    if not mid_swap:
        outcome = lib.which_build(snap, s_old, s_new)
        report.check(outcome is not None, case,
                     "killed with no swap journal, and OUT is neither wholly old nor wholly new",
                     ["against old: " + "; ".join(lib.differences(lib.view(snap), lib.view(s_old), 3)),
                      "against new: " + "; ".join(lib.differences(lib.view(snap), lib.view(s_new), 3))])
    if snap in (s_old, s_new):
        return  # nothing to recover: the baseline checks cover builds over S_old and S_new
    recovery = lib.publish_build(args, broken, out)
    snap = lib.snapshot(out)
    report.check(recovery.rc == 1, case, f"the next build (a content error) after the kill gives "
                 f"{recovery.describe()}, not exit 1", [recovery.stderr_tail()])
    outcome = lib.which_build(snap, s_old, s_new)
    report.check(outcome is not None, case,
                 "after the kill and the next build (content error), OUT is neither wholly old nor wholly new",
                 ["against old: " + "; ".join(lib.differences(lib.view(snap), lib.view(s_old), 3)),
                  "against new: " + "; ".join(lib.differences(lib.view(snap), lib.view(s_new), 3))])
    report.check(not lib.debris(snap), case, "after the kill, the next build (content error) leaves debris",
                 lib.debris(snap))
    good = lib.publish_build(args, new, out)
    snap = lib.snapshot(out)
    report.check(good.rc == 0 and snap == s_new, case,
                 f"after the kill and a content-error build, a good build gives {good.describe()} and OUT is "
                 "not exactly the new build", lib.differences(snap, s_new) + [good.stderr_tail()])


if __name__ == "__main__":
    main()
