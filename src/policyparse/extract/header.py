"""Header fields: kind, title, date, diarienummer, designation, meeting number, issuer,
recipients.

The header block is the page-1 text above and beside the title. Its lines are classified by
their shape: a document label, a date, a registration number, a ministry, an address line, or
a name (a recipient).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from policyparse.extract.context import Context
from policyparse.extract.dates import find_dates, has_date
from policyparse.extract.patterns import DELVIS, DESIGNATION, DNR, MEETING
from policyparse.language.assets import gazetteer
from policyparse.language.labels import labels
from policyparse.layout.model import Line
from policyparse.layout.roles import ABBREVIATION_END
from policyparse.layout.textindex import TextIndex
from policyparse.record import DocumentKind, Named, Provenance, Span
from policyparse.text import folded, has_any

# One word ending in -departementet, or "X- och Ydepartementet"; not a phrase that ends in one.
MINISTRY = regex.compile(
    r"^(?:[A-ZÅÄÖ][\wåäö]*-\s+och\s+)?[A-ZÅÄÖ][\wåäö-]*departementet$|^Statsrådsberedningen$",
    regex.I,
)
# Field labels of a header grid ("Datum 2026-10-15", "Diarienummer LI2026/00733", "Sida 1 (1)").
FIELD_LABEL = regex.compile(
    r"^(?:datum|sida|diarienummer|dnr|vår\s+referens|er\s+referens|ert\s+datum|vårt\s+datum|"
    r"ärendebeteckning|[\wåäö]+s\s+dnr|"
    r"handläggare|beteckning|ärende(?:nummer)?|referens|telefon|dokumentdatum)\b\.?:?\s*",
    regex.I,
)
# FIELD_LABEL cannot match without one of these (in ``folded`` text, see text.folded).
FIELD_WORDS = (
    "datum",
    "sida",
    "dnr",
    "diarienummer",
    "referens",
    "ärende",
    "handläggare",
    "beteckning",
    "telefon",
)
PAGE_NO = regex.compile(r"^\d{1,3}\s*(?:\(\d{1,3}\)|av\s+\d{1,3}|/\s*\d{1,3})$")


def _display(name: str) -> str:
    """'UTBILDNINGSDEPARTEMENTET' → 'Utbildningsdepartementet' (letterheads in capitals)."""
    return name[:1] + name[1:].lower() if name.isupper() and len(name) > 4 else name


ADDRESS = regex.compile(
    r"(?:^|\s)\d{3}\s?\d{2}(?:\s|$)|^box\s+\d|^c/o|gatan\s+\d|vägen\s+\d|^\d+\s|@|www\.|"
    r"^(?:post|besöks)adress|^telefon|^tfn|^e-post|^org\.?\s*nr",
    regex.IGNORECASE,
)
# ADDRESS cannot match without a digit or one of these (in ``folded`` text).
ADDRESS_WORDS = ("@", "www.", "c/o", "adress", "telefon", "tfn", "e-post", "org")
DIGIT = regex.compile(r"\d")
MEETING_PHRASE = regex.compile(
    r"Beslut\s+vid\s+regeringssammanträde\s+(?:den\s+)?", regex.IGNORECASE
)


@dataclass(slots=True)
class HeaderInfo:
    label_kind: DocumentKind | None = None
    title: str | None = None
    date: dt.date | None = None
    diarienummer: list[Named] = field(default_factory=list)
    designation: str | None = None
    meeting_number: str | None = None
    issuer: str | None = None
    recipients: list[Named] = field(default_factory=list)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    sender: Named | None = None  # the letterhead organisation (top line of the header)
    ministries: list[Named] = field(default_factory=list)
    their_refs: list[Named] = field(default_factory=list)  # "Er referens: Ju2025/01730"
    copies: list[Named] = field(default_factory=list)  # a "Kopia:" list in the header column
    title_index: TextIndex | None = None  # the title lines' text, for extract_references


def _line_spans(line: Line, start: int = 0, end: int | None = None) -> list[Span]:
    return TextIndex([line]).spans(start, len(line.text) if end is None else end)


def extract_title(ctx: Context, info: HeaderInfo) -> None:
    lines = ctx.layout.title
    if not lines:
        return
    index = TextIndex(lines)
    info.title_index = index
    text = " ".join(index.text.split())
    label = labels().title_prefix.match(text)
    start = 0
    if label and len(text) > label.end() + 3 and text[label.end()].isupper():
        text = text[label.end() :]  # "Beslutsförslag Svar på remiss …" → "Svar på remiss …"
        start = index.text.find(text[:10])
    if text.endswith(".") and not ABBREVIATION_END.search(text):
        text = text[:-1]  # a title printed as a sentence; "m.m." keeps its stop
    info.title = text
    info.provenance["title"] = Provenance(evidence=index.spans(max(0, start), len(index.text)))


def extract_header(ctx: Context) -> HeaderInfo:
    info = HeaderInfo()
    extract_title(ctx, info)
    header = sorted(ctx.header, key=lambda ln: (ln.top, ln.x0))
    ministry_lines: list[Line] = []
    after_dnr: list[Line] = []
    seen_dnr = False
    dnr_x: float | None = None
    continue_lines: set[int] = set()
    pending: dict[int, str] = {}  # id(line below a bare field label) → the label's kind
    lab = labels()
    for i, line in enumerate(header):
        text = line.text
        if "klicka" in folded(text):  # what TEMPLATE_REMNANT needs
            text = TEMPLATE_REMNANT.sub("", text)
        text = text.strip()
        label_kind_here = pending.pop(id(line), None)
        label_m = FIELD_LABEL.match(text) if _has_any(text, FIELD_WORDS) else None
        if label_m and not DNR.match(text):
            label_kind_here = _field_kind(label_m.group(0))
            text = text[label_m.end() :].strip()
            if not text:
                below = _next_in_column(header, i)
                if below is not None:
                    pending[id(below)] = label_kind_here
                continue
        if not text or _is_page_no(text):
            continue
        off = max(0, line.text.find(text))
        if label_kind_here == "copy" or _is_copy_label(text):
            rest = COPY_LABEL.sub("", text).strip()
            if rest and label_kind_here == "copy":
                info.copies.append(Named(name=rest, evidence=_line_spans(line)))
            below = _next_in_column(header, i)
            if below is not None:
                pending[id(below)] = "copy"
            continue
        if label_kind_here == "their":
            info.their_refs.append(
                Named(name=text, evidence=_line_spans(line, off, off + len(text)))
            )
            continue
        if label_kind_here == "own":
            info.diarienummer.append(
                Named(name=text, evidence=_line_spans(line, off, off + len(text)))
            )
            seen_dnr = True
            continue
        text, off = _strip_label(text, off, info, line)
        if not text:
            continue
        low = folded(text)
        label = lab.line.match(text) if has_any(low, lab.line_words) else None
        if has_any(low, lab.kind_words):  # most lines name no kind
            for pattern, kind in lab.kinds:
                if pattern.search(text):
                    label = label or pattern.fullmatch(text)
                    if info.label_kind is None:
                        info.label_kind = kind
        meeting = MEETING.search(text) if ":" in text else None  # MEETING needs a colon
        if meeting and (label or len(text) <= 8):
            info.meeting_number = meeting["m"]
            info.provenance["meeting_number"] = Provenance(
                evidence=_line_spans(line, off + meeting.start(), off + meeting.end())
            )
            continue
        if label:
            continue
        inline = INLINE_DNR.search(text) if _has_any(text, ("dnr", "diarienummer")) else None
        if inline:
            info.diarienummer.append(
                Named(
                    name=inline["v"],
                    evidence=_line_spans(line, off + inline.start("v"), off + inline.end("v")),
                )
            )
            text = text[: inline.start()].strip(" (")
            seen_dnr = True
            if not text:
                continue
        if info.date is None:
            for d in find_dates(text):
                if d.year is not None and d.precision == "day":
                    info.date = d.date
                    info.provenance["date"] = Provenance(
                        evidence=_line_spans(line, off + d.start, off + d.end)
                    )
                    break
        dnrs = list(DNR.finditer(text)) if "/" in text else []  # "S2026/00062"
        if dnrs:
            for m in dnrs:
                info.diarienummer.append(
                    Named(
                        name=m.group(0).replace(" ", "") if "/" in m.group(0) else m.group(0),
                        evidence=_line_spans(line, off + m.start(), off + m.end()),
                    )
                )
            seen_dnr = True
            dnr_x = line.x0 if dnrs[0].start() == 0 else (dnr_x if label_m is None else line.x0)
            rest = text[: dnrs[0].start()].strip()
            if rest and _is_ministry(rest) and info.issuer is None:
                info.issuer = _display(rest)
                info.provenance["issuer"] = Provenance(
                    evidence=_line_spans(line, off, off + len(rest))
                )
            continue
        if _is_ministry(text):
            ministry_lines.append(line)
            continue
        from_ministry = FROM_MINISTRY.search(text) if "från" in text else None  # case-sensitive
        if from_ministry and info.issuer is None and len(text) < 80:
            info.issuer = from_ministry["m"]
            s, e = off + from_ministry.start("m"), off + from_ministry.end("m")
            info.provenance["issuer"] = Provenance(evidence=_line_spans(line, s, e))
            continue
        below = _next_in_column(header, i)
        if (
            below is not None
            and _is_ministry(text + " " + below.text.strip())
            and (text.endswith("-") or text.endswith(" och"))
        ):
            ministry_lines.append(line)
            continue_lines.add(id(below))
            continue
        if id(line) in continue_lines:
            continue
        if (len(text) < 40 and has_date(text)) or _is_designation_part(text):
            continue
        if (
            info.sender is None
            and not _is_address(text)
            and line.x0 < ctx.layout.pages[0].width / 2
            and line.top < min(_first_top(header) + 2, ctx.layout.pages[0].height * 0.15)
        ) or (info.sender is None and line.top < _first_top(header) + 2 and not _is_address(text)):
            below = _next_in_column(header, i, slack=8.0)
            if (
                below is not None and below.text[:1].islower()
            ):  # "Länsstyrelsen" / "västra Götaland"
                index = TextIndex([line, below])
                info.sender = Named(
                    name=" ".join(index.text.split()), evidence=index.spans(0, len(index.text))
                )
                continue_lines.add(id(below))
            else:
                info.sender = Named(name=text, evidence=_line_spans(line, off, off + len(text)))
            continue
        if seen_dnr or info.label_kind is not None:
            after_dnr.append(line)
    # designation: "Dir. 2024:1", possibly split over two header lines
    joined = TextIndex(header)
    for m in DESIGNATION.finditer(joined.text):
        series = (
            m["series"].capitalize()
            if m["series"].lower() in ("dir", "prop", "skr")
            else m["series"]
        )
        info.designation = (
            f"{series}. {m['num']}" if series in ("Dir", "Prop", "Skr") else f"{series} {m['num']}"
        )
        info.provenance["designation"] = Provenance(evidence=joined.spans(m.start(), m.end()))
        break
    for mline in ministry_lines:
        info.ministries.append(
            Named(name=_display(mline.text.strip()), evidence=_line_spans(mline))
        )
    if ministry_lines and info.issuer is None:
        line = ministry_lines[0]
        lines = [line]
        if not _is_ministry(line.text.strip()):
            nxt = _next_in_column(header, header.index(line))
            if nxt is not None:
                lines.append(nxt)
        joined_issuer = TextIndex(lines)
        info.issuer = _display(" ".join(joined_issuer.text.split()))
        info.provenance["issuer"] = Provenance(
            evidence=joined_issuer.spans(0, len(joined_issuer.text))
        )
    info.recipients = _recipients(after_dnr, dnr_x)
    return info


OWN_LABEL = regex.compile(
    r"^(?:dnr|diarienummer|vårt\s+dnr|vår\s+referens|ärende(?:nummer|beteckning)?|beteckning)",
    regex.I,
)
# Someone else's number: "Er referens", "Ert dnr", "Kommunens dnr".
THEIR_LABEL = regex.compile(
    r"^(?:er\s+referens|ert\s+dnr|er\s+beteckning|ert\s+datum|[\wåäö]+s\s+(?:dnr|diarienummer))",
    regex.I,
)
INLINE_DNR = regex.compile(
    r"\(?\b(?:dnr|diarienummer)\.?:?\s*(?P<v>[A-ZÅÄÖ0-9][\wåäöÅÄÖ./-]*(?:\s\d[\w./-]*)?)\)?",
    regex.I,
)


DESIGNATION_PART = regex.compile(
    r"^(?:dir|prop|skr)\.?(?:\s*(?:19|20)\d\d(?:/\d\d)?:\d+)?$|^(?:19|20)\d\d(?:/\d\d)?:\d+$",
    regex.I,
)


# Unfilled fields of office templates are not content.
TEMPLATE_REMNANT = regex.compile(
    r"Klicka\s+(?:eller\s+tryck\s+)?här\s+för\s+att\s+ange[^.]*\.?\s*", regex.I
)


COPY_LABEL = regex.compile(r"^kopia(?:\s+till)?\s*:?\s*", regex.I)


FROM_MINISTRY = regex.compile(r"\bfrån\s+(?P<m>[A-ZÅÄÖ][\wåäö-]*departementet)\b")


def _is_page_no(text: str) -> bool:
    """``PAGE_NO.match(text) is not None``; it needs a digit first (``isdigit`` also takes
    every character ``\\d`` takes), which most header lines do not have."""
    return text[:1].isdigit() and PAGE_NO.match(text) is not None


def _is_copy_label(text: str) -> bool:
    """``COPY_LABEL.match(text) is not None``; it needs a first letter that folds to "k"."""
    return folded(text[:1]) == "k" and COPY_LABEL.match(text) is not None


# What DESIGNATION_PART can start with, folded ("dir", "prop", "skr", "19…", "20…").
_DESIGNATION_FIRST = ("d", "p", "s", "1", "2")


def _is_designation_part(text: str) -> bool:
    """``DESIGNATION_PART.match(text) is not None``, looked at only where its first letter
    fits."""
    return folded(text[:1]) in _DESIGNATION_FIRST and DESIGNATION_PART.match(text) is not None


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``folded(text)`` has one of ``words``."""
    low = folded(text)
    return has_any(low, words)


