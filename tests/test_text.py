"""text: the case-folded form that substring pre-checks before IGNORECASE regexes use."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.text import folded, has_any


def test_folded_keeps_every_letter_ignorecase_matches() -> None:
    """A character the regex module's IGNORECASE takes for one of the letters the pre-checks
    look for (Kelvin sign, long s, dotted capital I, Ångström sign, …) folds to that letter.
    (Case partners of Latin letters are all in the Basic Multilingual Plane.)"""
    bmp = "".join(chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF)
    for letter in "abcdefghijklmnopqrstuvwxyzåäöé€":
        for ch in regex.findall(regex.escape(letter), bmp, regex.I):
            assert folded(ch) == letter, (hex(ord(ch)), letter)


def test_folded_words() -> None:
    assert "kronor" in folded("25 KRONOR")
    assert "redovis" in folded("REDOVİSAS")
    assert "sek" in folded("10 ſEK")
    assert "kr" in folded("5 \u212ar")


def test_folded_caches_only_short_texts() -> None:
    """A batch calls folded on every sentence of every document: the cache must not keep
    long texts alive (1,024 of them could be a gigabyte)."""
    from policyparse import text as text_module

    text_module._folded.cache_clear()
    long_text = "ÅÄÖ ſ " * 5000
    assert folded(long_text) == long_text.casefold()
    assert folded("Kelvin \u212a") == "kelvin k"
    assert text_module._folded.cache_info().currsize == 1


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text(alphabet="abcåäö. ", max_size=30), st.lists(st.text("abcåä.", max_size=3)))
def test_has_any_is_any_substring(low: str, words: list[str]) -> None:
    assert has_any(low, tuple(words)) == any(word in low for word in words)
    assert has_any(low, words) == any(word in low for word in words)
