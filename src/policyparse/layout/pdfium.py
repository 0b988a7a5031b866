"""PDF → pages of lines, with pdfium (pypdfium2's raw API): the fast backend.

It produces the same :class:`RawChar` lists as the pdfplumber backend (:mod:`.pdf`), in
pdfplumber's coordinates, and then calls the same :func:`build_lines`, so every later stage
sees the same lines. What "the same" takes, and why:

* Boxes follow pdfminer's convention, not pdfium's. ``x0`` is the glyph origin and ``x1`` the
  end of its advance; pdfium's "loose" box is the advance box united with the glyph's ink, so
  where the ink reaches outside (an italic "f", a "j") the origin is asked for separately.
  Vertically a character is one font size tall, starting at the font's *declared* descent
  below the baseline: the FontDescriptor's ``/Descent`` (read from the file bytes,
  :func:`_declared_descents`) or Adobe's metrics for the standard-14 fonts, as pdfminer does.
  pdfium's own metrics differ where a producer writes ``/Ascent 0 /Descent 0`` (LibreOffice,
  pdfTeX subsets; pdfium then measures glyphs, pdfminer takes 0); they are used only when the
  declared value cannot be found.
* ``top = height - y``: pdfminer's page-rotation CTM, then pdfplumber's flip against the
  MediaBox. ``size`` is pdfminer's too: the font size times the text matrix's vertical scale.
* Characters pdfminer would not call upright (rotated margin stamps) are left out, as the
  pdfplumber backend leaves them out.
* pdfium's generated characters are dropped (line breaks; spaces inferred from kerning
  gaps: :func:`build_lines` finds gaps itself), except a space generated between two text
  objects that directly precedes the next character: pdfium puts it in place of a real
  space it merged away ("som ska", not "somska").
* pdfium marks a hyphen at a line end as U+0002 (U+FFFE in its text buffer); it becomes ``-``
  again, so the line-end hyphen rules of :mod:`.textindex` see what pdfplumber gives them.
  Other control codes are characters without a Unicode mapping: ``(cid:N)``, as pdfminer.

Known differences from pdfplumber, all rare: pdfium drops a text object that repeats the one
before it at the same place (fake bold), replaces glyphs by a marked-content ``/ActualText``,
and reads some broken custom encodings better; a soft hyphen (U+00AD) at a line end comes out
as ``-``; a glyph whose ink reaches past its advance keeps the wider ``x1`` when nothing
follows it in the same line of text. pdfium also collapses runs of spaces, so a page may have
fewer whitespace-only rows: ``row`` numbers can be offset, while the lines that share a row
are the same.

Speed: pdfium is called through private ctypes prototypes with integer handles, and the
character loop (:func:`_char_loop`) is plain Python. Per character pdfium is asked one thing,
the loose box, and those calls are driven by ``map`` without a Python frame each; the text
object of each character comes from bisecting the runs (about a quarter of a call per
character); text comes in one call per page;
font, size, matrix and baseline once per text object; a glyph's origin once per document and
glyph, or where its box overlaps its predecessor's. Characters are plain tuples
(:data:`~.lines.Char`). Every page, text page and the document are closed in ``finally``.
"""

from __future__ import annotations

import ctypes
import math
import re
import struct
import zlib
from collections import deque
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import repeat
from typing import Any, ClassVar, NamedTuple

import pypdfium2.raw as pdfium_c

from policyparse.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    TooLargeError,
)
from policyparse.layout.glyphs import decode_glyph_fonts
from policyparse.layout.lines import Char, RawChar, build_lines, turn_upright
from policyparse.layout.model import PageLayout
from policyparse.source import Source

__all__ = ["read_pdfium"]

_P = ctypes.c_void_p
_I = ctypes.c_int


