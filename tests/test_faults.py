"""Faults of a batch run that the code around the parser must survive (issue 16): a parent
that grew before its workers start (resume, append), SIGTERM/SIGHUP, a full disk.

The parent's growth is simulated with an anonymous ``mmap`` (address space that is never
touched, so it costs no real memory) made before the run, with an explicit ``--max-memory-mb``
below the parent's size: a worker forked from that parent would start over its cap.
"""

from __future__ import annotations

import json
import mmap
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import policyparse
from policyparse.batchio.memwatch import virtual_size
from policyparse.batchio.pool import PoolConfig, WorkerPool

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
PDFS = [
    FIXTURES / n
    for n in (
        "dir-tillagg-forlangd-tid.pdf",
        "rb-andring-trafikverket-kopialista.pdf",
        "rb-ivo-avstavning.pdf",
    )
]
CAP_MB = 1000  # an explicit --max-memory-mb; a fresh worker needs ~300 MB of address space
BALLAST_MB = 1100  # what the parent maps before the run: its workers would start over the cap
FORMATS = ["jsonl", "sqlite", "parquet"]

# `python -c MAIN N batch ...`: the command line, in a process that first maps N MB.
BALLAST_MAIN = (
    "import mmap, sys; ballast = mmap.mmap(-1, int(sys.argv.pop(1)) << 20); "
    "from policyparse.cli import console; console()"
)


@pytest.fixture
def ballast() -> Iterator[mmap.mmap | None]:
    """Grow this process's address space past ``CAP_MB`` (unless it is there already)."""
    size = virtual_size() or 0
    extra = max(0, (CAP_MB + 100 << 20) - size)
    mapping = mmap.mmap(-1, extra) if extra else None
    yield mapping
    if mapping is not None:
        mapping.close()


def _address_space_cap(_: int) -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def test_parse_many_workers_do_not_inherit_the_parents_size(
    ballast: mmap.mmap | None,
) -> None:
    """A library caller that has grown (a notebook with pyarrow and data loaded) still gets
    workers that start small: forked from a fork server, not from the caller."""
    assert (virtual_size() or 0) >> 20 > CAP_MB
    results = list(policyparse.parse_many(PDFS[:2], workers=2, max_memory_mb=CAP_MB))
    assert [r.source for r in results] == [str(p) for p in PDFS[:2]]
    assert all(isinstance(r, policyparse.Document) for r in results), results


def test_relative_cap_is_measured_from_the_workers_own_size(ballast: mmap.mmap | None) -> None:
    """With ``memory_headroom_mb`` and no absolute cap, a worker caps its address space at its
    own size after start-up plus the headroom, whatever the parent's size."""
    from policyparse.batchio.executors import SERVER_PRELOAD

    parent_mb = (virtual_size() or 0) >> 20
    config = PoolConfig(workers=1, memory_headroom_mb=500, start_method="forkserver")
    pool: WorkerPool[int, int] = WorkerPool(
        _address_space_cap,
        lambda task, etype, msg, secs: -1,
        config,
        server_preload=SERVER_PRELOAD,
    )
    with pool:
        (cap,) = pool.imap([0])
    assert 500 < cap >> 20 < parent_mb


def _cli(*args: str | Path, ballast_mb: int = 0) -> list[str]:
    if ballast_mb:
        return [sys.executable, "-c", BALLAST_MAIN, str(ballast_mb), "batch", *map(str, args)]
    return [sys.executable, "-m", "policyparse.cli", "batch", *map(str, args)]


def _records(out: Path) -> list[dict[str, Any]]:
    """Every line/row of an output, as the JSON records."""
    if out.suffix == ".jsonl":
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    if out.suffix == ".sqlite":
        con = sqlite3.connect(out)
        try:
            return [json.loads(r) for (r,) in con.execute("SELECT record FROM documents")]
        finally:
            con.close()
    pq = pytest.importorskip("pyarrow.parquet")
    return [json.loads(r) for r in pq.read_table(out).column("record").to_pylist()]


def _done_count(out: Path) -> int:
    """Inputs written so far by a run in progress (the Parquet sink writes a journal)."""
    if out.suffix == ".parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        journal = out.with_name(f".{out.name}.partial.jsonl")
        done = int(pq.read_metadata(out).num_rows) if out.exists() else 0
        return done + (journal.read_bytes().count(b"\n") if journal.exists() else 0)
    if out.suffix == ".sqlite":
        if not out.exists():
            return 0
        con = sqlite3.connect(out, timeout=5)
        try:
            return int(con.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        except sqlite3.OperationalError:
            return 0
        finally:
            con.close()
    return out.read_bytes().count(b"\n") if out.exists() else 0


def _inputs(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, name in enumerate(names):
        shutil.copy(PDFS[i % len(PDFS)], folder / name)
        paths.append(folder / name)
    return paths


def _wait_for(out: Path, lines: int, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while _done_count(out) < lines:
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, "the run wrote nothing"
        time.sleep(0.05)


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_after_kill_9_and_append_keep_workers_within_their_cap(
    tmp_path: Path, fmt: str
) -> None:
    """A finished run; then more inputs, killed with SIGKILL mid-way; then the same command
    with yet more inputs, from a parent that grew past the cap: every input once, no
    ``resource_limit`` or ``worker_crashed`` line."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"out.{fmt}"
    first = _inputs(tmp_path / "a", ["a1.pdf", "a2.pdf"])
    common = ["-o", out, "-j", "1", "--no-progress", "--max-memory-mb", str(CAP_MB)]
    run = subprocess.run(_cli(*first, *common), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr

    second = _inputs(tmp_path / "b", ["b1.pdf", "b2-sover.pdf", "b3.pdf"])
    env = os.environ | {"POLICYPARSE_TEST_SLEEP_ON": "b2-sover.pdf"}  # stalls the run
    cmd = _cli(*first, *second, *common, ballast_mb=BALLAST_MB)
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(out, 3, proc)  # a1, a2 from the first run, b1 from this one
    finally:
        proc.kill()
        proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()

    third = _inputs(tmp_path / "c", ["c1.pdf", "c2.pdf"])
    cmd = _cli(*first, *second, *third, *common, ballast_mb=BALLAST_MB)
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    records = _records(out)
    sources = [r["source"] for r in records]
    assert sorted(sources) == sorted(str(p) for p in [*first, *second, *third])
    assert [r.get("error") for r in records] == [None] * len(records)
