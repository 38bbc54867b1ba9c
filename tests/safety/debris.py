#!/usr/bin/env python3
"""What earlier builds left behind is removed by the next build; the marker lists what the tool wrote.

Over the old build, each of these leftovers (no build running, the lock
free) must be gone after the next build, a good one (exit 0, OUT exactly the
new build) and one with a content error (exit 1, OUT exactly the old build,
leftovers gone too):

- `OUT/.publish-staging-PID/` and `OUT/.publish-old-PID/` of an older version
  (a dead PID);
- `OUT/.publish/staging-PID/` of a killed build (a dead PID, and the PID of a
  live process that is not a build: the free lock proves no build runs).

The marker: after a build of public, text and audio, `.publish/output`
names exactly those folders, one per line (lines starting with # are
comments); after a build of public alone it
still names text and audio (they are still the tool's), so a later build
of all three into the same OUT is not refused.
"""

import os

import safetylib as lib

DEAD_PID = 4194000  # above any pid_max in use: never a live process


def leftovers(pair):
    live = os.getpid()
    return [
        ("an older version's .publish-staging-PID", [f".publish-staging-{DEAD_PID}/public/index.html"]),
        ("an older version's .publish-old-PID", [f".publish-old-{DEAD_PID}/text/index.txt"]),
        ("a killed build's .publish/staging-PID", [f".publish/staging-{DEAD_PID}/audio/index.ssml"]),
        ("a .publish/staging-PID named after a live process that is not a build",
         [f".publish/staging-{live}/public/index.html"]),
        ("all of them at once", [f".publish-staging-{DEAD_PID}/public/index.html",
                                 f".publish-old-{DEAD_PID}/text/index.txt",
                                 f".publish/staging-{DEAD_PID + 1}/audio/index.ssml"]),
    ]


def marker_lines(out):
    try:
        with open(os.path.join(out, ".publish", "output"), encoding="utf-8") as handle:
            return [line for line in handle.read().split("\n") if line and not line.startswith("#")]
    except OSError:
        return None


def main():
    args = lib.arguments(__doc__.splitlines()[0])
    report = lib.Report("debris")
    root = lib.temp_folder(args, "debris")
    pair = lib.Pair(args, report, root)
    if not pair.ok:
        report.finish()

    for label, files in leftovers(pair):
        for site, expected, exit_code, kind in ((pair.new, pair.s_new, 0, "a good build"),
                                                (pair.broken, pair.s_old, 1, "a build with a content error")):
            case = f"{label}, then {kind}"
            report.case()
            pair.restore_old()
            for relative in files:
                lib.write_file(os.path.join(pair.out, relative), "left over by an earlier build\n")
            result = lib.publish_build(args, site, pair.out)
            snap = lib.snapshot(pair.out)
            report.check(result.rc == exit_code, case, f"gives {result.describe()}, not exit {exit_code}",
                         [result.stderr_tail()])
            report.check(snap == expected, case, "OUT is not exactly the expected build (leftovers stay?)",
                         lib.differences(snap, expected))

    case = "the marker after a build of public, text and audio"
    report.case()
    pair.restore_old()
    lines = marker_lines(pair.out)
    report.check(lines is not None and sorted(lines) == sorted(lib.CHANNELS), case,
                 f".publish/output holds {lines!r}, not the three channel names one per line")
    case = "the marker after a build of public alone"
    report.case()
    result = lib.publish_build(args, pair.new, pair.out, channels=("public",))
    lines = marker_lines(pair.out) or []
    report.check(result.rc == 0, case, f"gives {result.describe()}", [result.stderr_tail()])
    report.check(set(lib.CHANNELS) <= set(lines), case,
                 f".publish/output holds {lines!r}: text and audio are still the tool's")
    case = "all three channels after a build of public alone"
    report.case()
    result = pair.build_new()
    snap = lib.snapshot(pair.out)
    report.check(result.rc == 0 and snap == pair.s_new, case,
                 f"gives {result.describe()} and OUT is not exactly the new build",
                 lib.differences(snap, pair.s_new) + [result.stderr_tail()])
    report.finish()


if __name__ == "__main__":
    main()
