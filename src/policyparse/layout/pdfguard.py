"""A cheap look at a PDF's bytes before a backend reads it: refuse what would exhaust memory.

pdfminer (and pdfium) inflate a stream whole, in memory: a few kilobytes of ``/FlateDecode``
data can ask for gigabytes (a "decompression bomb"), and a content stream of hundreds of
thousands of text operators costs pdfminer tens of seconds and half a gigabyte. So before
either backend runs, :func:`check_pdf` walks every stream in the file and inflates it
*incrementally* (``zlib.decompressobj`` with ``max_length``; output is counted, then dropped,
so the check itself holds about one megabyte), following nested layers
(``/Filter [/FlateDecode /FlateDecode]``), and counts the text-showing operators (``Tj``,
``TJ``) in what comes out. A stream that inflates past ``max_inflated_bytes`` or shows text
more than ``max_text_ops`` times is refused with :class:`TooLargeError` before anything big is
allocated. The page count comes from pdfium (it reads the page tree's ``/Count``, in C, in
milliseconds), so a file of a hundred thousand pages is refused without parsing them; a
``/Count`` that lies is caught later by the backend's own count, in time linear in the pages.
Images and font programs (``/Image``, ``/Length1``-``3`` or a font ``/Subtype`` in their
dictionary) are not searched for operators; one so small that deflate's largest ratio (1032:1)
keeps it under the limit is inflated only as far as its first bytes, to see whether another
zlib layer follows.

Why by bytes and not through a parser: a parser is what the bomb attacks. Streams are found
by the ``stream`` keyword; a stream is taken as zlib data when it starts with a zlib header,
whatever its dictionary says (filter names can be escaped, ``/Fl#61teDecode``, or indirect),
and it is fed to the inflater up to the first ``endstream`` at or after its declared
``/Length`` (direct or indirect), which covers what pdfminer and pdfium read. In an encrypted
file the stream bytes are decrypted first, with pdfminer's security handler (which needs the
password, as the backends do).

Cost: one pass of zlib over the file's compressed content streams, which the backends
inflate anyway for the pages they read, and a ``bytes.find`` scan for the stream keywords —
about 0.6 ms for a typical one- or two-page decision (see tests/test_hostile.py and the
README's Limits section). Not covered: other expanding filters (LZW, run-length) and
form XObjects drawn many times over ("billion laughs" through ``Do``): those are bounded by the
batch's timeout and memory cap.
"""

from __future__ import annotations

import contextlib
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from policyparse.errors import CorruptInputError, TooLargeError

MAX_INFLATED_BYTES_DEFAULT = 256 * 1024 * 1024
MAX_TEXT_OPS_DEFAULT = 100_000
_CHUNK = 1 << 20  # the most output taken from zlib at a time
_MAX_LAYERS = 8  # zlib inside zlib inside ...: deeper is refused
_NAME_CHAR = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_#")
_OBJ_HEADER = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\b")
_LENGTH = re.compile(rb"/Length\s+(\d{1,12})(?:\s+(\d{1,5})\s+R\b)?")
# a font program's dictionary: /Length1-3 (Type 1, TrueType) or a FontFile3 /Subtype
_FONT_PROGRAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")
_MAX_DEFLATE_RATIO = 1032  # deflate cannot inflate one layer more than this (RFC 1951)
_INT_OBJECT = re.compile(rb"(?<!\d)(\d{1,10})\s+(\d{1,5})\s+obj\s*(\d{1,12})\s*endobj")

Decipher = Callable[[int, int, bytes], bytes]


@dataclass(frozen=True, slots=True)
class PdfLimits:
    """Bounds on one PDF (see :class:`policyparse.pipeline.Options`)."""

    max_inflated_bytes: int = MAX_INFLATED_BYTES_DEFAULT  # per stream, all layers together
    max_text_ops: int = MAX_TEXT_OPS_DEFAULT  # text-showing operators per stream
    max_pages: int = 2000


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)


def _is_zlib_header(head: bytes | memoryview) -> bool:
    """RFC 1950: deflate (CM 8), a window of at most 32 KB, and the check bits."""
    return (
        len(head) >= 2
        and head[0] & 0x0F == 8
        and head[0] >> 4 <= 7
        and (head[0] << 8 | head[1]) % 31 == 0
    )


