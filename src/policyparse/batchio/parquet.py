"""Parquet output (``--out records.parquet``; needs the ``parquet`` extra: pyarrow).

Parquet files cannot be appended to, so during a run lines go to a crash-safe JSON Lines
journal beside the output (``.NAME.partial.jsonl``, see :class:`JsonlSink`); at the end the
old Parquet rows and the journal are merged (a path parsed again replaces its old row) into
a temporary file that replaces the output atomically, and the journal is removed. A killed
run leaves the journal, and the next run resumes from it and the Parquet file together (a
broken journal line is quarantined on open, as in :class:`JsonlSink`, to ``NAME.rejected``).
The output's lock (:mod:`policyparse.batchio.lock`) is held until the merge has replaced the
file and removed the journal, so no other run can write into a journal that is then deleted.

Columns: ``source, path_bytes (binary: the bytes of a file name that is not UTF-8, else
null), sha256, bytes, kind, title, date (date32), issuer, designation,
diarienummer (list<string>), pages, error_type, error_message, record`` (the whole JSON line;
query nested fields with e.g. DuckDB's ``json_extract``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from policyparse.batchio.sinks import (
    BatchError,
    Done,
    JsonlSink,
    document_row,
    fsync_dir,
    iter_lines,
    line_identity,
)
from policyparse.batchio.work import LineResult, pause_for_test

_COLUMNS = (
    "source",
    "path_bytes",
    "sha256",
    "bytes",
    "kind",
    "title",
    "date",
    "issuer",
    "designation",
    "diarienummer",
    "pages",
    "error_type",
    "error_message",
    "record",
)


# pyarrow's default allocator (mimalloc) reserves about 1 GB of address space the first time
# a Parquet file is read. Read here, in the parent, before the workers are forked, that
# reservation is copied into every worker, which then starts above its address-space cap
# (--max-memory-mb, by default the parent's size at start plus 768 MB) and hangs: a resumed
# Parquet batch never got going. The system allocator reserves nothing up front. Only set
# when pyarrow is not loaded yet (it reads the variable on import) and the user chose nothing.
_ARROW_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
_ARROW_POOL = "system"


def _pyarrow() -> Any:
    if "pyarrow" not in sys.modules:
        os.environ.setdefault(_ARROW_POOL_VARIABLE, _ARROW_POOL)
    try:
        pyarrow = importlib.import_module("pyarrow")
        importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise BatchError(
            "writing .parquet needs pyarrow: pip install 'policyparse[parquet]'"
        ) from None
    return pyarrow


def _schema(pa: Any) -> Any:
    return pa.schema(
        [
            ("source", pa.string()),
            ("path_bytes", pa.binary()),
            ("sha256", pa.string()),
            ("bytes", pa.int64()),
            ("kind", pa.string()),
            ("title", pa.string()),
            ("date", pa.date32()),
            ("issuer", pa.string()),
            ("designation", pa.string()),
            ("diarienummer", pa.list_(pa.string())),
            ("pages", pa.int32()),
            ("error_type", pa.string()),
            ("error_message", pa.string()),
            ("record", pa.string()),
        ]
    )


def _row(line: str, path: str, sha: str | None, size: int | None) -> dict[str, Any]:
    result = LineResult(path, line, sha, size, None, 0, 0.0)
    row = document_row(result)
    row.pop("_obj")
    row["source"] = row.pop("path")
    try:
        row["date"] = dt.date.fromisoformat(row["date"]) if row["date"] else None
    except (TypeError, ValueError):
        row["date"] = None
    return {c: row[c] for c in _COLUMNS}


def _key(row: dict[str, Any]) -> str:
    """A row's input path as the file system names it (rows of older files have no
    ``path_bytes``)."""
    raw = row.get("path_bytes")
    return str(row["source"]) if raw is None else os.fsdecode(raw)


class ParquetSink:
    def __init__(self, path: Path, overwrite: bool = False) -> None:
        self.pa = _pyarrow()
        self.path = path
        self.label = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        journal = path.with_name(f".{path.name}.partial.jsonl")
        if overwrite:
            path.unlink(missing_ok=True)
        rejected = path.with_name(f"{path.name}.rejected")
        self.journal = JsonlSink(journal, overwrite=overwrite, rejected=rejected)
        self.rejected = self.journal.rejected
        self._old: dict[str, Done] = {}
        self._pruned: set[str] = set()  # old rows the merge drops (--prune)
        if path.exists():
            names = self.pa.parquet.read_schema(path).names
            columns = [c for c in ("source", "path_bytes", "sha256", "error_type") if c in names]
            for row in self.pa.parquet.read_table(path, columns=columns).to_pylist():
                self._old[_key(row)] = Done(
                    row["sha256"], row["error_type"] is not None, False, row["error_type"]
                )

    @property
    def quarantined(self) -> int:
        """Broken journal lines moved out on open (the Parquet file is written whole)."""
        return self.journal.quarantined

    def existing(self) -> dict[str, Done]:
        return self._old | self.journal.existing()

    def prune(self, paths: set[str]) -> int:
        """Drop the rows of ``paths`` (``--prune``): from the journal now, from the Parquet
        file at the merge."""
        gone = paths & (self._old.keys() | self.journal.existing().keys())
        self._pruned |= paths & self._old.keys()
        for path in self._pruned:
            self._old.pop(path, None)
        self.journal.prune(paths)
        return len(gone)

    def write(self, result: LineResult) -> None:
        self.journal.write(result)

    def close(self) -> None:
        self.journal.close()
        pause_for_test("parquet-merge")
        new: dict[str, dict[str, Any]] = {}
        with open(self.journal.path, "rb") as fh:
            for _, raw in iter_lines(fh):  # valid lines only: the open quarantined the rest
                if not raw.endswith(b"\n"):  # cut short (a full disk): parsed again next run
                    continue
                ident = line_identity(raw[:-1])
                if ident is None:
                    continue
                text = raw.decode("utf-8").rstrip("\n")
                info = json.loads(text).get("input") or {}
                new[ident[0]] = _row(text, ident[0], ident[1].sha256, info.get("bytes"))
        if not new and not self._pruned and self.path.exists():
            self.journal.path.unlink(missing_ok=True)
            return
        rows: list[dict[str, Any]] = []
        if self.path.exists():
            old = self.pa.parquet.read_table(self.path).to_pylist()
            for row in old:
                if _key(row) not in self._pruned:
                    rows.append(new.pop(_key(row), row))
        rows.extend(new.values())
        table = self.pa.Table.from_pylist(rows, schema=_schema(self.pa))
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.pa.parquet.write_table(table, tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        except BaseException:  # e.g. a full disk: the old file and the journal stay, to resume
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, self.path)
        fsync_dir(self.path.parent)
        self.journal.path.unlink(missing_ok=True)
