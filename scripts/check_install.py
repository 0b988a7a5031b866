#!/usr/bin/env python3
"""Does the package a user installs work? Build it, install it away from the checkout, parse.

Why: the tests run against the editable install, which reads ``models/`` in the checkout, so
they pass whatever the wheel holds. This script (``.ci/run`` calls it after the tests) checks
what users get:

1. builds the wheel from a clean copy of the tree (``pip wheel .``, as ``pip install .`` and
   ``pip install git+…`` do) and the sdist (``python -m build --sdist``), and checks that
   both carry every file under ``models/``, and that the wheel is pure Python
   (``py3-none-any``, no compiled module in it), so it installs anywhere without a compiler;
2. makes a fresh venv outside the checkout and installs the wheel there, its dependencies
   from the package index;
3. from an empty folder outside the checkout, runs ``policyparse parse`` on a copy of a
   fixture and ``policyparse.parse()`` in Python, and compares the record with the fixture's
   expected record; checks that ``policyparse doctor`` finds the installed assets;
4. reinstalls the package from the sdist (pip builds a wheel from it) and checks again.

Any failure prints one line and exits 1. ``--wheel``/``--sdist`` check given files instead
of building them (to check a release, or to see the check fail on a broken build).
Stdlib only, so any Python 3.11 runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
FIXTURE = ROOT / "fixtures" / "rb-naturvard-belopp-euro.pdf"
# the record fields compared with the fixture's expected record (name lists by their names)
FIELDS = ("kind", "title", "date", "issuer")
NAME_LISTS = ("diarienummer", "recipients")
# variables that would let the installed package see the checkout, or change what it runs
SCRUBBED_ENV = ("PYTHONPATH", "POLICYPARSE_MODELS", "VIRTUAL_ENV")
PURE_WHEEL_TAG = "py3-none-any"  # the wheel's python-abi-platform tags: pure Python
COMPILED_SUFFIXES = (".so", ".pyd", ".dll", ".dylib", ".c")  # what a pure wheel never holds
# left out of the copy that is built when git cannot list the sources (as .gitignore does)
NOT_SOURCES = (
    ".git",
    ".venv",
    "build",
    "dist",
    "out",
    "*.egg-info",
    "__pycache__",
    "*.so",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
)
LOG_TAIL = 3  # lines of a failed command's output quoted in the failure line


class Failed(Exception):
    """A check failed; the message is the one line to print."""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", type=Path, help="check this wheel instead of building one")
    ap.add_argument("--sdist", type=Path, help="check this sdist instead of building one")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="policyparse-install-check-"))
    try:
        if tmp.resolve().is_relative_to(ROOT):
            raise Failed(f"temporary folder {tmp} is inside the checkout")
        check(tmp, a.wheel, a.sdist)
    except Failed as exc:
        print(f"check_install: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if a.keep:
            print(f"check_install: kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def check(tmp: Path, wheel: Path | None, sdist: Path | None) -> None:
    dist = tmp / "dist"
    if wheel is None or sdist is None:
        tree = clean_copy(tmp / "tree")
    if wheel is None:
        step("build the wheel (pip wheel .)")
        run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(tree)])
        wheel = one(dist.glob("policyparse-*.whl"), "wheel")
    if sdist is None:
        step("build the sdist (python -m build --sdist)")
        run([sys.executable, "-m", "build", "--sdist", "--outdir", str(dist), str(tree)])
        sdist = one(dist.glob("policyparse-*.tar.gz"), "sdist")
    check_wheel_files(wheel)
    check_sdist_files(sdist)

    venv = tmp / "venv"
    step(f"fresh venv {venv}, install {wheel.name} (dependencies from the index)")
    run([sys.executable, "-m", "venv", str(venv)])
    started = time.monotonic()
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)])
    step(f"installed in {time.monotonic() - started:.0f} s")
    check_installed(venv, tmp / "work-wheel")

    step(f"reinstall from {sdist.name} (pip builds a wheel from the sdist)")
    started = time.monotonic()
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    run([*pip, "--force-reinstall", "--no-deps", "--no-cache-dir", str(sdist)])
    step(f"installed in {time.monotonic() - started:.0f} s")
    check_installed(venv, tmp / "work-sdist")
    step("ok: wheel and sdist install and parse outside the checkout")


def clean_copy(dest: Path) -> Path:
    """The checkout's files as a clone would have them (tracked and new files, nothing git
    ignores), copied to ``dest``. Why: a build in the checkout reuses its ``build/`` folder,
    whose leftovers (an old copy of the assets, a compiled module) would go into the wheel
    and hide a broken build step; and the builds leave nothing in the checkout."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        files = [f for f in listed.split("\0") if f and (ROOT / f).is_file()]
    except (OSError, subprocess.CalledProcessError):
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*NOT_SOURCES))
        return dest
    for f in files:
        (dest / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, dest / f)
    return dest


