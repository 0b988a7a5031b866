"""The command line, called in-process: schema, parse, batch."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from policyparse import cli, exitcodes

REGERINGSBESLUT_TITLE = "Uppdrag att utveckla screeningen för livmoderhalscancer"


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", "--record"]) == 0
    out = capsys.readouterr().out
    schema = json.loads(out)
    assert "properties" in schema
    for field in ("source", "kind", "title", "date", "diarienummer", "deadlines", "amounts"):
        assert field in schema["properties"]


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main([])
    assert info.value.code == 2


def test_parse_prints_a_record(
    regeringsbeslut_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["parse", str(regeringsbeslut_pdf)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["source"] == str(regeringsbeslut_pdf)
    assert record["kind"] == "regeringsbeslut"
    assert record["title"] == REGERINGSBESLUT_TITLE
    assert record["date"] == "2025-03-13"
    assert [d["name"] for d in record["diarienummer"]] == ["S2025/00123"]
    assert record["issuer"] == "Socialdepartementet"
    assert "error" not in record


def test_parse_compact_is_one_line(
    regeringsbeslut_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["parse", "--compact", str(regeringsbeslut_pdf)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out)["kind"] == "regeringsbeslut"


def test_parse_bad_file_prints_error_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    assert cli.main(["parse", str(bad)]) == exitcodes.INPUT_ERRORS
    captured = capsys.readouterr()
    record = json.loads(captured.out)
    assert record["source"] == str(bad)
    assert record["error"]["type"] == "corrupt"
    assert "corrupt" in captured.err


BAD_INPUTS = {
    "corrupt": ("b_trasig.pdf", b"%PDF-1.4 garbage"),
    "unsupported": ("b_brus", random.Random(7).randbytes(4096)),
    "empty": ("b_tom.pdf", b""),
}


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("bad_type", list(BAD_INPUTS))
def test_batch_one_line_per_input(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_regeringsbeslut,
    workers: str,
    bad_type: str,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = make_regeringsbeslut(folder / "a_beslut.pdf")
    name, data = BAD_INPUTS[bad_type]
    bad = folder / name
    bad.write_bytes(data)
    out = tmp_path / "x.jsonl"

    code = cli.main(
        ["batch", str(folder), "--out", str(out), "--workers", workers, "--no-progress"]
    )
    assert code == exitcodes.INPUT_ERRORS

    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    by_source = {r["source"]: r for r in records}
    assert set(by_source) == {str(good), str(bad)}

    ok = by_source[str(good)]
    assert "error" not in ok
    assert ok["kind"] == "regeringsbeslut"
    assert ok["title"] == REGERINGSBESLUT_TITLE

    err = by_source[str(bad)]
    assert set(err) == {"source", "input", "error"}
    assert err["input"]["path"] == str(bad)
    assert err["error"]["type"] == bad_type
    assert err["error"]["message"]

    summary = capsys.readouterr().err
    assert f"2 inputs: 1 parsed (1 page), 1 error (1 {bad_type})" in summary


def test_batch_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_regeringsbeslut
) -> None:
    make_regeringsbeslut(tmp_path / "beslut.pdf")
    assert cli.main(["batch", str(tmp_path), "--out", "-", "-j", "1", "--no-progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["kind"] == "regeringsbeslut"


def test_exit_now_skips_teardown_once_outputs_are_flushed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exits: list[int] = []

    def fake_exit(code: int) -> None:
        exits.append(code)

    monkeypatch.setattr("os._exit", fake_exit)
    monkeypatch.setattr("logging.shutdown", lambda: None)  # pytest's own handlers stay open
    print("last line", end="")
    cli.exit_now(3)
    assert exits == [3]
    assert capsys.readouterr().out == "last line"


def test_exit_now_takes_the_normal_exit_while_a_thread_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    monkeypatch.setattr("os._exit", lambda code: pytest.fail("os._exit with a thread alive"))
    release = threading.Event()
    worker = threading.Thread(target=release.wait)  # not a daemon: the normal exit joins it
    worker.start()
    try:
        with pytest.raises(SystemExit) as info:
            cli.exit_now(4)
        assert info.value.code == 4
    finally:
        release.set()
        worker.join()


def test_the_command_prints_whole_records_and_its_exit_code(
    regeringsbeslut_pdf: Path, tmp_path: Path
) -> None:
    """The installed command (``console``: main, then the quick exit) as a user runs it."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "policyparse.cli"]
    done = subprocess.run(
        [*command, "parse", "--compact", str(regeringsbeslut_pdf)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == REGERINGSBESLUT_TITLE
    bad = tmp_path / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.4 trasig")
    done = subprocess.run(
        [*command, "parse", str(bad)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == exitcodes.INPUT_ERRORS
    assert json.loads(done.stdout)["error"]["type"] == "corrupt"
