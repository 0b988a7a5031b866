"""Amounts with their appropriation (utgiftsområde, anslag, anslagspost, budget year, payer)."""

from __future__ import annotations

import regex

from policyparse.extract.amounts import find_amounts
from policyparse.extract.context import Context
from policyparse.extract.tables import extract_table_amounts
from policyparse.record import Amount, Appropriation

UO = regex.compile(
    r"utgiftsområde\s+(?P<n>\d{1,2})\s+(?P<name>[A-ZÅÄÖ][^,]*?)(?=,|\s+för\s+budgetåret|\s+uppfört|\s+under|\.|$)"
)
ANSLAG = regex.compile(
    r"anslag(?:et)?\s+(?P<n>\d{1,2}:\d{1,3})\s+(?P<name>[A-ZÅÄÖ][^,]*?)(?=,|\s+inom|\s+under|\.|$)"
)
POST = regex.compile(
    r"anslagspost(?:en)?\s+(?P<n>\d{1,3}(?:\.\d+)?)\s+(?P<name>[^,.]*?)(?=,|\.|$|\s+och\s)"
)
YEAR = regex.compile(r"budgetåret?\s+(?P<y>(?:19|20)\d\d)")
PAYER = regex.compile(
    r"(?P<p>Kammarkollegiet|Regeringskansliet|[A-ZÅÄÖ]\w+verket)\s+(?:ska\s+)?betala[rs]?\s+ut|"
    r"betalas\s+ut\b[^.]*?\b(?:av|till|från)\s+(?P<q>Kammarkollegiet|[A-ZÅÄÖ]\w+)"
)


def _appropriation(text: str, following: str) -> Appropriation | None:
    window = text + " " + following
    uo, an, post, year = (
        UO.search(window),
        ANSLAG.search(window),
        POST.search(window),
        YEAR.search(window),
    )
    if not (uo or an or post):
        return None
    payer = PAYER.search(following) or PAYER.search(text)
    return Appropriation(
        budget_year=int(year["y"]) if year else None,
        utgiftsomrade=int(uo["n"]) if uo else None,
        utgiftsomrade_name=" ".join(uo["name"].split()) if uo else None,
        anslag=an["n"] if an else None,
        anslag_name=" ".join(an["name"].split()) if an else None,
        anslagspost=post["n"] if post else None,
        anslagspost_name=" ".join(post["name"].split()) if post else None,
        paid_by=(payer["p"] or payer["q"]) if payer else None,
    )


def extract_amounts(ctx: Context, blocks: set[int]) -> list[Amount]:
    """Sums of money in the sentences of ``blocks`` and in the money columns of their tables,
    in document order."""
    result: list[tuple[int, Amount]] = []
    sents = [s for s in ctx.sentences if s.block in blocks]
    for i, sent in enumerate(sents):
        matches = find_amounts(sent.text)
        if not matches:
            continue
        following = " ".join(s.text for s in sents[i + 1 : i + 3])
        approp = _appropriation(sent.text, following)
        for m in matches:
            result.append(
                (
                    sent.start + m.start,
                    Amount(
                        value=m.value,
                        currency=m.currency,
                        qualifier=m.qualifier,  # type: ignore[arg-type]
                        period=m.period,
                        text=" ".join(sent.text.strip().split()),
                        appropriation=approp,
                        evidence=ctx.evidence(sent.start + m.start, sent.start + m.end),
                    ),
                )
            )
    result += extract_table_amounts(ctx, blocks)
    result.sort(key=lambda pair: pair[0])
    return [amount for _, amount in result]
