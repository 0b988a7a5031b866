"""Shared builders: hand-made layout lines, raw PDF characters and small reportlab PDFs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from policyparse.layout.lines import RawChar
from policyparse.layout.model import Line

LineFactory = Callable[..., Line]
CharFactory = Callable[..., list[RawChar]]


def _make_line(
    text: str,
    *,
    page: int = 1,
    row: int = 0,
    x0: float = 72.0,
    top: float = 100.0,
    char_width: float = 5.0,
    size: float = 10.0,
    font: str = "TimesNewRoman",
    bold: bool = False,
    soft_hyphen_end: bool = False,
) -> Line:
    """A Line with one box per character, ``char_width`` apart; spaces get no box (as in
    ``build_lines``, where inter-word spaces are inserted)."""
    boxes: list[tuple[float, float, float, float] | None] = []
    x = x0
    for ch in text:
        boxes.append(None if ch == " " else (x, top, x + char_width, top + size))
        x += char_width
    return Line(
        page=page,
        row=row,
        text=text,
        boxes=boxes,
        x0=x0,
        top=top,
        x1=x,
        bottom=top + size,
        size=size,
        font=font,
        bold=bold,
        soft_hyphen_end=soft_hyphen_end,
    )


@pytest.fixture
def make_line() -> LineFactory:
    return _make_line


def _raw_chars(
    text: str,
    x0: float,
    bottom: float,
    *,
    size: float = 12.0,
    font: str = "ABCDEF+TimesNewRomanPSMT",
    char_width: float | None = None,
) -> list[RawChar]:
    """Characters of ``text`` set left to right on one baseline (pdfplumber coordinates:
    ``top`` grows downwards, ``bottom`` is the baseline side)."""
    w = char_width if char_width is not None else size * 0.5
    chars: list[RawChar] = []
    x = x0
    for ch in text:
        chars.append(RawChar(ch, x, bottom - size, x + w, bottom, size, font))
        x += w
    return chars


@pytest.fixture
def raw_chars() -> CharFactory:
    return _raw_chars


# --- PDFs ----------------------------------------------------------------------------------

REGERINGSBESLUT_BODY = [
    "Regeringen ger Socialstyrelsen i uppdrag att utveckla det nationella",
    "screeningprogrammet. Socialstyrelsen får använda högst 2 000 000 kronor",
    "för uppdraget under 2025. Uppdraget ska redovisas till Regeringskansliet",
    "(Socialdepartementet) senast den 31 januari 2026.",
]
REGERINGSBESLUT_TITLE = "Uppdrag att utveckla screeningen för livmoderhalscancer"


def write_regeringsbeslut(path: Path) -> Path:
    """A one-page PDF laid out like a regeringsbeslut: label and meeting number, date, dnr,
    ministry, recipient, a larger title, a decision heading, body text and two signers."""
    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]

    def put(x: float, top: float, s: str, font: str = "Helvetica", size: float = 11) -> None:
        c.setFont(font, size)
        c.drawString(x, height - top, s)

    put(330, 60, "Regeringsbeslut", "Helvetica-Bold", 14)
    put(480, 60, "I:5")
    put(330, 90, "2025-03-13")
    put(330, 105, "S2025/00123")
    put(72, 90, "Socialdepartementet")
    put(330, 135, "Socialstyrelsen")
    put(330, 150, "106 30 Stockholm")
    put(72, 200, REGERINGSBESLUT_TITLE, "Helvetica", 16)
    put(72, 240, "Regeringens beslut", "Helvetica-Bold", 12)
    y = 262.0
    for line in REGERINGSBESLUT_BODY:
        put(72, y, line)
        y += 14
    put(72, y + 20, "Bakgrund", "Helvetica-Bold", 12)
    y += 42
    put(72, y, "Screening för livmoderhalscancer har pågått sedan 1960-talet.")
    y += 40
    put(72, y, "På regeringens vägnar")
    y += 40
    put(72, y, "Jakob Forssmed")
    put(330, y, "Anna Andersson")
    c.showPage()
    c.save()
    return path


def write_blank(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.showPage()
    c.save()
    return path


@pytest.fixture
def make_regeringsbeslut() -> Callable[[Path], Path]:
    return write_regeringsbeslut


@pytest.fixture
def regeringsbeslut_pdf(tmp_path: Path) -> Path:
    return write_regeringsbeslut(tmp_path / "regeringsbeslut.pdf")


@pytest.fixture
def blank_pdf(tmp_path: Path) -> Path:
    return write_blank(tmp_path / "blank.pdf")


class Sheet:
    """A test PDF written top-down, in pdfplumber's coordinates (``top`` from the page top):
    the few layouts a test needs without repeating reportlab's bottom-up canvas calls."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.canvas = canvas.Canvas(str(path), pagesize=A4)
        self.height = A4[1]

    def put(
        self,
        x: float,
        top: float,
        text: str,
        font: str = "Helvetica",
        size: float = 11,
        *,
        right: bool = False,
    ) -> None:
        """Write ``text`` with its baseline at ``top``; ``right``: ``x`` is its right edge."""
        self.canvas.setFont(font, size)
        if right:
            self.canvas.drawRightString(x, self.height - top, text)
        else:
            self.canvas.drawString(x, self.height - top, text)

    def new_page(self) -> None:
        self.canvas.showPage()

    def save(self) -> Path:
        self.canvas.showPage()
        self.canvas.save()
        return self.path
