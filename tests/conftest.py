"""Shared fixtures: one warm grading pool for the whole run (JAX and Trax imported once)."""
from __future__ import annotations

import os

import pytest

from np2jax import course
from np2jax.grade.pool import Pool

ROOT = course.ROOT


@pytest.fixture(scope="session")
def pool():
    with Pool(parallel=max(2, os.cpu_count() or 1)) as shared:
        yield shared
