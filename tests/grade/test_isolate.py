"""A submission's child, once isolate.enter() and seccomp.lock_down() ran, can reach nothing.

Each test forks a child, isolates it, runs a probe in it and reads the probe's answer (JSON)
back through a pipe, the only fd it keeps. Runs as root (CI) and as an unprivileged user.
"""
from __future__ import annotations

import ctypes
import errno
import json
import mmap
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from np2jax.grade import isolate, seccomp

REASON = isolate.check_host() if sys.platform == "linux" else "not Linux"
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"cannot isolate here: {REASON}")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def base():
    """A directory the unprivileged id (nobody, when the tests run as root) can reach."""
    path = Path(tempfile.mkdtemp(prefix="np2jax-isolate-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _isolated(probe, base: Path, *, hidden=(), scratch_mb=4, ctx=None, timeout=60.0):
    """Fork, isolate, run probe(ctx) in the child; return (its JSON answer or None, wait status)."""
    scratch = base / "scratch"
    scratch.mkdir(exist_ok=True)
    r, w = os.pipe()
    ctx = dict(ctx or {}, workdir=str(scratch / "job"), parent=os.getpid(), base=str(base), pipe=w)
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            isolate.enter(workdir=ctx["workdir"], scratch_root=str(scratch), hidden=[str(h) for h in hidden],
                          keep_fds=[w], scratch_mb=scratch_mb)
            seccomp.lock_down()
            answer = {"ok": probe(ctx)}
        except BaseException as exc:  # noqa: BLE001
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        try:
            os.write(w, json.dumps(answer).encode())
        finally:
            os._exit(0)
    os.close(w)
    data, deadline = b"", time.monotonic() + timeout
    try:
        while select.select([r], [], [], max(0, deadline - time.monotonic()))[0]:
            chunk = os.read(r, 65536)
            if not chunk:
                break
            data += chunk
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(r)
    _, status = os.waitpid(pid, 0)
    if not data:
        return None, status
    answer = json.loads(data)
    assert "error" not in answer, answer["error"]
    return answer["ok"], status


def _errno_of(fn, *args):
    try:
        fn(*args)
    except OSError as exc:
        return exc.errno
    return 0


# --- identity, capabilities, processes ------------------------------------------------------

def _identity(ctx):
    status = dict(line.split(":\t", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {"uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(), "pid": os.getpid(),
            "procs": sorted(e for e in os.listdir("/proc") if e.isdigit()),
            **{k: status[k].strip() for k in ("CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp")},
            "kill_parent": _errno_of(os.kill, ctx["parent"], 0),
            "kill_all": _errno_of(os.kill, -1, signal.SIGKILL),
            "cwd": os.getcwd(), "home": os.environ["HOME"], "tmpdir": os.environ["TMPDIR"]}


def test_unprivileged_pid_1_alone_with_no_capabilities(base):
    got, status = _isolated(_identity, base)
    assert os.waitstatus_to_exitcode(status) == 0
    assert got["uid"] == got["euid"] == got["gid"] == isolate.INSIDE_ID != 0
    for cap in ("CapEff", "CapPrm", "CapInh", "CapBnd", "CapAmb"):
        assert int(got[cap], 16) == 0, (cap, got[cap])
    assert got["NoNewPrivs"] == "1" and got["Seccomp"] == "2"
    assert got["pid"] == 1 and got["procs"] == ["1"]  # a fresh /proc: only itself
    assert got["kill_parent"] == errno.ESRCH  # the test process is out of its sight
    assert got["kill_all"] == errno.ESRCH  # kill(-1) finds nobody to kill
    assert got["cwd"] == got["home"] == got["tmpdir"] == str(base / "scratch" / "job")


def _exit_7(ctx):
    os._exit(7)


def test_the_callers_waitpid_sees_the_submissions_exit_status(base):
    got, status = _isolated(_exit_7, base)
    assert got is None and os.waitstatus_to_exitcode(status) == 7


def _start_processes(ctx):
    libc = ctypes.CDLL(None, use_errno=True)
    thread_ran = []
    t = threading.Thread(target=lambda: thread_ran.append(threading.get_native_id()))
    t.start()
    t.join()
    return {"fork": _errno_of(os.fork), "exec": _errno_of(os.execv, "/bin/true", ["true"]),
            "posix_spawn": _errno_of(os.posix_spawn, "/bin/true", ["true"], {}),
            "thread": bool(thread_ran) and thread_ran[0] != threading.get_native_id(),
            "unshare": _errno_of(os.unshare, os.CLONE_NEWUSER) if hasattr(os, "unshare") else
            (0 if libc.unshare(0x10000000) == 0 else ctypes.get_errno()),
            "mount": 0 if libc.mount(b"tmpfs", ctx["workdir"].encode(), b"tmpfs", 0, None) == 0 else ctypes.get_errno(),
            "chroot": _errno_of(os.chroot, "/"),
            "unix_socket": _errno_of(socket.socket, socket.AF_UNIX, socket.SOCK_STREAM),
            "socketpair": _errno_of(socket.socketpair)}


def test_no_new_processes_namespaces_or_mounts_but_threads_run(base):
    got, _ = _isolated(_start_processes, base)
    assert got["fork"] == got["exec"] == got["posix_spawn"] == errno.EPERM
    assert got["thread"] is True
    assert got["unshare"] == got["mount"] == got["chroot"] == errno.EPERM
    assert got["unix_socket"] == errno.EPERM and got["socketpair"] == 0


# --- filesystem -----------------------------------------------------------------------------

def _write_everywhere(ctx):
    out = {}
    for path in ("/tmp", ctx["base"], ctx["open_dir"], os.path.expanduser("~root"), ctx["repo"], "/dev/shm"):
        out[path] = _errno_of(lambda p: Path(p, "np2jax-escape").write_text("x"), path)
    Path(ctx["workdir"], "mine").write_text("fine")
    out["workdir"] = Path(ctx["workdir"], "mine").read_text()
    out["dev_null"] = _errno_of(lambda: Path("/dev/null").write_text("devices still work"))
    return out


def test_only_the_workdir_is_writable(base):
    open_dir = base / "world-writable"
    open_dir.mkdir()
    open_dir.chmod(0o777)  # permissions allow it: only the read-only mount forbids it
    got, _ = _isolated(_write_everywhere, base, ctx={"repo": str(REPO), "open_dir": str(open_dir)})
    assert got.pop("workdir") == "fine" and got.pop("dev_null") == 0
    for path, err in got.items():
        assert err in (errno.EROFS, errno.EACCES), (path, err)
    assert got["/tmp"] == got[str(open_dir)] == got["/dev/shm"] == errno.EROFS
    assert not list(open_dir.iterdir()) and not (Path("/tmp") / "np2jax-escape").exists()


def _fill(ctx):
    chunk = b"\0" * (1 << 20)
    written = 0
    try:
        with open(os.path.join(ctx["workdir"], "big"), "wb", buffering=0) as f:
            for _ in range(64):
                written += f.write(chunk)
    except OSError as exc:
        return {"errno": exc.errno, "mb": written >> 20}
    return {"errno": 0, "mb": written >> 20}


def test_the_scratch_is_size_capped(base):
    got, _ = _isolated(_fill, base, scratch_mb=4)
    assert got["errno"] == errno.ENOSPC and got["mb"] <= 4


def _look(ctx):
    d, f = Path(ctx["secret_dir"]), Path(ctx["secret_file"])
    return {"dir": os.listdir(d) if d.exists() else None, "file": f.read_text() if f.exists() else None,
            "write": _errno_of(lambda: Path(ctx["secret_dir"], "x").write_text("x")),
            "other_job": os.path.exists(ctx["other_job"]),
            "ancestor": sorted(os.listdir(ctx["ancestor"]))}


def test_hidden_paths_and_other_jobs_show_nothing(base):
    secret_dir, secret_file = base / "solutions", base / "key.txt"
    secret_dir.mkdir()
    (secret_dir / "answers.py").write_text("secret")
    secret_file.write_text("secret")
    (secret_dir / "answers.py").chmod(0o644)
    secret_file.chmod(0o644)
    other = base / "scratch" / "other-job"
    other.mkdir(parents=True)
    ctx = {"secret_dir": str(secret_dir), "secret_file": str(secret_file), "other_job": str(other), "ancestor": str(base)}
    got, _ = _isolated(_look, base, hidden=[secret_dir, secret_file, base / "missing"], ctx=ctx)
    assert got["dir"] == [] and got["file"] == "" and got["write"] in (errno.EROFS, errno.EACCES)
    assert got["other_job"] is False  # the pool's scratch is covered by this job's own tmpfs
    assert got["ancestor"] == ["key.txt", "scratch", "solutions"]
    # Hiding an ancestor of the scratch root itself still leaves only the workdir visible.
    got, _ = _isolated(_look, base, hidden=[base], ctx=ctx)
    assert got["ancestor"] == ["scratch"] and got["dir"] is None and got["file"] is None
    assert got["other_job"] is False and got["write"] in (errno.EROFS, errno.ENOENT)


def _fd_state(ctx):
    return {"inherited": _errno_of(os.fstat, ctx["fd"]), "open": sorted(int(f) for f in os.listdir("/proc/self/fd")),
            "pipe": ctx["pipe"]}


def test_fds_opened_before_are_closed(base):
    fd = os.open(REPO / "pyproject.toml", os.O_RDONLY)
    try:
        got, _ = _isolated(_fd_state, base, ctx={"fd": fd})
    finally:
        os.close(fd)
    assert got["inherited"] == errno.EBADF
    assert len(set(got["open"]) - {0, 1, 2, got["pipe"]}) <= 1  # at most listdir's own fd


# --- network --------------------------------------------------------------------------------

def _connect(ctx):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    return _errno_of(s.connect, ("127.0.0.1", ctx["port"]))


def test_no_network(base):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        got, _ = _isolated(_connect, base, ctx={"port": server.getsockname()[1]})
    finally:
        server.close()
    assert got in (errno.ENETUNREACH, errno.ECONNREFUSED, errno.EHOSTUNREACH) and got != 0


# --- other ABIs -----------------------------------------------------------------------------

x86_64_only = pytest.mark.skipif(os.uname().machine != "x86_64", reason="x86_64 ABIs")


def _int80(ctx):
    """mov eax, NR; int 0x80; ret: an i386 syscall from 64-bit code."""
    code = b"\xb8" + ctx["nr"].to_bytes(4, "little") + b"\xcd\x80\xc3"
    buf = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    buf.write(code)
    addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    return ctypes.CFUNCTYPE(ctypes.c_int)(addr)()


def _ia32_works() -> bool:
    pid = os.fork()
    if pid == 0:
        os._exit(0 if _int80({"nr": 20}) > 0 else 1)  # i386 getpid, no filter
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


@x86_64_only
def test_i386_syscalls_kill_the_process(base):
    if not _ia32_works():
        pytest.skip("this kernel has no ia32 emulation: int 0x80 cannot reach any syscall")
    got, status = _isolated(_int80, base, ctx={"nr": 2})  # i386 fork
    assert got is None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGSYS


def _x32(ctx):
    return ctypes.CDLL(None).syscall(ctypes.c_long(0x40000000 | 39))  # x32 getpid


@x86_64_only
def test_x32_syscalls_kill_the_process(base):
    got, status = _isolated(_x32, base)
    assert got is None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGSYS


# --- supervision ----------------------------------------------------------------------------

def _sleep(ctx):
    time.sleep(60)


def test_killing_the_forked_pid_kills_the_submission(base):
    scratch = base / "scratch"
    scratch.mkdir()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            isolate.enter(workdir=str(scratch / "job"), scratch_root=str(scratch), hidden=[], keep_fds=[w], scratch_mb=1)
            seccomp.lock_down()
            os.write(w, b"up")
            time.sleep(60)
        finally:
            os._exit(0)
    os.close(w)
    try:
        assert os.read(r, 2) == b"up"
        os.kill(pid, signal.SIGKILL)
        assert select.select([r], [], [], 5)[0] and os.read(r, 1) == b""  # its pipe end is gone
    finally:
        os.close(r)
    assert os.WTERMSIG(os.waitpid(pid, 0)[1]) == signal.SIGKILL


# --- JAX ------------------------------------------------------------------------------------

JAX_SCRIPT = textwrap.dedent("""
    import json, os, sys
    import jax, jax.numpy as jnp  # imported first, no backend yet: as the warm worker does
    from np2jax.grade import isolate, seccomp
    base = sys.argv[1]
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            isolate.enter(workdir=base + "/scratch/job", scratch_root=base + "/scratch", hidden=[],
                          keep_fds=[w], scratch_mb=64)
            seccomp.lock_down()
            x = jnp.ones(3)
            out = {"sum": float(x.sum()), "grad": float(jax.grad(lambda v: (v ** 2).sum())(x)[0]),
                   "jit": float(jax.jit(lambda v: v * 2)(x)[1]), "pid": os.getpid(), "uid": os.getuid(),
                   "fork": None}
            try:
                os.fork()
            except OSError as exc:
                out["fork"] = exc.errno
        except BaseException as exc:
            out = {"error": repr(exc)}
        os.write(w, json.dumps(out).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.waitpid(pid, 0)
    print(data.decode())
""")


def test_jax_runs_inside(base):
    (base / "scratch").mkdir()
    env = dict(os.environ, JAX_PLATFORMS="cpu", PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-c", JAX_SCRIPT, str(base)], capture_output=True, text=True,
                          timeout=300, env=env, cwd=base)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "error" not in got, got
    assert got["sum"] == 3.0 and got["grad"] == 2.0 and got["jit"] == 2.0
    assert got["pid"] == 1 and got["uid"] == isolate.INSIDE_ID and got["fork"] == errno.EPERM
