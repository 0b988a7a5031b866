"""``policyparse doctor`` and ``policyparse --version``: what this installation has.

Why: the same ``pip install`` gives different packages on different machines (OCR only
where tesseract and its Swedish data are installed, the extras only when asked for), and a
package built without its language assets installs fine and fails at the first document. The
doctor says which, and where each part was loaded from, so a user can tell what they got and
what to do about it. Its exit code says whether this installation can parse
(:data:`~policyparse.exitcodes.INSTALL_BROKEN` when it cannot); ``--json`` gives the same for
scripts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import policyparse
from policyparse import exitcodes
from policyparse.errors import PolicyParseError
from policyparse.language.assets import (
    ASSET_FILES,
    DOCTOR_HINT,
    GAZETTEER,
    MODELS_ENV,
    abbreviations,
    candidate_models,
    gazetteer,
    lemma_overrides,
    locate_models,
)

TESSERACT_TIMEOUT = 10.0  # seconds for `tesseract --version` / `--list-langs`; both take ms
OCR_LANGUAGE = "swe"  # the tesseract language data scanned Swedish documents need
# A short Swedish text run through the whole pipeline: proves spaCy, its lookup tables and
# every asset load together. Its record is not checked; only that parsing raises nothing.
SMOKE_TEXT = "Regeringsbeslut\n\nRegeringen ger Statskontoret i uppdrag att följa upp arbetet.\n"
PDF_BACKENDS = ("pdfplumber", "pypdfium2")
LANGUAGE_PACKAGES = ("spacy", "spacy-lookups-data")
EXTRAS = {"dask": "dask", "distributed": "dask", "pyarrow": "parquet"}  # package → extra


def dist_version(name: str) -> str | None:
    """The installed version of distribution ``name``, or None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _tesseract(binary: str, flag: str) -> str | None:
    try:
        done = subprocess.run(
            [binary, flag], capture_output=True, text=True, timeout=TESSERACT_TIMEOUT
        )
    except (OSError, subprocess.SubprocessError):
        return None
    # old releases print --version on stderr
    return (done.stdout or done.stderr) if done.returncode == 0 else None


def ocr_status() -> dict[str, Any]:
    """pytesseract and Pillow importable, the tesseract binary, its version and languages."""
    binary = shutil.which("tesseract")  # the same lookup as layout/ocr.py
    info: dict[str, Any] = {
        "pytesseract": dist_version("pytesseract")
        if importlib.util.find_spec("pytesseract")
        else None,
        "pillow": dist_version("pillow") if importlib.util.find_spec("PIL") else None,
        "tesseract": binary,
        "tesseract_version": None,
        "languages": [],
    }
    if binary is not None:
        words = (_tesseract(binary, "--version") or "").split()  # "tesseract 5.3.0 …"
        info["tesseract_version"] = words[1] if len(words) > 1 else None
        listed = _tesseract(binary, "--list-langs") or ""  # a heading, then one per line
        info["languages"] = [line.strip() for line in listed.splitlines()[1:] if line.strip()]
    info["swe"] = OCR_LANGUAGE in info["languages"]
    info["ready"] = bool(info["pytesseract"] and info["pillow"] and binary)
    return info


def assets_status() -> dict[str, Any]:
    """Where the language assets are, which files are there, and whether they load."""
    info: dict[str, Any] = {
        "found": False,
        "path": None,
        "origin": None,
        "looked_in": [str(c.path) for c in candidate_models()],
        "files": {},
        "gazetteer_bodies": None,
        "gazetteer_bytes": None,
        "error": None,
    }
    try:
        where = locate_models()
    except PolicyParseError as exc:
        info["error"] = str(exc).removesuffix(DOCTOR_HINT)  # the doctor is running already
        return info
    info.update(found=True, path=str(where.path), origin=where.origin)
    info["files"] = {rel: (where.path / rel).is_file() for rel in ASSET_FILES}
    missing = [rel for rel, present in info["files"].items() if not present]
    if missing:
        fix = (
            f"restore them there or unset {MODELS_ENV}"
            if where.origin == MODELS_ENV
            else "reinstall policyparse"
        )
        info["error"] = f"language assets missing in {where.path}: {', '.join(missing)}; {fix}"
        return info
    info["gazetteer_bytes"] = (where.path / GAZETTEER).stat().st_size
    try:
        from policyparse.language.labels import labels

        abbreviations(), lemma_overrides(), labels()
        info["gazetteer_bodies"] = len(gazetteer().bodies)
    except PolicyParseError as exc:
        info["error"] = str(exc)
    return info


def smoke_parse() -> str | None:
    """None when a short text parses, else the one-line reason it does not."""
    try:
        policyparse.parse(SMOKE_TEXT.encode(), name="doctor-check.txt")
    except Exception as exc:  # any failure here is the finding, reported as one line
        return f"{type(exc).__name__}: {exc}"
    return None


