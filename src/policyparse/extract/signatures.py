"""Signature block and copy list.

The signature block follows a formula ("På regeringens vägnar", "Enligt uppdrag", "För
regionstyrelsen") or sits at the end of the body: lines of two to four capitalised words, two
signers often on one baseline (split into two lines by the layout stage). A role is the short
line printed under a name. The copy list follows "Kopia till" / "Kopia:" / "Beslutet skickas
till", one entry per line or comma-separated.
"""

from __future__ import annotations

import regex

from policyparse.extract.context import Context
from policyparse.layout.model import Line
from policyparse.layout.textindex import TextIndex
from policyparse.record import Named, Signatory
from policyparse.text import folded, has_any

# The formulas that open a signature block, the same for every kind: "På regeringens vägnar",
# "På nämndens vägnar", "Enligt uppdrag", "För regionstyrelsen" (no kind's own wording: the
# government's is one case of "På … vägnar").
FORMULA = regex.compile(r"^(?:Enligt\s+uppdrag|På\s+\w+\s+vägnar|För\s+\w+)\s*$", regex.I)
COPY_HEAD = regex.compile(
    r"^(?:Kopia\s+(?:till|för\s+kännedom\s+till|av\s+beslutet\s+till)|Kopia|Beslutet\s+skickas\s+till|"
    r"Expedieras\s+till|Sändlista|Delges)\s*:?\s*(?P<rest>.*)$",
    regex.I,
)
CONTACT_HEAD = regex.compile(
    r"^(?:kontakt|presskontakt|kontaktperson(?:er)?|kontakta\s+oss|frågor\s+besvaras\s+av|"
    r"handläggare)\b",
    regex.I,
)
PLACE_DATE = regex.compile(
    r"^[A-ZÅÄÖ][a-zåäö]+(?:\s+[A-ZÅÄÖ][a-zåäö]+)?\s+den\s+\d{1,2}\s+[a-zåäö]+\s+\d{4}$"
)
NAME = regex.compile(
    r"^(?:[A-ZÅÄÖÉ][a-zåäöéüë]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)(?:\s+(?:von|af|de|van|der)?\s*"
    r"[A-ZÅÄÖÉ][a-zåäöéüë]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?){1,3}$"
)
# What a pattern cannot match without, for a cheap check first (``folded`` text, see
# text.folded): FORMULA starts with "På", "Enligt" or "För"; the words of COPY_HEAD,
# CONTACT_HEAD and NOT_NAME; PLACE_DATE (case-sensitive) needs "den".
FORMULA_FIRST = ("p", "e", "f")
COPY_WORDS = ("kopia", "beslutet", "expedieras", "sändlista", "delges")
CONTACT_WORDS = ("kontakt", "frågor", "handläggare")
# "(Näringsdepartementet)" under the minister of a proposition: the issuer, not a role
MINISTRY_NOTE = regex.compile(r"^\([^()]*(?:departementet|Statsrådsberedningen)\)$")
# A presence test: "avdelningschef" is caught by "chef".
NOT_NAME = regex.compile(
    r"(?:chef|direktör|ordförande|strateg|ledare|handläggare|sekreterare|controller|"
    r"samordnare|utredare|jurist|ansvarig|rådet|råd|ombud|expert|service|bygg)\b|departementet|styrelsen|verket|myndighet|kommun|region|regering|stockholm|"
    r"kopia|bilag|sida|dnr",
    regex.I,
)
NOT_NAME_WORDS = (
    "chef",
    "direktör",
    "ordförande",
    "strateg",
    "ledare",
    "handläggare",
    "sekreterare",
    "controller",
    "samordnare",
    "utredare",
    "jurist",
    "ansvarig",
    "råd",
    "ombud",
    "expert",
    "service",
    "bygg",
    "departementet",
    "styrelsen",
    "verket",
    "myndighet",
    "kommun",
    "region",
    "regering",
    "stockholm",
    "kopia",
    "bilag",
    "sida",
    "dnr",
)


def _is_formula(text: str) -> bool:
    """``FORMULA.match(text) is not None``; the first letter checked first (every block of the
    body is asked)."""
    return folded(text[:1]) in FORMULA_FIRST and FORMULA.match(text) is not None


def _copy_head(text: str) -> regex.Match[str] | None:
    """``COPY_HEAD.match(text)``, tried only where one of its words occurs."""
    low = folded(text)
    return COPY_HEAD.match(text) if has_any(low, COPY_WORDS) else None


def _is_contact_head(text: str) -> bool:
    """``CONTACT_HEAD.match(text) is not None``, tried only where one of its words occurs."""
    low = folded(text)
    return has_any(low, CONTACT_WORDS) and CONTACT_HEAD.match(text) is not None


def _not_name(text: str) -> bool:
    """``NOT_NAME.search(text) is not None``, tried only where one of its words occurs."""
    low = folded(text)
    return has_any(low, NOT_NAME_WORDS) and NOT_NAME.search(text) is not None


