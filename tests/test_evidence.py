"""Every extracted item of every fixture carries evidence that lies on its page."""

from __future__ import annotations

from pathlib import Path

import pytest

import policyparse
from policyparse.evidence import grounded

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("pdf", sorted(FIXTURES.glob("*.pdf")), ids=lambda p: p.stem)
def test_items_are_grounded(pdf: Path) -> None:
    record = policyparse.parse(pdf).model_dump(mode="json")
    ok, total, bad = grounded(record)
    assert total >= 5  # every fixture has at least a title, a date and a few items
    assert bad == []
    assert ok == total


def test_ungrounded_item_is_detected() -> None:
    record = {
        "pages": [{"number": 1, "width": 595.0, "height": 842.0}],
        "tasks": [
            {"text": "x", "evidence": [{"page": 1, "bbox": [10, 900, 20, 910], "text": "x"}]}
        ],
        "deadlines": [{"date": "2026-01-01", "evidence": []}],
    }
    assert grounded(record) == (0, 2, ["tasks", "deadlines"])
