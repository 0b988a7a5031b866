"""Faults of a batch run that the code around the parser must survive (issue 16): a parent
that grew before its workers start (resume, append), SIGTERM/SIGHUP, a full disk.

The parent's growth is simulated with an anonymous ``mmap`` (address space that is never
touched, so it costs no real memory), with an explicit ``--max-memory-mb`` below the parent's
size: a worker forked from that parent would start over its cap.
"""

from __future__ import annotations

import json
import mmap
import os
import resource
import shutil
import signal
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

# `python -c MAIN N batch ...`: the command line, in a process that maps N MB more while the
# run checks what the output holds (as hashing in threads, pyarrow and reading a big output
# do), after the workers' fork server has started and before the first worker.
BALLAST_MAIN = """
import mmap, sys
import policyparse.batchio.runner as runner
size = int(sys.argv.pop(1)) << 20
plan = runner.plan
def grown(*args):
    runner.ballast = mmap.mmap(-1, size)
    return plan(*args)
runner.plan = grown
from policyparse.cli import console
console()
"""


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


# --------------------------------------------------------------------------- signals

STOP_CASES = [
    (signal.SIGTERM, "jsonl", 143),
    (signal.SIGTERM, "sqlite", 143),
    (signal.SIGTERM, "parquet", 143),
    (signal.SIGHUP, "jsonl", 143),
    (signal.SIGINT, "jsonl", 130),
]


@pytest.mark.parametrize(("signum", "fmt", "code"), STOP_CASES)
def test_a_stop_signal_closes_the_output_and_the_run_resumes(
    tmp_path: Path, signum: int, fmt: str, code: int
) -> None:
    """SIGTERM and SIGHUP (schedulers, ``timeout``, a closed terminal) stop the run as Ctrl-C
    does: the output is closed properly (Parquet merged, SQLite checkpointed), the summary and
    the resume hint are printed, the exit code says why; a second signal while it closes is
    ignored. Then the same command parses each remaining input once."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"out.{fmt}"
    inputs = _inputs(tmp_path / "in", ["a1.pdf", "a2.pdf", "a3-sover.pdf", "a4.pdf"])
    cmd = _cli(tmp_path / "in", "-o", out, "-j", "1", "--no-progress")
    env = os.environ | {"POLICYPARSE_TEST_SLEEP_ON": "a3-sover.pdf"}
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(out, 2, proc)
        proc.send_signal(signum)
        proc.send_signal(signum)  # impatient: a second one while the output closes
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    assert "4 inputs: 2 parsed (2 pages)" in stderr  # the summary
    assert stderr.rstrip().splitlines()[-1] == (
        f"policyparse: stopped by {signal.Signals(signum).name}; "
        "run the same command again to resume"
    )
    assert sorted(r["source"] for r in _records(out)) == [str(p) for p in inputs[:2]]
    assert not out.with_name(f".{out.name}.partial.jsonl").exists()  # Parquet: merged
    assert not Path(f"{out}-wal").exists() or not Path(f"{out}-wal").stat().st_size

    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "2 already in" in run.stderr
    assert sorted(r["source"] for r in _records(out)) == [str(p) for p in inputs]


# --------------------------------------------------------------------------- disk full

BIG_LINES = [  # fixtures whose lines are 8–10 KB
    FIXTURES / n for n in ("rb-ivo-avstavning.pdf", "rb-solcellsparker-flera-myndigheter.pdf")
]
# The small disk: room for about ten lines (creating the SQLite catalog takes ~480 KB).
DISK_KB = {"jsonl": 96, "sqlite": 512, "parquet": 96}


@pytest.fixture
def small_disk(tmp_path: Path, fmt: str) -> Iterator[Path]:
    """A tmpfs of ``DISK_KB`` KB (needs root and mount permission: skipped otherwise),
    unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_KB[fmt]}k", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_disk_full_is_one_line_and_the_output_resumes(small_disk: Path, fmt: str) -> None:
    """The output's disk fills up mid-run: one line naming the output and the cause, exit
    code 5, no traceback; after space is freed, the same command gives every input once."""
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    folder = small_disk.parent / "in"
    folder.mkdir()
    inputs = []
    for i in range(24):
        inputs.append(folder / f"d{i:02d}.pdf")
        shutil.copy(BIG_LINES[i % len(BIG_LINES)], inputs[-1])
    out = small_disk / f"out.{fmt}"
    cmd = _cli(folder, "-o", out, "-j", "1", "--no-progress")
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 5, run.stderr
    assert "Traceback" not in run.stderr
    last = run.stderr.rstrip().splitlines()[-1]
    assert last.startswith(f"policyparse: cannot write {out}: ")
    assert "No space left on device" in last or "disk is full" in last
    assert last.endswith(
        "what was written is kept: free space and run the same command again to resume"
    )

    remount = ["mount", "-o", "remount,size=8m", str(small_disk)]
    subprocess.run(remount, check=True, capture_output=True)
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    sources = [r["source"] for r in _records(out)]
    assert sorted(sources) == [str(p) for p in inputs]


def test_a_stop_signal_waits_for_the_line_being_written_and_a_second_is_ignored() -> None:
    from policyparse.batchio.faults import Stopped, StopSignals

    signals = StopSignals()
    steps: list[str] = []
    with signals.active():
        with pytest.raises(Stopped) as info:
            with signals.hold():
                os.kill(os.getpid(), signal.SIGTERM)
                steps.append("line written whole")
            steps.append("not reached")
        signals.closing()
        os.kill(os.getpid(), signal.SIGTERM)  # while the output closes: ignored
        steps.append("closed")
    assert steps == ["line written whole", "closed"]
    assert info.value.signum == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handlers are restored
