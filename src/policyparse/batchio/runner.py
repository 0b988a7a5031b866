"""A batch run: inputs → what is not done yet → an executor → a sink, with progress."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO

from policyparse import exitcodes
from policyparse.batchio.executors import (
    SERVER_PRELOAD,
    DaskExecutor,
    LocalExecutor,
    TaskConfig,
)
from policyparse.batchio.faults import OUTPUT_ERRORS, OutputError, Stopped, StopSignals, no_space
from policyparse.batchio.inputs import (
    DOCUMENT_SUFFIXES,
    EMPTY_FOLDER,
    NO_DOCUMENTS,
    NO_MATCH,
    NOT_FOUND,
    Expansion,
    expand_item,
    file_info,
    iter_inputs,
)
from policyparse.batchio.outcheck import UsageError, check_out
from policyparse.batchio.pool import start_fork_server
from policyparse.batchio.progress import Progress, Summary
from policyparse.batchio.prune import handle_vanished
from policyparse.batchio.sinks import Done, Sink, open_sink
from policyparse.batchio.work import LineResult
from policyparse.pipeline import Options

DEFAULT_TIMEOUT = 300.0  # an OCR page takes 5–10 s; a 30-page scan must fit
# Address space per worker, by default its own after start-up (forked from the fork server
# with the language pipeline loaded: ~280 MB) plus this much. A worker parsing ordinary
# documents grows by 50–250 MB (the corpora, OCR included), for a 500-page report of dense
# text by ~600 MB. Two workers at the cap plus the parent (~115 MB) and an OCR child each
# (~100 MB) stay under 2.5 GB; with the earlier fixed 2048 MB one hostile file (form XObjects
# drawn within forms) took a worker to 1.9 GB of RSS on its own. Relative, and measured in the
# worker, so that neither a big caller (a notebook) nor what the run does before its workers
# start (hashing, pyarrow, reading the output) changes the room a worker has.
DEFAULT_MEMORY_HEADROOM_MB = 768


# A worker is replaced by a fresh one after this many documents, which bounds what it
# accumulates (spaCy's vocabulary keeps every new word it sees: ~8 KB per document of an
# archive with a dozen new words each, +16 % RSS after 2,000 documents). A fresh worker is
# forked with the language pipeline loaded, but its first documents are slower (~0.1 s in
# all, measured): under 1 % of 500 documents even with the fast pdfium backend.
DEFAULT_MAX_TASKS_PER_WORKER = 500


@dataclass
class BatchConfig:
    workers: int = 1
    options: Options | None = None
    timeout: float | None = DEFAULT_TIMEOUT  # per document; None or 0: none
    # per worker, MB of address space; None: the worker's own size after start-up plus
    # DEFAULT_MEMORY_HEADROOM_MB; 0: none
    max_memory_mb: int | None = None
    max_tasks_per_worker: int | None = DEFAULT_MAX_TASKS_PER_WORKER  # None or 0: no limit
    executor: str = "local"  # or "dask"
    scheduler: str | None = None  # dask scheduler address; None: a LocalCluster
    retry_errors: bool = False
    overwrite: bool = False
    progress: bool = False
    summary_json: str | None = None
    prune: bool = False  # remove records of inputs that no longer exist (batchio.prune)
    # Fork the workers' fork server from this process at the start of the run, instead of
    # starting a fresh interpreter (about a second less start-up): for a caller that holds
    # little but its imports then, as the command line does. A caller that has grown big
    # (a notebook) keeps the default, so that its workers start small.
    fork_server_here: bool = False


# Error records that a resume redoes even without --retry-errors: their type says nothing about
# the file, only about the installation (the language assets were missing), so once that is
# fixed the line is simply stale. Not worker_crashed, internal, timeout or resource_limit: a
# file can cause those (a reader that crashes on it, a bug it triggers, a bomb), and redoing
# them on every resume would pay for them again each time; --retry-errors redoes them.
RETRIED_ALWAYS = frozenset({"models_missing"})


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run does with its inputs: ``todo`` (in input order); of the rest, skipped
    because already in the output, ``skipped_errors`` have an error record there;
    ``retried`` of ``todo`` are error records of :data:`RETRIED_ALWAYS` types."""

    todo: list[str]
    skipped_errors: int = 0
    retried: int = 0


def plan(paths: list[str], existing: dict[str, Done], retry_errors: bool) -> list[str]:
    """The paths still to parse (see :func:`make_plan`)."""
    return make_plan(paths, existing, retry_errors).todo