def _is_ministry(text: str) -> bool:
    """``MINISTRY.match(text) is not None``; checked for its words first (most lines are no
    ministry, and the pattern backtracks over every letter of a long word)."""
    low = folded(text)
    return ("departementet" in low or "statsrådsberedningen" in low) and MINISTRY.match(
        text
    ) is not None


def _is_address(text: str) -> bool:
    """``ADDRESS.search(text) is not None``; its words and a digit checked first."""
    return (_has_any(text, ADDRESS_WORDS) or DIGIT.search(text) is not None) and ADDRESS.search(
        text
    ) is not None


def _field_kind(label: str) -> str:
    if THEIR_LABEL.match(label):
        return "their"
    if OWN_LABEL.match(label):
        return "own"
    return "other"


def _first_top(lines: list[Line]) -> float:
    return min((ln.top for ln in lines), default=0.0)


def _strip_label(text: str, off: int, info: HeaderInfo, line: Line) -> tuple[str, int]:
    """'Kammarkollegiet REMISSVAR' → kind cue + 'Kammarkollegiet'; 'PM Rotel IV' → 'Rotel IV'."""
    lab = labels()
    if not _has_any(text, lab.header_words):
        return text, off  # no label word: header_word cannot match
    m = lab.header_word.search(text)
    if not m or m.group(0).strip() == text.strip():
        return text, off
    word = (m["w"] or m["w2"] or "").lower()
    for pattern, kind in lab.kinds:
        if info.label_kind is None and pattern.search(word):
            info.label_kind = kind
    if m.start() == 0:
        rest = text[m.end() :]
        return rest.strip(), off + m.end() + (len(rest) - len(rest.lstrip()))
    return text[: m.start()].strip(), off


