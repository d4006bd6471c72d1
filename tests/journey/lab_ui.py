"""What a person does in JupyterLab 4, as Playwright steps that wait for the UI, never for a clock.

JupyterLab 4 DOM: cells are `.jp-Cell` (code cells `.jp-CodeCell`), editors CodeMirror 6
(`.cm-content`), the prompt `[n]:` is `.jp-InputPrompt`, outputs `.jp-OutputArea-output`, and the
notebook toolbar's execution indicator carries the kernel status in `data-status`.
"""
from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

KERNEL_START_TIMEOUT_MS = 120_000  # a cold kernel on a busy 2-core machine
RUN_TIMEOUT_MS = 120_000  # the setup cell imports JAX


def open_notebook(page: Page, lab, path: str) -> Locator:
    """Open `path` in JupyterLab and wait until its kernel is idle; returns the notebook panel."""
    page.goto(lab.url(f"lab/tree/{path}"))
    panel = page.locator(".jp-NotebookPanel:visible")
    expect(panel).to_have_count(1, timeout=KERNEL_START_TIMEOUT_MS)
    expect(panel.locator(".jp-Cell").first).to_be_visible()
    wait_for_kernel_idle(page, panel)
    return panel


# The toolbar says "idle" before the kernel has even started, so first wait for the notebook's
# session to have a connected kernel (the server runs with expose_app_in_browser, as Galata does).
_KERNEL_CONNECTED = """() => {
    const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const session = widget && widget.sessionContext;
    const kernel = session && session.isReady && session.session && session.session.kernel;
    return !!kernel && kernel.connectionStatus === "connected";
}"""


def wait_for_kernel_idle(page: Page, panel: Locator, timeout: int = KERNEL_START_TIMEOUT_MS) -> None:
    """Wait until the current notebook's kernel is connected and its toolbar says idle."""
    page.wait_for_function(_KERNEL_CONNECTED, timeout=timeout)
    indicator = panel.locator(".jp-Notebook-ExecutionIndicator")
    expect(indicator).to_have_attribute("data-status", "idle", timeout=timeout)


def code_cell(panel: Locator, containing: str) -> Locator:
    """The one code cell whose source contains `containing`."""
    cells = panel.locator(".jp-CodeCell").filter(
        has=panel.page.locator(".jp-InputArea .cm-content", has_text=containing))
    expect(cells).to_have_count(1)
    return cells


def prompt_count(cell: Locator) -> int | None:
    text = cell.locator(".jp-InputArea .jp-InputPrompt").inner_text()
    found = re.search(r"\[(\d+)\]", text)
    return int(found.group(1)) if found else None


def run_cell(page: Page, panel: Locator, cell: Locator, timeout: int = RUN_TIMEOUT_MS) -> Locator:
    """Select `cell`, press Shift+Enter, wait until it has run; returns its output area."""
    before = prompt_count(cell)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea .cm-content").click()
    page.keyboard.press("Shift+Enter")
    prompt = cell.locator(".jp-InputArea .jp-InputPrompt")
    # The prompt shows [*] while running, then the new execution count.
    expect(prompt).not_to_have_text(re.compile(r"\[\*\]|^\s*\[\s*\]:?\s*$" + (
        rf"|\[{before}\]" if before is not None else "")), timeout=timeout)
    expect(prompt).to_have_text(re.compile(r"\[\d+\]"), timeout=timeout)
    wait_for_kernel_idle(page, panel, timeout=timeout)
    return cell.locator(".jp-OutputArea")


def replace_source(page: Page, cell: Locator, lines: list[str]) -> None:
    """Type `lines` into the cell's editor, replacing what is there, as a person would.

    CodeMirror indents after a line ending in ':' and keeps indentation on Enter, so each line is
    typed without its leading spaces relative to the previous line's indentation.
    """
    editor = cell.locator(".jp-InputArea .cm-content")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    for i, line in enumerate(lines):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line.lstrip())
    typed = editor.inner_text().replace("\u00a0", " ")
    assert typed.split() == " ".join(lines).split(), f"the editor holds {typed!r}, not {lines!r}"


def error_text(outputs: Locator) -> str:
    """The text of the error/stderr outputs in an output area ('' when there are none)."""
    errors = outputs.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    return "\n".join(errors.all_inner_texts())
