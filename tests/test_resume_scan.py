"""The resume scan validates every line (issue 16, item 4): a line counts as done only if it
parses as JSON and is a record or an error record with its input identity, whatever its last
character. A bad line is moved to ``OUT.rejected`` and its input parsed again; in a Parquet
journal, a bad line no longer blocks the merge.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from policyparse import exitcodes
from policyparse.batchio.sinks import line_identity
from tests.textdocs import write_documents

REPO = Path(__file__).resolve().parent.parent
SHA = "ab" * 32

DECISION = """Regeringsbeslut
Socialdepartementet
2026-02-{day:02d}
S2026/001{day:02d}

Uppdrag {day} att granska skolan

Regeringen uppdrar åt Skolverket att granska skolan i kommun {day}. Uppdraget ska
redovisas till Regeringskansliet (Utbildningsdepartementet) senast den 1 juni 2027.
"""


def documents(folder: Path, count: int) -> list[Path]:
    return write_documents(folder, count, DECISION)


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


def broken(line: str) -> str:
    """The line cut inside its body and closed with ``}``: its identity prefix is intact, it
    ends like a complete line, and it is not JSON."""
    cut = line[: line.index('"kind":') + 12] + "}"
    with pytest.raises(ValueError):
        json.loads(cut)
    return cut


def good(path: str, tail: str = '"kind":"other","title":null') -> str:
    given = json.dumps({"path": path, "sha256": SHA, "bytes": 3})
    return f'{{"source":{json.dumps(path)},"input":{given},{tail}}}'


def test_a_broken_line_ending_in_a_brace_is_quarantined_and_its_input_redone(
    tmp_path: Path,
) -> None:
    docs = documents(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    batch_here(out, docs)
    lines = out.read_text(encoding="utf-8").splitlines()
    bad = broken(lines[1])
    out.write_text(f"{lines[0]}\n{bad}\n{lines[2]}\n", encoding="utf-8")

    summary = tmp_path / "summary.json"
    rerun = batch(out, docs, summary)
    assert rerun.returncode == exitcodes.OK, rerun.stderr
    stats = json.loads(summary.read_text(encoding="utf-8"))
    assert (stats["documents"], stats["skipped"]) == (
        1,
        2,
    )  # the broken line's input redone
    assert stats["quarantined"] == 1
    assert (
        f"policyparse: 1 broken line in {out} moved to {out}.rejected; "
        "its input is parsed again if it is among the inputs"
    ) in rerun.stderr.splitlines()
    after = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["input"]["path"] for r in after] == [
        str(docs[0]),
        str(docs[2]),
        str(docs[1]),
    ]
    assert after[2]["kind"] == json.loads(lines[1])["kind"]  # redone: a whole record again
    assert Path(f"{out}.rejected").read_text(encoding="utf-8") == bad + "\n"

    again = batch(out, docs, summary)  # and nothing is left to fix
    assert again.returncode == exitcodes.OK, again.stderr
    assert json.loads(summary.read_text(encoding="utf-8"))["quarantined"] == 0
    assert Path(f"{out}.rejected").read_text(encoding="utf-8") == bad + "\n"


def test_a_broken_journal_line_no_longer_blocks_the_parquet_merge(
    tmp_path: Path,
) -> None:
    needs_pyarrow()
    docs = documents(tmp_path / "in", 4)
    out = tmp_path / "out.parquet"
    batch_here(out, docs[:2])
    staged = tmp_path / "staged.jsonl"
    batch_here(staged, docs[2:])
    done, cut = staged.read_text(encoding="utf-8").splitlines()
    journal = tmp_path / ".out.parquet.partial.jsonl"  # as a killed run leaves it
    bad = broken(cut)
    journal.write_text(f"{done}\n{bad}\n", encoding="utf-8")

    summary = tmp_path / "summary.json"
    rerun = batch(out, docs, summary)
    assert rerun.returncode == exitcodes.OK, rerun.stderr
    stats = json.loads(summary.read_text(encoding="utf-8"))
    assert (stats["documents"], stats["skipped"]) == (1, 3)
    assert stats["quarantined"] == 1
    rows = parquet_rows(out)
    assert sorted(r["source"] for r in rows) == sorted(map(str, docs))
    assert all(json.loads(r["record"])["kind"] for r in rows)
    assert not journal.exists()
    assert Path(f"{out}.rejected").read_text(encoding="utf-8") == bad + "\n"


@pytest.mark.parametrize(
    "text",
    [
        good("a")[:-10] + "}",  # cut, closed with a brace
        good("a") + "}",  # a brace too many
        good("a") + good("b"),  # two lines run together
        "{}",
        "[]",
        '"just a string"',
        good("a", '"kind":"other"').replace('"source":"a"', '"source":1'),
        '{"source":"a","input":{"sha256":null},"kind":"other"}',  # no input path
        '{"source":"a","input":{"path":"a","sha256":12},"kind":"other"}',
        '{"source":"a","input":{"path":"a","sha256":"x"},"kind":"other"}',
        '{"source":"a","input":"a","kind":"other"}',
        good("a", '"title":"neither kind nor error"'),
        good("a", '"error":{"message":"no type"}'),
        good("a", '"error":"corrupt"'),
        good("a", '"kind":"other"').replace("}", "}\x00"),
        "",
        "\x00" * 4096,  # what a power cut can leave where lines were
    ],
)
def test_line_identity_refuses_what_is_not_a_record_or_error_record(text: str) -> None:
    assert line_identity(text) is None


def test_line_identity_of_records_error_records_and_old_lines() -> None:
    path, done = line_identity(good("a")) or ("", None)
    assert path == "a" and done is not None and done.sha256 == SHA and not done.error
    err = good("a/b.pdf", '"error":{"type":"corrupt","message":"x"}')
    path, done = line_identity(err) or ("", None)
    assert path == "a/b.pdf" and done is not None and done.error
    unread = '{"source":"x","input":{"path":"x","sha256":null,"bytes":null},'
    unread += '"error":{"type":"unsupported","message":"missing"}}'
    path, done = line_identity(unread) or ("", None)
    assert path == "x" and done is not None and done.sha256 is None and done.error
    old = '{"source":"old.pdf","kind":"other","title":"from before input was written"}'
    path, done = line_identity(old) or ("", None)
    assert path == "old.pdf" and done is not None and done.any_hash


def test_resuming_into_a_file_that_is_not_a_catalog_is_one_line(tmp_path: Path) -> None:
    """SQLite has nothing to quarantine (a row is written in one transaction, and a killed
    transaction is rolled back on open), but an --out that is not a database at all was a
    traceback."""
    docs = documents(tmp_path / "in", 1)
    out = tmp_path / "out.sqlite"
    out.write_text("not a database\n", encoding="utf-8")
    rerun = batch(out, docs, tmp_path / "summary.json")
    assert rerun.returncode == exitcodes.USAGE
    assert rerun.stderr.splitlines() == [
        f"policyparse: cannot use {out} as an SQLite catalog: file is not a database; "
        "use another --out, or --overwrite to replace it"
    ]
    assert out.read_text(encoding="utf-8") == "not a database\n"


def test_a_whole_last_line_without_its_newline_is_kept(tmp_path: Path) -> None:
    """A file edited by hand may end without a newline: its last line is a whole record, not
    a torn one; it is kept, and the next line goes after a newline."""
    from policyparse.batchio.sinks import JsonlSink

    out = tmp_path / "out.jsonl"
    out.write_text(good("a") + "\n" + good("b"), encoding="utf-8")
    sink = JsonlSink(out)
    assert set(sink.existing()) == {"a", "b"} and sink.quarantined == 0
    sink.close()
    assert out.read_text(encoding="utf-8") == good("a") + "\n" + good("b") + "\n"
    assert not Path(f"{out}.rejected").exists()

    out.write_text(good("a") + "\n" + good("b") + "\n" + good("a"), encoding="utf-8")
    JsonlSink(out).close()  # duplicates: rewritten, the last line of "a" at its first place
    assert out.read_text(encoding="utf-8") == good("a") + "\n" + good("b") + "\n"


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
