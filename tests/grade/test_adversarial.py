"""One class, graded in one run: honest students beside a hostile submission for each attack.

tests/grade/adversarial/build.py writes the attacks (each named after its threat; see its
docstring for the pattern: 8 points would mean the attack worked). The class is graded once,
through the CLI in a subprocess (so a run that stalls or crashes fails these tests instead of
hanging them), with the same limits as LIMITS below. Every hostile or broken file must end with
the score its real answers earn or `failed` with a stated reason, and the honest students'
grades must be exactly what they get when graded alone.
"""
from __future__ import annotations

import ctypes
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from np2jax import course
from np2jax.grade import isolate
from np2jax.grade.records import TEXT
from tests.lessons.hidden import hidden_literals, leaks as leaked

sys.path.insert(0, str(Path(__file__).parent / "adversarial"))
import build  # noqa: E402

HERE = Path(__file__).parent / "adversarial"
LESSON = "00-numpy-api"
FLAGS = ["--workers", "2", "--cell-timeout", "20", "--timeout", "240", "--memory-mb", "4096"]
RUN_SECONDS = 1200  # the whole class; a run past this has stalled
REASON = isolate.check_host() if sys.platform == "linux" else "not Linux"
pytestmark = [pytest.mark.skipif(REASON is not None, reason=f"cannot isolate here: {REASON}"), pytest.mark.slow]

SOL, BLANK = course.source_notebook(LESSON), course.released_notebook(LESSON)
# Honest students: graded alone first (alice, bob, carol), then again among the attackers.
# zed, zoe, 李 and 王 sort after every attacker: they are graded after the planting attempts.
HONEST = {"alice": SOL, "bob": BLANK, "carol": SOL, "zed": BLANK, "zoe": SOL, "李": SOL, "王": BLANK}
LIKE = {"alice": "alice", "bob": "bob", "carol": "carol", "zed": "bob", "zoe": "alice", "李": "alice", "王": "bob"}
HONEST_SCORE = {"alice": 8, "bob": 0}

NOT_RUN = "the process exited while running cell l00-ex2"
TIMED_OUT = "a cell ran past its time limit and could not be interrupted"
SELF = "answer_errors"  # where an attack's own report lands (bounded): answer_errors["l00-ex2"]