class _Inflater:
    """Inflates a zlib stream, and the zlib streams nested in its output, chunk by chunk;
    counts output bytes and text operators, keeps nothing."""

    def __init__(self, limits: PdfLimits, count: bool = True) -> None:
        self.limits = limits
        self.count = count  # False for images and fonts: their bytes are not operators
        self.layers: list[zlib._Decompress] = [zlib.decompressobj()]
        self.started: list[bool] = [False]
        self.inflated = 0
        self.text_ops = 0
        self._tail = b""  # the last byte of the previous output chunk (an operator may span)

    @property
    def done(self) -> bool:
        return self.layers[0].eof

    def feed(self, data: bytes | memoryview, level: int = 0) -> None:
        d = self.layers[level]
        while data and not d.eof:
            out = d.decompress(data, _CHUNK)
            data = d.unconsumed_tail
            if out:
                self._emit(out, level)

    def _emit(self, out: bytes, level: int) -> None:
        self.inflated += len(out)
        if self.inflated > self.limits.max_inflated_bytes:
            raise _Refused(
                f"a stream inflates to more than {self.limits.max_inflated_bytes} bytes "
                "(decompression bomb?)"
            )
        if not self.started[level]:
            self.started[level] = True
            if _is_zlib_header(out[:2]):
                if len(self.layers) >= _MAX_LAYERS:
                    raise _Refused(f"a stream is compressed more than {_MAX_LAYERS} times over")
                self.layers.append(zlib.decompressobj())
                self.started.append(False)
        if level + 1 < len(self.layers):
            with contextlib.suppress(zlib.error):  # a broken inner layer ends here
                self.feed(out, level + 1)
            return
        if self.count:
            self.count_ops(out)

    def count_ops(self, data: bytes) -> None:
        self.text_ops += data.count(b"Tj") + data.count(b"TJ")
        if self._tail == b"T" and data[:1] in (b"j", b"J"):
            self.text_ops += 1
        self._tail = data[-1:]
        if self.text_ops > self.limits.max_text_ops:
            raise _Refused(
                f"a content stream has more than {self.limits.max_text_ops} text operators"
            )


class _Span(NamedTuple):
    """One stream: its data from just after the ``stream`` line to the first ``endstream``
    at or after its declared length; ``length`` as declared (None: unknown). A named tuple:
    one is made per stream of every file, and a frozen dataclass costs several times as much
    to make."""

    start: int
    end: int
    length: int | None
    ident: tuple[int, int] | None  # object number and generation
    # an image or a font program (by its dictionary): its bytes are pixels or glyphs, not
    # operators, so it is only checked for bombs
    data_only: bool


def _last(matches: Iterator[re.Match[bytes]]) -> re.Match[bytes] | None:
    found = None
    for found in matches:  # noqa: B007
        pass
    return found


_HEADER_REACH = 48  # bytes before an "obj" keyword that its "N G" may take


def _object_header(data: bytes, lo: int, hi: int) -> re.Match[bytes] | None:
    """The last ``N G obj`` header in ``data[lo:hi]``. Found from ``obj`` keywords backwards
    with ``bytes.rfind``: a regex scanning forwards from ``lo`` read through the previous
    stream's binary data, and cost more than inflating the file."""
    pos = data.rfind(b"obj", lo, hi)
    while pos >= 0:
        start = max(lo, pos - _HEADER_REACH)
        while start > lo and data[start - 1 : start].isdigit():
            start -= 1  # do not start inside the object number
        header = _last(_OBJ_HEADER.finditer(data, start, min(hi, pos + 4)))
        if header is not None and header.end() == pos + 3:
            return header
        pos = data.rfind(b"obj", lo, pos)
    return None


def _stream_keywords(data: bytes) -> Iterator[tuple[int, int]]:
    """``(keyword start, data start)`` of every ``stream`` keyword that ends its line (not
    ``endstream``, not part of a longer name). ``bytes.find`` rather than a regex: a regex
    scanned binary stream data ten times slower."""
    pos = data.find(b"stream")
    while pos >= 0:
        after = pos + 6
        if (pos == 0 or data[pos - 1] not in _NAME_CHAR) and data[after : after + 1] in (
            b"\n",
            b"\r",
        ):
            start = after + (2 if data[after : after + 2] == b"\r\n" else 1)
            yield pos, start
            pos = data.find(b"stream", start)
        else:
            pos = data.find(b"stream", after)


def _indirect_int(data: bytes, number: bytes, generation: bytes) -> int | None:
    """The integer object ``number generation obj <int> endobj`` (an indirect ``/Length``),
    found with ``bytes.find``: a regex over the whole file cost more than the rest of the
    check on ordinary PDFs."""
    key = number + b" " + generation + b" obj"
    pos = data.find(key)
    while pos >= 0:
        if pos == 0 or not data[pos - 1 : pos].isdigit():
            m = _INT_OBJECT.match(data, pos)
            if m is not None:
                return int(m[3])
        pos = data.find(key, pos + 1)
    return None


