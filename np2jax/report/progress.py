"""A progress bar with a live summary while a class is graded (plain lines when not a terminal).

The summary counts the results kept from earlier runs (the gradebook's) beside those graded now;
in plain mode a line every HEARTBEAT_SECONDS without a result says the run is still going.
"""
from __future__ import annotations

import sys
import threading
import time

HEARTBEAT_SECONDS = 60


class Progress:
    def __init__(self, total: int, kept=(), stream=sys.stderr):
        self.total, self.stream, self.done, self.failed = total, stream, 0, 0
        self.kept = len(kept)
        self.points, self.max_points = sum(g.score for g in kept), sum(g.max_score for g in kept)
        self.lock = threading.Lock()
        self.last_result = self.last_line = time.monotonic()
        self._bar = None
        self._stop = threading.Event()

    def line(self) -> str:
        return (f"{self.done}/{self.total} graded, {self.failed} failed, {self.kept} kept from earlier runs, "
                f"mean {100 * self.points / max(self.max_points, 1e-9):.0f}%")

    def __enter__(self):
        if self.kept:
            print(f"kept {self.kept} result(s) from earlier runs (nothing they depend on changed); "
                  f"grading {self.total}", file=self.stream, flush=True)
        if self.stream.isatty():
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(console=None, transient=False)
            self._bar.start()
            self._task = self._bar.add_task(self.line(), total=self.total)
        else:
            threading.Thread(target=self._heartbeat, daemon=True).start()
        return self

    def _heartbeat(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS / 4):
            with self.lock:
                if time.monotonic() - self.last_line >= HEARTBEAT_SECONDS:
                    print(f"[{self.line()}] still grading "
                          f"({time.monotonic() - self.last_result:.0f} s since the last result)",
                          file=self.stream, flush=True)
                    self.last_line = time.monotonic()

    def update(self, result) -> None:
        with self.lock:
            self.done += 1
            self.failed += result.status == "failed"
            self.points += result.score
            self.max_points += result.max_score
            self.last_result = self.last_line = time.monotonic()
            if self._bar is not None:
                self._bar.update(self._task, advance=1, description=self.line())
            else:
                print(f"[{self.line()}] {result.student}/{result.notebook or '?'}: "
                      f"{result.score:g}/{result.max_score:g} {result.status}", file=self.stream, flush=True)

    def __exit__(self, *exc):
        self._stop.set()
        if self._bar is not None:
            self._bar.stop()
        else:
            print(f"[{self.line()}] done", file=self.stream, flush=True)
