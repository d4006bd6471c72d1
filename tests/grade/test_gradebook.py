"""The gradebook (np2jax/grade/gradebook.py), through the real CLI and a real SQLite file: every
result committed as it is graded, a SIGKILLed run resumed without regrading what had finished,
changed submissions regraded with their history kept, and reports rebuilt from the database."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta

import nbformat
import pytest

from np2jax import course
from np2jax.grade.gradebook import FILE, grader_version

pytestmark = pytest.mark.slow  # each fixture grades a class through the CLI (about a minute in all)

LESSON = "00-numpy-api"
STUDENTS = ("alice", "bob", "carol", "dave")


def np2jax(*args):
    return subprocess.run([sys.executable, "-m", "np2jax", *args], capture_output=True, text=True, timeout=900)


def copy_course(root):
    """A course of its own (solutions/, notebooks/, nbgrader_config.py): the run's sources stay put."""
    for folder in ("solutions", "notebooks"):
        shutil.copytree(course.ROOT / folder / LESSON, root / folder / LESSON)
    shutil.copy(course.ROOT / "nbgrader_config.py", root)
    return root


def with_answer(source, exercise: str, answer: str):
    """A lesson's solution with one answer cell replaced."""
    nb = nbformat.read(source, as_version=4)
    next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == exercise).source = answer
    return nb


def rows(out) -> list[tuple]:
    """The results table, read by another connection while (or after) the grader writes."""
    try:
        with sqlite3.connect(f"file:{out / FILE}?mode=ro", uri=True) as db:
            return db.execute("SELECT student, path, submission_sha, source_sha, grader, why, score, graded_at "
                              "FROM results ORDER BY id").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []


def report(out) -> dict:
    return json.loads((out / "report.json").read_text())


@pytest.fixture(scope="module")
def killed_and_resumed(tmp_path_factory):
    """A class of four graded one at a time, killed (SIGKILL, the whole process group) once the
    gradebook holds a result, then the same command run again."""
    root = copy_course(tmp_path_factory.mktemp("gradebook"))
    submitted, out = root / "submitted", root / "graded"
    for student in STUDENTS:
        (submitted / student).mkdir(parents=True)
        source = course.released_notebook(LESSON, root) if student == "bob" else course.source_notebook(LESSON, root)
        shutil.copy(source, submitted / student / f"{LESSON}.ipynb")
    nbformat.write(with_answer(course.source_notebook(LESSON, root), "l00-ex1", "raise ValueError('not yet')"),
                   submitted / "carol" / f"{LESSON}.ipynb")
    # What an older run left: a complete-looking report and a feedback page for someone gone.
    (out / "feedback" / "zed").mkdir(parents=True)
    (out / "feedback" / "zed" / f"{LESSON}.html").write_text("8 / 8")
    (out / "report.json").write_text(json.dumps({"submissions": [{"student": "zed", "score": 8.0}]}))
    command = ["--course", str(root), "grade", str(submitted), "--out", str(out), "--workers", "1"]

    started = time.monotonic()
    grader = subprocess.Popen([sys.executable, "-m", "np2jax", *command], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, start_new_session=True)
    while not rows(out) and grader.poll() is None and time.monotonic() - started < 600:
        time.sleep(0.05)
    os.killpg(grader.pid, signal.SIGKILL)
    grader.wait(timeout=60)
    after_kill = rows(out), report(out), sorted(p.relative_to(out).as_posix() for p in (out / "feedback").rglob("*.html"))
    resumed = np2jax(*command)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    return submitted, out, command, after_kill, resumed


def test_a_killed_run_keeps_what_had_finished_and_the_rerun_grades_only_the_rest(killed_and_resumed):
    submitted, out, _, (kept_rows, _, _), resumed = killed_and_resumed
    assert 1 <= len(kept_rows) < len(STUDENTS), "the kill should land mid-run"
    assert f"kept {len(kept_rows)} result(s) from earlier runs" in resumed.stderr, resumed.stderr[-2000:]
    assert f"grading {len(STUDENTS) - len(kept_rows)}" in resumed.stderr
    assert f"{len(STUDENTS) - len(kept_rows)}/{len(STUDENTS) - len(kept_rows)} graded" in resumed.stderr
    everything = rows(out)
    assert everything[:len(kept_rows)] == kept_rows  # nothing that had finished was graded again
    assert sorted(r[0] for r in everything) == sorted(STUDENTS)  # each graded exactly once
    assert {r[5] for r in everything} == {"new"}


def test_each_result_is_recorded_with_the_keys_it_was_graded_under(killed_and_resumed):
    submitted, out, *_ = killed_and_resumed
    source_sha = hashlib.sha256(course.source_notebook(LESSON, submitted.parent).read_bytes()).hexdigest()
    recorded = {r[0]: r for r in rows(out)}
    for student in STUDENTS:
        _, path, submission_sha, source, grader, _, score, _ = recorded[student]
        notebook = submitted / student / f"{LESSON}.ipynb"
        assert os.fsdecode(path) == str(notebook)
        assert submission_sha == hashlib.sha256(notebook.read_bytes()).hexdigest()
        assert source == source_sha and grader == grader_version()
    assert {s: recorded[s][6] for s in STUDENTS} == {"alice": 8.0, "bob": 0.0, "carol": 6.0, "dave": 8.0}


