"""Short text decisions for batch tests: real records, each parsed in well under a second."""

from __future__ import annotations

from pathlib import Path


def write_documents(folder: Path, count: int, template: str) -> list[Path]:
    """``count`` files ``beslut-N.txt`` in ``folder``, each ``template`` with ``day=N``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"beslut-{i}.txt" for i in range(1, count + 1)]
    for i, path in enumerate(paths, start=1):
        path.write_text(template.format(day=i), encoding="utf-8")
    return paths
