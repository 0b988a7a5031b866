"""A watchdog on a worker's own address space, so that the memory cap ends a document cleanly.

The cap (``RLIMIT_AS``) makes allocations fail, which Python turns into ``MemoryError`` — but
not always recoverably: when pdfminer runs out of memory building millions of small objects,
CPython can fail while creating the exception itself ("Fatal Python error: Cannot recover
from MemoryErrors while normalizing exceptions"), and the worker dies with a C stack dump on
stderr and an unhelpful ``worker_crashed``. So a daemon thread reads the process's virtual
size every 50 ms and, once it passes a threshold a little under the cap, reports the document
as ``resource_limit`` and ends the process itself, before the allocator ever fails. The pool
then starts a fresh worker, as for any memory error.

Linux only (``/proc/self/statm``); elsewhere the watchdog does not start and the hard cap
alone applies. The thread allocates next to nothing (a reused descriptor, 64-byte reads).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable

INTERVAL = 0.05  # seconds between two looks
MARGIN = 0.9  # act at this fraction of the cap


def _reader() -> Callable[[], int] | None:
    """A function returning this process's virtual size in bytes, or None if unavailable."""
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        return None
    page = os.sysconf("SC_PAGE_SIZE")

    def size() -> int:
        return int(os.pread(fd, 64, 0).split(maxsplit=1)[0]) * page

    try:
        size()
    except (OSError, ValueError, IndexError):
        os.close(fd)
        return None
    return size


def virtual_size() -> int | None:
    """This process's address space in bytes (None where /proc is not available)."""
    size = _reader()
    return None if size is None else size()


def watch(limit_bytes: int, on_exceed: Callable[[int], None]) -> bool:
    """Call ``on_exceed(size)`` from a daemon thread once the virtual size passes
    ``MARGIN * limit_bytes`` (``on_exceed`` is expected to end the process). Returns whether
    the watchdog runs."""
    size = _reader()
    if size is None or limit_bytes <= 0:
        return False
    threshold = int(limit_bytes * MARGIN)
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(INTERVAL):
            with contextlib.suppress(Exception):  # e.g. MemoryError in here: try again
                current = size()
                if current > threshold:
                    on_exceed(current)
                    return

    threading.Thread(target=loop, name="policyparse-memwatch", daemon=True).start()
    return True
