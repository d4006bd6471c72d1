"""feedback/<student>/<lesson>.html: what passed, what failed and why, for the student.

Messages come from the checks (why + hint); hidden tests never show their code or expected
values unless the instructor asks with reveal_hidden.
"""
from __future__ import annotations

import hashlib
import html
import unicodedata
from pathlib import Path

from np2jax.grade.records import AnswerError
from np2jax.report.files import write_atomically

_STYLE = """body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;color:#222}
.ok{color:#1a7f37}.bad{color:#b42318}pre{white-space:pre-wrap;background:#f6f8fa;padding:.6em;border-radius:4px}
.reason{background:#fff4e5;padding:.6em;border-left:4px solid #f79009}"""


def _safe(name: str) -> str:
    """A file name for `name`: the name itself (Unicode kept) when it is one; otherwise a cleaned
    name plus a hash of the original, so two different names never share a file."""
    clean = "".join(ch for ch in name if ch not in "/\\" and unicodedata.category(ch)[0] != "C")[:80]
    if clean == name and name not in ("", ".", "..") and not name.startswith("."):
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{clean.lstrip('.') or 'student'}-{digest}"


def render(result: dict, reveal_hidden: bool = False) -> str:
    title = f"{result.get('notebook') or Path(result['path']).name}: {result['score']:g} / {result['max_score']:g}"
    parts = [f"<!doctype html><meta charset='utf-8'><title>{html.escape(title)}</title><style>{_STYLE}</style>",
             f"<h1>{html.escape(title)}</h1>", f"<p>Student: {html.escape(result['student'])}</p>"]
    if result.get("reason"):
        parts.append(f"<p class='reason'><b>Note:</b> {html.escape(result['reason'])}</p>")
    errors = result.get("answer_errors") or {}
    for test_id, test in (result.get("tests") or {}).items():
        css = "ok" if test["passed"] else "bad"
        parts.append(f"<h2 class='{css}'>{html.escape(test['exercise'])}: {test['score']:g} / {test['max_score']:g}</h2>")
        if test["exercise"] in errors and not test["passed"]:
            error = AnswerError(**errors[test["exercise"]])
            text = error.full() if reveal_hidden else error.shown()
            parts.append(f"<p>Your answer cell raised an error:</p><pre>{html.escape(text)}</pre>")
        message = test.get("full_message") if reveal_hidden and test.get("full_message") else test["message"]
        parts.append(f"<pre>{html.escape(message)}</pre>")
    return "\n".join(parts) + "\n"


def write(results: list[dict], folder: Path, reveal_hidden: bool = False) -> list[Path]:
    """A page per result; pages left from earlier reports (submissions no longer in them, or not
    graded yet in this run) are removed, so no page outlives its grade."""
    written = []
    for result in results:
        name = result.get("notebook") or Path(result["path"]).stem
        written.append(write_atomically(folder / _safe(result["student"]) / f"{_safe(name)}.html",
                                        render(result, reveal_hidden)))
    for page in set(folder.glob("*/*.html")) - set(written):
        page.unlink()
        if not any(page.parent.iterdir()):
            page.parent.rmdir()
    return written
