"""Isolate one submission's process, from inside a child forked from the warm worker.

`enter()` runs in the freshly forked, single-threaded child before any learner code (then
`np2jax.grade.seccomp.lock_down()` is the last step). Afterwards the process:

* is uid/gid 1000 in a new user namespace, which maps it to an unprivileged id outside (the
  caller's own ids, or nobody/65534 when the caller is root), with no capabilities at all
  (bounding, ambient, effective, permitted, inheritable), no_new_privs set, not dumpable;
* has new mount, pid, network, IPC and UTS namespaces: it is pid 1 of its pid namespace and its
  fresh /proc shows only itself; its network has only a loopback that is down;
* sees the whole filesystem read-only and nosuid (devices still work: /dev/null, GPUs), except
  a private tmpfs of `scratch_mb` MiB holding `workdir` (its cwd, $HOME and $TMPDIR);
* sees every path in `hidden` as an empty read-only directory (or /dev/null for a file);
* has only fds 0, 1, 2 and `keep_fds` open.

Call `check_host()` (cached) first: where it returns a reason, `enter()` will fail the same way.

Requirements on the caller: Linux >= 5.12 (mount_setattr); user namespaces enabled for the
unprivileged id; when run as root, `scratch_root`/`workdir` and the paths in `hidden` must be
reachable (every parent directory searchable, o+x) by uid 65534, since the mounts are made after
dropping to it (a hidden path nobody can reach is already unreachable and is skipped). Python's
own directories (prefixes, sys.path) are made reachable automatically when they lie under a
directory closed to others (pyenv in /root): see `_expose_python`. Do not list a directory
holding Python (or the np2jax package) in `hidden`.
"""
from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal
import sys
from typing import Sequence

INSIDE_ID = 1000
"""The uid and gid the submission has inside its user namespace (deliberately not 0)."""
NOBODY = 65534

_CLONE_NEWNS, _CLONE_NEWUTS, _CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
_CLONE_NEWUSER, _CLONE_NEWPID, _CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_BIND, _MS_REC, _MS_PRIVATE = 4096, 16384, 1 << 18
_MOUNT_ATTR_RDONLY, _MOUNT_ATTR_NOSUID = 0x1, 0x2
_AT_FDCWD, _AT_RECURSIVE = -100, 0x8000
_SYS_OPEN_TREE, _SYS_MOVE_MOUNT, _SYS_MOUNT_SETATTR = 428, 429, 442  # the same on every architecture
_OPEN_TREE_CLONE, _OPEN_TREE_CLOEXEC, _MOVE_MOUNT_F_EMPTY_PATH = 1, 0o2000000, 0x4
_PR_SET_PDEATHSIG, _PR_GET_PDEATHSIG, _PR_SET_DUMPABLE = 1, 2, 4
_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS, _PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

_libc = ctypes.CDLL(None, use_errno=True)


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _fail(what: str, err: int | None = None, hint: str = "") -> OSError:
    err = ctypes.get_errno() if err is None else err
    msg = f"isolate: {what} failed: {os.strerror(err)}" + (f" ({hint})" if hint else "")
    return OSError(err, msg)


def _check(rc: int, what: str, hint: str = "") -> None:
    if rc != 0:
        raise _fail(what, hint=hint)


