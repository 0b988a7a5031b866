"""Cross-references: official series (SOU, Ds, dir., prop., skr.), other registration numbers,
committee designations ("Fi 2014:15")."""

from __future__ import annotations

from policyparse.extract.context import Context
from policyparse.extract.patterns import COMMITTEE, DNR, SERIES_REF, SERIES_TYPE
from policyparse.record import Reference

_EXCLUDED_SERIES = {"bet.", "rskr."}  # the Riksdag's handling of a bill cited with it


def extract_references(ctx: Context, own: set[str], title: str | None = None) -> list[Reference]:
    refs: list[Reference] = []
    seen = {o.replace(" ", "").casefold() for o in own}
    sources: list[tuple[str, int | None]] = [(ctx.body.text, 0)]
    if title:
        sources.append((title, None))
    for text, base in sources:
        taken: list[tuple[int, int]] = []
        for m in SERIES_REF.finditer(text):
            series = m["series"]
            if series.lower() in _EXCLUDED_SERIES:
                taken.append(m.span())
                continue
            name = f"{series} {m['num']}"
            taken.append(m.span())
            _add(refs, seen, ctx, name, SERIES_TYPE.get(series.lower(), "other"), m.span(), base)
        for pattern, rtype in ((DNR, "dnr"), (COMMITTEE, "other")):
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                if m.group(0).split()[0] in ("SOU", "Ds", "SFS"):
                    continue
                _add(refs, seen, ctx, m.group(0), rtype, m.span(), base)
    return refs


def _add(
    refs: list[Reference],
    seen: set[str],
    ctx: Context,
    name: str,
    rtype: str,
    span: tuple[int, int],
    base: int | None,
) -> None:
    key = name.replace(" ", "").replace(".", "").casefold()
    if key in seen or name.replace(" ", "").casefold() in seen:
        return
    seen.add(key)
    evidence = ctx.evidence(span[0], span[1]) if base is not None else []
    refs.append(Reference(name=name, type=rtype, evidence=evidence))  # type: ignore[arg-type]
