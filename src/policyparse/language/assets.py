"""Locating and loading the Swedish language assets in ``models/``.

The assets are data, not code, so they can be reviewed and extended without touching the
pipeline. A missing asset is an installation problem and fails fast with a clear message.

Where they are: ``models/`` at the root of the repository is their one source. A wheel or
sdist build copies it into the package as ``policyparse/models/`` (``setup.py``), so an
installed package reads its own copy through :mod:`importlib.resources`; an editable install
has no copy and reads the checkout's. ``POLICYPARSE_MODELS`` overrides both (a folder laid out
like ``models/``), and then it alone counts: a user who sets it means that folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from policyparse.errors import ModelAssetsError

MODELS_ENV = "POLICYPARSE_MODELS"
"""Environment variable naming a models folder to use instead of the installed one."""

ASSET_FILES = (
    "patterns/abbreviations.txt",
    "patterns/lemma_overrides.tsv",
    "patterns/document_labels.tsv",
    "patterns/nominalizations.tsv",
    "gazetteer/public_bodies.tsv",
)
"""Every file the pipeline loads, relative to the models folder (``policyparse doctor`` and
the install check look for each)."""

GAZETTEER = "gazetteer/public_bodies.tsv"
DOCTOR_HINT = "; `policyparse doctor` shows what is installed"


@dataclass(frozen=True, slots=True)
class ModelsLocation:
    """Where the assets were found (``path``) and by which rule (``origin``)."""

    path: Path
    origin: str  # "POLICYPARSE_MODELS", "installed package" or "checkout"


def packaged_models() -> Path | None:
    """``policyparse/models`` inside the installed package, as a directory path, or None
    when the package is not a plain directory (a zip import) and so has no usable path."""
    root = resources.files("policyparse")
    return root / "models" if isinstance(root, Path) else None


def candidate_models() -> list[ModelsLocation]:
    """The places :func:`models_dir` looks, in order (the override alone when it is set)."""
    env = os.environ.get(MODELS_ENV)
    if env:
        return [ModelsLocation(Path(env), MODELS_ENV)]
    found = []
    packaged = packaged_models()
    if packaged is not None:
        found.append(ModelsLocation(packaged, "installed package"))
    here = Path(__file__).resolve()
    if here.parents[2].name == "src":  # src/policyparse/language/assets.py: a checkout
        found.append(ModelsLocation(here.parents[3] / "models", "checkout"))
    return found


def locate_models() -> ModelsLocation:
    """The first candidate that holds a ``patterns/`` folder; ModelAssetsError (one line that
    says where it looked and what to do) when none does."""
    candidates = candidate_models()
    for cand in candidates:
        if (cand.path / "patterns").is_dir():
            return cand
    where = ", ".join(str(c.path) for c in candidates)
    if os.environ.get(MODELS_ENV):
        hint = f"point {MODELS_ENV} to a copy of the repository's models/ or unset it"
    else:
        hint = f"reinstall policyparse, or set {MODELS_ENV} to the repository's models/"
    raise ModelAssetsError(
        f"policyparse language assets not found (looked in {where}); {hint}{DOCTOR_HINT}"
    )


def models_dir() -> Path:
    return locate_models().path


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
    path = models_dir() / GAZETTEER
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