def collect() -> dict[str, Any]:
    """Everything the doctor reports, JSON-serializable; ``ok`` says whether it can parse."""
    assets = assets_status()
    problems: list[str] = []
    if assets["error"]:
        problems.append(assets["error"])
    else:
        failure = smoke_parse()
        if failure:
            problems.append(f"parsing a short text failed: {failure}")
    return {
        "policyparse": {
            "version": policyparse.__version__,
            "location": str(Path(policyparse.__file__).resolve().parent),
        },
        "python": {"version": platform.python_version(), "executable": sys.executable},
        "assets": assets,
        "pdf_backends": {name: dist_version(name) for name in PDF_BACKENDS},
        "language": {name: dist_version(name) for name in LANGUAGE_PACKAGES},
        "ocr": ocr_status(),
        "extras": {name: dist_version(name) for name in EXTRAS},
        "ok": not problems,
        "problems": problems,
    }


def _or_missing(version: str | None) -> str:
    return version if version else "not installed"


def render(info: dict[str, Any]) -> list[str]:
    """The human-readable report, one fact per line."""
    pkg, py, assets, ocr = (info[k] for k in ("policyparse", "python", "assets", "ocr"))
    lines = [
        f"policyparse {pkg['version']} at {pkg['location']}",
        f"python {py['version']} ({py['executable']})",
    ]
    if assets["found"]:
        lines.append(f"language assets: {assets['path']} ({assets['origin']})")
        for rel, present in assets["files"].items():
            extra = ""
            if rel == GAZETTEER and present and assets["gazetteer_bodies"] is not None:
                extra = f", {assets['gazetteer_bodies']} bodies, {assets['gazetteer_bytes']} bytes"
            lines.append(f"  {rel}: {'present' if present else 'MISSING'}{extra}")
    else:
        lines.append(f"language assets: NOT FOUND (looked in {', '.join(assets['looked_in'])})")
    backends = ", ".join(f"{k} {_or_missing(v)}" for k, v in info["pdf_backends"].items())
    lines.append(f"PDF backends: {backends}")
    language = ", ".join(f"{k} {_or_missing(v)}" for k, v in info["language"].items())
    lines.append(f"language: {language}")
    lines.append(f"OCR: {_ocr_line(ocr)}")
    extras = ", ".join(f"{k} {_or_missing(v)}" for k, v in info["extras"].items())
    lines.append(f"optional extras: {extras}")
    if info["ok"]:
        lines.append("ok: this installation can parse documents")
    return lines


def _ocr_line(ocr: dict[str, Any]) -> str:
    if not ocr["tesseract"]:
        tess = "tesseract not found (apt install tesseract-ocr tesseract-ocr-swe)"
    else:
        langs = ", ".join(ocr["languages"]) or "none listed"
        version = ocr["tesseract_version"] or "?"
        tess = f"tesseract {version} ({ocr['tesseract']}), languages {langs}"
        if not ocr["swe"]:
            tess += f"; no '{OCR_LANGUAGE}' data (apt install tesseract-ocr-swe)"
    py = f"pytesseract {_or_missing(ocr['pytesseract'])}, Pillow {_or_missing(ocr['pillow'])}"
    if not (ocr["pytesseract"] and ocr["pillow"]):
        py += " (pip install 'policyparse[ocr]')"
    state = "available" if ocr["ready"] else "unavailable: scanned PDFs give no_text"
    return f"{state}; {py}; {tess}"


def run(as_json: bool = False) -> int:
    """Print the report (text or JSON) and return the exit code: OK when this installation
    can parse, INSTALL_BROKEN otherwise, with one line per problem on stderr."""
    info = collect()
    if as_json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
    else:
        print("\n".join(render(info)))
    for problem in info["problems"]:
        print(f"policyparse doctor: {problem}", file=sys.stderr)
    return exitcodes.OK if info["ok"] else exitcodes.INSTALL_BROKEN


def add_doctor_parser(sub: Any) -> None:
    """The ``doctor`` subcommand on ``sub`` (the command's subparsers)."""
    d = sub.add_parser(
        "doctor",
        help="what this installation has (assets, PDF backends, OCR, extras)",
        description=f"Exit {exitcodes.OK} when this installation can parse documents, "
        f"{exitcodes.INSTALL_BROKEN} when it cannot (for example, the language assets are "
        f"missing: reinstall policyparse, or set {MODELS_ENV}).",
    )
    d.add_argument("--json", action="store_true", help="the report as one JSON object")


def version_line() -> str:
    """``policyparse --version``: the version and what this install runs with, in one line
    (no parse and no language listing, so it stays quick)."""
    ocr = ocr_status()
    parts: list[str] = []
    if ocr["ready"]:
        swe = f" {OCR_LANGUAGE}" if ocr["swe"] else f" without {OCR_LANGUAGE}"
        parts.append(f"OCR: tesseract {ocr['tesseract_version'] or '?'}{swe}")
    else:
        parts.append("no OCR")
    try:
        parts.append(f"assets: {locate_models().origin}")
    except PolicyParseError:
        parts.append("assets MISSING")
    return f"policyparse {policyparse.__version__} ({', '.join(parts)})"


class VersionAction(argparse.Action):
    """``--version`` computing :func:`version_line` only when asked (argparse's own action
    takes a string built on every run)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kw: Any):
        kw.setdefault("help", "show the version and what this installation runs with")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kw)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(version_line())
        parser.exit()
