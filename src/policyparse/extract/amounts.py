"""Sums of money: value in whole units, currency, qualifier, period.

"högst 25 000 000 kronor" → 25000000 SEK max; "2,9 miljoner kronor" → 2900000; "en miljard"
→ 1000000000; "10 miljoner euro" → EUR. Numbers use Swedish grouping (space, no-break space,
thin space or dot as thousands separator) and a decimal comma.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from policyparse.text import folded, has_any

NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "femton": 15,
    "tjugo": 20,
    "trettio": 30,
    "fyrtio": 40,
    "femtio": 50,
    "sextio": 60,
    "sjuttio": 70,
    "åttio": 80,
    "nittio": 90,
    "hundra": 100,
    "etthundra": 100,
    "tvåhundra": 200,
    "trehundra": 300,
    "fyrahundra": 400,
    "femhundra": 500,
}
SCALES = {
    "tusen": 10**3,
    "tkr": 10**3,
    "tsek": 10**3,
    "miljon": 10**6,
    "miljoner": 10**6,
    "mnkr": 10**6,
    "mkr": 10**6,
    "mn": 10**6,
    "mdkr": 10**9,
    "miljard": 10**9,
    "miljarder": 10**9,
    "mdr": 10**9,
    "md": 10**9,
}
CURRENCIES = {
    "kronor": "SEK",
    "kr": "SEK",
    "sek": "SEK",
    "kr.": "SEK",
    "tkr": "SEK",
    "mnkr": "SEK",
    "mkr": "SEK",
    "mdkr": "SEK",
    "euro": "EUR",
    "eur": "EUR",
    "€": "EUR",
    "dollar": "USD",
    "usd": "USD",
    "norska kronor": "NOK",
    "danska kronor": "DKK",
}
QUALIFIERS = {
    "högst": "max",
    "maximalt": "max",
    "upp till": "max",
    "som mest": "max",
    "minst": "min",
    "lägst": "min",
    "som minst": "min",
    "cirka": "approx",
    "ca": "approx",
    "ca.": "approx",
    "omkring": "approx",
    "ungefär": "approx",
    "drygt": "approx",
    "över": "approx",
    "nästan": "approx",
    "knappt": "approx",
    "runt": "approx",
    "närmare": "approx",
    "uppemot": "approx",
    "totalt": "exact",
    "sammanlagt": "exact",
}

_NUM = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_CUR = r"tkr|mnkr|mkr|mdkr|norska\s+kronor|danska\s+kronor|kronor|kr|sek|euro|eur|€|dollar|usd"
_QUAL = "|".join(sorted((regex.escape(q) for q in QUALIFIERS), key=len, reverse=True))

AMOUNT = regex.compile(
    rf"(?<!\w)(?:(?P<qual>{_QUAL})\s+)?(?:(?:sammanlagt|totalt|ytterligare)\s+)?"
    rf"(?P<num>{_NUM}|{_WORDS})(?:\s*[-–]\s*(?P<num2>{_NUM}))?"
    rf"\s*(?P<scale>{_SCALE})?\s*(?P<cur>{_CUR})(?!\w)",
    regex.IGNORECASE,
)
_GROUPING = regex.compile(r"[ \u00a0\u202f]")
_DOT_GROUPED = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_SPACES = regex.compile(r"\s+")
# Every currency of AMOUNT contains one of these (see policyparse.text.folded) ...
_CURRENCY_HINTS = ("kr", "sek", "eur", "€", "dollar", "usd")
# ... and ends in one of these, as a word's end: "krav" and "Europa" have no amount.
_CURRENCY_END = regex.compile(r"(?:kr|kronor|sek|euro?|€|dollar|usd)(?!\w)", regex.IGNORECASE)
_PERIOD = regex.compile(
    r"\s*(?P<p>(?:per|om)\s+år(?:\s+(?:under\s+)?(?:åren\s+)?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?)?"
    r"|årligen|per\s+månad|i\s+månaden|per\s+person|per\s+elev)",
    regex.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class AmountMatch:
    start: int
    end: int
    value: int | Decimal
    currency: str
    qualifier: str
    period: str | None


def to_number(raw: str) -> Decimal | None:
    """A Swedish number ("12 400 000", "2,9", "1.250.000", "tre") as a Decimal, or None."""
    low = raw.lower()
    if low in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[low])
    cleaned = _GROUPING.sub("", raw)
    if _DOT_GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None


def find_amounts(text: str) -> list[AmountMatch]:
    result: list[AmountMatch] = []
    low = folded(text)
    if not has_any(low, _CURRENCY_HINTS) or not _CURRENCY_END.search(text):
        return result  # most sentences: AMOUNT would try every position for nothing
    for m in AMOUNT.finditer(text):
        number = to_number(m["num"])
        if number is None:
            continue
        scale_word = (m["scale"] or "").lower()
        cur_word = _SPACES.sub(" ", m["cur"].lower())
        scale = SCALES.get(scale_word, 1) * (SCALES.get(cur_word, 1) if cur_word in SCALES else 1)
        if (
            m["num"].lower() in NUMBER_WORDS
            and not scale_word
            and m["num"].lower() in ("en", "ett")
        ):
            continue  # "en krona" style phrases are not sums of interest
        value = number * scale
        qual = QUALIFIERS.get((m["qual"] or "").lower(), "exact")
        if m["num2"]:
            qual = "approx"
        period_m = _PERIOD.match(text, m.end())
        period = period_m["p"] if period_m else None
        end = period_m.end() if period_m else m.end()
        whole: int | Decimal = int(value) if value == value.to_integral_value() else value
        result.append(
            AmountMatch(m.start(), end, whole, CURRENCIES.get(cur_word, "SEK"), qual, period)
        )
    return result
