"""layout.ocr: which pages need OCR, Tesseract words → tokens, and scanned PDFs end to end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

import policyparse
from policyparse.errors import NoTextError
from policyparse.layout import ocr
from policyparse.layout.model import PageLayout
from tests.conftest import LineFactory

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
DPI = 200
TITLE = "Uppdrag att följa upp vården för äldre"


# --- needs_ocr --------------------------------------------------------------------------------


def page_of(make_line: LineFactory, texts: list[str]) -> PageLayout:
    lines = [make_line(t, row=i, top=100.0 + 14 * i) for i, t in enumerate(texts)]
    return PageLayout(number=1, width=595.0, height=842.0, lines=lines)


@pytest.mark.parametrize(
    "texts",
    [
        [],
        ["   "],
        ["(cid:3)(cid:4)(cid:5)(cid:6)(cid:7)(cid:8)(cid:9)(cid:10)(cid:11)(cid:12)"],
        ["(cid:3)(cid:4)(cid:5) (cid:6)(cid:7)(cid:8)", "(cid:9)(cid:10)(cid:11) (cid:12)(cid:13)"],
        # a text layer of digits and punctuation only (a broken font mapping)
        ["12 345 678 - 90 / 12 . 34 ; 56 : 78 , 90 ( 12 ) 34"],
        # mostly unmapped glyphs with a few real letters between them
        ["Beslut (cid:3)(cid:4)(cid:5)(cid:6)(cid:7)(cid:8)(cid:9)(cid:10)(cid:11)(cid:12)"],
    ],
    ids=["empty", "blank", "cids", "cids-two-lines", "digits", "mostly-cids"],
)
def test_needs_ocr(make_line: LineFactory, texts: list[str]) -> None:
    assert ocr.needs_ocr(page_of(make_line, texts)) is True


@pytest.mark.parametrize(
    "texts",
    [
        [
            "Regeringen ger Socialstyrelsen i uppdrag att utveckla det nationella",
            "screeningprogrammet. Socialstyrelsen får använda högst 2 000 000 kronor",
            "för uppdraget under 2025.",
        ],
        ["Uppdraget ska redovisas senast den 31 januari 2026 (S2025/00123)."],
        # one unmapped glyph in a page of real text is no reason to OCR
        [
            "Regeringen ger Socialstyrelsen i uppdrag att följa upp vården för äldre (cid:3)",
            "och att redovisa uppdraget till Regeringskansliet senast den 31 oktober 2026.",
        ],
    ],
    ids=["body", "dates-and-numbers", "one-cid"],
)
def test_does_not_need_ocr(make_line: LineFactory, texts: list[str]) -> None:
    assert ocr.needs_ocr(page_of(make_line, texts)) is False


# --- Tesseract's words → tokens ---------------------------------------------------------------


def tesseract_data(rows: list[tuple[int, str, float, int, int, int, int]]) -> dict[str, Any]:
    """image_to_data's dict from (level, text, conf, left, top, width, height), all in one
    block/paragraph/line."""
    keys = ["level", "text", "conf", "left", "top", "width", "height"]
    data: dict[str, Any] = {k: [r[i] for r in rows] for i, k in enumerate(keys)}
    n = len(rows)
    data["block_num"], data["par_num"], data["line_num"] = [1] * n, [1] * n, [1] * n
    return data


def test_words_to_tokens() -> None:
    data = tesseract_data(
        [
            (4, "", -1, 100, 200, 600, 40),  # the text line
            (5, "Dnr", 90.0, 100, 205, 100, 30),
            (5, "S2026/00062", 80.0, 220, 200, 380, 40),
            (5, "|", 20.0, 650, 200, 5, 40),  # a rule read as a bar: dropped
            (5, "  ", 95.0, 700, 200, 10, 40),  # empty: dropped
        ]
    )
    scale = 72 / DPI
    chars, confidence = ocr._words(data, scale)
    assert "".join(c.text for c in chars) == "Dnr S2026/00062 "
    assert confidence == pytest.approx(0.85)
    first = chars[0]
    # every word takes the box of its text line, in points
    assert first.top == pytest.approx(200 * scale)
    assert first.bottom == pytest.approx(240 * scale)
    assert first.x0 == pytest.approx(100 * scale)
    assert chars[2].x1 == pytest.approx(200 * scale)
    assert all(c.top == first.top and c.bottom == first.bottom for c in chars)


def test_words_without_words() -> None:
    assert ocr._words(tesseract_data([(4, "", -1, 0, 0, 10, 10)]), 1.0) == ([], None)


# --- scanned PDFs -----------------------------------------------------------------------------


def write_scanned_regeringsbeslut(path: Path, *, text_page_first: bool = False) -> Path:
    """A PDF whose (last) page is only an image of a regeringsbeslut rendered at 200 dpi; with
    ``text_page_first`` a normal text page comes before it."""
    from PIL import Image, ImageDraw, ImageFont

    scale = DPI / 72
    image = Image.new("L", (int(A4[0] * scale), int(A4[1] * scale)), 255)
    draw = ImageDraw.Draw(image)

    def put(x: float, top: float, s: str, size: float = 11, bold: bool = False) -> None:
        font = ImageFont.truetype(str(FONT_BOLD if bold else FONT), int(size * scale))
        draw.text((x * scale, top * scale), s, fill=0, font=font)

    put(330, 50, "Regeringsbeslut", 14, bold=True)
    put(72, 80, "Socialdepartementet")
    put(330, 80, "2026-01-15")
    put(330, 95, "S2026/00062")
    put(330, 125, "Socialstyrelsen")
    put(72, 190, TITLE, 16)
    put(72, 230, "Regeringens beslut", 12, bold=True)
    body = [
        "Regeringen ger Socialstyrelsen i uppdrag att följa upp vården för äldre.",
        "Uppdraget ska redovisas till Regeringskansliet (Socialdepartementet)",
        "senast den 31 oktober 2026.",
    ]
    for i, line in enumerate(body):
        put(72, 255 + 15 * i, line)
    put(72, 330, "På regeringens vägnar")
    put(72, 370, "Jakob Forssmed")

    c = canvas.Canvas(str(path), pagesize=A4)
    if text_page_first:
        c.setFont("Helvetica", 11)
        c.drawString(72, A4[1] - 100, "Bilaga till regeringsbeslut om uppföljning av vården.")
        c.drawString(72, A4[1] - 114, "Regeringen har beslutat om uppdraget som följer nedan.")
        c.showPage()
    c.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return path


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = ocr.ocr_available
    real.cache_clear()
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    yield
    real.cache_clear()


needs_tesseract = pytest.mark.skipif(
    not ocr.ocr_available(), reason="OCR extra (pytesseract, Pillow) or tesseract not installed"
)


@needs_tesseract
def test_scanned_page_is_read_with_ocr(tmp_path: Path) -> None:
    doc = policyparse.parse(write_scanned_regeringsbeslut(tmp_path / "scan.pdf"))
    page = doc.pages[0]
    assert page.ocr is True
    assert page.ocr_confidence is not None and page.ocr_confidence > 0.5
    assert [d.name for d in doc.diarienummer] == ["S2026/00062"]
    assert doc.date == dt.date(2026, 1, 15)
    assert doc.kind == "regeringsbeslut"
    assert doc.title == TITLE
    # evidence of OCR'd text is a box on the page, in points
    (span,) = doc.diarienummer[0].evidence
    assert span.page == 1 and span.bbox is not None
    assert 300 < span.bbox[0] < 360 and 80 < span.bbox[1] < 120


@needs_tesseract
def test_only_pages_without_text_are_ocred(tmp_path: Path) -> None:
    pdf = write_scanned_regeringsbeslut(tmp_path / "mixed.pdf", text_page_first=True)
    doc = policyparse.parse(pdf)
    assert [p.ocr for p in doc.pages] == [False, True]
    assert doc.pages[0].ocr_confidence is None
    assert "S2026/00062" in {r.name for r in doc.references} | {d.name for d in doc.diarienummer}


def test_scanned_pdf_without_ocr_raises(tmp_path: Path, no_ocr: None) -> None:
    pdf = write_scanned_regeringsbeslut(tmp_path / "scan.pdf")
    with pytest.raises(NoTextError) as info:
        policyparse.parse(pdf)
    assert "policyparse[ocr]" in str(info.value)
    assert "tesseract" in str(info.value)
    assert info.value.error_type == "no_text"


def test_text_page_without_ocr_is_kept(tmp_path: Path, no_ocr: None) -> None:
    # one page has text: no error, and the scanned page is left as it is
    doc = policyparse.parse(
        write_scanned_regeringsbeslut(tmp_path / "mixed.pdf", text_page_first=True)
    )
    assert [p.ocr for p in doc.pages] == [False, False]
    assert doc.diarienummer == []


def test_a_short_real_text_page_is_not_a_scan(make_line: LineFactory) -> None:
    # a last page with only "Kopia till" and a name must not be sent to Tesseract
    assert ocr.needs_ocr(page_of(make_line, ["Kopia till", "Boverket"])) is False
