"""Text inputs (HTML, Markdown, plain text) → one synthetic page of lines.

Web pages and text files have no page geometry, but the rest of the cascade reads typography:
:func:`~policyparse.layout.roles.assign_roles` finds the title as the largest type, headings as
larger or bold short lines, list items by their bullet. So each reader here finds the document's
structure (``<h1>``/``#``/a short first line, headings, paragraphs, list items, table rows) and
:func:`_page` sets it as a PDF would print it: body 11 pt, headings 12.5–15 pt bold, the title
18 pt bold, list items starting with "• ", lines of one block a leading apart and blocks further
apart. A block's first line shares its ``row`` with the line before it, so that the roles stage
never runs two blocks together, whatever the typical leading of the page.

Evidence: every :class:`Line` carries, in ``offsets``, the offset of each character in the decoded
text (:func:`decode_text`: UTF-8 with or without BOM, else Windows-1252/Latin-1; NULs removed,
newlines normalised to ``\\n``), ``None`` for characters the reader inserted (a bullet, a tab
between table cells, a space for a collapsed run of white space). The page is numbered 1 with
width and height 0. Line coordinates are synthetic and never reach the record; they are negative,
so that every title candidate lies in the "upper half" of a page of height 0 and no line lies in
its bottom band. (Every line is then in the top band, so a line that is only a page number, "12"
or "Sida 2 av 5", becomes furniture: right for text converted from PDFs.)

Plain text has no markup, so: paragraphs are separated by blank lines; a line starting with a
bullet ("•", "-", "–", "*") or an enumerator ("1.", "2)") starts a list item and the lines after it
continue the item; a short first paragraph without closing punctuation is the title; a short
capitalised line standing alone before prose, or printed right above a full line of prose, is
a heading (set in bold body type, so that it can never be taken for the title); a paragraph that
starts in lower case after one that does not end a sentence continues it (a stray blank line in
text converted from a PDF).

No network access: HTML is parsed with the standard library's :mod:`html.parser`; nothing is
fetched, no script runs; ``script``, ``style``, ``nav``, ``aside``, forms and the page's own
``header``/``footer`` (those outside ``article``/``main``) are dropped.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

from policyparse.errors import UnsupportedInputError
from policyparse.layout.model import Box, Line, PageLayout
from policyparse.layout.roles import BULLET, ENUM, FORMULA_LINE
from policyparse.source import Source
from policyparse.text import BULLET_GLYPHS, HYPHENS, LIGATURES, SOFT_HYPHEN, normalize_char

BODY_SIZE = 11.0
TITLE_SIZE = 18.0
# by level; level 0 is a heading guessed in plain text: bold body type, so that it is never
# taken for the title
HEADING_SIZES = {0: BODY_SIZE, 1: 15.0, 2: 15.0, 3: 13.5, 4: 12.5, 5: 12.5, 6: 12.5}
FONT = "TextInput"
LEFT = 72.0
LINE_GAP = 3.0  # white space between two lines of one block (leading = size + LINE_GAP)
BLOCK_GAP = 16.0  # extra white space between blocks
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", SOFT_HYPHEN}

# characters that normalize_char changes or that are dropped
_SPECIAL = re.compile(
    "["
    + re.escape(
        "".join(
            sorted(
                _DROP
                | {c for c in BULLET_GLYPHS | set(HYPHENS) | set(LIGATURES) if len(c) == 1}
                | {"\u00a0"}
            )
        )
    )
    + "]"
)

BlockKind = Literal["title", "heading", "paragraph", "list_item"]


# --- decoding ---------------------------------------------------------------------------------

_SURROGATE = re.compile("[\udc80-\udcff]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _plausible(sequence: bytes) -> bool:
    """A UTF-8 sequence that Swedish text would hold: Latin letters or general punctuation.
    In Windows-1252 text, a capital letter and a dash ("Ö–") also form a UTF-8 sequence, but
    of an Armenian or Hebrew letter."""
    ch = sequence.decode("utf-8", errors="replace")
    return "\u00a0" <= ch <= "\u024f" or "\u2000" <= ch <= "\u20cf"


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 as a whole still hold UTF-8 text: most of their
    UTF-8 sequences are letters or punctuation."""
    sequences = _UTF8_SEQUENCE.findall(data)
    plausible = sum(map(_plausible, sequences))
    return plausible > 0 and plausible * 2 > len(sequences)


