"""Characters → lines (column segments).

Why not pdfplumber's ``extract_text``: it merges same-baseline columns ("Regeringen
Regeringsbeslut II:6", two signers in one line) and splits words where the font changes. Here a
printed line is split wherever the horizontal gap is wider than a column gap, so each segment
belongs to one column, and words are joined by spacing alone.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

from policyparse.layout.model import Box, Line
from policyparse.text import NORMALIZED, SOFT_HYPHEN

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


# A character as the stages below read it: (text, x0, top, x1, bottom, size, font), by index.
# A RawChar is one; the pdfium backend's hot loop makes plain tuples, which cost a quarter of
# a RawChar to create.
Char = tuple[str, float, float, float, float, float, str]


@lru_cache(maxsize=4096)
def font_family(fontname: str) -> str:
    return _SUBSET.sub("", fontname or "")


@lru_cache(maxsize=4096)
def _is_bold(fontname: str) -> bool:
    return _BOLD.search(font_family(fontname)) is not None


@lru_cache(maxsize=4096)
def _font_facts(fontname: str) -> tuple[str, bool]:
    """(:func:`font_family`, :func:`_is_bold`) in one cached call: once per line."""
    return font_family(fontname), _is_bold(fontname)


def build_lines(chars: Sequence[Char], page: int, row_start: int = 0) -> list[Line]:
    """Group one page's characters into lines, split lines into column segments.

    This runs once per character of every page, so the steps below read characters as
    plain tuples by index (text 0, x0 1, top 2, x1 3, bottom 4, size 5, font 6), which is
    cheaper than attribute access; tests/test_lines.py pins the behaviour.
    """
    if not chars:
        return []
    lines: list[Line] = []
    for row_number, row in enumerate(_rows(chars), row_start):
        visible = _visible(row)
        if not visible:
            continue
        size = char_size(visible)
        if _splits(visible, size):
            for segment in _split_columns(row, size):
                lines.append(_make_line(segment, page, row_number))
        else:
            lines.append(_make_line(row, page, row_number, size, visible))
    return split_at_column_starts(lines)


def _rows(chars: Sequence[Char]) -> list[list[Char]]:
    """The characters in rows by baseline, each row ordered by ``x0``.

    Characters of one printed line share (nearly) the same bottom, whatever their font; a
    smaller line beside a larger one (a "Dir. 2024:1" column) does not. A row starts at its
    lowest-bottom character and takes what lies within 0.3 × its size (at least 1 pt) below.
    """
    ordered = sorted(chars, key=_BY_X0)
    ordered.sort(key=_BY_BOTTOM)  # stable: by bottom, then x0 (two scalar keys sort faster)
    rows: list[list[Char]] = []
    ref = 0.0
    current: list[Char] = []
    add = current.append
    for ch in ordered:
        bottom = ch[4]
        tolerance = 0.3 * ch[5]
        if bottom - ref <= (tolerance if tolerance > 1.0 else 1.0) and current:
            add(ch)
        else:
            current = [ch]
            add = current.append
            rows.append(current)
            ref = bottom
    for row in rows:
        row.sort(key=_BY_X0)
    return rows


def _visible(row: list[Char]) -> list[Char]:
    """The characters whose text is not only whitespace."""
    return [c for c in row if c[0].strip()]


def split_at_column_starts(lines: list[Line]) -> list[Line]:
    """Split a line where a word starts exactly at the left edge of a column that other
    lines of the page start at, after a gap wider than a word space: "Klimat- och
    näringslivsdepartementet  2025-05-22" is the ministry and, in the header column at
    x = 318 where "Regeringsbeslut" and the dnr start, the date. A long ministry name leaves
    less than a column gap before the next column, so the gap alone cannot tell."""
    starts = Counter(round(line.x0) for line in lines)
    anchors = [float(x) for x, n in starts.items() if n >= 2]
    if not anchors:
        return lines
    out: list[Line] = []
    for line in lines:
        cut = _column_cut(line, anchors)
        if cut is None:
            out.append(line)
        else:
            out.extend(_split_line(line, cut))
    return out


def _column_cut(line: Line, anchors: list[float]) -> int | None:
    """The first word start (after an inserted space) at an anchor inside the line, a column
    gap (the line's size) after the previous word, with words before it."""
    cuts = _column_cuts(line.boxes, line.size, line.x0, line.x1, anchors)
    for cut in cuts:  # nearly always none
        if _is_words(line.text[:cut]):
            return cut
    return None


def _column_cuts(
    boxes: list[Box | None], size: float, x0: float, x1: float, anchors: list[float]
) -> list[int]:
    """The word starts (after an inserted space) of a line (its ``boxes``, ``size`` and
    extent) that are a column gap (``size``) after the previous word and at one of the
    ``anchors`` more than 4 pt inside the line, in order. Only word starts are looked at: they
    are found with ``list.index``, not a step per character."""
    inside = [a for a in anchors if x0 + 4 < a < x1 - 4]
    if not inside:
        return []
    cuts: list[int] = []
    n = len(boxes)
    i = 0
    while True:
        try:
            space = boxes.index(None, i)
        except ValueError:
            return cuts
        i = space + 1
        if i >= n:
            return cuts
        box = boxes[i]
        if box is None:
            continue
        k = space - 1
        while k >= 0 and boxes[k] is None:
            k -= 1
        if k < 0:
            continue
        before = boxes[k]
        assert before is not None
        if box[0] - before[2] >= size and any(abs(box[0] - a) <= 1.5 for a in inside):
            cuts.append(i)


_MARKER_ONLY = re.compile(r"^\s*(?:[•\-–—*]|\(?\w{1,3}[.):]?)\s*$")


def _is_words(left: str) -> bool:
    """The part before a cut is text of its own, not a bullet or a number at a hanging
    indent ("•   Text", "1.   Text", "a)   Text")."""
    return len(left.strip()) >= 4 and _MARKER_ONLY.match(left) is None


def _split_line(line: Line, cut: int) -> list[Line]:
    parts = []
    for lo, hi in ((0, cut), (cut, len(line.text))):
        text = line.text[lo:hi]
        boxes = line.boxes[lo:hi]
        while text and boxes and boxes[-1] is None:  # the space before the cut
            text, boxes = text[:-1], boxes[:-1]
        real = [b for b in boxes if b is not None]
        parts.append(
            dataclasses.replace(
                line,
                text=text,
                boxes=boxes,
                x0=min(b[0] for b in real),
                top=min(b[1] for b in real),
                x1=max(b[2] for b in real),
                bottom=max(b[3] for b in real),
                soft_hyphen_end=line.soft_hyphen_end if hi == len(line.text) else False,
            )
        )
    return parts


_BY_BOTTOM = itemgetter(4)
_BY_X0 = itemgetter(1)
_SIZE, _FONT = itemgetter(5), itemgetter(6)


def char_size(visible: list[Char]) -> float:
    """The most common size (to 0.1 pt) of the visible characters; most lines are in one size,
    so that case is settled by one count of distinct sizes."""
    if not visible:
        return 10.0
    counts = Counter(map(_SIZE, visible))  # a few distinct sizes: round those, not each
    if len(counts) == 1:
        return round(visible[0][5], 1)
    rounded: dict[float, int] = {}  # in order of first occurrence, as Counter keeps them
    for size, n in counts.items():
        key = round(size, 1)
        rounded[key] = rounded.get(key, 0) + n
    return max(rounded, key=rounded.__getitem__)  # the first of equally common sizes


def _column_gap(size: float) -> tuple[float, float]:
    """(gap that always parts columns, narrower gap that parts them where the baseline steps)
    for a row of ``size``. A margin column ("Prop." beside a title) sits a point or two off
    the body's baseline, while a word gap in justified text never moves the baseline and a
    superscript has no gap."""
    return max(2.2 * size, 16.0), 0.8 * size


def _splits(visible: list[Char], size: float) -> bool:
    """Whether :func:`_split_columns` would part this row (its visible characters): most rows
    are one column, and this check is one comparison per character."""
    gap_limit, shifted_gap = _column_gap(size)
    for a, b in pairwise(visible):
        gap = b[1] - a[3]
        if gap > shifted_gap and (gap > gap_limit or abs(b[4] - a[4]) > 1.0):
            return True
    return False


def _split_columns(row: list[Char], size: float) -> list[list[Char]]:
    """Column segments of one row (``size``: its :func:`char_size`): split where the gap
    between visible characters is wider than a column gap. Segments with no visible character
    are dropped."""
    gap_limit, shifted_gap = _column_gap(size)
    segments: list[list[Char]] = []
    current: list[Char] = []
    seen = False  # the current segment has a visible character
    last_x1: float | None = None
    last_bottom = 0.0
    for ch in row:
        if not ch[0].strip():
            current.append(ch)
            continue
        if last_x1 is not None:
            gap = ch[1] - last_x1
            if gap > gap_limit or (gap > shifted_gap and abs(ch[4] - last_bottom) > 1.0):
                if seen:
                    segments.append(current)
                current = []
        current.append(ch)
        seen = True
        last_x1 = ch[3]
        last_bottom = ch[4]
    if seen:
        segments.append(current)
    return segments


# What a line is made of, before its page and row: (text, boxes, x0, top, x1, bottom, size,
# fonts, soft_hyphen_end), ``fonts`` the font of every visible character or, where they
# differ, how many visible characters each font has (in order of first occurrence).
LineParts = tuple[
    str, list[Box | None], float, float, float, float, float, str | dict[str, int], bool
]


def _make_line(
    chars: list[Char],
    page: int,
    row: int,
    size: float | None = None,
    visible: list[Char] | None = None,
) -> Line:
    """One column segment (with at least one visible character) → a :class:`Line`; ``size``
    (its :func:`char_size`) and ``visible`` (its non-blank characters) when the caller knows
    them already."""
    if visible is None:
        visible = _visible(chars)
    if size is None:
        size = char_size(visible)
    text, boxes = _line_text(chars, 0.2 * size)
    return _line(_line_parts(text, boxes, visible, bounds(visible, 1), size), page, row)


def _line_parts(
    text: str, boxes: list[Box | None], visible: list[Char], box: Box, size: float
) -> LineParts:
    """A segment's parts from its text and boxes (soft hyphens taken out), its visible
    characters (their fonts) and their union ``box``."""
    soft = text.endswith(SOFT_HYPHEN)
    if SOFT_HYPHEN in text:
        keep = [i for i, c in enumerate(text) if c != SOFT_HYPHEN]
        text = "".join(text[i] for i in keep)
        boxes = [boxes[i] for i in keep]
    first_font = visible[0][6]
    all_fonts = list(map(_FONT, visible))
    fonts: str | dict[str, int] = first_font
    if all_fonts.count(first_font) != len(all_fonts):
        fonts = dict(Counter(all_fonts))
    x0, top, x1, bottom = box
    return text, boxes, x0, top, x1, bottom, size, fonts, soft


def _line(parts: LineParts, page: int, row: int) -> Line:
    """The :class:`Line` of ``parts``: the font is the most common one (the first of equally
    common), bold where most visible characters are in a bold font."""
    text, boxes, x0, top, x1, bottom, size, fonts, soft = parts
    if isinstance(fonts, str):
        font, bold = _font_facts(fonts)
    else:
        font = font_family(max(fonts, key=fonts.__getitem__))  # as Counter.most_common(1)
        bold = sum(n for f, n in fonts.items() if _is_bold(f)) > sum(fonts.values()) / 2
    return Line(page, row, text, boxes, x0, top, x1, bottom, size, font, bold, "body", soft)


def _line_text(chars: list[Char], word_gap: float) -> tuple[str, list[Box | None]]:
    """A segment's text and one box per character of it. A space (box ``None``) goes where a
    blank character was or the gap to the furthest ``x1`` so far is wider than ``word_gap``;
    a character's text is mapped by :data:`NORMALIZED` (ligatures, bullets, hyphens), each
    character of the mapped text taking the glyph's box."""
    normalized = NORMALIZED
    text_parts: list[str] = []
    boxes: list[Box | None] = []
    add_text = text_parts.append
    add_box = boxes.append
    last_x1: float | None = None
    pending_space = False
    for text, x0, top, x1, bottom, _, _ in chars:
        if not text.strip():
            pending_space = last_x1 is not None
            continue
        if last_x1 is not None:
            if pending_space or x0 - last_x1 > word_gap:
                add_text(" ")
                add_box(None)
            if x1 > last_x1:
                last_x1 = x1
        else:
            last_x1 = x1
        pending_space = False
        box: Box = (x0, top, x1, bottom)
        if text in normalized:
            text = normalized[text]
        if len(text) == 1:
            add_text(text)
            add_box(box)
        else:
            for piece in text:
                add_text(piece)
                add_box(box)
    return "".join(text_parts), boxes


def bounds(items: list[Char] | list[Box | None], offset: int) -> Box:
    """The union box of ``items`` (None items skipped; at least one is not None): min of
    ``item[offset]`` and of ``item[offset + 1]``, max of the next two. ``offset`` 1 for
    characters, 0 for boxes: transposing with ``zip`` lets the builtins ``min`` and ``max``
    do the per-item work."""
    real = [item for item in items if item is not None] if None in items else items
    columns = list(zip(*real, strict=True))
    return (
        min(columns[offset]),
        min(columns[offset + 1]),
        max(columns[offset + 2]),
        max(columns[offset + 3]),
    )


def _same_x_pairs(chars: Sequence[Char]) -> tuple[int, int]:
    """(visible characters, neighbouring visible pairs whose ``x0`` differ by under 0.5)."""
    xs = [c[1] for c in chars if c[0].strip()]
    return len(xs), sum(1 for a, b in pairwise(xs) if -0.5 < a - b < 0.5)


def turn_upright(chars: Sequence[Char]) -> Sequence[Char]:
    """Characters of a page printed turned by 90° (text running down or up the displayed page)
    are turned back so that lines run left to right again. Detected from the glyph boxes: such
    text advances along ``top`` while ``x0`` stays put."""
    # Both counts below need neighbours with the same x0; upright text (nearly every page)
    # has few, and one cheap pass over the x coordinates settles it.
    shown, same_x = _same_x_pairs(chars)
    if shown < 8 or same_x < shown / 2:
        return chars
    visible = [c for c in chars if c[0].strip()]
    down = sum(
        1 for a, b in pairwise(visible) if abs(a[1] - b[1]) < 0.5 and 0 < b[2] - a[2] < 2 * a[5]
    )
    up = sum(
        1 for a, b in pairwise(visible) if abs(a[1] - b[1]) < 0.5 and 0 < a[2] - b[2] < 2 * a[5]
    )
    if max(down, up) < len(visible) / 2:
        return chars
    right = max(c[3] for c in chars)
    bottom = max(c[4] for c in chars)
    if down >= up:  # reads downwards: x ← top, y ← distance from the right edge
        return [
            RawChar(text, top, right - x1, bottom_, right - x0, size, font)
            for text, x0, top, x1, bottom_, size, font in chars
        ]
    return [
        RawChar(text, bottom - bottom_, x0, bottom - top, x1, size, font)
        for text, x0, top, x1, bottom_, size, font in chars
    ]