def test_every_report_entry_says_when_it_was_graded_in_utc(killed_and_resumed):
    _, out, *_ = killed_and_resumed
    final = report(out)
    assert final["complete"] is True and final["pending"] == []
    assert [e["student"] for e in final["submissions"]] == list(STUDENTS)
    for entry in final["submissions"]:
        when = datetime.fromisoformat(entry["graded_at"])
        assert when.utcoffset() == timedelta(0) and entry["graded_at"].endswith("+00:00")
        assert abs(datetime.now(when.tzinfo) - when) < timedelta(hours=1)


def test_an_older_runs_report_is_never_left_looking_current(killed_and_resumed):
    _, out, _, (kept_rows, after_kill, pages), _ = killed_and_resumed
    # At the kill, report.json already described this run: incomplete, the rest pending, zed gone.
    assert after_kill["complete"] is False
    assert len(after_kill["pending"]) + len(after_kill["submissions"]) == len(STUDENTS)
    assert "zed" not in json.dumps(after_kill) and not any(p.startswith("zed/") for p in pages)
    assert not (out / "feedback" / "zed").exists()
    assert not list(out.glob(".*.tmp"))  # atomic writes leave no temporary files behind


@pytest.fixture(scope="module")
def changed(killed_and_resumed):
    """Carol fixes her answer and the same command runs again; then everyone is regraded on request."""
    submitted, out, command, *_ = killed_and_resumed
    shutil.copy(course.source_notebook(LESSON, submitted.parent), submitted / "carol" / f"{LESSON}.ipynb")
    again = np2jax(*command)
    assert again.returncode == 0, again.stderr[-3000:]
    listed = np2jax("report", str(out), "--changes")
    assert listed.returncode == 0, listed.stderr[-3000:]
    return out, command, again, listed


def test_a_changed_submission_is_regraded_and_the_rest_kept(changed):
    out, _, again, _ = changed
    assert "kept 3 result(s) from earlier runs" in again.stderr and "1/1 graded" in again.stderr
    history = [r for r in rows(out) if r[0] == "carol"]
    assert [(r[5], r[6]) for r in history] == [("new", 6.0), ("submission changed", 8.0)]  # both kept
    assert {e["student"]: e["score"] for e in report(out)["submissions"]}["carol"] == 8.0


def test_the_history_lists_what_changed_for_whom(changed):
    _, _, again, listed = changed
    head = f"carol/{LESSON}.ipynb (submission changed"
    for text in (again.stdout[again.stdout.find(head):], listed.stdout):
        assert text.startswith(head), text
        assert "score 6/8 (graded) -> 8/8 (graded)" in text and "l00-ex1-test: failed -> passed" in text
        assert "alice" not in text


def test_reports_rebuilt_from_the_gradebook_equal_the_originals(changed):
    out, *_ = changed
    names = ["report.json", "grades.csv", "summary.md", "scores.png",
             *(p.relative_to(out).as_posix() for p in sorted((out / "feedback").rglob("*.html")))]
    before = {name: (out / name).read_bytes() for name in names}
    for name in names:
        (out / name).unlink()
    rebuilt = np2jax("report", str(out))
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    after = {name: (out / name).read_bytes() for name in names}
    old, new = (json.loads(d.pop("report.json")) for d in (before, after))
    assert old.pop("written_at") <= new.pop("written_at") and old == new
    assert before == after


def test_regrade_on_request_keeps_the_old_results_beside_the_new(changed):
    out, command, *_ = changed
    first = rows(out)
    done = np2jax(*command, "--regrade", "--workers", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "4/4 graded, 0 failed, 0 kept from earlier runs" in done.stderr
    every = rows(out)
    assert every[:len(first)] == first and [r[5] for r in every[len(first):]] == ["regrade asked (--regrade)"] * 4
    assert "4 regrade(s): 0 changed, 4 unchanged" in done.stdout
    listed = np2jax("report", str(out), "--changes").stdout
    assert "5 regrade(s): 1 changed, 4 unchanged" in listed and "carol" in listed



def test_a_changed_lesson_source_regrades_everyone_who_took_it(changed):
    """Decided before any grading: a run opened after the source changed keeps nothing (and its
    reports, rebuilt from the gradebook, show everyone pending, none with an out-of-date grade)."""
    from np2jax.course import Course
    from np2jax.grade import discover
    from np2jax.grade.gradebook import Gradebook
    from np2jax.report import rebuild

    out, command, *_ = changed
    the_course = Course(out.parent)
    source = the_course.source(LESSON)
    source.write_text(source.read_text().replace("Exercise 1", "Exercise one"))
    with Gradebook(out / FILE) as book:
        settings = json.loads(sqlite3.connect(out / FILE).execute("SELECT settings FROM runs").fetchone()[0])
        run = book.start(discover.find([out.parent / "submitted"]), the_course, settings)
        assert run.kept == [] and {why for why, _ in run.why.values()} == {"lesson source changed"}
        rebuild(book, out)
    assert report(out)["complete"] is False and report(out)["submissions"] == []
    assert len(report(out)["pending"]) == 4 and not list((out / "feedback").rglob("*.html"))
    assert "**Incomplete:** 4 more not graded yet" in (out / "summary.md").read_text()
