"""Batch at archive scale: inputs, isolation (timeouts, crashes, memory), crash-safe resume,
--retry-errors, SQLite/Parquet sinks, Dask, manifests and globs.

Fault injection uses the test-only hooks of ``policyparse.batchio.work._test_hooks``
(``POLICYPARSE_TEST_SLEEP_ON`` / ``_CRASH_ON`` / ``_ALLOC_ON`` = a file's base name).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import policyparse
from policyparse import cli, exitcodes
from policyparse.batchio.catalog import DEADLINES_PER_AGENCY, connect
from policyparse.batchio.pool import PoolConfig, WorkerPool
from policyparse.batchio.sinks import BatchError, open_sink

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SMALL = [
    FIXTURES / n for n in ("dir-tillagg-forlangd-tid.pdf", "rb-andring-trafikverket-kopialista.pdf")
]
REPO = Path(__file__).resolve().parent.parent
KILL_PDFS = [FIXTURES / n for n in ("dir-tillagg-forlangd-tid.pdf", "rb-ivo-avstavning.pdf")]
# Decisions with deadlines in 2026 for named agencies.
CATALOG_PDFS = [
    FIXTURES / n
    for n in (
        "rb-skolverket-tre-sidor.pdf",
        "rb-naturvard-belopp-euro.pdf",
        "rb-solcellsparker-flera-myndigheter.pdf",
        "rb-ivo-avstavning.pdf",
    )
]


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def by_source(path: Path) -> dict[str, dict[str, Any]]:
    records = read_lines(path)
    out = {r["source"]: r for r in records}
    assert len(out) == len(records), "an input appears twice"
    return out


def batch(*args: str | Path) -> int:
    return cli.main(["batch", *map(str, args), "--no-progress"])


def bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": folder / "tom.pdf",
        "corrupt": folder / "trasig.pdf",
        "unsupported": folder / "brus",
    }
    files["empty"].write_bytes(b"")
    files["corrupt"].write_bytes(b"%PDF-1.4 garbage")
    files["unsupported"].write_bytes(bytes(range(256)) * 8)
    return files


def test_bad_files_among_good_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = bad_files(tmp_path / "bad")
    out = tmp_path / "out.jsonl"
    summary = tmp_path / "summary.json"
    inputs = [*SMALL, tmp_path / "bad", tmp_path / "finns-inte.pdf"]
    assert batch(*inputs, "-o", out, "-j", "2", "--summary-json", summary) == exitcodes.INPUT_ERRORS

    lines = by_source(out)
    assert set(lines) == {str(p) for p in [*SMALL, *bad.values(), tmp_path / "finns-inte.pdf"]}
    for pdf in SMALL:
        rec = lines[str(pdf)]
        assert "error" not in rec and rec["kind"] in ("regeringsbeslut", "kommittedirektiv")
        data = pdf.read_bytes()
        assert rec["input"] == {
            "path": str(pdf),
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
        }
    for etype, path in bad.items():
        assert lines[str(path)]["error"]["type"] == etype
        assert set(lines[str(path)]) == {"source", "input", "error"}
    missing = lines[str(tmp_path / "finns-inte.pdf")]
    assert missing["error"]["type"] == "not_found"
    assert missing["input"] == {
        "path": str(tmp_path / "finns-inte.pdf"),
        "sha256": None,
        "bytes": None,
    }

    stats = json.loads(summary.read_text())
    assert stats["documents"] == 6 and stats["records"] == 2 and stats["skipped"] == 0
    assert stats["errors"] == {"corrupt": 1, "empty": 1, "not_found": 1, "unsupported": 1}
    assert "6 inputs: 2 parsed (" in capsys.readouterr().err


def test_timeout_crash_and_memory_cap_become_error_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a-sover.pdf", "b-kraschar.pdf", "c-slukar.pdf", "d-ok.pdf", "e-ok.pdf"]
    for name, src in zip(names, [*SMALL, *SMALL, SMALL[0]], strict=False):
        shutil.copy(src, folder / name)
    monkeypatch.setenv("POLICYPARSE_TEST_SLEEP_ON", "a-sover.pdf")
    monkeypatch.setenv("POLICYPARSE_TEST_CRASH_ON", "b-kraschar.pdf")
    monkeypatch.setenv("POLICYPARSE_TEST_ALLOC_ON", "c-slukar.pdf")
    out = tmp_path / "out.jsonl"
    summary = tmp_path / "s.json"
    started = time.monotonic()
    assert (
        batch(
            folder,
            "-o",
            out,
            "-j",
            "2",
            "--timeout",
            "2",
            "--max-memory-mb",
            "1500",
            "--summary-json",
            summary,
        )
        == exitcodes.INPUT_ERRORS
    )
    elapsed = time.monotonic() - started
    lines = by_source(out)
    assert len(lines) == 5
    types = {Path(k).name: v.get("error", {}).get("type") for k, v in lines.items()}
    assert types == {
        "a-sover.pdf": "timeout",
        "b-kraschar.pdf": "worker_crashed",
        "c-slukar.pdf": "resource_limit",
        "d-ok.pdf": None,
        "e-ok.pdf": None,
    }
    # the error lines still identify the input
    assert lines[str(folder / "a-sover.pdf")]["input"]["sha256"] is not None
    assert json.loads(summary.read_text())["workers_replaced"] == 3
    # the sleeper held one worker for 2 s while the other parsed the rest
    assert elapsed < 20


def test_kill_9_then_resume_gives_each_input_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(1, 13):  # 12 inputs: 6 PDFs, 6 files that fail fast
        if i % 2:
            shutil.copy(KILL_PDFS[(i // 2) % len(KILL_PDFS)], folder / f"g{i:02d}.pdf")
        else:
            (folder / f"g{i:02d}.pdf").write_bytes(b"%PDF-1.4 trasig" if i % 4 else b"")
    expected = {str(p) for p in folder.iterdir()}
    out = tmp_path / "out.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "policyparse.cli",
        "batch",
        str(folder),
        "-o",
        str(out),
        "-j",
        "1",
        "--no-progress",
    ]
    env = os.environ | {"POLICYPARSE_TEST_SLEEP_ON": "g07.pdf"}  # stalls the run mid-way
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") >= 3:
            break
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(read_lines(out))
    assert 3 <= done_before < len(expected)
    with out.open("ab") as fh:  # as if the kill had come in the middle of a write
        fh.write(b'{"source":"' + str(folder / "g08.pdf").encode() + b'","input":{"pa')

    rerun = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == exitcodes.INPUT_ERRORS, rerun.stderr  # 4 error inputs
    lines = by_source(out)
    assert set(lines) == expected
    assert f"{done_before} already in" in rerun.stderr
    assert out.read_bytes().endswith(b"}\n")
    assert sum("error" not in r for r in lines.values()) == 6


def test_retry_errors_replaces_only_error_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for pdf in SMALL:
        shutil.copy(pdf, folder / pdf.name)
    flaky = folder / SMALL[0].name
    out = tmp_path / "out.jsonl"
    monkeypatch.setenv("POLICYPARSE_TEST_SLEEP_ON", flaky.name)
    assert batch(folder, "-o", out, "-j", "2", "--timeout", "1") == exitcodes.INPUT_ERRORS
    first = out.read_text(encoding="utf-8").splitlines()
    assert len(first) == 2
    err_at = next(i for i, line in enumerate(first) if '"error":' in line)
    assert json.loads(first[err_at])["error"]["type"] == "timeout"
    good_line = first[1 - err_at]
    monkeypatch.delenv("POLICYPARSE_TEST_SLEEP_ON")

    summary = tmp_path / "s.json"
    assert (
        batch(folder, "-o", out, "--summary-json", summary) == exitcodes.INPUT_ERRORS
    )  # resume: nothing to do
    assert out.read_text(encoding="utf-8").splitlines() == first
    assert json.loads(summary.read_text())["skipped"] == 2

    assert batch(folder, "-o", out, "--retry-errors", "--summary-json", summary) == exitcodes.OK
    stats = json.loads(summary.read_text())
    assert (stats["documents"], stats["skipped"]) == (1, 1)
    after = out.read_text(encoding="utf-8").splitlines()
    assert len(after) == 2 and after[1 - err_at] == good_line  # the good line is untouched
    fixed = json.loads(after[err_at])  # and the retried one replaced the error at its place
    assert fixed["source"] == str(flaky) and "error" not in fixed

    assert batch(folder, "-o", out, "--overwrite", "--summary-json", summary) == exitcodes.OK
    assert json.loads(summary.read_text())["documents"] == 2
    assert len(by_source(out)) == 2


def test_jsonl_scan_drops_torn_tail_and_duplicates(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"

    def line(path: str, sha: str, err: bool) -> str:
        tail = '"error":{"type":"corrupt","message":"x"}' if err else '"kind":"other"'
        return (
            f'{{"source":"{path}","input":{{"path":"{path}","sha256":"{sha}","bytes":1}},{tail}}}'
        )

    sha1, sha2 = "1" * 64, "2" * 64
    out.write_text(
        line("a", sha1, True)
        + "\n"
        + line("b", sha2, False)
        + "\n"
        + line("a", sha1, False)
        + "\n"
        + '{"source":"c","inp',
        encoding="utf-8",
    )
    sink = open_sink(str(out))
    done = sink.existing()
    assert set(done) == {"a", "b"}
    assert not done["a"].error and done["b"].sha256 == sha2
    with pytest.raises(BatchError, match="in use by another policyparse run"):
        open_sink(str(out))
    sink.close()
    assert (
        out.read_text(encoding="utf-8")
        == line("a", sha1, False) + "\n" + line("b", sha2, False) + "\n"
    )
    assert Path(f"{out}.rejected").read_text(encoding="utf-8") == '{"source":"c","inp\n'


def test_sqlite_catalog_and_deadlines_per_agency(tmp_path: Path) -> None:
    bad_files(tmp_path / "bad")
    db = tmp_path / "catalog.sqlite"
    summary = tmp_path / "s.json"
    inputs = [*CATALOG_PDFS, tmp_path / "bad"]
    assert batch(*inputs, "-o", db, "-j", "2") == exitcodes.INPUT_ERRORS
    con = connect(db)
    docs = con.execute("SELECT source, sha256, error_type, record FROM documents").fetchall()
    assert len(docs) == len(CATALOG_PDFS) + 3
    assert Counter(r[2] for r in docs) == Counter(
        {None: len(CATALOG_PDFS), "empty": 1, "corrupt": 1, "unsupported": 1}
    )

    # Every child table mirrors its list in the record JSON.
    tables = [
        "tasks",
        "deadlines",
        "amounts",
        "signatories",
        "consultees",
        "references",
        "recipients",
        "assignees",
        "copies_to",
    ]
    for table in tables:
        n_rows = con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        n_items = sum(len(json.loads(r[3]).get(table) or []) for r in docs if r[2] is None)
        assert n_rows == n_items, table

    # "All deadlines in 2026 per agency" is one query; check it against the records.
    got = sorted((a, d, s) for a, d, _, _, s in con.execute(DEADLINES_PER_AGENCY))
    want = sorted(
        (agency["name"], dl["date"], rec["source"])
        for rec in (json.loads(r[3]) for r in docs if r[2] is None)
        for dl in rec["deadlines"]
        if dl["date"].startswith("2026")
        for agency in rec["assignees"]
    )
    assert got == want and len(got) >= 5
    agencies = {a for a, _, _ in got}
    assert {"Skolverket", "Naturvårdsverket"} <= agencies

    # Indexes exist for the joins, and the documented query uses the date index.
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"deadlines_date", "deadlines_document_id", "assignees_document_id"} <= indexes
    con.close()

    # Resume: nothing is parsed twice; a deleted row is parsed again.
    with sqlite3.connect(db) as raw:
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("DELETE FROM documents WHERE source = ?", (str(CATALOG_PDFS[0]),))
    assert batch(*inputs, "-o", db, "--summary-json", summary) == exitcodes.INPUT_ERRORS
    stats = json.loads(summary.read_text())
    assert (stats["documents"], stats["skipped"]) == (1, len(CATALOG_PDFS) + 2)
    con = connect(db)
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(CATALOG_PDFS) + 3
    orphans = con.execute(
        "SELECT COUNT(*) FROM deadlines WHERE document_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    assert orphans == 0
    con.close()

    # --retry-errors parses the three error rows again and replaces them.
    assert (
        batch(*inputs, "-o", db, "--retry-errors", "--summary-json", summary)
        == exitcodes.INPUT_ERRORS
    )
    stats = json.loads(summary.read_text())
    assert (stats["documents"], stats["errors"]) == (
        3,
        {"corrupt": 1, "empty": 1, "unsupported": 1},
    )
    con = connect(db)
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(CATALOG_PDFS) + 3
    con.close()


def test_manifest_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = f"{SMALL[0]}\n\n{SMALL[1]}\r\n{SMALL[0]}\n{tmp_path}/nothing-*.pdf\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(manifest))
    out = tmp_path / "out.jsonl"
    assert batch("--manifest", "-", "-o", out, "-j", "1") == exitcodes.INPUT_ERRORS
    lines = by_source(out)
    assert set(lines) == {str(SMALL[0]), str(SMALL[1]), f"{tmp_path}/nothing-*.pdf"}
    no_match = lines[f"{tmp_path}/nothing-*.pdf"]["error"]
    assert no_match["type"] == "not_found" and "matches no file" in no_match["message"]
    assert batch("-o", out) == exitcodes.USAGE  # neither inputs nor a manifest
    capsys.readouterr()


def test_globs(tmp_path: Path) -> None:
    deep = tmp_path / "arkiv" / "2026" / "mars"
    deep.mkdir(parents=True)
    shutil.copy(SMALL[0], deep / "beslut.pdf")
    shutil.copy(SMALL[1], tmp_path / "arkiv" / "annat.pdf")
    (deep / "notes.doc").write_bytes(b"x")
    out = tmp_path / "out.jsonl"
    pattern = str(tmp_path / "arkiv" / "**" / "*.pdf")
    assert batch(pattern, str(deep / "*.pdf"), "-o", out, "-j", "1", "--timeout", "0") == 0
    assert set(by_source(out)) == {str(deep / "beslut.pdf"), str(tmp_path / "arkiv" / "annat.pdf")}
    assert all("error" not in r for r in read_lines(out))


def test_parse_many_is_lazy_and_exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert policyparse.parse_many is policyparse.batch.parse_many
    calls: list[str] = []

    def spy() -> Any:
        for p in [*SMALL, tmp_path / "tom.pdf"]:
            calls.append(str(p))
            yield p

    (tmp_path / "tom.pdf").write_bytes(b"")
    results = policyparse.parse_many(spy(), workers=2, timeout=60)
    assert calls == []  # nothing happens before the first result is asked for
    got = list(results)
    assert [r.source for r in got] == [str(p) for p in [*SMALL, tmp_path / "tom.pdf"]]
    assert isinstance(got[0], policyparse.Document)
    assert isinstance(got[2], policyparse.ErrorRecord) and got[2].error.type == "empty"
    inproc = list(policyparse.parse_many([tmp_path / "tom.pdf"]))
    assert inproc[0].error.type == "empty"  # type: ignore[union-attr]


def test_parquet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.parquet"
    bad = bad_files(tmp_path / "bad")
    try:
        import pyarrow.parquet as pq
    except ImportError:
        pq = None
    if pq is not None:
        assert batch(SMALL[0], bad["empty"], "-o", out, "-j", "1") == exitcodes.INPUT_ERRORS
        assert (
            batch(SMALL[0], SMALL[1], bad["empty"], "-o", out, "-j", "1") == exitcodes.INPUT_ERRORS
        )  # resume
        table = pq.read_table(out)
        rows = {r["source"]: r for r in table.to_pylist()}
        assert set(rows) == {str(SMALL[0]), str(SMALL[1]), str(bad["empty"])}
        assert rows[str(bad["empty"])]["error_type"] == "empty"
        assert json.loads(rows[str(SMALL[0])]["record"])["input"]["path"] == str(SMALL[0])
        assert not list(tmp_path.glob(".out.parquet*"))  # the journal is gone
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(BatchError, match=r"policyparse\[parquet\]"):
        from policyparse.batchio.parquet import ParquetSink

        ParquetSink(tmp_path / "other.parquet")


def test_dask_local_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out.jsonl"
    bad = bad_files(tmp_path / "bad")
    sleeper = tmp_path / "sover.pdf"
    shutil.copy(SMALL[1], sleeper)
    monkeypatch.setenv("POLICYPARSE_TEST_SLEEP_ON", sleeper.name)
    inputs = [SMALL[0], bad["corrupt"], sleeper]
    args = [*inputs, "-o", out, "-j", "1", "--executor", "dask", "--timeout", "2"]
    summary = tmp_path / "s.json"
    assert batch(*args, "--summary-json", summary) == exitcodes.INPUT_ERRORS
    lines = by_source(out)
    assert set(lines) == {str(p) for p in inputs}
    assert "error" not in lines[str(SMALL[0])]
    assert lines[str(bad["corrupt"])]["error"]["type"] == "corrupt"
    assert lines[str(sleeper)]["error"]["type"] == "timeout"  # same guarantees as local
    assert (
        lines[str(sleeper)]["input"]["sha256"] == hashlib.sha256(sleeper.read_bytes()).hexdigest()
    )
    assert json.loads(summary.read_text())["executor"] == "dask"
    assert (
        batch(*args, "--summary-json", summary) == exitcodes.INPUT_ERRORS
    )  # resume: no cluster needed
    assert json.loads(summary.read_text())["skipped"] == 3
    assert len(read_lines(out)) == 3


def _run_sleep(seconds: str) -> str:
    subprocess.run(["sleep", seconds], check=False)
    return "done"


def _cmdlines() -> list[str]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue
    return out


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_pool_timeout_kills_programs_the_worker_started() -> None:
    marker = "31.4159"  # a `sleep` run by the task, as OCR runs tesseract
    pool: WorkerPool[str, str] = WorkerPool(
        _run_sleep, lambda task, etype, msg, secs: etype, PoolConfig(workers=2, timeout=1.0)
    )
    with pool:
        got = dict(pool.imap_unordered([marker, "0"]))
        assert got == {marker: "timeout", "0": "done"}
        assert pool.replaced == 1
    assert not any(f"sleep {marker}" in c for c in _cmdlines())


_PRELOADS: list[int] = []


def _preload() -> None:
    _PRELOADS.append(os.getpid())


def _pid_and_preloads(task: int) -> tuple[int, int, list[int]]:
    return task, os.getpid(), list(_PRELOADS)


def test_pool_recycles_workers_after_max_tasks_and_preloads_once() -> None:
    _PRELOADS.clear()
    config = PoolConfig(workers=1, max_tasks_per_worker=2)
    pool: WorkerPool[int, tuple[int, int, list[int]]] = WorkerPool(
        _pid_and_preloads, lambda task, etype, msg, secs: (task, -1, []), config, preload=_preload
    )
    with pool:
        got = list(pool.imap(range(5)))
        assert [task for task, _, _ in got] == [0, 1, 2, 3, 4]
        pids = [pid for _, pid, _ in got]
        assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4] and pids[0] != pids[4]
        assert pool.recycled == 2 and pool.replaced == 0
        # preloaded once, in this process, before the first fork: every worker inherits it
        assert [os.getpid()] == _PRELOADS
        assert all(preloads == [os.getpid()] for _, _, preloads in got)

    pool = WorkerPool(
        _pid_and_preloads,
        lambda task, etype, msg, secs: (task, -1, []),
        PoolConfig(workers=2, max_tasks_per_worker=3),
    )
    with pool:
        results = dict(pool.imap_unordered(range(12)))
        assert sorted(results) == list(range(12))
        per_worker = Counter(pid for _, pid, _ in results.values())
        assert max(per_worker.values()) <= 3 and len(per_worker) >= 4


@pytest.fixture
def alarm() -> Any:
    """Fail a pool test that would wait forever for a lost task (after 60 s)."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError("the pool lost a task: still waiting after 60 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _fault(task: str) -> tuple[str, int]:
    """A pool task: "crash" kills its worker, "oom" raises MemoryError, "sleep" hangs."""
    if task == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    if task == "oom":
        raise MemoryError
    if task == "sleep":
        time.sleep(3600)
    return task, os.getpid()


