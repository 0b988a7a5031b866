"""``policyparse doctor`` and ``policyparse --version``, run as the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from policyparse import __version__, exitcodes
from policyparse.language.assets import ASSET_FILES, GAZETTEER

COMMAND = [sys.executable, "-m", "policyparse.cli"]


def policyparse(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "POLICYPARSE_MODELS"}
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, env={**environ, **env})


def test_doctor_reports_a_working_installation() -> None:
    done = policyparse("doctor")
    assert done.returncode == exitcodes.OK, done.stderr
    out = done.stdout
    assert out.startswith(f"policyparse {__version__} at ")
    for rel in ASSET_FILES:
        assert f"  {rel}: present" in out
    assert "bodies" in out.split(GAZETTEER)[1].splitlines()[0]
    for part in ("PDF backends: pdfplumber ", "OCR: ", "extras: "):
        assert part in out
    assert "kernels" not in out  # the package is pure Python: nothing compiled to report
    assert out.rstrip().endswith("ok: this installation can parse documents")
    assert done.stderr == ""


def test_doctor_json() -> None:
    done = policyparse("doctor", "--json")
    assert done.returncode == exitcodes.OK, done.stderr
    info = json.loads(done.stdout)
    assert info["ok"] is True and info["problems"] == []
    assert info["policyparse"]["version"] == __version__
    assert info["assets"]["found"] and all(info["assets"]["files"].values())
    assert info["assets"]["gazetteer_bodies"] > 0
    assert "kernels" not in info
    assert info["pdf_backends"]["pdfplumber"] and info["pdf_backends"]["pypdfium2"]
    assert set(info["ocr"]) >= {"pytesseract", "tesseract", "tesseract_version", "languages"}


def test_doctor_without_assets_says_what_to_do(tmp_path: Path) -> None:
    done = policyparse("doctor", POLICYPARSE_MODELS=str(tmp_path))
    assert done.returncode == exitcodes.INSTALL_BROKEN
    assert "language assets: NOT FOUND" in done.stdout
    (line,) = done.stderr.splitlines()
    assert line.startswith("policyparse doctor: ") and str(tmp_path) in line
    assert "POLICYPARSE_MODELS" in line


def test_doctor_with_an_asset_file_missing(tmp_path: Path) -> None:
    for rel in ASSET_FILES[1:]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# empty\n", encoding="utf-8")
    done = policyparse("doctor", "--json", POLICYPARSE_MODELS=str(tmp_path))
    assert done.returncode == exitcodes.INSTALL_BROKEN
    info = json.loads(done.stdout)
    assert info["assets"]["files"][ASSET_FILES[0]] is False
    (line,) = done.stderr.splitlines()
    assert ASSET_FILES[0] in line and "unset POLICYPARSE_MODELS" in line


def test_version_is_one_line_saying_what_runs() -> None:
    done = policyparse("--version")
    assert done.returncode == exitcodes.OK
    (line,) = done.stdout.splitlines()
    assert line.startswith(f"policyparse {__version__} (") and "kernels" not in line
    assert "OCR" in line and "assets: checkout" in line


def test_without_tesseract_ocr_is_reported_unavailable_and_parsing_still_ok() -> None:
    no_tesseract = str(Path(sys.executable).parent)  # a PATH without the system's binaries
    done = policyparse("doctor", PATH=no_tesseract)
    assert done.returncode == exitcodes.OK, done.stderr
    (ocr,) = [line for line in done.stdout.splitlines() if line.startswith("OCR: ")]
    assert ocr.startswith("OCR: unavailable: scanned PDFs give no_text")
    assert "tesseract not found (apt install tesseract-ocr tesseract-ocr-swe)" in ocr
    version = policyparse("--version", PATH=no_tesseract)
    assert "no OCR" in version.stdout