def _proto(name: str, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """A private prototype of a pdfium function taking handles as plain integers.

    pypdfium2's bindings type every handle as its own pointer class, which costs a conversion
    per call; here handles are ``c_void_p`` and results plain ``int``. The prototype is a new
    function object on the same symbol: the shared bindings are not changed.
    """
    address = ctypes.cast(getattr(pdfium_c, name), _P).value
    if not address:
        raise ImportError(f"pdfium has no {name}")
    prototype: Callable[..., Any] = ctypes.CFUNCTYPE(restype, *argtypes)(address)
    return prototype


_load_document = _proto(
    "FPDF_LoadMemDocument64", _P, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p
)
_close_document = _proto("FPDF_CloseDocument", None, _P)
_last_error = _proto("FPDF_GetLastError", ctypes.c_ulong)
_page_count = _proto("FPDF_GetPageCount", _I, _P)
_load_page = _proto("FPDF_LoadPage", _P, _P, _I)
_close_page = _proto("FPDF_ClosePage", None, _P)
_media_box = _proto("FPDFPage_GetMediaBox", _I, _P, _P, _P, _P, _P)
_bounding_box = _proto("FPDF_GetPageBoundingBox", _I, _P, _P)
_rotation = _proto("FPDFPage_GetRotation", _I, _P)
_load_text_page = _proto("FPDFText_LoadPage", _P, _P)
_close_text_page = _proto("FPDFText_ClosePage", None, _P)
_count_chars = _proto("FPDFText_CountChars", _I, _P)
_get_text = _proto("FPDFText_GetText", _I, _P, _I, _I, _P)
_get_unicode = _proto("FPDFText_GetUnicode", ctypes.c_uint, _P, _I)
_is_generated = _proto("FPDFText_IsGenerated", _I, _P, _I)
_get_text_object = _proto("FPDFText_GetTextObject", _P, _P, _I)
_get_loose_box = _proto("FPDFText_GetLooseCharBox", _I, _P, _I, _P)
_get_char_origin = _proto("FPDFText_GetCharOrigin", _I, _P, _I, _P, _P)
_get_matrix = _proto("FPDFText_GetMatrix", _I, _P, _I, _P)
_get_font_size = _proto("FPDFText_GetFontSize", ctypes.c_double, _P, _I)
_text_object_font = _proto("FPDFTextObj_GetFont", _P, _P)
_font_base_name = _proto("FPDFFont_GetBaseFontName", ctypes.c_size_t, _P, _P, ctypes.c_size_t)
_font_descent = _proto("FPDFFont_GetDescent", _I, _P, ctypes.c_float, _P)
_font_embedded = _proto("FPDFFont_GetIsEmbedded", _I, _P)

_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
_ERR_SECURITY = 5  # FPDF_ERR_SECURITY: an unsupported security handler

# Adobe's standard-14 metrics, as pdfminer applies them to a simple font of that /BaseFont (no
# subset tag) whatever its FontDescriptor says: descent in 1/1000 em, and the name pdfminer
# reports (Arial is Helvetica's metrics under another name).
_AFM: dict[str, tuple[float, str]] = {
    "Courier": (-194.0, "Courier"),
    "Courier-Bold": (-194.0, "Courier-Bold"),
    "Courier-BoldOblique": (-194.0, "Courier-BoldOblique"),
    "Courier-Oblique": (-194.0, "Courier-Oblique"),
    "Helvetica": (-207.0, "Helvetica"),
    "Helvetica-Bold": (-207.0, "Helvetica-Bold"),
    "Helvetica-BoldOblique": (-207.0, "Helvetica-BoldOblique"),
    "Helvetica-Oblique": (-207.0, "Helvetica-Oblique"),
    "Symbol": (0.0, "Symbol"),
    "Times-Bold": (-217.0, "Times-Bold"),
    "Times-BoldItalic": (-217.0, "Times-BoldItalic"),
    "Times-Italic": (-217.0, "Times-Italic"),
    "Times-Roman": (-217.0, "Times-Roman"),
    "ZapfDingbats": (0.0, "ZapfDingbats"),
    "Arial": (-207.0, "Helvetica"),
    "Arial,Italic": (-207.0, "Helvetica-Oblique"),
    "Arial,Bold": (-207.0, "Helvetica-Bold"),
    "Arial,BoldItalic": (-207.0, "Helvetica-BoldOblique"),
    "CourierNew": (-194.0, "Courier"),
    "CourierNew,Italic": (-194.0, "Courier-Oblique"),
    "CourierNew,Bold": (-194.0, "Courier-Bold"),
    "CourierNew,BoldItalic": (-194.0, "Courier-BoldOblique"),
    "TimesNewRoman": (-217.0, "Times-Roman"),
    "TimesNewRoman,Italic": (-217.0, "Times-Italic"),
    "TimesNewRoman,Bold": (-217.0, "Times-Bold"),
    "TimesNewRoman,BoldItalic": (-217.0, "Times-BoldItalic"),
}

# --- declared font descents, read from the file bytes --------------------------------------

_TYPE_BEFORE = re.compile(rb"/Type\s*$")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()%{}]+)")
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/<>\[\]()%{}]+)")
_TYPE0 = re.compile(rb"/Subtype\s*/Type0(?![\w#.+-])")
_DESCENT = re.compile(rb"/Descent\s*([+-]?(?:\d+\.?\d*|\.\d+))")
_STREAM = re.compile(rb"\s*stream\r?\n")
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_MAX_INFLATE = 16 * 1024 * 1024  # bytes of object streams inflated per document, at most
_DICT_REACH = 4096  # how far from its /Type a dictionary may extend
_MAX_DICTS = 4096


