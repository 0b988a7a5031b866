"""A remissvar's position on the proposals: supports, opposes, no_comments or mixed.

Cue phrases of Swedish consultation answers, counted over the answer's own sentences (those whose
subject is the responding body, "vi" or that stand in the summary): "tillstyrker", "ställer sig
bakom", "instämmer", "välkomnar" support; "avstyrker", "motsätter sig", "ställer sig inte bakom"
oppose; "har inga synpunkter", "avstår från att yttra sig" mean no comments. Both support and
opposition → mixed.
"""

from __future__ import annotations

import regex

from policyparse.extract.context import Context
from policyparse.record import Position, Provenance

SUPPORT = regex.compile(
    r"\btillstyrker\b|\bställer\s+sig\s+(?:positiv\w*\s+till|bakom)\b|\binstämmer\b|\bvälkomnar\b|"
    r"\bdelar\s+(?:utredningens|promemorians|förslagets)\s+(?:bedömning|uppfattning)|"
    r"\bser\s+positivt\s+på\b|\bstöder\b|\bstödjer\b|\bhar\s+inga\s+invändningar\s+mot\b",
    regex.I,
)
OPPOSE = regex.compile(
    r"\bavstyrker\b|\bmotsätter\s+sig\b|\bställer\s+sig\s+(?:inte|negativ\w*)\b|\bkan\s+inte\s+ställa\s+sig\s+bakom\b|"
    r"\bär\s+(?:starkt\s+)?kritisk\w*\s+till\b|\bavvisar\b",
    regex.I,
)
NO_COMMENT = regex.compile(
    r"\b(?:har|lämnar)\s+inga\s+(?:synpunkter|kommentarer|invändningar)(?!\s+mot\b)|"
    r"\binte\s+(?:några|har\s+några)\s+(?:synpunkter|invändningar|kommentarer)\b|"
    r"\bavstår\s+från\s+att\s+(?:yttra\s+sig|lämna\s+synpunkter)|\binget\s+att\s+invända\b|"
    r"\binga\s+synpunkter\s+på\s+(?:förslaget|förslagen|betänkandet|promemorian|remissen)",
    regex.I,
)


def extract_position(ctx: Context) -> tuple[Position | None, Provenance | None]:
    support: list[tuple[int, int]] = []
    oppose: list[tuple[int, int]] = []
    none_: list[tuple[int, int]] = []
    for sent in ctx.sentences:
        text = sent.text
        if regex.search(
            r"\butredningen\s+(?:föreslår|anser)|\bförslaget\s+innebär\b", text, regex.I
        ) and not regex.search(r"tillstyrker|avstyrker", text, regex.I):
            continue
        hits = 0
        for pattern, bucket in ((OPPOSE, oppose), (SUPPORT, support)):
            m = pattern.search(text)
            if m:
                bucket.append((sent.start + m.start(), sent.start + m.end()))
                hits += 1
        m = None if hits else NO_COMMENT.search(text)
        if m:
            none_.append((sent.start + m.start(), sent.start + m.end()))
    spans = support + oppose + none_
    if not spans:
        return None, None
    if support and oppose:
        position: Position = "mixed"
    elif oppose:
        position = "opposes"
    elif support:
        position = "supports"
    else:
        position = "no_comments"
    evidence = [e for s, t in spans[:6] for e in ctx.evidence(s, t)]
    confidence = 0.9 if len(spans) > 1 else 0.7
    return position, Provenance(evidence=evidence, confidence=confidence)
