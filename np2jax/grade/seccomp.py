"""Forbid a process (and everything it runs) to start other processes: a fork bomb's cure.

A classic BPF seccomp filter, installed with prctl through ctypes: fork, vfork, execve and
execveat fail with EPERM; clone is allowed only with CLONE_THREAD, so JAX/XLA can still start
threads; clone3 answers ENOSYS, which makes glibc fall back to clone. RLIMIT_NPROC would be the
usual tool, but Linux does not enforce it for root, and graders often run as root in containers.
"""
from __future__ import annotations

import ctypes
import errno
import platform
import struct

_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_CLONE_THREAD = 0x00010000
# BPF opcodes: load word absolute, jump-if-equal, jump-if-bits-set, return.
_LD, _JEQ, _JSET, _RET = 0x20, 0x15, 0x45, 0x06

_ARCH = {  # machine: (AUDIT_ARCH, clone, clone3, syscalls denied outright)
    "x86_64": (0xC000003E, 56, 435, (57, 58, 59, 322)),  # fork, vfork, execve, execveat
    "aarch64": (0xC00000B7, 220, 435, (221, 281)),       # execve, execveat
}


def _filter() -> list[tuple[int, int, int, int]]:
    arch, clone, clone3, denied = _ARCH[platform.machine()]
    deny, allow = _RET_ERRNO | errno.EPERM, _RET_ALLOW
    prog = [(_LD, 0, 0, 4), (_JEQ, 1, 0, arch), (_RET, 0, 0, allow), (_LD, 0, 0, 0)]
    for nr in denied:
        prog += [(_JEQ, 0, 1, nr), (_RET, 0, 0, deny)]
    prog += [(_JEQ, 0, 1, clone3), (_RET, 0, 0, _RET_ERRNO | errno.ENOSYS)]
    prog += [(_JEQ, 0, 3, clone), (_LD, 0, 0, 16), (_JSET, 1, 0, _CLONE_THREAD), (_RET, 0, 0, deny)]
    prog += [(_RET, 0, 0, allow)]
    return prog


def supported() -> bool:
    return platform.system() == "Linux" and platform.machine() in _ARCH


def forbid_new_processes() -> None:
    """Install the filter in this process; raises OSError where the kernel refuses it."""
    if not supported():
        raise OSError(f"seccomp filter not available on {platform.system()} {platform.machine()}")
    prog = _filter()
    raw = b"".join(struct.pack("HBBI", code, jt, jf, k) for code, jt, jf, k in prog)
    buf = ctypes.create_string_buffer(raw, len(raw))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(prog), ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(SECCOMP) failed")
