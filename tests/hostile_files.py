"""Builders of hostile and broken inputs, made in memory by the tests (nothing big is committed).

Every PDF here is written object by object with a correct cross-reference table, so that the one
flaw a builder means to show is the only one: a decompression bomb, a page tree that loops, an
object nested 100,000 deep, a wrong xref, and so on. The decompression bomb is assembled from one
compressed megabyte of zeros repeated (a deflate block after a full flush does not depend on what
came before), so a stream that inflates to gigabytes costs milliseconds and a few kilobytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

MB = 1 << 20
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
# A page of plain Swedish prose, enough for a record (kind other, some text).
TEXT_LINES = [
    "Regeringen ger Socialstyrelsen i uppdrag att utreda screening.",
    "Uppdraget ska redovisas senast den 31 januari 2026.",
    "Socialstyrelsen får använda högst 2 000 000 kronor för uppdraget.",
]


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252): åäö as single bytes."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_content(lines: Sequence[str] = TEXT_LINES, top: int = 760) -> bytes:
    out = [b"BT /F1 11 Tf"]
    for i, line in enumerate(lines):
        out.append(b"1 0 0 1 72 %d Tm %s Tj" % (top - 16 * i, pdf_string(line)))
    out.append(b"ET")
    return b"\n".join(out)


def stream(data: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    """A stream object body; ``length`` overrides /Length (a lie about the size)."""
    n = len(data) if length is None else length
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (n, extra, data)


def build_pdf(objects: Sequence[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """Objects numbered 1..n, a classic xref table with their offsets, a trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\n" % (len(objects) + 1, root, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def one_page_pdf(content: bytes, page_extra: bytes = b"", content_extra: bytes = b"") -> bytes:
    """Catalog, pages, one A4 page with Helvetica as /F1, and its content stream."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> %s >>" % page_extra,
            stream(content, content_extra),
            FONT,
        ]
    )


def good_pdf() -> bytes:
    return one_page_pdf(text_content())


# --- resource attacks ---------------------------------------------------------------------------


def zeros_deflated(size_mb: int) -> bytes:
    """A zlib stream that inflates to ``size_mb`` MiB of zero bytes, about 1 KB per MiB."""
    c = zlib.compressobj(9)
    block = bytes(MB)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)  # the zlib header and one block
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)  # the same deflate block, every time
    end = c.flush(zlib.Z_FINISH)[:-4]  # the final empty block, without the checksum
    adler = (((size_mb * MB) % 65521) << 16) | 1  # Adler-32 of n zeros: A = 1, B = n mod 65521
    return first + again * (size_mb - 1) + end + adler.to_bytes(4, "big")


def flate_bomb_pdf(size_mb: int = 2048, layers: int = 1) -> bytes:
    """A readable page whose second content stream inflates to ``size_mb`` MiB of zeros (white
    space to a content parser). ``layers=2`` compresses the bomb once more
    (``/Filter [/FlateDecode /FlateDecode]``): a few kilobytes for gigabytes."""
    data = zeros_deflated(size_mb)
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    return _page_and_stream(data, layers, contents=b"[4 0 R 6 0 R]")


def _page_and_stream(data: bytes, layers: int, contents: bytes, extra: bytes = b"") -> bytes:
    """A readable page (its content stream object 4, Helvetica object 5) and object 6: ``data``
    as a stream with ``layers`` FlateDecode filters and ``extra`` in its dictionary; the
    page's ``/Contents`` are ``contents``."""
    filters = b"[" + b" /FlateDecode" * layers + b" ]"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %s "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % contents,
            stream(text_content()),
            FONT,
            stream(data, b"/Filter " + filters + extra),
        ]
    )


def font_program_pdf(program: bytes, layers: int = 1) -> bytes:
    """A readable page and, beside it, an embedded TrueType font program (``/Length1``):
    ``program`` deflated ``layers`` times. Only its dictionary says it is glyphs, not
    operators."""
    for _ in range(layers):
        program = zlib.compress(program, 9)
    return font_stream_pdf(program, layers)


def font_stream_pdf(data: bytes, layers: int = 1) -> bytes:
    """:func:`font_program_pdf` with the stream's data as given (already deflated)."""
    return _page_and_stream(data, layers, contents=b"4 0 R", extra=b" /Length1 %d" % (40 * MB))


def many_pages_pdf(pages: int) -> bytes:
    """``pages`` pages sharing one content stream: a small file with thousands of pages."""
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> >>" % (kids, pages),
        stream(text_content()),
        FONT,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>"] * pages
    return build_pdf(objects)


