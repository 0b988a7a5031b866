"""A period's start is not a deadline; a proposal heading from one body to another names the
deciding body."""

from __future__ import annotations

import datetime as dt

from policyparse.extract.context import Context, build_context
from policyparse.extract.deadlines import extract_deadlines
from policyparse.extract.municipal import extract_deciding_bodies
from policyparse.pipeline import Options, read_layout
from policyparse.source import open_source


def context_of(text: str) -> Context:
    return build_context(read_layout(open_source(text.encode()), Options()))


PREAMBLE = "# Avvikelse från bestämmelser om arbetstid\n\n## Förslag till beslut\n\n"


def _deadlines(text: str) -> list[tuple[str, str]]:
    ctx = context_of(PREAMBLE + text)
    blocks = set(range(len(ctx.blocks)))
    found = extract_deadlines(ctx, blocks, dt.date(2025, 4, 4))
    return [(d.date.isoformat(), d.kind) for d in found]


def test_validity_period_gives_its_end() -> None:
    text = "Kommunstyrelsen beslutar att bevilja avvikelse.\n\n"
    text += "Beslutet gäller under perioden 1 juli 2025–31 januari 2026.\n"
    assert _deadlines(text) == [("2026-01-31", "validity")]


def test_a_single_date_after_the_cue_is_kept() -> None:
    text = "Beslutet gäller till och med den 31 december 2026.\n"
    assert _deadlines(text) == [("2026-12-31", "validity")]


def test_proposal_from_one_body_to_another_names_the_decider() -> None:
    text = (
        "# Avvikelse från bestämmelser om arbetstid\n\n"
        "## Nämnden för Individ & Familjeomsorgs förslag till Kommunstyrelsen\n\n"
        "Kommunstyrelsen beslutar att bevilja avvikelse.\n"
    )
    assert [b.name for b in extract_deciding_bodies(context_of(text))] == ["Kommunstyrelsen"]


def test_a_proposal_for_a_plan_is_no_body() -> None:
    text = "# Plan\n\n## Förvaltningens förslag till ny översiktsplan\n\nText om planen.\n"
    assert extract_deciding_bodies(context_of(text)) == []


def test_a_yearly_date_after_a_first_one_starts_after_it() -> None:
    text = (
        "Resultatet ska redovisas till Regeringskansliet senast den 12 december 2025 och "
        "därefter den 3 oktober årligen.\n"
    )
    ctx = context_of(PREAMBLE + text)
    found = extract_deadlines(ctx, set(range(len(ctx.blocks))), dt.date(2025, 4, 3))
    assert [(d.date.isoformat(), d.recurrence) for d in found] == [
        ("2025-12-12", None),
        ("2026-10-03", "annual"),  # not 2025-10-03, which comes before the first report
    ]