@pytest.mark.parametrize(
    ("fault", "etype", "timeout"),
    [("crash", "worker_crashed", None), ("oom", "resource_limit", None), ("sleep", "timeout", 2.0)],
)
def test_tasks_queued_behind_a_failing_task_run_on_another_worker(
    fault: str, etype: str, timeout: float | None, alarm: Any
) -> None:
    """With one worker and two tasks queued behind the one that fails, the failure is that
    task's alone: the queued tasks had not started, so they go to the next worker and give
    their own results (a timeout runs from when a task starts, not from when it was sent)."""
    config = PoolConfig(workers=1, timeout=timeout, prefetch=2)
    pool: WorkerPool[str, tuple[str, int]] = WorkerPool(
        _fault, lambda task, etype, msg, secs: (etype, -1), config
    )
    with pool:
        got = list(pool.imap(["first", fault, "after-1", "after-2", "last"]))
    assert [r[0] for r in got] == ["first", etype, "after-1", "after-2", "last"]
    assert got[0][1] != got[2][1] == got[3][1] == got[4][1]  # a new worker after the fault
    assert pool.replaced == 1


def test_prefetch_keeps_tasks_per_worker_under_the_recycling_limit(alarm: Any) -> None:
    config = PoolConfig(workers=1, max_tasks_per_worker=3, prefetch=2)
    pool: WorkerPool[str, tuple[str, int]] = WorkerPool(
        _fault, lambda task, etype, msg, secs: (etype, -1), config
    )
    with pool:
        got = list(pool.imap([str(k) for k in range(8)]))
    assert [task for task, _ in got] == [str(k) for k in range(8)]
    assert list(Counter(pid for _, pid in got).values()) == [3, 3, 2]
    assert pool.recycled == 2


