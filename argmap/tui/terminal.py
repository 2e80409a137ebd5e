"""Noticing that the explorer's terminal has gone away, so the app quits instead of spinning.

When a terminal closes without a hang-up signal reaching the app (a killed tmux server, a
dropped SSH session with the signal ignored), Textual's input thread meets end-of-file on
every read and loops on it: an orphaned explorer was seen here using 70% of a core for an
hour. The app asks `hung_up` about its terminal once a second and exits when it is gone.
"""

from __future__ import annotations

import os
import select
import sys

__all__ = ["terminal_fd", "hung_up"]


def terminal_fd() -> int | None:
    """The file descriptor of the terminal the app reads, if it is one."""
    stream = sys.__stdin__
    try:
        fd = stream.fileno() if stream is not None else None
    except (OSError, ValueError):
        return None
    return fd if fd is not None and os.isatty(fd) else None


def hung_up(fd: int) -> bool:
    """True when the terminal on `fd` has hung up (its other end closed) or is no longer open."""
    poller = select.poll()
    poller.register(fd, select.POLLHUP | select.POLLERR | select.POLLNVAL)
    try:
        events = poller.poll(0)
    except OSError:
        return True
    return any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events)
