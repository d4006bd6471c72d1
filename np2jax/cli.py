"""The command line: one verb per subpackage.

    np2jax [--course DIR] release [--check] [LESSON...]   notebooks/ from solutions/
    np2jax [--course DIR] check NOTEBOOK                  a learner's self-check (visible tests only)
    np2jax [--course DIR] grade PATH... [--out DIR]       grade notebooks, a folder, or a class
    np2jax [--course DIR] report DIR [--changes]          reports rebuilt from DIR's gradebook
    np2jax [--course DIR] lab [-- JUPYTER_ARG...]         my-work/ filled, then JupyterLab

The course is the folder with solutions/ and nbgrader_config.py: ``--course DIR``, else
$NP2JAX_COURSE, else the current folder or one above it (see np2jax.course.Course.find).
``--course`` reaches every verb through NP2JAX_COURSE, so worker processes see it too.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

VERBS = {
    "release": "regenerate notebooks/ from solutions/ (or --check that they are in sync)",
    "check": "run the visible tests of your notebook and explain each result",
    "grade": "grade submissions against solutions/ and write reports",
    "report": "rebuild the reports from a grading folder's gradebook (no grading), or list --changes",
    "lab": "copy new lessons into my-work/ (never overwriting yours), then start JupyterLab",
}


def main(argv=None) -> int:
    from np2jax.course import Course, CourseNotFound

    parser = argparse.ArgumentParser(prog="np2jax", description="From NumPy to JAX: course tools")
    parser.add_argument("--course", metavar="DIR",
                        help="the course folder (with solutions/ and nbgrader_config.py); "
                             "default: $NP2JAX_COURSE, else the current folder or one above it")
    sub = parser.add_subparsers(dest="verb", required=True)
    missing = {}
    for verb, help_text in VERBS.items():
        verb_parser = sub.add_parser(verb, help=help_text, description=help_text)
        try:
            module = importlib.import_module(f"np2jax.{verb}")
        except ModuleNotFoundError as exc:  # the light (learner) install has no grader
            missing[verb] = exc.name
            verb_parser.add_argument("rest", nargs=argparse.REMAINDER)
            continue
        module.add_arguments(verb_parser)
    args = parser.parse_args(argv)
    if args.verb in missing:
        print(f"np2jax {args.verb} needs {missing[args.verb]}, which the course tools bring: "
              "pip install 'np2jax[grader]' (or run `make env` in the course folder)", file=sys.stderr)
        return 2
    try:
        found = Course.find(args.course)
    except CourseNotFound as exc:
        print(f"np2jax: {exc}", file=sys.stderr)
        return 2
    if args.course:
        os.environ["NP2JAX_COURSE"] = str(found.root)
    module = importlib.import_module(f"np2jax.{args.verb}")
    return module.main(args)


if __name__ == "__main__":
    sys.exit(main())
