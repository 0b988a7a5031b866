"""Where batch lines go: JSON Lines (default), standard output, SQLite or Parquet, by the
extension of ``--out``. Every sink can tell which inputs it already holds, so that a batch
resumes where a killed run stopped.

JSON Lines, crash-safe
    A line is written whole and flushed at once (so a ``kill -9`` loses at most the line
    being written), and the file is fsync'ed every second or 64 lines and at the end (so a
    power cut loses little). On start the file is scanned: a torn last line (no newline, or
    not JSON) is cut off, and each line's identity, ``input.path`` + ``input.sha256``, is
    collected from the first bytes of the line. An input whose path and hash are already
    there is skipped; a changed file (same path, new hash) and, with ``--retry-errors``, an
    error line are parsed again, and the new line *replaces* the old one: new lines are
    appended during the run (so a kill loses nothing), and at the end the file is rewritten
    atomically (temporary file, fsync, ``os.replace``) with each path's last line at the
    place of its first. A run killed before that rewrite leaves both lines; the next run
    rewrites the file first. Lines from older versions without ``input`` match on the path
    alone. The file is locked (``flock``) while a batch writes to it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from policyparse.batchio.pool import close_in_workers, forget_in_workers
from policyparse.batchio.work import LineResult

_FSYNC_LINES = 64
_FSYNC_SECONDS = 1.0
_DECODER = json.JSONDecoder()


class BatchError(Exception):
    """The batch cannot run as asked (output locked, extra not installed, bad option)."""


@dataclass(frozen=True, slots=True)
class Done:
    """What the output already holds for a path."""

    sha256: str | None
    error: bool
    any_hash: bool = False  # an old line without ``input``: matches whatever the hash

    def matches(self, sha256: str | None) -> bool:
        return self.any_hash or self.sha256 == sha256


class Sink(Protocol):
    label: str

    def existing(self) -> dict[str, Done]: ...

    def write(self, result: LineResult) -> None: ...

    def close(self) -> None: ...


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def line_identity(text: str) -> tuple[str, Done] | None:
    """``(path, Done)`` from a complete output line, or None if it is not one."""
    if not text.endswith("}") or "\x00" in text:
        return None
    if text.startswith('{"source":'):  # fast path: our own layout, only the prefix decoded
        try:
            _, i = _DECODER.raw_decode(text, 10)
            if text.startswith(',"input":', i):
                info, j = _DECODER.raw_decode(text, i + 9)
                if isinstance(info, dict) and isinstance(info.get("path"), str):
                    return info["path"], Done(info.get("sha256"), text.startswith(',"error":', j))
        except ValueError:
            pass
    try:
        obj = json.loads(text)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    is_error = isinstance(obj.get("error"), dict)
    info = obj.get("input")
    if isinstance(info, dict) and isinstance(info.get("path"), str):
        return info["path"], Done(info.get("sha256"), is_error)
    if isinstance(obj.get("source"), str):
        return obj["source"], Done(None, is_error, any_hash=True)
    return None


def iter_lines(fh: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    fh.seek(0)
    offset = 0
    for raw in fh:
        yield offset, raw
        offset += len(raw)


def _decode(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


class JsonlSink:
    """Appends to a JSON Lines file; resumable (see the module doc)."""

    def __init__(self, path: Path, overwrite: bool = False) -> None:
        self.path = path
        self.label = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self._open_locked(path)
        if overwrite:
            self._fh.truncate(0)
        self._existing: dict[str, Done] = {}
        self._superseded = False
        self._unsynced = 0
        self._synced_at = time.monotonic()
        self._scan()

    def _open_locked(self, path: Path) -> IO[bytes]:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise BatchError(
                f"{path} is being written by another policyparse batch (it is locked)"
            ) from None
        close_in_workers(fd)
        return os.fdopen(fd, "r+b")

    def _scan(self) -> None:
        """Collect identities, cut a torn tail, rewrite if lines are duplicated or bad."""
        count: dict[str, int] = {}
        good_end = 0
        bad = False
        for offset, raw in iter_lines(self._fh):
            text = _decode(raw[:-1]) if raw.endswith(b"\n") else None
            ident = line_identity(text) if text is not None else None
            if ident is None:
                if raw.endswith(b"\n"):
                    bad = True  # a broken line in the middle (power cut?): dropped below
                    continue
                break  # the torn last line
            path, done = ident
            self._existing[path] = done
            count[path] = count.get(path, 0) + 1
            good_end = offset + len(raw)
        self._fh.seek(0, os.SEEK_END)
        if self._fh.tell() != good_end and not bad:
            self._fh.truncate(good_end)
            self._fsync()
        if bad or any(n > 1 for n in count.values()):
            self._rewrite()
        self._fh.seek(0, os.SEEK_END)

    def _rewrite(self) -> None:
        """Atomically rewrite the file: one line per path (its last one, at the place of its
        first), broken lines dropped."""
        first: dict[str, int] = {}
        last: dict[str, tuple[int, int]] = {}
        lines: list[tuple[int, str]] = []
        for offset, raw in iter_lines(self._fh):
            text = _decode(raw[:-1]) if raw.endswith(b"\n") else None
            ident = line_identity(text) if text is not None else None
            if ident is None:
                continue
            path = ident[0]
            first.setdefault(path, offset)
            last[path] = (offset, len(raw))
            lines.append((offset, path))
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as out:
                for offset, path in lines:
                    if first[path] != offset:
                        continue
                    start, size = last[path]
                    self._fh.seek(start)
                    out.write(self._fh.read(size))
                out.flush()
                os.fsync(out.fileno())
        except BaseException:  # e.g. a full disk: the file stays as it was, without the copy
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, self.path)
        fsync_dir(self.path.parent)
        old = self._fh
        self._fh = self._open_locked(self.path)
        forget_in_workers(old.fileno())
        old.close()
        self._fh.seek(0, os.SEEK_END)
        self._superseded = False

    def existing(self) -> dict[str, Done]:
        return dict(self._existing)

    def _fsync(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._unsynced = 0
        self._synced_at = time.monotonic()

    def write(self, result: LineResult) -> None:
        self._fh.write(result.line.encode("utf-8") + b"\n")
        self._fh.flush()
        if result.path in self._existing:
            self._superseded = True
        self._existing[result.path] = Done(result.sha256, result.error_type is not None)
        self._unsynced += 1
        if self._unsynced >= _FSYNC_LINES or time.monotonic() - self._synced_at >= _FSYNC_SECONDS:
            self._fsync()

    def close(self) -> None:
        """Flush, fsync, rewrite if lines were superseded; the file is closed (and its lock
        released) even when that fails (a full disk): a line cut short by the failure is cut
        off by the next run's scan."""
        if self._fh.closed:
            return
        try:
            self._fsync()
            if self._superseded:
                self._rewrite()
        finally:
            forget_in_workers(self._fh.fileno())
            with contextlib.suppress(OSError):  # a second failure to flush the same bytes
                self._fh.close()


