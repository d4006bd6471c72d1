"""What `np2jax grade` writes: report.json, grades.csv (golden file), feedback pages, summary."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from np2jax import course
from np2jax.grade import grade
from np2jax.grade.limits import Limits
from np2jax.report import gradebook, summary, write_all

GOLDEN = Path(__file__).parent / "golden"
LESSON = "00-numpy-api"
HIDDEN_ONLY = course.ROOT / "tests/exercises/00-numpy-api/l00-ex3/wrong_hardcoded_length.py"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    import nbformat

    root = tmp_path_factory.mktemp("reports")
    folder = root / "submitted"
    for student, source in (("alice", course.source_notebook(LESSON)), ("bob", course.released_notebook(LESSON))):
        (folder / student).mkdir(parents=True)
        shutil.copy(source, folder / student / f"{LESSON}.ipynb")
    # carol passes ex3's visible test by fitting its example, and fails the hidden one.
    nb = nbformat.read(course.source_notebook(LESSON), as_version=4)
    next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "l00-ex3").source = HIDDEN_ONLY.read_text()
    (folder / "carol").mkdir()
    nbformat.write(nb, folder / "carol" / f"{LESSON}.ipynb")
    (folder / "dave").mkdir()
    (folder / "dave" / f"{LESSON}.ipynb").write_text("")
    for name in ("李", "王"):  # two names a naive file-name filter maps to the same "_"
        (folder / name).mkdir()
        shutil.copy(course.source_notebook(LESSON) if name == "李" else course.released_notebook(LESSON),
                    folder / name / f"{LESSON}.ipynb")
    results = grade([folder], workers=2, limits=Limits(cell_seconds=60))
    out = root / "graded"
    write_all(results, out)
    write_all(results, root / "instructor", reveal_hidden=True)
    return results, out, root / "instructor"


def test_report_json_has_every_field_for_every_submission(graded):
    _, out, _ = graded
    whole = json.loads((out / "report.json").read_text())
    assert whole["complete"] is True and whole["pending"] == []
    report = whole["submissions"]
    assert [r["student"] for r in report] == ["alice", "bob", "carol", "dave", "李", "王"]
    for entry in report:
        assert {"student", "notebook", "score", "max_score", "status", "reason", "tests", "graded_at"} <= set(entry)
        assert entry["status"] in ("graded", "failed")
        assert entry["status"] == "graded" or entry["reason"]
        for test in entry["tests"].values():
            assert {"score", "max_score", "passed", "message"} <= set(test)


def test_gradebook_matches_golden_file(graded):
    _, out, _ = graded
    assert (out / "grades.csv").read_text() == (GOLDEN / "grades.csv").read_text()


def test_feedback_keeps_hidden_details_from_students(graded):
    results, out, instructor = graded
    carol = next(r for r in results if r.student == "carol")
    assert carol.tests["l00-ex3-test"].passed is False
    student_page = (out / "feedback" / "carol" / f"{LESSON}.html").read_text()
    assert "Out-of-bounds indices should give" in student_page  # the why and the hint reach her
    assert "expected:" not in student_page and "BEGIN HIDDEN" not in student_page
    assert "9.0" not in student_page  # the hidden test's expected values
    instructor_page = (instructor / "feedback" / "carol" / f"{LESSON}.html").read_text()
    assert "expected:" in instructor_page and "hidden test, line" in instructor_page


def test_failed_submission_gets_a_page_with_its_reason(graded):
    _, out, _ = graded
    page = (out / "feedback" / "dave" / f"{LESSON}.html").read_text()
    assert "the file is empty" in page


def test_summary_counts_exercises_and_draws_the_distribution(graded):
    results, out, _ = graded
    stats = summary.exercise_stats([r.to_dict() for r in results])
    assert stats["l00-ex1"]["attempts"] == 5 and stats["l00-ex1"]["passed"] == 3
    text = (out / "summary.md").read_text()
    assert "6 submissions: 5 graded, 1 failed" in text and "dave" in text
    assert (out / "scores.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_student_gets_their_own_feedback_page_unicode_kept(graded):
    _, out, _ = graded
    li, wang = (out / "feedback" / "李" / f"{LESSON}.html"), (out / "feedback" / "王" / f"{LESSON}.html")
    assert "8 / 8" in li.read_text() and "0 / 8" in wang.read_text()


def test_feedback_file_names_never_collide():
    from np2jax.report.feedback import _safe

    names = ["李", "王", "a/b", "a\\b", "a_b", ".", "..", ".hidden", "tab\there", ""]
    assert len({_safe(n) for n in names}) == len(names)
    assert _safe("李") == "李" and "/" not in "".join(_safe(n) for n in names)


def test_gradebook_table_from_results():
    results = [
        {"student": "b", "notebook": "01-x", "score": 3.0},
        {"student": "a", "notebook": "00-y", "score": 2.5},
        {"student": "a", "notebook": "01-x", "score": 1.0},
        {"student": "c", "notebook": None, "score": 0.0},
    ]
    columns, rows = gradebook.table(results)
    assert columns == ["student", "00-y", "01-x", "total"]
    assert rows == [{"student": "a", "00-y": "2.5", "01-x": "1", "total": "3.5"},
                    {"student": "b", "01-x": "3", "total": "3"},
                    {"student": "c", "total": "0"}]