def _typed_dicts(data: bytes, type_name: bytes) -> list[tuple[int, int]]:
    """Spans of the ``<< … /Type /<type_name> … >>`` dictionaries in ``data`` (at most
    ``_MAX_DICTS``: a font table is not that long, a hostile file may be). The definition
    that :func:`_font_dicts` computes in one pass for the types it reads."""
    spans: list[tuple[int, int]] = []
    key = b"/" + type_name
    pos = data.find(key)
    while pos >= 0 and len(spans) < _MAX_DICTS:
        end = pos + len(key)
        follows = data[end : end + 1]
        if not (follows.isalnum() or follows in b"#.+-_") and _TYPE_BEFORE.search(
            data, max(0, pos - 16), pos
        ):
            spans.append(_dict_span(data, pos))
        pos = data.find(key, end)
    return spans


_TYPES = (b"FontDescriptor", b"Font", b"ObjStm")
# A type name of _TYPES where only whitespace (what \s matches in bytes) parts it from a
# ``/Type`` that starts at most 16 bytes before it, and a byte that is not a name character
# follows it (at the very end of the data nothing follows: no match, as in _typed_dicts).
_TYPED = re.compile(rb"/Type\s{0,11}/(FontDescriptor|Font|ObjStm)(?=[^A-Za-z0-9#.+\-_])")


def _font_dicts(data: bytes) -> dict[bytes, list[tuple[int, int]]]:
    """:func:`_typed_dicts` of each of :data:`_TYPES`, from one regular-expression pass over
    ``data`` (compiled code, not a Python step per ``/Type``): a file has far fewer ``/Type``
    keys than ``/Font`` prefixes (``/FontName``, ``/FontFile``, a resource dictionary's
    ``/Font``), and one scan of the bytes replaces three."""
    found: dict[bytes, list[tuple[int, int]]] = {name: [] for name in _TYPES}
    for m in _TYPED.finditer(data):
        spans = found[m[1]]
        if len(spans) < _MAX_DICTS:
            spans.append(_dict_span(data, m.start(1) - 1))
    return found


def _dict_span(data: bytes, pos: int) -> tuple[int, int]:
    """The ``<< … >>`` dictionary around ``pos`` (bounded; nested dictionaries skipped)."""
    low = max(0, pos - _DICT_REACH)
    high = min(len(data), pos + _DICT_REACH)
    start, end, depth, i = low, high, 0, pos
    while (opening := data.rfind(b"<<", low, i)) >= 0:
        closing = data.rfind(b">>", opening + 2, i)
        if closing >= 0:  # a nested dictionary ends in between: skip it
            depth += 1
            i = closing
        elif depth:
            depth -= 1
            i = opening
        else:
            start = opening + 2
            break
    depth, j = 0, pos
    while (closing := data.find(b">>", j, high)) >= 0:
        opening = data.find(b"<<", j, closing)
        if opening >= 0:
            depth += 1
            j = opening + 2
        elif depth:
            depth -= 1
            j = closing + 2
        else:
            end = closing
            break
    return start, end


class _Declared(NamedTuple):
    """What the font dictionaries of a file say: ``/Descent`` values (1/1000 em, as pdfminer
    reads them) by font name without subset tag, the names that had no subset tag, and the
    names of composite (Type0) fonts."""

    descents: dict[str, set[float]]
    untagged: set[str]
    composite: set[str]


def _pdf_name(raw: bytes) -> str:
    return _NAME_ESCAPE.sub(lambda e: bytes([int(e[1], 16)]), raw).decode("latin-1")


def _scan_descriptors(
    data: bytes, out: _Declared, dicts: dict[bytes, list[tuple[int, int]]] | None = None
) -> None:
    """Add the descriptors and composite fonts of ``data`` to ``out`` (``dicts``: its
    :func:`_font_dicts`, where the caller has them)."""
    if dicts is None:
        dicts = _font_dicts(data)
    for start, end in dicts[b"FontDescriptor"]:
        body = data[start:end]
        name_m = _FONT_NAME.search(body)
        if name_m is None:
            continue
        tagged = _pdf_name(name_m[1])
        name = _SUBSET.sub("", tagged)
        if name == tagged:
            out.untagged.add(name)
        descent_m = _DESCENT.search(body)
        descent = float(descent_m[1]) if descent_m else 0.0
        out.descents.setdefault(name, set()).add(-abs(descent))  # pdfminer: "always negative"
    for start, end in dicts[b"Font"]:
        body = data[start:end]
        if _TYPE0.search(body) and (base := _BASE_FONT.search(body)):
            out.composite.add(_SUBSET.sub("", _pdf_name(base[1])))


