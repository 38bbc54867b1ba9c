#!/usr/bin/env python3
"""A swap that fails half way is undone: exit 2, OUT byte-identical to before, no debris.

- A busy mount: a tmpfs mounted on OUT/text, then on OUT/audio (root), so
  renaming that channel folder fails with EBUSY after the channels before it
  were swapped.
- An immutable channel folder (chattr +i on OUT/text, then OUT/audio; root).
- Injected: each rename of the swap (every rename-family call under OUT in
  a traced build) fails with EBUSY, then with EXDEV; and from that rename on
  every rename fails (EPERM, `when=k+`), so the undo fails too: then either
  OUT is wholly old, or OUT/.publish/swap is left and the next build (one
  with a content error, exit 1) recovers OUT to wholly old or new with no
  debris, and a good build gives exactly the new build.
"""

import os
import shutil
import subprocess

import safetylib as lib
import syscalls

SWAP_CALLS = ("rename", "renameat", "renameat2")


def expect_unchanged(pair, case, result, before):
    report = pair.report
    snap = lib.snapshot(pair.out)
    report.check(result.rc == 2, case, f"gives {result.describe()}, not exit 2", [result.stderr_tail()])
    report.check(lib.has_diagnostic(result.stderr), case, "fails without a diagnostic", [result.stderr_tail()])
    report.check(snap == before, case, "OUT is not byte-identical to before", lib.differences(snap, before))
    return snap


def busy_mounts(args, pair):
    report = pair.report
    for channel in ("text", "audio"):
        case = f"a mount on OUT/{channel}"
        report.case()
        pair.restore_old()
        folder = os.path.join(pair.out, channel)
        aside = folder + ".aside"
        os.rename(folder, aside)
        os.mkdir(folder)
        lib.mount_tmpfs(folder, "size=4m,mode=755")
        for name in os.listdir(aside):
            source = os.path.join(aside, name)
            if os.path.isdir(source):
                shutil.copytree(source, os.path.join(folder, name), symlinks=True)
            else:
                shutil.copy2(source, folder)
        shutil.rmtree(aside)
        before = lib.snapshot(pair.out)
        result = pair.build_new()
        expect_unchanged(pair, case, result, before)
        subprocess.run(["umount", folder], capture_output=True, timeout=30)


def immutable_folders(args, pair):
    report = pair.report
    if shutil.which("chattr") is None:
        report.note("immutable", "skipped: no chattr")
        return
    for channel in ("text", "audio"):
        case = f"an immutable OUT/{channel}"
        report.case()
        pair.restore_old()
        folder = os.path.join(pair.out, channel)
        done = subprocess.run(["chattr", "+i", folder], capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            report.note(case, f"skipped: chattr +i fails here: {done.stderr.strip()}")
            return
        lib.on_exit(lambda folder=folder: subprocess.run(["chattr", "-i", folder], capture_output=True, timeout=30))
        before = lib.snapshot(pair.out)
        result = pair.build_new()
        expect_unchanged(pair, case, result, before)
        subprocess.run(["chattr", "-i", folder], capture_output=True, timeout=30)


def injected(args, pair, root):
    report = pair.report
    log = os.path.join(root, "strace.log")
    pair.restore_old()
    result = pair.build_new("--jobs", "1", prefix=["strace", "-f", "-qq", "-y", "-s", "4096", "-o", log],
                            timeout=120)
    if not report.check(result.rc == 0 and lib.snapshot(pair.out) == pair.s_new, "injected",
                        f"the traced build is wrong: {result.describe()}", [result.stderr_tail()]):
        return
    calls = syscalls.parse_log(log)
    main_tid = calls[0].tid
    start = syscalls.build_phase(calls, [pair.new, pair.out])
    swaps = [call for call in calls[start:]
             if call.tid == main_tid and call.name in SWAP_CALLS and syscalls.touches(call, pair.out)]
    if not report.check(swaps, "injected", "the traced build renames nothing under OUT"):
        return
    for call in swaps:
        for errno, when, what in (("EBUSY", f"{call.k}", "fails"), ("EXDEV", f"{call.k}", "fails"),
                                  ("EPERM", f"{call.k}+", "and every rename after it fail")):
            case = f"{call.name} #{call.k} {what} with {errno} [{call.short()}]"
            report.case()
            pair.restore_old()
            result = pair.build_new("--jobs", "1", timeout=60, prefix=[
                "strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={call.name}",
                "-e", f"inject={call.name}:error={errno}:when={when}"])
            snap = lib.snapshot(pair.out)
            if result.rc == 0:
                report.check(snap == pair.s_new, case, "exit 0 and OUT is not exactly the new build",
                             lib.differences(snap, pair.s_new))
                continue
            report.check(result.rc == 2, case, f"gives {result.describe()}, not exit 2", [result.stderr_tail()])
            report.check(lib.has_diagnostic(result.stderr), case, "fails without a diagnostic",
                         [result.stderr_tail()])
            journal = os.path.lexists(os.path.join(pair.out, ".publish", "swap"))
            if when.endswith("+") and journal:
                # The undo could not be done: the journal must let the next build recover.
                pair.check_after_kill(case, check_now=False)
                continue
            report.check(snap == pair.s_old, case, "OUT is not byte-identical to before",
                         lib.differences(snap, pair.s_old))
            if snap != pair.s_old:
                good = pair.build_new()
                after = lib.snapshot(pair.out)
                report.check(good.rc == 0 and after == pair.s_new, case,
                             f"and the next build gives {good.describe()} without cleaning up",
                             lib.differences(after, pair.s_new))


def main():
    args = lib.arguments(__doc__.splitlines()[0])
    report = lib.Report("swap_failure")
    root = lib.temp_folder(args, "swap")
    pair = lib.Pair(args, report, root)
    if not pair.ok:
        report.finish()
    if os.geteuid() == 0:
        busy_mounts(args, pair)
        immutable_folders(args, pair)
    else:
        report.note("mounts", "skipped: the busy-mount and immutable-folder cases need root")
    if shutil.which("strace"):
        injected(args, pair, root)
    else:
        report.note("injected", "skipped: strace is not installed")
    report.finish()


if __name__ == "__main__":
    main()
