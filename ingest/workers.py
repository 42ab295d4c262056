"""Worker processes that end with the ingest that started them.

A worker blocked on its task pipe never sees the parent go when the parent is killed with
SIGKILL (the forked workers hold the pipe's other end themselves), so it would wait forever. On
Linux the kernel sends the worker SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); a parent
already gone by the time the worker starts is checked by pid.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """Initializer of a worker process: be killed when ``parent_pid`` dies."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc to ask: the pid check below still runs
            pass
    if os.getppid() != parent_pid:  # the parent died before the signal was asked for
        os._exit(1)
