"""Inputs that used to crash a run, vanish without a line or come twice (issue 16, items 2
and 8): file names that are not UTF-8, symbolic-link loops and dangling links, manifests
taken literally, the same file named two ways, records of inputs that no longer exist.

Each behaviour is checked through the real command in a subprocess, as a user meets it.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyparse
from policyparse.batchio.inputs import InputInfo
from policyparse.output import to_json_line
from policyparse.paths import display_path, input_key

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
PDF = FIXTURES / "dir-tillagg-forlangd-tid.pdf"
TEXT = b"Regeringsbeslut\n\nRegeringen uppdrar \xc3\xa5t Skolverket att f\xc3\xb6lja upp.\n"
LATIN1_NAME = b"caf\xe9.pdf"  # a file name that is not UTF-8


def run(
    *args: str | Path, cwd: Path = REPO, stdin: bytes | None = None, timeout: float = 120
) -> Any:
    """The real command, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "policyparse.cli", *map(os.fspath, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
    )


def batch(
    *args: str | Path, cwd: Path = REPO, stdin: bytes | None = None, timeout: float = 120
) -> Any:
    return run("batch", *args, "-j", "1", "--no-progress", cwd=cwd, stdin=stdin, timeout=timeout)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def bytes_path(folder: Path, name: bytes) -> str:
    """A path in ``folder`` named by raw bytes, as Python hands it over (surrogateescape)."""
    return os.fsdecode(os.path.join(os.fsencode(folder), name))


@pytest.fixture
def latin1_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PDF, bytes_path(folder, LATIN1_NAME))
    return folder


def test_a_name_that_is_not_utf8_gets_one_jsonl_line_and_is_skipped_on_rerun(
    latin1_folder: Path, tmp_path: Path
) -> None:
    out, stats = tmp_path / "out.jsonl", tmp_path / "stats.json"
    first = batch(latin1_folder, "-o", out, "--summary-json", stats)
    assert first.returncode == 0, first.stderr.decode()
    (rec,) = lines(out)
    shown = f"{latin1_folder}/caf\\xe9.pdf"
    assert rec["source"] == rec["input"]["path"] == shown
    assert base64.b64decode(rec["input"]["path_bytes"]) == os.fsencode(latin1_folder) + (
        b"/" + LATIN1_NAME
    )
    assert rec["kind"] == "kommittedirektiv" and "error" not in rec
    again = batch(latin1_folder, "-o", out, "--summary-json", stats)
    assert again.returncode == 0, again.stderr.decode()
    assert json.loads(stats.read_text())["skipped"] == 1
    assert len(lines(out)) == 1


def test_a_name_that_is_not_utf8_in_sqlite_and_parquet(latin1_folder: Path, tmp_path: Path) -> None:
    name = os.fsencode(latin1_folder) + b"/" + LATIN1_NAME
    db, stats = tmp_path / "out.sqlite", tmp_path / "stats.json"
    for _ in range(2):
        done = batch(latin1_folder, "-o", db, "--summary-json", stats)
        assert done.returncode == 0, done.stderr.decode()
    assert json.loads(stats.read_text())["skipped"] == 1
    con = sqlite3.connect(db)
    rows = con.execute("SELECT source, path_bytes, kind FROM documents").fetchall()
    con.close()
    assert rows == [(f"{latin1_folder}/caf\\xe9.pdf", name, "kommittedirektiv")]

    pq = pytest.importorskip("pyarrow.parquet")
    parquet = tmp_path / "out.parquet"
    for _ in range(2):
        done = batch(latin1_folder, "-o", parquet, "--summary-json", stats)
        assert done.returncode == 0, done.stderr.decode()
    assert json.loads(stats.read_text())["skipped"] == 1
    table = pq.read_table(parquet, columns=["source", "path_bytes", "kind"]).to_pylist()
    assert table == [
        {"source": f"{latin1_folder}/caf\\xe9.pdf", "path_bytes": name, "kind": "kommittedirektiv"}
    ]


def test_parse_and_parse_many_on_a_name_that_is_not_utf8(latin1_folder: Path) -> None:
    path = bytes_path(latin1_folder, LATIN1_NAME)
    done = run("parse", "--compact", path)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["source"] == f"{latin1_folder}/caf\\xe9.pdf"
    missing = run("parse", bytes_path(latin1_folder, b"saknad-\xe9.pdf"))
    assert missing.returncode != 0 and b"Traceback" not in missing.stderr
    assert json.loads(missing.stdout)["error"]["type"] == "not_found"
    assert b"saknad-\\xe9.pdf" in missing.stderr
    (rec,) = policyparse.parse_many([latin1_folder])
    assert rec.source == f"{latin1_folder}/caf\\xe9.pdf"
    json.loads(to_json_line(rec).encode("utf-8"))  # writable as UTF-8


