"""Inputs: paths, bytes or file objects → a :class:`Source` with its sniffed type.

The type comes from the content, not the file name: archives hold PDFs named ``.txt`` and web
pages named ``.pdf``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from policyparse.errors import (
    EmptyInputError,
    TooLargeError,
    UnsupportedInputError,
)
from policyparse.formats import describe_unsupported, looks_binary, only_nul, utf16_to_utf8
from policyparse.paths import check_file, display_path, displayable

SourceType = Literal["pdf", "html", "markdown", "text"]
Input = str | Path | bytes | bytearray | BinaryIO

MAX_BYTES_DEFAULT = 200 * 1024 * 1024


@dataclass(slots=True)
class Source:
    name: str
    data: bytes
    type: SourceType


def _read(obj: Input, max_bytes: int) -> tuple[str, bytes]:
    if isinstance(obj, (bytes, bytearray)):
        data = bytes(obj)
        name = "<bytes>"
    elif isinstance(obj, (str, Path)):
        path = Path(obj)
        name = display_path(path)  # any file name, as text that encodes (policyparse.paths)
        check_file(path)
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLargeError(f"{name} is {size} bytes, over the limit of {max_bytes}")
        data = path.read_bytes()
    else:
        data = obj.read(max_bytes + 1)
        if not isinstance(data, bytes):
            raise UnsupportedInputError("file object must be opened in binary mode")
        name = displayable(str(getattr(obj, "name", "<stream>")))
    if len(data) > max_bytes:
        raise TooLargeError(f"input is over the limit of {max_bytes} bytes")
    if not data or data.isspace():  # not data.strip(), without copying the file
        raise EmptyInputError(f"{name}: empty input")
    return name, data


def sniff(data: bytes) -> SourceType:
    """Tell PDF, HTML, Markdown and plain text apart by content; refuse other formats by name
    (:mod:`policyparse.formats`)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    what = describe_unsupported(data)
    if what is not None:
        raise UnsupportedInputError(f"not a document policyparse reads: {what}")
    if looks_binary(data):
        raise UnsupportedInputError(
            "binary content that is neither a PDF nor text (an unknown format or a damaged file)"
        )
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered:
        return "html"
    text = data[:4096].decode("utf-8", errors="ignore")
    if any(line.startswith(("# ", "## ")) for line in text.splitlines()):
        return "markdown"
    return "text"


def open_source(obj: Input, max_bytes: int = MAX_BYTES_DEFAULT) -> Source:
    """Read and sniff an input. UTF-16 text is re-encoded as UTF-8 here, so that the text
    readers (and the offsets of their evidence) see one encoding family."""
    name, data = _read(obj, max_bytes)
    if b"%PDF-" not in data[:1024]:
        data = utf16_to_utf8(data) or data
        if only_nul(data):
            raise EmptyInputError(f"{name}: nothing but NUL bytes")
    try:
        kind = sniff(data)
    except UnsupportedInputError as exc:
        raise UnsupportedInputError(f"{name}: {exc}") from None
    return Source(name=name, data=data, type=kind)


def as_stream(source: Source) -> io.BytesIO:
    return io.BytesIO(source.data)
