#!/usr/bin/env python3
"""A nearly full file system under OUT: exit 2 with a diagnostic, previous output byte-identical.

A tmpfs (root only; skipped otherwise) is mounted for the test as OUT's file
system. Build 1 (small) succeeds into it; then a filler file leaves only a
little space, and build 2 cannot fit:

- a site with one big content asset (larger than the space left);
- a site of many small pages, each output file far smaller than a stream
  buffer (issue 7: these came out as 0 bytes with exit 0);
- a tmpfs short of inodes rather than of blocks (ENOSPC from creating files).

Build 2 must exit 2 with a diagnostic, leave OUT byte-identical to build 1
and leave no debris. With the filler removed, build 2 then succeeds and OUT
is exactly a clean build of it.
"""

import os

import safetylib as lib

KIB = 1024


def free_bytes(path):
    info = os.statvfs(path)
    return info.f_bavail * info.f_frsize


def free_inodes(path):
    return os.statvfs(path).f_favail


def fill(mount, leave_bytes):
    """Allocates a filler file so that about leave_bytes stay free; returns its path."""
    filler = os.path.join(mount, "filler")
    size = free_bytes(mount) - leave_bytes
    if size > 0:
        with open(filler, "wb") as handle:
            os.posix_fallocate(handle.fileno(), 0, size)
    return filler


def use_inodes(mount, leave):
    folder = os.path.join(mount, "inodes")
    os.makedirs(folder, exist_ok=True)
    number = 0
    while free_inodes(mount) > leave:
        open(os.path.join(folder, f"{number}"), "wb").close()
        number += 1
    return folder


def main():
    args = lib.arguments(__doc__.splitlines()[0])
    lib.require_root("the disk-full test")
    report = lib.Report("disk_full")
    root = lib.temp_folder(args, "full")
    old = lib.make_site(os.path.join(root, "old"), "old")
    every = lib.CHANNELS
    cases = [
        ("a big content asset that cannot fit", dict(asset_bytes=600 * KIB), every, "size=4m", 128 * KIB, None),
        ("many small pages, each far smaller than a stream buffer", dict(extra_pages=80, page_bytes=200),
         every, "size=4m", 96 * KIB, None),
        ("only small text files (the text channel alone)", dict(extra_pages=80, page_bytes=200),
         ("text",), "size=4m", 96 * KIB, None),
        ("no inodes left", dict(extra_pages=30, page_bytes=200), every, "size=8m,nr_inodes=400", None, 12),
    ]
    for number, (case, site_options, channels, mount_options, leave_bytes, leave_inodes) in enumerate(cases):
        report.case()
        new = lib.make_site(os.path.join(root, f"new-{number}"), "new", **site_options)
        reference = os.path.join(root, f"ref-{number}")
        result = lib.publish_build(args, new, reference, channels=channels)
        if not report.check(result.rc == 0, case, f"setup: the site gives {result.describe()}",
                            [result.stderr_tail()]):
            continue
        s_new = lib.snapshot(reference)
        mount = os.path.join(root, f"mnt-{number}")
        lib.mount_tmpfs(mount, mount_options)
        out = os.path.join(mount, "out")
        result = lib.publish_build(args, old, out, channels=channels)
        if not report.check(result.rc == 0, case, f"build 1 (small) gives {result.describe()}",
                            [result.stderr_tail()]):
            continue
        s_old = lib.snapshot(out)
        if leave_bytes is not None:
            filler = fill(mount, leave_bytes)
            filled = f"{free_bytes(mount) // KIB} KiB free"
        else:
            filler = use_inodes(mount, leave_inodes)
            filled = f"{free_inodes(mount)} inodes free"
        result = lib.publish_build(args, new, out, channels=channels)
        snap = lib.snapshot(out)
        report.check(result.rc == 2, case, f"build 2 gives {result.describe()}, not exit 2 ({filled})",
                     [result.stderr_tail()])
        report.check(lib.has_diagnostic(result.stderr), case, "build 2 failed without a diagnostic",
                     [result.stderr_tail()])
        report.check(snap == s_old, case, "OUT is not byte-identical to build 1", lib.differences(snap, s_old))
        report.check(not lib.debris(snap), case, "build 2 leaves debris", lib.debris(snap))
        empty = [path for path, (kind, _mode, payload) in snap.items() if kind == "file" and not payload
                 and not (path in s_old and s_old[path][2] == b"")]
        report.check(not empty, case, "OUT holds empty files", empty[:5])
        # Room again: the same build succeeds.
        if os.path.isdir(filler):
            lib._force_remove(filler)
        elif os.path.exists(filler):
            os.unlink(filler)
        result = lib.publish_build(args, new, out, channels=channels)
        snap = lib.snapshot(out)
        report.check(result.rc == 0 and snap == s_new, case,
                     f"with room again, build 2 gives {result.describe()} and OUT is not exactly its clean build",
                     lib.differences(snap, s_new) + [result.stderr_tail()])
    report.finish()


if __name__ == "__main__":
    main()