def test_symlink_loop_and_dangling_link_each_get_an_error_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "beslut.txt").write_bytes(TEXT)
    (folder / "borta.pdf").symlink_to(folder / "raderad.pdf")  # dangling
    (folder / "a.pdf").symlink_to(folder / "b.pdf")  # a loop: a → b → a
    (folder / "b.pdf").symlink_to(folder / "a.pdf")
    (folder / "upp").symlink_to(folder)  # a link to a folder is not followed: no loop
    out = tmp_path / "out.jsonl"
    done = batch(folder, "-o", out)
    assert b"Traceback" not in done.stderr
    recs = {Path(r["source"]).name: r for r in lines(out)}
    assert set(recs) == {"beslut.txt", "borta.pdf", "a.pdf", "b.pdf"}
    assert "error" not in recs["beslut.txt"]
    assert recs["borta.pdf"]["error"]["type"] == "not_found"
    assert "dangling symbolic link" in recs["borta.pdf"]["error"]["message"]
    for name in ("a.pdf", "b.pdf"):
        assert recs[name]["error"]["type"] == "not_found"
        assert "loop of symbolic links" in recs[name]["error"]["message"]
    # named on the command line and matched by a pattern, the same
    out2 = tmp_path / "out2.jsonl"
    done = batch(folder / "borta.pdf", folder / "a.*", "-o", out2)
    assert b"Traceback" not in done.stderr
    got = {Path(r["source"]).name: r["error"]["type"] for r in lines(out2)}
    assert got == {"borta.pdf": "not_found", "a.pdf": "not_found"}


