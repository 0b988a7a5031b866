"""Executors: run :func:`~policyparse.batchio.work.process_path` over paths and yield one
:class:`LineResult` per path, in completion order.

``local``  a :class:`~policyparse.batchio.pool.WorkerPool` of processes forked from a fork
           server started before the run's own start-up, so that their memory cap leaves them
           the same room whatever the main process did (hashing, reading the output);
``dask``   tasks on dask.distributed (a LocalCluster, or the scheduler at ``--scheduler``). In
           each dask worker thread the document is parsed in a child process of a one-process
           :class:`WorkerPool`, so the per-document timeout, memory cap and crash handling are
           the same as locally. The dask workers must see the input paths (shared file system)
           and have policyparse installed.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import logging
import multiprocessing
import threading
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from policyparse.batchio.inputs import file_info
from policyparse.batchio.pool import PoolConfig, WorkerPool
from policyparse.batchio.sinks import BatchError
from policyparse.batchio.work import LineResult, failure_line, process_path, warm_up
from policyparse.pipeline import Options

# What the local executor's fork server imports: it warms up there, once (see the module).
SERVER_PRELOAD = ("policyparse.batchio.serverwarm",)


@dataclass(frozen=True, slots=True)
class TaskConfig:
    """What a worker needs besides the path (hashable: keys the dask workers' pools)."""

    options: Options
    timeout: float | None
    max_memory_mb: int | None  # absolute; None: memory_headroom_mb decides
    max_tasks_per_worker: int | None = None
    memory_headroom_mb: int | None = None  # cap = a worker's own size + this; None: none


def failure_result(path: str, etype: str, message: str, seconds: float) -> LineResult:
    """The error line for a task that produced nothing (timeout, crash): hashed here."""
    return failure_line(file_info(path), etype, message, seconds)


def make_pool(
    cfg: TaskConfig, workers: int, start_method: str | None = None
) -> WorkerPool[str, LineResult]:
    """A pool for :func:`process_path`. ``forkserver``: workers come from the fork server,
    warmed up there (:data:`SERVER_PRELOAD`); ``fork``: from this process, which warms up
    once first. Either way a fresh worker, also one that replaces a recycled or crashed one,
    starts with the language pipeline ready."""
    return WorkerPool(
        functools.partial(process_path, options=cfg.options),
        failure_result,
        PoolConfig(
            workers=workers,
            timeout=cfg.timeout,
            max_memory_mb=cfg.max_memory_mb,
            memory_headroom_mb=cfg.memory_headroom_mb,
            start_method=start_method,
            max_tasks_per_worker=cfg.max_tasks_per_worker,
        ),
        warmup=warm_up,
        preload=warm_up,  # used with fork only
        server_preload=SERVER_PRELOAD,  # used with forkserver only
    )


class LocalExecutor:
    name = "local"

    def __init__(self, cfg: TaskConfig, workers: int) -> None:
        self.cfg = cfg
        self.workers = workers
        self.replaced = 0
        self.recycled = 0

    def run(self, paths: list[str]) -> Generator[LineResult, None, None]:
        if not paths:
            return
        # From the fork server (started by run_batch before anything else): the workers'
        # size does not depend on what this process did since (hashing, reading the output).
        with make_pool(self.cfg, min(self.workers, len(paths)), "forkserver") as pool:
            try:
                for _, result in pool.imap_unordered(paths):
                    yield result
            finally:
                self.replaced = pool.replaced
                self.recycled = pool.recycled


# --------------------------------------------------------------------------- dask

_local = threading.local()


def dask_task(path: str, cfg: TaskConfig) -> LineResult:
    """Runs in a dask worker: parse ``path`` in this thread's child process."""
    pools: dict[TaskConfig, WorkerPool[str, LineResult]] = getattr(_local, "pools", {})
    _local.pools = pools
    pool = pools.get(cfg)
    if pool is None:
        proc = multiprocessing.current_process()
        if proc.daemon:  # dask workers are daemonic by default, and then may not fork
            proc._config["daemon"] = False  # type: ignore[attr-defined]
        # Forked from this (multi-threaded) dask worker: the child starts with its imports in
        # milliseconds. Should a fork ever inherit a lock held by another thread, the child
        # hangs, and its deadline turns that into a ``timeout`` line; the run goes on.
        pool = pools[cfg] = make_pool(cfg, 1, "fork")
    return pool.run_one(path)


class DaskExecutor:
    name = "dask"

    def __init__(self, cfg: TaskConfig, workers: int, scheduler: str | None = None) -> None:
        self.cfg = cfg
        self.workers = workers
        self.scheduler = scheduler
        self.replaced = 0
        self.recycled = 0

    def run(self, paths: list[str]) -> Generator[LineResult, None, None]:
        try:
            dask: Any = importlib.import_module("dask")
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise BatchError(
                "--executor dask needs dask.distributed: pip install 'policyparse[dask]'"
            ) from None
        if not paths:
            return
        cluster = None
        if self.scheduler:
            client = distributed.Client(self.scheduler)
        else:
            with dask.config.set({"distributed.worker.daemon": False}):
                cluster = distributed.LocalCluster(
                    n_workers=self.workers,
                    processes=True,
                    threads_per_worker=1,
                    dashboard_address=None,  # no dashboard; its HTTP server on a free port:
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.ERROR,
                )
            client = distributed.Client(cluster)
        try:
            nthreads = sum(client.nthreads().values()) or self.workers
            window = max(2, 2 * nthreads)
            todo = iter(paths)
            pending: dict[str, str] = {}
            ac = distributed.as_completed()
            counter = itertools.count()

            def submit(path: str) -> None:
                key = f"policyparse-{next(counter)}-{id(self)}"
                fut = client.submit(dask_task, path, self.cfg, key=key, pure=False, retries=0)
                pending[fut.key] = path
                ac.add(fut)

            for path in itertools.islice(todo, window):
                submit(path)
            for fut in ac:
                path = pending.pop(fut.key)
                try:
                    result: LineResult = fut.result()
                except Exception as exc:  # the dask worker itself died (KilledWorker) etc.
                    result = failure_result(
                        path, "worker_crashed", f"dask: {type(exc).__name__}: {exc}", 0.0
                    )
                fut.release()
                yield result
                nxt = next(todo, None)
                if nxt is not None:
                    submit(nxt)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
