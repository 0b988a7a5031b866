"""Swedish dates in running text.

A regex, not dateparser: dateparser misses "senast den 31 januari 2024", invents dates from
"2026" and "1:6", and fills missing parts from today's date (see NOTES.md). Here a date without
a year stays without one (``year is None``) for the caller to resolve from context, e.g. an
annual deadline's first occurrence after the decision date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from policyparse.text import folded, has_any

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

_ISO = regex.compile(r"(?<![\d/:-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])")
_DAY_MONTH = regex.compile(
    rf"(?<!\w)(?:den\s+)?(?P<d>[0-3]?\d)(?::e|:a)?\s+(?P<mon>{_MONTH_ALT})\.?"
    rf"(?:\s+(?P<y>(?:19|20)\d\d))?(?!\w)",
    regex.IGNORECASE,
)
# "före utgången av mars 2028", "i slutet av juni 2027", "senast i mars 2028", "under 2027"
_MONTH_YEAR = regex.compile(
    rf"(?<!\w)(?P<pre>(?:före\s+)?utgången\s+av|i\s+slutet\s+av|i|under|senast\s+i|före)\s+"
    rf"(?P<mon>{_MONTH_ALT})\s+(?P<y>(?:19|20)\d\d)(?!\w)",
    regex.IGNORECASE,
)
_YEAR_END = regex.compile(
    r"(?<!\w)(?P<pre>(?:före\s+)?utgången\s+av|(?:senast\s+)?vid\s+utgången\s+av|i\s+slutet\s+av)"
    r"\s+(?:år\s+)?(?P<y>(?:19|20)\d\d)(?![\d:/])",
    regex.IGNORECASE,
)
_NUMERIC = regex.compile(r"(?<![\d/.-])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)\s+(?P<y>(?:19|20)\d\d)(?!\d)")
_DIGIT = regex.compile(r"\d")
# Every month name of _MONTH_ALT starts with one of these; _YEAR_END needs one of its words.
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_YEAR_END_WORDS = ("utgången", "slutet")


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    year: int | None
    month: int
    day: int
    precision: str = "day"  # day | month | year (a month or year deadline → its last day)

    def resolve(self, year: int | None = None) -> dt.date | None:
        y = self.year if self.year is not None else year
        if y is None:
            return None
        try:
            return dt.date(y, self.month, self.day)
        except ValueError:
            return None

    @property
    def date(self) -> dt.date | None:
        return self.resolve()


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month(name: str) -> int:
    """The month of a name the IGNORECASE patterns matched. Case-folded, not lower-cased: they
    also match "ſeptember" (long s) and a Kelvin sign for "k", which ``lower`` keeps."""
    return MONTHS[folded(name)]


def _candidates(text: str) -> Iterator[DateMatch]:
    """Every match of every date pattern, pattern by pattern, overlaps and impossible days
    (31 februari) included.

    Each pattern runs only when the text has what it cannot match without (a digit; a hyphen,
    a month name, a word of _YEAR_END, a slash): most sentences and header lines have no date.
    """
    if _DIGIT.search(text) is None:
        return
    low = folded(text)
    months = has_any(low, _MONTH_STEMS)
    if "-" in text:
        for m in _ISO.finditer(text):
            yield DateMatch(m.start(), m.end(), int(m["y"]), int(m["m"]), int(m["d"]))
    if months:
        for m in _DAY_MONTH.finditer(text):
            day = int(m["d"])
            if not 1 <= day <= 31:
                continue
            year = int(m["y"]) if m["y"] else None
            yield DateMatch(m.start(), m.end(), year, _month(m["mon"]), day)
        for m in _MONTH_YEAR.finditer(text):
            year, month = int(m["y"]), _month(m["mon"])
            last = _last_day(year, month)
            yield DateMatch(m.start(), m.end(), year, month, last, "month")
    if has_any(low, _YEAR_END_WORDS):
        for m in _YEAR_END.finditer(text):
            yield DateMatch(m.start(), m.end(), int(m["y"]), 12, 31, "year")
    if "/" in text:
        for m in _NUMERIC.finditer(text):
            day, mo = int(m["d"]), int(m["m"])
            if 1 <= day <= 31 and 1 <= mo <= 12:
                yield DateMatch(m.start(), m.end(), int(m["y"]), mo, day)


def has_date(text: str) -> bool:
    """``bool(find_dates(text))``."""
    return bool(_dates(text))


def find_dates(text: str) -> list[DateMatch]:
    """All dates in ``text``, left to right, without overlaps."""
    return list(_dates(text))


_CACHE_CHARS = 4096  # longer texts are searched afresh: the cache stays small


def _dates(text: str) -> tuple[DateMatch, ...]:
    """:func:`_find_dates`, cached for texts up to ``_CACHE_CHARS`` long: the header, the
    deadlines, the consultee list and the signature block ask about the same lines and
    sentences (about half of all calls repeat one). A pure function of ``text``, and its
    matches are frozen."""
    if len(text) > _CACHE_CHARS:
        return _find_dates(text)
    return _find_dates_cached(text)


def _find_dates(text: str) -> tuple[DateMatch, ...]:
    """The definition: every candidate that is a possible day, in text order (the longest
    first where two start together), none overlapping one kept before it."""
    found = list(_candidates(text))
    if not found:
        return ()
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[DateMatch] = []
    for d in found:
        if result and d.start < result[-1].end:
            continue
        if d.resolve(2000) is None:  # 31 februari and the like
            continue
        result.append(d)
    return tuple(result)


_find_dates_cached = lru_cache(maxsize=1024)(_find_dates)


def parse_date(text: str) -> dt.date | None:
    """The first complete date in ``text``, or None."""
    for d in find_dates(text):
        if d.year is not None:
            return d.date
    return None