def operator_flood_pdf(operators: int = 300_000) -> bytes:
    """One page drawing ``operators`` one-letter strings, each with its own ``Tj``."""
    ops = b"\n".join(
        b"1 0 0 1 %d %d Tm (a) Tj" % (40 + i % 500, 40 + (i // 500) % 760) for i in range(operators)
    )
    content = text_content() + b"\nBT /F1 1 Tf\n" + ops + b"\nET"
    return one_page_pdf(zlib.compress(content, 6), content_extra=b"/Filter /FlateDecode")


def form_amplification_pdf(fanout: int = 200, depth: int = 3) -> bytes:
    """A "billion laughs" made of form XObjects: each level draws the level below ``fanout``
    times and the last draws ``fanout`` strings, so a few kilobytes ask for ``fanout ** depth``
    text operators."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
        stream(text_content() + b"\n/X Do"),
        FONT,
    ]
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources "
    for level in range(depth - 1):
        res = b"<< /XObject << /X %d 0 R >> >>" % (7 + level)
        objects.append(stream(b"/X Do " * fanout, form + res))
    last = b"BT /F1 1 Tf 100 100 Td " + b"(ha) Tj " * fanout + b"ET"
    objects.append(stream(last, form + b"<< /Font << /F1 5 0 R >> >>"))
    return build_pdf(objects)


def deep_array_pdf(depth: int = 100_000, where: str = "page") -> bytes:
    """An array nested ``depth`` deep: in the page dictionary (``page``), in the document
    information dictionary (``info``) or as an operand in the content stream (``content``)."""
    nested = b"[" * depth + b"1" + b"]" * depth
    if where == "content":
        content = text_content() + b"\nBT /F1 11 Tf 72 600 Td " + nested + b" TJ ET"
        return one_page_pdf(content)
    if where == "info":
        pdf = one_page_pdf(text_content())
        body = pdf[: pdf.index(b"xref\n")]
        objects = [*_split_objects(body), b"<< /Title (x) /Nested %s >>" % nested]
        return build_pdf(objects, trailer_extra=b"/Info %d 0 R" % len(objects))
    return one_page_pdf(text_content(), page_extra=b"/Nested " + nested)


def deep_dict_pdf(depth: int = 100_000) -> bytes:
    nested = b"<< /A " * depth + b"1" + b" >>" * depth
    return one_page_pdf(text_content(), page_extra=b"/Nested " + nested)


def _split_objects(body: bytes) -> list[bytes]:
    """The object bodies of a file written by :func:`build_pdf` (for rebuilding it)."""
    out = []
    for chunk in body.split(b"endobj\n")[:-1]:
        out.append(chunk[chunk.index(b" obj\n") + 5 :].rstrip(b"\n"))
    return out


def page_tree_loop_pdf() -> bytes:
    """/Pages → [page, /Pages node] whose /Kids points back to the root /Pages."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(text_content()),
            FONT,
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 1 >>",
        ]
    )


def self_parent_page_pdf() -> bytes:
    """A page whose /Parent is itself and a /Pages node that lists itself as a kid."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(text_content()),
            FONT,
        ]
    )


def huge_blank_page_pdf() -> bytes:
    """One page of 200 × 200 inches without text: rendered for OCR at full scale it would be
    40,000 × 40,000 pixels."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R >>",
            stream(b"0 0 1 rg 10 10 100 100 re f"),
        ]
    )


# --- broken cross-reference tables --------------------------------------------------------------


def wrong_xref_offsets_pdf() -> bytes:
    """Every xref offset off by 7 bytes (a file re-saved with changed line ends)."""
    pdf = good_pdf()
    start = pdf.index(b"xref\n")
    head, table = pdf[:start], pdf[start:]
    lines = table.split(b"\n")
    fixed = []
    for line in lines:
        if len(line) == 19 and line.endswith(b" n ") and line[:10].isdigit():
            line = b"%010d" % (int(line[:10]) + 7) + line[10:]
        fixed.append(line)
    return head + b"\n".join(fixed)


def wrong_startxref_pdf() -> bytes:
    pdf = good_pdf()
    i = pdf.rindex(b"startxref\n") + len(b"startxref\n")
    j = pdf.index(b"\n", i)
    return pdf[:i] + b"%d" % (int(pdf[i:j]) + 123) + pdf[j:]


def no_xref_pdf() -> bytes:
    """No xref table and no startxref: only the objects and a trailer."""
    pdf = good_pdf()
    start = pdf.index(b"xref\n")
    trailer = pdf.index(b"trailer\n")
    return pdf[:start] + pdf[trailer : pdf.index(b"startxref")] + b"%%EOF\n"


def garbage_xref_pdf() -> bytes:
    """The xref table overwritten with junk of the same length."""
    pdf = good_pdf()
    start = pdf.index(b"xref\n")
    trailer = pdf.index(b"trailer\n")
    return pdf[:start] + b"#" * (trailer - start) + pdf[trailer:]


def truncated_pdf() -> bytes:
    """Cut after the last object: no xref, no trailer (an interrupted download)."""
    pdf = good_pdf()
    return pdf[: pdf.index(b"xref\n")]


# --- encryption (reportlab) ---------------------------------------------------------------------


