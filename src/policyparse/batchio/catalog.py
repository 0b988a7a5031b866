"""An SQLite catalog of batch output (``--out catalog.sqlite`` or ``.db``).

One row per input in ``documents`` (records and error records alike), and one row per list
item in a table per list, linked by ``document_id``::

    documents   (id, source UNIQUE, path_bytes, sha256, bytes, kind, title, date, issuer,
                 designation, diarienummer -- JSON array of strings, pages, error_type,
                 error_message, record -- the whole JSON line)
    tasks       (id, document_id, position, text, assignee, confidence, evidence)
    deadlines   (id, document_id, position, date, kind, recurrence, text, recipient,
                 confidence, evidence)
    amounts     (id, document_id, position, value -- exact, as text, value_num -- REAL,
                 currency, qualifier, period, text, appropriation -- JSON, confidence,
                 evidence)
    signatories (id, document_id, position, name, role, confidence, evidence)
    "references"(id, document_id, position, name, type, confidence, evidence)
    consultees, recipients, assignees, copies_to
                (id, document_id, position, name, confidence, evidence)
    catalog_meta(key, value)    -- schema_version

Dates are ISO ``YYYY-MM-DD`` text, so ranges compare as strings and use the indexes;
``evidence`` columns are JSON arrays of spans. ``references`` is an SQL keyword: quote it.
Child rows are deleted with their document (``ON DELETE CASCADE``; connections must enable
``PRAGMA foreign_keys = ON``).

All deadlines in 2026 per agency (the agencies a decision gives the work to) is one query,
:data:`DEADLINES_PER_AGENCY`::

    SELECT a.name AS agency, d.date, d.kind, d.text, doc.source
    FROM deadlines AS d
    JOIN assignees AS a ON a.document_id = d.document_id
    JOIN documents AS doc ON doc.id = d.document_id
    WHERE d.date >= '2026-01-01' AND d.date < '2027-01-01'
    ORDER BY agency, d.date, doc.source;

and their number per agency::

    SELECT a.name AS agency, COUNT(*) AS deadlines
    FROM deadlines AS d JOIN assignees AS a ON a.document_id = d.document_id
    WHERE d.date BETWEEN '2026-01-01' AND '2026-12-31'
    GROUP BY a.name ORDER BY deadlines DESC, agency;

``source`` is the input's path as text; for a file name that is not UTF-8 it shows each
undecodable byte as ``\\xNN``, and ``path_bytes`` (a BLOB, else NULL) holds the name's bytes.
(``source`` stays UNIQUE, so a UTF-8 name spelled with the same ``\\xNN`` text as such a name
shares its row: the one limit of this form, in this format only.)

Resume: inputs whose (path, sha256) is already in ``documents`` are skipped. Each document
is written in its own transaction (WAL journal), so a ``kill -9`` loses at most the one being
written; a document parsed again (changed file, ``--retry-errors``) replaces its old row and
children in the same transaction. Nothing can be half there, so unlike the JSON Lines output
there is nothing to quarantine: a transaction cut short by a kill or a power cut was never
committed, and SQLite rolls it back when the catalog is next opened (the WAL frames without a
commit are ignored). A ``--out`` that is not an SQLite database is refused with one line.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sqlite3
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from policyparse.batchio.sinks import BatchError, Done, document_row
from policyparse.batchio.work import LineResult, pause_for_test
from policyparse.paths import path_bytes

SCHEMA_VERSION = "2"  # 2: documents.path_bytes

DEADLINES_PER_AGENCY = """
SELECT a.name AS agency, d.date, d.kind, d.text, doc.source
FROM deadlines AS d
JOIN assignees AS a ON a.document_id = d.document_id
JOIN documents AS doc ON doc.id = d.document_id
WHERE d.date >= '2026-01-01' AND d.date < '2027-01-01'
ORDER BY agency, d.date, doc.source
"""

_NAMED_TABLES = ("consultees", "recipients", "assignees", "copies_to")
_ITEM = (
    "id INTEGER PRIMARY KEY, "
    "document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, "
    "position INTEGER NOT NULL"
)
_TAIL = "confidence REAL, evidence TEXT"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS catalog_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    path_bytes BLOB,
    sha256 TEXT,
    bytes INTEGER,
    kind TEXT,
    title TEXT,
    date TEXT,
    issuer TEXT,
    designation TEXT,
    diarienummer TEXT,
    pages INTEGER,
    error_type TEXT,
    error_message TEXT,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_kind_date ON documents(kind, date);
CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer);
CREATE INDEX IF NOT EXISTS documents_error_type ON documents(error_type);
CREATE TABLE IF NOT EXISTS tasks ({_ITEM}, text TEXT, assignee TEXT, {_TAIL});
CREATE TABLE IF NOT EXISTS deadlines (
    {_ITEM}, date TEXT NOT NULL, kind TEXT, recurrence TEXT, text TEXT, recipient TEXT, {_TAIL}
);
CREATE TABLE IF NOT EXISTS amounts (
    {_ITEM}, value TEXT, value_num REAL, currency TEXT, qualifier TEXT, period TEXT,
    text TEXT, appropriation TEXT, {_TAIL}
);
CREATE TABLE IF NOT EXISTS signatories ({_ITEM}, name TEXT, role TEXT, {_TAIL});
CREATE TABLE IF NOT EXISTS "references" ({_ITEM}, name TEXT, type TEXT, {_TAIL});
""" + "".join(
    f"CREATE TABLE IF NOT EXISTS {t} ({_ITEM}, name TEXT, {_TAIL});\n" for t in _NAMED_TABLES
)

