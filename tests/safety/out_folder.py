#!/usr/bin/env python3
"""`--out` pointed at the wrong places is exit 2 [output-folder] and changes nothing anywhere.

Each wrong place: inside SITE/content (a section holding an editor's
`audio/page.md`, by absolute path, by relative path from the site, through a
symlink, not yet existing), inside SITE/static or SITE/themes, equal to
SITE, an ancestor of SITE (its parent, and `/`), an existing non-empty folder
without `.publish/output`, a folder with the marker holding a channel folder
the marker does not list, a regular file. The whole temporary folder (site
and OUT) is snapshotted before and after and must be identical.

The right places build (exit 0, output equal to a clean build, the site
untouched): the default SITE/_site, a new folder, an empty folder, a folder
the tool wrote before (twice).

`--out /` runs in a private mount namespace with `/` remounted read-only
(root), so a build that does not refuse cannot write to the real root.
"""

import os
import shutil
import subprocess

import safetylib as lib


def main():
    args = lib.arguments(__doc__.splitlines()[0])
    report = lib.Report("out_folder")
    root = lib.temp_folder(args, "out")
    work = os.path.join(root, "work")  # everything a wrong build could touch lives here
    site = lib.make_site(os.path.join(work, "site"), "new")
    lib.write_file(os.path.join(site, "content", "guides", "_index.md"),
                   lib.page_text("Guides", "Guides for residents.", "All our guides.\n"))
    lib.write_file(os.path.join(site, "content", "guides", "audio", "_index.md"),
                   lib.page_text("Audio guides", "Guides to listen to.", "Listen to our guides.\n"))
    lib.write_file(os.path.join(site, "content", "guides", "audio", "page.md"),
                   lib.page_text("Recycling guide", "A guide to recycling.", "An editor wrote this page.\n"))
    os.makedirs(os.path.join(site, "themes"))
    reference = os.path.join(root, "reference")
    result = lib.publish_build(args, site, reference)
    if result.rc != 0:
        report.fail("setup", f"the site does not build: {result.describe()}", [result.stderr_tail()])
        report.finish()
    s_ref = lib.snapshot(reference)
    link = os.path.join(work, "link-to-guides")
    os.symlink(os.path.join(site, "content", "guides"), link)
    pristine = os.path.join(root, "pristine")
    lib.copy_tree(work, pristine)

    def wrong(case, out, cwd=None, prepare=None, check_id="output-folder"):
        """Each case starts from a fresh copy of the work folder."""
        report.case()
        lib.copy_tree(pristine, work)
        if prepare:
            prepare()
        before = lib.snapshot(work)
        command = [args.publish, "build", site if cwd is None else ".", "--out", out]
        for channel in lib.CHANNELS:
            command += ["--channel", channel]
        result = lib.run(command, timeout=60, cwd=cwd)
        after = lib.snapshot(work)
        report.check(result.rc == 2, case, f"gives {result.describe()}, not exit 2",
                     [f"--out {out}", result.stderr_tail()])
        report.check(lib.has_diagnostic(result.stderr, check_id), case,
                     f"no diagnostic {'[' + check_id + ']' if check_id else ''} on stderr", [result.stderr_tail()])
        report.check(after == before, case, "files changed", lib.differences(after, before))

    guides = os.path.join(site, "content", "guides")
    wrong("inside content: a section with an editor's audio/page.md", guides)
    wrong("inside content: relative from the site folder, as an editor would type it", "content/guides", cwd=site)
    wrong("inside content: the content folder itself", os.path.join(site, "content"))
    wrong("inside content: a folder that does not exist yet", os.path.join(site, "content", "new-output"))
    wrong("inside content: a path with .. that leads there",
          os.path.join(site, "static", "..", "content", "guides"))
    wrong("inside content: through a symlink", link)
    wrong("inside static", os.path.join(site, "static"))
    wrong("inside static: a subfolder", os.path.join(site, "static", "images"))
    wrong("inside themes", os.path.join(site, "themes"))
    wrong("equal to the site", site)
    wrong("equal to the site, written with a trailing slash", site + "/")
    wrong("equal to the site, relative", ".", cwd=site)
    wrong("an ancestor of the site: its parent", work)
    wrong("an ancestor of the site: its parent, relative", "..", cwd=site)

    users = os.path.join(work, "users-folder")

    def users_folder():
        lib.write_file(os.path.join(users, "public", "index.html"), "<p>the user's own page</p>\n")
        lib.write_file(os.path.join(users, "text", "letter.txt"), "the user's letter\n")
        lib.write_file(os.path.join(users, "notes.txt"), "the user's notes\n")

    wrong("an existing folder without the marker, holding the user's public/, text/, notes.txt", users,
          prepare=users_folder)
    only_notes = os.path.join(work, "notes-folder")
    wrong("an existing folder without the marker, holding only notes.txt", only_notes,
          prepare=lambda: lib.write_file(os.path.join(only_notes, "notes.txt"), "the user's notes\n"))

    marked = os.path.join(work, "marked")

    def marked_folder():
        result = lib.publish_build(args, site, marked, channels=("public", "text"))
        report.check(result.rc == 0, "setup", f"a build of public and text gives {result.describe()}",
                     [result.stderr_tail()])
        lib.write_file(os.path.join(marked, "audio", "mine.ssml"), "<speak>mine</speak>\n")

    wrong("a folder with the marker, holding a channel folder (audio/) the marker does not list", marked,
          prepare=marked_folder)

    a_file = os.path.join(work, "output.txt")
    wrong("a regular file", a_file, prepare=lambda: lib.write_file(a_file, "not a folder\n"))
    wrong("a folder under a regular file", os.path.join(a_file, "out"),
          prepare=lambda: lib.write_file(a_file, "not a folder\n"), check_id=None)

    lib.copy_tree(pristine, work)
    root_case(args, report, site)

    # The right places.
    def right(case, out, cwd=None, expect_site_change=None):
        report.case()
        before = lib.snapshot(site)
        command = [args.publish, "build", site if cwd is None else "."]
        if out is not None:
            command += ["--out", out]
        for channel in lib.CHANNELS:
            command += ["--channel", channel]
        result = lib.run(command, timeout=60, cwd=cwd)
        report.check(result.rc == 0, case, f"gives {result.describe()}, not exit 0", [result.stderr_tail()])
        target = out if out is not None else os.path.join(site, "_site")
        if cwd is not None and not os.path.isabs(target):
            target = os.path.join(cwd, target)
        got = lib.snapshot(target)
        report.check(got == s_ref, case, "the output is not the clean build", lib.differences(got, s_ref))
        after = lib.snapshot(site)
        if expect_site_change:
            after = {p: v for p, v in after.items() if not (p == "_site" or p.startswith("_site/"))}
            before = {p: v for p, v in before.items() if not (p == "_site" or p.startswith("_site/"))}
        report.check(after == before, case, "the site changed", lib.differences(after, before))

    right("the default SITE/_site", None, expect_site_change=True)
    right("the default SITE/_site again (a folder the tool wrote)", None, expect_site_change=True)
    right("SITE/_site named explicitly", os.path.join(site, "_site"), expect_site_change=True)
    right("the default from inside the site folder", None, cwd=site, expect_site_change=True)
    right("a new folder whose parents do not exist", os.path.join(root, "new", "deeper", "out"))
    empty = os.path.join(root, "empty")
    os.makedirs(empty)
    right("an empty folder", empty)
    right("a folder the tool wrote before", empty)
    report.finish()


