"""Every fixture PDF against its expected record, field by field."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import policyparse
from tests.fieldcompare import ITEMS, SETS, SINGLE, as_set, item_keys, single, unmatched_tasks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPECTED = sorted(FIXTURES.glob("*.expected.json"))

# Known gaps, each a real shortcoming of the parser today (see the issue notes). strict=True:
# the test fails as soon as the parser gets it right, so the list cannot go stale.
# Empty today: both earlier gaps (table amounts, a work-noun task) are handled.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


SOURCE_SUFFIXES = (".pdf", ".html", ".md", ".txt")


def source_of(stem: str) -> Path:
    return next(
        FIXTURES / f"{stem}{s}" for s in SOURCE_SUFFIXES if (FIXTURES / f"{stem}{s}").exists()
    )


@cache
def parsed(stem: str) -> dict[str, Any]:
    doc = policyparse.parse(source_of(stem))
    return doc.model_dump(mode="json")


def cases() -> list[Any]:
    out = []
    for path in EXPECTED:
        stem = path.name.removesuffix(".expected.json")
        expected = json.loads(path.read_text(encoding="utf-8"))
        for field in SINGLE + SETS + ITEMS:
            if field not in expected:
                continue
            marks = []
            if (stem, field) in KNOWN_GAPS:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[(stem, field)]))
            out.append(
                pytest.param(stem, field, expected[field], id=f"{stem}:{field}", marks=marks)
            )
    return out


def test_fixture_set_is_complete() -> None:
    pdfs = {p.stem for s in SOURCE_SUFFIXES for p in FIXTURES.glob(f"*{s}")} - {"README"}
    stems = {p.name.removesuffix(".expected.json") for p in EXPECTED}
    assert pdfs == stems
    assert len(stems) >= 10


@pytest.mark.parametrize(("stem", "field", "expected"), cases())
def test_fixture_field(stem: str, field: str, expected: Any) -> None:
    got = parsed(stem).get(field)
    if field in SINGLE:
        assert single(field, got) == single(field, expected)
    elif field in SETS:
        assert as_set(field, got or []) == as_set(field, expected or [])
    elif field == "tasks":
        missing, extra = unmatched_tasks(expected or [], got or [])
        assert (missing, extra) == ([], [])
    else:
        assert item_keys(field, got or []) == item_keys(field, expected or [])
