"""PDF → pages of lines, with pdfplumber (the default backend).

Pages are closed as soon as their characters are read: pdfplumber otherwise keeps every
parsed page alive (hundreds of MB over a long document).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from policyparse.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    PolicyParseError,
    TooLargeError,
)
from policyparse.layout.glyphs import decode_glyph_fonts
from policyparse.layout.lines import RawChar, build_lines, turn_upright
from policyparse.layout.model import PageLayout
from policyparse.source import Source, as_stream

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pdf(
    source: Source, password: str | None = None, max_pages: int = 2000
) -> list[PageLayout]:
    try:
        pdf = pdfplumber.open(as_stream(source), password=password or "")
    except PDFPasswordIncorrect as exc:
        raise EncryptedInputError(f"{source.name}: the PDF needs a password") from exc
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types on broken files
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if (
            isinstance(inner, PDFPasswordIncorrect)
            or "password" in str(inner).lower()
            or type(inner).__name__ == "PDFEncryptionError"
        ):
            raise EncryptedInputError(f"{source.name}: {exc}") from exc
        raise CorruptInputError(f"{source.name}: not a readable PDF ({exc})") from exc
    pages: list[PageLayout] = []
    try:
        n = len(pdf.pages)
        if n == 0:
            raise EmptyInputError(f"{source.name}: the PDF has no pages")
        if n > max_pages:
            raise TooLargeError(f"{source.name}: {n} pages, over the limit of {max_pages}")
        row = 0
        for number, page in enumerate(pdf.pages, start=1):
            raw = _page_chars(page)
            # Rotated margin stamps are not running text; but on a page turned as a whole
            # (/Rotate 90) nothing is upright, and then everything is the text.
            upright = [c for c, up in raw if up]
            keep = upright if len(upright) * 2 >= len(raw) else [c for c, _ in raw]
            chars = decode_glyph_fonts(keep if keep is upright else turn_upright(keep))
            lines = build_lines(chars, number, row)
            row += len(lines) + 1
            pages.append(PageLayout(number, float(page.width), float(page.height), lines))
            page.close()
    except PDFPasswordIncorrect as exc:
        raise EncryptedInputError(f"{source.name}: the PDF needs a password") from exc
    except PolicyParseError:
        raise
    except RecursionError as exc:
        raise CorruptInputError(f"{source.name}: object structure too deep or cyclic") from exc
    except Exception as exc:  # pdfminer fails in many ways inside broken streams
        raise CorruptInputError(f"{source.name}: unreadable page content ({exc})") from exc
    finally:
        _close_quietly(pdf)
    return pages


def _page_chars(page: Any) -> list[tuple[RawChar, bool]]:
    """The page's characters with their upright flag, in pdfplumber's coordinates.

    Read straight from pdfminer's layout objects rather than ``page.chars``: pdfplumber turns
    every character into a dict of ~20 resolved attributes (colours, matrices, graphic state),
    which costs about a third of its reading time, and only seven are needed here. The
    coordinates are computed exactly as ``Page.process_object`` does (top-left origin, shifted
    by the MediaBox origin), so the two are interchangeable; tests/test_pdf_chars.py checks that.
    """
    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    out: list[tuple[RawChar, bool]] = []
    stack = [iter(page.layout._objs)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTChar):
                font = obj.fontname
                if isinstance(font, bytes):
                    font = font.decode("utf-8", "replace")
                out.append(
                    (
                        RawChar(
                            obj._text,
                            obj.x0 + mb_x0,
                            height - obj.y1 + mb_top,
                            obj.x1 + mb_x0,
                            height - obj.y0 + mb_top,
                            obj.size,
                            font,
                        ),
                        obj.upright,
                    )
                )
            elif isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
        else:
            stack.pop()
    return out


def _close_quietly(pdf: Any) -> None:
    """Closing parses what was not parsed yet, and a broken file fails there too; the error
    that matters has been raised already."""
    with contextlib.suppress(Exception):
        pdf.close()
