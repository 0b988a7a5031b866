"""The worker side of :class:`~policyparse.batchio.pool.WorkerPool`: one process, tasks in
order from a duplex pipe, results back on it.

A worker is forked either from the pool's owner (``fork``) or from a fork server
(``forkserver``: a small process started before the owner hashed inputs, imported pyarrow or
read an output, see :mod:`policyparse.batchio.executors`). In the second case nothing of what
the owner did before reaches the worker, so the memory cap means the same whatever the owner's
history; what the worker still needs from the owner comes with the task arguments (its
environment, e.g. ``TESSDATA_PREFIX`` or the test hooks set after the server started).

The memory cap is absolute (``max_memory_mb``) or relative: the worker's own address space
after its warm-up plus ``headroom_mb``, measured in the worker itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from policyparse.batchio import memwatch

_PR_SET_PDEATHSIG = 1
# How often a worker forked from a fork server checks that the pool's owner still lives, where
# it has no parent sentinel to wait on (the kernel's parent-death signal only covers a direct
# parent).
OWNER_POLL_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class WorkerSetup:
    """What a worker is started with, besides its pipe and task function."""

    owner_pid: int  # the process that holds the pool (the parent, or not: fork server)
    max_memory_mb: int | None = None  # absolute cap (RLIMIT_AS); None or 0: see headroom
    headroom_mb: int | None = None  # else: own size after warm-up + this; None: no cap
    close_fds: tuple[int, ...] = ()  # inherited descriptors to close first (fork only)
    env: dict[str, str] | None = None  # the owner's environment (fork server only)


def limit_memory(max_memory_mb: int | None) -> None:
    """Cap this process's address space (``RLIMIT_AS``); ``None`` or 0: no cap."""
    if not max_memory_mb:
        return
    import resource

    limit = max_memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # not supported here: run without a cap
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the prctl
        os._exit(0)


def _die_with_owner(owner_pid: int) -> None:
    """A daemon thread that ends this worker (and what it started) once the owner is gone.

    It waits on multiprocessing's parent sentinel (a pipe only the owner writes to, which
    closes when the owner dies, even while the owner is a zombie nobody has reaped yet);
    without one, it polls the owner's pid."""
    owner = multiprocessing.parent_process()

    def gone() -> None:
        with contextlib.suppress(OSError):
            os.killpg(0, signal.SIGKILL)  # its own group: this worker, and e.g. tesseract
        os._exit(0)

    def wait() -> None:
        if owner is not None and owner.pid == owner_pid:
            multiprocessing.connection.wait([owner.sentinel])
            gone()
        while True:
            time.sleep(OWNER_POLL_SECONDS)
            try:
                os.kill(owner_pid, 0)
            except ProcessLookupError:
                gone()
            except OSError:
                continue

    threading.Thread(target=wait, name="policyparse-owner-watch", daemon=True).start()


def _cap_mb(setup: WorkerSetup) -> int | None:
    if setup.max_memory_mb:
        return setup.max_memory_mb
    if setup.headroom_mb:
        size = memwatch.virtual_size()
        return None if size is None else (size >> 20) + setup.headroom_mb
    return None


def worker_main(
    conn: Connection,
    fn: Callable[[Any], Any],
    warmup: Callable[[], None] | None,
    setup: WorkerSetup,
) -> None:
    """Run tasks from ``conn`` until told to stop (``None``) or the owner is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the owner handles Ctrl-C
    for signum in (signal.SIGTERM, signal.SIGHUP):  # the fork server ignores them
        signal.signal(signum, signal.SIG_DFL)
    with contextlib.suppress(OSError):  # own process group: a kill takes its children too
        os.setpgid(0, 0)
    parent = os.getppid()
    if parent == setup.owner_pid:
        _die_with_parent(parent)
    else:
        _die_with_owner(setup.owner_pid)
    if setup.env is not None:
        os.environ.clear()
        os.environ.update(setup.env)
    for fd in setup.close_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    if warmup is not None:
        warmup()
    cap = _cap_mb(setup)
    limit_memory(cap)
    _serve(conn, fn, cap, parent)


def _serve(conn: Connection, fn: Callable[[Any], Any], cap: int | None, parent: int) -> None:
    lock = threading.Lock()  # the watchdog thread sends too
    current = [-1]  # the task being worked on; -1 between tasks

    def send(msg: tuple[Any, ...]) -> None:
        with lock:
            conn.send(msg)

    if cap:

        def over_the_cap(size: int) -> None:
            """Report the task (if any) and end the worker before the allocator fails."""
            with lock:
                if current[0] >= 0:
                    with contextlib.suppress(Exception):
                        message = (
                            f"over the memory cap: {size >> 20} MB of address space, cap "
                            f"{cap} MB (--max-memory-mb)"
                        )
                        conn.send(("fail", current[0], "resource_limit", message))
                os._exit(0)

        memwatch.watch(cap * 1024 * 1024, over_the_cap)
    send(("ready",))
    while True:
        while not conn.poll(2.0):
            if os.getppid() != parent:
                return
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        task_id, task = msg
        current[0] = task_id
        try:
            result = fn(task)
        except MemoryError:
            send(("fail", task_id, "resource_limit", "out of memory (memory cap)"))
            return
        except BaseException as exc:
            with lock:
                conn.send(("fail", task_id, "internal", f"{type(exc).__name__}: {exc}"))
                current[0] = -1
            continue
        try:
            with lock:
                conn.send(("ok", task_id, result))
                current[0] = -1
        except MemoryError:
            send(("fail", task_id, "resource_limit", "out of memory sending the result"))
            return
        except Exception as exc:  # e.g. a result that cannot be pickled
            send(("fail", task_id, "internal", f"{type(exc).__name__}: {exc}"))
            current[0] = -1
