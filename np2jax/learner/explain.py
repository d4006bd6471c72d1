"""Recognise the errors JAX learners meet most and explain them in a learner's words.

Used in three places: under a traceback in the notebook (see ipython.py), in ``np2jax check``,
and in graded feedback. Each entry points to the lesson section that teaches the fix; a test
checks that every section named here exists as a heading in that lesson.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Explanation:
    title: str
    text: str
    lesson: str
    section: str

    def render(self) -> str:
        return f"💡 {self.title}: {self.text}\n   See lesson {self.lesson}, section “{self.section}”."


# (exception class name or None, regex on the message, explanation). First match wins.
_KNOWN: list[tuple[str | None, str, Explanation | None]] = [
    ("KeyReuseError", r"", Explanation(
        "A PRNG key was used twice",
        "a key must be consumed exactly once; using it again repeats the same 'random' numbers. "
        "Split it (`key, sub = jax.random.split(key)`) and use each new key once.",
        "02-prng-keys", "Key reuse and how to catch it")),
    (None, r"does not support item assignment|JAX arrays are immutable", Explanation(
        "JAX arrays are immutable",
        "`x[i] = v` cannot change a JAX array. Write `x = x.at[i].set(v)`: it returns a new array, "
        "so keep the result.",
        "01-immutability-at", "Item assignment fails")),
    ("TracerBoolConversionError", r"", Explanation(
        "A traced value was used in Python control flow",
        "inside `jit` (or `vmap`/`grad`) your arguments are tracers with a shape and dtype but no "
        "value yet, so `if`, `while`, `bool()` cannot decide. Use `jnp.where` or `lax.cond`, or "
        "mark the argument static with `static_argnums` if it is a true constant.",
        "03-jit-tracing", "Python control flow on traced values")),
    ("ConcretizationTypeError", r"", Explanation(
        "A concrete value was needed from a traced one",
        "inside a transformed function Python asked for an actual number (for a shape, a `range`, an "
        "index or `int()`), but only a tracer is there. Make that argument static "
        "(`static_argnums`), or use `lax.fori_loop`/`jnp.where` instead of Python control flow.",
        "03-jit-tracing", "Python control flow on traced values")),
    ("TracerIntegerConversionError", r"", Explanation(
        "A traced value was used as a Python integer",
        "`range(n)`, list indexing or `int(x)` need a concrete integer, but inside `jit` `n` is a "
        "tracer. Mark it static (`static_argnums`) or use `lax.fori_loop`.",
        "03-jit-tracing", "Python control flow on traced values")),
    (None, r"Shapes must be 1D sequences of concrete values", Explanation(
        "A traced value was used as a shape",
        "array shapes must be known when JAX traces, so a size computed from an argument (as in "
        "`jnp.ones(n)`) cannot be a tracer. Mark that argument static (`static_argnums`), or keep "
        "the shape fixed and mask with `jnp.where`.",
        "03-jit-tracing", "Python control flow on traced values")),
    (None, r"Non-hashable static arguments are not supported", Explanation(
        "A static argument must be hashable",
        "`static_argnums` makes JAX compile one program per value, so the value is used as a cache "
        "key: a Python int, float, str or tuple works, an array or a list does not. Pass arrays as "
        "ordinary (traced) arguments.",
        "03-jit-tracing", "Python control flow on traced values")),
    ("TracerArrayConversionError", r"", Explanation(
        "A traced value was passed to NumPy",
        "NumPy (`np.…`) needs real numbers, but inside `jit`/`vmap`/`grad` the value is a tracer. "
        "Use the `jnp.` version of the function.",
        "03-jit-tracing", "Python control flow on traced values")),
    ("UnexpectedTracerError", r"", Explanation(
        "A tracer escaped from a transformed function",
        "a value computed inside `jit` was stored in a global or a list and used afterwards. "
        "Return values instead of storing them.",
        "03-jit-tracing", "Side effects run once, at trace time")),
    (None, r"vmap got inconsistent sizes for array axes to be mapped", Explanation(
        "vmap was given batches of different sizes",
        "every mapped argument must have the same length along its mapped axis. Check each "
        "argument's shape, and use `in_axes=None` for arguments that are shared, not batched.",
        "05-vmap", "Errors you will meet")),
    (None, r"vmap in_axes|in_axes specification must be|vmap was requested to map its argument along axis", Explanation(
        "vmap's in_axes do not fit the arguments",
        "`in_axes` needs one entry per positional argument (a tuple as long as the argument list), "
        "and each mapped axis must exist in that argument.",
        "05-vmap", "Errors you will meet")),
    (None, r"require replication which can't be statically inferred", Explanation(
        "shard_map cannot prove this output is the same on every device",
        "`out_specs=P()` promises one value for all devices, but the function returns something "
        "that differs per device. Reduce it first (`jax.lax.psum`/`pmean`/`pmax` over the mesh "
        "axis), or name the axis in `out_specs` to keep one block per device. Switching the check "
        "off with `check_vma=False` silently returns device 0's block.",
        "07-shard-map", "What check_vma guards")),
    (None, r"implies that array axis \d+ is partitioned", Explanation(
        "The array does not split evenly over the mesh",
        "a PartitionSpec that names a mesh axis cuts that array dimension into equal blocks, one "
        "per device along the axis, so the dimension must be divisible by the axis size. Pad the "
        "array, or shard another dimension.",
        "07-shard-map", "PartitionSpec and NamedSharding: how an array is cut")),
    ("ModuleNotFoundError", r"", None),  # never explain an import error as a spec problem
    (None, r"vmap out_axes|at vmap out_axes|non-None value in in_axes", Explanation(
        "vmap's out_axes do not fit the results",
        "`out_axes` says where the batch axis goes in each output: one entry per output (a tree "
        "prefix of the result). `None` means 'not batched', which only works for outputs that do "
        "not depend on the mapped inputs; and at least one input must be mapped.",
        "05-vmap", "Errors you will meet")),
    (None, r"shard_map|out_specs|in_specs|PartitionSpec", Explanation(
        "A shard_map spec does not fit",
        "`in_specs`/`out_specs` describe how each global array is cut into per-device blocks: each "
        "named mesh axis must divide that array dimension, and the specs must mirror the "
        "arguments' structure.",
        "07-shard-map", "Specs and the device-local view")),
    ("LayerError", r"not enough values to unpack \(expected \d+, got 0\)"
                   r"|take requires ndarray or scalar arguments, got <class 'tuple'>", Explanation(
        "A Trax layer was called before it was initialised",
        "a new layer has no weights yet (`layer.weights` is an empty tuple), so the layer finds "
        "nothing to unpack. Call `layer.init(trax.shapes.signature(x))` once before the first "
        "`layer(x)`; `training.Loop` does this for you. Do not call `init` again after training: "
        "it resets the weights.",
        "08-numpy-to-trax", "Initialise before the first call")),
    (None, r"requires ndarray or scalar arguments", Explanation(
        "jax.numpy wants arrays, not lists or tuples",
        "unlike NumPy, `jnp` functions do not convert Python lists for you. Call `jnp.asarray(...)` "
        "first.",
        "00-numpy-api", "Strict input")),
    ("NotImplementedError", r"", Explanation(
        "This exercise is not answered yet",
        "replace the `raise NotImplementedError()` line in the answer cell with your code, then run "
        "the answer cell and its test cell again.",
        "00-numpy-api", "How exercises work")),
    ("NameError", r"", Explanation(
        "A name is not defined yet",
        "the answer cell above defines it, so it must run without error first. If it still raises "
        "NotImplementedError, replace that line with your answer; if you restarted the kernel, run "
        "the cells above again (Run ▸ Run All Above).",
        "00-numpy-api", "How exercises work")),
]


# JAX asserts, with no message, that a collective's axis name is one of the mesh's (jax 0.10.2 and
# 0.12): a bare AssertionError whose last (filtered) frame is the learner's collective call.
_COLLECTIVE_CALL = re.compile(r"\b(psum|pmean|pmax|pmin|psum_scatter|all_gather|all_to_all|ppermute|pshuffle|"
                              r"axis_index|axis_size)\s*\(")
UNKNOWN_AXIS = Explanation(
    "A collective named an axis the mesh does not have",
    "`jax.lax.psum(x, 'j')` and the other collectives work over a mesh axis by its name, and JAX "
    "stops with a bare AssertionError when no axis of the mesh has that name. Use one of the names "
    "you gave `jax.make_mesh` (see `mesh.axis_names`).",
    "07-shard-map", "Collectives: how devices talk")


def _unknown_axis(exc: BaseException) -> bool:
    import traceback

    if type(exc) is not AssertionError or str(exc) or exc.__traceback__ is None:
        return False
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and bool(_COLLECTIVE_CALL.search(frames[-1].line or ""))


def explain(exc_or_name, message: str | None = None) -> Explanation | None:
    """Explanation for an exception (or for an exception class name and its message)."""
    if isinstance(exc_or_name, BaseException):
        if _unknown_axis(exc_or_name):
            return UNKNOWN_AXIS
        names = {cls.__name__ for cls in type(exc_or_name).__mro__}
        message = str(exc_or_name) if message is None else message
    else:
        names = {exc_or_name}
    message = message or ""
    if "ExerciseFailure" in names:
        return None  # the check already speaks for itself
    for cls_name, pattern, explanation in _KNOWN:
        if cls_name is not None and cls_name not in names:
            continue
        if pattern and not re.search(pattern, message):
            continue
        return explanation  # None for entries that stop the search
    return None


def describe(exc: BaseException) -> str:
    """What a learner reads when a test cell fails: the check's own words, or the error explained."""
    from np2jax.learner.failure import ExerciseFailure

    if isinstance(exc, ExerciseFailure):
        return exc.render()
    text = f"✗ {type(exc).__name__}: {exc}"
    explanation = explain(exc)
    return text + ("\n" + explanation.render() if explanation is not None else "")


def known_sections() -> set[tuple[str, str]]:
    return {(e.lesson, e.section) for _, _, e in _KNOWN if e is not None} | {(UNKNOWN_AXIS.lesson, UNKNOWN_AXIS.section)}
