"""The build step pyproject.toml cannot declare: packaging the language assets.

The package is pure Python (its wheel is ``py3-none-any``, installable without a compiler).
``models/`` (the gazetteer and patterns) is the one source of the language assets, kept at
the repository root so it can be reviewed apart from the code. The pipeline cannot run
without it, so every non-editable build (``pip wheel .``, ``pip install .``, a wheel built
from the sdist, ``pip install git+…``) copies it into the package as
``policyparse/models/``, where ``policyparse.language.assets`` finds it. ``MANIFEST.in``
puts ``models/`` into the sdist for the same reason. Editable installs read the checkout's
copy instead.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MODELS = "models"  # the assets' folder at the root of the checkout or sdist
PACKAGED_MODELS = ("policyparse", "models")  # where they go inside the installed package


def model_files() -> list[str]:
    """Every file under ``models/``, relative to it (POSIX separators), sorted.

    Fails the build when the folder is missing or empty: a package without its assets
    installs fine and only breaks at the first ``parse()``, which is worse than no package.
    """
    root = Path(__file__).resolve().parent / MODELS
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    if not files:
        raise SystemExit(f"setup.py: no language assets under {root}; the package needs them")
    return files


class BuildPyWithModels(build_py):
    """``build_py`` that also copies ``models/`` into the package (not in editable mode)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads the checkout's models/ in place
        for target, source in self._model_targets():
            self.mkpath(str(Path(target).parent))
            self.copy_file(source, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return [*outputs, *(target for target, _ in self._model_targets())]

    def _model_targets(self) -> list[tuple[str, str]]:
        dest = Path(self.build_lib, *PACKAGED_MODELS)
        src = Path(__file__).resolve().parent / MODELS
        return [(str(dest / rel), str(src / rel)) for rel in model_files()]


setup(cmdclass={"build_py": BuildPyWithModels})
