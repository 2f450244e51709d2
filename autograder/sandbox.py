"""Start a grading kernel in a sandbox.

``python -m autograder.sandbox --memory-mb N --hide PATH... --keep PATH... -- KERNEL COMMAND``

Before it becomes the kernel, this process

* caps its address space at ``N`` MiB (so a runaway allocation raises ``MemoryError``
  instead of taking the grading machine down);
* where Linux allows it (root or user namespaces), enters a mount and a network namespace
  of its own: no network; every file system read-only; a private ``/tmp`` (empty but for
  the ``--keep`` and ``--readable`` folders under it) and a private, empty ``/dev/shm``;
  the ``--hide`` paths (solutions, autograder, the repository's git data, gradebooks,
  other students' work) replaced by empty ones; only the ``--keep`` folders (the
  student's own working folder, the kernel's sockets) and the private ``/tmp`` and
  ``/dev/shm`` writable.

What it achieved, and only that, is put in the environment variable
``NNSCRATCH_ISOLATION``: a mount point that could not be made read-only is named there
instead of claiming a read-only file system, the paths hidden are named (a ``--hide``
path that does not exist is not), and a path that could not be hidden stops the kernel
from starting at all. Where namespaces are not allowed, only the memory cap applies, and
the variable says so.
The kernel talks to nbgrader over Unix sockets in a kept folder, since it has no network.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import sys

CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 0x4000, 1 << 18
PSEUDO = ("/proc", "/sys", "/dev")


class _Mounts:
    """Thin wrappers over the Linux calls, raising OSError on failure."""

    def __init__(self) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)

    def _check(self, result: int, what: str) -> None:
        if result != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"{what}: {os.strerror(errno)}")

    def unshare(self, flags: int) -> None:
        self._check(self.libc.unshare(flags), "unshare")

    def mount(self, source: str, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
        self._check(self.libc.mount(source.encode(), target.encode(),
                                    fstype.encode() if fstype else None, flags,
                                    data.encode() if data else None), f"mount {target}")


def limit_memory(megabytes: int) -> None:
    """Cap the address space, and the size of any file written (at 256 MiB)."""
    try:
        import resource   # not on Windows

        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024 * 1024,) * 2)
    except (ImportError, ValueError, OSError):
        pass              # macOS ignores or refuses RLIMIT_AS: no cap there


def isolate(hide: list[str], keep: list[str], readable: list[str] = ()) -> str:
    """Enter new namespaces and arrange the file system; return what was achieved.

    ``readable`` folders (Python, the course) stay readable even when they lie under
    ``/tmp``, which is otherwise replaced by an empty one."""
    m = _Mounts()
    try:
        m.unshare(CLONE_NEWNS | CLONE_NEWNET)
        achieved = ["no network"]
    except OSError:
        try:
            m.unshare(CLONE_NEWNS)
            achieved = ["network allowed (no network namespace)"]
        except OSError as exc:
            return f"none (namespaces not permitted: {exc.strerror}); memory cap only"
    m.mount("none", "/", None, MS_REC | MS_PRIVATE)
    kept = {path: os.open(path, os.O_RDONLY | os.O_DIRECTORY) for path in keep}
    shown = {path: os.open(path, os.O_RDONLY | os.O_DIRECTORY) for path in readable
             if path.startswith("/tmp/") and os.path.isdir(path)}
    with open("/proc/self/mountinfo") as fh:
        mount_points = [line.split()[4] for line in fh]
    writable = []
    for point in mount_points:
        if not point.startswith(PSEUDO):
            try:
                m.mount("none", point, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
            except OSError:
                writable.append(point)
    if writable:   # say exactly what stayed writable; never claim a read-only file system
        achieved.append(f"file system NOT read-only (remount failed for {', '.join(writable[:5])}"
                        + (", ..." if len(writable) > 5 else "") + ")")
    else:
        achieved.append("read-only file system")
    m.mount("tmpfs", "/tmp", "tmpfs", 0, "size=256m,mode=1777")
    private = ["/tmp"]
    if os.path.isdir("/dev/shm"):   # shared with every process of the machine: a private one
        m.mount("tmpfs", "/dev/shm", "tmpfs", 0, "size=64m,mode=1777")
        private.append("/dev/shm")
    for path, fd in shown.items():
        os.makedirs(path, exist_ok=True)
        m.mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        m.mount("none", path, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
        os.close(fd)
    hidden = []
    for path in hide:   # a failed mount raises: the kernel does not start
        if os.path.isdir(path):
            m.mount("tmpfs", path, "tmpfs", 0, "size=1m")
        elif os.path.exists(path):
            m.mount("/dev/null", path, None, MS_BIND)
        else:
            continue    # nothing there to hide
        hidden.append(path)
    if hidden:
        achieved.append(f"hidden: {', '.join(hidden)}")
    for path, fd in kept.items():
        os.makedirs(path, exist_ok=True)
        m.mount(f"/proc/self/fd/{fd}", path, None, MS_BIND)
        m.mount("none", path, None, MS_REMOUNT | MS_BIND)
        os.close(fd)
    achieved.append(f"writable: {''.join(path + ', ' for path in kept)}"
                    + " and ".join(f"a private {path}" for path in private))
    return ", ".join(achieved)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.sandbox")
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument("--keep", action="append", default=[])
    parser.add_argument("--readable", action="append", default=[])
    parser.add_argument("--pythonpath", default="")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the kernel")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    cwd = os.getcwd()
    keep = [os.path.abspath(path) for path in args.keep]
    readable = [os.path.realpath(path) for path in args.readable]
    report = isolate(args.hide, keep, readable) if sys.platform.startswith("linux") else "none (not Linux)"
    os.chdir(cwd)
    os.environ.update(NNSCRATCH_ISOLATION=report, MPLCONFIGDIR="/tmp/matplotlib",
                      IPYTHONDIR="/tmp/ipython", PYTHONPATH=args.pythonpath,
                      PYTHONDONTWRITEBYTECODE="1",
                      # one BLAS thread: kernels graded in parallel would fight over the cores,
                      # and the lessons' matrices are small
                      OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    os.environ.update(item.split("=", 1) for item in args.env)
    limit_memory(args.memory_mb)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
