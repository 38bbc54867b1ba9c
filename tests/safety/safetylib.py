"""Shared helpers of the output-safety tests (tests/safety/README.md).

Standard library only. Every test script imports this module, generates its
own small sites in a temporary folder, runs the real `publish` binary and
compares full snapshots of the output folder.
"""

import argparse
import atexit
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

# ctest's SKIP_RETURN_CODE for the safety tests.
SKIP = 77

EPOCH = "1767225600"  # 2026-01-01: every build of a site is byte-identical
CHANNELS = ("public", "text", "audio")
# Channel folders any version of the tool may write at the top of OUT.
KNOWN_CHANNELS = {"public", "intranet", "kiosk", "text", "audio"}
TOOL_FILES = {".publish", ".publish/lock", ".publish/output"}

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# --------------------------------------------------------------------------
# Command line, skipping, temporary folders


def arguments(description, extra=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--publish", default=os.environ.get("PUBLISH", os.path.join(REPO, "build", "cli", "publish")),
                        help="the publish binary (default: $PUBLISH or build/cli/publish)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where it is")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case as it runs")
    if extra:
        extra(parser)
    args = parser.parse_args()
    args.publish = os.path.abspath(args.publish)
    if not os.access(args.publish, os.X_OK):
        print(f"safety: no publish binary at {args.publish} (build first, or pass --publish)", file=sys.stderr)
        sys.exit(2)
    return args


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(SKIP)


def require_root(what):
    if os.geteuid() != 0:
        skip(f"{what} needs root (mount); CI runs the safety tests as root")


def require_strace():
    if shutil.which("strace") is None:
        skip("strace is not installed (scripts/setup installs it)")


_cleanups = []
_running = set()  # processes started by run() and start(): killed first when the test ends


def _kill_running():
    for process in list(_running):
        if process.poll() is None:
            _kill_group(process)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
    _running.clear()


def _run_cleanups():
    _kill_running()
    while _cleanups:
        action = _cleanups.pop()
        try:
            action()
        except Exception as error:  # cleanup must go on whatever happens
            print(f"safety: cleanup failed: {error}", file=sys.stderr)


atexit.register(_run_cleanups)


def _die_cleanly(signum, _frame):
    _run_cleanups()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


for _signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_signum, _die_cleanly)


def on_exit(action):
    """Runs action when the test ends, however it ends (except SIGKILL)."""
    _cleanups.append(action)


def _force_remove(path):
    def make_writable(function, failed, _info):
        try:
            os.chmod(os.path.dirname(failed), 0o755)
            os.chmod(failed, 0o755)
        except OSError:
            pass
        function(failed)

    if os.path.lexists(path):
        shutil.rmtree(path, onerror=make_writable)


def temp_parent():
    """$SAFETY_TMPDIR, else /dev/shm (a tmpfs: builds are I/O-bound on a shared disk), else $TMPDIR."""
    wanted = os.environ.get("SAFETY_TMPDIR")
    if wanted:
        return wanted
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
        return "/dev/shm"
    return None


def temp_folder(args, name):
    path = tempfile.mkdtemp(prefix=f"publish-safety-{name}-", dir=temp_parent())
    if args.keep:
        on_exit(lambda: print(f"safety: kept {path}", file=sys.stderr))
    else:
        on_exit(lambda: _force_remove(path))
    return path


def mount_tmpfs(path, options):
    """Mounts a tmpfs at path (root only) and unmounts it when the test ends."""
    os.makedirs(path, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path], capture_output=True, text=True,
                            timeout=30)
    if result.returncode != 0:
        skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")

    def unmount():
        if subprocess.run(["umount", path], capture_output=True, timeout=30).returncode != 0:
            subprocess.run(["umount", "-l", path], capture_output=True, timeout=30)

    on_exit(unmount)


# --------------------------------------------------------------------------
# Running commands: every one has a timeout and dies with its children


class Run:
    def __init__(self, command, returncode, stdout, stderr, seconds):
        self.command = command
        self.rc = returncode  # an int, negative for a signal, or "timeout"
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds

    def describe(self):
        if self.rc == "timeout":
            return "did not finish (timeout)"
        if isinstance(self.rc, int) and self.rc < 0:
            return f"died by {signal.Signals(-self.rc).name}"
        return f"exit {self.rc}"

    def stderr_tail(self, lines=4):
        text = self.stderr.strip().splitlines()
        return " | ".join(text[-lines:]) if text else "(stderr empty)"


