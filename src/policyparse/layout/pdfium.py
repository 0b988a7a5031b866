"""PDF → pages of lines, with pdfium (pypdfium2's raw API): the fast backend.

It produces the same :class:`RawChar` lists as the pdfplumber backend (:mod:`.pdf`), in
pdfplumber's coordinates, and then the same :func:`build_lines`, so every later stage sees the
same kind of lines. What "the same" takes, and why:

* Boxes follow pdfminer's convention, not pdfium's: ``x0``/``x1`` are the glyph's origin and
  advance (pdfium's "loose" box), and the vertical extent is one font size starting at the
  font's *declared* descent below the baseline: the FontDescriptor's ``/Descent`` (read from
  the file bytes, :func:`_declared_descents`), or the Adobe metrics for the standard-14 fonts.
  pdfium's own metrics differ where a producer writes ``/Ascent 0 /Descent 0`` (LibreOffice,
  pdfTeX subsets): pdfium then measures glyphs, pdfminer takes 0. Only when neither is
  available are pdfium's metrics used.
* ``top = height - y`` with ``height`` the MediaBox height and the page's ``/Rotate`` applied
  as pdfminer applies it.
* Characters pdfium generates (spaces it infers, line breaks) are dropped: pdfplumber has no
  such characters and :func:`build_lines` finds word gaps itself.
* pdfium marks a hyphen at a line end as U+0002 (or U+FFFE); it becomes ``-`` again so the
  line-end hyphen rules of :mod:`.textindex` see what pdfplumber gives them.
* Other control codes are characters without a Unicode mapping; they become ``(cid:N)`` as
  pdfminer writes them.

The character loop calls pdfium through private ctypes prototypes (integer handles, one reused
rectangle) and asks for font, size and baseline once per text object, not per character.
Every page, text page and the document are closed in ``finally`` blocks.
"""

from __future__ import annotations

import ctypes
import math
import re
import zlib
from collections.abc import Callable
from typing import Any, NamedTuple

import pypdfium2.raw as pdfium_c

from policyparse.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    TooLargeError,
)
from policyparse.layout.lines import RawChar, build_lines
from policyparse.layout.model import PageLayout
from policyparse.source import Source

__all__ = ["read_pdfium"]

_c_void_p = ctypes.c_void_p
_c_int = ctypes.c_int


