"""A page turned as a whole (/Rotate 90) keeps its text in both backends; a rotated margin
stamp on an upright page is left out."""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas

from policyparse.layout.pdf import read_pdf
from policyparse.layout.pdfium import read_pdfium
from policyparse.source import Source


def _pdf(rotate: int, stamp: bool) -> Source:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setPageRotation(rotate)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Regeringen ger Socialstyrelsen i uppdrag att samordna arbetet.")
    c.drawString(72, 680, "Uppdraget ska redovisas senast den 1 mars 2027.")
    if stamp:
        c.saveState()
        c.translate(30, 400)
        c.rotate(90)
        c.drawString(0, 0, "STAMP 2013-07406")
        c.restoreState()
    c.showPage()
    c.save()
    return Source(name="x.pdf", data=buf.getvalue(), type="pdf")


def _texts(pages: list) -> list[str]:  # type: ignore[type-arg]
    return [line.text for page in pages for line in page.lines]


def test_rotated_page_keeps_its_text_in_both_backends() -> None:
    src = _pdf(90, stamp=False)
    plumber, pdfium = _texts(read_pdf(src)), _texts(read_pdfium(src))
    assert any("Socialstyrelsen" in t for t in plumber)
    assert any("Socialstyrelsen" in t for t in pdfium)


def test_margin_stamp_is_dropped_on_an_upright_page() -> None:
    src = _pdf(0, stamp=True)
    for texts in (_texts(read_pdf(src)), _texts(read_pdfium(src))):
        assert any("Socialstyrelsen" in t for t in texts)
        assert not any("STAMP" in t or "07406" in t for t in texts)
