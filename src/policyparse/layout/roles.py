"""Lines → roles: page furniture, header block, title, headings, paragraphs, list items.

The cues are typographic and positional, not template strings: furniture is small type at the
page edges or text repeated at the same place on several pages; the title is the largest type on
page 1 that is not a one-word document label; a heading is short, larger, bolder or in another
font than the body; a list item starts with a bullet glyph or an enumerator.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from policyparse.language.labels import labels
from policyparse.layout.model import Block, Layout, Line, PageLayout
from policyparse.layout.tables import TableRow, find_tables

# One-word document labels printed big at the top ("Kommittédirektiv"), never a title.
# A sender's name printed as large as the title (a ministry letterhead) is not the title.
ISSUER_NAME = re.compile(r"^\S*departementet$|^statsrådsberedningen$|^regeringskansliet$", re.I)
# "2008/09:159" printed large under "Regeringens proposition": a number, not a title.
SERIES_NUMBER = re.compile(
    r"^(?:prop\.|dir\.|sou|ds)?\s*(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?:\d+$", re.I
)
ABBREVIATION_END = re.compile(r"\b(?:m\.m|m\.fl|bl\.a|t\.ex|s\.k|resp|dnr|nr|prop|dir)\.$", re.I)
DNR_MENTION = re.compile(r"\b(?:dnr|diarienummer)\b", re.I)
BULLET = re.compile(r"^(•|-|–|—|\*|o|»|>|✓|➢)\s+")
ENUM = re.compile(r"^(\(?\d{1,2}[.)]|\(?[a-zåäö][.)])\s+")
PAGE_NUMBER = re.compile(r"^(sid(an)?\s*)?\d{1,4}\s*(\(\d{1,4}\)|av\s+\d{1,4}|/\s*\d{1,4})?$", re.I)
_DIGITS = re.compile(r"\d+")
# Closing formulas that stand on a line of their own before the signers.
FORMULA_LINE = re.compile(
    r"^(på\s+regeringens\s+vägnar|enligt\s+uppdrag|på\s+\w+\s+vägnar|med\s+vänlig\s+hälsning)$",
    re.IGNORECASE,
)


def assign_roles(pages: list[PageLayout]) -> Layout:
    layout = Layout(pages=pages)
    lines = layout.lines
    if not lines:
        return layout
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
        fonts[line.font] += len(line.text)
    layout.body_size = float(sizes.most_common(1)[0][0])
    layout.body_font = fonts.most_common(1)[0][0]
    _mark_furniture(layout)
    _find_header_and_title(layout)
    layout.blocks = _build_blocks(layout)
    return layout


def _mark_furniture(layout: Layout) -> None:
    pages = layout.pages
    # text repeated on most pages: counted only where there are pages to repeat on (most
    # documents are one page), per page, per line: its text with digits masked (page
    # numbers, dates vary)
    repeated: Counter[str] = Counter()
    keys: list[list[str]] | None = None
    if len(pages) > 1:
        keys = [[_DIGITS.sub("#", ln.text.strip().lower()) for ln in page.lines] for page in pages]
        for page_keys in keys:
            repeated.update(set(page_keys))
    least = max(2, len(pages) // 2 + 1)
    small_below = layout.body_size - 1.2
    for p, page in enumerate(pages):
        bottom_from = page.height * 0.88
        top_to = page.height * 0.08
        for k, line in enumerate(page.lines):
            at_bottom = line.top > bottom_from
            at_top = line.bottom < top_to
            small = line.size < small_below
            if not (at_top or at_bottom or small):
                continue  # checked first: no rule takes a line in the body of the page
            if (
                (at_bottom and (small or PAGE_NUMBER.match(line.text.strip())))
                or ((at_top or at_bottom) and PAGE_NUMBER.match(line.text.strip()))
                or (page.number > 1 and keys is not None and repeated[keys[p][k]] >= least)
                or (at_bottom and small)
            ):
                line.role = "furniture"
                layout.furniture.append(line)


def _find_header_and_title(layout: Layout) -> None:
    first = [line for line in layout.pages[0].lines if line.role != "furniture"]
    if not first:
        return
    label_line = labels().line
    top_part = layout.pages[0].height * 0.55
    # the cheap conditions first: most lines are body text, not big enough for a title
    candidates = [
        line
        for line in first
        if line.size > layout.body_size + 0.4
        and line.top < top_part
        and len(line.text.strip()) > 3
        and not label_line.match(line.text.strip())
        and not ISSUER_NAME.search(line.text.strip())
        and not SERIES_NUMBER.match(line.text.strip())
        and not DNR_MENTION.search(line.text)
    ]
    if not candidates:
        _header_without_title(layout, first)
        return
    biggest = max(round(line.size, 0) for line in candidates)
    start = next(line for line in candidates if round(line.size, 0) == biggest)
    if len(start.text.split()) <= 2 and not any(ch.isdigit() for ch in start.text):
        # a one- or two-word letterhead in the largest type ("Statskontoret") is the sender;
        # the title is the largest phrase-length line below it
        phrases = [ln for ln in candidates if len(ln.text.split()) >= 3 and ln.top > start.top]
        if phrases:
            size = max(round(ln.size, 0) for ln in phrases)
            start = next(ln for ln in phrases if round(ln.size, 0) == size)
    title = [start]
    ordered = sorted(first, key=lambda ln: (ln.top, ln.x0))
    # by identity: list.index compares lines field by field (dataclass equality) until it
    # reaches start; an equal line before it would have been taken as start
    idx = next(k for k, ln in enumerate(ordered) if ln is start)
    for line in ordered[idx + 1 :]:
        prev = title[-1]
        if line.row == prev.row or line.x0 > start.x0 + start.size * 4:
            continue  # the other column beside the title ("Dir." / "2024:1")
        if prev.text.rstrip().endswith(".") and not ABBREVIATION_END.search(prev.text):
            break  # a title is one phrase; after its full stop comes a new line of its own
        if (
            abs(line.size - start.size) < 0.6
            and line.font == start.font
            and line.top - prev.bottom < start.size * 1.2
            and abs(line.x0 - start.x0) < start.size * 4
        ):
            title.append(line)
        else:
            break
    for line in title:
        line.role = "title"
    layout.title = title
    title_top = start.top
    title_bottom = title[-1].bottom
    title_right = max(line.x1 for line in title)
    layout.header = [
        line
        for line in first
        if line.role == "body"
        and (
            line.bottom <= title_top + 1
            # the right-hand column beside the title ("Dir." / "2024:1")
            or (line.top <= title_bottom + 3 * layout.body_size and line.x0 >= title_right - 2)
        )
    ]
    for line in layout.header:
        line.role = "header"


def _header_without_title(layout: Layout, first: list[Line]) -> None:
    """No line is set larger than the body (a court ruling): when the top of the page is a
    grid of fields side by side, the header is what stands above the first heading or
    paragraph-length line, within the top third of the page, so the header fields (date,
    numbers, sender) are still read as such."""
    limit = layout.pages[0].height / 3
    ordered = sorted(first, key=lambda ln: (ln.top, ln.x0))
    stop = next(
        (
            ln.top
            for ln in ordered
            if not labels().line.match(ln.text.strip())
            and (len(ln.text) > 60 or (_is_heading(ln, layout) and len(ln.text.split()) > 1))
        ),
        limit,
    )
    header = [ln for ln in ordered if ln.bottom <= min(stop, limit) + 1]
    rows = [(ln.page, ln.row) for ln in header]
    # a letterhead grid: fields side by side on one row ("SVEA HOVRÄTT | DOM | Mål nr"); a
    # page of plain lines (a letter, a text input) has no header to take from the body
    grid = len(set(rows)) < len(rows)
    if len(header) >= 2 and grid and not any(ln.offsets for ln in header):
        for line in header:
            line.role = "header"
        layout.header = header


def _is_heading(line: Line, layout: Layout) -> bool:
    text = line.text.strip()
    if len(text) > 90 or text.endswith((".", ",", ";")) or BULLET.match(text):
        return False
    bigger = line.size > layout.body_size + 0.4
    styled = line.bold or (
        line.font != layout.body_font
        and not line.font.lower().startswith(("symbol", "opensymbol", "wingdings"))
    )
    return bigger or styled


def _build_blocks(layout: Layout) -> list[Block]:
    body = [
        line
        for page in layout.pages
        for line in sorted(page.lines, key=lambda ln: (ln.top, ln.x0))
        if line.role == "body"
    ]
    blocks: list[Block] = []
    leading = _typical_leading(body)
    # a printed table row is one block, whatever its cells would look like as prose
    table_rows: dict[int, TableRow] = {
        id(cell): row for table in find_tables(body, leading) for row in table for cell in row.cells
    }
    emitted: set[int] = set()
    for line in body:
        row = table_rows.get(id(line))
        if row is not None:
            if id(row) not in emitted:
                emitted.add(id(row))
                role = "table_header" if row.header else "table_row"
                blocks.append(Block(role=role, lines=list(row.cells)))
            continue
        text = line.text.strip()
        marker = None
        m = BULLET.match(text) or ENUM.match(text)
        if m:
            marker = m.group(1)
        heading = _is_heading(line, layout)
        prev_block = blocks[-1] if blocks else None
        if FORMULA_LINE.match(text) or (
            prev_block is not None and FORMULA_LINE.match(prev_block.lines[-1].text.strip())
        ):
            blocks.append(Block(role="paragraph", lines=[line], marker=marker))
            continue
        prev = prev_block.lines[-1] if prev_block else None
        if (
            prev_block is not None
            and prev is not None
            and marker is None
            and not heading
            and _continues(prev_block, prev, line, leading, layout)
        ):
            prev_block.lines.append(line)
            continue
        if (
            heading
            and prev_block is not None
            and prev_block.role == "heading"
            and prev is not None
            and line.page == prev.page
            and line.top - prev.bottom < line.size * 0.8
            and abs(line.size - prev.size) < 0.5
        ):
            prev_block.lines.append(line)
            continue
        role = "heading" if heading else ("list_item" if marker else "paragraph")
        blocks.append(Block(role=role, lines=[line], marker=marker))
    return blocks


def _typical_leading(lines: list[Line]) -> float:
    diffs: Counter[float] = Counter()
    for a, b in itertools.pairwise(lines):
        if a.page == b.page and b.top > a.top:
            diffs[round(b.top - a.top)] += 1
    return float(diffs.most_common(1)[0][0]) if diffs else 14.0


def _hanging_indent(block: Block) -> float | None:
    """x of the text after the bullet (where wrapped lines of the item start), if known."""
    if len(block.lines) > 1:
        return block.lines[1].x0
    first = block.lines[0]
    m = BULLET.match(first.text) or ENUM.match(first.text)
    if not m:
        return None
    idx = m.end()
    while idx < len(first.boxes) and first.boxes[idx] is None:
        idx += 1
    box = first.boxes[idx] if idx < len(first.boxes) else None
    return box[0] if box is not None else None


def _continues(block: Block, prev: Line, line: Line, leading: float, layout: Layout) -> bool:
    if block.role == "heading":
        return False
    if line.row == prev.row and line.page == prev.page:
        return False  # another column of the same printed line
    if abs(line.size - prev.size) > 1.0:
        return False
    if line.page != prev.page:
        # A paragraph running over a page break: previous line unfinished, this one lower-case.
        return not prev.text.rstrip().endswith((".", ":", "!", "?")) and line.text[:1].islower()
    step = line.top - prev.top
    if step <= 0 or step > leading * 1.45:
        return False
    if block.role == "list_item":
        # continuation lines hang at or right of the bullet, a new paragraph returns left of it
        ended = prev.text.rstrip().endswith((".", ";", ":"))
        hang = _hanging_indent(block)
        if hang is not None and abs(line.x0 - hang) < 3:
            return True
        if line.x0 > block.lines[0].x0 + 2:
            # indented but not at the hanging indent: after a full stop it is a new paragraph
            return not ended
        return not ended and step <= leading * 1.2
    # a first-line indent starts a new paragraph
    left = min(ln.x0 for ln in block.lines)
    return not (line.x0 > left + 6 and line.x0 - prev.x0 > 6)