def test_recycled_and_crashed_workers_still_give_one_line_per_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a.pdf", "b-kraschar.pdf", "c.pdf", "d.pdf", "e.pdf"]
    for name, src in zip(names, [*SMALL, *SMALL, SMALL[0]], strict=True):
        shutil.copy(src, folder / name)
    monkeypatch.setenv("POLICYPARSE_TEST_CRASH_ON", "b-kraschar.pdf")
    out = tmp_path / "out.jsonl"
    summary = tmp_path / "s.json"
    args = ["-o", out, "-j", "1", "--max-tasks-per-worker", "2", "--summary-json", summary]
    # no address-space cap: after the dask test, this process (and so a forked worker) maps
    # more than the default cap's 2 GB of virtual memory
    args += ["--max-memory-mb", "0"]
    assert batch(folder, *args) == exitcodes.INPUT_ERRORS
    lines = by_source(out)
    types = {Path(k).name: v.get("error", {}).get("type") for k, v in lines.items()}
    assert types == {n: ("worker_crashed" if "krasch" in n else None) for n in names}
    stats = json.loads(summary.read_text())
    # one worker, inputs in order: a; b crashes it (replaced); c, d (recycled); e
    assert stats["workers_replaced"] == 1
    assert stats["workers_recycled"] == 1


