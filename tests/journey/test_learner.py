"""The learner's journey through lesson 00 in JupyterLab, in a real browser.

Open the lesson, run the setup cell, run exercise 2's test cell before answering (a failure that
says what to do, with a hint), answer it wrongly the way a NumPy user would (the misconception is
named, with a hint), answer it correctly (the test cell runs clean), then press nbgrader's
Validate button and read its verdict: the exercises still unanswered fail, exercise 2 does not.
"""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from np2jax import course
from tests.journey.lab_ui import (code_cell, error_text, open_notebook, prompt_count, replace_source,
                                 run_cell, wait_for_kernel_idle)

pytestmark = pytest.mark.browser

LESSON = "my-work/00-numpy-api.ipynb"  # the learner's own copy, which `make lab` made
SETUP = "from np2jax.learner import expect, install"
ANSWER = "def mean_of(values):"
TEST = 'expect.defined(globals(), "mean_of")'
VALIDATE_TIMEOUT_MS = 240_000  # nbgrader runs the whole notebook in a fresh kernel


@pytest.mark.timeout(600)
def test_learner_answers_an_exercise_and_validates(page, lab, artifacts):
    start, timings = time.monotonic(), []

    def shot(name: str) -> None:
        """Screenshot a step, and note how long the learner waited for it."""
        page.screenshot(path=str(artifacts / f"learner-{name}.png"))
        timings.append(f"{time.monotonic() - start:6.1f}s  {name}")
        (artifacts / "learner-timings.txt").write_text("\n".join(timings) + "\n")

    panel = open_notebook(page, lab, LESSON)
    expect(panel.locator(".jp-MarkdownCell").first).to_contain_text("The NumPy-inspired API")
    shot("01-lesson-open")

    setup = code_cell(panel, SETUP)
    out = run_cell(page, panel, setup)
    assert error_text(out) == "", f"the setup cell failed:\n{error_text(out)}"
    shot("02-setup-ran")

    # Running the test cell before answering: it says what to do, with a hint.
    test = code_cell(panel, TEST)
    out = run_cell(page, panel, test)
    expect(out).to_contain_text("✗ `mean_of` is not defined yet.")
    expect(out).to_contain_text("Hint: Run your answer cell above first")
    shot("03-test-before-answering")

    # A NumPy habit: the test names the misconception and hints at the fix.
    answer = code_cell(panel, ANSWER)
    replace_source(page, answer, ["def mean_of(values):", "    return np.mean(values)"])
    out = run_cell(page, panel, answer)
    assert error_text(out) == "", f"the answer cell failed:\n{error_text(out)}"
    out = run_cell(page, panel, test)
    expect(out).to_contain_text("✗ mean_of should return a JAX array.")
    expect(out).to_contain_text("Hint: Convert with jnp.asarray(values), then use jnp.mean.")
    # A failed check prints its message (Run All goes on); no traceback through our helpers.
    text = out.inner_text()
    assert "Hint:" in text, f"the failure message has no hint:\n{text}"
    assert "Traceback" not in text and "File " not in text, f"a failed check shows a traceback:\n{text}"
    test.scroll_into_view_if_needed()
    shot("04-wrong-answer-hint")

    # The correct answer: the test cell says so, with no error output.
    answer = code_cell(panel, ANSWER)
    replace_source(page, answer, ["def mean_of(values):", "    return jnp.mean(jnp.asarray(values))"])
    out = run_cell(page, panel, answer)
    assert error_text(out) == "", f"the answer cell failed:\n{error_text(out)}"
    out = run_cell(page, panel, test)
    expect(out).to_contain_text("✓ Visible checks passed")
    assert error_text(out) == "", f"the test cell failed:\n{error_text(out)}"
    shot("05-correct-answer")

    # nbgrader's Validate button (notebook toolbar): saves, runs everything, shows the verdict.
    validate = panel.locator(".jp-Toolbar .validate-button")
    expect(validate).to_be_visible()
    validate.click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Validation Results", timeout=VALIDATE_TIMEOUT_MS)
    verdict = dialog.locator("#validation-message")
    expect(verdict).to_have_class(re.compile(r"validation-failed"))
    expect(verdict).to_contain_text("The following cell failed:")
    text = verdict.inner_text()
    (artifacts / "learner-06-validate-verdict.txt").write_text(text)
    # Exercises 1, 3 and 4 are still unanswered; exercise 2 passes, so its test is not listed.
    for unanswered in ("prediction_1", "lookup(table", "prediction_read"):
        assert unanswered in text, f"the verdict does not list the test using {unanswered}:\n{text}"
    assert "mean_of" not in text, f"exercise 2 is answered but the verdict lists it:\n{text}"
    shot("06-validate-verdict")
    dialog.get_by_role("button", name="Ok").click()
    expect(dialog).to_have_count(0)