def _declared_descents(data: bytes) -> _Declared:
    """The FontDescriptors' ``/Descent`` values, by font name.

    Descriptors are plain dictionaries, so a byte scan finds them, also in encrypted files
    (encryption covers strings and streams only). Those in compressed object streams are found
    after inflating the streams (Flate only, bounded). A font whose descriptor is not found
    falls back to pdfium's metrics.
    """
    out = _Declared({}, set(), set())
    try:
        dicts = _font_dicts(data)
        _scan_descriptors(data, out, dicts)
        budget = _MAX_INFLATE
        for start, end in dicts[b"ObjStm"]:
            if budget <= 0:
                break
            if b"/FlateDecode" not in data[start:end] or b"/DecodeParms" in data[start:end]:
                continue
            stream = _STREAM.match(data, end + 2)
            if stream is None:
                continue
            try:
                inflated = zlib.decompressobj().decompress(data[stream.end() :], budget)
            except zlib.error:
                continue
            budget -= len(inflated)
            if b"FontDescriptor" in inflated:
                _scan_descriptors(inflated, out)
    except (ValueError, OverflowError):  # a malformed number: keep what was found
        pass
    return out


# --- fonts -------------------------------------------------------------------------------


class _Font(NamedTuple):
    name: str
    descent: float  # below the baseline, in em (negative)


class _Fonts:
    """Font facts for one document, looked up by pdfium font handle (cleared per page: a
    handle may be reused once its page is closed)."""

    def __init__(self, declared: _Declared) -> None:
        self.declared = declared
        self.by_name: dict[tuple[str, bool, int], _Font] = {}
        self.handles: dict[int, _Font] = {}
        self.buffer = ctypes.create_string_buffer(256)
        self.value = ctypes.c_float()
        # how far a glyph's ink reaches left of its origin: by (font, horizontal scale), by text
        self.ink_left: dict[tuple[str, float], dict[str, float]] = {}

    def get(self, handle: int) -> _Font:
        font = self.handles.get(handle)
        if font is None:
            font = self._load(handle)
            self.handles[handle] = font
        return font

    def _load(self, handle: int) -> _Font:
        if not handle:
            return _Font("unknown", 0.0)
        n = _font_base_name(handle, ctypes.addressof(self.buffer), len(self.buffer))
        if n > len(self.buffer):
            self.buffer = ctypes.create_string_buffer(n)
            n = _font_base_name(handle, ctypes.addressof(self.buffer), n)
        name = self.buffer.raw[: max(0, n - 1)].decode("utf-8", "replace")
        embedded = bool(_font_embedded(handle))
        own = 0.0  # pdfium's descent, 1/1000 em
        if _font_descent(handle, 1000.0, ctypes.addressof(self.value)):
            own = float(self.value.value)
        key = (name, embedded, round(own))
        font = self.by_name.get(key)
        if font is None:
            font = self._resolve(name, embedded, own)
            self.by_name[key] = font
        return font

    def _resolve(self, name: str, embedded: bool, own: float) -> _Font:
        # pdfminer takes Adobe's metrics for a simple font with a /BaseFont of that name,
        # embedded or not; a subset ("ABCDEF+Arial") has another name: pdfium strips the tag,
        # the scan has it
        simple = name not in self.declared.composite
        afm = (
            _AFM.get(name) if simple and (not embedded or name in self.declared.untagged) else None
        )
        if afm is not None:
            return _Font(afm[1], afm[0] / 1000.0)
        candidates = self.declared.descents.get(_SUBSET.sub("", name))
        if not candidates:
            descent = own
        elif len(candidates) == 1:
            descent = next(iter(candidates))
        elif round(own) in {round(c) for c in candidates}:
            descent = own
        elif 0.0 in candidates:
            descent = 0.0  # pdfium measured the glyphs because this descriptor says 0
        else:
            descent = min(candidates, key=lambda c: abs(c - own))
        return _Font(name or "unknown", min(0.0, descent) / 1000.0)


# --- pages -------------------------------------------------------------------------------


class _Matrix(ctypes.Structure):
    _fields_: ClassVar[list[tuple[str, type[ctypes.c_float]]]] = [
        (name, ctypes.c_float) for name in "abcdef"
    ]


class _PageFrame(NamedTuple):
    """User space → pdfplumber page space, ``x' = ax*x + cx*y + ex`` and
    ``top = bt*x + dt*y + ft``: pdfminer's page-rotation CTM, then pdfplumber's flip."""

    ax: float
    cx: float
    ex: float
    bt: float
    dt: float
    ft: float
    width: float
    height: float

    @property
    def plain(self) -> bool:
        return self.ax == 1.0 and self.cx == 0.0 and self.bt == 0.0 and self.dt == -1.0


