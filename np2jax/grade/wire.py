"""Plain data between a submission's process and its judge: a strict, bounded JSON encoding.

Only data crosses: None, bools, ints, floats, strings, bytes, lists, tuples, dicts, NumPy arrays
and scalars, JAX arrays (dtype kept), typed PRNG keys, dtypes and PartitionSpecs. A library
function or class (numpy, jax, trax, np2jax) travels by its dotted name; anything else the
sender owns travels as a numbered *handle*, which the other side can only ask about again. No
pickle, no code. :func:`decode` validates every field and size, so a hostile sender gets a
:class:`WireError`, never an object of its choosing.
"""
from __future__ import annotations

import base64
import importlib
import math
import sys

import numpy as np

MAX_DEPTH = 32
MAX_ITEMS = 1_000_000
MAX_STRING = 1 << 20          # characters in one string
MAX_ARRAY_BYTES = 64 << 20    # bytes in one array
LIBRARIES = ("numpy", "jax", "jaxlib", "trax", "np2jax", "math", "operator", "functools", "builtins")
DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "bfloat16", "float32", "float64", "complex64", "complex128"}


class WireError(ValueError):
    """A message that is not well-formed plain data."""


class Handle:
    """Something the other side keeps and we may only refer to: its number and a short type name."""

    __slots__ = ("id", "type_name", "callable")

    def __init__(self, id: int, type_name: str, callable: bool):
        self.id, self.type_name, self.callable = id, type_name, callable


def _dtype(name) -> np.dtype:
    if not isinstance(name, str) or name not in DTYPES:
        raise WireError(f"dtype {str(name)[:40]!r} is not allowed")
    import jax.numpy as jnp

    return np.dtype(jnp.dtype(name))


def _b64(data: str, limit: int = MAX_ARRAY_BYTES) -> bytes:
    if not isinstance(data, str) or len(data) > limit * 4 // 3 + 8:
        raise WireError("binary data missing or too large")
    try:
        return base64.b64decode(data, validate=True)
    except ValueError as exc:
        raise WireError("binary data is not base64") from exc


def _shape(shape) -> tuple[int, ...]:
    if not isinstance(shape, list) or len(shape) > 32 or not all(type(d) is int and 0 <= d < 1 << 40 for d in shape):
        raise WireError("bad shape")
    return tuple(shape)


def _array(msg: dict) -> np.ndarray:
    dtype, shape = _dtype(msg.get("dtype")), _shape(msg.get("shape"))
    raw = _b64(msg.get("data"))
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise WireError("array data does not match its shape and dtype")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def library_path(value) -> str | None:
    """The dotted name a library function or class is reachable by (``'jax.vmap'``), else None."""
    module = getattr(value, "__module__", None)
    qualname = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    candidates = []
    if isinstance(module, str) and isinstance(qualname, str):
        candidates.append(f"{module}.{qualname}")
    for prefix in ("jax.numpy", "jax", "jax.random", "jax.lax", "jax.nn", "jax.tree", "numpy", "trax.shapes",
                   "trax.layers", "trax.data", "trax.optimizers", "trax.supervised.training"):
        name = getattr(value, "__name__", None)
        if isinstance(name, str):
            candidates.append(f"{prefix}.{name}")
    for path in candidates:
        if path.split(".")[0] in LIBRARIES and _resolve(path, strict=False) is value:
            return path
    return None


def _resolve(path: str, strict: bool = True):
    """The object at a dotted library path, from modules already imported (never imports new code)."""
    if (not isinstance(path, str) or len(path) > 200 or path.split(".")[0] not in LIBRARIES
            or any(part.startswith("_") or not part.isidentifier() for part in path.split("."))):
        if strict:
            raise WireError(f"{str(path)[:80]!r} is not a library name")
        return None
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        module = sys.modules.get(".".join(parts[:cut]))
        if module is None:
            continue
        value = module
        try:
            for attr in parts[cut:]:
                value = getattr(value, attr)
        except AttributeError:
            break
        return value
    if strict:
        raise WireError(f"{path[:80]!r} is not available here")
    return None


def _is_typed_key(value) -> bool:
    import jax

    try:
        return isinstance(value, jax.Array) and jax.dtypes.issubdtype(value.dtype, jax.dtypes.prng_key)
    except Exception:  # noqa: BLE001
        return False