RUN_ALL_TIMEOUT_MS = 600_000
_CODE_CELLS = """() => {
    const model = window.jupyterapp.shell.currentWidget.content.model;
    const cells = [];
    for (let i = 0; i < model.cells.length; i++) {
        const cell = model.cells.get(i);
        if (cell.type !== "code") continue;
        const outputs = cell.outputs.toJSON();
        cells.push({count: cell.executionCount, tags: cell.getMetadata("tags") || [],
                    error: outputs.some(o => o.output_type === "error"),
                    text: outputs.map(o => [].concat(o.text || "").join("")).join("")});
    }
    return cells;
}"""
# Run All is over when the last code cell has run, or when a cell not meant to fail has failed
# (JupyterLab stops there): the assertions below then say which.
_RUN_ALL_OVER = ("() => { const c = (" + _CODE_CELLS + ")(); return c.length > 0 && "
                 "(c[c.length - 1].count !== null || c.some(x => x.error && !x.tags.includes('raises-exception'))); }")


@pytest.mark.timeout(900)
def test_run_all_on_an_unanswered_lesson_runs_every_cell(page, lab, artifacts):
    """Run ▸ Run All Cells on lesson 00 as released: every code cell executes (unanswered answer
    cells say so, failing tests print ✗); cells tagged `raises-exception` (error demonstrations) may
    fail, and JupyterLab goes on past them."""
    lesson = course.lessons()[0]
    fresh = f"my-work/run-all-{lesson}.ipynb"  # a copy, so the other journey starts from a clean lesson
    (lab.root / fresh).write_bytes(course.released_notebook(lesson).read_bytes())
    panel = open_notebook(page, lab, fresh)
    # JupyterLab restores the tabs the other journeys left open; the Run menu acts on the current
    # one. A learner clicks into the notebook first, and so does this test, until it is current.
    page.wait_for_function(f"() => window.jupyterapp.shell.currentWidget?.context?.path === {fresh!r}",
                           timeout=60_000)
    panel.locator(".jp-MarkdownCell").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    # Exactly "Run All Cells": the Kernel menu's "Restart Kernel and Run All Cells…" also contains it.
    page.locator(".lm-Menu:visible .lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    # JupyterLab renders only the cells in view, so read the notebook's model, not the page.
    page.wait_for_function("() => (" + _CODE_CELLS + ")()[0].count !== null", timeout=120_000)  # it started
    page.wait_for_function(_RUN_ALL_OVER, timeout=RUN_ALL_TIMEOUT_MS)
    wait_for_kernel_idle(page, panel, timeout=RUN_ALL_TIMEOUT_MS)
    cells = page.evaluate(_CODE_CELLS)
    page.screenshot(path=str(artifacts / "learner-07-run-all-unanswered.png"))
    counts = [c["count"] for c in cells]
    failed = [i for i, c in enumerate(cells) if c["error"]]
    (artifacts / "learner-07-run-all.txt").write_text(
        f"{len(cells)} code cells; execution counts {counts}; cells with an error: {failed}, tags "
        f"{[cells[i]['tags'] for i in failed]}\n")
    assert all("raises-exception" in cells[i]["tags"] for i in failed), (
        f"cells without the raises-exception tag failed: {[(i, cells[i]) for i in failed]}")
    assert all(c is not None for c in counts), f"cells left unexecuted by Run All: {counts}"
    assert counts == sorted(counts), f"Run All ran cells out of order: {counts}"
    assert any("Not answered yet" in c["text"] for c in cells), "no unanswered exercise said so"



@pytest.mark.timeout(600)
def test_every_lesson_opens_from_the_file_browser_in_order(page, lab, artifacts):
    page.goto(lab.url("lab?reset"))
    listing = page.locator(".jp-DirListing-content .jp-DirListing-itemName")
    lessons = course.lessons()
    expect(listing.first).to_be_visible(timeout=120_000)
    crumbs = page.locator(".jp-BreadCrumbs")
    expect(crumbs).to_contain_text("my-work")  # the file browser starts in the learner's folder
    names = [n for n in listing.all_inner_texts() if n.endswith(".ipynb") and not n.startswith("run-all")]
    assert names == [f"{lesson}.ipynb" for lesson in lessons], names
    for lesson in lessons:
        page.locator(".jp-DirListing-item", has_text=f"{lesson}.ipynb").first.dblclick()
        tab = page.locator(".lm-TabBar-tab.jp-mod-current", has_text=f"{lesson}.ipynb")
        expect(tab).to_be_visible(timeout=120_000)
        panel = page.locator(".jp-NotebookPanel:visible")
        expect(panel.locator(".jp-MarkdownCell").first).to_contain_text(lesson[:2], timeout=60_000)
    page.screenshot(path=str(artifacts / "learner-08-every-lesson-open.png"))
    # Close them all and stop their kernels, so the next journey starts on a quiet machine.
    page.evaluate("() => window.jupyterapp.commands.execute('application:close-all')")
    _stop_all_sessions(lab)


def _stop_all_sessions(lab) -> None:
    import json
    import urllib.request

    with urllib.request.urlopen(lab.url("api/sessions"), timeout=30) as response:
        sessions = json.load(response)
    for session in sessions:
        urllib.request.urlopen(urllib.request.Request(lab.url(f"api/sessions/{session['id']}"),
                                                      method="DELETE"), timeout=60).close()
