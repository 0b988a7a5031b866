"""Characters → lines (column segments).

Why not pdfplumber's ``extract_text``: it merges same-baseline columns ("Regeringen
Regeringsbeslut II:6", two signers in one line) and splits words where the font changes. Here a
printed line is split wherever the horizontal gap is wider than a column gap, so each segment
belongs to one column, and words are joined by spacing alone.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from policyparse.layout.model import Box, Line
from policyparse.text import SOFT_HYPHEN, normalize_char

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$", re.IGNORECASE)


class RawChar(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    font: str


@lru_cache(maxsize=4096)
def font_family(fontname: str) -> str:
    return _SUBSET.sub("", fontname or "")


@lru_cache(maxsize=4096)
def _is_bold(fontname: str) -> bool:
    return _BOLD.search(font_family(fontname)) is not None


def build_lines(chars: list[RawChar], page: int, row_start: int = 0) -> list[Line]:
    """Group one page's characters into lines, split lines into column segments."""
    if not chars:
        return []
    # Rows by baseline: characters of one printed line share (nearly) the same bottom, whatever
    # their font; a smaller line beside a larger one (a "Dir. 2024:1" column) does not.
    ordered = sorted(chars, key=lambda c: (c.bottom, c.x0))
    rows: list[list[RawChar]] = []
    ref = 0.0
    for ch in ordered:
        if rows and ch.bottom - ref <= max(0.3 * ch.size, 1.0):
            rows[-1].append(ch)
        else:
            rows.append([ch])
            ref = ch.bottom
    lines: list[Line] = []
    for i, row in enumerate(rows):
        row.sort(key=lambda c: c.x0)
        for segment in _split_columns(row):
            line = _make_line(segment, page, row_start + i)
            if line is not None:
                lines.append(line)
    return lines


def _char_size(chars: list[RawChar]) -> float:
    """The most common size (to 0.1 pt); most lines are in one size, so check that first."""
    sizes = [c.size for c in chars if c.text.strip()]
    if not sizes:
        return 10.0
    first = sizes[0]
    if all(s == first for s in sizes):
        return round(first, 1)
    return Counter(round(s, 1) for s in sizes).most_common(1)[0][0]


def _split_columns(row: list[RawChar]) -> list[list[RawChar]]:
    size = _char_size(row)
    gap_limit = max(2.2 * size, 16.0)
    segments: list[list[RawChar]] = [[]]
    last_x1: float | None = None
    for ch in row:
        if not ch.text.strip():
            segments[-1].append(ch)
            continue
        if last_x1 is not None and ch.x0 - last_x1 > gap_limit:
            segments.append([])
        segments[-1].append(ch)
        last_x1 = ch.x1
    return [s for s in segments if any(c.text.strip() for c in s)]


def _make_line(chars: list[RawChar], page: int, row: int) -> Line | None:
    visible = [c for c in chars if c.text.strip()]
    if not visible:
        return None
    size = _char_size(visible)
    word_gap = 0.2 * size
    text_parts: list[str] = []
    boxes: list[Box | None] = []
    last_x1: float | None = None
    pending_space = False
    for ch in chars:
        if not ch.text.strip():
            pending_space = last_x1 is not None
            continue
        if last_x1 is not None and (pending_space or ch.x0 - last_x1 > word_gap):
            text_parts.append(" ")
            boxes.append(None)
        pending_space = False
        norm = normalize_char(ch.text)
        box = (ch.x0, ch.top, ch.x1, ch.bottom)
        for piece in norm:
            text_parts.append(piece)
            boxes.append(box)
        last_x1 = max(last_x1 or ch.x1, ch.x1)
    text = "".join(text_parts)
    soft = text.endswith(SOFT_HYPHEN)
    if SOFT_HYPHEN in text:
        keep = [i for i, c in enumerate(text) if c != SOFT_HYPHEN]
        text = "".join(text[i] for i in keep)
        boxes = [boxes[i] for i in keep]
    fonts = Counter(c.font for c in visible)
    font = font_family(fonts.most_common(1)[0][0])
    bold = sum(n for f, n in fonts.items() if _is_bold(f)) > len(visible) / 2
    return Line(
        page=page,
        row=row,
        text=text,
        boxes=boxes,
        x0=min(c.x0 for c in visible),
        top=min(c.top for c in visible),
        x1=max(c.x1 for c in visible),
        bottom=max(c.bottom for c in visible),
        size=size,
        font=font,
        bold=bold,
        soft_hyphen_end=soft,
    )


def turn_upright(chars: list[RawChar]) -> list[RawChar]:
    """Characters of a page printed turned by 90° (text running down or up the displayed page)
    are turned back so that lines run left to right again. Detected from the glyph boxes: such
    text advances along ``top`` while ``x0`` stays put."""
    visible = [c for c in chars if c.text.strip()]
    if len(visible) < 8:
        return chars
    down = sum(
        1 for a, b in pairwise(visible) if abs(a.x0 - b.x0) < 0.5 and 0 < b.top - a.top < 2 * a.size
    )
    up = sum(
        1 for a, b in pairwise(visible) if abs(a.x0 - b.x0) < 0.5 and 0 < a.top - b.top < 2 * a.size
    )
    if max(down, up) < len(visible) / 2:
        return chars
    right = max(c.x1 for c in chars)
    bottom = max(c.bottom for c in chars)
    if down >= up:  # reads downwards: x ← top, y ← distance from the right edge
        return [
            RawChar(c.text, c.top, right - c.x1, c.bottom, right - c.x0, c.size, c.font)
            for c in chars
        ]
    return [
        RawChar(c.text, bottom - c.bottom, c.x0, bottom - c.top, c.x1, c.size, c.font)
        for c in chars
    ]
