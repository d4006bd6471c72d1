"""Make errors in the notebook readable: short failures, explained JAX errors."""
from __future__ import annotations

from np2jax.learner.explain import explain
from np2jax.learner.failure import ExerciseFailure


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


def install() -> bool:
    """Register the handler in the running IPython shell; does nothing outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((Exception,), _handler)
    return True