def root_case(args, report, site):
    """--out / : refused, and nothing appears at the root."""
    case = "an ancestor of the site: /"
    report.case()
    names = [".publish", "public", "text", "audio"]
    existing = {name for name in names if os.path.lexists("/" + name)}
    command = [args.publish, "build", site, "--out", "/"]
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            report.note(case, "skipped: no unshare to make / read-only")
            return
        probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                                "mount -o remount,bind,ro / && ! touch /.publish-safety-probe 2>/dev/null"],
                               capture_output=True, timeout=30)
        if probe.returncode != 0:
            report.note(case, "skipped: cannot remount / read-only in a private mount namespace")
            return
        quoted = " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)
        command = ["unshare", "-m", "--propagation", "private", "sh", "-c",
                   f"mount -o remount,bind,ro / && exec {quoted}"]
    # Not root: / is not writable anyway, so the build cannot harm it.
    result = lib.run(command, timeout=60)
    report.check(result.rc == 2, case, f"gives {result.describe()}, not exit 2", [result.stderr_tail()])
    report.check(lib.has_diagnostic(result.stderr, "output-folder"), case, "no diagnostic [output-folder] on stderr",
                 [result.stderr_tail()])
    appeared = [name for name in names if os.path.lexists("/" + name) and name not in existing]
    report.check(not appeared, case, "the build wrote at the root", appeared)


if __name__ == "__main__":
    main()