def _stream_spans(data: bytes) -> Iterator[_Span]:
    lengths: dict[tuple[bytes, bytes], int | None] = {}
    prev_end = 0
    for keyword, start in _stream_keywords(data):
        lo = max(prev_end, keyword - 4096)
        header = _object_header(data, lo, keyword)
        dictionary = data[header.start() if header else lo : keyword]
        ident = (int(header[1]), int(header[2])) if header else None
        length: int | None = None
        found = _last(_LENGTH.finditer(dictionary))  # the stream's own, not a nested one
        if found is not None and found[2] is None:
            length = int(found[1])
        elif found is not None:
            ref = (found[1], found[2])
            if ref not in lengths:
                lengths[ref] = _indirect_int(data, *ref)
            length = lengths[ref]
        stop = data.find(b"endstream", min(len(data), start + (length or 0)))
        if stop < 0:
            stop = data.find(b"endstream", start)
        data_only = b"/Image" in dictionary or _FONT_PROGRAM.search(dictionary) is not None
        yield _Span(start, len(data) if stop < 0 else stop, length, ident, data_only)
        prev_end = start


def _check_streams(data: bytes, limits: PdfLimits, decipher: Decipher | None) -> None:
    whole = memoryview(data)  # a stream's bytes without copying them (zlib reads buffers)
    for span in _stream_spans(data):
        raw: bytes | memoryview | None
        if decipher is not None:
            raw = _decrypt(decipher, data, span)
            if raw is None:
                continue
        else:
            raw = whole[span.start : span.end]
        if not _is_zlib_header(raw[:2]):
            if not span.data_only:
                _Inflater(limits).count_ops(bytes(raw))
            continue
        if span.data_only and len(raw) * _MAX_DEFLATE_RATIO <= limits.max_inflated_bytes:
            # one layer of this size cannot reach the limit: look only for a second layer
            with contextlib.suppress(zlib.error):
                if not _is_zlib_header(zlib.decompressobj().decompress(raw, 2)):
                    continue
        inflater = _Inflater(limits, count=not span.data_only)
        with contextlib.suppress(zlib.error):  # broken data: the backend reports or recovers
            for pos in range(0, len(raw), _CHUNK):
                inflater.feed(raw[pos : pos + _CHUNK])
                if inflater.done:
                    break


def _decrypt(decipher: Decipher, data: bytes, span: _Span) -> bytes | None:
    """The stream's bytes decrypted: exactly ``/Length`` bytes if that is known (AES needs
    whole blocks), else up to ``endstream``; None if the handler cannot decrypt them."""
    if span.ident is None:
        return None
    tries = [data[span.start : span.end]]
    if span.length is not None and span.start + span.length <= len(data):
        tries.insert(0, data[span.start : span.start + span.length])
    for raw in tries:
        try:
            return decipher(span.ident[0], span.ident[1], raw)
        except Exception:  # a wrong length or not a stream at all: the backend will say
            continue
    return None


def _decipher_for(data: bytes, password: str | None) -> Decipher | None:
    """pdfminer's decryption of stream bytes, if the file is encrypted (None otherwise, and
    when the password is missing or wrong: the backend then reports ``encrypted``)."""
    if b"/Encrypt" not in data:
        return None
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password=password or "")
    except Exception:
        return None
    handler = doc.decipher
    if handler is None:
        return None
    return lambda objid, genno, raw: handler(objid, genno, raw, None)


def page_count(data: bytes, password: str | None) -> int | None:
    """The page count pdfium reads (the page tree's ``/Count``), or None if pdfium cannot
    open the file."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password)
    except Exception:
        return None
    try:
        return len(doc)
    finally:
        doc.close()


def check_pdf(
    data: bytes,
    name: str,
    limits: PdfLimits,
    password: str | None = None,
    count_pages: bool = True,
) -> None:
    """Raise :class:`TooLargeError` if the PDF would take more than ``limits`` allow to read
    (see the module doc). Cheap on ordinary files; never raises for merely broken ones.
    ``count_pages=False`` leaves the page count to a reader that checks it before it reads
    any page (the pdfium backend), which saves opening the document twice."""
    n = page_count(data, password) if count_pages else None
    if n is not None and n > limits.max_pages:
        raise TooLargeError(f"{name}: {n} pages, over the limit of {limits.max_pages}")
    try:
        _check_streams(data, limits, _decipher_for(data, password))
    except _Refused as exc:
        raise TooLargeError(f"{name}: {exc}") from None
    except RecursionError as exc:
        raise CorruptInputError(f"{name}: object structure too deep") from exc
