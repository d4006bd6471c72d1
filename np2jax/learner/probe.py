"""Work done beside the learner's code: where a test needs more than calling an answer.

A test cell calls the learner's functions directly (``mean_of([1.0, 2.0])``) and checks what
comes back. In a notebook everything runs in one process. Under the grader the test cell runs in
a trusted *judge* process that never runs learner code: every learner name a test uses is a
stand-in, and each call on it travels to the submission's process as plain data (arrays,
numbers, strings, containers, PRNG keys) and comes back the same way. Objects that are not
plain data (functions, layers, generators) come back as stand-ins too.

What a stand-in cannot do in the judge (trace it with ``jax.jit``/``jax.vmap``/``jax.make_jaxpr``,
read its jaxpr, run it under a JAX configuration, capture what it prints) is done by the helpers
below. Each runs where the learner's objects live and returns plain data; in a notebook each is
an ordinary function call. ``apply(fn, *args)`` is the general one: ``fn`` must be a library
function (from numpy, jax, trax, or this package), never a lambda written in the test.
"""
from __future__ import annotations

import contextlib
import functools
import io

# Set by the judge (np2jax.grade.judge) to send each helper call to the submission's process.
_remote = None


def beside_learner(fn):
    """Mark a helper that must run in the learner's process (the judge sends it there by name)."""

    @functools.wraps(fn)
    def helper(*args, **kwargs):
        if _remote is not None:
            return _remote.apply(helper, args, kwargs)
        return fn(*args, **kwargs)

    return helper


