"""The build carries the language assets: models/ goes into the sdist, and a build from that
sdist copies every file of it into the package as policyparse/models/ (setup.py). The full
check (wheel and sdist installed into a fresh venv, a fixture parsed from outside the
checkout) is scripts/check_install.py, which .ci/run calls after the tests."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from policyparse.errors import ModelAssetsError
from policyparse.language import assets

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"


def model_files() -> list[str]:
    return sorted(p.relative_to(MODELS).as_posix() for p in MODELS.rglob("*") if p.is_file())


def run(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_sdist_and_its_build_carry_every_model_file(tmp_path: Path) -> None:
    build = "from setuptools import build_meta as b; import sys; b.build_sdist(sys.argv[1])"
    run([sys.executable, "-c", build, str(tmp_path)], cwd=ROOT)
    (sdist,) = tmp_path.glob("policyparse-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
        tar.extractall(tmp_path, filter="data")
    top = names[0].split("/")[0]
    assert [
        n.split("/", 2)[2]
        for n in names
        if n.startswith(f"{top}/models/") and (tmp_path / n).is_file()
    ] == model_files()
    # what pip does with the sdist (or a checkout: pip install ., git+…)
    lib = tmp_path / "lib"
    run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)], tmp_path / top)
    packaged = lib / "policyparse" / "models"
    built = sorted(p.relative_to(packaged).as_posix() for p in packaged.rglob("*") if p.is_file())
    assert built == model_files()


def test_the_wheel_is_pure_python(tmp_path: Path) -> None:
    """The wheel installs anywhere without a compiler: tagged ``py3-none-any``, with no
    compiled module or C source in it (the layout code is Python only)."""
    build = "from setuptools import build_meta as b; import sys; b.build_wheel(sys.argv[1])"
    run([sys.executable, "-c", build, str(tmp_path)], cwd=ROOT)
    (wheel,) = tmp_path.glob("policyparse-*.whl")
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert not [n for n in names if n.endswith((".so", ".pyd", ".c"))]
    assert "policyparse/layout/lines.py" in names


def test_every_data_file_under_models_is_a_known_asset() -> None:
    """``ASSET_FILES`` is what ``policyparse doctor`` checks file by file: every data file
    in models/ must be on it (and exist), so a lost file cannot go unnoticed."""
    data = [f for f in model_files() if not f.endswith("README.md")]
    assert sorted(assets.ASSET_FILES) == data


def test_the_installed_copy_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "patterns").mkdir()
    monkeypatch.delenv(assets.MODELS_ENV, raising=False)
    monkeypatch.setattr(assets, "packaged_models", lambda: tmp_path)
    assert assets.locate_models() == assets.ModelsLocation(tmp_path, "installed package")


def test_without_an_installed_copy_the_checkout_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(assets.MODELS_ENV, raising=False)
    monkeypatch.setattr(assets, "packaged_models", lambda: tmp_path / "absent")
    assert assets.locate_models() == assets.ModelsLocation(MODELS, "checkout")


def test_the_override_alone_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user who sets POLICYPARSE_MODELS means that folder: an empty one is an error that
    names it, not a silent fall-back to another copy."""
    monkeypatch.setenv(assets.MODELS_ENV, str(tmp_path))
    with pytest.raises(ModelAssetsError, match=str(tmp_path)) as info:
        assets.models_dir()
    assert "\n" not in str(info.value)
