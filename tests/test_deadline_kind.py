"""extract.deadlines.classify: the kind of a dated obligation, from its sentence."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.extract.deadlines import CUE, CUE_WORDS, KIND_REPORT, SAME_TIME, classify
from policyparse.text import folded


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "En delredovisning av uppdraget ska lämnas till Regeringskansliet "
            "(Socialdepartementet) senast den 31 januari 2025.",
            "interim_report",
        ),
        ("Uppdraget ska delredovisas senast den 1 oktober 2025.", "interim_report"),
        ("En delrapport ska lämnas senast den 30 juni 2026.", "interim_report"),
        ("Utredaren ska lämna ett delbetänkande senast den 1 juni 2025.", "interim_report"),
        ("Socialstyrelsen ska slutredovisa uppdraget senast den 1 mars 2027.", "final_report"),
        ("Uppdraget ska slutredovisas senast den 1 december 2027.", "final_report"),
        ("Uppdraget ska redovisas senast den 31 mars 2026.", "final_report"),
        (
            "Uppdraget ska redovisas till Regeringskansliet (Socialdepartementet) senast den "
            "31 januari 2024.",
            "final_report",
        ),
        ("Medlen ska rekvireras senast den 1 december 2026.", "requisition"),
        ("Rekvisition av medlen ska ske senast den 1 december 2026.", "requisition"),
        (
            "Medel som inte har använts ska återbetalas till Kammarkollegiet senast den "
            "31 januari 2027.",
            "repayment",
        ),
        (
            "En ekonomisk redovisning ska lämnas till Kammarkollegiet senast den 31 mars 2027.",
            "financial_report",
        ),
        ("Vetenskapsrådet ska senast den 15 maj 2025 redovisa de två indikatorerna.", "report"),
        (
            "Remissvaren ska ha kommit in till Justitiedepartementet senast den 13 maj 2025.",
            "response",
        ),
        ("Förordningen gäller till och med den 31 december 2027.", "validity"),
        ("Myndigheten ska inrätta ett kansli senast den 1 juli 2026.", "other"),
    ],
)
def test_classify(sentence: str, kind: str) -> None:
    assert classify(sentence) == kind


CUE_PARTS = ["SENAST", "före utgången", "utgången av", "till och med", "t.o.m.", "ska redovisas"]
CUE_PARTS += ["gäller från", "Årligen", "varje år", "sista dag", "sista svarsdagen", "svarsdatum"]
CUE_PARTS += ["remisstiden", "vid samma tidpunkt", "den 1 mars", "Uppdraget", "och", "till"]


@settings(max_examples=500, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(CUE_PARTS), max_size=3))
def test_cue_words_pre_check_never_skips_a_cue(parts: list[str]) -> None:
    """extract_deadlines skips a sentence without any of CUE_WORDS: neither CUE nor SAME_TIME
    matches one."""
    text = " ".join(parts)
    if CUE.search(text) or SAME_TIME.search(text):
        assert any(word in folded(text) for word in CUE_WORDS)


def test_report_kind_presence_test() -> None:
    """KIND_REPORT is a presence test: it finds what ``\\w*redovis\\w*|\\w*rapport\\w*|…``
    finds."""
    for text in ["slutredovisningen", "delrapporten", "betänkandet", "redovisas", "inget"]:
        old = regex.search(r"\w*redovis\w*|\w*rapport\w*|betänkande", text)
        assert bool(KIND_REPORT.search(text)) == bool(old)
