"""Every command says what happened: exit codes, the summary sentence, --out checked before any
work, inputs that yield nothing, missing paths, ``parse -``. The real command, in a subprocess."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from policyparse import exitcodes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SMALL = FIXTURES / "dir-tillagg-forlangd-tid.pdf"
HTML = FIXTURES / "regeringen-webbsida.html"
COMMAND = [sys.executable, "-m", "policyparse.cli"]


def run(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*COMMAND, *map(str, args)], input=stdin, capture_output=True, timeout=120
    )
    text = subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )
    assert "Traceback" not in text.stderr, text.stderr
    return text


def batch(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run("batch", *args, "-j", "1", "--no-progress")


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def one_line(text: str) -> str:
    assert text.count("\n") == 1, text
    return text.strip()


def test_batch_exit_codes_say_whether_every_input_has_a_record(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = batch(SMALL, "-o", out)
    assert done.returncode == exitcodes.OK, done.stderr
    assert one_line(done.stderr).startswith("policyparse: 1 input: 1 parsed (")

    junk = tmp_path / "junk"
    junk.mkdir()
    for i in range(5):
        (junk / f"brus{i}.txt").write_bytes(bytes(range(256)) * 8)
    done = batch(junk, "-o", tmp_path / "junk.jsonl")
    assert done.returncode == exitcodes.INPUT_ERRORS  # 5 of 5 unsupported: not 0
    assert "5 inputs: 0 parsed (0 pages), 5 errors (5 unsupported)" in done.stderr

    # a re-run skips the error lines but still says they are errors, and how to redo them
    done = batch(junk, "-o", tmp_path / "junk.jsonl")
    assert done.returncode == exitcodes.INPUT_ERRORS
    assert (
        "5 already in " + str(tmp_path / "junk.jsonl") + " skipped (5 of them error records: "
        "add --retry-errors to redo them)"
    ) in done.stderr
    summary = tmp_path / "summary.json"
    done = batch(SMALL, "-o", out, "--summary-json", summary)  # all skipped, all records
    assert done.returncode == exitcodes.OK
    stats = json.loads(summary.read_text())
    assert stats["skipped"] == 1 and stats["skipped_errors"] == 0 and stats["documents"] == 0


def test_models_missing_lines_are_redone_on_a_rerun(tmp_path: Path) -> None:
    """An error that says nothing about the file (the installation's language assets were
    missing) is redone without --retry-errors once the run is repeated."""
    out = tmp_path / "out.jsonl"
    data = SMALL.read_bytes()
    given = {"path": str(SMALL), "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    error = {"type": "models_missing", "message": "models/ is missing"}
    out.write_text(json.dumps({"source": str(SMALL), "input": given, "error": error}) + "\n")
    done = batch(SMALL, "-o", out)
    assert done.returncode == exitcodes.OK, done.stderr
    assert "1 input: 1 parsed" in done.stderr and "1 of them redone" in done.stderr
    [line] = lines(out)
    assert "error" not in line and line["kind"] == "kommittedirektiv"


def test_out_is_checked_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    cases = {
        tmp_path / "out.csv": "extension '.csv'; known: .jsonl, .sqlite",
        tmp_path / "out": "no extension",
        folder: "is a folder",
        a_file / "out.jsonl": "is not a folder",
        Path("/proc/policyparse-test/out.jsonl"): "is not writable",
    }
    summary = tmp_path / "summary.json"
    for out, message in cases.items():
        # a missing input would otherwise get a line: nothing runs at all
        done = batch(SMALL, tmp_path / "missing.pdf", "-o", out, "--summary-json", summary)
        assert done.returncode == exitcodes.USAGE, (out, done.stderr)
        assert message in one_line(done.stderr), done.stderr
        assert done.stderr.startswith("policyparse: --out ")
        assert not summary.exists()
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out").exists()
    assert list(folder.iterdir()) == []


def test_inputs_that_yield_no_document(tmp_path: Path) -> None:
    empty = tmp_path / "archive"
    empty.mkdir()
    out = tmp_path / "out.jsonl"
    pattern = str(tmp_path / "*.xyz")
    done = batch(empty, pattern, "-o", out)
    assert done.returncode == exitcodes.USAGE
    assert one_line(done.stderr) == (
        f"policyparse: no documents found: {str(empty)!r} is an empty folder; "
        f"{pattern!r} matches no file"
    )
    assert not out.exists()
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    (pictures / "a.png").write_bytes(b"\x89PNG")
    done = batch(pictures, "-o", out)
    assert done.returncode == exitcodes.USAGE
    assert "is a folder without documents" in one_line(done.stderr)
    done = batch(tmp_path / "missing.pdf", "-o", out)
    assert done.returncode == exitcodes.USAGE and "does not exist" in done.stderr

    # among inputs that do yield documents: each said on stderr and in the summary; the
    # pattern and the missing path get not_found lines, the empty folder none
    missing = tmp_path / "missing.pdf"
    done = batch(SMALL, empty, pattern, missing, "-o", out)
    assert done.returncode == exitcodes.INPUT_ERRORS, done.stderr
    by_source = {line["source"]: line for line in lines(out)}
    assert set(by_source) == {str(SMALL), pattern, str(missing)}
    assert by_source[pattern]["error"]["type"] == "not_found"
    assert "matches no file" in by_source[pattern]["error"]["message"]
    assert by_source[str(missing)]["error"]["type"] == "not_found"
    err = done.stderr.splitlines()
    assert f"policyparse: {str(empty)!r} is an empty folder" in err
    summary = err[-1]
    assert summary.startswith("policyparse: 3 inputs: 1 parsed (")
    assert "2 errors (2 not found)" in summary and "is an empty folder" in summary


def test_parse_outcomes(tmp_path: Path) -> None:
    done = run("parse", "--compact", "-", stdin=HTML.read_bytes())
    assert done.returncode == exitcodes.OK, done.stderr
    record = json.loads(done.stdout)
    expected = json.loads(HTML.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert record["source"] == "<stdin>" and record["title"] == expected["title"]

    missing = tmp_path / "saknas.pdf"
    done = run("parse", missing)
    assert done.returncode == exitcodes.INPUT_ERRORS
    assert json.loads(done.stdout)["error"]["type"] == "not_found"
    assert one_line(done.stderr) == f"policyparse: not_found: {missing}: no such file or folder"

    done = run("parse", "-", stdin=b"")
    assert done.returncode == exitcodes.INPUT_ERRORS
    assert json.loads(done.stdout)["error"]["type"] == "empty"


def test_usage_errors(tmp_path: Path) -> None:
    done = batch("-o", tmp_path / "out.jsonl", "--retry-errors", "--manifest", tmp_path / "no")
    assert done.returncode == exitcodes.USAGE and "cannot read manifest" in done.stderr
    (tmp_path / "empty.txt").write_text("\n\n")  # blank lines only: no item
    done = batch("-o", tmp_path / "out.jsonl", "--manifest", tmp_path / "empty.txt")
    assert done.returncode == exitcodes.USAGE and "no inputs" in one_line(done.stderr)
    done = batch(SMALL, "-o", "-", "--retry-errors")
    assert done.returncode == exitcodes.USAGE and "standard output" in one_line(done.stderr)
    done = run("batch", SMALL)
    assert done.returncode == exitcodes.USAGE and "--out" in done.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """``policyparse parse x.pdf | head -c 10``: the reader closes the pipe before the record is
    written; the command ends with BROKEN_PIPE (141) and says nothing on stderr."""
    proc = subprocess.Popen(
        [*COMMAND, "parse", str(SMALL)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == exitcodes.BROKEN_PIPE, stderr
    assert stderr == ""
