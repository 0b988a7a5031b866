"""Checking evidence: does every extracted item point at a box on its page?

Used by the tests and by ``tools/evidence_check.py`` over a batch output. An item counts as
grounded when it has at least one span and every span's bbox lies within its page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

ITEM_FIELDS = (
    "diarienummer",
    "recipients",
    "assignees",
    "tasks",
    "deadlines",
    "amounts",
    "signatories",
    "copies_to",
    "consultees",
    "references",
)


def _items(record: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for field in ITEM_FIELDS:
        for item in record.get(field) or []:
            yield field, item
    for field, prov in (record.get("provenance") or {}).items():
        if prov.get("evidence"):
            yield field, prov


def grounded(record: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(grounded items, all items, fields of the ungrounded ones) for one record."""
    sizes = {p["number"]: (p["width"], p["height"]) for p in record.get("pages") or []}
    ok = total = 0
    bad: list[str] = []
    for field, item in _items(record):
        total += 1
        spans = item.get("evidence") or []
        good = bool(spans)
        for span in spans:
            box, page = span.get("bbox"), span.get("page")
            if page is None:  # text input: character offsets
                good = good and span.get("char_start") is not None
                continue
            width, height = sizes.get(page, (0.0, 0.0))
            if box is None or not (
                -1 <= box[0] <= box[2] <= width + 1 and -1 <= box[1] <= box[3] <= height + 1
            ):
                good = False
        ok += good
        if not good:
            bad.append(field)
    return ok, total, bad