# attack: (status, score out of 8, words the reason, a test message or an answer error must contain)
EXPECTED = {
    # Reaching other processes: its /proc shows only itself; it can signal nothing outside.
    "proc-fd-others": ("graded", 6, ["pid:1 listed:1", "others:0", "procmounts:2", "tried:0"]),
    "kill-everyone": ("graded", 6, ["kill(-1):ESRCH", "signalable:0 pidfds:0"]),
    "signal-the-grader": ("failed", 2, ["the process exited while running cell l00-ex2"]),
    # Writable import paths: only its own tmpfs is writable, and it dies with the process.
    "plant-import-paths": ("graded", 6, ["eps: ", "own-ok:", "erofs:"]),
    # Escaping the sandbox.
    "escape-mounts": ("graded", 6, ["umount:EPERM", "um-proc:EPERM", "remount:EPERM", "tmpfs:EPERM", "bind:EPERM",
                                    "open_tree:EPERM", "fsopen:EPERM", "setattr:EPERM", "unsh-user:EPERM",
                                    "unsh-mnt:EPERM", "ns-mnt:EPERM", "ns-user:EPERM", "chroot:EPERM",
                                    "pivot:EPERM", "clone-ns:EPERM", "visible:0"]),
    "escape-network": ("graded", 6, ["tcp-open:0", "udp:ENETUNREACH", "out:ENETUNREACH", "unix:EPERM",
                                     "packet:EPERM", "raw:EPERM", "lo-up:EPERM"]),
    "read-solutions": ("graded", 6, ["hidden-listed:", "solutions-found:0", "solutions:ENOENT", "source:ENOENT",
                                     "git:ENOENT", "tests:ENOENT"]),
    "read-classmates": ("graded", 6, ["notebooks:0 neighbours:0 judge-entries:0"]),
    "write-outside": ("graded", 6, ["own-workdir:ok", "own-scratch:ok", "erofs:"]),
    "fill-scratch": ("graded", 6, ["fill:ENOSPC", "inodes:ENOSPC"]),
    # seccomp: new processes fail with EPERM (clone3: ENOSYS); another ABI kills the process.
    "seccomp-fork": ("graded", 6, ["fork:EPERM", "vfork:EPERM", "clone:EPERM", "clone3:ENOSYS",
                                   "forkpty:EPERM", "mp:EPERM"]),
    "seccomp-spawn": ("graded", 6, ["posix_spawn:EPERM", "posix_spawnp:EPERM", "subprocess:EPERM",
                                    "system:rc32512", "popen:EPERM", "spawnv:EPERM", "execv:EPERM"]),
    "seccomp-i386": ("failed", 2, [NOT_RUN]),
    "seccomp-x32": ("failed", 2, [NOT_RUN]),
    # Forging its own verdict: the verdict is the judge's; the submission only answers with data.
    # A line nobody asked for must end the submission: today it shifts every later reply by one.
    "forge-verdict-lines": ("failed", 2, ["nobody asked for"]),
    "forge-rpc-reply": ("failed", 2, ["nobody asked for"]),
    "forge-tampered-list": ("failed", 0, ["it sent"]),
    "rebind-expect-probe": ("graded", 6, ["returns a NumPy or Python number"]),
    "patch-numpy-jax": ("graded", 6, ["returns a NumPy or Python number"]),
    "patch-builtins": ("failed", 2, [NOT_RUN]),  # it broke its own process
    "settrace-hooks": ("graded", 6, ["returns a NumPy or Python number"]),
    "jax-array-subclass": ("graded", 6, ["mean_of gives the wrong mean for a NumPy float array"]),
    "caller-frames-gc": ("graded", 6, ["returns a NumPy or Python number"]),
    "x64-misconception": ("graded", 6, ["prediction_1: JAX creates 32-bit floats by default"]),
    "rigged-objects": ("graded", 2, ["got a Remote"]),
    "deleted-test-cell": ("graded", 6, ["returns a NumPy or Python number"]),
    "edited-test-cell": ("graded", 6, ["returns a NumPy or Python number"]),
    # Leaking hidden tests: the submission's process never holds them.
    "leak-gc-frames": ("graded", 6, ["found 0: "]),
    "leak-proc-mem": ("graded", 6, ["found 0: "]),
    "leak-hidden-inputs": ("graded", 6, ["the tests called mean_of with"]),
    # One bad thing ends only itself.
    "malformed-line": ("failed", 2, ["it sent a line that is not a message"]),
    "huge-line": ("failed", 2, ["it sent"]),
    "unrequested-line": ("failed", 2, ["nobody asked for"]),
    "deep-json-line": ("failed", 2, ["it sent a line that is not a message"]),
    "early-reply-then-block": ("failed", 2, []),
    "infinite-loop": ("graded", 6, ["time limit"]),
    "timeout-ignored": ("failed", 2, [TIMED_OUT]),
    "alarm-cancelled": ("failed", 2, [TIMED_OUT]),
    "os-exit": ("failed", 2, [NOT_RUN]),
    "sys-exit": ("graded", 6, ["SystemExit"]),
    "memory-bomb": ("graded", 6, ["MemoryError"]),
    "memory-bomb-gradual": ("graded", 6, []),  # MemoryError, or the cell's time limit while it grabs
    "memory-outside-rlimit": ("graded", 6, ["memfd-mb:"]),  # 8: it held more than its memory limit
    "output-flood": ("graded", 8, []),
    "surrogate-message": ("graded", 6, ["ValueError"]),
    "answer-100mb": ("failed", 0, ["larger than 16 MB"]),
    "answer-15mb": ("graded", 8, []),  # 13 MB, under the 16 MB limit: graded like any file
    # Files that are not notebooks, or not this lesson's.
    "malformed-json": ("failed", 0, ["not a readable notebook"]),
    "wrong-nbformat": ("failed", 0, ["not an nbformat 4 notebook"]),
    "nbformat-3": ("failed", 0, ["not an nbformat 4 notebook"]),
    "empty-file": ("failed", 0, ["the file is empty"]),
    "binary-junk": ("failed", 0, ["not text"]),
    "source-is-number": ("failed", 0, ["does not follow the notebook format"]),
    "nbgrader-not-dict": ("failed", 0, ["nbgrader metadata is malformed"]),
    "grade-id-list": ("failed", 0, ["nbgrader metadata is malformed"]),
    "another-lesson": ("failed", 0, ["holds lesson 01-immutability-at's notebook, not 00-numpy-api's"]),
    # Other inputs: symbolic links are refused without being read; any folder name is a student.
    "symlink-to-solutions": ("failed", 0, ["symbolic link"]),
    "symlink-to-classmate": ("failed", 0, ["symbolic link"]),
    "symlink-to-passwd": ("failed", 0, ["symbolic link"]),
    "symlink-to-decoy": ("failed", 0, ["symbolic link"]),
    os.fsdecode(b"bytes-\xff\xfe"): ("graded", 8, []),
}
GENERATED = {"symlink-to-solutions", "symlink-to-classmate", "symlink-to-passwd", "symlink-to-decoy",
             "answer-100mb", "answer-15mb", os.fsdecode(b"bytes-\xff\xfe")}
