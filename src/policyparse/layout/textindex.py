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

# round(x, 2) of the bbox coordinates, per process: a float's round with digits goes through
# its decimal string and cost more than building the evidence span; the same coordinates
# (a margin, a line's top and bottom) recur across a document's spans. Zero is not kept:
# 0.0 and -0.0 are one key but round to different floats. Cleared when full.
_ROUNDED: dict[float, float] = {}
_ROUNDED_MAX = 1 << 16


def _round2(x: float) -> float:
    """``round(x, 2)``, from :data:`_ROUNDED` when seen before."""
    got = _ROUNDED.get(x)
    if got is None:
        got = round(x, 2)
        if x:
            if len(_ROUNDED) >= _ROUNDED_MAX:
                _ROUNDED.clear()
            _ROUNDED[x] = got
    return got


_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp.", "som", "till", "men", "utan", "&"}


class TextIndex:
    """The joined text of ``lines`` and, per character, its box (None for characters the
    joining inserted), or its source offset for text inputs; per line, where it starts in
    the text and its page.

    Built per line with list operations rather than per character: the body index of every
    document is built once and its ``spans`` asked a few hundred times, both on the hot path;
    the extractors build an index of a line or two many times over.
    """

    __slots__ = (
        "_char_pages",
        "_one_page_only",
        "boxes",
        "line_pages",
        "line_starts",
        "lines",
        "offsets",
        "text",
    )

    def __init__(self, lines: Sequence[Line], block_starts: frozenset[int] = frozenset()):
        self.lines = list(lines)
        self._char_pages: list[int] | None = None
        if len(self.lines) == 1:
            self._init_line(self.lines[0])
            return
        parts: list[str] = []
        boxes: list[Box | None] = []
        # per character of ``text``: its offset in a text input's source; None for PDFs
        offsets: list[int | None] | None = [] if any(ln.offsets for ln in lines) else None
        prev: Line | None = None
        size = 0  # len("".join(parts))
        line_starts: list[int] = []
        line_pages: list[int] = []  # per line: its page (a line never spans two)
        for i, line in enumerate(lines):
            text = line.text
            n = len(text)
            if prev is not None:
                if i in block_starts:
                    joiner = "\n"
                elif prev.soft_hyphen_end:
                    joiner = ""
                elif parts[-1][-1:] != "-":
                    joiner = " "  # checked first: the hyphen rules all need a hyphen here
                else:
                    joiner = _joiner(prev, text, "-")
                if joiner == "drop-hyphen":
                    parts[-1] = parts[-1][:-1]
                    size -= 1
                    boxes.pop()
                    if offsets is not None:
                        offsets.pop()
                elif joiner:
                    parts.append(joiner)
                    size += 1
                    boxes.append(None)
                    if offsets is not None:
                        offsets.append(None)
            line_starts.append(size)
            line_pages.append(line.page)
            parts.append(text)
            size += n
            if line.offsets and offsets is not None:
                # a text input: its boxes are synthetic (for layout roles), never evidence
                if len(line.offsets) != n:
                    raise ValueError("a line needs one offset per character")
                boxes.extend([None] * n)
                offsets.extend(line.offsets)
            else:
                if len(line.boxes) != n:
                    raise ValueError("a line needs one box per character")
                boxes.extend(line.boxes)
                if offsets is not None:
                    offsets.extend([None] * n)
            prev = line
        self.text = "".join(parts)
        self.boxes = boxes
        self.offsets = offsets
        self.line_starts = line_starts
        self.line_pages = line_pages
        self._one_page_only = not line_pages or min(line_pages) == max(line_pages)

    def _init_line(self, line: Line) -> None:
        """The index of one line (what most extractors ask for): its own text and boxes,
        which the index never changes, so it shares them."""
        text = line.text
        n = len(text)
        self.text = text
        self.line_starts = [0]
        self.line_pages = [line.page]
        self._one_page_only = True
        if line.offsets:
            if len(line.offsets) != n:
                raise ValueError("a line needs one offset per character")
            self.boxes = [None] * n
            self.offsets = list(line.offsets)
        else:
            if len(line.boxes) != n:
                raise ValueError("a line needs one box per character")
            self.boxes = line.boxes
            self.offsets = None

    @property
    def pages(self) -> list[int]:
        """Per character of ``text``: its line's page (an inserted character: the page of the
        line before it; only characters with a box ask). Built on first use: only a range
        over several pages needs it."""
        if self._char_pages is None:
            pages: list[int] = []
            bounds_ = [*self.line_starts, len(self.text)]
            for k, page in enumerate(self.line_pages):
                pages.extend([page] * (bounds_[k + 1] - bounds_[k]))
            self._char_pages = pages
        return self._char_pages

    def spans(self, start: int, end: int) -> list[Span]:
        """Evidence for ``text[start:end]``: one span per page, bbox the union of char boxes;
        for text inputs one span with the source offsets of the first and last character."""
        if start < 0:
            start = 0
        if end > len(self.text):
            end = len(self.text)
        if start < end and (self._one_page_only or self._one_page(start, end)):
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
        if self._one_page_only:
            page = self.line_pages[0]
        else:
            page = self.line_pages[bisect_right(self.line_starts, i) - 1]
        return [
            Span(
                page=page,
                bbox=(_round2(x0), _round2(top), _round2(x1), _round2(bottom)),
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
                        _round2(min([b[0] for b in run])),
                        _round2(min([b[1] for b in run])),
                        _round2(max([b[2] for b in run])),
                        _round2(max([b[3] for b in run])),
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
            bbox=(_round2(b[0]), _round2(b[1]), _round2(b[2]), _round2(b[3])),
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