def _page_frame(page: int) -> _PageFrame:
    box = (ctypes.c_float * 4)()
    base = ctypes.addressof(box)
    if _media_box(page, base, base + 4, base + 8, base + 12):  # left, bottom, right, top
        return _frame_of(bytes(box), False, _rotation(page) % 4)
    if _bounding_box(page, base):  # no MediaBox of its own (inherited): pdfium's page box
        return _frame_of(bytes(box), True, _rotation(page) % 4)
    return _frame_of(None, False, _rotation(page) % 4)


@lru_cache(maxsize=256)
def _frame_of(box: bytes | None, page_box: bool, quarter_turns: int) -> _PageFrame:
    """The frame of a page from its box (four single-precision floats: the MediaBox, or with
    ``page_box`` pdfium's page box, an FS_RECTF; None: neither) and ``/Rotate``. Cached, keyed
    by the box's bytes (exact bits): pages come in a few sizes."""
    if box is None:
        x0, y0, x1, y1 = 0.0, 0.0, 612.0, 792.0
    elif page_box:
        x0, y1, x1, y0 = struct.unpack("4f", box)  # FS_RECTF: left, top, right, bottom
    else:
        x0, y0, x1, y1 = struct.unpack("4f", box)
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    rotate = quarter_turns * 90
    if rotate == 90:  # pdfminer's device CTM for /Rotate
        a, b, c, d, e, f = 0.0, -1.0, 1.0, 0.0, -y0, x1
    elif rotate == 180:
        a, b, c, d, e, f = -1.0, 0.0, 0.0, -1.0, x1, y1
    elif rotate == 270:
        a, b, c, d, e, f = 0.0, 1.0, -1.0, 0.0, y1, -x0
    else:
        a, b, c, d, e, f = 1.0, 0.0, 0.0, 1.0, -x0, -y0
    # pdfplumber: the MediaBox normalised for the rotation; top = height - y' + mediabox top
    nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotate in (90, 270) else (x0, y0, x1, y1)
    height = ny1 - ny0
    return _PageFrame(
        a, c, e + nx0, -b, -d, height - f - ny0, _decimal(nx1 - nx0), _decimal(height)
    )


@lru_cache(maxsize=256)
def _decimal(value: float) -> float:
    """The shortest decimal that is the same single-precision number (pdfium's boxes are
    ``float``: its 595.280029… is the file's 595.28). Cached: pages come in a few sizes."""
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == single:
            return candidate
    return value


_SPECIAL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _char_text(code: int) -> str:
    if code in (0x0002, 0xFFFE):
        return "-"  # pdfium's mark for a hyphen at a line end
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"(cid:{code})"  # no Unicode mapping: pdfium returns the character code
    if 0xD800 <= code <= 0xDFFF or code >= 0xFFFE:
        return "\ufffd" if code > 0x10FFFF or code < 0x10000 else chr(code)
    return chr(code)


def _page_text(text_page: int, n: int) -> str | None:
    """The text of all ``n`` characters in one call, if it maps one to one onto them (not
    when pdfium left out a control character, or a character needs two UTF-16 units). Its
    special characters are still pdfium's (:func:`_mapped`).

    The buffer (``n + 1`` UTF-16 units) is rounded up to a power of two bytes: ctypes makes
    and keeps a new array type for every length, which took a tenth of a millisecond on each
    page when the length was the page's own."""
    buffer = ctypes.create_string_buffer(1 << (2 * n + 1).bit_length())
    if _get_text(text_page, 0, n, ctypes.addressof(buffer)) != n + 1:
        return None
    text = ctypes.string_at(buffer, 2 * n).decode("utf-16-le", "replace")
    return text if len(text) == n else None


def _mapped(text: Sequence[str]) -> Sequence[str]:
    """The page text with each special character as :func:`_char_text` gives it."""
    if not isinstance(text, str) or _SPECIAL.search(text) is None:
        return text
    chars = list(text)
    for m in _SPECIAL.finditer(text):
        chars[m.start()] = _char_text(ord(m.group()))
    return chars


class _Run(NamedTuple):
    """Facts of one text object: pdfminer's ``upright`` (of the matrix with the page rotation),
    whether it is axis-aligned in user space, pdfminer's size, descent (points), font name, and
    its horizontal scale (font size times the matrix's ``a``: with the font, it fixes how far a
    glyph's ink reaches left of its origin)."""

    upright: bool
    aligned: bool
    size: float
    descent: float
    font: str
    width: float


