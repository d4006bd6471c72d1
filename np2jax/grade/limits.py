"""Limits applied inside a submission's process, before any of its code runs."""
from __future__ import annotations

import resource
import signal
from dataclasses import asdict, dataclass


@dataclass
class Limits:
    cell_seconds: float = 60.0         # soft limit per cell (an exception the cell sees)
    submission_seconds: float = 600.0  # hard limit for the whole notebook (SIGKILL)
    memory_mb: int = 6144              # address space of the submission's process
    output_kb: int = 256               # stdout+stderr kept per cell; the rest is dropped
    file_mb: int = 64                  # largest file the submission may write
    scratch_mb: int = 256              # its private writable folder (a tmpfs, when isolated)

    def to_dict(self) -> dict:
        return asdict(self)


def apply(limits: Limits) -> None:
    """Called in the forked child. Writing past file_mb fails with EFBIG instead of killing."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    mb = 1024 * 1024
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_mb * mb, limits.file_mb * mb))
    if limits.memory_mb:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * mb, limits.memory_mb * mb))