def build_env(extra=None):
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = EPOCH
    env.setdefault("LC_ALL", "C.UTF-8")
    if extra:
        env.update(extra)
    return env


def run(command, timeout=60, env=None, cwd=None, stdin=subprocess.DEVNULL):
    started = time.monotonic()
    process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or build_env(),
                               cwd=cwd, start_new_session=True)
    _running.add(process)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        rc = process.returncode
    except subprocess.TimeoutExpired:
        _kill_group(process)
        stdout, stderr = process.communicate()
        rc = "timeout"
    finally:
        _running.discard(process)
    return Run(command, rc, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"),
               time.monotonic() - started)


def _kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def start(command, env=None, cwd=None):
    """Starts a command in its own process group; finish() collects it."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env or build_env(), cwd=cwd, start_new_session=True)
    process.started = time.monotonic()
    _running.add(process)
    return process


def finish(process, timeout=60):
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        rc = process.returncode
    except subprocess.TimeoutExpired:
        _kill_group(process)
        stdout, stderr = process.communicate()
        rc = "timeout"
    finally:
        _running.discard(process)
    return Run(process.args, rc, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"),
               time.monotonic() - process.started)


def publish_build(args, site, out, *extra, timeout=60, channels=CHANNELS, prefix=(), env=None):
    command = list(prefix) + [args.publish, "build", site]
    if out is not None:
        command += ["--out", out]
    for channel in channels:
        command += ["--channel", channel]
    command += list(extra)
    return run(command, timeout=timeout, env=env)


# --------------------------------------------------------------------------
# Sites: small, generated, two versions that differ in every channel


PAGES_OLD = {
    "_index.md": ("Testville Council", "Council services for Testville.",
                  "Welcome to Testville. This is the old build.\n\n## Popular\n\n"
                  "- [Bin collection days](bins/collection-days.md)\n- [Old rounds](bins/old-rounds.md)\n"),
    "help.md": ("Help", "How to get help.", "Call us on [01632 960 500](tel:+441632960500).\n"),
    "accessibility.md": ("Accessibility statement", "How accessible this website is.",
                         "Tell us about a problem on [the help page](help.md).\n"),
    "bins/_index.md": ("Bins", "Bin collections.", "Everything about your bins.\n"),
    "bins/collection-days.md": ("Bin collection days", "When your bins are collected.",
                                "Bins are collected every week. See [the bin sizes](sizes.csv).\n\n"
                                "![Map of the collection rounds](/images/map.svg)\n"),
    "bins/old-rounds.md": ("Old collection rounds", "The rounds before 2026.", "The old rounds ran on Mondays.\n"),
}

PAGES_NEW = {
    "_index.md": ("Testville Council", "Council services for Testville, rebuilt.",
                  "Welcome to Testville. This is the NEW build.\n\n## Popular\n\n"
                  "- [Bin collection days](bins/collection-days.md)\n- [Garden waste](bins/garden-waste.md)\n"),
    "help.md": ("Help", "How to get help.", "Call us on [01632 960 501](tel:+441632960501).\n"),
    "accessibility.md": ("Accessibility statement", "How accessible this website is.",
                         "Tell us about a problem on [the help page](help.md).\n"),
    "bins/_index.md": ("Bins and recycling", "Bin collections and recycling.", "Everything about your bins.\n"),
    "bins/collection-days.md": ("Bin collection days", "When your bins are collected.",
                                "Bins are collected every fortnight. See [the bin sizes](sizes.csv).\n\n"
                                "![Map of the collection rounds](/images/map.svg)\n"),
    "bins/garden-waste.md": ("Garden waste", "Brown bin collections.", "Brown bins are collected in summer.\n"),
}


def write_file(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data.encode() if isinstance(data, str) else data)


def page_text(title, summary, body, extra_front_matter=""):
    return f"---\ntitle: {title}\nsummary: {summary}\n{extra_front_matter}---\n\n{body}"


def make_site(root, version="old", broken=False, extra_pages=0, page_bytes=0, asset_bytes=0):
    """Writes a site into root and returns root.

    version "old" or "new" (they differ in every channel: changed, added and
    removed pages, a changed content asset and a changed static file);
    broken adds an unknown front-matter key (exit 1, output untouched);
    extra_pages adds pages under more/ of about page_bytes of text each;
    asset_bytes makes the content asset that big.
    """
    shutil.rmtree(root, ignore_errors=True)
    write_file(os.path.join(root, "site.yaml"),
               "title: Testville Council\nbase_url: https://www.testville.example.gov.uk/\nlanguage: en-GB\n")
    pages = PAGES_OLD if version == "old" else PAGES_NEW
    for path, (title, summary, body) in pages.items():
        extra = "colour: red\n" if broken and path == "help.md" else ""
        write_file(os.path.join(root, "content", path), page_text(title, summary, body, extra))
    asset = "size,litres\nsmall,140\nlarge,240\n" if version == "old" else "size,litres\nsmall,180\nlarge,240\nhuge,360\n"
    if asset_bytes:
        line = "row,0123456789abcdef0123456789abcdef0123456789abcdef\n"
        asset += line * (asset_bytes // len(line) + 1)
        asset = asset[:asset_bytes]
    write_file(os.path.join(root, "content", "bins", "sizes.csv"), asset)
    colour = "green" if version == "old" else "blue"
    write_file(os.path.join(root, "static", "images", "map.svg"),
               f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>map</title>'
               f'<rect width="10" height="10" fill="{colour}"/></svg>\n')
    if extra_pages:
        write_file(os.path.join(root, "content", "more", "_index.md"),
                   page_text("More", "More pages.", "More pages for a bigger site.\n"))
        sentence = f"Page text of the {version} build, long enough to wrap in the text channel. "
        for number in range(extra_pages):
            body = (sentence * max(1, page_bytes // len(sentence))) + "\n"
            write_file(os.path.join(root, "content", "more", f"page-{number:04d}.md"),
                       page_text(f"Page {number}", f"Extra page {number}.", body))
    return root


# --------------------------------------------------------------------------
# Snapshots: every path, file type, permission bits, bytes and link target


def snapshot(root, skip_lock=True):
    """{relative path: (kind, mode, payload)} for everything under root."""
    result = {}

    def walk(folder, prefix):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            result[prefix or "."] = ("unreadable", 0, str(error))
            return
        for entry in entries:
            relative = prefix + entry.name
            if skip_lock and relative == ".publish/lock":
                continue
            info = entry.stat(follow_symlinks=False)
            mode = stat.S_IMODE(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                result[relative] = ("symlink", 0, os.readlink(entry.path))
            elif stat.S_ISDIR(info.st_mode):
                result[relative] = ("dir", mode, None)
                walk(entry.path, relative + "/")
            elif stat.S_ISREG(info.st_mode):
                try:
                    with open(entry.path, "rb") as handle:
                        result[relative] = ("file", mode, handle.read())
                except OSError as error:
                    result[relative] = ("unreadable", mode, str(error))
            else:
                result[relative] = ("special", mode, stat.S_IFMT(info.st_mode))

    if os.path.lexists(root):
        if os.path.isdir(root) and not os.path.islink(root):
            walk(root, "")
        else:
            result["."] = ("not a folder", 0, None)
    return result


def is_tool_path(relative):
    """A path a finished build may leave in OUT: channel folders, .publish/{lock,output}."""
    return relative.split("/")[0] in KNOWN_CHANNELS or relative in TOOL_FILES


def view(snap):
    """The part of a snapshot that is output: channel folders and the marker."""
    return {path: value for path, value in snap.items() if is_tool_path(path)}


def channels_only(snap):
    return {path: value for path, value in snap.items() if path.split("/")[0] in KNOWN_CHANNELS}


def debris(snap):
    """Top-most paths in OUT that a finished build must not leave."""
    found = []
    for path in sorted(snap):
        if is_tool_path(path):
            continue
        if any(path.startswith(parent + "/") for parent in found):
            continue
        found.append(path)
    return found


def _describe_value(value):
    kind, mode, payload = value
    if kind == "file":
        return f"file {len(payload)} bytes mode {mode:o}"
    if kind == "dir":
        return f"folder mode {mode:o}"
    return f"{kind} {payload!r}"


def differences(actual, expected, limit=5):
    """Human-readable differences of two snapshots, at most limit of them."""
    lines = []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(path for path in set(actual) & set(expected) if actual[path] != expected[path])
    for path in missing:
        lines.append(f"missing {path}")
    for path in extra:
        lines.append(f"unexpected {path}")
    for path in changed:
        lines.append(f"differs {path}: {_describe_value(actual[path])}, expected {_describe_value(expected[path])}")
    if len(lines) > limit:
        lines = lines[:limit] + [f"... {len(lines) - limit} more"]
    return lines


def which_build(snap, old, new):
    """'old', 'new' or None: is the output (channel folders + marker) wholly one build?"""
    current = view(snap)
    if current == view(old):
        return "old"
    if current == view(new):
        return "new"
    return None


def copy_tree(source, target):
    _force_remove(target)
    shutil.copytree(source, target, symlinks=True)


# --------------------------------------------------------------------------
# Reporting


class Report:
    """Collects failures; prints each at once and a summary at the end."""

    def __init__(self, name):
        self.name = name
        self.failures = []  # (case, message)
        self.notes = []
        self.cases = 0
        self.started = time.monotonic()

    def case(self):
        self.cases += 1

    def fail(self, case, message, details=()):
        text = f"FAIL {case}: {message}"
        for line in details:
            text += f"\n    {line}"
        print(text, flush=True)
        self.failures.append((case, message))

    def note(self, case, message):
        self.notes.append(f"{case}: {message}")

    def check(self, condition, case, message, details=()):
        if not condition:
            self.fail(case, message, details)
        return condition

    def finish(self):
        seconds = time.monotonic() - self.started
        if self.notes:
            print(f"{len(self.notes)} notes (not failures):")
            for note in self.notes[:20]:
                print("  " + note)
            if len(self.notes) > 20:
                print(f"  ... {len(self.notes) - 20} more")
        if self.failures:
            kinds = {}
            for case, message in self.failures:
                kind = re.sub(r"\b(exit \d+|died by \w+|did not finish \(timeout\))", "...", message)
                kinds.setdefault(kind, set()).add(case)
            print(f"{self.name}: failures by kind:")
            for kind, cases in sorted(kinds.items(), key=lambda item: -len(item[1])):
                print(f"  {len(cases):4d} x {kind}")
            failing = len({case for case, _message in self.failures})
            print(f"{self.name}: {failing} of {self.cases} cases failed ({seconds:.1f} s)")
            sys.exit(1)
        print(f"{self.name}: all {self.cases} cases passed ({seconds:.1f} s)")
        sys.exit(0)


def expect_clean(report, case, out, expected, what):
    """OUT equals the expected snapshot (but for .publish/lock) and holds no debris."""
    snap = snapshot(out)
    ok = report.check(snap == expected, case, f"{what}: the output is not as expected",
                      differences(snap, expected))
    return ok, snap


def has_diagnostic(text, check_id=None):
    if check_id is not None:
        return f"[{check_id}]" in text
    return "error" in text


# --------------------------------------------------------------------------
# Tracing: find the traced build under strace, see it held in a delayed call


def tracee_of(strace_process, binary, timeout=10):
    """The pid of the traced build (strace's child running binary), or None."""
    deadline = time.monotonic() + timeout
    binary = os.path.realpath(binary)
    while time.monotonic() < deadline and strace_process.poll() is None:
        try:
            with open(f"/proc/{strace_process.pid}/task/{strace_process.pid}/children") as handle:
                for child in handle.read().split():
                    try:
                        if os.path.realpath(os.readlink(f"/proc/{child}/exe")) == binary:
                            return int(child)
                    except OSError:
                        pass
        except OSError:
            pass
        time.sleep(0.002)
    return None


def wait_held(pid, process, steady=0.12, timeout=20):
    """Waits until pid has been in a tracing stop for `steady` seconds: held by
    strace's delay_enter in the chosen call (ordinary stops last microseconds)."""
    deadline = time.monotonic() + timeout
    since = None
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        now = time.monotonic()
        if state == "t":
            since = since or now
            if now - since >= steady:
                return True
        else:
            since = None
        time.sleep(0.004)
    return False


# --------------------------------------------------------------------------
# The old/new fixture most tests share


class Pair:
    """OLD, NEW and BROKEN sites; S_old built into OUT (kept in pristine-old), S_new built elsewhere."""

    def __init__(self, args, report, root, **site_options):
        self.args = args
        self.report = report
        self.root = root
        self.old = make_site(os.path.join(root, "old"), "old", **site_options)
        self.new = make_site(os.path.join(root, "new"), "new", **site_options)
        self.broken = make_site(os.path.join(root, "broken"), "new", broken=True, **site_options)
        self.out = os.path.join(root, "out")
        self.pristine_old = os.path.join(root, "pristine-old")
        self.ref_new = os.path.join(root, "ref-new")
        self.ok = False
        for attempt in ("", "-again"):
            result = publish_build(args, self.new, self.ref_new + attempt, timeout=120)
            if result.rc != 0:
                report.fail("setup", f"the NEW site does not build: {result.describe()}", [result.stderr_tail()])
                return
        self.s_new = snapshot(self.ref_new)
        again = snapshot(self.ref_new + "-again")
        if again != self.s_new:
            report.fail("setup", "two builds of the same site differ (SOURCE_DATE_EPOCH is set)",
                        differences(again, self.s_new))
            return
        result = publish_build(args, self.old, self.out, timeout=120)
        if result.rc != 0:
            report.fail("setup", f"the OLD site does not build: {result.describe()}", [result.stderr_tail()])
            return
        self.s_old = snapshot(self.out)
        report.check(debris(self.s_old) == [], "setup", "a build into a new folder leaves debris", debris(self.s_old))
        copy_tree(self.out, self.pristine_old)
        for channel in CHANNELS:
            def part(snap):
                return {p: v for p, v in snap.items() if p.startswith(channel + "/")}
            if not report.check(part(self.s_old) != part(self.s_new), "setup",
                                f"OLD and NEW do not differ in channel {channel}"):
                return
        self.ok = True

    def restore_old(self):
        copy_tree(self.pristine_old, self.out)

    def build_new(self, *extra, **options):
        return publish_build(self.args, self.new, self.out, *extra, **options)

    def wholly(self, snap):
        return which_build(snap, self.s_old, self.s_new)

    def against_both(self, snap):
        return ["against old: " + "; ".join(differences(view(snap), view(self.s_old), 3)),
                "against new: " + "; ".join(differences(view(snap), view(self.s_new), 3))]

    def check_after_kill(self, case, check_now=True):
        """After a SIGKILL: wholly old or new unless mid-swap; a content-error build
        recovers it (exit 1, wholly old or new, no debris); a good build gives S_new."""
        report = self.report
        snap = snapshot(self.out)
        if check_now and not os.path.lexists(os.path.join(self.out, ".publish", "swap")):
            report.check(self.wholly(snap) is not None, case,
                         "killed with no swap journal, and OUT is neither wholly old nor wholly new",
                         self.against_both(snap))
        if snap in (self.s_old, self.s_new):
            return  # nothing to recover; builds over S_old and S_new are tested on their own
        recovery = publish_build(self.args, self.broken, self.out, timeout=120)
        snap = snapshot(self.out)
        report.check(recovery.rc == 1, case, f"the next build (a content error) after the kill gives "
                     f"{recovery.describe()}, not exit 1", [recovery.stderr_tail()])
        report.check(self.wholly(snap) is not None, case,
                     "after the kill and the next build (content error), OUT is neither wholly old nor wholly new",
                     self.against_both(snap))
        report.check(not debris(snap), case, "after the kill, the next build (content error) leaves debris",
                     debris(snap))
        good = self.build_new(timeout=120)
        snap = snapshot(self.out)
        report.check(good.rc == 0 and snap == self.s_new, case,
                     f"after the kill and a content-error build, a good build gives {good.describe()} and OUT is "
                     "not exactly the new build", differences(snap, self.s_new) + [good.stderr_tail()])

    def check_broken_changes_nothing(self):
        """Baseline: BROKEN over S_old and over S_new exits 1 and changes nothing."""
        for name, reference in (("old", self.pristine_old), ("new", self.ref_new)):
            case = f"baseline: a content error over the {name} build"
            self.report.case()
            copy_tree(reference, self.out)
            before = snapshot(self.out)
            result = publish_build(self.args, self.broken, self.out)
            self.report.check(result.rc == 1, case, f"gives {result.describe()}, not exit 1", [result.stderr_tail()])
            after = snapshot(self.out)
            self.report.check(after == before, case, "OUT changed", differences(after, before))
