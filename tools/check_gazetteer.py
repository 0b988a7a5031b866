#!/usr/bin/env python3
"""Validate models/gazetteer/public_bodies.tsv (stdlib only).

Checks: UTF-8, exact header, four tab-separated columns per row, an allowed type, no empty
name, no stray whitespace or empty |-items, no duplicate name, and that every surface form
(name, alias, former name) belongs to one row only — compared case-insensitively, as the
pipeline looks forms up casefolded. Also checks the fixed counts (290 municipalities, 21
regions, 21 länsstyrelser). Prints counts per type; exits 1 on any problem.

Usage: python tools/check_gazetteer.py [path/to/public_bodies.tsv]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

HEADER = ["name", "type", "aliases", "former_names"]
TYPES = (
    "ministry",
    "government_office",
    "agency",
    "lansstyrelse",
    "region",
    "municipality",
    "university",
    "court",
    "parliament_body",
    "company",
    "organisation",
)
EXACT_COUNTS = {"municipality": 290, "region": 21, "lansstyrelse": 21}
DEFAULT = Path(__file__).resolve().parents[1] / "models" / "gazetteer" / "public_bodies.tsv"


def norm(form: str) -> str:
    return " ".join(form.split()).casefold()


def check(path: Path) -> tuple[list[str], Counter[str]]:
    problems: list[str] = []
    counts: Counter[str] = Counter()
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{path}: cannot read as UTF-8: {exc}"], counts
    if text.startswith("\ufeff"):
        problems.append("file starts with a byte-order mark")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != HEADER:
        problems.append("line 1: header must be " + repr("\t".join(HEADER)))
    owner: dict[str, tuple[str, int]] = {}  # casefolded form -> (row name, line number)
    names: dict[str, int] = {}
    for no, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        if "\r" in line:
            problems.append(f"line {no}: carriage return (use LF line endings)")
        cols = line.split("\t")
        if len(cols) != 4:
            problems.append(f"line {no}: {len(cols)} columns, expected 4")
            continue
        name, kind, aliases, former = cols
        if not name.strip():
            problems.append(f"line {no}: empty name")
            continue
        if kind not in TYPES:
            problems.append(f"line {no}: {name}: unknown type {kind!r}")
        counts[kind] += 1
        forms = [("name", name)]
        for label, field in (("alias", aliases), ("former name", former)):
            if field == "":
                continue
            for item in field.split("|"):
                forms.append((label, item))
        seen_in_row: set[str] = set()
        for label, form in forms:
            if form != form.strip() or "  " in form or not form:
                problems.append(f"line {no}: {name}: {label} {form!r} is empty or has stray spaces")
                continue
            key = norm(form)
            if form in seen_in_row:
                problems.append(f"line {no}: {name}: {label} {form!r} repeated in the row")
            seen_in_row.add(form)
            prev = owner.get(key)
            if prev is None:
                owner[key] = (name, no)
            elif prev[1] != no and not (label == "name" and norm(prev[0]) == key):
                problems.append(
                    f"line {no}: {name}: {label} {form!r} is already a form of "
                    f"{prev[0]!r} (line {prev[1]})"
                )
        if norm(name) in names:
            problems.append(f"line {no}: duplicate name {name!r} (line {names[norm(name)]})")
        names.setdefault(norm(name), no)
    for kind, expected in EXACT_COUNTS.items():
        if counts[kind] != expected:
            problems.append(f"{kind}: {counts[kind]} rows, expected {expected}")
    return problems, counts


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    problems, counts = check(path)
    for kind in TYPES:
        print(f"{kind:18} {counts[kind]:5}")
    for kind in sorted(set(counts) - set(TYPES)):
        print(f"{kind:18} {counts[kind]:5}  (not an allowed type)")
    print(f"{'total':18} {sum(counts.values()):5}")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    print(f"OK: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
