"""One lock per batch output (issue 16, items 3 and 6): a second run on the same ``--out``
refuses with exit 4 and one line while the first holds it, including in the first run's final
rewrite, merge or checkpoint; a lock left behind by ``kill -9`` never blocks the next run.

The runs are real ``policyparse batch`` processes. The first run is held at a named point of
its output code by the test-only hook ``POLICYPARSE_TEST_PAUSE_AT=WHERE:MARKER``
(:func:`policyparse.batchio.work.pause_for_test`): it creates MARKER there and waits until
the test deletes it, so the second run starts exactly in that window.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from policyparse import exitcodes
from tests.textdocs import write_documents

REPO = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 90.0  # for a run to reach a point; far above what it takes (2-5 s)
POLL_SECONDS = 0.05

FORMATS = ("out.jsonl", "out.sqlite", "out.parquet")
# Where the first run is held: the last step before its output is complete.
FINAL_STEP = {
    ".jsonl": "jsonl-rewrite",
    ".sqlite": "sqlite-close",
    ".parquet": "parquet-merge",
}

DECISION = """Regeringsbeslut
Socialdepartementet
2026-01-{day:02d}
S2026/000{day:02d}

Uppdrag {day} att följa upp vården

Regeringen uppdrar åt Socialstyrelsen att följa upp vården i region {day}. Uppdraget ska
redovisas till Regeringskansliet (Socialdepartementet) senast den 1 mars 2027.
"""


def documents(folder: Path, count: int) -> list[Path]:
    return write_documents(folder, count, DECISION)


def command(out: Path, inputs: list[Path], *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "policyparse.cli",
        "batch",
        *map(str, inputs),
        "-o",
        str(out),
        "-j",
        "1",
        "--no-progress",
        *extra,
    ]


def run(out: Path, inputs: list[Path], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(out, inputs, *extra),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def needs_format(out: Path) -> None:
    if out.suffix == ".parquet" and importlib.util.find_spec("pyarrow") is None:
        pytest.skip("needs pyarrow")


def sources(out: Path) -> list[str]:
    """The input path of every row of the output (one per row, duplicates kept)."""
    if out.suffix == ".jsonl":
        lines = out.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["input"]["path"] for line in lines]
    if out.suffix == ".sqlite":
        con = sqlite3.connect(out)
        try:
            return [row[0] for row in con.execute("SELECT source FROM documents")]
        finally:
            con.close()
    # read in a process of its own: pyarrow loaded into the test process would change the
    # workers of later in-process batch tests
    code = "import json,sys,pyarrow.parquet as pq;"
    code += "print(json.dumps(pq.read_table(sys.argv[1])['source'].to_pylist()))"
    read = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True)
    assert read.returncode == 0, read.stderr
    return [str(s) for s in json.loads(read.stdout)]


def rows_so_far(out: Path) -> int:
    """How many results a running batch has written (0 while its output is not there yet)."""
    if out.suffix == ".sqlite":
        if not out.exists():
            return 0
        con = sqlite3.connect(f"file:{out}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        except sqlite3.OperationalError:  # the schema is not there yet
            return 0
        finally:
            con.close()
    written = out.with_name(f".{out.name}.partial.jsonl") if out.suffix == ".parquet" else out
    return written.read_bytes().count(b"\n") if written.exists() else 0


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not ready():
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else proc.returncode
        assert time.monotonic() < deadline, "the first run never got there"
        time.sleep(POLL_SECONDS)


def locked_line(out: Path, pid: int) -> str:
    return (
        f"policyparse: {out} is in use by another policyparse run (pid {pid}); "
        "wait for it or use another --out"
    )


@pytest.mark.parametrize("name", FORMATS)
def test_a_second_run_is_refused_until_the_first_has_finished_its_output(
    tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    needs_format(out)
    docs = documents(tmp_path / "in", 4)
    mine, theirs = docs[:2], docs[2:]
    if out.suffix == ".jsonl":  # the JSONL rewrite at the end needs a line to replace
        assert run(out, mine).returncode == 0
        mine[0].write_text(DECISION.format(day=9), encoding="utf-8")
    marker = tmp_path / "paused-here"
    env = os.environ | {"POLICYPARSE_TEST_PAUSE_AT": f"{FINAL_STEP[out.suffix]}:{marker}"}
    first = subprocess.Popen(
        command(out, mine), cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_until(marker.exists, first)  # held in its final rewrite / merge / checkpoint
        second = run(out, theirs)
        assert second.returncode == exitcodes.OUTPUT_LOCKED, second.stderr
        assert second.stderr.splitlines() == [locked_line(out, first.pid)]
    finally:
        marker.unlink(missing_ok=True)
        _, err = first.communicate(timeout=180)
    assert first.returncode == exitcodes.OK, err
    assert sorted(sources(out)) == sorted(map(str, mine))  # nothing of the first run lost
    assert not Path(f"{out}.lock").exists()

    again = run(out, theirs)  # once the first is done, the second goes through
    assert again.returncode == exitcodes.OK, again.stderr
    assert sorted(sources(out)) == sorted(map(str, docs))


@pytest.mark.parametrize("name", FORMATS)
def test_a_lock_left_by_kill_9_does_not_block_the_next_run(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    needs_format(out)
    docs = documents(tmp_path / "in", 4)
    env = os.environ | {"POLICYPARSE_TEST_SLEEP_ON": docs[2].name}  # stalls the run there
    first = subprocess.Popen(
        command(out, docs), cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_until(lambda: rows_so_far(out) >= 2, first)
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.communicate(timeout=60)
    assert Path(f"{out}.lock").exists()  # left behind: the case this test is about

    rerun = run(out, docs)
    assert rerun.returncode == exitcodes.OK, rerun.stderr
    assert sorted(sources(out)) == sorted(map(str, docs))  # each input once
    assert not Path(f"{out}.lock").exists()
