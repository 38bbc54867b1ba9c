#!/usr/bin/env python3
"""What durability costs: one syncfs against an fsync per file.

Rewrites every file of a built output folder (so each is dirty in the page
cache, as after a build), then makes them durable both ways and prints the
time each took. publish uses one syncfs before it swaps a build in.

    python3 bench/sync_cost.py OUT/public
"""
import os
import sys
import time


def rewrite(files):
    for path, data in files.items():
        with open(path, "wb") as handle:
            handle.write(data)


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: sync_cost.py FOLDER")
    root = sys.argv[1]
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                files[path] = handle.read()
    rewrite(files)
    started = time.perf_counter()
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    per_file = time.perf_counter() - started
    rewrite(files)
    started = time.perf_counter()
    fd = os.open(root, os.O_RDONLY)
    if hasattr(os, "syncfs"):
        os.syncfs(fd)
    else:
        os.sync()  # Python before 3.13 has no os.syncfs: sync(2) does at least as much
    os.close(fd)
    once = time.perf_counter() - started
    print(f"{len(files)} files: an fsync per file {per_file:.3f} s; one sync {once:.3f} s; "
          f"ratio {per_file / max(once, 1e-6):.0f}")


if __name__ == "__main__":
    main()
