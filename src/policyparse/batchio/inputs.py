"""Batch inputs: files, folders, glob patterns and manifests → a stream of unique file paths.

* a path that exists is taken as it is: a file always (its type is sniffed from the content
  later), a folder is walked recursively in sorted order, keeping only files that look like
  documents (:data:`DOCUMENT_SUFFIXES`, no hidden files, no ``README.md``); links to folders
  inside it are not followed (no loops);
* an item that names no existing path but holds ``*``, ``?`` or ``[`` is a glob pattern
  (``**`` spans folders, but not through links to folders); it selects the *files* it
  matches, sorted (folders it matches are not walked). A pattern matching nothing is passed
  on as a path, so it yields an error line rather than vanishing;
* anything else is passed on as a path too (it yields a ``not_found`` error line).

A symbolic link that leads to no file (dangling, or a loop) is kept wherever a file would be,
so that it gets a ``not_found`` error line that says which (:func:`policyparse.paths.check_file`).

A manifest is a file with one item per line (file, folder or pattern, relative to the working
directory), taken literally: only the line end is removed and empty lines are skipped; there
is no comment syntax. ``-`` reads the manifest from standard input.

Every input is reported once, in the order first seen: names that lead to the same file (on
its own and inside a folder, a symbolic or hard link, an absolute path beside a relative one,
``sub/../x``) give one output line, under the name first seen.
"""

from __future__ import annotations

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
    return path.is_file() and _document_name(path)


def _document_name(path: Path) -> bool:
    return (
        not path.name.startswith(".")
        and path.suffix.lower() in DOCUMENT_SUFFIXES
        and path.name.lower() != "readme.md"
    )


def is_broken_link(path: str | Path) -> bool:
    """A symbolic link that leads to no file: dangling, or a loop. Inside a folder or a
    pattern's matches it is kept (when its name looks like a document), so that it gets an
    error line instead of vanishing."""
    return os.path.islink(path) and not os.path.exists(path)


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
        files = sorted(q for q in p.rglob("*") if q.is_file() or is_broken_link(q))
        found = tuple(q for q in files if _document_name(q))
        if found:
            return Expansion(str(item), found)
        return Expansion(str(item), (), NO_DOCUMENTS if files else EMPTY_FOLDER)
    if not p.exists() and is_glob(str(item)):
        hits = match_pattern(str(item))
        matches = sorted(m for m in hits if os.path.isfile(m) or is_broken_link(m))
        if matches:
            return Expansion(str(item), tuple(Path(m) for m in matches))
        return Expansion(str(item), (p,), NO_MATCH)
    if not p.exists() and not p.is_symlink():
        return Expansion(str(item), (p,), NOT_FOUND)
    return Expansion(str(item), (p,))


def match_pattern(pattern: str) -> list[str]:
    """The paths a glob pattern matches, as :func:`glob.glob` with ``recursive=True`` gives
    them (``**`` spans folders, ``*`` skips hidden names), but without following links to
    folders under ``**``: ``glob`` does, and two links back up the tree (``a/up -> ..``) make
    it run for ever. :meth:`Path.glob` does not, so the pattern is split into the folder it
    starts from and the rest, which that folder's ``glob`` matches."""
    segments = pattern.split(os.sep)
    first = next(i for i, seg in enumerate(segments) if is_glob(seg))
    start = os.sep.join(segments[:first]) or (os.sep if first else "")
    rest = segments[first:]
    if rest[-1] == "**":  # glob's "a/**" is everything under a; Path.glob's only folders
        rest.append("*")
    hidden_asked = any(seg.startswith(".") for seg in rest)
    root = Path(start or ".")
    out: list[str] = []
    try:
        for match in root.glob("/".join(rest)):
            relative = match.relative_to(root)
            if not hidden_asked and any(part.startswith(".") for part in relative.parts):
                continue
            out.append(os.path.join(start, relative) if start else str(relative))
    except (OSError, ValueError):  # an unreadable start, an empty segment ("a//*")
        return out
    return out


def _expand_one(item: str | Path) -> Iterator[Path]:
    yield from expand_item(item).paths


class ManifestError(ValueError):
    """A manifest that cannot be a list of paths (a NUL byte: no file name holds one)."""


def read_manifest(name: str, stdin: IO[str] | None = None) -> list[str]:
    """The items of a manifest file (``-``: standard input), one per line, taken literally.

    Only the line end is removed (``\\n``, or ``\\r\\n``) and empty lines are skipped: spaces
    and a leading ``#`` are part of a name, as the file system allows. The bytes are
    decoded as the file system decodes names, so a name that is not UTF-8 works too; a UTF-8
    byte-order mark at the start is dropped. A NUL byte raises :class:`ManifestError`.
    """
    data = _manifest_bytes(name, stdin).removeprefix(_UTF8_BOM)
    items: list[str] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        line = raw.removesuffix(b"\r")
        if b"\0" in line:
            shown = "standard input" if name == "-" else display_path(name)
            raise ManifestError(
                f"manifest {shown}, line {number}: a NUL byte; a manifest is text, one path a line"
            )
        if line:
            items.append(os.fsdecode(line))
    return items


_UTF8_BOM = b"\xef\xbb\xbf"


def _manifest_bytes(name: str, stdin: IO[str] | None) -> bytes:
    if name != "-":
        return Path(name).read_bytes()
    stream = stdin or sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data: bytes = buffer.read()
        return data
    return os.fsencode(stream.read())  # a text stream without bytes under it (tests)


def same_file_key(path: Path) -> tuple[object, ...]:
    """What makes two names one input: the file they lead to (device and inode), so that a
    symbolic link, a hard link, an absolute path and ``sub/../x`` beside a relative path
    give one document; for a name that leads to no file, its resolved absolute path."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        try:
            return ("path", os.path.realpath(path))
        except ValueError:  # a NUL byte: no file, no resolving
            return ("path", os.path.abspath(path))
    return ("file", st.st_dev, st.st_ino)


def iter_inputs(items: Iterable[str | Path]) -> Iterator[str]:
    """Expand items lazily into unique path strings (``str(Path(...))``, as in records).

    Names that lead to one file are one input (:func:`same_file_key`); its record keeps the
    name first seen."""
    seen: set[tuple[object, ...]] = set()
    for item in items:
        for path in _expand_one(item):
            key = same_file_key(path)
            if key not in seen:
                seen.add(key)
                yield str(path)


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
