"""Text of a run of lines, with a map back to character boxes.

Every extractor works on plain strings; :class:`TextIndex` turns any character range of such a
string back into evidence spans (page, bbox, text). Line ends are joined the Swedish way: a
line-end hyphen inside a word is removed ("screening-/området" → "screeningområdet"), but a
suspended hyphen before a conjunction is kept ("hälso- och sjukvård"), and so is the hyphen
after a capital or digit ("EU-/kommissionen" → "EU-kommissionen").

Lines of text inputs carry character offsets into the decoded source instead of page boxes
(:attr:`Line.offsets`); their evidence is a span with ``page``/``bbox`` ``None`` and
``char_start``/``char_end``, exact for a range within one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from policyparse.layout.model import Box, Line
from policyparse.record import Span

_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "men", "utan", "&"}


class TextIndex:
    __slots__ = ("boxes", "line_starts", "lines", "offsets", "text")

    def __init__(self, lines: Sequence[Line], block_starts: frozenset[int] = frozenset()):
        parts: list[str] = []
        boxes: list[tuple[int, Box] | None] = []
        # per character of ``text``: its offset in a text input's source; None for PDFs
        offsets: list[int | None] | None = [] if any(ln.offsets for ln in lines) else None
        prev: Line | None = None
        self.line_starts: list[int] = []
        for i, line in enumerate(lines):
            text = line.text
            if prev is not None and i in block_starts:
                parts.append("\n")
                boxes.append(None)
                if offsets is not None:
                    offsets.append(None)
            elif prev is not None:
                joiner = _joiner(prev, text, parts)
                if joiner == "drop-hyphen":
                    parts.pop()
                    boxes.pop()
                    if offsets is not None:
                        offsets.pop()
                elif joiner:
                    parts.append(joiner)
                    boxes.append(None)
                    if offsets is not None:
                        offsets.append(None)
            self.line_starts.append(len(parts))
            if line.offsets and offsets is not None:
                # a text input: its boxes are synthetic (for layout roles), never evidence
                for ch, off in zip(text, line.offsets, strict=True):
                    parts.append(ch)
                    boxes.append(None)
                    offsets.append(off)
            else:
                for ch, box in zip(text, line.boxes, strict=True):
                    parts.append(ch)
                    boxes.append((line.page, box) if box is not None else None)
                if offsets is not None:
                    offsets.extend([None] * len(text))
            prev = line
        self.text = "".join(parts)
        self.boxes = boxes
        self.offsets = offsets
        self.lines = list(lines)

    def spans(self, start: int, end: int) -> list[Span]:
        """Evidence for ``text[start:end]``: one span per page, bbox the union of char boxes;
        for text inputs one span with the source offsets of the first and last character."""
        start = max(0, start)
        end = min(len(self.text), end)
        by_page: dict[int, list[float]] = {}
        order: list[int] = []
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for i in range(start, end):
            entry = self.boxes[i]
            if entry is None:
                continue
            page, (x0, top, x1, bottom) = entry
            acc = by_page.get(page)
            if acc is None:
                by_page[page] = [x0, top, x1, bottom]
                order.append(page)
                first[page] = i
            else:
                acc[0] = min(acc[0], x0)
                acc[1] = min(acc[1], top)
                acc[2] = max(acc[2], x1)
                acc[3] = max(acc[3], bottom)
            last[page] = i
        spans = [
            Span(
                page=page,
                bbox=(
                    round(by_page[page][0], 2),
                    round(by_page[page][1], 2),
                    round(by_page[page][2], 2),
                    round(by_page[page][3], 2),
                ),
                text=self.text[first[page] : last[page] + 1],
            )
            for page in order
        ]
        if self.offsets is not None:
            spans.extend(_offset_spans(self.text, self.offsets, start, end))
        return spans


def _offset_spans(text: str, offsets: list[int | None], start: int, end: int) -> list[Span]:
    """One span from the first to the last source offset in ``text[start:end]``."""
    first = last = -1
    lo = hi = 0
    for i in range(start, end):
        off = offsets[i]
        if off is None:
            continue
        if first < 0:
            first, lo, hi = i, off, off
        else:
            lo, hi = min(lo, off), max(hi, off)
        last = i
    if first < 0:
        return []
    return [Span(char_start=lo, char_end=hi + 1, text=text[first : last + 1])]


def _joiner(prev: Line, next_text: str, parts: list[str]) -> str:
    if prev.soft_hyphen_end:
        return ""
    ptext = prev.text.rstrip()
    if (
        ptext.endswith("-")
        and len(ptext) >= 2
        and ptext[-2].isdigit()
        and parts
        and parts[-1] == "-"
    ):
        return ""  # "1960-/talet", "2024-/2026": the hyphen stays, no space
    if (
        ptext.endswith("-")
        and len(ptext) >= 2
        and ptext[-2].isalpha()
        and parts
        and parts[-1] == "-"
    ):
        next_word = next_text.split(" ", 1)[0].lower().strip(",.")
        if next_word in _CONJUNCTIONS or ptext.endswith(" -"):
            return " "
        if ptext[-2].isupper() or not next_text[:1].islower():
            return ""
        return "drop-hyphen"
    return " "


def join_lines(lines: Iterable[Line]) -> str:
    return TextIndex(list(lines)).text
