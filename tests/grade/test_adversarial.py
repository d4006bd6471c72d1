"""One class, graded in one run: three honest students beside a submission for each threat.

Every hostile or broken file ends with a score or a stated reason, and the honest students'
grades are exactly what they get when graded alone.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from np2jax import course
from np2jax.grade import grade, sandbox
from np2jax.grade.limits import Limits
from np2jax.report import write_all

HERE = Path(__file__).parent / "adversarial"
LESSON = "00-numpy-api"
LIMITS = Limits(cell_seconds=20, submission_seconds=240, memory_mb=4096)
SANDBOXED = sandbox.mode() == "bubblewrap"
# Threats the process mode cannot stop (it has no private view of the filesystem); they are graded
# only where bubblewrap runs, and docs/grading.md says so.
NEEDS_SANDBOX = {"reading-solutions", "writing-gradebook"}

# threat: (status, score out of 8, words the reason or a test message must contain)
EXPECTED = {
    "infinite-loop": ("graded", 6, "time limit"),
    "timeout-ignored": ("failed", 2, "could not be interrupted"),
    "os-exit": ("failed", 2, "exited with code 0 while running cell l00-ex2"),
    "sys-exit": ("graded", 6, "SystemExit"),
    "memory-bomb": ("graded", 6, "MemoryError"),
    "fork-bomb": ("graded", 6, "Operation not permitted"),
    "output-flood": ("graded", 8, ""),
    "deleted-test-cell": ("graded", 6, "returns a NumPy or Python number"),
    "edited-test-cell": ("graded", 6, "returns a NumPy or Python number"),
    "monkeypatched-numpy-testing": ("graded", 6, "returns a NumPy or Python number"),
    "rigged-eq": ("graded", 4, "got a Yes"),
    "reading-solutions": ("graded", 6, "FileNotFoundError"),
    "writing-gradebook": ("graded", 6, "returns a NumPy or Python number"),
    "forged-results": ("graded", 6, "returns a NumPy or Python number"),
    "malformed-json": ("failed", 0, "not a readable notebook"),
    "wrong-nbformat": ("failed", 0, "not a readable notebook"),
    "empty-file": ("failed", 0, "the file is empty"),
    "another-lesson": ("failed", 0, "holds lesson 01-immutability-at's notebook, not 00-numpy-api's"),
}
HONEST = {"alice": 8, "bob": 0, "carol": 6}


def _honest(folder: Path) -> None:
    for student, source in (("alice", course.source_notebook(LESSON)), ("bob", course.released_notebook(LESSON)),
                            ("carol", HERE / "edited-test-cell.ipynb")):
        (folder / student).mkdir(parents=True)
        shutil.copy(source, folder / student / f"{LESSON}.ipynb")


def threats() -> list[str]:
    return [t for t in EXPECTED if SANDBOXED or t not in NEEDS_SANDBOX]


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    honest_only, mixed = root / "honest" / "submitted", root / "mixed" / "submitted"
    _honest(honest_only)
    _honest(mixed)
    for threat in threats():
        (mixed / threat).mkdir()
        shutil.copy(HERE / f"{threat}.ipynb", mixed / threat / f"{LESSON}.ipynb")
    alone = {r["student"]: r for r in grade([honest_only], workers=2, limits=LIMITS)}
    results = grade([mixed], workers=2, limits=LIMITS)
    out = root / "graded"
    write_all(results, out)
    return alone, {r["student"]: r for r in results}, out


def test_every_threat_file_is_in_the_suite():
    files = {p.stem for p in HERE.glob("*.ipynb")}
    assert files == set(EXPECTED), "tests/grade/adversarial and EXPECTED disagree"
    assert len(files) >= 15


@pytest.mark.parametrize("threat", threats())
def test_threat_ends_with_the_expected_score_and_reason(graded_class, threat):
    _, results, _ = graded_class
    status, score, words = EXPECTED[threat]
    result = results[threat]
    said = " ".join([result["reason"] or ""] + [t["message"] for t in result["tests"].values()]
                    + list((result.get("answer_errors") or {}).values()))
    assert (result["status"], result["score"]) == (status, score), said
    assert words in said
    if status == "failed":
        assert result["reason"], "a failed submission must say why"


def test_honest_grades_are_unchanged_by_the_threats(graded_class):
    alone, results, _ = graded_class
    for student, score in HONEST.items():
        assert results[student]["score"] == alone[student]["score"] == score
        for test_id, test in alone[student]["tests"].items():
            assert results[student]["tests"][test_id] == test, f"{student} {test_id}"
        assert results[student]["status"] == "graded"


def test_tampering_is_undone_and_reported(graded_class):
    _, results, _ = graded_class
    tampered = results["monkeypatched-numpy-testing"]["tampered"]
    assert {"numpy.allclose", "jax.numpy.allclose", "np2jax.learner.expect.array"} <= set(tampered)


def test_output_flood_does_not_flood_the_report(graded_class):
    _, _, out = graded_class
    assert (out / "report.json").stat().st_size < 2_000_000
    report = json.loads((out / "report.json").read_text())
    assert len(report["submissions"]) == len(threats()) + len(HONEST)


@pytest.mark.skipif(not SANDBOXED, reason="bubblewrap is not installed here: process mode cannot hide files")
def test_sandbox_keeps_the_course_untouched(graded_class):
    assert not (course.ROOT / "PWNED-by-writing-gradebook").exists()


def test_gradebook_has_a_row_per_student(graded_class):
    _, _, out = graded_class
    rows = (out / "grades.csv").read_text().splitlines()
    assert rows[0].startswith("student,") and len(rows) == 1 + len(threats()) + len(HONEST)
    assert "alice,8,8" in rows