def _prctl(option: int, arg: int = 0, what: str = "") -> None:
    rc = _libc.prctl(ctypes.c_int(option), ctypes.c_ulong(arg), ctypes.c_ulong(0),
                     ctypes.c_ulong(0), ctypes.c_ulong(0))
    _check(rc, what or f"prctl({option})")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    rc = _libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data))
    _check(rc, f"mount({fstype or source!r} on {target!r})")


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _read_int(path: str) -> int | None:
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def _userns_hint() -> str:
    """Why the kernel may refuse an unprivileged user namespace here, naming the sysctl."""
    if _read_int("/proc/sys/kernel/unprivileged_userns_clone") == 0:
        return "unprivileged user namespaces are disabled: sysctl kernel.unprivileged_userns_clone=0"
    if _read_int("/proc/sys/user/max_user_namespaces") == 0:
        return "user namespaces are disabled: sysctl user.max_user_namespaces=0"
    if _read_int("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1:
        return ("AppArmor restricts unprivileged user namespaces: "
                "sysctl kernel.apparmor_restrict_unprivileged_userns=1")
    return "user namespaces may be forbidden by a seccomp profile (e.g. a container's default)"


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _python_paths() -> list[str]:
    """What the submission's Python must still read: its prefixes and sys.path directories."""
    paths = [sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix, *sys.path]
    return sorted({os.path.realpath(p) for p in paths if p and os.path.isdir(p)})


def _searchable_by_others(path: str) -> bool:
    try:
        return bool(os.stat(path).st_mode & 0o001)
    except OSError:
        return False


def _expose_python() -> None:
    """As root, before dropping to nobody: make Python's own files reachable by nobody.

    Where Python lives under a directory closed to others (e.g. pyenv in /root, mode 0700),
    nobody could not import a single module more. Then, in a new mount namespace (still owned by
    the real root), each such closed directory is covered by a tmpfs (mode 0755) that holds only
    bind mounts of the Python directories below it: the rest of it stays out of reach.
    """
    closed: dict[str, list[str]] = {}  # topmost closed ancestor -> needed paths under it
    for path in _python_paths():
        parts = path.strip("/").split("/")
        for i in range(1, len(parts)):
            ancestor = "/" + "/".join(parts[:i])
            if not _searchable_by_others(ancestor):
                closed.setdefault(ancestor, []).append(path)
                break
    if not closed:
        return
    if _libc.unshare(ctypes.c_int(_CLONE_NEWNS)) != 0:
        raise _fail("unshare(mount namespace) as root", hint=f"Python under {sorted(closed)} is "
                    f"closed to uid {NOBODY}, and cannot be exposed without CAP_SYS_ADMIN")
    _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
    for ancestor, paths in sorted(closed.items()):
        paths = [p for p in paths if not any(_under(p, q) and p != q for q in paths)]
        trees = []
        for path in paths:
            fd = _libc.syscall(ctypes.c_long(_SYS_OPEN_TREE), ctypes.c_int(_AT_FDCWD), path.encode(),
                               ctypes.c_uint(_OPEN_TREE_CLONE | _OPEN_TREE_CLOEXEC | _AT_RECURSIVE))
            if fd < 0:
                raise _fail(f"open_tree({path!r})")
            trees.append((path, fd))
        _mount("tmpfs", ancestor, "tmpfs", _MS_NOSUID | _MS_NODEV, "size=64k,mode=755")
        for path, fd in trees:
            os.makedirs(path, mode=0o755)
            rc = _libc.syscall(ctypes.c_long(_SYS_MOVE_MOUNT), ctypes.c_int(fd), b"", ctypes.c_int(_AT_FDCWD),
                               path.encode(), ctypes.c_uint(_MOVE_MOUNT_F_EMPTY_PATH))
            os.close(fd)
            if rc != 0:
                raise _fail(f"move_mount(onto {path!r})")


def _drop_root() -> None:
    """As root: become nobody (so the namespace's outside ids are unprivileged), keep pdeathsig."""
    pdeath = ctypes.c_int(0)
    _libc.prctl(_PR_GET_PDEATHSIG, ctypes.byref(pdeath), 0, 0, 0)
    try:
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
    except OSError as exc:
        raise OSError(exc.errno, f"isolate: dropping root to uid/gid {NOBODY} failed: {exc.strerror}") from None
    # A credential change makes the process non-dumpable (then /proc/self/uid_map belongs to
    # root and cannot be written) and clears the parent-death signal: restore both.
    _prctl(_PR_SET_DUMPABLE, 1, "prctl(PR_SET_DUMPABLE, 1)")
    if pdeath.value:
        _prctl(_PR_SET_PDEATHSIG, pdeath.value, "prctl(PR_SET_PDEATHSIG)")


def _unshare() -> None:
    threads = len(os.listdir("/proc/self/task"))
    if threads > 1:
        raise OSError(errno.EINVAL, f"isolate: enter() needs a single-threaded process (this one has {threads} threads)")
    uid, gid = os.getuid(), os.getgid()
    flags = _CLONE_NEWUSER | _CLONE_NEWNS | _CLONE_NEWPID | _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWUTS
    if _libc.unshare(ctypes.c_int(flags)) != 0:
        err = ctypes.get_errno()
        raise _fail("unshare(user, mount, pid, net, ipc, uts namespaces)", err,
                    _userns_hint() if err in (errno.EPERM, errno.ENOSPC, errno.EACCES) else "")
    try:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{INSIDE_ID} {uid} 1\n")
        _write("/proc/self/gid_map", f"{INSIDE_ID} {gid} 1\n")
    except OSError as exc:
        raise OSError(exc.errno, f"isolate: writing the user namespace's id maps failed: {exc.strerror}") from None


def _mounts(workdir: str, scratch_root: str, hidden: Sequence[str], scratch_mb: int) -> None:
    _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
    # Where the writable tmpfs goes: scratch_root, or workdir itself if it lies elsewhere.
    target = scratch_root if _under(workdir, scratch_root) else workdir
    if not os.path.isdir(target):
        raise OSError(errno.ENOENT, f"isolate: {target!r} must be an existing directory reachable by uid {os.getuid()}")
    for path in sorted({os.path.realpath(p) for p in hidden}, key=len):
        if _under(path, target) or not os.path.lexists(path):
            continue  # covered by the scratch tmpfs anyway, or gone under an earlier hidden path
        if os.path.isdir(path):
            _mount("tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, "size=16k,nr_inodes=64,mode=755")
            if _under(target, path) and target != path:
                os.makedirs(target)  # keep a mount point for the scratch tmpfs (read-only below)
        else:
            _mount("/dev/null", path, None, _MS_BIND)
    attr = _MountAttr(attr_set=_MOUNT_ATTR_RDONLY | _MOUNT_ATTR_NOSUID)
    rc = _libc.syscall(ctypes.c_long(_SYS_MOUNT_SETATTR), ctypes.c_int(_AT_FDCWD), b"/",
                       ctypes.c_uint(_AT_RECURSIVE), ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)))
    if rc != 0:
        err = ctypes.get_errno()
        raise _fail("mount_setattr(/, read-only, nosuid, recursive)", err,
                    "Linux >= 5.12 is needed" if err == errno.ENOSYS else "")
    inodes = 4096 + 64 * scratch_mb
    _mount("tmpfs", target, "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={scratch_mb}m,nr_inodes={inodes},mode=700")
    os.makedirs(workdir, exist_ok=True)