def test_several_workers_take_the_largest_files_first(tmp_path: Path) -> None:
    from policyparse.batchio.runner import largest_first

    sizes = {"a": 10, "b": 300, "c": 20, "d": 300, "e": 0}
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
    paths = [str(tmp_path / n) for n in sizes] + [str(tmp_path / "missing")]
    got = [Path(p).name for p in largest_first(paths)]
    assert got == ["b", "d", "c", "a", "e", "missing"]


def _line_the_slow_way(result: Any, info: Any) -> str:
    data = result.model_dump(mode="json")
    ordered = {"source": data.pop("source"), "input": info.as_dict(), **data}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize(
    "source",
    ["beslut.pdf", 'mapp/"citat" och ny\nrad – Örebro ✓.pdf', "ensam \ud800 surrogat.pdf"],
)
def test_output_line_is_the_record_with_its_input_after_the_source(source: str) -> None:
    """make_line splices ``input`` into pydantic's JSON; it must be the same line as
    ``json.dumps`` of the record with ``input`` second, for records and error records, and
    for strings JSON escapes (quotes, newlines, non-ASCII, a lone surrogate)."""
    from policyparse.batchio.inputs import InputInfo
    from policyparse.batchio.work import make_line
    from policyparse.paths import displayable
    from policyparse.record import ErrorInfo, ErrorRecord

    info = InputInfo(path=source, sha256="ab" * 32, bytes=1234)
    doc = policyparse.parse(FIXTURES / "rb-naturvard-belopp-euro.pdf")
    doc.source = source
    doc.title = f'{doc.title} \u2028 \x1f "x" \\ {source}'
    error = ErrorRecord(source=source, error=ErrorInfo(type="corrupt", message=f"trasig {source}"))
    for result in (doc, error):
        line = make_line(result, info)
        if displayable(source) == source:
            assert line == _line_the_slow_way(result, info)
        else:  # a lone surrogate is written as text, so that the line encodes as UTF-8
            assert json.loads(line.encode("utf-8"))["source"] == "ensam \\ud800 surrogat.pdf"
        assert list(json.loads(line))[:2] == ["source", "input"]


