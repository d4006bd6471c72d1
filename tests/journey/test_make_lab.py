"""`make lab`, typed as the README says (the `lab` fixture runs it in a copy of the course): it
fills my-work/ with every lesson, serves the course folder, opens lesson 00 first, and its
terminals have the environment on PATH, so the self-check a lesson shows works there."""
from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from np2jax import course

LESSONS = course.lessons()
CHECK_TIMEOUT_S = 600


def test_make_lab_prints_the_server_url_and_fills_my_work(lab):
    log = lab.log.read_text(errors="replace")
    # The URL the server prints (and a browser opens) is lesson 00, in the learner's copy.
    assert f"http://127.0.0.1:{lab.port}/lab/tree/my-work/{LESSONS[0]}.ipynb?token=" in log, log[-3000:]
    assert "np2jax lab: added my-work/00-numpy-api.ipynb" in log, log[-3000:]
    for lesson in LESSONS:  # (the Run All journey adds a copy of its own to my-work/)
        assert f"np2jax lab: added my-work/{lesson}.ipynb" in log, log[-3000:]
        assert (lab.root / "my-work" / f"{lesson}.ipynb").is_file(), lesson


def test_the_servers_front_page_is_lesson_00_and_the_root_is_the_course(lab):
    with urllib.request.urlopen(lab.url("/"), timeout=30) as response:
        assert response.url.split("?")[0].endswith(f"/lab/tree/my-work/{LESSONS[0]}.ipynb"), response.url
    with urllib.request.urlopen(lab.url("api/contents"), timeout=30) as response:
        names = {item["name"] for item in json.load(response)["content"]}
    assert {"my-work", "notebooks", "solutions", "nbgrader_config.py"} <= names, names
    with urllib.request.urlopen(lab.url("lab"), timeout=30) as response:
        page = response.read().decode()
    assert '"preferredPath": "/my-work"' in page or "my-work" in page  # the file browser starts there


def _terminal(lab, cwd: str) -> str:
    request = urllib.request.Request(lab.url("api/terminals"), method="POST",
                                     data=json.dumps({"cwd": cwd}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["name"]


def _run_in_terminal(lab, name: str, command: str, until: str, timeout_s: float) -> str:
    """Type `command` into the terminal, as a learner would; return its output up to `until`."""
    import asyncio
    import concurrent.futures

    from tornado import websocket

    async def talk() -> str:
        ws = await websocket.websocket_connect(
            f"ws://127.0.0.1:{lab.port}/terminals/websocket/{name}?token={lab.token}")
        ws.write_message(json.dumps(["stdin", command + "\r"]))
        seen = ""
        while not re.search(until, seen):
            message = await ws.read_message()
            if message is None:
                break
            kind, *rest = json.loads(message)
            if kind == "stdout":
                seen += rest[0]
        ws.close()
        return seen

    # A thread of its own: the browser tests' Playwright keeps an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(talk(), timeout_s)).result()


@pytest.mark.timeout(900)
def test_the_lab_terminal_runs_the_self_check_a_lesson_shows(lab):
    # JupyterLab's launcher opens a terminal in the file browser's folder: my-work/.
    name = _terminal(lab, "my-work")
    # The markers are spelt so that the terminal's echo of the typed line does not match them.
    out = _run_in_terminal(lab, name, 'command -v np2jax; echo "PATH""-DONE"', r"PATH-DONE", 60)
    found = [line.strip() for line in out.splitlines() if line.strip().endswith("/bin/np2jax")]
    expected = (lab.root / ".venv" / "bin" / "np2jax").resolve()
    assert found and Path(found[-1].split("\r")[-1]).resolve() == expected, out
    out = _run_in_terminal(lab, name, f'np2jax check {LESSONS[0]}.ipynb; echo "CHECK""-EXIT=$?"',
                           r"CHECK-EXIT=\d", CHECK_TIMEOUT_S)
    # (the learner journey may have answered exercise 2 in this copy already)
    assert "Self-check of" in out and re.search(r"Score on visible tests: \d+/8", out), out[-3000:]
