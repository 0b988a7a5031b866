"""A small process pool for untrusted documents.

``concurrent.futures.ProcessPoolExecutor`` breaks for good when one worker dies, and has no
per-task timeout. This pool keeps one duplex pipe per worker. A worker works on one task at a
time and results come back in the order the tasks were sent, so the parent always knows which
task a worker holds and since when (from the previous result). Each worker may also hold
``prefetch`` tasks queued behind its current one (default 1), so that it starts the next as
soon as it has sent a result instead of idling through a round trip to the parent (about half
a millisecond per document here); a queued task has not started, and goes back to the pool
if its worker dies or is killed.

* a task past its deadline (``timeout``) gets a ``timeout`` failure; its worker is killed
  (SIGKILL) and replaced;
* a worker that dies mid-task (segfault, OOM kill, ``kill -9``) gives its task a
  ``worker_crashed`` failure and is replaced;
* ``MemoryError`` inside a task (the worker's address space is capped with
  ``RLIMIT_AS`` = ``max_memory_mb``) gives a ``resource_limit`` failure, and the worker is
  replaced, since a library may be left in a bad state; so does passing 90 % of the cap, seen
  by a watchdog thread in the worker (:mod:`.memwatch`), before CPython can die of a
  ``MemoryError`` it cannot raise;
* any other exception escaping the task function gives an ``internal`` failure.

Each worker leads its own process group, and a kill is sent to the group, so programs a
worker runs (e.g. tesseract for OCR) die with it.

Failures are turned into results by the caller's ``on_failure(task, type, message, seconds)``
in the parent, so every task submitted yields exactly one result. Other workers go on
meanwhile: a slow or bad task never stalls the rest.

Workers are forked where the platform allows it (they start with the parent's imports, and a
replacement starts in milliseconds) and warm up (``warmup()``, e.g. load the language model)
before they take their first task, so the warm-up is not charged to a task's deadline. With
``preload``, the parent runs it once before the first fork, so that every worker (and every
replacement) starts with it done. A worker asks the kernel to kill it when the parent dies
(Linux ``PR_SET_PDEATHSIG``; elsewhere it polls its parent id between tasks), so a ``kill -9``
of the parent leaves no orphans.

With ``start_method="forkserver"`` workers are forked instead from multiprocessing's fork
server, which imports ``server_preload`` (which may warm up) once — a fresh interpreter, or a
fork of the caller made while it is still small (:func:`start_fork_server`): then a
worker's size, and so what its memory cap leaves it, does not depend on what the parent did
before (hashed inputs in threads, imported pyarrow, read a big output), and nothing the parent
has open leaks into it. Such a worker watches the parent's pid to end with it. The batch
command uses this mode (see :mod:`.executors`); the default stays ``fork``.

With ``max_tasks_per_worker``, a worker that has finished that many tasks is retired between
tasks and a fresh one takes its place (as ``multiprocessing.Pool``'s ``maxtasksperchild``):
whatever a worker accumulates over a long run (a language model's vocabulary grows with every
new word) is bounded. A recycled worker is forked from the parent or the fork server, so with
``preload`` (``server_preload``) it starts warm in milliseconds.

The worker side is :mod:`.worker`.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from policyparse.batchio.forkserver import fork_server_here
from policyparse.batchio.worker import WorkerSetup, limit_memory, worker_main

__all__ = [
    "PoolConfig",
    "PoolStartupError",
    "WorkerPool",
    "close_in_workers",
    "forget_in_workers",
    "limit_memory",
    "start_fork_server",
]

T = TypeVar("T")
R = TypeVar("R")

OnFailure = Callable[[T, str, str, float], R]

_STARTUP_SECONDS = 300.0  # a worker that is not ready by then is killed and replaced
_MAX_STARTUP_FAILURES = 3  # consecutive deaths before the first task: give up

# File descriptors a forked worker closes first thing (e.g. the locked output file, so that
# the lock never outlives the parent). Registered by the sinks.
_FDS_TO_CLOSE_IN_WORKERS: set[int] = set()


def close_in_workers(fd: int) -> None:
    _FDS_TO_CLOSE_IN_WORKERS.add(fd)


def forget_in_workers(fd: int) -> None:
    _FDS_TO_CLOSE_IN_WORKERS.discard(fd)


class PoolStartupError(RuntimeError):
    """Workers die before they can take a task (memory cap too low? broken install?)."""


def start_fork_server(preload: Sequence[str] = (), here: bool = False) -> bool:
    """Start multiprocessing's fork server now (if the platform has one and it is not running
    yet), importing ``preload`` there; returns whether workers can be forked from it.

    Why now: workers forked from the server are the same size whatever the caller does next;
    started early, its warm-up runs while the caller does its own start-up (hashing inputs,
    opening the output). The server is a fresh interpreter (it imports everything again:
    about a second), or with ``here`` a fork of this process (ready at once: for a caller that
    is small now, as the command line is; see :mod:`.forkserver`). The server is one per
    process: ``preload`` counts only for the call that starts it (a later pool's workers then
    warm up by themselves).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    if here and fork_server_here(preload):
        return True
    multiprocessing.forkserver.set_forkserver_preload(list(preload))
    multiprocessing.forkserver.ensure_running()
    return True


