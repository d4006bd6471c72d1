"""Undo learner tampering with the functions tests rely on, and say what was tampered with.

child.Server takes the snapshot just before the first answer cell runs (and adds guarded modules
that instructor cells import later); at each test cell, before the judge's first question,
restore() puts back the guarded modules in sys.modules and every attribute they had, builtins
included.
"""
from __future__ import annotations

import sys

_GUARDED = (
    "builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "jax", "jax.numpy", "jax.random",
    "jax.tree", "jax.tree_util", "np2jax.learner", "np2jax.learner.expect",
    "np2jax.learner.failure", "np2jax.learner.explain",
)


class Guard:
    def __init__(self, modules: dict, attributes: dict, jax_config: dict):
        self._modules, self._attributes, self._jax_config = modules, attributes, jax_config

    @classmethod
    def snapshot(cls) -> "Guard":
        modules = {name: sys.modules[name] for name in _GUARDED if name in sys.modules}
        attributes = {name: dict(vars(module)) for name, module in modules.items()}
        return cls(modules, attributes, _jax_options())

    def restore_jax_config(self) -> list[str]:
        """Put back JAX options learner code changed (x64 and the like); name each one."""
        import jax

        changed = []
        for name, value in _jax_options().items():
            if name in self._jax_config and value != self._jax_config[name]:
                try:
                    jax.config.update(name, self._jax_config[name])
                    changed.append(f"jax.config.{name}")
                except Exception:  # noqa: BLE001 - some options cannot change once JAX has started
                    changed.append(f"jax.config.{name} (could not be restored)")
        return changed

    def extend(self) -> None:
        """Add guarded modules imported since the snapshot (by instructor cells)."""
        for name in _GUARDED:
            if name not in self._modules and name in sys.modules:
                self._modules[name] = sys.modules[name]
                self._attributes[name] = dict(vars(sys.modules[name]))

    def restore(self) -> list[str]:
        """Put everything back; return 'module.attr' for each thing that had been changed."""
        changed = []
        for name, module in self._modules.items():
            if sys.modules.get(name) is not module:
                changed.append(name)
                sys.modules[name] = module
            current = vars(module)
            for attr, value in self._attributes[name].items():
                if current.get(attr, _MISSING) is not value:
                    if not _benign(name, attr):
                        changed.append(f"{name}.{attr}")
                    setattr(module, attr, value)
        return changed


_MISSING = object()


def _jax_options() -> dict:
    jax = sys.modules.get("jax")
    if jax is None:
        return {}
    return {name: value for name, value in jax.config.values.items() if isinstance(value, (bool, int, float, str, type(None)))}


def _benign(module: str, attr: str) -> bool:
    # The interpreter itself rebinds these while running cells.
    return module == "builtins" and attr in {"_", "__", "___"}
