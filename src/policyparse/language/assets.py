"""Locating and loading the Swedish language assets in ``models/``.

The assets are data, not code, so they can be reviewed and extended without touching the
pipeline. A missing asset is an installation problem and fails fast with a clear message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from policyparse.errors import ModelAssetsError


def models_dir() -> Path:
    env = os.environ.get("POLICYPARSE_MODELS")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [here.parents[3] / "models", here.parents[1] / "models"]
    for cand in candidates:
        if (cand / "patterns").is_dir():
            return cand
    raise ModelAssetsError(
        "policyparse language assets not found; set POLICYPARSE_MODELS to the repository's "
        "models/ folder or install with `pip install -e .` from a checkout"
    )


def data_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise ModelAssetsError(f"missing language asset: {path}")
    return [
        line.rstrip("\n")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def abbreviations() -> tuple[str, ...]:
    return tuple(
        line.strip() for line in data_lines(models_dir() / "patterns" / "abbreviations.txt")
    )


@lru_cache(maxsize=1)
def lemma_overrides() -> dict[str, str]:
    rows = (
        line.split("\t") for line in data_lines(models_dir() / "patterns" / "lemma_overrides.tsv")
    )
    return {r[0]: r[1] for r in rows if len(r) >= 2}


@dataclass(frozen=True, slots=True)
class Body:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()


@dataclass(slots=True)
class Gazetteer:
    bodies: list[Body] = field(default_factory=list)
    by_form: dict[str, Body] = field(default_factory=dict)  # casefolded name/alias → body

    def lookup(self, text: str) -> Body | None:
        return self.by_form.get(" ".join(text.split()).casefold())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    path = models_dir() / "gazetteer" / "public_bodies.tsv"
    gaz = Gazetteer()
    if not path.is_file():
        return gaz  # rule patterns still find bodies by their shape; lookup simply misses
    lines = data_lines(path)
    for line in lines[1:]:
        cols = ([*line.split("\t"), "", "", "", ""])[:4]
        name, kind, aliases, former = (c.strip() for c in cols)
        if not name:
            continue
        body = Body(
            name,
            kind,
            tuple(a for a in aliases.split("|") if a),
            tuple(f for f in former.split("|") if f),
        )
        gaz.bodies.append(body)
        for form in (name, *body.aliases, *body.former_names):
            gaz.by_form.setdefault(form.casefold(), body)
    return gaz