def test_warm_up_parses_its_text_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool runs warm_up in the parent before forking and again in every worker; a forked
    worker inherits it done, so the second call parses nothing."""
    from policyparse.batchio import work

    calls: list[str | None] = []
    monkeypatch.setattr(work, "_warmed_up", False)
    monkeypatch.setattr(work, "parse", lambda data, name=None: calls.append(name))
    work.warm_up()
    work.warm_up()
    assert calls == ["warm-up.txt"]


def test_a_task_sent_to_a_worker_that_just_died_goes_to_the_next(alarm: Any) -> None:
    """A worker can die between two looks of the pool (killed from outside, or a crash while
    its result is on the way): the next send to it fails with a broken pipe. That task never
    reached it, so it runs on the replacement with its own result, and the batch goes on."""
    config = PoolConfig(workers=1)
    pool: WorkerPool[str, tuple[str, int]] = WorkerPool(
        _fault, lambda task, etype, msg, secs: (etype, -1), config
    )
    with pool:
        while not pool.idle:  # the worker has started and said it is ready
            pool.collect(0.05)
        first = pool.submit("first")
        (done,) = pool.collect()
        assert done[0] == first and done[2][0] == "first"
        victim = done[2][1]
        os.kill(victim, signal.SIGKILL)
        while True:  # gone, and its end of the pipe closed; the pool has not looked yet
            try:
                os.kill(victim, 0)
            except ProcessLookupError:
                break
            if (
                Path(f"/proc/{victim}/status").is_file()
                and "zombie" in Path(f"/proc/{victim}/status").read_text()
            ):
                break
            time.sleep(0.01)
        assert pool.idle == 1  # as far as the pool knows
        second = pool.submit("second")
        got: list[tuple[int, str, tuple[str, int]]] = []
        while not got:
            got = pool.collect()
    assert [(task_id, task, result[0]) for task_id, task, result in got] == [
        (second, "second", "second")
    ]
    assert got[0][2][1] not in (victim, -1)
    assert pool.replaced == 1
