"""Layout data: the tokens every later stage reads.

A :class:`Line` is one column segment of a printed line: characters on one baseline with no
large horizontal gap. Two signers side by side, or the sender beside the header block, are
two lines with the same ``row``. Each line keeps the box of every character of its text so an
extractor can turn any character range into evidence (:mod:`policyparse.layout.textindex`).

Text inputs (HTML, Markdown, plain text) have no page geometry: their lines carry synthetic
boxes (for the role heuristics only) and, in ``offsets``, each character's offset in the decoded
text, which evidence then reports instead of a page box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[float, float, float, float]


@dataclass(slots=True)
class Line:
    page: int  # 1-based
    row: int  # lines on one baseline of a page share a row number
    text: str
    boxes: list[Box | None]  # one per character of ``text``; None for inserted spaces
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    font: str
    bold: bool
    role: str = "body"  # body | furniture
    soft_hyphen_end: bool = False
    # Text inputs only: per character of ``text``, its offset in the decoded source text (None for
    # inserted characters). Empty for PDF lines. When set, evidence uses these, not ``boxes``.
    offsets: list[int | None] = field(default_factory=list)


@dataclass(slots=True)
class Block:
    """A run of lines with one role: title, heading, paragraph, list_item, header, furniture."""

    role: str
    lines: list[Line]
    marker: str | None = None  # the bullet or enumerator of a list item, stripped from text

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)


@dataclass(slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    ocr: bool = False
    ocr_confidence: float | None = None


@dataclass(slots=True)
class Layout:
    pages: list[PageLayout]
    body_size: float = 11.0
    body_font: str = ""
    header: list[Line] = field(default_factory=list)  # page-1 lines above the title
    title: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # body blocks in reading order
    furniture: list[Line] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]
