"""The remisslista: who a remiss is sent to.

It follows a heading such as "Remissinstanser" or "Sändlista" — numbered, bulleted, one per
line, in a table (each cell a line of its own after column splitting) or on a page of its own
after the signature. Numbering and bullets are stripped; group labels ("Myndigheter:") and the
prose that follows the list ("Sista dag att svara …") end or skip entries.
"""

from __future__ import annotations

import regex

from policyparse.extract.context import Context
from policyparse.extract.dates import has_date
from policyparse.layout.textindex import TextIndex
from policyparse.record import Named
from policyparse.text import folded, has_any

LIST_HEAD = regex.compile(
    r"^(?:remissinstanser(?:na)?|remisslista|sändlista|förteckning\s+över\s+remissinstanser(?:na)?|"
    r"remissen\s+(?:har\s+)?skickats\s+till(?:\s+följande)?)\s*:?\s*$",
    regex.I,
)
NUMBERING = regex.compile(r"^\s*(?:\d{1,3}[.)]|•|-|–|\*)\s*")
PROSE = regex.compile(
    r"\b(?:ska|skall|bör|kan|är|har|svara|remissvar\w*|lämnas|skickas)\b|\.\s+[A-ZÅÄÖ]|@", regex.I
)
FORMULA = regex.compile(r"^(?:enligt\s+uppdrag|på\s+\w+\s+vägnar)$", regex.I)
GROUP_LABEL = regex.compile(r":\s*$")
# What LIST_HEAD cannot match without (``folded`` text, see text.folded); FORMULA starts
# with "enligt" or "på", GROUP_LABEL needs a colon.
LIST_HEAD_WORDS = ("remiss", "sändlista", "förteckning")
FORMULA_FIRST = ("e", "p")


def extract_consultees(ctx: Context) -> list[Named]:
    result: list[Named] = []
    seen: set[str] = set()
    start = None
    for i in range(len(ctx.blocks)):
        first_line = ctx.blocks[i].lines[0].text.strip()
        low = folded(first_line)
        if has_any(low, LIST_HEAD_WORDS) and LIST_HEAD.match(first_line):
            start = i
    if start is None:
        return result
    head_block = ctx.blocks[start]
    lines = head_block.lines[1:] + [ln for b in ctx.blocks[start + 1 :] for ln in b.lines]
    for line in sorted(lines, key=lambda ln: (ln.page, ln.top, ln.x0)):
        text = " ".join(line.text.split())
        if not text:
            continue
        if (
            (folded(text[:1]) in FORMULA_FIRST and FORMULA.match(text))
            or (len(text) > 90 and PROSE.search(text))
            or "@" in text
            or has_date(text)
        ):
            break  # the prose after the list: a deadline, an address to answer to
        entry = NUMBERING.sub("", text).strip().rstrip(",;.")
        if not entry or (":" in text and GROUP_LABEL.search(text)) or entry.isdigit():
            continue
        if len(entry.split()) > 6 and PROSE.search(entry):  # the cheap test first
            break
        key = entry.casefold()
        if key in seen:
            continue
        seen.add(key)
        index = TextIndex([line])
        result.append(Named(name=entry, evidence=index.spans(0, len(line.text))))
    return result
