"""Text of a run of lines, with a map back to character boxes.

Every extractor works on plain strings; :class:`TextIndex` turns any character range of such a
string back into evidence spans (page, bbox, text). Line ends are joined the Swedish way: a
line-end hyphen inside a word is removed ("screening-/området" → "screeningområdet"), but a
suspended hyphen before a conjunction is kept ("hälso- och sjukvård"), and so is the hyphen
after a capital or digit ("EU-/kommissionen" → "EU-kommissionen").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from policyparse.layout.model import Box, Line
from policyparse.record import Span

_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "men", "utan", "&"}


class TextIndex:
    __slots__ = ("boxes", "line_starts", "lines", "text")

    def __init__(self, lines: Sequence[Line], block_starts: frozenset[int] = frozenset()):
        parts: list[str] = []
        boxes: list[tuple[int, Box] | None] = []
        prev: Line | None = None
        self.line_starts: list[int] = []
        for i, line in enumerate(lines):
            text = line.text
            if prev is not None and i in block_starts:
                parts.append("\n")
                boxes.append(None)
            elif prev is not None:
                joiner = _joiner(prev, text, parts)
                if joiner == "drop-hyphen":
                    parts.pop()
                    boxes.pop()
                elif joiner:
                    parts.append(joiner)
                    boxes.append(None)
            self.line_starts.append(len(parts))
            for ch, box in zip(text, line.boxes, strict=True):
                parts.append(ch)
                boxes.append((line.page, box) if box is not None else None)
            prev = line
        self.text = "".join(parts)
        self.boxes = boxes
        self.lines = list(lines)

    def spans(self, start: int, end: int) -> list[Span]:
        """Evidence for ``text[start:end]``: one span per page, bbox the union of char boxes."""
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
        return [
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
