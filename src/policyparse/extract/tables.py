"""Amounts in numeric tables: a figure cell read with the unit its column header names.

"Region Stockholm | 12 400 000" under "Belopp (kronor)" is 12 400 000 kronor, though the row
itself never says so; under "Belopp (tkr)" it would be a thousand times more. A column whose
header names no currency gives no amounts: the unit is unknown, and a guess would be invented.
Total rows ("Summa", "Totalt") restate the sums above them and are left out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import regex

from policyparse.extract.amounts import CURRENCIES, SCALES, to_number
from policyparse.extract.context import Context
from policyparse.layout.model import Line
from policyparse.layout.tables import FIGURE
from policyparse.record import Amount

_UNIT = regex.compile(
    r"(?:(?P<scale>tusen(?:tals)?|miljon(?:er)?|miljard(?:er)?)\s+)?"
    r"(?P<cur>tkr|tsek|mnkr|mkr|mdkr|kronor|kr|sek|euro|eur)\b|(?P<euro>€)",
    regex.I,
)
_TOTAL = regex.compile(r"^(?:summa|totalt?|sammanlagt|sammantaget)\b", regex.I)


@dataclass(frozen=True, slots=True)
class _MoneyColumn:
    x0: float
    x1: float
    scale: int
    currency: str


def _money_column(cell: Line) -> _MoneyColumn | None:
    m = _UNIT.search(cell.text)
    if m is None:
        return None
    if m["euro"]:
        return _MoneyColumn(cell.x0, cell.x1, 1, "EUR")
    cur = m["cur"].lower()
    scale = SCALES.get(cur, 1)
    if m["scale"]:
        scale *= SCALES.get(m["scale"].lower().removesuffix("tals"), 1)
    return _MoneyColumn(cell.x0, cell.x1, scale, CURRENCIES.get(cur, "SEK"))


def _under(cell: Line, column: _MoneyColumn) -> bool:
    """The figure sits under the header: horizontal overlap (figures are right-aligned under
    a header that may be wider or narrower than they are)."""
    return cell.x0 < column.x1 + 2 and cell.x1 > column.x0 - 2


def extract_table_amounts(ctx: Context, blocks: set[int]) -> list[tuple[int, Amount]]:
    """Amounts from table rows among ``blocks``, each with its start offset in the body."""
    found: list[tuple[int, Amount]] = []
    line_offsets = list(itertools.accumulate((len(b.lines) for b in ctx.blocks), initial=0))
    columns: list[_MoneyColumn] = []
    for bi, block in enumerate(ctx.blocks):
        if block.role == "table_header":
            columns = [c for c in map(_money_column, block.lines) if c is not None]
            continue
        if block.role != "table_row":
            columns = []
            continue
        if bi not in blocks or not columns or _TOTAL.match(block.lines[0].text.strip()):
            continue
        row_start = ctx.block_spans[bi][0]
        for j, cell in enumerate(block.lines[1:], start=1):
            text = cell.text.strip()
            column = next((c for c in columns if _under(cell, c)), None)
            if column is None or not FIGURE.match(text) or text.endswith("%"):
                continue
            number = to_number(text)
            if number is None:
                continue
            value = number * column.scale
            whole = int(value) if value == value.to_integral_value() else value
            cell_start = ctx.body.line_starts[line_offsets[bi] + j]
            cell_end = cell_start + len(cell.text.rstrip())
            found.append(
                (
                    row_start,
                    Amount(
                        value=whole,
                        currency=column.currency,
                        qualifier="exact",
                        text=" ".join(ctx.body.text[row_start:cell_end].split()),
                        evidence=ctx.evidence(row_start, cell_end),
                        confidence=0.8,
                    ),
                )
            )
    return found