class Encoder:
    """Turns values into messages; `keep(value) -> int` numbers what is not plain data."""

    def __init__(self, keep):
        self.keep = keep

    def __call__(self, value, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError("value nested too deeply")
        kind = type(value)
        if value is None or kind is bool or kind is str:
            if kind is str and len(value) > MAX_STRING:
                raise WireError("string too long")
            return value
        if kind is int:
            return {"$": "int", "v": str(value)} if abs(value) >= 1 << 53 else value
        if kind is float:
            return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
        if kind is complex:
            return {"$": "complex", "re": self(value.real), "im": self(value.imag)}
        if kind is bytes:
            return {"$": "bytes", "data": base64.b64encode(value).decode()}
        if kind in (list, tuple):
            items = [self(v, depth + 1) for v in value]
            return items if kind is list else {"$": "tuple", "items": items}
        if kind is dict:
            return {"$": "dict", "items": [[self(k, depth + 1), self(v, depth + 1)] for k, v in value.items()]}
        if kind is np.ndarray and value.dtype.name in DTYPES:
            return {"$": "ndarray", **self._raw(value)}
        if isinstance(value, np.generic) and kind.__module__ == "numpy" and value.dtype.name in DTYPES:
            return {"$": "npscalar", **self._raw(np.asarray(value))}
        if isinstance(value, np.dtype) and kind.__module__.startswith("numpy") and value.name in DTYPES:
            return {"$": "dtype", "name": value.name}
        encoded = self._jax(value, kind)
        if encoded is not None:
            return encoded
        path = library_path(value) if callable(value) or isinstance(value, type) else None
        if path is not None:
            return {"$": "lib", "path": path}
        return {"$": "handle", "id": self.keep(value), "type": _type_name(kind), "callable": bool(callable(value))}

    def _raw(self, arr: np.ndarray) -> dict:
        if arr.nbytes > MAX_ARRAY_BYTES:
            raise WireError("array too large")
        data = np.ascontiguousarray(arr).tobytes()
        return {"dtype": arr.dtype.name, "shape": list(arr.shape), "data": base64.b64encode(data).decode()}

    def _jax(self, value, kind):
        jax = sys.modules.get("jax")
        if jax is None:
            return None
        if kind.__name__ == "PRNGKeyArray" and kind.__module__.startswith("jax.") and _is_typed_key(value):
            impl = str(jax.random.key_impl(value))
            return {"$": "key", "impl": impl, **self._raw(np.asarray(jax.random.key_data(value)))}
        if kind.__name__ == "ArrayImpl" and kind.__module__.startswith(("jaxlib", "jax")):
            if _is_typed_key(value):
                impl = str(jax.random.key_impl(value))
                return {"$": "key", "impl": impl, **self._raw(np.asarray(jax.random.key_data(value)))}
            if value.dtype.name not in DTYPES:
                return None
            return {"$": "jax", "weak": bool(getattr(value, "weak_type", False)), **self._raw(np.asarray(value))}
        if kind is jax.sharding.PartitionSpec:
            return {"$": "pspec", "items": [self(tuple(p) if isinstance(p, tuple) else p) for p in value]}
        return None


def _type_name(kind) -> str:
    return f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', '?')}"[:120]


class Decoder:
    """Turns messages back into values; `handle(Handle) -> object` says what a handle becomes."""

    def __init__(self, handle):
        self.handle = handle
        self.items = 0

    def __call__(self, msg, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError("message nested too deeply")
        self.items += 1
        if self.items > MAX_ITEMS:
            raise WireError("message has too many items")
        kind = type(msg)
        if msg is None or kind in (bool, int, float):
            return msg
        if kind is str:
            if len(msg) > MAX_STRING:
                raise WireError("string too long")
            return msg
        if kind is list:
            return [self(v, depth + 1) for v in msg]
        if kind is not dict or not isinstance(msg.get("$"), str):
            raise WireError("not a value")
        tag = msg["$"]
        if tag == "int":
            text = msg.get("v")
            if not isinstance(text, str) or len(text) > 4000:
                raise WireError("bad int")
            return int(text)
        if tag == "float":
            if msg.get("v") not in ("nan", "inf", "-inf"):
                raise WireError("bad float")
            return float(msg["v"])
        if tag == "complex":
            return complex(self._number(msg.get("re")), self._number(msg.get("im")))
        if tag == "bytes":
            return _b64(msg.get("data"))
        if tag == "tuple":
            return tuple(self(v, depth + 1) for v in self._list(msg.get("items")))
        if tag == "dict":
            out = {}
            for pair in self._list(msg.get("items")):
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("bad dict item")
                key = self(pair[0], depth + 1)
                try:
                    out[key] = self(pair[1], depth + 1)
                except TypeError as exc:
                    raise WireError("unhashable dict key") from exc
            return out
        if tag == "ndarray":
            return _array(msg)
        if tag == "npscalar":
            arr = _array(msg)
            if arr.shape != ():
                raise WireError("a scalar has shape ()")
            return arr[()]
        if tag == "dtype":
            return _dtype(msg.get("name"))
        if tag == "jax":
            return _to_jax(_array(msg), bool(msg.get("weak")))
        if tag == "key":
            import jax

            impl = msg.get("impl")
            if impl not in ("threefry2x32", "rbg", "unsafe_rbg", "fry") and not (
                    isinstance(impl, str) and impl.startswith("PRNGImpl(") and len(impl) < 200):
                raise WireError("unknown PRNG implementation")
            data = _array(msg)
            if data.dtype != np.uint32:
                raise WireError("key data must be uint32")
            name = impl[len("PRNGImpl("):-1].split(",")[0] if impl.startswith("PRNGImpl(") else impl
            return jax.random.wrap_key_data(data, impl=name)
        if tag == "pspec":
            from jax.sharding import PartitionSpec

            parts = [self(v, depth + 1) for v in self._list(msg.get("items"))]
            for p in parts:
                if not (p is None or type(p) is str or (type(p) is tuple and all(type(q) is str for q in p))):
                    raise WireError("bad PartitionSpec")
            return PartitionSpec(*parts)
        if tag == "lib":
            return _resolve(msg.get("path"))
        if tag == "handle":
            ident, name = msg.get("id"), msg.get("type")
            if type(ident) is not int or not isinstance(name, str) or len(name) > 120:
                raise WireError("bad handle")
            return self.handle(Handle(ident, name, msg.get("callable") is True))
        raise WireError(f"unknown tag {tag[:20]!r}")

    def _list(self, items):
        if type(items) is not list:
            raise WireError("items must be a list")
        return items

    def _number(self, value) -> float:
        value = self(value)
        if type(value) not in (int, float):
            raise WireError("not a number")
        return value


def _to_jax(arr: np.ndarray, weak: bool):
    """A JAX array with the sender's dtype, even where this process has x64 off. (`weak` is kept
    in the message for completeness; a rebuilt array is never weakly typed.)"""
    import jax
    import jax.numpy as jnp

    if arr.dtype.itemsize == 8 or arr.dtype == np.complex128:
        with jax.enable_x64(True):  # keep 64-bit results 64-bit: a dtype mistake must stay visible
            return jnp.asarray(arr)
    return jnp.asarray(arr)
