"""extract.deadlines.classify: the kind of a dated obligation, from its sentence."""

from __future__ import annotations

import pytest

from policyparse.extract.deadlines import classify


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