def model_files() -> list[str]:
    files = sorted(p.relative_to(MODELS).as_posix() for p in MODELS.rglob("*") if p.is_file())
    if not files:
        raise Failed(f"no files under {MODELS}")
    return files


def check_wheel_files(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    missing = [f for f in model_files() if f"policyparse/models/{f}" not in names]
    if missing:
        raise Failed(
            f"{wheel.name} lacks language assets in policyparse/models/: {', '.join(missing)}"
        )
    if not wheel.name.endswith(f"-{PURE_WHEEL_TAG}.whl"):
        raise Failed(f"{wheel.name} is not a pure-Python wheel ({PURE_WHEEL_TAG})")
    compiled = sorted(n for n in names if n.endswith(COMPILED_SUFFIXES))
    if compiled:
        raise Failed(f"{wheel.name} holds compiled or C files: {', '.join(compiled)}")


def check_sdist_files(sdist: Path) -> None:
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    missing = [f for f in model_files() if f"models/{f}" not in names]
    if missing:
        raise Failed(f"{sdist.name} lacks language assets in models/: {', '.join(missing)}")


def check_installed(venv: Path, work: Path) -> None:
    """Parse a copy of the fixture from ``work`` (outside the checkout) with the installed
    command and library, and ask the installed doctor where the assets are."""
    work.mkdir()
    document = work / FIXTURE.name
    shutil.copyfile(FIXTURE, document)
    expected = expected_fields(json.loads(FIXTURE.with_suffix(".expected.json").read_text()))

    out = run([str(venv / "bin" / "policyparse"), "parse", document.name, "--compact"], work)
    compare("policyparse parse", expected_fields(json.loads(out)), expected)

    code = (
        "import json, sys, policyparse\n"
        "doc = policyparse.parse(sys.argv[1])\n"
        "print(json.dumps({'file': policyparse.__file__,"
        " 'record': json.loads(doc.model_dump_json())}))\n"
    )
    got = json.loads(run([str(venv / "bin" / "python"), "-c", code, document.name], work))
    if not Path(got["file"]).resolve().is_relative_to(venv.resolve()):
        raise Failed(f"import policyparse loaded {got['file']}, not the venv's copy")
    compare("policyparse.parse()", expected_fields(got["record"]), expected)

    doctor = json.loads(run([str(venv / "bin" / "policyparse"), "doctor", "--json"], work))
    assets = doctor["assets"]
    if assets["origin"] != "installed package" or not all(assets["files"].values()):
        raise Failed(f"policyparse doctor: assets {assets['origin']} at {assets['path']}")
    if not Path(assets["path"]).resolve().is_relative_to(venv.resolve()):
        raise Failed(f"policyparse doctor: assets read from {assets['path']}, outside the venv")
    step(f"parsed {FIXTURE.name}: {expected['kind']}, {str(expected['title'])[:50]}…; doctor ok")


def expected_fields(record: dict[str, object]) -> dict[str, object]:
    """The compared fields; a name list as its names (an expected record lists plain names,
    a parsed one objects with a ``name``)."""
    fields: dict[str, object] = {f: record.get(f) for f in FIELDS}
    for f in NAME_LISTS:
        items = record.get(f) or []
        assert isinstance(items, list)
        fields[f] = [i["name"] if isinstance(i, dict) else i for i in items]
    return fields


def compare(what: str, got: dict[str, object], expected: dict[str, object]) -> None:
    wrong = [f"{k}={got[k]!r} (expected {v!r})" for k, v in expected.items() if got[k] != v]
    if wrong:
        raise Failed(f"{what} {FIXTURE.name}: {'; '.join(wrong)}")


def run(args: list[str], cwd: Path | None = None) -> str:
    """Run a command with the checkout out of sight; its stdout, or Failed quoting the end
    of its output."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-LOG_TAIL:])
        raise Failed(f"{Path(args[0]).name} {' '.join(args[1:3])} exited {done.returncode}: {tail}")
    return done.stdout


def one(paths: Iterable[Path], what: str) -> Path:
    found = sorted(paths)
    if len(found) != 1:
        raise Failed(f"expected one {what}, found {len(found)}")
    return found[0]


def step(message: str) -> None:
    print(f"check_install: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
