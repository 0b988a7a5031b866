"""Numeric tables: layout.tables.find_tables and the amounts read from money columns."""

from __future__ import annotations

from pathlib import Path

import pytest

import policyparse
from policyparse.layout.model import Line
from policyparse.layout.tables import find_tables
from tests.conftest import LineFactory, Sheet


def _row(make_line: LineFactory, row: int, cells: list[tuple[float, str]]) -> list[Line]:
    return [make_line(text, x0=x, top=100.0 + 14 * row, row=row) for x, text in cells]


def test_rows_with_aligned_figures_are_a_table_with_its_header(make_line: LineFactory) -> None:
    lines = _row(make_line, 0, [(72, "Region"), (300, "Belopp (kronor)")])
    # figures right-aligned at x1 = 375 (5 pt per character)
    lines += _row(make_line, 1, [(72, "Region Skåne"), (325, "7 900 000")])
    lines += _row(make_line, 2, [(72, "Region Uppsala"), (325, "2 100 000")])
    lines += _row(make_line, 3, [(72, "Summa"), (320, "10 000 000")])
    tables = find_tables(lines, leading=14)
    assert len(tables) == 1
    header, *rows = tables[0]
    assert header.header and [c.text for c in header.cells] == ["Region", "Belopp (kronor)"]
    assert [r.cells[0].text for r in rows] == ["Region Skåne", "Region Uppsala", "Summa"]


@pytest.mark.parametrize(
    "cells",
    [
        # a two-column remisslista: names, no figures
        [[(72, "Arbetsförmedlingen"), (300, "Kammarkollegiet")], [(72, "Boverket"), (300, "SKR")]],
        # figures that do not line up are not one column
        [[(72, "Region Skåne"), (325, "7 900 000")], [(72, "Region Uppsala"), (200, "2 100")]],
        # a single row is not a table
        [[(72, "Region Skåne"), (325, "7 900 000")]],
    ],
)
def test_no_table_without_an_aligned_column_of_figures(
    make_line: LineFactory, cells: list[list[tuple[float, str]]]
) -> None:
    lines = [ln for i, row in enumerate(cells) for ln in _row(make_line, i, row)]
    assert find_tables(lines, leading=14) == []


def _table_pdf(path: Path, unit_header: str) -> Path:
    sheet = Sheet(path)

    def put(x: float, top: float, s: str, right: bool = False, bold: bool = False) -> None:
        sheet.put(x, top, s, "Helvetica-Bold" if bold else "Helvetica", right=right)

    put(330, 60, "Regeringsbeslut", bold=True)
    put(330, 90, "2026-03-12")
    put(330, 105, "S2026/00410")
    put(72, 90, "Socialdepartementet")
    put(72, 160, "Uppdrag att fördela medel till regionerna")
    put(72, 200, "Regeringens beslut", bold=True)
    put(72, 220, "Regeringen ger Kammarkollegiet i uppdrag att betala ut medel enligt tabellen.")
    put(72, 250, "Region", bold=True)
    put(390, 250, unit_header, right=True, bold=True)
    put(500, 250, "Andel (procent)", right=True, bold=True)
    rows = [("Region Halland", "3 200", "40,0"), ("Region Kronoberg", "4 800", "60,0")]
    rows += [("Summa", "8 000", "100,0")]
    for i, (label, amount, share) in enumerate(rows):
        top = 268 + 18 * i
        put(72, top, label)
        put(390, top, amount, right=True)
        put(500, top, share, right=True)
    put(72, 340, "Utbetalningen ska göras senast den 30 juni 2026.")
    return sheet.save()


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_table_amounts_take_the_unit_of_their_column_header(tmp_path: Path, backend: str) -> None:
    pdf = _table_pdf(tmp_path / "tabell.pdf", "Belopp (tkr)")
    doc = policyparse.parse(pdf, options=policyparse.Options(backend=backend))  # type: ignore[arg-type]
    got = [(a.value, a.currency, a.text) for a in doc.amounts]
    # thousands of kronor; the percentages and the total row are not sums of their own
    assert got == [
        (3_200_000, "SEK", "Region Halland 3 200"),
        (4_800_000, "SEK", "Region Kronoberg 4 800"),
    ]
    for amount in doc.amounts:
        assert amount.confidence < 1.0  # the unit came from the header, not the row
        assert amount.evidence and amount.evidence[0].page == 1


def test_no_table_amounts_when_the_header_names_no_currency(tmp_path: Path) -> None:
    pdf = _table_pdf(tmp_path / "tabell.pdf", "Antal platser")
    assert policyparse.parse(pdf).amounts == []
