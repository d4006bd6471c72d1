"""Make the notebook readable and Run All go to the end: short failures, explained JAX errors,
and an unanswered exercise that says so instead of stopping the run."""
from __future__ import annotations

import ast
import os

from np2jax.learner.explain import explain
from np2jax.learner.failure import ExerciseFailure

UNANSWERED = ("✗ Not answered yet: replace `raise NotImplementedError()` in this cell with your "
              "answer, then run this cell and its test cell again.")


def _handler(shell, etype, value, tb, tb_offset=None):
    if isinstance(value, ExerciseFailure):
        # A failed check is the whole story: no traceback through our helpers, no "%tb" advice.
        stb = [value.render()]
        shell._showtraceback(etype, value, stb)
        return stb
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    explanation = explain(value)
    if explanation is not None:
        stb = list(stb) + ["", explanation.render()]
    shell._showtraceback(etype, value, stb)
    return stb


def _is_stub(node: ast.stmt) -> bool:
    """`raise NotImplementedError()` (or without the call): the line nbgrader puts in answer cells."""
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(target, ast.Name) and target.id == "NotImplementedError"


class Unanswered(ast.NodeTransformer):
    """A top-level answer stub prints that the exercise is unanswered and ends the cell there.

    Inside a function the stub stays as it is (calling the function raises, and its test cell
    says the exercise is not answered), so only a learner's Run All changes: it goes on.
    """

    def visit_Module(self, node: ast.Module) -> ast.Module:
        for index, statement in enumerate(node.body):
            if _is_stub(statement):
                say = ast.Expr(ast.Call(ast.Name("print", ast.Load()), [ast.Constant(UNANSWERED)], []))
                node.body = node.body[:index] + [ast.copy_location(say, statement)]
                return ast.fix_missing_locations(node)
        return node


def install() -> bool:
    """Register the handler (and, for learners, the answer-stub rewrite) in the running IPython.

    Does nothing outside IPython. Under a grader (NBGRADER_EXECUTION, NP2JAX_GRADING) stubs raise
    as written, so an unanswered exercise scores 0 there.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((Exception,), _handler)
    graded = os.environ.get("NBGRADER_EXECUTION") or os.environ.get("NP2JAX_GRADING")
    if not graded and not any(isinstance(t, Unanswered) for t in shell.ast_transformers):
        shell.ast_transformers.append(Unanswered())
    return True
