"""The instructor's journey: nbgrader's formgrader, opened from JupyterLab's Nbgrader menu, lists
every lesson as an assignment (each folder of solutions/, as nbgrader_config.py sets up)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.journey.conftest import ROOT

pytestmark = pytest.mark.browser

LESSONS = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and p.name[:2].isdigit())
FORMGRADER_TIMEOUT_MS = 60_000


@pytest.mark.timeout(300)
def test_formgrader_lists_the_lessons(page, lab, artifacts):
    assert LESSONS, "no lessons in solutions/"
    page.goto(lab.url("lab?reset"))  # a clean workspace: no tabs left open by other journeys
    menu = page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")
    expect(menu).to_be_visible(timeout=FORMGRADER_TIMEOUT_MS)
    menu.click()
    page.locator(".lm-Menu-itemLabel", has_text="Formgrader").first.click()

    # The formgrader opens as a JupyterLab tab holding nbgrader's web page in a frame.
    tab = page.locator(".lm-TabBar-tab", has_text="Formgrader")
    expect(tab).to_be_visible()
    frame = page.frame_locator("#formgrader iframe")
    expect(frame.locator("body")).to_contain_text("Manage Assignments", timeout=FORMGRADER_TIMEOUT_MS)
    table = frame.locator("table")
    for lesson in LESSONS:
        expect(table.first).to_contain_text(lesson, timeout=FORMGRADER_TIMEOUT_MS)
    page.screenshot(path=str(artifacts / "instructor-01-formgrader-assignments.png"))
