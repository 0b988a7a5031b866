"""Document kind from layout and language cues, never from file names.

Cues in order of strength: the printed document label ("Kommittédirektiv", "Regeringsbeslut",
"Remiss", "Yttrande"), a series designation ("Dir. 2024:1", "Prop. 2008/09:159"), the title
("Remiss av …", "Tilläggsdirektiv till …"), and formulas of the body ("På regeringens vägnar",
"Beslut vid regeringssammanträde", "Förslag till beslut"). Anything without a clear cue is
``other``.
"""

from __future__ import annotations

import regex

from policyparse.extract.context import Context
from policyparse.extract.header import HeaderInfo
from policyparse.record import DocumentKind

_BODY_CUES: list[tuple[regex.Pattern[str], DocumentKind]] = [
    (regex.compile(r"Beslut\s+vid\s+regeringssammanträde", regex.I), "kommittedirektiv"),
    (
        regex.compile(r"^Regeringens\s+proposition|^Prop\.\s+\d{4}/\d\d:\d+", regex.I | regex.M),
        "proposition",
    ),
    (regex.compile(r"^Regeringens\s+beslut\s*$", regex.I | regex.M), "regeringsbeslut"),
    (regex.compile(r"På\s+regeringens\s+vägnar", regex.I), "regeringsbeslut"),
    (
        regex.compile(r"^(?:Förslag\s+till\s+beslut|Beslutsförslag)\s*$", regex.I | regex.M),
        "kommunalt_beslut",
    ),
]


def classify_kind(ctx: Context, header: HeaderInfo) -> tuple[DocumentKind, float]:
    title = header.title or ""
    if header.designation and header.designation.lower().startswith("dir"):
        return "kommittedirektiv", 1.0
    if header.designation and header.designation.lower().startswith("prop"):
        return "proposition", 1.0
    if header.label_kind is not None:
        if header.label_kind == "regeringsbeslut" and regex.match(
            r"^Remiss(?:\s+av\b|$)|^Remittering\b", title
        ):
            return "remiss", 0.9
        return header.label_kind, 1.0
    if regex.match(r"^Tilläggsdirektiv\b", title):
        return "kommittedirektiv", 0.9
    if regex.match(r"^Remiss(?:\s+av\b|$)|^Remittering\b", title):
        return "remiss", 0.8
    head = "\n".join(ctx.block_text(i) for i in range(min(len(ctx.blocks), 400)))
    for pattern, kind in _BODY_CUES:
        if pattern.search(head):
            return kind, 0.7
    return "other", 0.5
