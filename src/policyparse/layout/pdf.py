"""PDF → pages of lines, with pdfplumber (the default backend).

Pages are closed as soon as their characters are read: pdfplumber otherwise keeps every
parsed page alive (hundreds of MB over a long document).
"""

from __future__ import annotations

import logging

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from policyparse.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    TooLargeError,
)
from policyparse.layout.lines import RawChar, build_lines
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
            chars = [
                RawChar(
                    c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["size"], c["fontname"]
                )
                for c in page.chars
                if c.get("upright", True)  # rotated margin stamps are not running text
            ]
            lines = build_lines(chars, number, row)
            row += len(lines) + 1
            pages.append(PageLayout(number, float(page.width), float(page.height), lines))
            page.close()
    except PDFPasswordIncorrect as exc:
        raise EncryptedInputError(f"{source.name}: the PDF needs a password") from exc
    finally:
        pdf.close()
    return pages
