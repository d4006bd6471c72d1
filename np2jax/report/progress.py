"""A progress bar with a live summary while a class is graded (plain lines when not a terminal)."""
from __future__ import annotations

import sys
import threading


class Progress:
    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.stream, self.done, self.failed = total, stream, 0, 0
        self.points, self.max_points = 0.0, 0.0
        self.lock = threading.Lock()
        self._bar = None

    def __enter__(self):
        if self.stream.isatty():
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(console=None, transient=False)
            self._bar.start()
            self._task = self._bar.add_task("grading", total=self.total)
        return self

    def update(self, result) -> None:
        with self.lock:
            self.done += 1
            self.failed += result.status == "failed"
            self.points += result.score
            self.max_points += result.max_score
            line = (f"{self.done}/{self.total} graded, {self.failed} failed, "
                    f"mean {100 * self.points / max(self.max_points, 1e-9):.0f}%")
            if self._bar is not None:
                self._bar.update(self._task, advance=1, description=line)
            else:
                print(f"[{line}] {result.student}/{result.notebook or '?'}: "
                      f"{result.score:g}/{result.max_score:g} {result.status}", file=self.stream, flush=True)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()
