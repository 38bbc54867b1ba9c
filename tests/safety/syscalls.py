"""The file-system calls of a build, read from an strace log (strace -f -y -s 4096 -o LOG)."""

import os
import re

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


# Calls a build needs in order to remove a folder (remove_all): when one of
# them fails, what it was removing may stay until the next build. A failed
# rename, write, mkdir or sync is no such excuse: the tool can still remove
# its own temporary file or folder.
REMOVING = {"unlink", "unlinkat", "rmdir", "getdents64", "open", "openat", "openat2", "close", "fcntl",
            "stat", "lstat", "fstat", "newfstatat", "statx", "readlink", "readlinkat"}


def excused(debris_path, call_name, paths):
    """Debris under (or above) a path a failing removal call touched may stay until the next build."""
    if call_name not in REMOVING:
        return False
    for path in paths:
        if path == debris_path or path.startswith(debris_path + "/") or debris_path.startswith(path + "/"):
            return True
    return False


def build_phase(calls, paths):
    """The index of the first call (after execve) that names one of paths: the loader comes before."""
    return next((i for i, call in enumerate(calls)
                 if call.name != "execve" and any(path in call.text for path in paths)), 0)


def touches(call, folder):
    """Whether a call names a path in folder (by a path argument or a descriptor), not just in its data."""
    return any(path == folder or path.startswith(folder + "/") for path in mentioned_paths(call.text))


PID_NAMES = re.compile(r"(staging-|publish-old-|publish-staging-)\d+")


DATA_CALLS = {"read", "pread64", "readv", "preadv", "preadv2", "write", "pwrite64", "writev", "pwritev", "pwritev2",
              "getdents64", "readlink", "readlinkat"}


def same_call(line, call):
    """Whether a traced line names the same paths as a call of the counting run (PIDs aside);
    None when either names no path. Only the arguments count, not the result, and only the
    descriptors' paths of calls whose strings are data."""
    def names(text):
        arguments = text.rsplit(") = ", 1)[0]
        if call.name in DATA_CALLS:
            found = [path for _fd, path in FD_PATH.findall(arguments)]
        else:
            found = mentioned_paths(arguments)
        return [PID_NAMES.sub(r"\1PID", path) for path in found]
    seen, planned = names(line.split("(", 1)[-1]), names(call.text)
    if not seen or not planned:
        return None
    return seen == planned