@beside_learner
def apply(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` where the learner's objects live, e.g. ``apply(jax.vmap, f)``."""
    return fn(*args, **kwargs)


@beside_learner
def printed(fn, *args, **kwargs):
    """``(result, text)``: what ``fn(*args, **kwargs)`` returned and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = fn(*args, **kwargs)
    return result, out.getvalue()


@beside_learner
def after_call(fn, *args, **kwargs):
    """``(result, args)``: the result and the arguments as they are after the call (mutation checks)."""
    result = fn(*args, **kwargs)
    return result, args


@beside_learner
def with_config(config: dict, fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with JAX options set for the call, e.g.
    ``with_config({"jax_debug_key_reuse": True}, sample, key)``; the options are put back after."""
    import jax

    saved = {name: getattr(jax.config, name) for name in config}
    try:
        for name, value in config.items():
            jax.config.update(name, value)
        return fn(*args, **kwargs)
    finally:
        for name, value in saved.items():
            jax.config.update(name, value)


def _primitive_names(jaxpr) -> list:
    """Equation names of a jaxpr and of every sub-jaxpr in its parameters, in order."""
    found = []

    def walk(jaxpr):
        for eqn in jaxpr.eqns:
            found.append(eqn.primitive.name)
            for param in eqn.params.values():
                for sub in param if isinstance(param, (tuple, list)) else [param]:
                    inner = getattr(sub, "jaxpr", sub)
                    if hasattr(inner, "eqns"):
                        walk(inner)

    walk(jaxpr)
    return found


@beside_learner
def primitives(fn, *args, **kwargs) -> list:
    """Names of the primitives in ``jax.make_jaxpr(fn)(*args)``, sub-jaxprs included, in order."""
    import jax

    return _primitive_names(jax.make_jaxpr(fn)(*args, **kwargs).jaxpr)


@beside_learner
def seconds(fn, *args, repeat: int = 3, **kwargs) -> float:
    """Best wall-clock time, in seconds, of ``fn(*args, **kwargs)`` over ``repeat`` runs, each
    waited for with ``jax.block_until_ready``, after one warm-up call: measured where the learner's
    code runs, so the time to send the arguments to it is not counted (timing exercises)."""
    import time

    import jax

    jax.block_until_ready(fn(*args, **kwargs))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        jax.block_until_ready(fn(*args, **kwargs))
        best = min(best, time.perf_counter() - start)
    return best


@beside_learner
def type_name(value) -> str:
    """``'module.QualName'`` of a value's type."""
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


@beside_learner
def make_mesh(shape, axis_names):
    """``jax.make_mesh(shape, axis_names)`` on the first ``prod(shape)`` devices (``jax.make_mesh``
    itself wants them all). A Mesh is not plain data: in the judge this returns a stand-in, which
    can be passed on (``probe.apply(jax.shard_map, f, mesh=m, ...)``, :func:`on_mesh`)."""
    import math

    import jax

    return jax.make_mesh(tuple(shape), tuple(axis_names), devices=jax.devices()[: math.prod(shape)])


@beside_learner
def on_mesh(mesh, specs, fn, *args, via=None):
    """``fn(*args)`` with each ``args[i]`` first placed on ``mesh`` as ``specs[i]`` says (a
    PartitionSpec; None leaves the argument as it is). A sharded array sent to the learner's code
    arrives whole, so inputs that must be sharded are placed here. With ``via`` (a probe helper,
    e.g. ``via=primitives``) returns ``via(fn, *placed_args)`` instead."""
    import jax
    from jax.sharding import NamedSharding

    placed = [a if s is None else jax.device_put(a, NamedSharding(mesh, s))
              for a, s in zip(args, list(specs) + [None] * (len(args) - len(specs)))]
    return fn(*placed) if via is None else via(fn, *placed)


@beside_learner
def sharding_of(fn, *args, **kwargs):
    """``(result, layout)``: what ``fn(*args, **kwargs)`` returned (a sharded array arrives in the
    judge whole) and how it was laid out: ``{"spec": its PartitionSpec (None if it has no named
    sharding), "fully_replicated": every device holds all of it}``; layout is None for a result
    that is not a JAX array."""
    import jax

    result = fn(*args, **kwargs)
    if not isinstance(result, jax.Array):
        return result, None
    return result, {"spec": getattr(result.sharding, "spec", None),
                    "fully_replicated": bool(result.sharding.is_fully_replicated)}


@beside_learner
def donation(fn, *args) -> dict:
    """How ``fn(*args)`` treats buffer donation. The call gets fresh copies of the JAX arrays in
    ``args`` (the caller's arrays are never given away). Returns a dict: ``result``; ``deleted``:
    per argument, a list with one bool per JAX array in it (deleted by the call?); ``donated``: per
    positional argument, whether ``jax.jit`` records it as donated (None if ``fn`` has no
    ``lower``, i.e. is not jitted); ``warnings``: the messages of the warnings the call raised."""
    import warnings

    import jax

    args = jax.tree.map(lambda a: a.copy() if isinstance(a, jax.Array) else a, args)
    donated = None
    if hasattr(fn, "lower"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            infos = fn.lower(*args).args_info[0]
        donated = [any(bool(i.donated) for i in jax.tree.leaves(info)) for info in infos]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args)
    deleted = [[leaf.is_deleted() for leaf in jax.tree.leaves(a) if isinstance(leaf, jax.Array)] for a in args]
    return {"result": result, "deleted": deleted, "donated": donated,
            "warnings": [str(w.message) for w in caught]}


class _Pending:
    """What ``with_fake_jit``'s function returns: a result whose work may still be running."""

    def __init__(self, seconds):
        self.seconds = seconds

    def block_until_ready(self):
        import time

        time.sleep(self.seconds)  # wait for the rest of the work
        self.seconds = 0.0
        return self


@beside_learner
def with_fake_jit(fn, compile_seconds: float, run_seconds: float, *args, **kwargs):
    """``(fn(f, *args, **kwargs), calls)`` for timing exercises, where ``f`` acts like a jitted
    function: its first call sleeps ``compile_seconds`` (trace and compile), and every call
    returns at once an object whose ``block_until_ready()`` sleeps ``run_seconds`` (asynchronous
    dispatch). ``calls`` is how many times ``f`` was called."""
    import time

    calls = [0]

    def f(x):
        calls[0] += 1
        if calls[0] == 1:
            time.sleep(compile_seconds)
        return _Pending(run_seconds)

    return fn(f, *args, **kwargs), calls[0]


def function_here(source: str, **names):
    """The function ``source`` defines, made in this process: a lambda expression
    (``"lambda x: W @ x"``) or statements that assign ``f``, with ``np``, ``jax``, ``jnp``, ``lax``
    and ``names`` in scope. A test uses it for expected values; :func:`function` makes the same
    function beside the learner's code."""
    import jax
    import jax.numpy as jnp
    import numpy as np
    from jax import lax

    scope = {"np": np, "jax": jax, "jnp": jnp, "lax": lax, **names}
    try:
        code = compile(source, "<test source>", "eval")
    except SyntaxError:
        exec(compile(source, "<test source>", "exec"), scope)
        return scope["f"]
    return eval(code, scope)


@beside_learner
def function(source: str, **names):
    """:func:`function_here`, made beside the learner's code: a test cannot send a lambda it
    defines, but it can send source text, e.g. ``captured_size(probe.function("lambda x: W @ x",
    W=W), x)``. The values in ``names`` are plain data or stand-ins. Returns the function (in the
    judge, a callable stand-in)."""
    return function_here(source, **names)


@beside_learner
def jaxpr_summary(fn, *args, static_argnums=(), **kwargs) -> dict:
    """What ``jax.make_jaxpr(fn, static_argnums=static_argnums)(*args, **kwargs)`` records, as data:
    ``primitives`` (equation names at every depth, in order), ``invars``, ``outvars`` and
    ``constvars`` (how many), ``out_shapes`` and ``const_shapes`` (tuples of ints)."""
    import jax
    import numpy as np

    closed = jax.make_jaxpr(fn, static_argnums=static_argnums)(*args, **kwargs)
    found = _primitive_names(closed.jaxpr)
    return {"primitives": found, "invars": len(closed.jaxpr.invars), "outvars": len(closed.jaxpr.outvars),
            "constvars": len(closed.jaxpr.constvars),
            "out_shapes": [tuple(int(d) for d in v.aval.shape) for v in closed.jaxpr.outvars],
            "const_shapes": [tuple(int(d) for d in np.shape(c)) for c in closed.consts]}


@beside_learner
def tree_summary(tree) -> dict:
    """What JAX sees in a pytree, as data: ``is_leaf`` (the value is one leaf itself: JAX does not
    look inside it), ``num_leaves``, ``leaves`` (each leaf if it is plain data, an array, number,
    string or None, else None), ``leaf_types`` (``'module.QualName'`` of each leaf) and
    ``structure`` (the treedef as text; static data such as a dataclass's static fields shows in it)."""
    import jax
    import numpy as np

    leaves, treedef = jax.tree.flatten(tree)
    plain = (type(None), bool, int, float, complex, str, bytes)

    def shown(leaf):
        return leaf if type(leaf) in plain or isinstance(leaf, (np.ndarray, np.generic, jax.Array)) else None

    return {"is_leaf": jax.tree_util.treedef_is_leaf(treedef) and len(leaves) == 1,
            "num_leaves": len(leaves), "leaves": [shown(leaf) for leaf in leaves],
            "leaf_types": [type_name.__wrapped__(leaf) for leaf in leaves], "structure": str(treedef)}