_INDEXES = [
    ("tasks", "document_id"),
    ("tasks", "assignee"),
    ("deadlines", "document_id"),
    ("deadlines", "date"),
    ("amounts", "document_id"),
    ("signatories", "document_id"),
    ("signatories", "name"),
    ("references", "document_id"),
    ("references", "name"),
    *((t, "document_id") for t in _NAMED_TABLES),
    *((t, "name") for t in _NAMED_TABLES),
]
SCHEMA += "".join(f'CREATE INDEX IF NOT EXISTS "{t}_{c}" ON "{t}"({c});\n' for t, c in _INDEXES)


def connect(path: str | Path) -> sqlite3.Connection:
    """Open a catalog with the settings it relies on (foreign keys, WAL)."""
    con = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    return con


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _num(value: Any) -> float | None:
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _items(obj: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    items = obj.get(key) or []
    return [(i, it) for i, it in enumerate(items) if isinstance(it, dict)]


def _add_path_bytes(con: sqlite3.Connection) -> None:
    """Add ``documents.path_bytes`` to a catalog written before it existed (schema 1)."""
    columns = {row[1] for row in con.execute("PRAGMA table_info(documents)")}
    if "path_bytes" not in columns:
        con.execute("ALTER TABLE documents ADD COLUMN path_bytes BLOB")


class SqliteSink:
    """Writes batch results into an SQLite catalog; resumable."""

    def __init__(self, path: Path, overwrite: bool = False) -> None:
        self.path = path
        self.label = str(path)
        self.quarantined = 0  # nothing to quarantine: see the module doc
        self.rejected = ""
        path.parent.mkdir(parents=True, exist_ok=True)
        if overwrite:
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
        try:
            self.con = connect(path)
            self.con.executescript(SCHEMA)
            _add_path_bytes(self.con)
            self.con.execute(
                "INSERT OR REPLACE INTO catalog_meta(key, value) VALUES ('schema_version', ?)",
                (SCHEMA_VERSION,),
            )
        except sqlite3.DatabaseError as exc:
            raise BatchError(
                f"cannot use {path} as an SQLite catalog: {exc}; "
                "use another --out, or --overwrite to replace it"
            ) from None

    def existing(self) -> dict[str, Done]:
        rows = self.con.execute("SELECT source, path_bytes, sha256, error_type FROM documents")
        return {
            src if raw is None else os.fsdecode(raw): Done(sha, etype is not None, False, etype)
            for src, raw, sha, etype in rows
        }

    def prune(self, paths: set[str]) -> int:
        """Delete the rows of ``paths`` (``--prune``) and their children, in one transaction."""
        con = self.con
        removed = 0
        con.execute("BEGIN IMMEDIATE")
        try:
            for path in paths:
                lossless = path_bytes(path)
                if lossless is None:
                    cur = con.execute(
                        "DELETE FROM documents WHERE source = ? AND path_bytes IS NULL", (path,)
                    )
                else:
                    cur = con.execute(
                        "DELETE FROM documents WHERE path_bytes = ?", (base64.b64decode(lossless),)
                    )
                removed += cur.rowcount
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return removed

    def write(self, result: LineResult) -> None:
        row = document_row(result)
        obj: dict[str, Any] = row.pop("_obj")
        con = self.con
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute("DELETE FROM documents WHERE source = ?", (row["path"],))
            cur = con.execute(
                "INSERT INTO documents (source, path_bytes, sha256, bytes, kind, title, date, "
                "issuer, designation, diarienummer, pages, error_type, error_message, record) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row["path"],
                    row["path_bytes"],
                    row["sha256"],
                    row["bytes"],
                    row["kind"],
                    row["title"],
                    row["date"],
                    row["issuer"],
                    row["designation"],
                    _json(row["diarienummer"]),
                    row["pages"],
                    row["error_type"],
                    row["error_message"],
                    row["record"],
                ),
            )
            doc_id = cur.lastrowid
            if row["error_type"] is None:
                self._children(doc_id, obj)
            con.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk does): a ROLLBACK then fails
            # with "no transaction is active" and would hide the real error.
            if con.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    con.execute("ROLLBACK")
            raise

    def _children(self, doc_id: int | None, obj: dict[str, Any]) -> None:
        ex = self.con.executemany

        def ev(it: dict[str, Any]) -> str | None:
            return _json(it.get("evidence"))

        ex(
            "INSERT INTO tasks (document_id, position, text, assignee, confidence, evidence) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (doc_id, i, it.get("text"), it.get("assignee"), it.get("confidence"), ev(it))
                for i, it in _items(obj, "tasks")
            ],
        )
        ex(
            "INSERT INTO deadlines (document_id, position, date, kind, recurrence, text, "
            "recipient, confidence, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_id,
                    i,
                    it.get("date"),
                    it.get("kind"),
                    it.get("recurrence"),
                    it.get("text"),
                    it.get("recipient"),
                    it.get("confidence"),
                    ev(it),
                )
                for i, it in _items(obj, "deadlines")
                if it.get("date")
            ],
        )
        ex(
            "INSERT INTO amounts (document_id, position, value, value_num, currency, "
            "qualifier, period, text, appropriation, confidence, evidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_id,
                    i,
                    None if it.get("value") is None else str(it.get("value")),
                    _num(it.get("value")),
                    it.get("currency"),
                    it.get("qualifier"),
                    it.get("period"),
                    it.get("text"),
                    _json(it.get("appropriation")),
                    it.get("confidence"),
                    ev(it),
                )
                for i, it in _items(obj, "amounts")
            ],
        )
        ex(
            "INSERT INTO signatories (document_id, position, name, role, confidence, evidence)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (doc_id, i, it.get("name"), it.get("role"), it.get("confidence"), ev(it))
                for i, it in _items(obj, "signatories")
            ],
        )
        ex(
            'INSERT INTO "references" (document_id, position, name, type, confidence, '
            "evidence) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (doc_id, i, it.get("name"), it.get("type"), it.get("confidence"), ev(it))
                for i, it in _items(obj, "references")
            ],
        )
        for table in _NAMED_TABLES:
            ex(
                f"INSERT INTO {table} (document_id, position, name, confidence, evidence) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (doc_id, i, it.get("name"), it.get("confidence"), ev(it))
                    for i, it in _items(obj, table)
                ],
            )

    def close(self) -> None:
        """Checkpoint the WAL into the database and close; closed even if the checkpoint
        fails (a full disk), when the WAL keeps the committed documents for the next run."""
        pause_for_test("sqlite-close")
        try:
            self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.con.close()
