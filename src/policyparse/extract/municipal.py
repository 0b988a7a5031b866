"""Municipal and regional decision documents: who is to decide.

A tjänsteskrivelse or beslutsförslag names the deciding body in its proposal: a heading
"Förslag till beslut i kommunfullmäktige", or the subject of the first proposal sentence
("Nämnden för Förskola & Grundskola beslutar att …", "Regionstyrelsen föreslås besluta …").
"""

from __future__ import annotations

import regex

from policyparse.extract.context import Context
from policyparse.extract.decision import AssignPhrase
from policyparse.record import Named

BODY_WORD = (
    r"(?:nämnden|nämnd|styrelsen|fullmäktige|kommunstyrelsen|regionstyrelsen|utskottet|"
    r"regionfullmäktige)"
)
# "Förslag till beslut i kommunfullmäktige"; "Nämnden för Individ & Familjeomsorgs förslag
# till Kommunstyrelsen" (a proposal from one body to the one that decides)
PROPOSAL_HEADING = regex.compile(
    r"^(?:förslag\s+till\s+beslut|beslutsförslag)(?:\s+i\s+(?P<body>.+))?$|"
    rf"^\S.*?s\s+förslag\s+till\s+(?P<body2>[\wåäö&\s-]*?{BODY_WORD})$",
    regex.I,
)
DECIDES = regex.compile(
    rf"^(?P<body>(?:Nämnden\s+för\s+[^,.]{{3,60}}?|"
    rf"[A-ZÅÄÖ][\wåäö]*-\s+och\s+[\wåäö-]*{BODY_WORD}|[A-ZÅÄÖ][\wåäö-]*{BODY_WORD}|[A-ZÅÄÖ][\wåäö-]*\s+{BODY_WORD}))"
    r"\s+(?:beslutar|föreslås\s+besluta|fastställer|godkänner|antar|överlämnar|ger|delegerar|"
    r"tillstyrker|avstyrker|anser)\b"
)

# A municipal or regional body giving the work to an official or an administration:
# "Kommunstyrelsen ger kommundirektören i uppdrag att …"
MUNICIPAL_ASSIGNMENT = AssignPhrase(
    regex.compile(
        r"^[A-ZÅÄÖ][\wåäö-]*(?:styrelsen|nämnden|fullmäktige)\s+(?:ger|uppdrar\s+åt)\s+"
        r"(?:även\s+|också\s+)?(?P<a>[^.]{3,120}?)\s+(?:(?:i\s+)?uppdrag(?:et)?\s+att|att)\b"
    ),
    needs=(("ger", "uppdrar"),),
)


def extract_deciding_bodies(ctx: Context) -> list[Named]:
    found: list[Named] = []
    seen: set[str] = set()
    for section in ctx.sections:
        heading = section.heading or ""
        m = PROPOSAL_HEADING.match(heading)
        if not m:
            continue
        body = m["body"] or m["body2"]
        if body:
            name = " ".join(body.split())
            hb = section.heading_block
            if name.casefold() not in seen and hb is not None:
                seen.add(name.casefold())
                s, _ = ctx.block_spans[hb]
                off = max(0, ctx.block_text(hb).find(body))
                found.append(Named(name=name, evidence=ctx.evidence(s + off, s + off + len(body))))
            continue
        for sent in ctx.sentences_of(set(section.blocks))[:3]:
            d = DECIDES.match(sent.text.strip())
            if d and d["body"].casefold() not in seen:
                seen.add(d["body"].casefold())
                found.append(
                    Named(
                        name=d["body"],
                        evidence=ctx.evidence(sent.start, sent.start + len(d["body"])),
                        confidence=0.8,
                    )
                )
                break
    return found