def _run(
    text_page: int, index: int, obj: int, frame: _PageFrame, fonts: _Fonts, m: _Matrix
) -> _Run:
    font = fonts.get(_text_object_font(obj) or 0)
    font_size = _get_font_size(text_page, index)
    _get_matrix(text_page, index, ctypes.addressof(m))
    a, b, c, d = float(m.a), float(m.b), float(m.c), float(m.d)
    # with the page rotation, as pdfminer sees the character (frame: a, -b, c, -d of the CTM)
    ra, rb, rc, rd = frame.ax, -frame.bt, frame.cx, -frame.dt
    pa, pb, pc, pd = a * ra + b * rc, a * rb + b * rd, c * ra + d * rc, c * rb + d * rd
    upright = pa * pd > 0 and pb * pc <= 0
    aligned = b == 0.0 and c == 0.0 and a > 0.0 and d > 0.0
    size = font_size * d if aligned else font_size * math.hypot(c, d)
    return _Run(upright, aligned, size, font.descent * size, font.name, font_size * a)


def _text_objects(text_page: int, n: int) -> list[int | None]:
    """The text object of each of the ``n`` characters (None: generated by pdfium).

    A text object's characters are consecutive in the text page (pdfium lays out one object
    after another), so each run's end is found by galloping and bisection: about
    ``2 log2(length)`` calls per run instead of one per character. Generated characters (line
    breaks, spaces between objects) come one or two at a time, between the runs: asked for
    one by one.
    """
    get_object = _get_text_object
    objects: list[int | None] = []
    i = 0
    while i < n:
        obj = get_object(text_page, i)
        if not obj:
            objects.append(None)
            i += 1
            continue
        same, step = i, 1  # same: the last index known to be in the run
        while same + step < n and get_object(text_page, same + step) == obj:
            same += step
            step *= 2
        other = min(same + step, n)  # the first index known to be past it
        while other - same > 1:
            mid = (same + other) // 2
            if get_object(text_page, mid) == obj:
                same = mid
            else:
                other = mid
        objects += [obj] * (other - i)
        i = other
    return objects


# How far a loose box may reach back over its predecessor's and still start at the glyph's own
# ink offset: kerning and rounded positions overlap neighbours by hundredths of a point; a
# piece of a ligature glyph (the "t" of an "ft") starts well inside the first piece and has
# no offset of its own, so its origin is asked for.
_OVERLAP = 0.2  # points


def _page_chars(
    text_page: int, frame: _PageFrame, fonts: _Fonts, all_text: bool = False
) -> list[Char]:
    """The characters of one text page, in pdfium's order, in pdfplumber's coordinates.

    The text comes in one call (:func:`_page_text`, its special characters mapped by
    :func:`_mapped`); the loop over the characters is :func:`_char_loop`. It asks pdfium
    about a new text object through ``run_info`` (:func:`_run`: font, size, matrix, once per
    object) and makes a character off the fast path (rotated page, skewed text) with
    :func:`_make_char`. Where most characters were left out
    as not upright, the page was turned as a whole (``/Rotate 90`` drawn sideways): then
    everything is the text.
    """
    n = _count_chars(text_page)
    if n <= 0:
        return []
    page_text: Sequence[str] | None = _page_text(text_page, n)
    if page_text is None:
        page_text = [_char_text(_get_unicode(text_page, i)) for i in range(n)]
    matrix = _Matrix()
    ink_left = fonts.ink_left

    def run_info(index: int, obj: int) -> RunInfo:
        run = _run(text_page, index, obj, frame, fonts, matrix)
        ink = ink_left.setdefault((run.font, run.width), {})
        return run.upright or all_text, run.aligned, run.size, run.descent, run.font, ink

    def make_char(
        text: str, x0: float, y0: float, x1: float, y1: float, size: float, font: str
    ) -> Char:
        return _make_char(text, x0, y0, x1, y1, size, font, frame)

    chars, dropped = _char_loop(
        text_page, n, _mapped(page_text), frame.plain, frame.ex, frame.ft, run_info, make_char
    )
    if not all_text and dropped > len(chars):
        return _page_chars(text_page, frame, fonts, all_text=True)
    return chars


# What ``run_info`` tells of a new text object: whether its characters are kept (upright, or
# the page is read whole), whether it is axis-aligned, pdfminer's size, the descent (points),
# the font name, and the ink offsets of its font and scale (text → points), filled in by the
# loop.
RunInfo = tuple[bool, bool, float, float, str, dict[str, float]]


