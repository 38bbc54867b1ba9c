#!/usr/bin/env python3
"""A read cut short is an error, never a truncated copy with exit 0; a FIFO never hangs a build.

The NEW site's content asset (content/bins/sizes.csv) is 1 MiB. Under
`strace -P ASSET -e inject=read,...` (only calls on that file's descriptor):
the first read fails with EIO; the second read (the file cut short after
its first chunk) fails with EIO; the first read, then the second, returns 0
(end of file before the size fstat gave). Each: exit 0 only with OUT exactly
the new build (the asset whole), otherwise a non-zero exit with a diagnostic
and OUT byte-identical to the old build.

Then a FIFO in place of the content asset, of a static file, of a page and
of site.yaml (nobody writes to it): the build ends within 20 s, non-zero,
with a diagnostic naming the file, OUT byte-identical to before.
"""

import os
import shutil

import safetylib as lib

READS = "read,pread64,readv,preadv,preadv2,copy_file_range,sendfile,splice"
ASSET = os.path.join("content", "bins", "sizes.csv")


def main():
    args = lib.arguments(__doc__.splitlines()[0])
    report = lib.Report("read_fault")
    root = lib.temp_folder(args, "read")
    pair = lib.Pair(args, report, root, asset_bytes=1 << 20)
    if not pair.ok:
        report.finish()
    asset = os.path.join(pair.new, ASSET)
    log = os.path.join(root, "strace.log")

    if shutil.which("strace") is None:
        report.note("injected reads", "skipped: strace is not installed")
    else:
        for when, fault, what in (("1", "error=EIO", "the first read fails with EIO"),
                                  ("2", "error=EIO", "the second read fails with EIO (cut short)"),
                                  ("1", "retval=0", "the first read returns end of file"),
                                  ("2", "retval=0", "the second read returns end of file (cut short)")):
            case = f"content asset: {what}"
            report.case()
            pair.restore_old()
            result = pair.build_new("--jobs", "1", timeout=60, prefix=[
                "strace", "-f", "-qq", "-y", "-o", log, "-P", asset, "-e", f"trace={READS}",
                "-e", f"inject={READS}:{fault}:when={when}"])
            with open(log, encoding="utf-8", errors="replace") as handle:
                injected = [line for line in handle if "(INJECTED)" in line]
            snap = lib.snapshot(pair.out)
            if not injected:
                report.note(case, f"not reached: the asset had fewer reads ({result.describe()})")
            if result.rc == 0:
                report.check(snap == pair.s_new, case, "exit 0 and OUT is not exactly the new build "
                             "(a truncated copy?)", lib.differences(snap, pair.s_new))
                continue
            report.check(result.rc in (1, 2), case, f"the build {result.describe()}", [result.stderr_tail()])
            report.check(lib.has_diagnostic(result.stderr), case, "fails without a diagnostic",
                         [result.stderr_tail()])
            report.check(snap == pair.s_old, case, "OUT is not byte-identical to before",
                         lib.differences(snap, pair.s_old))

    for label, relative in (("the content asset", ASSET), ("a static file", os.path.join("static", "images", "map.svg")),
                            ("a page", os.path.join("content", "help.md")), ("site.yaml", "site.yaml")):
        case = f"a FIFO as {label}"
        report.case()
        site = os.path.join(root, "fifo-site")
        lib.copy_tree(pair.new, site)
        path = os.path.join(site, relative)
        os.unlink(path)
        os.mkfifo(path)
        pair.restore_old()
        result = lib.publish_build(args, site, pair.out, timeout=20)
        snap = lib.snapshot(pair.out)
        report.check(result.rc in (1, 2), case, f"the build {result.describe()}, not exit 1 or 2",
                     [result.stderr_tail()])
        report.check(lib.has_diagnostic(result.stderr) and os.path.basename(relative) in result.stderr, case,
                     "no diagnostic naming the file", [result.stderr_tail()])
        report.check(snap == pair.s_old, case, "OUT is not byte-identical to before",
                     lib.differences(snap, pair.s_old))
    report.finish()


if __name__ == "__main__":
    main()
