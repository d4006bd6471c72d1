"""What a lesson's hidden tests hold that its students cannot see.

A hidden block's literals are the numbers in its code, and the tuples, lists, calls, comparisons
and conditionals it passes to a check or a function, that the student's notebook does not show.
Its texts are the `why` and `hint` of every check in it: what a student's feedback shows of a
hidden failure (np2jax.grade.score). `leaks` finds in a text those literals, a spelt-out expected
value, or computed (f-string) parts.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache

import nbformat

from np2jax import cells as C, course

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?!\w|\.\d)")
# An expected value spelt out: "should be 2.0", "expected 7", "gives 3".
STATED_VALUE = re.compile(r"\b(?:should be|should equal|expected|gives)\s+-?\d")
TRIVIAL = {"0", "1", "0.0", "1.0"}  # "zero times", "a single bin": they name a case, not an input
# Computed parts a hidden why may show: an exception's class name (the judge passes on only builtin
# and JAX classes), a parameter's key the statement names, the accuracy the learner's own loop reached.
SAFE_COMPUTED = {"type(err).__name__", "failure", "_k", "_acc"}


@dataclass(frozen=True)
class HiddenBlock:
    grade_id: str
    texts: tuple[str, ...]
    literals: frozenset[str]


def _strings(node: ast.AST) -> str:
    """The literal text of a why/hint argument (of an f-string, its constant parts)."""
    return " ".join(n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))


def _numbers(nodes) -> set[str]:
    return {repr(n.value) for node in nodes for n in ast.walk(node)
            if isinstance(n, ast.Constant) and type(n.value) in (int, float)}


@lru_cache(maxsize=None)
def hidden_blocks(lesson: str) -> tuple[HiddenBlock, ...]:
    source = nbformat.read(course.source_notebook(lesson), as_version=4)
    student = nbformat.read(course.released_notebook(lesson), as_version=4)
    shown_text = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    shown_numbers = set(NUMBER.findall(shown_text))
    blocks = []
    for cell in source.cells:
        if not C.is_test(cell) or BEGIN not in cell.source:
            continue
        lines = cell.source.splitlines()
        first = next(i for i, line in enumerate(lines, 1) if BEGIN in line)
        last = next((i for i, line in enumerate(lines, 1) if END in line), len(lines) + 1)
        hidden = [n for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.stmt) and first < n.lineno < last]
        texts, literals = [], set()
        for node in (n for statement in hidden for n in ast.walk(statement)):
            if not isinstance(node, ast.Call):
                continue
            for keyword in (k for k in node.keywords if k.arg in ("why", "hint")):
                computed = any(isinstance(n, ast.FormattedValue) and ast.unparse(n.value) not in SAFE_COMPUTED
                               for n in ast.walk(keyword.value))
                # A computed text (an f-string) could show a hidden value: flagged as "{computed}".
                texts.append(_strings(keyword.value) + (" {computed}" if computed else ""))
            for part in [*node.args, *(k.value for k in node.keywords if k.arg not in ("why", "hint"))]:
                if isinstance(part, (ast.Tuple, ast.List, ast.Call, ast.Compare, ast.IfExp)):
                    segment = ast.get_source_segment(cell.source, part)
                    if segment and len(segment) >= 5 and segment not in shown_text and "expect." not in segment:
                        literals.add(segment)
        literals |= _numbers(hidden) - shown_numbers - TRIVIAL
        blocks.append(HiddenBlock(C.grade_id(cell), tuple(texts), frozenset(literals)))
    return tuple(blocks)


def hidden_literals(lesson: str) -> frozenset[str]:
    return frozenset().union(*(b.literals for b in hidden_blocks(lesson)))


def leaks(text: str, literals, stated_values: bool = True, shortest_number: int = 1) -> list[str]:
    """The literals that `text` contains (a number only as a whole number, of at least
    `shortest_number` characters), and any expected value it spells out."""
    said = []
    for literal in sorted(literals):
        if re.fullmatch(r"-?\d+(?:\.\d+)?", literal):
            if len(literal) >= shortest_number and re.search(rf"(?<![\w.]){re.escape(literal)}(?!\w|\.\d)", text):
                said.append(literal)
        elif literal in text:
            said.append(literal)
    if "{computed}" in text:
        said.append("{computed}")
    if stated_values and STATED_VALUE.search(text):
        said.append(STATED_VALUE.search(text).group(0))
    return said