def _legacy(data: bytes) -> str:
    """Windows-1252, with the five bytes it leaves undefined read as Latin-1."""
    text = data.decode("cp1252", errors="surrogateescape")
    return _SURROGATE.sub(lambda m: chr(ord(m.group()) - 0xDC00), text)


def _legacy_fallback(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: bytes that are not UTF-8 are read as Windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return _legacy(exc.object[exc.start : exc.end]), exc.end


codecs.register_error("policyparse-cp1252", _legacy_fallback)


def decode_text(data: bytes) -> str:
    """The text that evidence offsets of a text input index.

    UTF-8 (a leading BOM is dropped); if the bytes are not valid UTF-8, Windows-1252, with the
    five bytes it leaves undefined read as Latin-1 — unless the bytes hold UTF-8 sequences of
    letters (a UTF-8 file with a Latin-1 paragraph pasted in): then each UTF-8 sequence is read
    as UTF-8 and only the stray bytes as Windows-1252, so neither part becomes mojibake. NUL
    characters are removed and ``\r\n`` and ``\r`` become ``\n``.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if _mostly_utf8(data):
            body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
            text = body.decode("utf-8", errors="policyparse-cp1252")
        else:
            text = _legacy(data)
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


# --- runs of characters with source offsets ---------------------------------------------------


@dataclass(slots=True)
class _Run:
    """The characters of one output line, each with its offset in the decoded text or None."""

    chars: list[str] = field(default_factory=list)
    offs: list[int | None] = field(default_factory=list)

    def add(self, ch: str, off: int | None) -> None:
        if ch in _DROP:
            return
        for piece in normalize_char(ch):  # a ligature becomes two letters at one offset
            self.chars.append(piece)
            self.offs.append(off)

    def add_source(self, text: str, start: int) -> None:
        if _SPECIAL.search(text) is None:  # the common case: every character as it is
            self.chars.extend(text)
            self.offs.extend(range(start, start + len(text)))
            return
        for i, ch in enumerate(text):
            self.add(ch, start + i)

    def add_synthetic(self, text: str) -> None:
        for ch in text:
            self.chars.append(ch)
            self.offs.append(None)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def strip(self) -> _Run:
        lo, hi = 0, len(self.chars)
        while lo < hi and self.chars[lo].isspace():
            lo += 1
        while hi > lo and self.chars[hi - 1].isspace():
            hi -= 1
        return _Run(self.chars[lo:hi], self.offs[lo:hi])

    def slice(self, start: int, end: int | None = None) -> _Run:
        return _Run(self.chars[start:end], self.offs[start:end])

    def __bool__(self) -> bool:
        return bool(self.chars)


def _source_run(text: str, start: int) -> _Run:
    run = _Run()
    run.add_source(text, start)
    return run


def _keep(run: _Run, pattern: re.Pattern[str], groups: tuple[int, ...]) -> _Run:
    """Replace each match of ``pattern`` by its first participating group of ``groups`` (or by
    nothing); characters keep their offsets."""
    text = run.text
    out = _Run()
    pos = 0
    for m in pattern.finditer(text):
        out.chars.extend(run.chars[pos : m.start()])
        out.offs.extend(run.offs[pos : m.start()])
        for g in groups:
            if m.group(g) is not None:
                out.chars.extend(run.chars[m.start(g) : m.end(g)])
                out.offs.extend(run.offs[m.start(g) : m.end(g)])
                break
        pos = m.end()
    out.chars.extend(run.chars[pos:])
    out.offs.extend(run.offs[pos:])
    return out


# --- blocks and the synthetic page ------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    kind: BlockKind
    runs: list[_Run] = field(default_factory=list)
    level: int = 0  # heading level 1-6 (0: a heading guessed in plain text)


def _typography(block: _Block) -> tuple[float, bool]:
    if block.kind == "title":
        return TITLE_SIZE, True
    if block.kind == "heading":
        return HEADING_SIZES.get(block.level, HEADING_SIZES[6]), True
    return BODY_SIZE, False


def _page(blocks: Iterable[_Block]) -> PageLayout:
    """Set the blocks on one synthetic page (see the module docstring)."""
    placed: list[tuple[_Run, float, bool, float, float, int]] = []  # run, size, bold, x0, top, row
    y = 0.0
    row = 0
    last_size = 0.0
    for block in blocks:
        runs = [r for r in (run.strip() for run in block.runs) if r]
        if not runs:
            continue
        size, bold = _typography(block)
        if placed:
            y += last_size + LINE_GAP + BLOCK_GAP
        hang = LEFT
        for k, run in enumerate(runs):
            if k == 0:
                m = BULLET.match(run.text) or ENUM.match(run.text)
                if m and block.kind == "list_item":
                    hang = LEFT + m.end() * size * 0.5  # wrapped lines of an item start here
            else:
                row += 1
                y += size + LINE_GAP
            placed.append((run, size, bold, LEFT if k == 0 else hang, y, row))
        last_size = size
    # Move the text above y = 0 (see the module docstring).
    shift = -(y + last_size + 10.0)
    lines: list[Line] = []
    for run, size, bold, x0, y0, line_row in placed:
        top, width, n = y0 + shift, size * 0.5, len(run.chars)
        boxes: list[Box | None] = [
            (x0 + i * width, top, x0 + (i + 1) * width, top + size) for i in range(n)
        ]
        lines.append(
            Line(
                page=1,
                row=line_row,
                text=run.text,
                boxes=boxes,
                x0=x0,
                top=top,
                x1=x0 + n * width,
                bottom=top + size,
                size=size,
                font=FONT,
                bold=bold,
                offsets=run.offs,
            )
        )
    return PageLayout(number=1, width=0.0, height=0.0, lines=lines)


# --- plain text -------------------------------------------------------------------------------

_TEXT_BULLET = re.compile(r"^([•*\-–—])\s+")
_TEXT_ENUM = re.compile(r"^\(?\d{1,2}[.)]\s+")
_CLOSING = (".", ",", ";", ":")


def _bulleted(run: _Run) -> _Run | None:
    """A list item line with its bullet as "• ", or None if the line has no bullet."""
    text = run.text
    m = _TEXT_BULLET.match(text)
    if m:
        out = _Run()
        if m.group(1) == "•":
            out.add("•", run.offs[0])
        else:
            out.add_synthetic("•")
        out.add_synthetic(" ")
        rest = run.slice(m.end())
        out.chars.extend(rest.chars)
        out.offs.extend(rest.offs)
        return out
    if _TEXT_ENUM.match(text):
        return run
    return None


def _read_plain(text: str) -> list[_Block]:
    paragraphs: list[list[_Run]] = []
    current: list[_Run] = []
    pos = 0
    for raw in text.split("\n"):
        run = _source_run(raw, pos).strip()
        pos += len(raw) + 1
        if run:
            current.append(run)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)

    blocks: list[_Block] = []
    for runs in paragraphs:
        prev = blocks[-1] if blocks else None
        if (
            prev is not None
            and prev.kind in ("paragraph", "list_item")
            and runs[0].text[:1].islower()
            and not prev.runs[-1].text.endswith((".", "!", "?", ":", ";"))
        ):
            prev.runs.extend(runs)  # a blank line inside a sentence (text converted from PDF)
            continue
        if len(runs) > 1 and _is_heading_line(runs[0], runs[1]):
            blocks.append(_Block("heading", [runs[0]], 0))
            runs = runs[1:]
        block: _Block | None = None
        for run in runs:
            item = _bulleted(run)
            if item is not None:
                block = _Block("list_item", [item])
                blocks.append(block)
            elif block is None:
                block = _Block("paragraph", [run])
                blocks.append(block)
            else:
                block.runs.append(run)  # a wrapped line of the paragraph or list item
    if blocks and _is_plain_title(blocks[0]):
        blocks[0].kind = "title"
    for i, block in enumerate(blocks):
        if block.kind == "paragraph" and _is_plain_heading(block, blocks[i + 1 : i + 2]):
            block.kind = "heading"
            block.level = 0
    return blocks


def _headline(text: str) -> bool:
    """Short, capitalised, without closing punctuation: could be a heading."""
    letters = [c for c in text if c.isalpha()]
    return (
        len(text) <= 80
        and len(text.split()) <= 10
        and bool(letters)
        and letters[0].isupper()
        and not text.endswith((*_CLOSING, "-"))
        and not FORMULA_LINE.match(text)
        and not _TEXT_BULLET.match(text)
        and not _TEXT_ENUM.match(text)
    )


def _is_heading_line(first: _Run, second: _Run) -> bool:
    """A heading printed right above its paragraph: a short line, then a full line of prose
    that opens a sentence."""
    text, nxt = first.text, second.text
    return (
        _headline(text)
        and len(text) <= 50
        and len(text.split()) <= 6
        and nxt[:1].isupper()
        and len(nxt) >= 50
    )


def _is_plain_title(block: _Block) -> bool:
    """A short first paragraph (up to three lines) that does not end like a sentence."""
    text = " ".join(r.text for r in block.runs)
    return (
        block.kind == "paragraph"
        and len(block.runs) <= 3
        and len(text) <= 150
        and not text.endswith(_CLOSING)
    )


def _is_plain_heading(block: _Block, following: list[_Block]) -> bool:
    """One short capitalised line without closing punctuation, followed by prose or a list."""
    if len(block.runs) != 1 or not following or not _headline(block.runs[0].text):
        return False
    nxt = following[0]
    if nxt.kind == "list_item":
        return True
    body = " ".join(r.text for r in nxt.runs)
    return nxt.kind == "paragraph" and (len(body) > 80 or body.endswith((".", ":")))


# --- Markdown ---------------------------------------------------------------------------------

_MD_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_MD_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_MD_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_LIST = re.compile(r"^[ \t]*([*+-]|\d{1,2}[.)])(?:[ \t]+|$)")
_MD_QUOTE = re.compile(r"^ {0,3}> ?")
_MD_TABLE_SEP = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$")
_MD_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S")
_MD_CELL_SPLIT = re.compile(r"(?<!\\)\|")

# Inline passes, in order: (pattern, groups kept in place of the match).
_MD_INLINE: list[tuple[re.Pattern[str], tuple[int, ...]]] = [
    (re.compile(r"(`+)(.+?)\1"), (2,)),  # code span
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ()),  # image: dropped
    (re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)"), (1,)),  # link
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), (1,)),  # reference link
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), (1,)),  # autolink
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ()),  # inline HTML tag
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), (2,)),  # strong
    (re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*"), (1,)),  # emphasis
    (re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), (1,)),  # emphasis
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), (1,)),  # strikethrough
    (re.compile(r"\\([!-/:-@\[-`{-~])"), (1,)),  # backslash escape
]


def _md_inline(run: _Run) -> _Run:
    for pattern, groups in _MD_INLINE:
        run = _keep(run, pattern, groups)
    return run


def _md_cells(run: _Run) -> _Run:
    """A table row: cells joined by a tab."""
    text = run.text
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _MD_CELL_SPLIT.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    if text.startswith("|"):
        bounds = bounds[1:]
    if text.rstrip().endswith("|") and bounds:
        bounds = bounds[:-1]
    out = _Run()
    for a, b in bounds:
        cell = _md_inline(run.slice(a, b).strip())
        if out:
            out.add_synthetic("\t")
        out.chars.extend(cell.chars)
        out.offs.extend(cell.offs)
    return out


def _read_markdown(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None  # the open paragraph or list item
    fence: str | None = None
    title_done = False
    pos = 0
    for raw in text.split("\n"):
        start = pos
        pos += len(raw) + 1
        if fence is not None:
            if raw.strip().startswith(fence):
                fence, current = None, None
            elif current is not None:
                current.runs.append(_source_run(raw, start))
            continue
        q = _MD_QUOTE.match(raw)
        while q:
            raw, start = raw[q.end() :], start + q.end()
            q = _MD_QUOTE.match(raw)
        if not raw.strip():
            current = None
            continue
        m = _MD_FENCE.match(raw)
        if m:
            fence = m.group(1)[0] * 3
            current = _Block("paragraph")
            blocks.append(current)
            continue
        m = _MD_ATX.match(raw)
        if m:
            level = len(m.group(1))
            content = _Run()
            if m.group(2) is not None:
                content = _md_inline(_source_run(m.group(2), start + m.start(2)))
            kind: BlockKind = "heading"
            if level == 1 and not title_done:
                kind, title_done = "title", True
            blocks.append(_Block(kind, [content], level))
            current = None
            continue
        m = _MD_SETEXT.match(raw)
        if m and current is not None and current.kind == "paragraph" and len(current.runs) == 1:
            level = 1 if m.group(1).startswith("=") else 2
            current.kind, current.level = "heading", level
            if level == 1 and not title_done:
                current.kind, title_done = "title", True
            current = None
            continue
        if _MD_HR.match(raw) or _MD_LINK_DEF.match(raw):
            current = None
            continue
        if raw.lstrip().startswith("|"):
            if not _MD_TABLE_SEP.match(raw):
                blocks.append(_Block("paragraph", [_md_cells(_source_run(raw, start))]))
            current = None
            continue
        m = _MD_LIST.match(raw)
        if m:
            item = _Run()
            marker = m.group(1)
            if marker in "*+-":
                item.add_synthetic("• ")
            else:
                item.add_source(marker, start + m.start(1))
                item.add(" ", start + m.end(1))
            content = _md_inline(_source_run(raw[m.end() :], start + m.end()).strip())
            item.chars.extend(content.chars)
            item.offs.extend(content.offs)
            current = _Block("list_item", [item])
            blocks.append(current)
            continue
        run = _md_inline(_source_run(raw, start))
        if raw.endswith("\\"):  # a hard line break
            run = run.strip()
            if run.text.endswith("\\"):
                run = run.slice(0, -1)
        if current is None:
            current = _Block("paragraph")
            blocks.append(current)
        current.runs.append(run)
    return blocks


# --- HTML -------------------------------------------------------------------------------------

_SKIP = {
    "script",
    "style",
    "nav",
    "aside",
    "noscript",
    "template",
    "svg",
    "math",
    "head",
    "title",
    "form",
    "button",
    "select",
    "iframe",
    "object",
    "canvas",
    "dialog",
}
_PAGE_FURNITURE = {"header", "footer"}  # dropped unless inside an article or main
_CONTENT = {"article", "main"}
_BLOCK_TAGS = {
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_HTML_SPACE = " \t\n\f\r"


@dataclass(slots=True)
class _List:
    ordered: bool
    count: int = 0
    in_item: bool = False  # an <li> of this list is open


class _HtmlReader(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [i + 1 for i, c in enumerate(source) if c == "\n"]
        self.blocks: list[_Block] = []
        self.kind: BlockKind = "paragraph"
        self.level = 0
        self.prefix = ""
        self.runs: list[_Run] = [_Run()]
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.content_depth = 0  # open <article>/<main> elements
        self.cell_depth = 0  # open <td>/<th> elements
        self.pre_depth = 0
        self.lists: list[_List] = []  # open <ul>/<ol> elements, innermost last
        self.title_done = False

    def _in_item(self) -> bool:
        return bool(self.lists) and self.lists[-1].in_item

    # positions and text
    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _add(self, ch: str, off: int | None) -> None:
        run = self.runs[-1]
        if ch in _HTML_SPACE and not self.pre_depth:
            if not run or run.chars[-1].isspace():
                return
            run.chars.append(" ")
            run.offs.append(off)
            return
        if ch == "\n":  # inside <pre>
            self._break()
            return
        run.add(ch, off)

    def _break(self) -> None:
        if self.cell_depth:
            self._add(" ", None)
        else:
            self.runs.append(_Run())

    def _flush(self) -> None:
        runs = [r for r in (run.strip() for run in self.runs) if r]
        if runs:
            if self.prefix:
                first = _Run()
                first.add_synthetic(self.prefix)
                first.chars.extend(runs[0].chars)
                first.offs.extend(runs[0].offs)
                runs[0] = first
            self.blocks.append(_Block(self.kind, runs, self.level))
        self.runs = [_Run()]
        self.kind, self.level, self.prefix = "paragraph", 0, ""

    # parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        hidden = any(
            (k == "hidden")
            or (k == "aria-hidden" and (v or "").lower() == "true")
            or (k == "style" and v is not None and re.search(r"display\s*:\s*none", v, re.I))
            for k, v in attrs
        )
        furniture = tag in _PAGE_FURNITURE and not self.content_depth
        if (tag in _SKIP or hidden or furniture) and tag not in _VOID:
            self._flush()
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _CONTENT:
            self.content_depth += 1
        if tag == "br":
            self._break()
        elif tag in ("td", "th"):
            if self.runs[-1]:
                self._add(" ", None)
                self.runs[-1].chars[-1] = "\t"  # cells are joined by a tab
            self.cell_depth += 1
        elif self.cell_depth and tag not in ("tr", "table"):
            self._add(" ", None)  # a paragraph inside a cell stays in the row
        elif tag in _HEADINGS:
            self._flush()
            self.level = _HEADINGS[tag]
            self.kind = "heading"
            if tag == "h1" and not self.title_done:
                self.kind, self.title_done = "title", True
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append(_List(ordered=tag == "ol"))
        elif tag == "li":
            self._flush()
            self.kind = "list_item"
            self.prefix = "• "
            if self.lists:
                current = self.lists[-1]
                current.in_item = True
                if current.ordered:
                    current.count += 1
                    self.prefix = f"{current.count}. "
        elif tag in _BLOCK_TAGS and self._in_item():
            self._break()  # <li><p>…</p><p>…</p></li>: lines of one item
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "pre":
                self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            return
        if tag == "br":
            self._break()
        elif tag in _BLOCK_TAGS or tag in _HEADINGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in ("td", "th"):
            self.cell_depth = max(0, self.cell_depth - 1)
            return
        if self.cell_depth and tag not in ("tr", "table"):
            return
        if tag == "tr" or tag == "table":
            self.cell_depth = 0
        if tag in _CONTENT:
            self.content_depth = max(0, self.content_depth - 1)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "li" and self.lists:
            self.lists[-1].in_item = False
        elif tag in _BLOCK_TAGS and self._in_item():
            self._break()
            return
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag in _BLOCK_TAGS or tag in _HEADINGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip_tag is not None:
            return
        start = self._offset()
        for i, ch in enumerate(data):
            self._add(ch, start + i)

    def handle_entityref(self, name: str) -> None:
        if self.skip_tag is not None:
            return
        start = self._offset()
        raw = "&" + name
        if self.source.startswith(";", start + len(raw)):
            raw += ";"
        value = html.unescape(raw)
        if value == raw:  # not an entity: the text as written
            for i, ch in enumerate(raw):
                self._add(ch, start + i)
            return
        for ch in value:
            self._add(ch, start)

    def handle_charref(self, name: str) -> None:
        if self.skip_tag is not None:
            return
        start = self._offset()
        value = html.unescape(f"&#{name};")
        for ch in value:
            self._add(ch, start)

    def close(self) -> None:
        super().close()
        self._flush()


def _read_html(text: str) -> list[_Block]:
    reader = _HtmlReader(text)
    reader.feed(text)
    reader.close()
    return reader.blocks


# --- entry point ------------------------------------------------------------------------------


def read_text_document(source: Source) -> list[PageLayout]:
    """An HTML, Markdown or plain-text source as one synthetic page of lines (see module doc).

    Line offsets index :func:`decode_text` of ``source.data``.
    """
    text = decode_text(source.data)
    if source.type == "html":
        blocks = _read_html(text)
    elif source.type == "markdown":
        blocks = _read_markdown(text)
    elif source.type == "text":
        blocks = _read_plain(text)
    else:
        raise UnsupportedInputError(f"{source.name}: {source.type} is not a text input")
    return [_page(blocks)]
