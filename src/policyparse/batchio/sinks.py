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
    alone.

Every line is validated on start, whatever its last character: it must parse as JSON and be a
record (a ``kind``) or an error record (an ``error`` with ``type`` and ``message``) with its
input identity (``source``, ``input.path``, ``input.sha256``). A line that is not (a torn
tail, a line cut and closed with ``}``, two lines run together, zeros from a power cut) is
appended to ``OUT.rejected`` (fsync'ed first), then dropped from the output, so its input is
parsed again; ``quarantined`` says how many. The whole line is decoded, never a pydantic model.

Every file output is locked from before it is read until after its last rename, merge or
checkpoint (:mod:`policyparse.batchio.lock`, taken by :func:`open_sink`).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from policyparse.batchio.pool import close_in_workers, forget_in_workers
from policyparse.batchio.work import LineResult, pause_for_test
from policyparse.paths import display_path, input_key, path_bytes

_FSYNC_LINES = 64
_FSYNC_SECONDS = 1.0
_SHA256 = re.compile(r"[0-9a-f]{64}")


class BatchError(Exception):
    """The batch cannot run as asked (output locked, extra not installed, bad option)."""


@dataclass(frozen=True, slots=True)
class Done:
    """What the output already holds for a path."""

    sha256: str | None
    error: bool
    any_hash: bool = False  # an old line without ``input``: matches whatever the hash
    error_type: str | None = None  # when known: lets a resume redo errors of some types

    def matches(self, sha256: str | None) -> bool:
        return self.any_hash or self.sha256 == sha256


class Sink(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def quarantined(self) -> int:
        """How many broken lines the open moved out of the output (into :attr:`rejected`)."""

    @property
    def rejected(self) -> str: ...

    def existing(self) -> dict[str, Done]: ...

    def prune(self, paths: set[str]) -> int: ...

    def write(self, result: LineResult) -> None: ...

    def close(self) -> None: ...


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def record_identity(obj: Any) -> tuple[str, Done] | None:
    """``(input path, Done)`` of a decoded output line, or None if it is not a record or an
    error record with its input identity. Checks the few fields resuming relies on, not the
    whole record (building the pydantic model per line would make a resume scan of an
    archive's output take minutes)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("source"), str):
        return None
    if "error" in obj:
        err = obj["error"]
        if not isinstance(err, dict) or not all(
            isinstance(err.get(k), str) for k in ("type", "message")
        ):
            return None
        is_error = True
        etype: str | None = err["type"]
    elif isinstance(obj.get("kind"), str):
        is_error, etype = False, None
    else:
        return None
    if "input" not in obj:  # a line of an older version: matches on its source alone
        return obj["source"], Done(None, is_error, True, etype)
    info = obj["input"]
    key = input_key(info) if isinstance(info, dict) else None
    if key is None:
        return None
    sha = info.get("sha256")
    if sha is not None and not (isinstance(sha, str) and _SHA256.fullmatch(sha)):
        return None
    return key, Done(sha, is_error, False, etype)


def line_identity(text: str | bytes) -> tuple[str, Done] | None:
    """``(input path, Done)`` of an output line (without its newline), or None if it is not
    a valid one: the whole line is parsed, whatever its last character."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        obj = json.loads(text)
    except ValueError:  # UnicodeDecodeError included
        return None
    return record_identity(obj)


def iter_lines(fh: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    fh.seek(0)
    offset = 0
    for raw in fh:
        yield offset, raw
        offset += len(raw)


# A valid line of the output: where it starts, its length (newline included), its input path.
_Line = tuple[int, int, str]


class JsonlSink:
    """Appends to a JSON Lines file; resumable (see the module doc). The caller holds the
    output's lock (:func:`open_sink` does)."""

    def __init__(self, path: Path, overwrite: bool = False, rejected: Path | None = None) -> None:
        self.path = path
        self.label = str(path)
        self.rejected = str(rejected or path.with_name(f"{path.name}.rejected"))
        self.quarantined = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self._open(path)
        if overwrite:
            self._fh.truncate(0)
        self._existing: dict[str, Done] = {}
        self._superseded = False
        self._pruned: set[str] = set()  # paths whose lines the next rewrite drops
        self._unsynced = 0
        self._synced_at = time.monotonic()
        self._scan()

    @staticmethod
    def _open(path: Path) -> IO[bytes]:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        close_in_workers(fd)
        return os.fdopen(fd, "r+b")

    def _scan(self) -> None:
        """Validate every line and collect identities; quarantine bad lines, then cut them
        off (when they are all at the end) or rewrite the file (when they are in the middle,
        or a path has several lines)."""
        table: list[_Line] = []
        bad: list[bytes] = []
        bad_in_middle = unterminated = False
        for offset, raw in iter_lines(self._fh):
            ident = line_identity(raw.removesuffix(b"\n"))
            if ident is None:
                bad.append(raw)
                continue
            bad_in_middle = bad_in_middle or bool(bad)
            unterminated = not raw.endswith(b"\n")  # a whole last line, edited by hand?
            path, done = ident
            self._existing[path] = done
            table.append((offset, len(raw), path))
        if bad:
            self._quarantine(bad)
        if bad_in_middle or len(table) > len(self._existing):
            self._rewrite(table)
        elif bad:  # only a torn or broken tail
            self._fh.truncate(table[-1][0] + table[-1][1] if table else 0)
            self._fsync()
        elif unterminated:
            self._fh.seek(0, os.SEEK_END)
            self._fh.write(b"\n")
            self._fsync()
        self._fh.seek(0, os.SEEK_END)

    def _quarantine(self, lines: list[bytes]) -> None:
        """Append bad lines to :attr:`rejected` and fsync it, before the output drops them:
        a crash in between leaves a line in both places, never in neither."""
        with open(self.rejected, "ab") as out:
            for raw in lines:
                out.write(raw if raw.endswith(b"\n") else raw + b"\n")
            out.flush()
            os.fsync(out.fileno())
        self.quarantined += len(lines)

    def _valid_lines(self) -> list[_Line]:
        table: list[_Line] = []
        for offset, raw in iter_lines(self._fh):
            ident = line_identity(raw.removesuffix(b"\n"))
            if ident is not None:
                table.append((offset, len(raw), ident[0]))
        return table

    def _rewrite(self, table: list[_Line] | None = None) -> None:
        """Atomically rewrite the file: one line per path (its last one, at the place of its
        first), lines that are not in ``table`` (the valid lines; read again if not given)
        dropped."""
        lines = self._valid_lines() if table is None else table
        last = {path: (start, size) for start, size, path in lines}
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        written: set[str] = set()
        try:
            with open(tmp, "wb") as out:
                for _, _, path in lines:
                    if path in written or path in self._pruned:
                        continue
                    written.add(path)
                    start, size = last[path]
                    self._fh.seek(start)
                    line = self._fh.read(size)
                    out.write(line if line.endswith(b"\n") else line + b"\n")
                out.flush()
                os.fsync(out.fileno())
        except BaseException:  # e.g. a full disk: the file stays as it was, without the copy
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, self.path)
        fsync_dir(self.path.parent)
        pause_for_test("jsonl-rewrite")
        old = self._fh
        self._fh = self._open(self.path)
        forget_in_workers(old.fileno())
        old.close()
        self._fh.seek(0, os.SEEK_END)
        self._superseded = False

    def existing(self) -> dict[str, Done]:
        return dict(self._existing)

    def prune(self, paths: set[str]) -> int:
        """Remove the lines of ``paths`` (``--prune``), by an atomic rewrite now."""
        gone = paths & self._existing.keys()
        if gone:
            self._pruned = gone
            self._rewrite()
            self._pruned = set()
            for path in gone:
                del self._existing[path]
        return len(gone)

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
        etype = result.error_type
        self._existing[result.path] = Done(result.sha256, etype is not None, False, etype)
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
        self.quarantined = 0
        self.rejected = ""

    def existing(self) -> dict[str, Done]:
        return {}

    def prune(self, paths: set[str]) -> int:
        return 0

    def write(self, result: LineResult) -> None:
        self.stream.write(result.line + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def _lossless(path: str) -> bytes | None:
    """The bytes of a file name that is not UTF-8 (``path_bytes`` of SQLite and Parquet), or
    ``None`` for the others, whose ``source`` is their name."""
    raw = path_bytes(path)
    return None if raw is None else base64.b64decode(raw)


def document_row(result: LineResult) -> dict[str, Any]:
    """The ``documents`` columns of a line (SQLite and Parquet)."""
    obj: dict[str, Any] = json.loads(result.line)
    err = obj.get("error") if isinstance(obj.get("error"), dict) else None
    return {
        "source": obj.get("source", display_path(result.path)),
        "path": display_path(result.path),
        "path_bytes": _lossless(result.path),
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
    """A sink for ``--out``: ``-`` (stdout), ``.sqlite``/``.db``, ``.parquet``, else JSONL.

    A file output is locked first, before anything of it is read, and stays locked until the
    sink's ``close`` has done its last rename, merge or checkpoint; a second run on it gets
    :class:`~policyparse.batchio.lock.OutputLockedError`."""
    if out == "-":
        return StreamSink(stream)
    from policyparse.batchio.lock import LockedSink, OutputLock

    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create the folder of {out}: {exc.strerror}") from None
    lock = OutputLock(path)
    try:
        sink = _file_sink(path, overwrite)
    except BaseException:
        lock.release()
        raise
    return LockedSink(sink, lock)


def _file_sink(path: Path, overwrite: bool) -> Sink:
    suffix = path.suffix.lower()
    if suffix in (".sqlite", ".sqlite3", ".db"):
        from policyparse.batchio.catalog import SqliteSink

        return SqliteSink(path, overwrite=overwrite)
    if suffix == ".parquet":
        from policyparse.batchio.parquet import ParquetSink

        return ParquetSink(path, overwrite=overwrite)
    return JsonlSink(path, overwrite=overwrite)
