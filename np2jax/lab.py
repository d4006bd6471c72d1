"""``np2jax lab``: the learner's own copy of the lessons, then JupyterLab on the course.

Learners work in ``my-work/`` (git-ignored), never in ``notebooks/`` (which ``np2jax release``
rewrites). Each run copies the lessons that are not there yet, as ``my-work/<lesson>.ipynb``, and
never overwrites a notebook the learner has changed. A copy the learner never changed (same bytes
as when it was copied) is brought up to date when the course releases a new version of it.

JupyterLab then serves the course folder (so nbgrader's formgrader finds ``nbgrader_config.py``),
with its file browser in ``my-work/`` and lesson 00 open; its terminals start non-login shells,
so the environment's ``bin/`` that ``make lab`` puts first on PATH stays there.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from np2jax.course import Course

WORK = "my-work"
RECORD = ".np2jax-copies.json"  # what each copy was when copied: {lesson: sha256}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(course: Course, work: Path) -> list[str]:
    """Copy new lessons into `work` (and update untouched copies); return one line per change."""
    work.mkdir(parents=True, exist_ok=True)
    record_path = work / RECORD
    try:
        record = json.loads(record_path.read_text())
    except (OSError, ValueError):
        record = {}
    said = []
    for lesson in course.lessons():
        released = course.released(lesson)
        if not released.is_file():
            continue
        mine = work / f"{lesson}.ipynb"
        if not mine.exists():
            shutil.copyfile(released, mine)
            record[lesson] = _digest(mine)
            said.append(f"added {mine.relative_to(work.parent)}")
            continue
        new, current = _digest(released), _digest(mine)
        if new == current:
            record[lesson] = new
        elif record.get(lesson) == current:  # the learner never changed it: take the update
            shutil.copyfile(released, mine)
            record[lesson] = new
            said.append(f"updated {mine.relative_to(work.parent)} (you had not changed it)")
        else:
            said.append(f"kept your {mine.relative_to(work.parent)}; the course's newer version is "
                        f"{released.relative_to(course.root)}")
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return said


def lab_command(course: Course, work: Path, extra: list[str]) -> list[str]:
    """The `jupyter lab` command line: the course folder served, my-work/ browsed, lesson 00 open."""
    lessons = course.lessons()
    relative = work.resolve().relative_to(course.root).as_posix()
    first = f"/lab/tree/{relative}/{lessons[0]}.ipynb" if lessons else f"/lab/tree/{relative}"
    shell = os.environ.get("SHELL") or shutil.which("bash") or "/bin/sh"
    command = [
        str(Path(sys.executable).parent / "jupyter"), "lab",
        f"--ServerApp.root_dir={course.root}",
        f"--FileContentsManager.preferred_dir={work.resolve()}",
        f"--LabApp.default_url={first}",  # `jupyter lab` sets the server's default URL from LabApp
        # A login shell (Jupyter's default when not started from a terminal) reads /etc/profile,
        # which resets PATH and hides this environment's commands (np2jax, python) from learners.
        "--ServerApp.terminado_settings=" + json.dumps({"shell_command": [shell]}),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root; JupyterLab refuses otherwise
    return command + extra


def main(args) -> int:
    course = Course.find(getattr(args, "course", None))
    work = Path(args.work) if args.work else course.root / WORK
    if not work.is_absolute():
        work = course.root / work
    for line in fill(course, work):
        print(f"np2jax lab: {line}", flush=True)
    if args.fill_only:
        return 0
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ)
    if env.get("PATH", "").split(os.pathsep)[0] != bin_dir:
        # As if activated: nbgrader's formgrader runs `alembic`, learners' terminals run `np2jax`.
        env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
    command = lab_command(course, work, list(args.jupyter_args))
    os.chdir(course.root)  # nbgrader reads nbgrader_config.py from the current folder
    os.execve(command[0], command, env)
    return 0  # not reached


def add_arguments(parser) -> None:
    parser.add_argument("--work", help=f"the learner's folder (default: {WORK}/ in the course)")
    parser.add_argument("--fill-only", action="store_true",
                        help="only copy new lessons into the learner's folder; do not start JupyterLab")
    parser.add_argument("jupyter_args", nargs="*", metavar="JUPYTER_ARG",
                        help="passed on to `jupyter lab` (after --, e.g. -- --port=8889)")
