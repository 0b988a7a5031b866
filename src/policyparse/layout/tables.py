"""Numeric tables: printed rows of column cells with figures in aligned columns.

Why: a regeringsbeslut often distributes money in a table ("Region Stockholm | 12 400 000 |
32,3") under a header row that alone names the unit ("Belopp (kronor)"). Read as prose, the
cells of neighbouring rows run together into nonsense paragraphs, and the figures lose their
unit. Here such rows are found from geometry alone (several column segments on one baseline,
figures whose right edges line up from row to row) so the block builder can keep each printed
row together and the amount extractor can read a cell with its column's header.

Two columns of names (a remisslista, two signers side by side) are not tables here: without a
column of figures nothing depends on them being one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyparse.layout.model import Line

# A figure cell: "12 400 000", "2,9", "-1 500", "32,3 %", "1.250.000".
FIGURE = re.compile(r"^[-–]?\d{1,3}(?:[ \u00a0.]\d{3})*(?:,\d+)?\s*%?$")
_ALIGN = 3.0  # points: right edges of one column's figures
_MIN_ROWS = 2


@dataclass(slots=True)
class TableRow:
    cells: list[Line]  # left to right
    header: bool = False


def _figure_edges(cells: list[Line]) -> list[float]:
    return [c.x1 for c in cells[1:] if FIGURE.match(c.text.strip())]


def find_tables(lines: list[Line], leading: float) -> list[list[TableRow]]:
    """Tables among ``lines`` (body lines in reading order): each a list of printed rows, the
    header row (if any) first. A row belongs to a table when it has two or more cells, a
    figure in a cell after the first, and a figure right-aligned with one in the row above."""
    rows: list[list[Line]] = []
    for line in lines:
        if rows and rows[-1][0].page == line.page and rows[-1][0].row == line.row:
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
    tables: list[list[TableRow]] = []
    run: list[list[Line]] = []

    def close() -> None:
        if len(run) >= _MIN_ROWS:
            table = [TableRow(cells) for cells in run]
            header = _header_above(rows, run[0], leading)
            if header is not None:
                table.insert(0, TableRow(header, header=True))
            tables.append(table)
        run.clear()

    for row in rows:
        edges = _figure_edges(row) if len(row) >= 2 else []
        if not edges:
            close()
            continue
        if run:
            above = run[-1]
            near = row[0].page == above[0].page and 0 < row[0].top - above[0].top <= 2.5 * leading
            aligned = any(abs(a - b) <= _ALIGN for a in edges for b in _figure_edges(above))
            if not (near and aligned):
                close()
        run.append(row)
    close()
    return tables


def _header_above(rows: list[list[Line]], first: list[Line], leading: float) -> list[Line] | None:
    """The printed row right above a table's first row, when it has several cells and no
    figure: the column headings."""
    index = next(i for i, row in enumerate(rows) if row is first)
    if index == 0:
        return None
    above = rows[index - 1]
    if (
        len(above) >= 2
        and above[0].page == first[0].page
        and 0 < first[0].top - above[0].top <= 2.5 * leading
        and not _figure_edges(above)
    ):
        return above
    return None