def test_links_back_up_the_tree_do_not_trap_a_pattern_or_a_folder_walk(tmp_path: Path) -> None:
    """Two links to a parent folder made glob's ``**`` run for ever (it follows them)."""
    arkiv = tmp_path / "arkiv"
    (arkiv / "2026").mkdir(parents=True)
    (arkiv / "2026" / "beslut.txt").write_bytes(TEXT)
    (arkiv / "2026" / "upp").symlink_to("..")
    (arkiv / "2026" / "upp2").symlink_to("..")
    out = tmp_path / "out.jsonl"
    # a broken run never ends: the timeout turns that into a failure
    done = batch(arkiv / "**" / "*.txt", arkiv, "-o", out, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert [r["source"] for r in lines(out)] == [str(arkiv / "2026" / "beslut.txt")]


def test_manifest_lines_are_taken_literally(tmp_path: Path) -> None:
    for name in (" inledande blanksteg.txt", "#nummer.txt", "slut blanksteg.txt "):
        (tmp_path / name).write_bytes(TEXT)
    (tmp_path / "crlf.txt").write_bytes(TEXT)
    (tmp_path / os.fsdecode(b"latin-\xe9.txt")).write_bytes(TEXT)
    manifest = (
        b" inledande blanksteg.txt\n#nummer.txt\n\nslut blanksteg.txt \ncrlf.txt\r\nlatin-\xe9.txt"
    )
    out = tmp_path / "out.jsonl"
    done = batch("--manifest", "-", "-o", out, cwd=tmp_path, stdin=manifest)
    assert done.returncode == 0, done.stderr.decode()
    recs = {r["source"]: r for r in lines(out)}
    assert set(recs) == {
        " inledande blanksteg.txt",
        "#nummer.txt",
        "slut blanksteg.txt ",
        "crlf.txt",
        "latin-\\xe9.txt",
    }
    assert not any("error" in r for r in recs.values())


def test_a_nul_byte_in_a_manifest_is_one_clear_line_and_a_usage_error(tmp_path: Path) -> None:
    manifest = tmp_path / "lista.txt"
    manifest.write_bytes(b"a.pdf\nb\x00.pdf\n")
    out = tmp_path / "out.jsonl"
    for args, stdin in (([manifest], None), (["-"], manifest.read_bytes())):
        done = batch("--manifest", *args, "-o", out, stdin=stdin)
        assert done.returncode == 2
        err = done.stderr.decode()
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "line 2: a NUL byte" in err
    assert not out.exists() or out.read_bytes() == b""


def test_one_file_named_several_ways_gives_one_line_under_the_first_name(tmp_path: Path) -> None:
    sub = tmp_path / "arkiv" / "sub"
    sub.mkdir(parents=True)
    (tmp_path / "arkiv" / "beslut.txt").write_bytes(TEXT)
    (tmp_path / "arkiv" / "länk.txt").symlink_to(tmp_path / "arkiv" / "beslut.txt")
    os.link(tmp_path / "arkiv" / "beslut.txt", tmp_path / "arkiv" / "hårdlänk.txt")
    manifest = "\n".join(
        [
            "arkiv/beslut.txt",
            str(tmp_path / "arkiv" / "beslut.txt"),
            "arkiv/sub/../beslut.txt",
            "./arkiv//beslut.txt",
            "arkiv/länk.txt",
            "arkiv/hårdlänk.txt",
            "arkiv",
            "saknas.txt",
            "arkiv/../saknas.txt",
        ]
    )
    out = tmp_path / "out.jsonl"
    done = batch("--manifest", "-", "-o", out, cwd=tmp_path, stdin=manifest.encode())
    assert b"Traceback" not in done.stderr
    got = [(r["source"], r.get("error", {}).get("type")) for r in lines(out)]
    assert got == [("arkiv/beslut.txt", None), ("saknas.txt", "not_found")]


def _sources(out: Path) -> set[str]:
    if out.suffix == ".jsonl":
        return {r["source"] for r in lines(out)}
    if out.suffix == ".sqlite":
        con = sqlite3.connect(out)
        try:
            return {src for (src,) in con.execute("SELECT source FROM documents")}
        finally:
            con.close()
    pq = pytest.importorskip("pyarrow.parquet")
    return {r["source"] for r in pq.read_table(out, columns=["source"]).to_pylist()}


@pytest.mark.parametrize("fmt", ["jsonl", "sqlite", "parquet"])
def test_records_of_vanished_inputs_are_told_about_and_pruned(tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["kvar.txt", "borta.txt", os.fsdecode(b"borta-\xe9.txt")]
    for name in names:
        (folder / name).write_bytes(TEXT)
    out, stats = tmp_path / f"out.{fmt}", tmp_path / "stats.json"
    assert batch(folder, "-o", out).returncode == 0
    for name in names[1:]:
        (folder / name).unlink()
    everything = {f"{folder}/kvar.txt", f"{folder}/borta.txt", f"{folder}/borta-\\xe9.txt"}
    assert _sources(out) == everything

    told = batch(folder, "-o", out, "--summary-json", stats)
    assert told.returncode == 0, told.stderr.decode()
    assert f"2 records in {out} of inputs that no longer exist".encode() in told.stderr
    assert b"--prune removes them" in told.stderr
    assert json.loads(stats.read_text())["vanished"] == 2
    assert _sources(out) == everything  # only told about

    pruned = batch(folder, "-o", out, "--prune", "--summary-json", stats)
    assert pruned.returncode == 0, pruned.stderr.decode()
    assert f"removed 2 records of inputs that no longer exist from {out}".encode() in (
        pruned.stderr
    )
    assert json.loads(stats.read_text())["pruned"] == 2
    assert _sources(out) == {f"{folder}/kvar.txt"}
    assert json.loads(stats.read_text())["skipped"] == 1


def test_prune_refuses_to_remove_every_record(tmp_path: Path) -> None:
    """Relative paths lead nowhere from another folder: --prune there would empty the output."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "beslut.txt").write_bytes(TEXT)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "annat.txt").write_bytes(TEXT)
    out = tmp_path / "out.jsonl"
    assert batch("beslut.txt", "-o", out, cwd=tmp_path / "a").returncode == 0
    refused = batch("annat.txt", "-o", out, "--prune", cwd=tmp_path / "b")
    assert refused.returncode == 2
    err = refused.stderr.decode()
    assert "--prune would remove all 1 record" in err and "Traceback" not in err
    assert [r["source"] for r in lines(out)] == ["beslut.txt"]


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"\0" not in b and b"/" not in b))
@settings(max_examples=300, deadline=None)
def test_any_file_name_round_trips_through_a_line(name: bytes) -> None:
    """The display form always encodes as UTF-8, and the line's input object gives back the
    very path the file system gave (the resume identity)."""
    path = os.fsdecode(b"arkiv/" + name)
    info = InputInfo(path, None, None).as_dict()
    line = json.dumps({"input": info}, ensure_ascii=False).encode("utf-8")
    back = json.loads(line)["input"]
    assert input_key(back) == path
    assert back["path"] == display_path(path)
    assert ("path_bytes" in back) == (display_path(path) != path)