# --------------------------------------------------------------------------- parent side


@dataclass
class _Slot(Generic[T]):
    proc: BaseProcess
    conn: Connection
    ready: bool = False
    task_id: int = -1
    task: T | None = None
    busy: bool = False
    started: float = 0.0
    deadline: float = math.inf
    tasks_done: int = 0
    # tasks sent behind the current one, not started yet: (task id, task)
    queued: deque[tuple[int, T]] = field(default_factory=deque)
    # a send to it failed (its worker is gone): no more tasks until it is replaced
    broken: bool = False

    @property
    def load(self) -> int:
        return int(self.busy) + len(self.queued)


@dataclass
class PoolConfig:
    workers: int = 1
    timeout: float | None = None  # seconds per task; None or 0: none
    max_memory_mb: int | None = None  # per worker (RLIMIT_AS); None or 0: see headroom
    # without max_memory_mb: cap a worker at its own size after warm-up plus this; None: none
    memory_headroom_mb: int | None = None
    start_method: str | None = None  # default: "fork" where available
    max_tasks_per_worker: int | None = None  # then a fresh worker; None or 0: no limit
    prefetch: int = 1  # tasks queued in a worker behind its current one


def _signal_name(code: int | None) -> str:
    if code is None:
        return "unknown status"
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


class WorkerPool(Generic[T, R]):
    """``fn(task)`` in worker processes, one task per worker at a time and ``prefetch`` more
    queued behind it (see module doc)."""

    def __init__(
        self,
        fn: Callable[[T], R],
        on_failure: OnFailure[T, R],
        config: PoolConfig,
        warmup: Callable[[], None] | None = None,
        preload: Callable[[], None] | None = None,
        server_preload: Sequence[str] = (),
    ) -> None:
        self.fn = fn
        self.on_failure = on_failure
        self.config = config
        self.warmup = warmup
        self.preload = preload
        method = config.start_method
        if method is None:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        if method == "forkserver" and not start_fork_server(server_preload):
            method = None
        self._ctx: Any = multiprocessing.get_context(method)
        self._forking = self._ctx.get_start_method() == "fork"
        self._slots: list[_Slot[T]] = []
        self._returned: deque[tuple[int, T]] = deque()  # queued tasks of a worker that died
        self._next_id = 0
        self._startup_failures = 0
        self._closed = False
        self.replaced = 0  # workers replaced after a timeout, crash or memory error
        self.recycled = 0  # workers retired after max_tasks_per_worker tasks

    # -- workers

    def _spawn(self) -> _Slot[T]:
        if self.preload is not None:
            preload, self.preload = self.preload, None
            if self._forking:  # a spawned worker would not inherit it
                preload()
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        setup = WorkerSetup(
            owner_pid=os.getpid(),
            max_memory_mb=self.config.max_memory_mb,
            headroom_mb=self.config.memory_headroom_mb,
            # forked from here: the child's copies of the parent's end and the output file
            close_fds=(
                (parent_conn.fileno(), *sorted(_FDS_TO_CLOSE_IN_WORKERS)) if self._forking else ()
            ),
            # from a fork server, which has the environment it started with: the current one
            env=None if self._forking else dict(os.environ),
        )
        proc = self._ctx.Process(
            target=worker_main,
            args=(child_conn, self.fn, self.warmup, setup),
            name="policyparse-worker",
            daemon=True,
        )
        if self._forking and not gc.get_freeze_count():
            # The worker inherits the parent's objects (imports, the preloaded model) in the
            # collector's permanent generation: its collections then leave them, and the
            # pages they are on, alone (no copy-on-write). The parent's own GC is unchanged.
            gc.freeze()
            try:
                proc.start()
            finally:
                gc.unfreeze()
        else:
            proc.start()
        with contextlib.suppress(OSError):  # also here, against the race with the child
            os.setpgid(proc.pid, proc.pid)
        child_conn.close()
        slot: _Slot[T] = _Slot(proc=proc, conn=parent_conn)
        slot.deadline = time.monotonic() + _STARTUP_SECONDS
        return slot

    def _ensure_workers(self) -> None:
        if self._closed:
            raise RuntimeError("pool is closed")
        while len(self._slots) < max(1, self.config.workers):
            self._slots.append(self._spawn())

    @staticmethod
    def _kill(slot: _Slot[T]) -> None:
        """SIGKILL a worker and its process group (e.g. an OCR subprocess it started)."""
        pid = slot.proc.pid
        if pid is not None:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        if slot.proc.is_alive():
            slot.proc.kill()

    def _retire(self, slot: _Slot[T], kill: bool) -> None:
        if kill:
            self._kill(slot)
        slot.proc.join(5)
        if slot.proc.is_alive():
            self._kill(slot)
            slot.proc.join()
        pid = slot.proc.pid
        if pid is not None:  # whatever the worker left running in its group
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        slot.conn.close()
        slot.proc.close()
        self._slots.remove(slot)

    def _replace(self, slot: _Slot[T], kill: bool) -> None:
        was_ready = slot.ready
        # Its unstarted tasks go to other workers: those queued, and one promoted to current
        # when the task before it failed (that failure was reported: the worker never began
        # the next one).
        unstarted = list(slot.queued)
        if slot.busy:
            assert slot.task is not None
            unstarted.insert(0, (slot.task_id, slot.task))
            slot.busy, slot.task = False, None
        self._returned.extendleft(reversed(unstarted))
        slot.queued.clear()
        self._retire(slot, kill)
        if not was_ready:
            self._startup_failures += 1
            if self._startup_failures >= _MAX_STARTUP_FAILURES:
                self.close(kill=True)
                raise PoolStartupError(
                    f"{_MAX_STARTUP_FAILURES} worker processes died while starting; "
                    "is the memory cap (--max-memory-mb) too low?"
                )
        else:
            self.replaced += 1
        if not self._closed:
            self._slots.append(self._spawn())

    # -- tasks

    def _has_room(self, slot: _Slot[T]) -> bool:
        """Whether ``slot`` may take another task: ready, below its queue depth, and not
        holding what would take it past ``max_tasks_per_worker`` (it is recycled once idle)."""
        if not slot.ready or slot.broken or slot.load > max(0, self.config.prefetch):
            return False
        limit = self.config.max_tasks_per_worker
        return not limit or slot.tasks_done + slot.load < limit

    @property
    def idle(self) -> int:
        """Tasks the workers can take now (a free worker, or room in a worker's queue); none
        while tasks given back by a dead worker wait to be sent again."""
        self._ensure_workers()
        if self._returned:
            return 0
        return sum(1 for s in self._slots if self._has_room(s))

    @property
    def busy(self) -> int:
        return sum(s.load for s in self._slots) + len(self._returned)

    def submit(self, task: T) -> int:
        """Give a task to a worker (see :attr:`idle`), the least loaded; returns its id."""
        task_id = self._next_id
        self._next_id += 1
        self._send(task_id, task)
        return task_id

    def _send(self, task_id: int, task: T) -> None:
        slot = min((s for s in self._slots if self._has_room(s)), key=lambda s: s.load)
        try:
            slot.conn.send((task_id, task))
        except OSError:
            # The worker died since it was last serviced (a crash on the task it holds, or
            # killed from outside): this task never reached it. It waits with the tasks a
            # dead worker gave back and goes to the next worker with its id; the death
            # itself is handled when the pool services the slot (its current task, if any,
            # is reported as worker_crashed there).
            slot.broken = True
            self._returned.appendleft((task_id, task))
            return
        if slot.busy:
            slot.queued.append((task_id, task))
        else:
            self._start(slot, task_id, task)

    def _start(self, slot: _Slot[T], task_id: int, task: T) -> None:
        """``task`` is now the one ``slot``'s worker works on: its deadline runs from now."""
        slot.task_id, slot.task, slot.busy = task_id, task, True
        slot.started = time.monotonic()
        timeout = self.config.timeout
        slot.deadline = slot.started + timeout if timeout else math.inf

    def _resend(self) -> None:
        """Send the tasks a dead worker held queued to workers with room, keeping their ids."""
        while self._returned and any(self._has_room(s) for s in self._slots):
            task_id, task = self._returned.popleft()
            self._send(task_id, task)

    def _finish(self, slot: _Slot[T]) -> tuple[int, T]:
        task_id, task = slot.task_id, slot.task
        slot.task_id, slot.task, slot.busy = -1, None, False
        slot.deadline = math.inf
        if slot.queued:  # the worker started the next one as it sent this result
            self._start(slot, *slot.queued.popleft())
        assert task is not None
        return task_id, task

    def _fail(self, slot: _Slot[T], etype: str, message: str) -> tuple[int, T, R]:
        elapsed = time.monotonic() - slot.started
        task_id, task = self._finish(slot)
        return task_id, task, self.on_failure(task, etype, message, elapsed)

    def _service(self, slot: _Slot[T]) -> list[tuple[int, T, R]]:
        """Read what a worker sent; handle its death."""
        out: list[tuple[int, T, R]] = []
        dead = False
        exit_after = False
        try:
            while slot.conn.poll():
                msg = slot.conn.recv()
                if msg[0] == "ready":
                    slot.ready = True
                    slot.deadline = math.inf
                    self._startup_failures = 0
                elif msg[0] == "ok" and slot.busy and msg[1] == slot.task_id:
                    task_id, task = self._finish(slot)
                    out.append((task_id, task, msg[2]))
                    slot.tasks_done += 1
                elif msg[0] == "fail" and slot.busy and msg[1] == slot.task_id:
                    out.append(self._fail(slot, msg[2], msg[3]))
                    exit_after = msg[2] == "resource_limit"
                    slot.tasks_done += 1
        except (EOFError, OSError):
            dead = True
        if not dead and not slot.proc.is_alive():
            dead = True
        if dead:
            slot.proc.join(5)
            if slot.busy:
                how = _signal_name(slot.proc.exitcode)
                hint = ""
                if self.config.max_memory_mb and slot.proc.exitcode in (
                    -signal.SIGABRT,
                    -signal.SIGSEGV,
                    -signal.SIGBUS,
                ):
                    hint = f" (memory cap {self.config.max_memory_mb} MB may have been hit)"
                out.append(self._fail(slot, "worker_crashed", f"worker died: {how}{hint}"))
            self._replace(slot, kill=False)
        elif exit_after:
            self._replace(slot, kill=True)
        elif self._worn_out(slot):
            self._recycle(slot)
        return out

    def _worn_out(self, slot: _Slot[T]) -> bool:
        limit = self.config.max_tasks_per_worker
        return limit is not None and limit > 0 and not slot.busy and slot.tasks_done >= limit

    def _recycle(self, slot: _Slot[T]) -> None:
        """Retire an idle worker that has done its share of tasks; a fresh one takes its place
        (started first, so that it warms up while the old one exits)."""
        self._slots.append(self._spawn())
        with contextlib.suppress(OSError):
            slot.conn.send(None)
        self._retire(slot, kill=False)
        self.recycled += 1

    def _expire(self) -> list[tuple[int, T, R]]:
        out: list[tuple[int, T, R]] = []
        now = time.monotonic()
        for slot in list(self._slots):
            if slot.deadline > now or slot.conn.poll():
                continue
            if slot.busy:
                out.append(
                    self._fail(
                        slot, "timeout", f"no result after {self.config.timeout:g} s (timeout)"
                    )
                )
            self._replace(slot, kill=True)
        return out

    def collect(self, timeout: float | None = None) -> list[tuple[int, T, R]]:
        """Wait up to ``timeout`` seconds (None: until something happens) for finished tasks:
        ``(task_id, task, result)`` triples, failures included."""
        self._ensure_workers()
        wait_s = timeout
        nearest = min(s.deadline for s in self._slots)
        if nearest < math.inf:
            left = max(0.0, nearest - time.monotonic())
            wait_s = left if wait_s is None else min(wait_s, left)
        objs: list[Any] = [s.conn for s in self._slots] + [s.proc.sentinel for s in self._slots]
        ready = set(multiprocessing.connection.wait(objs, wait_s))
        out: list[tuple[int, T, R]] = []
        for slot in list(self._slots):
            if slot.conn in ready or slot.proc.sentinel in ready:
                out.extend(self._service(slot))
        out.extend(self._expire())
        self._resend()
        return out

    # -- conveniences

    def imap_unordered(self, tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
        """``(task, result)`` pairs as they finish; tasks are taken from the iterable only
        when a worker is free, so it may be lazy."""
        it = iter(tasks)
        more = True

        def fill() -> None:
            nonlocal more
            while more and self.idle:
                try:
                    task = next(it)
                except StopIteration:
                    more = False
                    return
                self.submit(task)

        try:
            fill()
            while more or self.busy:
                finished = self.collect()
                # Idle workers get their next task before the results are handed on, so they
                # work while the caller writes them out.
                fill()
                for _, task, result in finished:
                    yield task, result
        finally:
            self._abandon()

    def imap(self, tasks: Iterable[T], window: int | None = None) -> Iterator[R]:
        """Results in task order. At most ``window`` tasks (default 16 per worker) are
        submitted past the oldest unfinished one."""
        limit = window or 16 * max(1, self.config.workers)
        it = iter(tasks)
        more = True
        order: deque[int] = deque()
        done: dict[int, R] = {}

        def fill() -> None:
            nonlocal more
            while more and len(order) < limit and self.idle:
                try:
                    task = next(it)
                except StopIteration:
                    more = False
                    return
                order.append(self.submit(task))

        try:
            while True:
                fill()
                while order and order[0] in done:
                    yield done.pop(order.popleft())
                    fill()  # as above: keep the workers busy while results are handed on
                if not more and not order:
                    return
                for task_id, _, result in self.collect():
                    done[task_id] = result
        finally:
            self._abandon()

    def run_one(self, task: T) -> R:
        """Run one task and wait for its result (used by the dask executor)."""
        while not self.idle:
            self.collect()
        task_id = self.submit(task)
        while True:
            for tid, _, result in self.collect():
                if tid == task_id:
                    return result

    def _abandon(self) -> None:
        """Kill workers whose results nobody will read (an iterator closed early)."""
        self._returned.clear()
        for slot in list(self._slots):
            if slot.busy:
                slot.queued.clear()
                self._finish(slot)
                self._retire(slot, kill=True)  # new workers start when next needed

    def close(self, kill: bool = False) -> None:
        if self._closed:
            return
        self._closed = True
        for slot in self._slots:
            if kill or slot.busy:
                self._kill(slot)
            else:
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
        for slot in list(self._slots):
            self._retire(slot, kill=False)

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)
