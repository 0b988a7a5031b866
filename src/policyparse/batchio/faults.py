"""How a batch run ends when it is stopped from outside or its output cannot be written.

Stop signals. SIGTERM (schedulers, ``timeout``, systemd and container stops) and SIGHUP (a
closed terminal) are handled as Ctrl-C is: :class:`StopSignals` turns each into a
:class:`Stopped` exception in the main thread, so the run unwinds as for ``KeyboardInterrupt``
— no more work handed out, documents in flight abandoned (their workers are killed; they get
no line and are parsed by the next run), the output closed properly (JSON Lines flushed and
fsync'ed, the Parquet journal merged, SQLite checkpointed), the summary printed. Why an
exception and not a flag: the main thread may be waiting minutes for a slow document, and only
an exception ends that wait at once. A signal that arrives while a line is being written waits
until the line is whole; a second signal while the output closes is ignored, so that an
impatient second Ctrl-C or a scheduler's repeated SIGTERM cannot leave a half-merged output
(SIGKILL still stops at once, and what was written is kept).

Output errors. A full disk, an I/O error or SQLite's "database or disk is full" while writing
or closing the output become :class:`OutputError`, whose message is the one line the command
prints. Lines are written whole or cut off at the next run's resume scan, so the output stays
resumable.
"""

from __future__ import annotations

import errno
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policyparse.batchio.progress import Summary

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

# errno values and SQLite error names that mean "no room": the advice is to free space.
_NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_NO_SPACE_SQLITE = frozenset({"SQLITE_FULL"})


class Stopped(KeyboardInterrupt):
    """The run was stopped by ``signum``; ``summary`` is what it did until then."""

    def __init__(self, signum: int, summary: Summary | None = None) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.summary = summary

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name


class OutputError(Exception):
    """The output (``label``) could not be written; what was written is kept."""

    def __init__(self, label: str, cause: BaseException) -> None:
        self.label = label
        self.cause = cause
        advice = "free space" if no_space(cause) else "fix the cause"
        super().__init__(
            f"cannot write {label}: {describe(cause)}; what was written is kept: {advice} "
            "and run the same command again to resume"
        )


OUTPUT_ERRORS = (OSError, sqlite3.Error)


def no_space(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in _NO_SPACE_ERRNOS
    return getattr(exc, "sqlite_errorname", None) in _NO_SPACE_SQLITE


def describe(exc: BaseException) -> str:
    """``No space left on device (ENOSPC)``, ``database or disk is full (SQLITE_FULL)``."""
    if isinstance(exc, OSError) and exc.errno is not None:
        name = errno.errorcode.get(exc.errno, str(exc.errno))
        return f"{exc.strerror or exc} ({name})"
    code = getattr(exc, "sqlite_errorname", None)
    text = str(exc) or type(exc).__name__
    return f"{text} ({code})" if code else text


class StopSignals:
    """Turns SIGINT, SIGTERM and SIGHUP into :class:`Stopped` while active (main thread only;
    elsewhere it does nothing). See the module doc."""

    def __init__(self) -> None:
        self._stopping = False
        self._held = 0  # inside hold(): a signal waits for its end
        self._pending: int | None = None

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self._stopping:
            return  # a second signal while the run unwinds and the output closes
        if self._held:
            self._pending = signum
            return
        self._stopping = True
        raise Stopped(signum)

    @contextmanager
    def active(self) -> Iterator[StopSignals]:
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {s: signal.signal(s, self._handler) for s in STOP_SIGNALS}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """A section a signal must not cut (writing one line): it is acted on at the end."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
        # Only when the section ended well: an error of its own (a full disk) comes first.
        if not self._held and self._pending is not None and not self._stopping:
            signum, self._pending = self._pending, None
            self._stopping = True
            raise Stopped(signum)

    def closing(self) -> None:
        """From now on signals are ignored: the output is being closed."""
        self._stopping = True
