"""layout.pdf._page_chars reads pdfminer's layout objects directly; it must give exactly what
pdfplumber's ``page.chars`` gives (text, box, size, font, upright), on every page."""

from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber
import pytest

from policyparse.layout.lines import RawChar
from policyparse.layout.pdf import _page_chars

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted((ROOT / "fixtures").glob("*.pdf"))
SHARED = ROOT.parent / "shared" / "corpus"

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _via_plumber(page: pdfplumber.page.Page) -> list[tuple[RawChar, bool]]:
    return [
        (
            RawChar(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["size"], c["fontname"]),
            c.get("upright", True),
        )
        for c in page.chars
    ]


def _check(path: Path) -> int:
    pages = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            expected = _via_plumber(page)
            page.close()
            assert _page_chars(page) == expected, f"{path.name} page {page.page_number}"
            page.close()
            pages += 1
    return pages


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_page_chars_equal_pdfplumber_chars_on_fixtures(path: Path) -> None:
    assert _check(path) > 0


def test_page_chars_equal_pdfplumber_chars_on_real_corpus() -> None:
    """The real archive PDFs: rotated pages, MediaBox offsets, Type 3 and CID fonts."""
    real = sorted((SHARED / "real").glob("*.pdf"))
    if not real:
        pytest.skip("../shared/corpus/real is not available")
    checked = 0
    for path in real:
        if path.stat().st_size > 3_000_000:
            continue
        checked += _check(path)
    assert checked > 0