def _is_place_date(text: str) -> bool:
    """``PLACE_DATE.match(text) is not None``; it needs "den"."""
    return "den" in text and PLACE_DATE.match(text) is not None


def _named(line: Line, text: str | None = None) -> Named:
    idx = TextIndex([line])
    return Named(name=text or line.text.strip(), evidence=idx.spans(0, len(line.text)))


def _after(ctx: Context, block: int) -> list[Line]:
    lines: list[Line] = []
    for b in ctx.blocks[block + 1 :]:
        lines.extend(b.lines)
    return lines


def _name_follows(ctx: Context, block: int) -> bool:
    for b in ctx.blocks[block + 1 : block + 3]:
        text = " ".join(b.lines[0].text.split())
        if NAME.match(text) and not _not_name(text):
            return True
    return False


def extract_signatories(ctx: Context) -> tuple[list[Signatory], int | None]:
    """Signatories and the index of the block that opens the signature (or None)."""
    start = None
    for i in range(len(ctx.blocks)):
        if _is_formula(ctx.block_text(i).strip()):
            start = i
    strict = False
    if start is None:
        # No formula: a place-and-date line or the organisation in capitals often opens the
        # block; otherwise look at the last lines of the body, but then a name only counts with
        # a role printed under it or a second signer beside it.
        openers = [
            i
            for i in range(len(ctx.blocks))
            if _is_place_date(text := ctx.block_text(i).strip())
            or (text.isupper() and 3 < len(text) < 60)
        ]
        # the last opener with a name right after it ("Stockholm den 12 mars 2009" over the
        # signers on page 1 of a proposition, not a heading in capitals on page 30); else the
        # last opener
        named = [i for i in openers if _name_follows(ctx, i)]
        if named or openers:
            start = (named or openers)[-1]
        if start is None:
            if len(ctx.blocks) < 2:
                return [], None
            start = max(0, len(ctx.blocks) - 10)
            strict = True
    signers: list[Signatory] = []
    formula_line = ctx.blocks[start].lines[-1]
    candidates = [
        ln
        for ln in _after(ctx, start)
        if ln.page == formula_line.page or ln.page == formula_line.page + 1
    ]
    by_row: list[Line] = sorted(candidates, key=lambda ln: (ln.page, ln.top, ln.x0))
    for k, line in enumerate(by_row):
        text = " ".join(line.text.split())
        if _copy_head(text) or _is_contact_head(text):
            break  # a copy list, or contact persons ("Kontakt", "Presskontakt"): not signers
        if NAME.match(text) and not _not_name(text):
            role = None
            below = [
                ln
                for ln in by_row[k + 1 :]
                if ln.page == line.page
                and abs(ln.x0 - line.x0) < 4
                and -1.5 < ln.top - line.bottom < line.size * 1.2
            ]
            if below:
                cand = below[0].text.strip()
                if (
                    not NAME.match(cand)
                    and len(cand) < 60
                    and not _copy_head(cand)
                    and not MINISTRY_NOTE.match(cand)
                ):
                    role = cand
            beside = any(
                ln is not line
                and ln.page == line.page
                and ln.row == line.row
                and NAME.match(" ".join(ln.text.split())) is not None
                for ln in by_row
            )
            if strict and role is None and not beside:
                continue
            idx = TextIndex([line])
            signers.append(Signatory(name=text, role=role, evidence=idx.spans(0, len(line.text))))
        elif signers and not (len(text) < 60):
            break
    return signers, start


def extract_copies(ctx: Context, after_block: int | None) -> list[Named]:
    result: list[Named] = []
    start = after_block or 0
    for i in range(start, len(ctx.blocks)):
        text = ctx.block_text(i).strip()
        m = _copy_head(text.split("\n")[0])
        if not m:
            continue
        block = ctx.blocks[i]
        first = block.lines[0]
        rest = m["rest"].strip()
        if rest and len(block.lines) == 1:
            for part in regex.split(r",\s*|;\s*", rest):
                if part.strip():
                    result.append(
                        Named(
                            name=part.strip().rstrip("."),
                            evidence=TextIndex([first]).spans(0, len(first.text)),
                        )
                    )
        lines = block.lines[1:] + [ln for b in ctx.blocks[i + 1 :] for ln in b.lines]
        for line in lines:
            entry = line.text.strip().lstrip("•-– ").rstrip(",.;")
            if not entry:
                continue
            if _is_formula(entry) or len(entry) > 120:
                break
            parts = [x.strip() for x in regex.split(r",\s+|;\s*", entry) if x.strip()]
            if len(parts) > 1:
                for part in parts:
                    start = line.text.find(part)
                    ev = TextIndex([line]).spans(max(0, start), max(0, start) + len(part))
                    result.append(Named(name=part, evidence=ev))
                continue
            result.append(_named(line, entry))
        break
    return result
