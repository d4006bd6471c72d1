"""From NumPy to JAX: release, self-check and grading for the course notebooks.

One verb of the CLI maps to one subpackage: ``release``, ``check``, ``grade``, ``report``.
"""
__version__ = "0.1.0"
