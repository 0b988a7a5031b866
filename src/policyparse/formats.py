"""What a file is, from its first bytes: the formats policyparse refuses, by name, and text in
UTF-16 (Windows "Unicode" text files), which it reads.

Archives hold Word files named ``.pdf``, PDFs named ``.txt`` and files without an extension, so
the name is never trusted; an error that says "a Word document (.docx)" tells the user what to
do (save it as PDF) where "binary content" does not.
"""

from __future__ import annotations

import codecs

# (magic at offset 0, what it is, what to do)
_MAGIC: list[tuple[bytes, str]] = [
    (b"{\\rtf", "an RTF document; save it as PDF"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image; scanned documents must be PDFs"),
    (b"\xff\xd8\xff", "a JPEG image; scanned documents must be PDFs"),
    (b"II*\x00", "a TIFF image; scanned documents must be PDFs"),
    (b"MM\x00*", "a TIFF image; scanned documents must be PDFs"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive; unpack it first"),
    (b"%!PS", "a PostScript file; convert it to PDF"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
]
# control characters that plain text does not hold (tab, line ends, form feed, SUB and ESC do)
_TEXT_CONTROLS = set(b"\t\n\v\f\r\x1a\x1b")
_BINARY_CONTROLS = bytes(c for c in range(32) if c not in _TEXT_CONTROLS) + b"\x7f"


def describe_unsupported(data: bytes) -> str | None:
    """A description of ``data`` if it is a known format that is not a document policyparse
    reads (Office files, images, archives, RTF, PostScript, programs), else None."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _describe_zip(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _describe_ole(data)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if magic == b"MZ" and b"This program cannot be run in DOS mode" not in data[:512]:
                continue  # "MZ" may start a text file
            return what
    return None


def _describe_zip(data: bytes) -> str:
    """Office Open XML and OpenDocument files are zip archives; their part names (stored
    uncompressed in the local headers and the central directory) tell which is which."""
    if b"word/" in data:
        return "a Word document (.docx); save it as PDF"
    if b"xl/" in data:
        return "an Excel workbook (.xlsx)"
    if b"ppt/" in data:
        return "a PowerPoint presentation (.pptx); save it as PDF"
    if b"application/vnd.oasis.opendocument" in data:
        return "an OpenDocument file (.odt/.ods); save it as PDF"
    return "a zip archive; unpack it first"


def _describe_ole(data: bytes) -> str:
    """Old Office files are OLE compound files; the directory names their streams in UTF-16."""
    if "WordDocument".encode("utf-16-le") in data:
        return "a Word 97–2003 document (.doc); save it as PDF"
    if "Workbook".encode("utf-16-le") in data:
        return "an Excel 97–2003 workbook (.xls)"
    if "PowerPoint".encode("utf-16-le") in data:
        return "a PowerPoint 97–2003 presentation (.ppt); save it as PDF"
    return "an OLE compound file (an old Office document or an Outlook message)"


def utf16_to_utf8(data: bytes) -> bytes | None:
    """UTF-16 text (with a byte-order mark, or ASCII-heavy text whose every other byte is NUL)
    re-encoded as UTF-8; None if ``data`` is not UTF-16 text."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        encoding = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        head = data[:4096]
        even, odd = head[0::2], head[1::2]
        if len(head) < 16:
            return None
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            encoding = "utf-16-le"
        elif even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            encoding = "utf-16-be"
        else:
            return None
    text = data.decode(encoding, errors="replace")
    return text.encode("utf-8")


def looks_binary(data: bytes) -> bool:
    """More than 2 % of the first 4 KB (NUL bytes aside: a text file may hold a few, or be
    padded with them) are control characters that text does not use."""
    head = data[:4096].replace(b"\x00", b"")
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    return controls > 0.02 * len(head)


def only_nul(data: bytes) -> bool:
    return not data.strip(b"\x00 \t\r\n")
