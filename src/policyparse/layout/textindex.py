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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from policyparse.layout.lines import bounds
from policyparse.layout.model import Box, Line
from policyparse.record import Span

_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "men", "utan", "&"}


class TextIndex:
    """The joined text of ``lines`` and, per character, its box and page (None/0 for
    characters the joining inserted), or its source offset for text inputs.

    Built per line with list operations rather than per character: the body index of every
    document is built once and its ``spans`` asked a few hundred times, both on the hot path.
    """

    __slots__ = ("boxes", "line_pages", "line_starts", "lines", "offsets", "pages", "text")

    def __init__(self, lines: Sequence[Line], block_starts: frozenset[int] = frozenset()):
        parts: list[str] = []
        boxes: list[Box | None] = []
        pages: list[int] = []
        # per character of ``text``: its offset in a text input's source; None for PDFs
        offsets: list[int | None] | None = [] if any(ln.offsets for ln in lines) else None
        prev: Line | None = None
        size = 0  # len("".join(parts))
        self.line_starts: list[int] = []
        line_pages: list[int] = []  # per line: its page (a line never spans two)
        for i, line in enumerate(lines):
            text = line.text
            if prev is not None:
                joiner = "\n" if i in block_starts else _joiner(prev, text, parts[-1][-1:])
                if joiner == "drop-hyphen":
                    parts[-1] = parts[-1][:-1]
                    size -= 1
                    boxes.pop()
                    pages.pop()
                    if offsets is not None:
                        offsets.pop()
                elif joiner:
                    parts.append(joiner)
                    size += 1
                    boxes.append(None)
                    pages.append(0)
                    if offsets is not None:
                        offsets.append(None)
            self.line_starts.append(size)
            line_pages.append(line.page)
            parts.append(text)
            size += len(text)
            pages.extend([line.page] * len(text))
            if line.offsets and offsets is not None:
                # a text input: its boxes are synthetic (for layout roles), never evidence
                if len(line.offsets) != len(text):
                    raise ValueError("a line needs one offset per character")
                boxes.extend([None] * len(text))
                offsets.extend(line.offsets)
            else:
                if len(line.boxes) != len(text):
                    raise ValueError("a line needs one box per character")
                boxes.extend(line.boxes)
                if offsets is not None:
                    offsets.extend([None] * len(text))
            prev = line
        self.text = "".join(parts)
        self.boxes = boxes
        self.pages = pages
        self.offsets = offsets
        self.lines = list(lines)
        self.line_pages = line_pages

    def spans(self, start: int, end: int) -> list[Span]:
        """Evidence for ``text[start:end]``: one span per page, bbox the union of char boxes;
        for text inputs one span with the source offsets of the first and last character."""
        start = max(0, start)
        end = min(len(self.text), end)
        if self._one_page(start, end):
            spans = self._page_span(start, end)
        else:
            spans = self._page_runs(start, end)
        if self.offsets is not None:
            spans.extend(_offset_spans(self.text, self.offsets, start, end))
        return spans

    def _one_page(self, start: int, end: int) -> bool:
        """Whether every line that ``text[start:end]`` touches is on one page (the usual case:
        a sentence, a name), so that its characters with boxes are one run."""
        if start >= end:
            return False
        first = bisect_right(self.line_starts, start) - 1
        last = bisect_left(self.line_starts, end)
        pages = self.line_pages[max(0, first) : last]
        return bool(pages) and min(pages) == max(pages)

    def _page_span(self, start: int, end: int) -> list[Span]:
        """:meth:`_page_runs` for a range on one page, without a step per character: the run
        is from the first to the last character with a box, its bbox the union of theirs."""
        boxes = self.boxes
        i = start
        while i < end and boxes[i] is None:
            i += 1
        if i == end:
            return []
        last = end - 1
        while boxes[last] is None:
            last -= 1
        x0, top, x1, bottom = bounds(boxes[i : last + 1], 0)
        return [
            Span(
                page=self.pages[i],
                bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
                text=self.text[i : last + 1],
            )
        ]

    def _page_runs(self, start: int, end: int) -> list[Span]:
        """One span per run of characters on one page, merged per page."""
        spans: list[Span] = []
        boxes = self.boxes
        pages = self.pages
        i = start
        while i < end:  # one run of characters per page, in text order
            if boxes[i] is None:
                i += 1
                continue
            page = pages[i]
            j = i
            last = i
            while j < end and (boxes[j] is None or pages[j] == page):
                if boxes[j] is not None:
                    last = j
                j += 1
            run = [b for b in boxes[i : last + 1] if b is not None]
            spans.append(
                Span(
                    page=page,
                    bbox=(
                        round(min([b[0] for b in run]), 2),
                        round(min([b[1] for b in run]), 2),
                        round(max([b[2] for b in run]), 2),
                        round(max([b[3] for b in run]), 2),
                    ),
                    text=self.text[i : last + 1],
                )
            )
            i = j
        if len(spans) > 1:
            spans = _merge_pages(spans, self.text, boxes, pages, start, end)
        return spans


def _merge_pages(
    spans: list[Span],
    text: str,
    boxes: list[Box | None],
    pages: list[int],
    start: int,
    end: int,
) -> list[Span]:
    """Runs on the same page that other pages' runs interrupt (a running header between two
    halves): one span per page, first-seen order, as evidence promises."""
    if len({s.page for s in spans}) == len(spans):
        return spans
    acc: dict[int, list[float]] = {}
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i in range(start, end):
        box = boxes[i]
        if box is None:
            continue
        page = pages[i]
        got = acc.get(page)
        if got is None:
            acc[page] = list(box)
            first[page] = i
        else:
            got[0] = min(got[0], box[0])
            got[1] = min(got[1], box[1])
            got[2] = max(got[2], box[2])
            got[3] = max(got[3], box[3])
        last[page] = i
    return [
        Span(
            page=page,
            bbox=(round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2)),
            text=text[first[page] : last[page] + 1],
        )
        for page, b in acc.items()
    ]


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


def _joiner(prev: Line, next_text: str, last_char: str) -> str:
    if prev.soft_hyphen_end:
        return ""
    ptext = prev.text.rstrip()
    if ptext.endswith("-") and len(ptext) >= 2 and ptext[-2].isdigit() and last_char == "-":
        return ""  # "1960-/talet", "2024-/2026": the hyphen stays, no space
    if ptext.endswith("-") and len(ptext) >= 2 and ptext[-2].isalpha() and last_char == "-":
        next_word = next_text.split(" ", 1)[0].lower().strip(",.")
        if next_word in _CONJUNCTIONS or ptext.endswith(" -"):
            return " "
        if ptext[-2].isupper() or not next_text[:1].islower():
            return ""
        return "drop-hyphen"
    return " "


def join_lines(lines: Iterable[Line]) -> str:
    return TextIndex(list(lines)).text