def _proto(name: str, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """A private prototype of a pdfium function taking handles as plain integers.

    pypdfium2's bindings type every handle as its own pointer class, which costs a conversion
    per call; here handles are ``c_void_p`` and results plain ``int``. The prototype is a new
    function object on the same symbol, so the shared bindings are not changed.
    """
    address = ctypes.cast(getattr(pdfium_c, name), _c_void_p).value
    factory = ctypes.CFUNCTYPE(restype, *argtypes)
    return factory(address)  # type: ignore[no-any-return]


_count_chars = _proto("FPDFText_CountChars", _c_int, _c_void_p)
_get_unicode = _proto("FPDFText_GetUnicode", ctypes.c_uint, _c_void_p, _c_int)
_is_generated = _proto("FPDFText_IsGenerated", _c_int, _c_void_p, _c_int)
_get_text_object = _proto("FPDFText_GetTextObject", _c_void_p, _c_void_p, _c_int)
_get_loose_box = _proto("FPDFText_GetLooseCharBox", _c_int, _c_void_p, _c_int, _c_void_p)
_get_char_box = _proto(
    "FPDFText_GetCharBox", _c_int, _c_void_p, _c_int, _c_void_p, _c_void_p, _c_void_p, _c_void_p
)
_get_char_origin = _proto("FPDFText_GetCharOrigin", _c_int, _c_void_p, _c_int, _c_void_p, _c_void_p)
_get_matrix = _proto("FPDFText_GetMatrix", _c_int, _c_void_p, _c_int, _c_void_p)
_get_font_size = _proto("FPDFText_GetFontSize", ctypes.c_double, _c_void_p, _c_int)
_text_obj_font = _proto("FPDFTextObj_GetFont", _c_void_p, _c_void_p)
_font_base_name = _proto("FPDFFont_GetBaseFontName", ctypes.c_size_t, _c_void_p, _c_void_p,
                         ctypes.c_size_t)
_font_descent = _proto("FPDFFont_GetDescent", _c_int, _c_void_p, ctypes.c_float, _c_void_p)
_font_embedded = _proto("FPDFFont_GetIsEmbedded", _c_int, _c_void_p)
_load_document = _proto(
    "FPDF_LoadMemDocument64", _c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p
)
_close_document = _proto("FPDF_CloseDocument", None, _c_void_p)
_last_error = _proto("FPDF_GetLastError", ctypes.c_ulong)
_page_count = _proto("FPDF_GetPageCount", _c_int, _c_void_p)
_load_page = _proto("FPDF_LoadPage", _c_void_p, _c_void_p, _c_int)
_close_page = _proto("FPDF_ClosePage", None, _c_void_p)
_load_text_page = _proto("FPDFText_LoadPage", _c_void_p, _c_void_p)
_close_text_page = _proto("FPDFText_ClosePage", None, _c_void_p)
_media_box = _proto(
    "FPDFPage_GetMediaBox", _c_int, _c_void_p, _c_void_p, _c_void_p, _c_void_p, _c_void_p
)
_bounding_box = _proto("FPDF_GetPageBoundingBox", _c_int, _c_void_p, _c_void_p)
_rotation = _proto("FPDFPage_GetRotation", _c_int, _c_void_p)

_ERR_PASSWORD = 4
_ERR_SECURITY = 5

# Adobe's standard-14 metrics, as pdfminer applies them to a font of that /BaseFont (with no
# subset tag) whatever its FontDescriptor says: descent in 1/1000 em and the name pdfminer
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

# --- declared font descents, read from the file bytes -------------------------------------------

_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor(?![#\w.+-])")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()%{}]+)")
_DESCENT = re.compile(rb"/Descent\s*([+-]?(?:\d+\.?\d*|\.\d+))")
_OBJ_STREAM = re.compile(rb"/Type\s*/ObjStm(?![#\w.+-])")
_STREAM = re.compile(rb"stream\r?\n")
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_MAX_INFLATE = 16 * 1024 * 1024  # bytes of object streams inflated per document, at most
_DICT_REACH = 4096  # how far from "/Type /FontDescriptor" its dictionary may extend


def _dict_span(data: bytes, pos: int) -> tuple[int, int]:
    """The ``<< … >>`` dictionary that contains ``pos`` (bounded; nesting respected)."""
    depth = 0
    i = pos
    lo = max(0, pos - _DICT_REACH)
    start = lo
    while i > lo:
        pair = data[i - 2 : i]
        if pair == b">>":
            depth += 1
            i -= 2
        elif pair == b"<<":
            if depth == 0:
                start = i
                break
            depth -= 1
            i -= 2
        else:
            i -= 1
    depth = 0
    j = pos
    hi = min(len(data), pos + _DICT_REACH)
    end = hi
    while j < hi:
        pair = data[j : j + 2]
        if pair == b"<<":
            depth += 1
            j += 2
        elif pair == b">>":
            if depth == 0:
                end = j
                break
            depth -= 1
            j += 2
        else:
            j += 1
    return start, end


def _scan_descriptors(data: bytes, out: dict[str, set[float]]) -> None:
    for m in _DESCRIPTOR.finditer(data):
        start, end = _dict_span(data, m.start())
        body = data[start:end]
        name_m = _FONT_NAME.search(body)
        if name_m is None:
            continue
        raw_name = _NAME_ESCAPE.sub(lambda e: bytes([int(e[1], 16)]), name_m[1])
        name = _SUBSET.sub("", raw_name.decode("latin-1"))
        descent_m = _DESCENT.search(body)
        descent = float(descent_m[1]) if descent_m else 0.0
        out.setdefault(name, set()).add(-abs(descent))


def _declared_descents(data: bytes) -> dict[str, set[float]]:
    """FontDescriptor ``/Descent`` (1/1000 em, as pdfminer reads it) by font name.

    Descriptors are plain dictionaries, so a byte scan finds them, also in encrypted files
    (encryption covers strings and streams only). Those inside compressed object streams are
    found after inflating the streams (Flate only, bounded). A font whose descriptor is not
    found falls back to pdfium's metrics.
    """
    out: dict[str, set[float]] = {}
    try:
        _scan_descriptors(data, out)
        budget = _MAX_INFLATE
        for m in _OBJ_STREAM.finditer(data):
            if budget <= 0:
                break
            head_start, head_end = _dict_span(data, m.start())
            if b"/FlateDecode" not in data[head_start:head_end]:
                continue
            s = _STREAM.match(data, head_end + 2) or _STREAM.search(
                data, head_end + 2, head_end + 64
            )
            if s is None:
                continue
            try:
                inflated = zlib.decompressobj().decompress(data[s.end() :], budget)
            except zlib.error:
                continue
            budget -= len(inflated)
            if b"FontDescriptor" in inflated:
                _scan_descriptors(inflated, out)
    except (ValueError, OverflowError):  # a malformed number; keep what was found
        pass
    return out


# --- per-character text ------------------------------------------------------------------------


def _special_text(code: int) -> str:
    if code in (0x0002, 0xFFFE):
        return "-"  # pdfium's mark for a hyphen at a line end
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"(cid:{code})"  # no Unicode mapping: pdfium returns the character code
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF or code == 0xFFFF:
        return "\ufffd"
    return chr(code)


def _needs_special(code: int) -> bool:
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or code >= 0xFFFE
    )


# --- fonts and text objects --------------------------------------------------------------------


class _Font(NamedTuple):
    name: str
    descent: float  # in em (negative), pdfminer's convention


class _Fonts:
    """Font facts for one document; pdfium font handles are looked up per page."""

    def __init__(self, declared: dict[str, set[float]]) -> None:
        self.declared = declared
        self.by_name: dict[tuple[str, bool, float], _Font] = {}
        self.handles: dict[int, _Font] = {}  # cleared per page: handles may be reused
        self.buffer = ctypes.create_string_buffer(256)
        self.value = ctypes.c_float()

    def get(self, handle: int) -> _Font:
        font = self.handles.get(handle)
        if font is None:
            font = self._load(handle)
            self.handles[handle] = font
        return font

    def _load(self, handle: int) -> _Font:
        n = _font_base_name(handle, ctypes.addressof(self.buffer), 256)
        name = self.buffer.raw[: max(0, n - 1)].decode("latin-1") if n > 0 else ""
        embedded = bool(_font_embedded(handle))
        own = 0.0
        if _font_descent(handle, 1000.0, ctypes.addressof(self.value)):
            own = float(self.value.value)
        key = (name, embedded, round(own))
        cached = self.by_name.get(key)
        if cached is not None:
            return cached
        afm = None if embedded else _AFM.get(name)
        if afm is not None:
            font = _Font(afm[1], afm[0] / 1000.0)
        else:
            candidates = self.declared.get(_SUBSET.sub("", name))
            if not candidates:
                descent = own
            elif len(candidates) == 1:
                descent = next(iter(candidates))
            elif round(own) in {round(c) for c in candidates}:
                descent = own
            elif 0.0 in candidates:
                descent = 0.0  # pdfium measured glyphs because the descriptor says 0
            else:
                descent = min(candidates, key=lambda c: abs(c - own))
            font = _Font(name or "unknown", min(0.0, descent) / 1000.0)
        self.by_name[key] = font
        return font


class _Matrix(ctypes.Structure):
    _fields_ = [(f, ctypes.c_float) for f in "abcdef"]  # noqa: RUF012 (ctypes protocol)


class _Rect(ctypes.Structure):
    _fields_ = [  # noqa: RUF012 (ctypes protocol)
        ("left", ctypes.c_float),
        ("top", ctypes.c_float),
        ("right", ctypes.c_float),
        ("bottom", ctypes.c_float),
    ]


class _PageFrame(NamedTuple):
    """User space → pdfplumber page space: ``x' = ax*x + cx*y + ex``,
    ``top = bt*x + dt*y + ft`` (pdfminer's rotation CTM, then pdfplumber's flip)."""

    ax: float
    cx: float
    ex: float
    bt: float
    dt: float
    ft: float
    width: float
    height: float


def _page_frame(page: int) -> _PageFrame:
    box = (ctypes.c_float * 4)()
    ptrs = [ctypes.addressof(box) + 4 * k for k in range(4)]
    if _media_box(page, *ptrs):
        x0, y0, x1, y1 = (float(v) for v in box)
    else:  # no MediaBox of its own (inherited): pdfium's page box
        rect = _Rect()
        if _bounding_box(page, ctypes.addressof(rect)):
            x0, y0, x1, y1 = (float(rect.left), float(rect.bottom), float(rect.right),
                              float(rect.top))
        else:
            x0, y0, x1, y1 = 0.0, 0.0, 612.0, 792.0
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    rotate = (_rotation(page) % 4) * 90
    # pdfminer's device CTM for the page rotation
    if rotate == 90:
        a, b, c, d, e, f = 0.0, -1.0, 1.0, 0.0, -y0, x1
    elif rotate == 180:
        a, b, c, d, e, f = -1.0, 0.0, 0.0, -1.0, x1, y1
    elif rotate == 270:
        a, b, c, d, e, f = 0.0, 1.0, -1.0, 0.0, y1, -x0
    else:
        a, b, c, d, e, f = 1.0, 0.0, 0.0, 1.0, -x0, -y0
    # pdfplumber: MediaBox normalised for the rotation, then top = height - y' + mediabox top
    nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotate in (90, 270) else (x0, y0, x1, y1)
    width, height = nx1 - nx0, ny1 - ny0
    return _PageFrame(a, c, e + nx0, -b, -d, height - f - ny0, width, height)


def _page_chars(text_page: int, frame: _PageFrame, fonts: _Fonts) -> list[RawChar]:
    n = _count_chars(text_page)
    chars: list[RawChar] = []
    if n <= 0:
        return chars
    append = chars.append
    new = tuple.__new__
    raw_char = RawChar
    get_object = _get_text_object
    get_unicode = _get_unicode
    get_box = _get_loose_box
    needs_special = _needs_special
    special = _special_text
    rect = _Rect()
    p_rect = ctypes.addressof(rect)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    p_ox, p_oy = ctypes.addressof(ox), ctypes.addressof(oy)
    matrix = _Matrix()
    p_matrix = ctypes.addressof(matrix)
    plain = frame.ax == 1.0 and frame.cx == 0.0 and frame.bt == 0.0 and frame.dt == -1.0
    ex, ft = frame.ex, frame.ft
    run: int | None = None
    upright = True
    top = bottom = size = 0.0
    font_name = ""
    for i in range(n):
        obj = get_object(text_page, i)
        if not obj:
            if run is not None and upright and get_unicode(text_page, i) == 0x20:
                get_box(text_page, i, p_rect)
                x = rect.left + ex
                append(new(raw_char, (" ", x, top, x, bottom, size, font_name)))
            continue  # generated by pdfium: inferred spaces and line breaks
        if obj != run:
            run = obj
            font = fonts.get(_text_obj_font(obj) or 0)
            font_name = font.name
            font_size = _get_font_size(text_page, i)
            _get_matrix(text_page, i, p_matrix)
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            upright = plain and b == 0.0 and c == 0.0 and a > 0.0 and d > 0.0
            if upright:
                _get_char_origin(text_page, i, p_ox, p_oy)
                size = font_size * d
                y0 = oy.value + font.descent * size
                top = ft - (y0 + size)
                bottom = ft - y0
            else:
                size = font_size * math.hypot(c, d)
        code = get_unicode(text_page, i)
        text = special(code) if needs_special(code) else chr(code)
        if upright:
            get_box(text_page, i, p_rect)
            if code == 0x20 and rect.left == rect.right and _is_generated(text_page, i):
                continue  # a space pdfium inferred from a kerning gap: build_lines sees the gap
            append(new(raw_char, (text, rect.left + ex, top, rect.right + ex, bottom, size,
                                  font_name)))
        else:
            append(_rotated_char(text_page, i, frame, text, size, font_name))
    return chars


def _rotated_char(
    text_page: int, index: int, frame: _PageFrame, text: str, size: float, font: str
) -> RawChar:
    """A character of rotated text (or on a rotated page): its tight box, transformed."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    _get_char_box(
        text_page,
        index,
        ctypes.addressof(left),
        ctypes.addressof(right),
        ctypes.addressof(bottom),
        ctypes.addressof(top),
    )
    xs: list[float] = []
    ts: list[float] = []
    for x in (left.value, right.value):
        for y in (bottom.value, top.value):
            xs.append(frame.ax * x + frame.cx * y + frame.ex)
            ts.append(frame.bt * x + frame.dt * y + frame.ft)
    return RawChar(text, min(xs), min(ts), max(xs), max(ts), size, font)


# --- documents -------------------------------------------------------------------------------


def read_pdfium(
    source: Source, password: str | None = None, max_pages: int = 2000
) -> list[PageLayout]:
    """Read a PDF with pdfium into pages of lines (see the module docstring)."""
    data = source.data
    secret = password.encode("utf-8") if password else None
    doc = _load_document(data, len(data), secret)
    if not doc:
        error = _last_error()
        if error in (_ERR_PASSWORD, _ERR_SECURITY):
            what = "the PDF needs a password" if secret is None else "wrong password"
            if error == _ERR_SECURITY:
                what = "unsupported PDF security handler"
            raise EncryptedInputError(f"{source.name}: {what}")
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
            lines = build_lines(chars, index + 1, row)
            row += len(lines) + 1
            pages.append(PageLayout(index + 1, frame.width, frame.height, lines))
    finally:
        _close_document(doc)
    return pages
