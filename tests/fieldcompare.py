"""Field-by-field comparison of a record with an expected record (GOLD-FORMAT).

Normalisation mirrors the shared scorer's: case, white space, dashes and quotes; registration
numbers also without spaces, dots and a leading dnr/dir./prop.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
QUOTES = dict.fromkeys(map(ord, "\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb"), None)
SINGLE = ["kind", "title", "date", "designation", "issuer", "position"]
SETS = ["diarienummer", "recipients", "assignees", "copies_to", "consultees", "references"]
ITEMS = ["tasks", "deadlines", "amounts", "signatories"]


def norm(value: Any) -> str:
    if value is None:
        return ""
    s = unicodedata.normalize("NFC", str(value)).replace("\u00ad", "")
    s = s.translate(DASHES).translate(QUOTES)
    return re.sub(r"\s+", " ", s).strip(" .,;:").casefold()


def norm_number(value: Any) -> str:
    s = re.sub(r"\(delvis\)", "", norm(value))
    s = re.sub(r"^(diarienummer|dnr|dir|prop)\b[.:]?", "", s)
    return re.sub(r"[\s.]", "", s)


def _name(item: Any, key: str = "name") -> Any:
    return item.get(key) if isinstance(item, dict) else item


def single(field: str, value: Any) -> str:
    if field == "designation":
        return norm_number(value)
    if field == "date":
        return str(value)[:10] if value else ""
    return norm(value)


def as_set(field: str, values: list[Any]) -> list[str]:
    key = norm_number if field in ("diarienummer", "references") else norm
    return sorted(key(_name(v)) for v in values)


def words(text: Any) -> set[str]:
    return set(re.findall(r"\w+", norm(text)))


def jaccard(a: Any, b: Any) -> float:
    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def unmatched_tasks(
    expected: list[dict[str, Any]], got: list[dict[str, Any]]
) -> tuple[list[str], list[str]]:
    """Greedy best-first pairing at Jaccard ≥ 0.6; returns (missing, extra) texts."""
    cands = sorted(
        (
            (jaccard(e["text"], g["text"]), i, j)
            for i, e in enumerate(expected)
            for j, g in enumerate(got)
        ),
        reverse=True,
    )
    used_e: set[int] = set()
    used_g: set[int] = set()
    for score, i, j in cands:
        if score < 0.6:
            break
        if i in used_e or j in used_g:
            continue
        used_e.add(i)
        used_g.add(j)
    missing = [e["text"] for i, e in enumerate(expected) if i not in used_e]
    extra = [g["text"] for j, g in enumerate(got) if j not in used_g]
    return missing, extra


def item_keys(field: str, items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    if field == "deadlines":
        return sorted((str(d["date"])[:10], d.get("recurrence"), d.get("kind")) for d in items)
    if field == "amounts":
        return sorted((float(a["value"]), a.get("qualifier") or "exact") for a in items)
    if field == "signatories":
        return sorted((norm(s["name"]), norm(s.get("role"))) for s in items)
    raise ValueError(field)
