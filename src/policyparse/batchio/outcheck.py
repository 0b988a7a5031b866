"""Is ``--out`` usable? Checked before any work starts (before inputs are walked or hashed,
before workers start), so that a typo costs one clear line, not a run whose output cannot be
written or a ``.csv`` that silently gets JSON lines.

The sinks (:mod:`.sinks`, :mod:`.catalog`, :mod:`.parquet`) create missing parent folders, so
a parent that does not exist yet is fine as long as it can be created: the nearest folder that
exists must be one (not a file) and writable.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from policyparse.batchio.sinks import BatchError

# What ``open_sink`` writes for each extension of --out ('-' is standard output).
OUTPUT_FORMATS = {
    ".jsonl": "JSON lines",
    ".sqlite": "SQLite catalog",
    ".sqlite3": "SQLite catalog",
    ".db": "SQLite catalog",
    ".parquet": "Parquet",
}
STDOUT = "-"


class UsageError(BatchError):
    """The command cannot run as given (a bad ``--out``, no inputs found): nothing was
    parsed, and the message is the one line to show."""


def known_formats() -> str:
    return ", ".join(OUTPUT_FORMATS) + f", or '{STDOUT}' for standard output"


def check_out(out: str) -> None:
    """Raise :class:`UsageError` if ``out`` cannot be an output: an unknown extension, a
    folder, or a place where no file can be written."""
    if out == STDOUT:
        return
    path = Path(out)
    if path.is_dir():
        raise UsageError(f"--out {out} is a folder; name a file in it, e.g. {path / 'out.jsonl'}")
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        what = f"extension {suffix!r}" if suffix else "no extension"
        raise UsageError(f"--out {out} has {what}; known: {known_formats()}")
    if path.exists():
        if not os.access(path, os.W_OK) or not path.is_file():
            raise UsageError(f"--out {out} cannot be written (not a writable file)")
        return
    folder = _nearest_existing(path.parent)
    if not folder.is_dir():
        raise UsageError(f"--out {out} cannot be created: {folder} is not a folder")
    if not _can_create_in(folder):
        raise UsageError(f"--out {out} cannot be created: {folder} is not writable")


def _nearest_existing(folder: Path) -> Path:
    folder = folder.absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _can_create_in(folder: Path) -> bool:
    """Create and remove a file there: the only test that holds for root, read-only file
    systems and ACLs alike (``os.access`` says yes to root everywhere)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".policyparse-probe-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True
