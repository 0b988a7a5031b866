"""The issuing municipality, region or agency of a document without a ministry header.

Looked for where such documents print it: the letterhead line, page furniture (footers with the
organisation's address: "Kungsbacka kommun, 434 81 Kungsbacka"), then the first body sentences.
A gazetteer match of type municipality, region, lansstyrelse or agency wins; a shape match
("X kommun", "Region X") is kept with lower confidence.
"""

from __future__ import annotations

import regex

from policyparse.extract.context import Context, Sentence
from policyparse.extract.header import HeaderInfo
from policyparse.language.assets import gazetteer
from policyparse.layout.model import Line
from policyparse.layout.textindex import TextIndex
from policyparse.record import Named

SHAPE = regex.compile(
    r"\b(?:[A-ZÅÄÖ][\wåäö]+\s+(?:kommun|stad|Stad)|Region\s+[A-ZÅÄÖ][\wåäö]+|"
    r"[A-ZÅÄÖ][\wåäö]+regionen|Länsstyrelsen\s+(?:i\s+)?[A-ZÅÄÖ][\wåäö]+(?:\s+[A-ZÅÄÖ]?[\wåäö]+)?\s*(?:län)?)\b"
)
# "(Finansdepartementet)" on a line of its own under the minister's name
MINISTRY_LINE = regex.compile(
    r"^\((?P<d>[A-ZÅÄÖ][\wåäö\- ]*departementet|Statsrådsberedningen)\)\s*$"
)
LOCAL_TYPES = {"municipality", "region", "lansstyrelse", "agency", "court", "university"}


def _candidates(lines: list[Line]) -> list[Named]:
    out: list[Named] = []
    gaz = gazetteer()
    for line in lines:
        text = line.text
        for m in SHAPE.finditer(text):
            name = m.group(0).strip()
            body = gaz.lookup(name)
            if body is None and name.endswith("s"):
                body = gaz.lookup(name[:-1])  # genitive: "Region Hallands"
            if body is not None and body.type in LOCAL_TYPES:
                out.append(
                    Named(name=body.name, evidence=TextIndex([line]).spans(m.start(), m.end()))
                )
            elif body is None:
                out.append(
                    Named(
                        name=name,
                        evidence=TextIndex([line]).spans(m.start(), m.end()),
                        confidence=0.6,
                    )
                )
    return out


def _stacked_body(lines: list[Line]) -> Named | None:
    """A letterhead of two stacked names that together name one body: "SVEA HOVRÄTT" over
    "Mark- och miljööverdomstolen" is the court that decides (the gazetteer knows the pair
    as a form of it)."""
    gaz = gazetteer()
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    for i, upper in enumerate(ordered):
        for lower in ordered[i + 1 :]:
            if lower.top - upper.bottom > upper.size * 1.5:
                break
            if abs(lower.x0 - upper.x0) > 2:
                continue
            body = gaz.lookup(f"{upper.text.strip()}, {lower.text.strip()}")
            if body is not None and body.type in LOCAL_TYPES:
                evidence = TextIndex([upper]).spans(0, len(upper.text))
                evidence += TextIndex([lower]).spans(0, len(lower.text))
                return Named(name=body.name, evidence=evidence)
    return None


def local_body(ctx: Context, header: HeaderInfo) -> Named | None:
    gaz = gazetteer()
    stacked = _stacked_body(ctx.layout.header)
    if stacked is not None:
        return stacked
    if header.sender is not None:
        body = gaz.lookup(header.sender.name)
        if body is not None and body.type in LOCAL_TYPES:
            # the gazetteer's spelling: "SVEA HOVRÄTT" in a letterhead is Svea hovrätt
            return header.sender.model_copy(update={"name": body.name})
    for group in (
        ctx.layout.header,
        ctx.layout.furniture,
        [ln for b in ctx.blocks[:12] for ln in b.lines],
    ):
        found = _candidates(group)
        if found:
            return max(found, key=lambda n: n.confidence)
    return None


def _leading_body(ctx: Context, sent: Sentence) -> Named | None:
    """The known body (not a ministry) that a sentence starts with, if any."""
    gaz = gazetteer()
    words = sent.text.split()
    for n in range(min(6, len(words)), 0, -1):
        cand = " ".join(words[:n]).rstrip(",.:")
        body = gaz.lookup(cand)
        if body is not None and body.type not in ("ministry", "government_office"):
            return Named(
                name=body.name,
                evidence=ctx.evidence(sent.start, sent.start + len(cand)),
                confidence=0.7,
            )
    return None


def answering_body(ctx: Context) -> Named | None:
    """The body that answers: the subject of the first sentences ("Kammarkollegiet har, …"),
    when the gazetteer knows it and it is not a ministry."""
    for sent in ctx.sentences[:15]:
        found = _leading_body(ctx, sent)
        if found is not None:
            return found
    return None


def heading_body(ctx: Context) -> Named | None:
    """A known body as the subject of a heading ("Allmänna reklamationsnämnden gjorde
    följande bedömning"): in a ruling or decision without a letterhead, the decider."""
    for sent in ctx.sentences:
        if ctx.blocks[sent.block].role == "heading":
            found = _leading_body(ctx, sent)
            if found is not None:
                return found
    return None


def ministry_line(ctx: Context) -> Named | None:
    """The ministry on the last "(…departementet)" line: where a directive or a proposition
    names the ministry it comes from, under the minister's signature."""
    for i in range(len(ctx.blocks) - 1, -1, -1):
        text = ctx.block_text(i).strip()
        m = MINISTRY_LINE.match(text) if text.startswith("(") else None
        if m:
            s, e = ctx.block_spans[i]
            return Named(name=m["d"], evidence=ctx.evidence(s, e))
    return None