X86_ONLY = {"seccomp-i386", "seccomp-x32"}
PLANTED = ("np2jax-PWNED-plant", "PWNED-by-write-outside", "PWNED-by-seccomp-spawn")


def attacks() -> list[str]:
    return [a for a in EXPECTED if platform.machine() == "x86_64" or a not in X86_ONLY]


def _subreaper() -> None:
    """Orphans of the graded run (a worker's processes, if the grader dies) become ours to end."""
    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _end_descendants() -> None:
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == me:
                for kill in (lambda: os.killpg(int(entry), signal.SIGKILL), lambda: os.kill(int(entry), signal.SIGKILL)):
                    try:
                        kill()
                    except OSError:
                        pass


def _grade(folder: Path, out: Path) -> tuple[dict, float, str]:
    """Grade a class folder with `np2jax grade`; (results by student, seconds, output)."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "np2jax", "grade", str(folder), "--out", str(out), *FLAGS],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, cwd="/")
    try:
        output, _ = proc.communicate(timeout=RUN_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        _end_descendants()
        pytest.fail(f"the run stalled: no result after {RUN_SECONDS} s\n{output.decode(errors='replace')[-3000:]}")
    finally:
        _end_descendants()
    seconds = time.monotonic() - started
    text = output.decode(errors="replace")
    if not (out / "report.json").exists():
        pytest.fail(f"the run crashed before its report (exit {proc.returncode})\n{text[-3000:]}")
    report = json.loads((out / "report.json").read_text())
    # A folder name that is not UTF-8 is reported with its bytes escaped (b"\xff" -> "\\xff").
    return {_folder(r["student"]): r for r in report["submissions"]}, seconds, f"exit {proc.returncode}\n{text}"


class _Watch:
    """inotify on one file: did anything open or read it?"""

    def __init__(self, path: Path):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0 and self.libc.inotify_add_watch(self.fd, str(path).encode(), 0x20 | 0x01) >= 0

    def touched(self) -> bool:
        try:
            return bool(os.read(self.fd, 4096))
        except BlockingIOError:
            return False


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    _subreaper()
    root = tmp_path_factory.mktemp("class")
    alone_dir, mixed = root / "alone" / "submitted", root / "mixed" / "submitted"
    for student in ("alice", "bob", "carol"):
        (alone_dir / student).mkdir(parents=True)
        shutil.copy(HONEST[student], alone_dir / student / f"{LESSON}.ipynb")
    for student, source in HONEST.items():
        (mixed / student).mkdir(parents=True)
        shutil.copy(source, mixed / student / f"{LESSON}.ipynb")
    for name in attacks():
        if name not in GENERATED:
            (mixed / name).mkdir()
            shutil.copy(HERE / f"{name}.ipynb", mixed / name / f"{LESSON}.ipynb")
    decoy = root / "decoy" / "secret.ipynb"
    decoy.parent.mkdir()
    shutil.copy(SOL, decoy)
    build.generated(mixed, {"solutions": SOL, "classmate": mixed / "alice" / f"{LESSON}.ipynb",
                            "passwd": Path("/etc/passwd"), "decoy": decoy})
    for stale in PLANTED:
        Path("/tmp", stale).unlink(missing_ok=True)
    watch = _Watch(decoy)
    # The escape-network attack scans every port of 127.0.0.1: listen on one, by TCP and UDP.
    tcp = socket.create_server(("127.0.0.1", 0))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    for s in (tcp, udp):
        s.setblocking(False)
    alone, alone_seconds, _ = _grade(alone_dir, root / "alone" / "graded")
    results, seconds, output = _grade(mixed, root / "mixed" / "graded")
    # (the reports after report.json may be missing if the CLI failed: test_the_run_writes_every_report)
    contacts = []
    for receive in (tcp.accept, lambda: udp.recvfrom(100)):
        try:
            contacts.append(receive())
        except BlockingIOError:
            pass
    tcp.close()
    udp.close()
    print(f"\nclass graded in {seconds:.0f} s ({len(results)} submissions); honest alone in {alone_seconds:.0f} s")
    for student in HONEST:
        print(f"  {student}: {results[student]['seconds']} s among the attackers"
              + (f", {alone[student]['seconds']} s alone" if student in alone else ""))
    return {"alone": alone, "results": results, "output": output, "out": root / "mixed" / "graded", "contacts": contacts,
            "decoy_touched": watch.touched(), "seconds": seconds, "course": course.ROOT}


def test_the_run_writes_every_report(graded_class):
    output = graded_class["output"]
    assert output.startswith("exit 0\n"), output[-3000:]
    out = graded_class["out"]
    assert (out / "grades.csv").exists() and (out / "feedback").is_dir()


def _folder(student: str) -> str:
    """The folder a reported student name came from."""
    return os.fsdecode(student.encode("utf-8").decode("unicode_escape").encode("latin-1")) if "\\x" in student else student


def _said(result: dict) -> str:
    errors = (result.get("answer_errors") or {}).values()
    return "\n".join([result["reason"] or ""] + [t["full_message"] for t in result["tests"].values()]
                     + [f"{e['error']}: {e['message']}\n{e['explanation']}" for e in errors])


def test_every_attack_file_is_in_the_suite():
    files = {p.stem for p in HERE.glob("*.ipynb")}
    assert files == set(EXPECTED) - GENERATED, "tests/grade/adversarial and EXPECTED disagree"
    assert len(EXPECTED) >= 50


@pytest.mark.parametrize("attack", attacks())
def test_attack_ends_with_the_expected_score_and_reason(graded_class, attack):
    result = graded_class["results"][attack]
    status, score, words = EXPECTED[attack]
    said = _said(result)
    assert (result["status"], result["score"]) == (status, score), said
    for word in words:
        assert word in said, f"{word!r} not in:\n{said}"
    if status == "failed":
        assert result["reason"], "a failed submission must say why"
    for test in result["tests"].values():
        assert len(test["message"]) < 2000


def test_honest_grades_are_unchanged_by_the_attacks(graded_class):
    alone, results = graded_class["alone"], graded_class["results"]
    assert {s: alone[s]["score"] for s in ("alice", "bob", "carol")} == {"alice": 8, "bob": 0, "carol": 8}
    for student, like in LIKE.items():
        got = results[student]
        assert got["status"] == "graded" and got["reason"] is None, f"{student}: {got['reason']}"
        assert got["score"] == alone[like]["score"], student
        assert got["tests"] == alone[like]["tests"], f"{student}'s tests differ from {like}'s alone"
        assert got["answer_errors"] == alone[like]["answer_errors"] and not got["tampered"], student


def test_honest_students_are_not_stalled(graded_class):
    """Beside a 100 MB file, a 15 MB answer cell, bombs and endless loops, an honest submission
    takes at most a few times as long as alone (2 cores, shared with the attackers)."""
    alone, results = graded_class["alone"], graded_class["results"]
    for student, like in LIKE.items():
        assert results[student]["seconds"] < 3 * alone[like]["seconds"] + 60, student


def test_nothing_was_planted_or_written_on_the_host(graded_class):
    root = graded_class["course"]
    places = [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), root, root / "solutions", Path(sys.prefix),
              Path(build.__file__).parent, Path.home()]
    found = [str(p / name) for p in places for name in PLANTED if (p / name).exists()]
    for site in map(Path, sys.path):
        found += [str(site / n) for n in ("jax_plugins/pwn", "sitecustomize.py", "zz-pwn.pth", "pwn-0.dist-info")
                  if (site / n).exists() and "np2jax" not in str(site / n)]
    assert not found, f"an attack wrote outside its workdir: {found}"
    assert not (root / "gradebook.db").exists() or (root / "gradebook.db").stat().st_size != 1


def test_the_network_is_closed(graded_class):
    assert graded_class["contacts"] == [], "a submission reached a socket of the host"


def test_symbolic_links_are_refused_without_reading_them(graded_class):
    assert not graded_class["decoy_touched"], "the grader opened a symlinked submission's target"
    for name in ("symlink-to-solutions", "symlink-to-classmate", "symlink-to-passwd"):
        result = graded_class["results"][name]
        assert "root:" not in _said(result) and "BEGIN" not in _said(result)


def test_feedback_shows_no_hidden_test_and_no_unbounded_text(graded_class):
    """No student's feedback holds a hidden test's inputs or expected values, or more of the
    text a submission controls (its exceptions' messages, its own strings) than the bounds."""
    literals = hidden_literals(LESSON)
    folder = graded_class["out"] / "feedback"
    pages = list(folder.rglob("*.html"))
    assert len(pages) == len(graded_class["results"])
    leaks, floods = [], []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        leaks += [f"{page.parent.name}: {lit}"
                  for lit in leaked(text, literals, stated_values=False, shortest_number=3)]
        if max(map(len, re.findall("Q+", text)), default=0) > TEXT:
            floods.append(page.parent.name)
    assert not leaks, f"hidden-test literals in feedback: {leaks}"
    assert not floods, f"feedback with more than {TEXT} characters of a submission's text: {floods}"


def test_reports_stay_bounded(graded_class):
    out = graded_class["out"]
    text = (out / "report.json").read_text()
    assert len(text) < 3_000_000
    assert max(map(len, re.findall("Q+", text)), default=0) <= 500, "report.json holds unbounded submission text"
    rows = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("student,") and len(rows) == 1 + len(graded_class["results"])
    assert "alice,8,8" in rows and "李,8,8" in rows and "王,0,0" in rows


def test_unicode_students_get_their_own_feedback(graded_class):
    folder = graded_class["out"] / "feedback"
    li, wang = folder / "李" / f"{LESSON}.html", folder / "王" / f"{LESSON}.html"
    assert li.exists() and wang.exists(), sorted(p.name for p in folder.iterdir())
    assert "Student: 李" in li.read_text(encoding="utf-8") and "8 / 8" in li.read_text(encoding="utf-8")
    assert "Student: 王" in wang.read_text(encoding="utf-8") and "0 / 8" in wang.read_text(encoding="utf-8")


def test_tampering_is_undone_and_reported(graded_class):
    results = graded_class["results"]
    assert {"numpy.allclose", "jax.numpy.allclose", "np2jax.learner.expect.array", "builtins.abs"} <= set(
        results["patch-numpy-jax"]["tampered"])
    assert "np2jax.learner.expect" in results["rebind-expect-probe"]["tampered"]
    assert "jax.config.jax_enable_x64" in results["x64-misconception"]["tampered"]


def test_default_refuses_a_host_that_cannot_isolate(monkeypatch):
    from np2jax.grade import grade, pool

    monkeypatch.setattr(isolate, "check_host", lambda: "user namespaces are disabled (simulated)")
    with pytest.raises(pool.IsolationUnavailable, match="simulated"):
        pool.Pool(1)
    with pytest.raises(pool.IsolationUnavailable, match="--trusted"):
        grade([HERE / "empty-file.ipynb"], workers=1)
    pool.Pool(1, isolate=False).close()  # trusted: no isolation asked for, none checked
