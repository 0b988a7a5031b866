"""Batch inputs: files, folders, glob patterns and manifests → a stream of unique file paths.

* a path that exists is taken as it is: a file always (its type is sniffed from the content
  later), a folder is walked recursively in sorted order, keeping only files that look like
  documents (:data:`DOCUMENT_SUFFIXES`, no hidden files, no ``README.md``);
* an item that names no existing path but holds ``*``, ``?`` or ``[`` is a glob pattern
  (``**`` spans folders); it selects the *files* it matches, sorted (folders it matches are
  not walked). A pattern matching nothing is passed on as a path, so it yields an error line
  rather than vanishing;
* anything else is passed on as a path too (it yields an ``unsupported`` error line: "not a
  file").

A manifest is a text file with one item per line (file, folder or pattern, relative to the
working directory); blank lines and lines starting with ``#`` are skipped. ``-`` reads the
manifest from standard input.

Every path is reported once, in the order first seen: the same file named twice (say, on its
own and inside a folder) gives one output line.
"""

from __future__ import annotations

import glob
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from policyparse.paths import display_path, path_bytes

# Inside a folder only files that look like documents are taken (the type itself is sniffed
# from the content later); a file named on the command line is always taken. Word-processor
# files are taken too, though policyparse does not read them: each gets an ``unsupported``
# line ("a Word document (.docx); save it as PDF") instead of vanishing from the count.
DOCUMENT_SUFFIXES = frozenset(
    {".pdf", ".html", ".htm", ".md", ".markdown", ".txt", "", ".doc", ".docx", ".odt", ".rtf"}
)
GLOB_CHARS = ("*", "?", "[")
_HASH_CHUNK = 1 << 20


def is_document_file(path: Path) -> bool:
    return (
        path.is_file()
        and not path.name.startswith(".")
        and path.suffix.lower() in DOCUMENT_SUFFIXES
        and path.name.lower() != "readme.md"
    )


def is_glob(item: str) -> bool:
    return any(c in item for c in GLOB_CHARS)


# Why an item yielded no file (``Expansion.reason``); the command line turns these into words.
NOT_FOUND = "not found"
EMPTY_FOLDER = "empty folder"
NO_DOCUMENTS = "no documents in folder"
NO_MATCH = "pattern matches no file"


@dataclass(frozen=True, slots=True)
class Expansion:
    """What one input item (a file, folder or glob pattern) stands for.

    ``paths`` are the files it yields (for a plain path that does not exist: the path itself,
    so that it still gets an error line). ``reason`` says why it yields no *document*: a
    missing path, an empty folder, a folder without document-like files, a pattern that
    matches no file; ``None`` when it found something. The caller decides what an item
    without documents means for the run (see ``policyparse.batchio.runner``).
    """

    item: str
    paths: tuple[Path, ...]
    reason: str | None = None


def expand_item(item: str | Path) -> Expansion:
    """Expand one input item, saying why when it yields no document."""
    p = Path(item)
    if p.is_dir():
        files = sorted(q for q in p.rglob("*") if q.is_file())
        found = tuple(q for q in files if is_document_file(q))
        if found:
            return Expansion(str(item), found)
        return Expansion(str(item), (), NO_DOCUMENTS if files else EMPTY_FOLDER)
    if not p.exists() and is_glob(str(item)):
        matches = sorted(m for m in glob.glob(str(item), recursive=True) if os.path.isfile(m))
        if matches:
            return Expansion(str(item), tuple(Path(m) for m in matches))
        return Expansion(str(item), (p,), NO_MATCH)
    if not p.exists() and not p.is_symlink():
        return Expansion(str(item), (p,), NOT_FOUND)
    return Expansion(str(item), (p,))


def _expand_one(item: str | Path) -> Iterator[Path]:
    yield from expand_item(item).paths


def read_manifest(name: str, stdin: IO[str] | None = None) -> list[str]:
    """The items of a manifest file (``-``: standard input), one per line."""
    text = (stdin or sys.stdin).read() if name == "-" else Path(name).read_text("utf-8")
    items: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            items.append(line)
    return items


def iter_inputs(items: Iterable[str | Path]) -> Iterator[str]:
    """Expand items lazily into unique path strings (``str(Path(...))``, as in records)."""
    seen: set[str] = set()
    for item in items:
        for path in _expand_one(item):
            key = str(path)
            if key not in seen:
                seen.add(key)
                yield key


@dataclass(frozen=True, slots=True)
class InputInfo:
    """What identifies an input: its path as given, and the SHA-256 and size of its bytes
    (both ``None`` when the path cannot be read)."""

    path: str
    sha256: str | None
    bytes: int | None

    def as_dict(self) -> dict[str, str | int | None]:
        """The line's ``input``: ``path`` as text that encodes as UTF-8, and ``path_bytes``
        beside it only for a name that is not UTF-8 (:mod:`policyparse.paths`)."""
        shown = display_path(self.path)
        if shown == self.path:
            return {"path": self.path, "sha256": self.sha256, "bytes": self.bytes}
        return {
            "path": shown,
            "path_bytes": path_bytes(self.path),
            "sha256": self.sha256,
            "bytes": self.bytes,
        }


def file_info(path: str) -> InputInfo:
    """Hash a file in chunks (never holds more than 1 MB of it)."""
    h = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_HASH_CHUNK):
                h.update(chunk)
                size += len(chunk)
    except OSError:  # missing, a folder, unreadable: the parser reports why
        return InputInfo(path, None, None)
    return InputInfo(path, h.hexdigest(), size)
