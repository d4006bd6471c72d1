"""--scheduler: a Dask cluster grades exactly like one machine (tests use a LocalCluster)."""
from __future__ import annotations

import shutil

from np2jax import course
from np2jax.grade import grade
from np2jax.grade.limits import Limits

LESSON = "00-numpy-api"


def test_local_cluster_grades_like_one_machine(tmp_path):
    from distributed import LocalCluster

    folder = tmp_path / "submitted"
    for student, source in (("alice", course.source_notebook(LESSON)), ("bob", course.released_notebook(LESSON))):
        (folder / student).mkdir(parents=True)
        shutil.copy(source, folder / student / f"{LESSON}.ipynb")
    (folder / "mallory").mkdir()
    (folder / "mallory" / f"{LESSON}.ipynb").write_text("{not json")
    limits = Limits(cell_seconds=60)
    local = grade([folder], workers=2, limits=limits)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        remote = grade([folder], limits=limits, scheduler=cluster.scheduler_address)
    assert [r.student for r in remote] == ["alice", "bob", "mallory"]
    for mine, theirs in zip(local, remote):
        assert (theirs.score, theirs.status, theirs.tests) == (mine.score, mine.status, mine.tests)
        assert theirs.path == mine.path
    import tempfile
    from pathlib import Path

    assert not list(Path(tempfile.gettempdir()).glob("np2jax-course-*")), "a worker kept its copy of solutions/"
    assert remote[0].score == 8 and remote[2].status == "failed" and remote[2].reason
