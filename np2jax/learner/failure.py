"""The one exception a failed check raises, carrying its parts for reports."""
from __future__ import annotations


class ExerciseFailure(AssertionError):
    """A check failed. ``why`` names the misconception; ``hint`` points the way out.

    ``detail`` holds got/expected values; graded feedback leaves it out for hidden tests.
    """

    def __init__(self, why: str, hint: str = "", detail: str = ""):
        self.why, self.hint, self.detail = why, hint, detail
        super().__init__(self.render())

    def render(self, with_detail: bool = True) -> str:
        lines = [f"✗ {self.why}"]
        if with_detail and self.detail:
            lines.append(self.detail)
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)