def encrypted_pdf(user_password: str, owner_password: str = "ägarlösen") -> bytes:
    """One text page, encrypted (RC4 128); ``user_password=""``: owner password only (opens
    without a password, printing and copying may be restricted)."""
    import io

    enc = pdfencrypt.StandardEncryption(
        user_password, ownerPassword=owner_password, canPrint=0, canCopy=0, strength=128
    )
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=enc)
    c.setFont("Helvetica", 11)
    for i, line in enumerate(TEXT_LINES):
        c.drawString(72, 760 - 16 * i, line)
    c.showPage()
    c.save()
    return buf.getvalue()


# --- active content ----------------------------------------------------------------------------


def active_content_pdf() -> bytes:
    """/OpenAction JavaScript, a /Launch action, a /URI link, an embedded file and a
    JavaScript name tree: a reader that ran or fetched anything would write or connect."""
    js = b"app.launchURL('http://127.0.0.1:9/js'); this.exportDataObject({cName: 'x.exe'});"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R "
            b"/Names << /JavaScript << /Names [(init) 6 0 R] >> "
            b"/EmbeddedFiles << /Names [(payload.exe) 7 0 R] >> >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> /Annots [9 0 R 10 0 R] "
            b"/AA << /O 11 0 R >> >>",
            stream(text_content()),
            FONT,
            b"<< /Type /Action /S /JavaScript /JS (%s) >>" % js,
            b"<< /Type /Filespec /F (payload.exe) /UF (payload.exe) /EF << /F 8 0 R >> >>",
            stream(b"MZ\x90\x00 not really a program", b"/Type /EmbeddedFile"),
            b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] "
            b"/A << /S /URI /URI (http://127.0.0.1:9/uri) >> >>",
            b"<< /Type /Annot /Subtype /FileAttachment /Rect [72 650 90 670] /FS 7 0 R >>",
            b"<< /S /Launch /F (calc.exe) "
            b"/Win << /F (cmd.exe) /P (/c echo pwned > pwned.txt) >> >>",
        ]
    )


# --- not PDFs ----------------------------------------------------------------------------------


def _office_zip(part: str, xml: str) -> bytes:
    """A minimal Office Open XML package (a zip): a content-types entry and one part."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(part, xml)
    return buf.getvalue()


def docx_bytes() -> bytes:
    """A minimal Word document."""
    return _office_zip("word/document.xml", "<w:document>Regeringen beslutar</w:document>")


def xlsx_bytes() -> bytes:
    """A minimal Excel workbook."""
    return _office_zip("xl/workbook.xml", "<workbook/>")


def ole_doc_bytes() -> bytes:
    """The start of an OLE2 compound file (.doc, .xls) and some sector padding."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24) + b"\x3e\x00\x03\x00" + bytes(480)


SWEDISH_TEXT = (
    "Uppdrag om åtgärder för sjöfåglar\n\n"
    "Regeringen ger Länsstyrelsen i Västra Götalands län i uppdrag att föreslå åtgärder.\n"
    "Uppdraget om sjöfåglar i Göta älv ska redovisas senast den 31 mars 2026.\n"
    "Högst 500 000 kronor får användas för uppdraget.\n"
)
SWEDISH_DEADLINE = "Uppdraget om sjöfåglar i Göta älv ska redovisas senast den 31 mars 2026."


# --- an encrypted decompression bomb (RC4, 40-bit, owner password only) -------------------------

_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    from pdfminer.arcfour import Arcfour

    return Arcfour(key).process(data)


def _pad(password: bytes) -> bytes:
    return (password + _PAD)[:32]


def encrypted_flate_bomb_pdf(size_mb: int = 2048) -> bytes:
    """:func:`flate_bomb_pdf` (two layers) encrypted with the standard security handler,
    revision 2, and an empty user password: it opens without a password, so a guard that looked
    for zlib data in the raw bytes would not see the bomb."""
    import hashlib

    doc_id = b"0123456789abcdef"
    permissions = -44
    owner_key = hashlib.md5(_pad(b"owner")).digest()[:5]
    o_value = _rc4(owner_key, _PAD)  # user password "": the padding itself
    key = hashlib.md5(
        _PAD + o_value + permissions.to_bytes(4, "little", signed=True) + doc_id
    ).digest()[:5]
    u_value = _rc4(key, _PAD)

    def enc(number: int, data: bytes) -> bytes:
        object_key = hashlib.md5(key + number.to_bytes(3, "little") + bytes(2)).digest()[:10]
        return _rc4(object_key, data)

    bomb = zlib.compress(zeros_deflated(size_mb), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 6 0 R] "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(enc(4, text_content())),
        FONT,
        stream(enc(6, bomb), b"/Filter [/FlateDecode /FlateDecode]"),
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_value.hex().encode(), u_value.hex().encode(), permissions),
    ]
    ident = doc_id.hex().encode()
    return build_pdf(objects, trailer_extra=b"/Encrypt 7 0 R /ID [<%s> <%s>]" % (ident, ident))