class StreamSink:
    """Lines to an open text stream (``--out -``): no resume."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stdout
        self.label = "<stdout>"

    def existing(self) -> dict[str, Done]:
        return {}

    def write(self, result: LineResult) -> None:
        self.stream.write(result.line + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def document_row(result: LineResult) -> dict[str, Any]:
    """The ``documents`` columns of a line (SQLite and Parquet)."""
    obj: dict[str, Any] = json.loads(result.line)
    err = obj.get("error") if isinstance(obj.get("error"), dict) else None
    return {
        "source": obj.get("source", result.path),
        "path": result.path,
        "sha256": result.sha256,
        "bytes": result.bytes,
        "kind": None if err else obj.get("kind"),
        "title": obj.get("title"),
        "date": obj.get("date"),
        "issuer": obj.get("issuer"),
        "designation": obj.get("designation"),
        "diarienummer": [d.get("name") for d in obj.get("diarienummer") or []],
        "pages": len(obj.get("pages") or []),
        "error_type": err.get("type") if err else None,
        "error_message": err.get("message") if err else None,
        "record": result.line,
        "_obj": obj,
    }


def open_sink(out: str, overwrite: bool = False, stream: IO[str] | None = None) -> Sink:
    """A sink for ``--out``: ``-`` (stdout), ``.sqlite``/``.db``, ``.parquet``, else JSONL."""
    if out == "-":
        return StreamSink(stream)
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix in (".sqlite", ".sqlite3", ".db"):
        from policyparse.batchio.catalog import SqliteSink

        return SqliteSink(path, overwrite=overwrite)
    if suffix == ".parquet":
        from policyparse.batchio.parquet import ParquetSink

        return ParquetSink(path, overwrite=overwrite)
    return JsonlSink(path, overwrite=overwrite)
