"""extract.dates: Swedish dates in running text, and the look-alikes that are not dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.extract.dates import (
    _DAY_MONTH,
    _DIGIT,
    _ISO,
    _MONTH_STEMS,
    _MONTH_YEAR,
    _NUMERIC,
    _YEAR_END,
    _YEAR_END_WORDS,
    find_dates,
    parse_date,
)
from policyparse.text import folded

# text, matched substring, (year, month, day), precision
POSITIVE = [
    ("senast den 31 januari 2024", "den 31 januari 2024", (2024, 1, 31), "day"),
    ("den 1 september 2030", "den 1 september 2030", (2030, 9, 1), "day"),
    ("2026-01-15", "2026-01-15", (2026, 1, 15), "day"),
    ("före utgången av mars 2028", "före utgången av mars 2028", (2028, 3, 31), "month"),
    ("Stockholm den 12 mars 2009", "den 12 mars 2009", (2009, 3, 12), "day"),
    (
        "Uppdraget ska redovisas till Regeringskansliet (Socialdepartementet) senast den "
        "31 januari 2024.",
        "den 31 januari 2024",
        (2024, 1, 31),
        "day",
    ),
    (
        "Beslut vid regeringssammanträde den 18 december 2014",
        "den 18 december 2014",
        (2014, 12, 18),
        "day",
    ),
    ("Beslutsdatum: 2026-01-15", "2026-01-15", (2026, 1, 15), "day"),
    (
        "Utredaren ska redovisa uppdraget senast i mars 2028.",
        "senast i mars 2028",
        (2028, 3, 31),
        "month",
    ),
    ("före utgången av februari 2028", "före utgången av februari 2028", (2028, 2, 29), "month"),
    (
        "Uppdraget ska slutredovisas senast vid utgången av 2026.",
        "senast vid utgången av 2026",
        (2026, 12, 31),
        "year",
    ),
    ("den 29 februari 2024", "den 29 februari 2024", (2024, 2, 29), "day"),
    ("den 3 jan. 2025", "den 3 jan. 2025", (2025, 1, 3), "day"),
]


@pytest.mark.parametrize(("text", "matched", "ymd", "precision"), POSITIVE)
def test_find_dates_positive(
    text: str, matched: str, ymd: tuple[int, int, int], precision: str
) -> None:
    found = find_dates(text)
    assert len(found) == 1, found
    d = found[0]
    assert text[d.start : d.end] == matched
    assert (d.year, d.month, d.day) == ymd
    assert d.precision == precision
    assert d.date == dt.date(*ymd)
    assert parse_date(text) == dt.date(*ymd)


def test_annual_date_without_year_stays_without_year() -> None:
    text = "Myndigheten ska årligen, senast den 1 september, redovisa hur medlen har använts."
    found = find_dates(text)
    assert len(found) == 1
    d = found[0]
    assert text[d.start : d.end] == "den 1 september"
    assert d.year is None
    assert (d.month, d.day) == (9, 1)
    assert d.date is None
    assert d.resolve(2026) == dt.date(2026, 9, 1)
    # no complete date in the sentence, and no year is invented from today
    assert parse_date(text) is None


def test_bare_annual_phrase() -> None:
    found = find_dates("årligen, senast den 1 september")
    assert [(d.year, d.month, d.day) for d in found] == [(None, 9, 1)]
    assert parse_date("årligen, senast den 1 september") is None


def test_two_dates_in_order_without_overlap() -> None:
    text = (
        "Uppdraget ska delredovisas senast den 1 mars 2026 och slutredovisas senast "
        "den 1 december 2027."
    )
    found = find_dates(text)
    assert [d.date for d in found] == [dt.date(2026, 3, 1), dt.date(2027, 12, 1)]
    assert found[0].end <= found[1].start
    assert parse_date(text) == dt.date(2026, 3, 1)


def test_parse_date_skips_yearless_date_for_later_complete_one() -> None:
    text = "Senast den 1 september varje år, första gången den 1 september 2026."
    assert parse_date(text) == dt.date(2026, 9, 1)


NEGATIVE = [
    "1:6",
    "2026",
    "S2026/00062",
    "den 31 februari 2024",
    "prop. 2023/24:1",
    "SFS 2009:400",
    "Medlen ska belasta anslaget 1:6 Bidrag till folkhälsa under 2026.",
    "Regeringen beslutar om ändring i regleringsbrevet för budgetåret 2026/27.",
    "Ärendet har diarienummer S2026/00062 och Fi2025/01935.",
    "Förordningen (SFS 2009:400) om offentlighet och sekretess.",
    "Se prop. 2023/24:1 utgiftsområde 9.",
    "den 31 april 2026",
    "2026-02-30",
    "2026-13-01",
    "Screening har pågått sedan 1960-talet.",
    "Utredningen (Fi 2014:15) har lämnat sitt betänkande.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_a_date(text: str) -> None:
    assert find_dates(text) == []
    assert parse_date(text) is None


DATE_PARTS = ["den", "1", "31", "MARS", "Maj", "sept.", "2026", "2026-01-15", "15/3", "i"]
DATE_PARTS += ["utgången", "UTGÅNGEN", "av", "slutet", "före", "under", "senast", "år", "1:a"]


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(DATE_PARTS), max_size=10))
def test_find_dates_pre_checks_never_skip_a_match(parts: list[str]) -> None:
    """find_dates runs a pattern only when the text has what the pattern cannot match
    without: whenever the pattern matches, that pre-check holds."""
    text = " ".join(parts)
    low = folded(text)
    gates = [
        (_ISO, "-" in text),
        (_DAY_MONTH, any(stem in low for stem in _MONTH_STEMS)),
        (_MONTH_YEAR, any(stem in low for stem in _MONTH_STEMS)),
        (_YEAR_END, any(word in low for word in _YEAR_END_WORDS)),
        (_NUMERIC, "/" in text),
    ]
    for pattern, gate in gates:
        if pattern.search(text):
            assert gate and _DIGIT.search(text), pattern.pattern


@pytest.mark.parametrize(
    "text",
    ["den 1 ſeptember 2026", "den 1 SEPTEMBER 2026", "den 1 ſept. 2026", "i slutet av ſept 2026"],
)
def test_month_names_that_only_case_folding_maps(text: str) -> None:
    """The IGNORECASE patterns match a long s (ſ) for "s"; the month is looked up case-folded
    (``lower`` keeps the ſ, and the lookup failed with a KeyError)."""
    (match,) = find_dates(text)
    assert (match.year, match.month) == (2026, 9)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(DATE_PARTS), max_size=10))
def test_cached_dates_match_the_definition(parts: list[str]) -> None:
    """find_dates and has_date answer from a per-text cache: asked twice, they give what the
    uncached definition gives, and a caller changing the returned list changes nothing."""
    from policyparse.extract import dates

    text = " ".join(parts)
    expected = list(dates._find_dates(text))
    first = find_dates(text)
    assert first == expected
    first.append(dates.DateMatch(0, 0, None, 1, 1))
    assert find_dates(text) == expected
    assert dates.has_date(text) == bool(expected)


def test_dates_cache_keeps_only_short_texts() -> None:
    from policyparse.extract import dates

    dates._find_dates_cached.cache_clear()
    long_text = "den 1 mars 2026 " * 400
    assert len(find_dates(long_text)) == 400
    assert find_dates("den 2 mars 2026")[0].day == 2
    assert dates._find_dates_cached.cache_info().currsize == 1
