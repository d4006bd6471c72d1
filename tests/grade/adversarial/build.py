"""Regenerate the adversarial submissions from lesson 00's source:
    python tests/grade/adversarial/build.py
Each file is named after the threat it embodies; test_adversarial.py says what each must score.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat

from np2jax import cells as C, course

HERE = Path(__file__).parent
SOURCE = nbformat.read(course.source_notebook("00-numpy-api"), as_version=4)

# Three of lesson 00's four exercises, right; ex2 is where most attacks happen.
WRONG_MEAN = "def mean_of(values):\n    return np.mean(values)\n"


def with_answers(**answers: str) -> nbformat.NotebookNode:
    nb = copy.deepcopy(SOURCE)
    for cell in nb.cells:
        gid = C.grade_id(cell)
        if gid and gid.replace("-", "_") in answers:
            cell.source = answers[gid.replace("-", "_")]
        cell.pop("outputs", None) if cell.cell_type != "code" else cell.update(outputs=[], execution_count=None)
    return nb


def without(nb, grade_id):
    nb.cells = [c for c in nb.cells if C.grade_id(c) != grade_id]
    return nb


def edited(nb, grade_id, source):
    for cell in nb.cells:
        if C.grade_id(cell) == grade_id:
            cell.source = source
    return nb


THREATS = {
    "infinite-loop": with_answers(l00_ex2="def mean_of(values):\n    while True:\n        pass\n"),
    "timeout-ignored": with_answers(l00_ex2=(
        "import time\ndef mean_of(values):\n    while True:\n        try:\n            time.sleep(0.1)\n"
        "        except BaseException:\n            pass\n")),
    "os-exit": with_answers(l00_ex2="import os\nos._exit(0)\n"),
    "sys-exit": with_answers(l00_ex2="raise SystemExit('bye')\n"),
    "memory-bomb": with_answers(l00_ex2="hog = bytearray(64 * 2**30)\n"),
    "fork-bomb": with_answers(l00_ex2="import os\nwhile True:\n    os.fork()\n"),
    "output-flood": with_answers(l00_ex2=(
        "import sys\nfor _ in range(50):\n    sys.stdout.write('x' * 1_000_000)\n"
        "def mean_of(values):\n    return jnp.mean(jnp.asarray(values, dtype=jnp.float32))\n")),
    "deleted-test-cell": without(with_answers(l00_ex2=WRONG_MEAN), "l00-ex2-test"),
    "edited-test-cell": edited(with_answers(l00_ex2=WRONG_MEAN), "l00-ex2-test", "pass  # nothing to see here"),
    "monkeypatched-numpy-testing": with_answers(l00_ex2=(
        "import numpy.testing\nnumpy.testing.assert_allclose = lambda *a, **k: None\n"
        "np.allclose = lambda *a, **k: True\njnp.allclose = lambda *a, **k: True\n"
        "expect.array = lambda *a, **k: None\nexpect.that = lambda *a, **k: None\n"
        "expect.jax_array = lambda *a, **k: None\n" + WRONG_MEAN)),
    "rigged-eq": with_answers(
        l00_ex1=("class Yes(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n"
                 "prediction_1 = prediction_2 = Yes('anything')\n"
                 "class AlwaysTrue:\n    def __eq__(self, other):\n        return True\n    def __bool__(self):\n        return True\n"
                 "prediction_3 = AlwaysTrue()\n"),
        l00_ex2=("class Rigged:\n    def __eq__(self, other):\n        return True\n    def __array__(self, dtype=None, copy=None):\n"
                 "        return np.array(3.0)\ndef mean_of(values):\n    return Rigged()\n")),
    "reading-solutions": with_answers(l00_ex2=(
        "import json, pathlib, np2jax\nsource = pathlib.Path(np2jax.__file__).resolve().parents[1] / "
        "'solutions' / '00-numpy-api' / '00-numpy-api.ipynb'\n"
        "for cell in json.loads(source.read_text())['cells']:\n"
        "    if cell.get('metadata', {}).get('nbgrader', {}).get('grade_id') == 'l00-ex2':\n"
        "        exec(''.join(cell['source']))\n")),
    "forged-results": with_answers(l00_ex2=(
        "import json, os\nfake = [{'job': f'job{j}', 'event': e, 'index': i, 'status': 'ok', 'code': 0}\n"
        "        for j in range(40) for i in range(30) for e in ('cell', 'finished', 'exit')]\n"
        "payload = ''.join(json.dumps(f) + '\\n' for f in fake).encode()\n"
        "for fd in range(3, 64):\n    try:\n        os.write(fd, payload)\n    except OSError:\n        pass\n"
        + WRONG_MEAN)),
    "writing-gradebook": with_answers(l00_ex2=(
        "import pathlib, np2jax\nroot = pathlib.Path(np2jax.__file__).resolve().parents[1]\n"
        "for name in ('gradebook.db', 'PWNED-by-writing-gradebook'):\n"
        "    try:\n        (root / name).write_text('all students: 100')\n    except OSError:\n        pass\n"
        + WRONG_MEAN)),
}

RAW = {
    "malformed-json.ipynb": '{"cells": [{"cell_type": "code", "source": "1 +',
    "wrong-nbformat.ipynb": json.dumps({"nbformat": 99, "nbformat_minor": 0, "metadata": {}, "cells": []}),
    "empty-file.ipynb": "",
}


def main() -> None:
    for name, nb in THREATS.items():
        nbformat.write(nb, HERE / f"{name}.ipynb")
    for name, text in RAW.items():
        (HERE / name).write_text(text, encoding="utf-8")
    other = nbformat.read(course.released_notebook("01-immutability-at"), as_version=4)
    nbformat.write(other, HERE / "another-lesson.ipynb")


if __name__ == "__main__":
    main()