def make_plan(paths: list[str], existing: dict[str, Done], retry_errors: bool) -> Plan:
    """The paths still to parse: those not in the output with the same hash, those whose line
    there is an error of a :data:`RETRIED_ALWAYS` type, and with ``retry_errors`` every one
    whose line there is an error record."""
    todo: list[str] = []
    check: list[str] = []
    retried = 0
    for p in paths:
        done = existing.get(p)
        if done is None or (retry_errors and done.error):
            todo.append(p)
        elif done.error_type in RETRIED_ALWAYS:
            todo.append(p)
            retried += 1
        elif not done.any_hash:
            check.append(p)
    if check:  # hash in threads: hashlib releases the GIL on large buffers
        with ThreadPoolExecutor(max_workers=8) as ex:
            shas = dict(zip(check, ex.map(lambda p: file_info(p).sha256, check), strict=True))
        todo.extend(p for p in check if not existing[p].matches(shas[p]))
    keep = set(todo)
    skipped_errors = sum(1 for p in paths if p not in keep and existing[p].error)
    return Plan([p for p in paths if p in keep], skipped_errors, retried)


def find_inputs(items: Iterable[str]) -> tuple[list[str], list[str]]:
    """The input paths of the command-line items (files, folders, patterns), and a note for
    each item that yields no document. A missing path or a pattern that matches nothing still
    yields its path (it gets a ``not_found`` line: nothing vanishes); an empty folder yields
    nothing. Raises :class:`UsageError` when no item yields a document: a run that could only
    write error lines is a mistake in the command, said before the output is opened."""
    expansions = [expand_item(item) for item in items]
    if not expansions:
        raise UsageError("no inputs: give files, folders or patterns, or a manifest that has some")
    notes = [describe(e) for e in expansions if e.reason is not None]
    if len(notes) == len(expansions):
        raise UsageError("no documents found: " + "; ".join(notes))
    return list(iter_inputs(p for e in expansions for p in e.paths)), notes


def describe(expansion: Expansion) -> str:
    """Why an item yields no document, in words ("'archive/' is an empty folder")."""
    item = repr(expansion.item)
    if expansion.reason == EMPTY_FOLDER:
        return f"{item} is an empty folder"
    if expansion.reason == NO_DOCUMENTS:
        kinds = ", ".join(sorted(s for s in DOCUMENT_SUFFIXES if s))
        return f"{item} is a folder without documents (files named {kinds})"
    if expansion.reason == NO_MATCH:
        return f"{item} matches no file"
    if expansion.reason == NOT_FOUND:
        return f"{item} does not exist"
    return f"{item}: {expansion.reason}"


def exit_status(summary: Summary) -> int:
    """OK when every input has a record (new or already in the output); INPUT_ERRORS when any
    input's line is an error record, written in this run or skipped as already there."""
    if summary.error_count or summary.skipped_errors:
        return exitcodes.INPUT_ERRORS
    return exitcodes.OK


def largest_first(paths: list[str]) -> list[str]:
    """The paths by decreasing file size (a stable sort; unreadable ones last). With several
    workers, the long documents (big scans to OCR) then start first instead of being the
    tail that one worker finishes alone while the others wait."""

    def size(p: str) -> int:
        try:
            return os.stat(p).st_size
        except OSError:
            return -1

    sizes = {p: size(p) for p in paths}
    return sorted(paths, key=lambda p: -sizes[p])


def quarantine_line(sink: Sink) -> str:
    """What a person is told when the open moved broken lines out of the output."""
    n = sink.quarantined
    if n == 1:
        what, again = "line", "its input is parsed again if it is among the inputs"
    else:
        what, again = "lines", "their inputs are parsed again if they are among the inputs"
    return f"policyparse: {n} broken {what} in {sink.label} moved to {sink.rejected}; {again}"


