"""Batch parsing: every input yields exactly one result — a record or an error record.

Inputs are files, folders (walked recursively, sorted, keeping files that look like
documents), glob patterns and manifests (see :mod:`policyparse.batchio.inputs`). Errors of any
kind in one document become an error record and never stop the run. The command line's
``policyparse batch`` is :func:`policyparse.batchio.run_batch`; this module is the library
side.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from policyparse.batchio.executors import SERVER_PRELOAD
from policyparse.batchio.inputs import DOCUMENT_SUFFIXES, is_document_file, iter_inputs
from policyparse.batchio.pool import PoolConfig, WorkerPool
from policyparse.batchio.work import Result, warm_up
from policyparse.batchio.work import parse_one as _parse_one
from policyparse.output import error_record
from policyparse.paths import display_path, displayable
from policyparse.pipeline import Options
from policyparse.record import ErrorInfo, ErrorRecord

__all__ = [
    "DOCUMENT_SUFFIXES",
    "Result",
    "default_workers",
    "expand_inputs",
    "parse_many",
    "parse_one",
]

_is_document_file = is_document_file  # the old private name


def expand_inputs(items: Iterable[str | Path]) -> list[Path]:
    """Files, folders and glob patterns → unique file paths (see ``batchio.inputs``)."""
    return [Path(p) for p in iter_inputs(items)]


def parse_one(path: str, options: Options | None = None) -> Result:
    """Parse one file in this process; never raises: failures become an error record."""
    try:
        return _parse_one(path, options)
    except MemoryError as exc:
        return error_record(path, exc)


def _failure(path: str, etype: str, message: str, seconds: float) -> Result:
    return ErrorRecord(
        source=display_path(path), error=ErrorInfo(type=etype, message=displayable(message))
    )


def parse_many(
    paths: Iterable[str | Path],
    workers: int = 1,
    options: Options | None = None,
    *,
    timeout: float | None = None,
    max_memory_mb: int | None = None,
    ordered: bool = True,
) -> Iterator[Result]:
    """Parse many documents lazily: one record or error record per input path.

    Nothing runs until the first result is asked for, and inputs are taken from ``paths``
    as workers become free. With ``workers > 1``, a ``timeout`` (seconds per document) or a
    ``max_memory_mb`` (per worker process), documents are parsed in worker processes (see
    :mod:`policyparse.batchio.pool`): a document past its timeout gets a ``timeout`` error
    record, one that runs out of memory ``resource_limit``, one whose worker dies
    ``worker_crashed``, and the others go on. Results come in input order (``ordered=True``,
    holding back at most 16 results per worker behind a slow one) or as they finish.
    """
    items = iter_inputs(paths)
    if workers <= 1 and not timeout and not max_memory_mb:
        for p in items:
            yield parse_one(p, options)
        return
    # Workers come from a fork server (warmed up there, once), not from this process, so a
    # caller that has grown big (a notebook with data loaded) does not leave them over
    # ``max_memory_mb`` from the start.
    config = PoolConfig(
        workers=max(1, workers),
        timeout=timeout,
        max_memory_mb=max_memory_mb,
        start_method="forkserver",
    )
    pool: WorkerPool[str, Result] = WorkerPool(
        functools.partial(_parse_one, options=options),
        _failure,
        config,
        warmup=warm_up,
        preload=warm_up,  # where there is no fork server: once here, before forking
        server_preload=SERVER_PRELOAD,
    )
    with pool:
        if ordered:
            yield from pool.imap(items)
        else:
            for _, result in pool.imap_unordered(items):
                yield result


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