def _supervise(pid: int, alive_fd: int) -> None:
    """The intermediate process: wait for the submission, then leave exactly as it did.

    It keeps only alive_fd (the write end of a pipe whose EOF tells the submission that its
    supervisor is gone) besides 0, 1 and 2."""
    try:
        _libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
        for sig in range(1, signal.NSIG):
            if sig not in (signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD):
                try:
                    signal.signal(sig, signal.SIG_DFL)  # killed, it takes the submission along
                except (OSError, ValueError, RuntimeError):
                    pass
        os.closerange(3, alive_fd)
        os.closerange(alive_fd + 1, 2 ** 31 - 1)
        while True:
            _, status = os.waitpid(pid, 0)
            if os.WIFEXITED(status) or os.WIFSIGNALED(status):
                break
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
            os.kill(os.getpid(), sig)
            os._exit(128 + sig)  # a signal whose default is to be ignored
        os._exit(os.WEXITSTATUS(status))
    finally:
        os._exit(70)


def _drop_capabilities() -> None:
    last = _read_int("/proc/sys/kernel/cap_last_cap") or 63
    for cap in range(last + 1):
        if _libc.prctl(ctypes.c_int(_PR_CAPBSET_DROP), ctypes.c_ulong(cap), ctypes.c_ulong(0),
                       ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0 and ctypes.get_errno() != errno.EINVAL:
            raise _fail(f"prctl(PR_CAPBSET_DROP, {cap})")
    _check(_libc.prctl(ctypes.c_int(_PR_CAP_AMBIENT), ctypes.c_ulong(_PR_CAP_AMBIENT_CLEAR_ALL),
                       ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)), "prctl(PR_CAP_AMBIENT_CLEAR_ALL)")
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset(all zero)")
    _prctl(_PR_SET_NO_NEW_PRIVS, 1, "prctl(PR_SET_NO_NEW_PRIVS)")