def _next_in_column(lines: list[Line], i: int, slack: float = 3.0) -> Line | None:
    """The line printed right below ``lines[i]`` in the same column, if any."""
    line = lines[i]
    for other in lines[i + 1 :]:
        if abs(other.x0 - line.x0) < slack and 0 <= other.top - line.bottom < line.size * 0.9:
            return other
    return None


_CONTINUES = regex.compile(r"(?:-|\s(?:och|för|i|av|om|med|samt|till|vid))$")


def _merge_wrapped(lines: list[Line]) -> list[list[Line]]:
    """Join a name wrapped over two header lines ("Myndigheten för samhällsskydd" / "och
    beredskap"): the next line starts in lower case or this one ends with a hyphen or a
    function word; in another column only when the joined name is a known body."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups:
            prev = groups[-1][-1]
            below = 0 <= line.top - prev.bottom < prev.size
            same_column = abs(line.x0 - prev.x0) < 3
            wraps = _CONTINUES.search(prev.text.rstrip()) is not None
            # a template that wraps the addressee back to the left margin: the joined name
            # is one the gazetteer knows
            known = (
                line.text[:1].islower()
                and gazetteer().lookup(" ".join(ln.text for ln in [*groups[-1], line])) is not None
            )
            if below and (same_column or wraps or known) and (line.text[:1].islower() or wraps):
                groups[-1].append(line)
                continue
        groups.append([line])
    return groups


MAILING_LIST = regex.compile(r"^(enligt\s+sändlista|se\s+sändlista|sändlista)$", regex.I)


def _recipients(lines: list[Line], dnr_x: float | None) -> list[Named]:
    """Addressee lines: names in the header column below the dnr, addresses left out."""
    result: list[Named] = []
    gaz = gazetteer()
    for group in _merge_wrapped(lines):
        index = TextIndex(group)
        text = " ".join(index.text.split()).strip().rstrip(",")
        if not text or _is_address(text) or DELVIS.match(text) or MEETING.fullmatch(text):
            continue
        if dnr_x is not None and abs(group[0].x0 - dnr_x) > 40 and gaz.lookup(text) is None:
            continue
        if MAILING_LIST.match(text):
            continue
        confidence = 1.0 if gaz.lookup(text) else 0.8
        result.append(
            Named(name=text, evidence=index.spans(0, len(index.text)), confidence=confidence)
        )
    return result


def decision_meeting_date(ctx: Context) -> tuple[dt.date, list[Span]] | None:
    """'Beslut vid regeringssammanträde den 18 december 2014' (directives)."""
    for s in ctx.sentences[:12]:
        m = MEETING_PHRASE.search(s.text)
        if m:
            for d in find_dates(s.text[m.end() :]):
                if d.year is not None:
                    start = s.start + m.start()
                    return d.date or dt.date.min, ctx.evidence(start, s.start + m.end() + d.end)
    return None


PUBLISHED = regex.compile(
    r"^(?:publicerad|uppdaterad|datum|beslutsdatum|avgörande|avgjord|meddelad|beslutad)\s*:?\s*"
    r"(?P<d>\d{1,2}\s+[a-zåäö]+\s+\d{4}|\d{4}-\d\d-\d\d)",
    regex.I,
)
PLACE_DATE = regex.compile(
    r"^(?:(?![\wåäö]*(?:tid|dag|datum)\b)[A-ZÅÄÖ][a-zåäö]+(?:\s+[A-ZÅÄÖ][a-zåäö]+)?\s+)?den\s+(?P<d>\d{1,2}\s+[a-zåäö]+\s+\d{4})\s*$"
)


def place_date(ctx: Context) -> tuple[dt.date, list[Span]] | None:
    """'Stockholm den 12 mars 2009' on a line of its own: the signing date."""
    for i in range(len(ctx.blocks)):
        for line in ctx.blocks[i].lines:
            m = PLACE_DATE.match(line.text.strip()) or PUBLISHED.match(line.text.strip())
            if m:
                for d in find_dates(m["d"]):
                    if d.date is not None:
                        return d.date, _line_spans(line)
    return None
