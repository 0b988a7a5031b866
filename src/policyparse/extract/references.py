"""Cross-references: official series (SOU, Ds, dir., prop., skr.), other registration numbers,
committee designations ("Fi 2014:15")."""

from __future__ import annotations

from policyparse.extract.context import Context
from policyparse.extract.patterns import COMMITTEE, DNR, SERIES_REF, SERIES_TYPE
from policyparse.layout.textindex import TextIndex
from policyparse.record import Reference

_EXCLUDED_SERIES = {"bet.", "rskr."}  # the Riksdag's handling of a bill cited with it


def extract_references(
    ctx: Context, own: set[str], title: TextIndex | None = None
) -> list[Reference]:
    """References in the body and the title; ``title``: ``TextIndex(ctx.layout.title)`` if
    the caller has it (the header extractor builds it)."""
    refs: list[Reference] = []
    seen = {_key(o) for o in own}
    if title is None:
        title = TextIndex(ctx.layout.title)
    for index in (ctx.body, title):
        text = index.text
        taken: list[tuple[int, int]] = []
        for m in SERIES_REF.finditer(text):
            series = m["series"]
            if series.lower() in _EXCLUDED_SERIES:
                taken.append(m.span())
                continue
            name = f"{series} {m['num']}"
            taken.append(m.span())
            _add(refs, seen, index, name, SERIES_TYPE.get(series.lower(), "other"), m.span())
        for pattern, rtype in ((DNR, "dnr"), (COMMITTEE, "other")):
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                if m.group(0).split()[0] in ("SOU", "Ds", "SFS"):
                    continue
                _add(refs, seen, index, m.group(0), rtype, m.span())
    return refs


def _add(
    refs: list[Reference],
    seen: set[str],
    index: TextIndex,
    name: str,
    rtype: str,
    span: tuple[int, int],
) -> None:
    key = _key(name)
    if key in seen:
        return
    seen.add(key)
    evidence = index.spans(span[0], span[1])
    refs.append(Reference(name=name, type=rtype, evidence=evidence))  # type: ignore[arg-type]


def _key(name: str) -> str:
    """'Dir. 2026:14', 'dir.2026:14' and 'DIR 2026:14' are one reference."""
    return name.replace(" ", "").replace(".", "").casefold()
