"""Resuming a batch: the output's lines and files as a killed or crowded run leaves them."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policyparse import exitcodes

REPO = Path(__file__).resolve().parent.parent

DECISION = """Regeringsbeslut
Socialdepartementet
2026-02-{day:02d}
S2026/001{day:02d}

Uppdrag {day} att granska skolan

Regeringen uppdrar åt Skolverket att granska skolan i kommun {day}. Uppdraget ska
redovisas till Regeringskansliet (Utbildningsdepartementet) senast den 1 juni 2027.
"""


def documents(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"beslut-{i}.txt" for i in range(1, count + 1)]
    for i, path in enumerate(paths, start=1):
        path.write_text(DECISION.format(day=i), encoding="utf-8")
    return paths


def batch_here(out: Path, inputs: list[Path]) -> None:
    """A run to make an output for the test to damage (in a process of its own, as every run
    here: pyarrow loaded into the test process would change later tests' workers)."""
    done = batch(out, inputs, out.with_name(f"{out.name}.summary.json"))
    assert done.returncode == exitcodes.OK, done.stderr


def needs_pyarrow() -> None:
    if importlib.util.find_spec("pyarrow") is None:
        pytest.skip("needs pyarrow")


def parquet_rows(out: Path) -> list[dict[str, Any]]:
    """The rows of a Parquet output, read in a process of its own (see :func:`batch_here`)."""
    code = "import json,sys,pyarrow.parquet as pq;"
    code += "print(json.dumps(pq.read_table(sys.argv[1]).to_pylist(), default=str))"
    read = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True)
    assert read.returncode == 0, read.stderr
    rows: list[dict[str, Any]] = json.loads(read.stdout)
    return rows


def batch(out: Path, inputs: list[Path], summary: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "policyparse.cli", "batch", *map(str, inputs)]
    cmd += ["-o", str(out), "-j", "1", "--no-progress", "--summary-json", str(summary)]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=180)


def test_a_parquet_batch_resumes_under_the_default_memory_cap(tmp_path: Path) -> None:
    """Reading the Parquet file on resume made pyarrow's allocator reserve ~1 GB in the
    parent; the forked workers then started over their address-space cap and the run hung."""
    needs_pyarrow()
    docs = documents(tmp_path / "in", 3)
    out = tmp_path / "out.parquet"
    batch_here(out, docs[:2])
    rerun = batch(out, docs, tmp_path / "summary.json")
    assert rerun.returncode == exitcodes.OK, rerun.stderr
    assert sorted(r["source"] for r in parquet_rows(out)) == sorted(map(str, docs))