def enter(*, workdir: str, scratch_root: str, hidden: Sequence[str], keep_fds: Sequence[int], scratch_mb: int) -> None:
    """Isolate this (freshly forked, single-threaded) process; see the module docstring.

    workdir: the submission's working directory, created on the private tmpfs; it becomes the
        cwd, $HOME and $TMPDIR. scratch_root: where that tmpfs is mounted when workdir lies
        under it (covering whatever scratch_root held: other submissions' directories); when
        workdir lies elsewhere, the tmpfs is mounted on workdir itself (which must then exist).
    hidden: paths to cover (a directory: empty read-only tmpfs; a file: /dev/null); paths that do
        not exist, or that the unprivileged id cannot reach, are skipped.
    keep_fds: fds to keep open besides 0, 1 and 2 (its result pipe); every other fd is closed.
    scratch_mb: size of the tmpfs in MiB (writing more fails with ENOSPC).

    It forks once. Only the new process (pid 1 of the new pid namespace) returns, with
    PR_SET_PDEATHSIG=SIGKILL; the calling process becomes its supervisor and never returns: it
    waits and exits with the same status, or dies of the same signal, so the caller's waitpid
    on the pid it forked sees what the submission did. Killing that pid (or its process group)
    kills the submission, as does any signal it receives whose default action is to terminate.

    Raises OSError with a message naming the step that failed (in whichever process failed;
    the caller should report it and _exit). Follow it with seccomp.lock_down().
    """
    if scratch_mb < 1:
        raise ValueError("scratch_mb must be at least 1")
    workdir, scratch_root = os.path.abspath(workdir), os.path.abspath(scratch_root)
    keep = {0, 1, 2, *keep_fds}
    if os.geteuid() == 0 or os.getuid() == 0:
        _expose_python()
        _drop_root()
    _unshare()
    _mounts(workdir, scratch_root, hidden, scratch_mb)

    r, w = os.pipe()  # the submission sees EOF on r if its supervisor is already gone
    try:
        pid = os.fork()
    except OSError as exc:
        raise OSError(exc.errno, f"isolate: fork into the new pid namespace failed: {exc.strerror}") from None
    if pid:
        _supervise(pid, w)  # never returns
    os.close(w)
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, "prctl(PR_SET_PDEATHSIG)")
    import select

    if select.select([r], [], [], 0)[0]:
        os._exit(137)  # the supervisor died before the death signal was armed
    os.close(r)
    try:
        _mount("proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    except OSError as exc:
        raise OSError(exc.errno, f"{exc.strerror}; the host's /proc may have locked over-mounts "
                      "(e.g. a container's masked paths), which forbid a fresh proc") from None
    os.chdir(workdir)  # never keep a cwd inside a hidden directory
    os.environ["HOME"] = os.environ["TMPDIR"] = workdir
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = None  # recomputed from $TMPDIR
    low = 3
    for fd in sorted(f for f in keep if f >= 3):
        if fd > low:
            os.closerange(low, fd)
        low = max(low, fd + 1)
    os.closerange(low, 2 ** 31 - 1)
    _drop_capabilities()
    _prctl(_PR_SET_DUMPABLE, 0, "prctl(PR_SET_DUMPABLE, 0)")  # no ptrace from outside


_host: list[str | None] = []


def check_host() -> str | None:
    """None when this host can isolate submissions, else a one-line reason. Cached.

    Probes by forking a throwaway child that runs `enter()` and `seccomp.lock_down()` on a
    temporary scratch directory.
    """
    if _host:
        return _host[0]
    _host.append(_probe())
    return _host[0]


def _probe() -> str | None:
    import shutil
    import tempfile
    import time

    from np2jax.grade import seccomp

    if sys.platform != "linux":
        return f"submission isolation needs Linux (this is {sys.platform})"
    if not seccomp.supported():
        return "seccomp filter unavailable: needs x86_64/aarch64 Linux, pyseccomp and libseccomp.so.2"
    scratch = tempfile.mkdtemp(prefix="np2jax-isolate-probe-")
    os.chmod(scratch, 0o755)  # reachable by nobody when probing as root
    r, w = os.pipe()
    try:
        pid = os.fork()
        if pid == 0:
            msg = b"ok"
            try:
                os.close(r)
                enter(workdir=os.path.join(scratch, "w"), scratch_root=scratch, hidden=(),
                      keep_fds=(w,), scratch_mb=1)
                seccomp.lock_down()
                if os.getpid() != 1 or os.getuid() == 0:
                    msg = b"isolate: the probe did not end up unprivileged pid 1"
                os.listdir(os.path.dirname(os.__file__))  # the standard library stays importable
            except BaseException as exc:  # noqa: BLE001 - the reason is the answer
                msg = (str(exc) or type(exc).__name__).encode()
            finally:
                try:
                    os.write(w, msg[:2000])
                finally:
                    os._exit(0)
        os.close(w)
        w = -1
        chunks, deadline = [], time.monotonic() + 20
        while True:
            import select

            if not select.select([r], [], [], max(0.0, deadline - time.monotonic()))[0]:
                os.kill(pid, signal.SIGKILL)
                chunks.append(b"isolate: the probe timed out")
                break
            chunk = os.read(r, 4096)
            if not chunk:
                break
            chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
        answer = b"".join(chunks).decode(errors="replace").strip()
        if answer == "ok" and os.waitstatus_to_exitcode(status) == 0:
            return None
        return " ".join((answer or f"isolate: the probe died (wait status {status})").split())
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
        shutil.rmtree(scratch, ignore_errors=True)
