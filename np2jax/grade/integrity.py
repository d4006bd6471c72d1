"""Undo learner tampering with the functions tests rely on, and say what was tampered with.

child.run takes the snapshot just before the first learner cell runs (and adds guarded modules
that instructor cells import later); before each test cell, restore() puts back the guarded
modules in sys.modules and every attribute they had, builtins included.
"""
from __future__ import annotations

import sys

_GUARDED = (
    "builtins", "math", "numpy", "numpy.testing", "numpy.linalg", "jax", "jax.numpy", "jax.random",
    "jax.tree", "jax.tree_util", "np2jax.learner", "np2jax.learner.expect",
    "np2jax.learner.failure", "np2jax.learner.explain",
)


class Guard:
    def __init__(self, modules: dict, attributes: dict):
        self._modules, self._attributes = modules, attributes

    @classmethod
    def snapshot(cls) -> "Guard":
        modules = {name: sys.modules[name] for name in _GUARDED if name in sys.modules}
        attributes = {name: dict(vars(module)) for name, module in modules.items()}
        return cls(modules, attributes)

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


def _benign(module: str, attr: str) -> bool:
    # The interpreter itself rebinds these while running cells.
    return module == "builtins" and attr in {"_", "__", "___"}
