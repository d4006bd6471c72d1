"""Checks for test cells. Each raises ExerciseFailure(why, hint) instead of asserting.

The comparisons never trust the learner's objects: values are converted to plain NumPy arrays
(or checked for an exact type) before comparing, so an ``__eq__`` that always says True, or a
subclass with rigged methods, cannot pass. References to NumPy functions are taken at import,
before any learner code runs; the grader also restores them before each test cell.
"""
from __future__ import annotations

import os as _os

import numpy as _np

from np2jax.learner.failure import ExerciseFailure

_asarray = _np.asarray
_allclose = _np.allclose
_array_equal = _np.array_equal
_isfinite = _np.isfinite
_ndarray = _np.ndarray
_type, _isinstance, _repr, _callable = type, isinstance, repr, callable
_NUMERIC_KINDS = "biufc"


def _short(value, limit: int = 200) -> str:
    try:
        text = _repr(value)
    except Exception as exc:  # a hostile __repr__ must not break the check
        text = f"<unprintable {_type(value).__name__}: {_type(exc).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _jax_array_type():
    import jax

    return jax.Array


def _strict() -> bool:
    """Graders need a failing test cell to raise; a learner's Run All needs it not to."""
    return bool(_os.environ.get("NBGRADER_EXECUTION") or _os.environ.get("NP2JAX_GRADING"))


class test:
    """The body of every test cell: ``with expect.test(): ...``.

    In a learner's notebook a failed check prints its message (what is wrong, why, a hint) and the
    cell ends without raising, so Run All goes on to the next lesson section. Under a grader
    (``nbgrader validate``/``autograde`` set NBGRADER_EXECUTION; ours sets NP2JAX_GRADING) the
    failure propagates, so the cell errors and scores 0.
    """

    def __enter__(self):
        return self

    def __exit__(self, etype, exc, tb) -> bool:
        if exc is None:
            print("✓ Visible checks passed (the grader also runs hidden tests).")
            return False
        if _strict() or not _isinstance(exc, Exception):
            return False
        from np2jax.learner.explain import describe

        print(describe(exc))
        return True


def that(condition, why: str, hint: str = "") -> None:
    """The general check: fail with `why` unless `condition` is exactly True."""
    if condition is not True and not (_isinstance(condition, (_np.bool_,)) and bool(condition)):
        raise ExerciseFailure(why, hint)


def defined(namespace: dict, name: str, hint: str = "") -> object:
    """The answer cell defines `name` (e.g. ``expect.defined(globals(), "clip")``)."""
    if name not in namespace:
        raise ExerciseFailure(
            f"`{name}` is not defined yet.",
            hint or "Run your answer cell above first; it raises NotImplementedError until you "
            "replace that line with your answer.",
        )
    return namespace[name]


def is_function(value, name: str, hint: str = "") -> None:
    if not _callable(value):
        raise ExerciseFailure(f"`{name}` should be a function, but it is a {_type(value).__name__}.", hint)


def jax_array(value, why: str = "", hint: str = "") -> None:
    """`value` is a real JAX array (not a NumPy array, list or look-alike object)."""
    if not _isinstance(value, _jax_array_type()):
        raise ExerciseFailure(
            why or f"Expected a JAX array, got a {_type(value).__module__}.{_type(value).__name__}.",
            hint,
        )


def _as_numeric(value, what: str):
    try:
        arr = _asarray(value)
    except Exception as exc:
        raise ExerciseFailure(f"{what} could not be read as an array ({_type(exc).__name__}: {exc}).")
    if arr.dtype.kind not in _NUMERIC_KINDS:
        raise ExerciseFailure(
            f"{what} should hold numbers, but it is a {_type(value).__name__} "
            f"(an array of dtype {arr.dtype})."
        )
    return arr


def array(actual, expected, why: str, hint: str = "", *, dtype=None, rtol: float = 1e-5,
          atol: float = 1e-6, exact: bool = False) -> None:
    """`actual` has `expected`'s shape (and `dtype`, if given) and values."""
    got = _as_numeric(actual, "Your result")
    want = _asarray(expected)
    detail = f"  got:      {_short(got)}\n  expected: {_short(want)}"
    if got.shape != want.shape:
        raise ExerciseFailure(why, hint, f"  got shape {got.shape}, expected shape {want.shape}")
    if dtype is not None and got.dtype != _np.dtype(dtype):
        raise ExerciseFailure(why, hint, f"  got dtype {got.dtype}, expected dtype {_np.dtype(dtype)}")
    same = _array_equal(got, want) if exact else _allclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    if not bool(same):
        raise ExerciseFailure(why, hint, detail)


def equal(actual, expected, why: str, hint: str = "") -> None:
    """Exact equality for plain Python values (predictions: strings, ints, bools, tuples, lists).

    The type must match exactly first, so an object that claims to equal everything fails.
    """
    if _type(actual) is not _type(expected):
        raise ExerciseFailure(
            why, hint, f"  got a {_type(actual).__name__}: {_short(actual)}; expected a {_type(expected).__name__}"
        )
    if _isinstance(expected, (tuple, list)):
        if len(actual) != len(expected):
            raise ExerciseFailure(why, hint, f"  got {_short(actual)}")
        for a, e in zip(actual, expected):
            equal(a, e, why, hint)
        return
    if not (expected == actual):
        raise ExerciseFailure(why, hint, f"  got {_short(actual)}")


def raises(exc_types, fn, why: str, hint: str = "") -> BaseException:
    """Calling `fn()` raises one of `exc_types`; returns the exception for further checks."""
    try:
        fn()
    except exc_types as exc:
        return exc
    except Exception as exc:
        raise ExerciseFailure(why, hint, f"  it raised {_type(exc).__name__}: {_short(str(exc))}")
    raise ExerciseFailure(why, hint, "  it raised nothing")
