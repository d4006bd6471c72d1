"""The command line: one verb per subpackage.

    np2jax release [--check] [LESSON...]   notebooks/ from solutions/
    np2jax check NOTEBOOK                  a learner's self-check (visible tests only)
    np2jax grade PATH... [--out DIR]       grade notebooks, a folder, or a class
"""
from __future__ import annotations

import argparse
import importlib
import sys

VERBS = {
    "release": "regenerate notebooks/ from solutions/ (or --check that they are in sync)",
    "check": "run the visible tests of your notebook and explain each result",
    "grade": "grade submissions against solutions/ and write reports",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="np2jax", description="From NumPy to JAX: course tools")
    sub = parser.add_subparsers(dest="verb", required=True)
    for verb, help_text in VERBS.items():
        module = importlib.import_module(f"np2jax.{verb}")
        module.add_arguments(sub.add_parser(verb, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    module = importlib.import_module(f"np2jax.{args.verb}")
    return module.main(args)


if __name__ == "__main__":
    sys.exit(main())
