"""Parquet output (``--out records.parquet``; needs the ``parquet`` extra: pyarrow).

Parquet files cannot be appended to, so during a run lines go to a crash-safe JSON Lines
journal beside the output (``.NAME.partial.jsonl``, see :class:`JsonlSink`); at the end the
old Parquet rows and the journal are merged (a path parsed again replaces its old row) into
a temporary file that replaces the output atomically, and the journal is removed. A killed
run leaves the journal, and the next run resumes from it and the Parquet file together.

Columns: ``source, sha256, bytes, kind, title, date (date32), issuer, designation,
diarienummer (list<string>), pages, error_type, error_message, record`` (the whole JSON line;
query nested fields with e.g. DuckDB's ``json_extract``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
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
from policyparse.batchio.work import LineResult

_COLUMNS = (
    "source",
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


def _pyarrow() -> Any:
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


class ParquetSink:
    def __init__(self, path: Path, overwrite: bool = False) -> None:
        self.pa = _pyarrow()
        self.path = path
        self.label = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        journal = path.with_name(f".{path.name}.partial.jsonl")
        if overwrite:
            path.unlink(missing_ok=True)
        self.journal = JsonlSink(journal, overwrite=overwrite)
        self._old: dict[str, Done] = {}
        if path.exists():
            table = self.pa.parquet.read_table(path, columns=["source", "sha256", "error_type"])
            for src, sha, etype in zip(
                table.column("source").to_pylist(),
                table.column("sha256").to_pylist(),
                table.column("error_type").to_pylist(),
                strict=True,
            ):
                self._old[src] = Done(sha, etype is not None)

    def existing(self) -> dict[str, Done]:
        return self._old | self.journal.existing()

    def write(self, result: LineResult) -> None:
        self.journal.write(result)

    def close(self) -> None:
        self.journal.close()
        new: dict[str, dict[str, Any]] = {}
        with open(self.journal.path, "rb") as fh:
            for _, raw in iter_lines(fh):
                if not raw.endswith(b"\n"):  # cut short (a full disk): parsed again next run
                    continue
                text = raw[:-1].decode("utf-8", errors="replace")
                ident = line_identity(text)
                if ident is None:
                    continue
                info = json.loads(text).get("input") or {}
                new[ident[0]] = _row(text, ident[0], ident[1].sha256, info.get("bytes"))
        if not new and self.path.exists():
            self.journal.path.unlink(missing_ok=True)
            return
        rows: list[dict[str, Any]] = []
        if self.path.exists():
            old = self.pa.parquet.read_table(self.path).to_pylist()
            for row in old:
                rows.append(new.pop(row["source"], row))
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