def _char_loop(
    text_page: int,
    n: int,
    page_text: Sequence[str],
    plain: bool,
    ex: float,
    ft: float,
    run_info: Callable[[int, int], RunInfo],
    make_char: Callable[[str, float, float, float, float, float, str], Char],
) -> tuple[list[Char], int]:
    """The character loop of one text page: ``(characters, how many were left out)``.

    Each character's text object (the run) comes from
    :func:`_text_objects`, its loose box from one loop. A character's ``x0`` is its origin.
    The loose box starts there unless the glyph's ink reaches left of it (a "j"). Where the
    box abuts its predecessor's, it is taken as it is; after a gap or a slight overlap
    (kerning, rounded positions) the origin is the box's left minus the glyph's ink offset,
    asked of pdfium once per font, horizontal scale and glyph in a document (``run_info``'s
    dict); where it overlaps more (:data:`_OVERLAP`) the origin is asked for. Where the origin
    lies inside the predecessor's box, the predecessor's ``x1`` is cut there (its ink reaches
    right, an "f"). Per text object the first origin gives the baseline. Upright text on an
    unrotated page (``plain``) is inlined; the rest takes ``make_char``.
    """
    chars: list[Char] = []
    objects = _text_objects(text_page, n)
    boxes = (ctypes.c_float * (4 * n))()  # FS_RECTF per character: left, top, right, bottom
    base = ctypes.addressof(boxes)
    # every loose box into the array, the loop driven by map (no Python frame per character)
    deque(map(_get_loose_box, repeat(text_page, n), range(n), range(base, base + 16 * n, 16)), 0)
    flat = boxes[:]
    lefts, rights, bottoms = flat[0::4], flat[2::4], flat[3::4]
    append = chars.append
    get_origin = _get_char_origin
    origin = (ctypes.c_double * 2)()
    p_ox = ctypes.addressof(origin)
    p_oy = p_ox + ctypes.sizeof(ctypes.c_double)
    run = 0
    dropped = 0
    keep = fast = aligned = False
    size = descent = y0 = top = bottom = 0.0
    font = ""
    run_ink: dict[str, float] = {}  # ink offsets of the run's font and scale
    gap_at: float | None = None  # x of a space pdfium generated between two text objects
    gap_y = 0.0
    # the previous character on the fast path (user-space x), appended once the next is known
    p_text = ""  # none yet (""): pdfium's character texts are never empty
    p_x0 = p_x1 = p_top = p_bottom = p_size = 0.0
    p_font = ""
    for i, obj, left, right, text in zip(range(n), objects, lefts, rights, page_text, strict=True):
        if obj == run and fast and gap_at is None:  # the common case: the run goes on
            if text == " " and left == right and _is_generated(text_page, i):
                continue  # a space pdfium inferred from a kerning gap: build_lines sees the gap
            if -0.001 <= left - p_x1 <= 0.001:
                x0 = left  # abuts its predecessor: the loose box starts at the origin
            elif left < p_x1 - _OVERLAP:  # a real overlap: ink, a piece of a ligature glyph
                get_origin(text_page, i, p_ox, p_oy)
                x0 = origin[0]
                if p_x0 < x0 < p_x1:
                    p_x1 = x0
                    last = chars[-1] if chars else None
                    if last is not None and last[1] == p_x0 + ex and last[3] > x0 + ex:
                        chars[-1] = (*last[:3], x0 + ex, *last[4:])  # a ligature's first piece
            else:  # after a gap: the glyph's own ink offset
                offset = run_ink.get(text)
                if offset is None:
                    get_origin(text_page, i, p_ox, p_oy)
                    offset = left - origin[0]
                    run_ink[text] = offset = offset if not -0.001 < offset < 0.001 else 0.0
                x0 = left - offset
                if x0 < p_x1:  # the ink reaches left over its predecessor's advance
                    p_x1 = x0 if x0 > p_x0 else p_x1
            append((p_text, p_x0 + ex, p_top, p_x1 + ex, p_bottom, p_size, p_font))
            p_text, p_x0, p_x1 = text, x0, right
            continue
        if not obj:  # generated: a line break, or a space between two text objects
            gap_at = None
            if keep and aligned and text == " ":
                gap_at, gap_y = left, bottoms[i]
            continue
        if text == " " and left == right and _is_generated(text_page, i):
            continue
        if obj != run:
            run = obj
            keep, aligned, size, descent, font, run_ink = run_info(i, obj)
            fast = plain and aligned and keep
            if not keep:
                gap_at = None
                dropped += 1
                continue
            get_origin(text_page, i, p_ox, p_oy)
            x0 = origin[0]
            y0 = origin[1] + descent
            bottom = ft - y0
            top = bottom - size
            if p_text:
                if fast and p_x0 < x0 < p_x1 and abs(bottom - p_bottom) < 1.0:
                    p_x1 = x0  # the ink of the last glyph reaches into this run
                append((p_text, p_x0 + ex, p_top, p_x1 + ex, p_bottom, p_size, p_font))
                p_text = ""
        elif not keep:
            dropped += 1
            continue
        else:  # a run off the fast path, or the first character after a generated space
            get_origin(text_page, i, p_ox, p_oy)
            x0 = origin[0]
            if p_text and p_x0 < x0 < p_x1:
                p_x1 = x0
                last = chars[-1] if chars else None
                if last is not None and last[1] == p_x0 + ex and last[3] > x0 + ex:
                    chars[-1] = (*last[:3], x0 + ex, *last[4:])  # a ligature's first piece
        if gap_at is not None:
            if aligned and abs(y0 - descent - gap_y) < 1.0 and -0.5 <= x0 - gap_at <= 0.6 * size:
                append(make_char(" ", gap_at, y0, x0, y0 + size, size, font))
            gap_at = None
        if fast:
            if p_text:
                append((p_text, p_x0 + ex, p_top, p_x1 + ex, p_bottom, p_size, p_font))
            p_text, p_x0, p_x1, p_top, p_bottom, p_size, p_font = (
                text,
                x0,
                right,
                top,
                bottom,
                size,
                font,
            )
        elif aligned:  # upright text on a rotated page
            append(make_char(text, x0, y0, right, y0 + size, size, font))
        else:  # skewed or upside-down text: pdfium's loose box, which follows the matrix
            append(make_char(text, left, bottoms[i], right, flat[4 * i + 1], size, font))
    if p_text:
        append((p_text, p_x0 + ex, p_top, p_x1 + ex, p_bottom, p_size, p_font))
    return chars, dropped


