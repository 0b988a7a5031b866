"""extract.amounts: sums of money in Swedish text, and numbers that are not money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.extract.amounts import _CURRENCY_END, _CURRENCY_HINTS, AMOUNT, find_amounts
from policyparse.text import folded

# text, matched substring, value, currency, qualifier, period
POSITIVE = [
    ("högst 25 000 000 kronor", "högst 25 000 000 kronor", 25_000_000, "SEK", "max", None),
    ("2,9 miljoner kronor", "2,9 miljoner kronor", 2_900_000, "SEK", "exact", None),
    (
        "500 miljoner kronor per år 2024–2026",
        "500 miljoner kronor per år 2024–2026",
        500_000_000,
        "SEK",
        "exact",
        "per år 2024–2026",
    ),
    ("en miljard kronor", "en miljard kronor", 1_000_000_000, "SEK", "exact", None),
    ("högst 10 miljoner euro", "högst 10 miljoner euro", 10_000_000, "EUR", "max", None),
    (
        "cirka 1,5 miljarder kronor",
        "cirka 1,5 miljarder kronor",
        1_500_000_000,
        "SEK",
        "approx",
        None,
    ),
    ("minst 300 000 kr", "minst 300 000 kr", 300_000, "SEK", "min", None),
    ("12 mnkr", "12 mnkr", 12_000_000, "SEK", "exact", None),
    (
        "Socialstyrelsen får använda högst 25 000 000 kronor för uppdraget under 2026.",
        "högst 25 000 000 kronor",
        25_000_000,
        "SEK",
        "max",
        None,
    ),
    (
        "Statens energimyndighet får för 2025 använda 2,9 miljoner kronor för att genomföra "
        "uppdraget.",
        "2,9 miljoner kronor",
        2_900_000,
        "SEK",
        "exact",
        None,
    ),
    (
        "Regeringen avsätter 500 miljoner kronor per år 2024–2026 för satsningen.",
        "500 miljoner kronor per år 2024–2026",
        500_000_000,
        "SEK",
        "exact",
        "per år 2024–2026",
    ),
    ("Kostnaden beräknas till ca 15 mnkr.", "ca 15 mnkr", 15_000_000, "SEK", "approx", None),
    ("Bidraget uppgår till 2.900.000 kronor.", "2.900.000 kronor", 2_900_000, "SEK", "exact", None),
    (
        "Högst 30 000 kronor per elev får lämnas.",
        "Högst 30 000 kronor per elev",
        30_000,
        "SEK",
        "max",
        "per elev",
    ),
    (
        "Stödet är upp till 20 miljoner kronor.",
        "upp till 20 miljoner kronor",
        20_000_000,
        "SEK",
        "max",
        None,
    ),
]


@pytest.mark.parametrize(("text", "matched", "value", "currency", "qualifier", "period"), POSITIVE)
def test_find_amounts_positive(
    text: str, matched: str, value: int, currency: str, qualifier: str, period: str | None
) -> None:
    found = find_amounts(text)
    assert len(found) == 1, found
    a = found[0]
    assert text[a.start : a.end] == matched
    assert a.value == value
    assert isinstance(a.value, int)  # whole amounts are ints, not Decimal('2900000.0')
    assert a.currency == currency
    assert a.qualifier == qualifier
    assert a.period == period


def test_fractional_amount_stays_decimal() -> None:
    found = find_amounts("Avgiften är 2,75 kronor per person.")
    assert len(found) == 1
    assert found[0].value == Decimal("2.75")
    assert found[0].period == "per person"


def test_two_amounts_in_one_sentence() -> None:
    text = (
        "Myndigheten får använda högst 4 000 000 kronor under 2025 och högst "
        "2 000 000 kronor under 2026."
    )
    found = find_amounts(text)
    assert [(a.value, a.qualifier) for a in found] == [(4_000_000, "max"), (2_000_000, "max")]


NEGATIVE = [
    "anslaget 1:6",
    "utgiftsområde 9",
    "25 procent",
    "under 2026",
    "2 900 000",
    "Medlen ska belasta anslaget 1:6 Bidrag till folkhälsa inom utgiftsområde 9 Hälsovård, "
    "sjukvård och social omsorg.",
    "Andelen ska öka med 25 procent under 2026.",
    "Totalt 2 900 000 invånare omfattas av screeningprogrammet.",
    "Ärendet S2026/00062 avser budgetåret 2026/27.",
    "Varje deltagare får en krona.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_an_amount(text: str) -> None:
    assert find_amounts(text) == []


AMOUNT_PARTS = ["högst", "25", "000", "2,9", "miljoner", "MNKR", "kronor", "Kr", "ſEK", "€"]
AMOUNT_PARTS += ["euro", "EUR", "dollar", "USD", "tkr", "en", "tre", "per", "år", "norska"]


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(AMOUNT_PARTS), max_size=8))
def test_find_amounts_pre_check_never_skips_a_match(parts: list[str]) -> None:
    """find_amounts skips a text without any currency word; AMOUNT never matches one."""
    text = " ".join(parts)
    if AMOUNT.search(text):
        assert any(hint in folded(text) for hint in _CURRENCY_HINTS)


NEAR_CURRENCY = [*AMOUNT_PARTS, "krav", "Europa", "kronorna", "5kr", "€5"]


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(NEAR_CURRENCY), max_size=6))
def test_currency_end_pre_check_never_skips_a_match(parts: list[str]) -> None:
    """find_amounts skips a text where no currency ends a word; AMOUNT never matches one."""
    text = " ".join(parts)
    if AMOUNT.search(text):
        assert _CURRENCY_END.search(text)