def run_batch(
    inputs: Iterable[str],
    out: str,
    config: BatchConfig,
    stream: IO[str] | None = None,
    err: IO[str] | None = None,
) -> Summary:
    """Parse every input into ``out`` (see :mod:`policyparse.batchio.sinks`), resuming what
    is there. Returns the summary (also written to ``config.summary_json``); its
    :func:`exit_status` is the command's exit code.

    Raises :class:`UsageError` before any work (the output opened, an input hashed, workers
    started) when ``out`` is unusable (:func:`check_out`) or no input item yields a document
    (:func:`find_inputs`). Raises :class:`~.faults.Stopped` (a ``KeyboardInterrupt``) after
    SIGINT, SIGTERM or SIGHUP, with the output closed and the summary attached, and
    :class:`~.faults.OutputError` when the output cannot be written (see :mod:`.faults`)."""
    err = err or sys.stderr
    if config.retry_errors and out == "-":
        raise UsageError("--retry-errors needs an output file, not standard output")
    if config.executor not in ("local", "dask"):
        raise UsageError(f"unknown executor {config.executor!r} (local or dask)")
    check_out(out)
    paths, notes = find_inputs(inputs)
    for note in notes:
        print(f"policyparse: {note}", file=err)
    if config.executor == "local":
        # First, before this process hashes inputs (threads, buffers), imports pyarrow or
        # reads the output: the workers are forked from this server, and its start-up (imports,
        # warm-up) runs meanwhile.
        start_fork_server(SERVER_PRELOAD, here=config.fork_server_here)
    signals = StopSignals()
    with signals.active():
        try:
            return _run(paths, notes, out, config, stream, err, signals)
        except Stopped:
            raise
        except KeyboardInterrupt:  # before the handlers were set, or from a non-main thread
            raise Stopped(signal.SIGINT) from None


def _run(
    paths: list[str],
    notes: list[str],
    out: str,
    config: BatchConfig,
    stream: IO[str] | None,
    err: IO[str],
    signals: StopSignals,
) -> Summary:
    started = time.monotonic()
    try:
        sink: Sink = open_sink(out, overwrite=config.overwrite, stream=stream)
    except OUTPUT_ERRORS as exc:
        if not no_space(exc) and getattr(exc, "errno", None) != errno.EIO:
            raise  # e.g. not allowed to write there: not a fault of the disk
        raise OutputError(out, exc) from exc  # e.g. resuming on a disk that is still full
    summary = Summary(
        inputs=len(paths), workers=config.workers, executor=config.executor, out=sink.label
    )
    summary.no_documents = notes
    summary.quarantined = sink.quarantined
    if sink.quarantined:
        print(quarantine_line(sink), file=err)
    executor: LocalExecutor | DaskExecutor | None = None
    progress = Progress(err, 0, config.progress)
    failure: BaseException | None = None
    try:
        existing = sink.existing()
        todo_plan = make_plan(paths, existing, config.retry_errors)
        todo = todo_plan.todo
        vanished = handle_vanished(sink, existing, paths, config.prune, err)
        summary.vanished, summary.pruned = vanished.found, vanished.removed
        summary.skipped = len(paths) - len(todo)
        summary.skipped_errors, summary.retried = todo_plan.skipped_errors, todo_plan.retried
        if config.workers > 1:
            todo = largest_first(todo)
        progress = Progress(err, len(todo), config.progress)
        executor = _executor(config)
        with contextlib.closing(executor.run(todo)) as results:
            for result in results:
                with signals.hold():  # a line is written whole (a signal waits for it)
                    _write(sink, result)
                    summary.add(result)
                progress.update(summary)
    except BaseException as exc:
        failure = exc
        if isinstance(exc, Stopped):
            exc.summary = summary
        raise
    finally:
        signals.closing()
        try:
            _close(sink, failure)
        finally:
            summary.seconds = time.monotonic() - started
            if executor is not None:
                summary.workers_replaced = executor.replaced
                summary.workers_recycled = executor.recycled
            progress.finish(summary)
            if config.summary_json:
                try:
                    summary.write_json(config.summary_json)
                except OSError as exc:
                    if failure is None:
                        raise OutputError(config.summary_json, exc) from exc
    return summary


def _executor(config: BatchConfig) -> LocalExecutor | DaskExecutor:
    task = TaskConfig(
        options=config.options or Options(),
        timeout=config.timeout or None,
        max_memory_mb=config.max_memory_mb or None,
        memory_headroom_mb=DEFAULT_MEMORY_HEADROOM_MB if config.max_memory_mb is None else None,
        max_tasks_per_worker=config.max_tasks_per_worker or None,
    )
    if config.executor == "dask":
        return DaskExecutor(task, config.workers, config.scheduler)
    if config.executor == "local":
        return LocalExecutor(task, config.workers)
    raise UsageError(f"unknown executor {config.executor!r} (local or dask)")


def _write(sink: Sink, result: LineResult) -> None:
    try:
        sink.write(result)
    except OUTPUT_ERRORS as exc:
        raise OutputError(sink.label, exc) from exc


def _close(sink: Sink, failure: BaseException | None) -> None:
    """Close the output. Its error becomes :class:`OutputError`, unless the run already
    failed to write it (the first error names the cause; the second is usually the same)."""
    try:
        sink.close()
    except OUTPUT_ERRORS as exc:
        if not isinstance(failure, OutputError):
            raise OutputError(sink.label, exc) from exc