def _make_char(
    text: str,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    size: float,
    font: str,
    frame: _PageFrame,
) -> RawChar:
    """A character from its user-space box. On a rotated page the box is turned like
    pdfminer's, and ``size`` becomes its height, as pdfminer has it."""
    if frame.plain:
        return RawChar(text, x0 + frame.ex, frame.ft - y1, x1 + frame.ex, frame.ft - y0, size, font)
    xs = [frame.ax * x + frame.cx * y + frame.ex for x in (x0, x1) for y in (y0, y1)]
    ts = [frame.bt * x + frame.dt * y + frame.ft for x in (x0, x1) for y in (y0, y1)]
    top, bottom = min(ts), max(ts)
    return RawChar(text, min(xs), top, max(xs), bottom, bottom - top, font)


# --- documents ---------------------------------------------------------------------------


def read_pdfium(
    source: Source, password: str | None = None, max_pages: int = 2000
) -> list[PageLayout]:
    """Read a PDF with pdfium into pages of lines, like :func:`~.pdf.read_pdf`.

    Raises :class:`EncryptedInputError` (a password is needed, or wrong, or the security
    handler is unsupported), :class:`CorruptInputError`, :class:`EmptyInputError` (no pages)
    or :class:`TooLargeError` (more than ``max_pages`` pages).
    """
    data = source.data
    secret = password.encode("utf-8") if password else None
    doc = _load_document(data, len(data), secret)
    if not doc:
        error = _last_error()
        if error == _ERR_PASSWORD:
            what = "the PDF needs a password" if secret is None else "wrong password"
            raise EncryptedInputError(f"{source.name}: {what}")
        if error == _ERR_SECURITY:
            raise EncryptedInputError(f"{source.name}: unsupported PDF security handler")
        raise CorruptInputError(f"{source.name}: not a readable PDF (pdfium error {error})")
    pages: list[PageLayout] = []
    try:
        n = _page_count(doc)
        if n <= 0:
            raise EmptyInputError(f"{source.name}: the PDF has no pages")
        if n > max_pages:
            raise TooLargeError(f"{source.name}: {n} pages, over the limit of {max_pages}")
        fonts = _Fonts(_declared_descents(data))
        row = 0
        for index in range(n):
            page = _load_page(doc, index)
            if not page:
                raise CorruptInputError(f"{source.name}: page {index + 1} cannot be read")
            try:
                frame = _page_frame(page)
                text_page = _load_text_page(page)
                if not text_page:
                    raise CorruptInputError(
                        f"{source.name}: the text of page {index + 1} cannot be read"
                    )
                try:
                    fonts.handles.clear()
                    chars = _page_chars(text_page, frame, fonts)
                finally:
                    _close_text_page(text_page)
            finally:
                _close_page(page)
            lines = build_lines(decode_glyph_fonts(turn_upright(chars)), index + 1, row)
            row += len(lines) + 1
            pages.append(PageLayout(index + 1, frame.width, frame.height, lines))
    finally:
        _close_document(doc)
    return pages
