"""One lock per batch output, the same for every format (JSON Lines, SQLite, Parquet).

Why a lock file beside the output (``OUT.lock``) rather than a lock on the output itself: the
JSON Lines output and the Parquet file are *replaced* at the end of a run (a rewrite or a
merge into a temporary file, then ``os.replace``), and a lock on the old file does not cover
the new one; and the Parquet output is written through a journal that the merge deletes. A
lock on a file that is never replaced covers them all, from before the output is read until
after its last rename, merge or checkpoint (see :func:`policyparse.batchio.sinks.open_sink`).

The lock is an ``flock`` on that file, so the kernel releases it when its holder dies, even by
``kill -9``: a lock file left behind is harmless, and the next run takes it over. The holder
writes its pid into the file for the message a second run gives; forked workers close the
descriptor first thing (:func:`~policyparse.batchio.pool.close_in_workers`), so a worker that
outlives its parent for a moment does not hold the output. At the end the holder removes the
file; a run that opened the file just before that checks, once it has the lock, that the path
still names the file it locked, and otherwise starts again on the new one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path

from policyparse.batchio.pool import close_in_workers, forget_in_workers
from policyparse.batchio.sinks import BatchError, Done, Sink
from policyparse.batchio.work import LineResult

# Taking the lock starts again when the lock file was removed or replaced between opening
# and locking it; more than a few rounds means something else keeps replacing it.
_MAX_ATTEMPTS = 5
_PID_BYTES = 32  # more than any pid written as decimal digits and a newline


class OutputLockedError(BatchError):
    """Another run holds the output's lock (exit code ``OUTPUT_LOCKED``, 4)."""

    def __init__(self, out: str, pid: int | None) -> None:
        self.out = out
        self.pid = pid
        holder = f" (pid {pid})" if pid is not None else ""
        super().__init__(
            f"{out} is in use by another policyparse run{holder}; wait for it or use another --out"
        )


def lock_path(out: Path) -> Path:
    """The lock file of an output: ``OUT.lock`` beside it."""
    return out.with_name(f"{out.name}.lock")


def _holder(fd: int) -> int | None:
    """The pid the holder wrote, if it has written it yet."""
    try:
        text = os.pread(fd, _PID_BYTES, 0).decode("ascii").strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


class OutputLock:
    """The exclusive lock of one output, taken on creation; :meth:`release` ends it."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = lock_path(out)
        self._fd = self._acquire()

    def _acquire(self) -> int:
        for _ in range(_MAX_ATTEMPTS):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise BatchError(f"cannot lock {self.out}: {exc.strerror}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                pid = _holder(fd)
                os.close(fd)
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise OutputLockedError(str(self.out), pid) from None
                raise BatchError(f"cannot lock {self.out}: {exc.strerror}") from None
            if not _same_file(fd, self.path):  # removed by the run that just finished
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            close_in_workers(fd)
            return fd
        raise OutputLockedError(str(self.out), None)

    def release(self) -> None:
        """Remove the lock file, then let the lock go (in that order: a run waiting on this
        file then sees that it is gone and locks the next one)."""
        if self._fd < 0:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        forget_in_workers(self._fd)
        os.close(self._fd)
        self._fd = -1


class LockedSink:
    """A sink and the lock of its output: the lock was taken before the sink was opened and
    is released after the sink's ``close`` has returned or raised, so it covers the sink's
    whole life, its final rewrite, merge or checkpoint included."""

    def __init__(self, sink: Sink, lock: OutputLock) -> None:
        self.sink = sink
        self.lock = lock

    @property
    def label(self) -> str:
        return self.sink.label

    @property
    def quarantined(self) -> int:
        return self.sink.quarantined

    @property
    def rejected(self) -> str:
        return self.sink.rejected

    def existing(self) -> dict[str, Done]:
        return self.sink.existing()

    def prune(self, paths: set[str]) -> int:
        return self.sink.prune(paths)

    def write(self, result: LineResult) -> None:
        self.sink.write(result)

    def close(self) -> None:
        try:
            self.sink.close()
        finally:
            self.lock.release()
