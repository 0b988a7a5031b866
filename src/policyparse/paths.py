"""File names as records show them, and as the file system knows them.

A Linux file name is bytes; Python hands it over as ``str`` with each byte that is not UTF-8
kept as a lone surrogate (``surrogateescape``: ``b"caf\\xe9.pdf"`` → ``"caf\\udce9.pdf"``).
Such a string cannot be written as UTF-8 JSON, to SQLite or to Parquet. So a record holds
two forms of a path:

* the *display* form (``source``, ``input.path``): the name as text, each byte that is not
  UTF-8 written as ``\\xNN`` (``caf\\xe9.pdf``): readable, and valid UTF-8 everywhere;
* the *lossless* form (``input.path_bytes``, base64 of the name's bytes), only where the two
  differ, from which :func:`input_key` recovers the very string the file system gave.

Resume identity uses the lossless form, so a re-run finds such a file in the output.
"""

from __future__ import annotations

import base64
import errno
import os
import re
from collections.abc import Mapping
from pathlib import Path

from policyparse.errors import InputNotFoundError, UnsupportedInputError

# A lone surrogate: U+DC80–U+DCFF is an undecodable byte (surrogateescape); any other cannot
# come from a file name, only from a string made in code, and is shown by its code point.
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTES = range(0xDC80, 0xDD00)
_GLOB_CHARS = ("*", "?", "[")
_MISSING = (errno.ENOENT, errno.ENOTDIR)


def _show(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def displayable(text: str) -> str:
    """``text`` with lone surrogates written out (``\\xNN`` for a byte that is not UTF-8),
    so that it encodes as UTF-8; the same string when it already does (the common case,
    checked without a regex)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(_show, text)
    return text


def display_path(path: str | os.PathLike[str]) -> str:
    """The display form of a path (see the module doc)."""
    return displayable(os.fspath(path))


def path_bytes(path: str | os.PathLike[str]) -> str | None:
    """The lossless form of a path (base64 of its bytes), or ``None`` when the display form
    is the path itself."""
    text = os.fspath(path)
    if display_path(text) == text:
        return None
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate no file name has: no bytes stand for it
        raw = text.encode("utf-8", "surrogatepass")
    return base64.b64encode(raw).decode("ascii")


def input_key(info: Mapping[str, object]) -> str | None:
    """The path an ``input`` object of a line stands for, as the file system names it: from
    ``path_bytes`` when present, else ``path``; ``None`` when neither is usable."""
    raw = info.get("path_bytes")
    if isinstance(raw, str):
        try:
            return os.fsdecode(base64.b64decode(raw, validate=True))
        except ValueError:
            return None
    path = info.get("path")
    return path if isinstance(path, str) else None


def check_file(path: str | os.PathLike[str]) -> None:
    """Raise the error a path that is not a readable file deserves, or return.

    A missing path, a dangling symbolic link and a symbolic-link loop are ``not_found``
    (:class:`InputNotFoundError`: the name leads to no file; a loop is named as such); a
    folder or a device is ``unsupported`` ("not a file"). A name with a NUL byte, which no
    file can have, is ``not_found`` too.
    """
    shown = display_path(path)
    try:
        if Path(path).is_file():
            return
        os.stat(path)
    except ValueError:  # an embedded NUL byte
        raise InputNotFoundError(f"{shown}: no file name can hold a NUL byte") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputNotFoundError(
                f"{shown}: a loop of symbolic links (too many levels), not a file"
            ) from None
        if os.path.islink(path):
            target = display_path(os.readlink(path))
            raise InputNotFoundError(
                f"{shown}: a dangling symbolic link (to {target}, which does not exist)"
            ) from None
        if exc.errno not in _MISSING:
            raise UnsupportedInputError(f"not a file: {shown} ({exc.strerror})") from None
        if any(c in shown for c in _GLOB_CHARS):
            raise InputNotFoundError(
                f"{shown}: no such file, and as a pattern it matches no file"
            ) from None
        raise InputNotFoundError(f"{shown}: no such file or folder") from None
    raise UnsupportedInputError(f"not a file: {shown}")
