"""Last-resort repair of a PDF whose cross-reference table and trailer are missing or unusable.

An interrupted download or a careless edit leaves a file whose objects are all there but whose
table at the end (the ``xref`` and ``trailer`` that point to the objects and to the catalog) is
cut off or overwritten. pdfminer's and pdfium's own recovery scans need a ``trailer`` keyword at
a line start; without one both give up. :func:`rebuild_xref` finds the objects (``N G obj`` at a
line start; the last definition of a number wins, as in an incrementally updated file) and the
catalog among them, and appends a fresh table and trailer: an incremental update, so no byte of
the original moves. Objects inside object streams, and encrypted files (the trailer's
``/Encrypt`` and ``/ID`` cannot be guessed), are out of reach: then there is no repair.
"""

from __future__ import annotations

import re

_OBJECT = re.compile(rb"(?m)^[ \t\f\0]*(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj\b")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_MAX_OBJECTS = 1_000_000


def rebuild_xref(data: bytes) -> bytes | None:
    """``data`` with a new xref table and trailer appended, or None if no catalog is found
    (or the file is encrypted)."""
    if b"/Encrypt" in data:
        return None
    offsets: dict[int, tuple[int, int]] = {}
    catalog: tuple[int, int] | None = None
    matches = list(_OBJECT.finditer(data))
    if not matches or len(matches) > _MAX_OBJECTS:
        return None
    for i, m in enumerate(matches):
        number, generation = int(m[1]), int(m[2])
        offsets[number] = (m.start(1), generation)
        end = matches[i + 1].start() if i + 1 < len(matches) else len(data)
        body_end = data.find(b"endobj", m.end(), end)
        if _CATALOG.search(data, m.end(), body_end if body_end >= 0 else end):
            catalog = (number, generation)
    if catalog is None:
        return None
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    start = len(out)
    out += b"xref\n0 1\n0000000000 65535 f \n"
    for number in sorted(offsets):
        offset, generation = offsets[number]
        out += b"%d 1\n%010d %05d n \n" % (number, offset, generation)
    out += b"trailer\n<< /Size %d /Root %d %d R >>\n" % (max(offsets) + 1, *catalog)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)
