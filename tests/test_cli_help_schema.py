"""What the command documents about itself: --help of every subcommand, the JSON Schema of a
batch line (checked with a JSON-Schema validator over a real batch), the exit-code table of the
README, and the ErrorRecord that parse_many hands back for a failure."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import policyparse
from policyparse import cli, exitcodes
from policyparse.exitdocs import exit_table
from tests import hostile_files as H

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
COMMAND = [sys.executable, "-m", "policyparse.cli"]
SUBCOMMANDS = ("parse", "batch", "schema", "doctor")


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_argument_of_every_subcommand_has_help() -> None:
    top = cli.build_parser()
    subs = subparsers(top)
    assert set(subs) == set(SUBCOMMANDS)
    for name, parser in [("policyparse", top), *subs.items()]:
        for action in parser._actions:
            assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)


@pytest.mark.parametrize("sub", ["", *SUBCOMMANDS])
def test_help_is_plain_text(sub: str) -> None:
    done = subprocess.run(
        [*COMMAND, *([sub] if sub else []), "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == exitcodes.OK, done.stderr
    assert "``" not in done.stdout and ":mod:" not in done.stdout and ":func:" not in done.stdout
    if sub in ("", "batch"):
        for _name, code, _text in exit_table():
            assert re.search(rf"^  {code} ", done.stdout, re.M), (sub, code)


def test_readme_exit_codes_are_the_table(tmp_path: Path) -> None:
    """The README's "Exit codes" table has one row per constant of exitcodes, with its code,
    its name and the first sentence of its docstring: they cannot drift apart."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\d+)` \| `(\w+)` \| (.+?) \|$", section, re.M)
    table = exit_table()
    assert [(int(code), name) for code, name, _ in rows] == [(c, n) for n, c, _ in table]
    for (_, _, text), (_, _, doc) in zip(rows, table, strict=True):
        first = doc.replace("``", "`").split(". ")[0].rstrip(".")
        assert text.startswith(first), (text, first)


def hostile_inputs(folder: Path) -> list[Path]:
    folder.mkdir()
    files = {
        "tom.pdf": b"",
        "brus": bytes(range(256)) * 16,
        "word.docx": H.docx_bytes(),
        "lösenord.pdf": H.encrypted_pdf("hemligt"),
        "pdf-som-heter.txt": H.good_pdf(),
        "avklippt.pdf": H.truncated_pdf(),
        "med mellanslag och\nradbrytning.pdf": H.good_pdf(),
        "kort.txt": b"Hej.",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def test_schema_validates_every_line_of_a_batch(tmp_path: Path) -> None:
    done = subprocess.run([*COMMAND, "schema"], capture_output=True, text=True, timeout=60)
    assert done.returncode == exitcodes.OK
    schema = json.loads(done.stdout)
    assert [s["$ref"] for s in schema["oneOf"]] == ["#/$defs/RecordLine", "#/$defs/ErrorLine"]
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    out = tmp_path / "out.jsonl"
    inputs = [FIXTURES, *hostile_inputs(tmp_path / "hostile"), tmp_path / "saknas.pdf"]
    cmd = [*COMMAND, "batch", *map(str, inputs), "-o", str(out), "-j", "2", "--no-progress"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == exitcodes.INPUT_ERRORS, done.stderr
    lines: list[dict[str, Any]] = [json.loads(t) for t in out.read_text("utf-8").splitlines()]
    types = {line.get("error", {}).get("type") for line in lines}
    assert {None, "empty", "unsupported", "encrypted", "not_found", "no_text"} <= types
    for line in lines:
        errors = [e.message for e in validator.iter_errors(line)]
        assert not errors, (line["source"], errors[:3])
    record_only = {k: v for k, v in lines[0].items() if k != "input"}
    assert not validator.is_valid(record_only)  # a line without input is not a batch line

    done = subprocess.run(
        [*COMMAND, "schema", "--record"], capture_output=True, text=True, timeout=60
    )
    record = jsonschema.Draft202012Validator(json.loads(done.stdout))
    good = next(line for line in lines if "error" not in line)
    assert record.is_valid({k: v for k, v in good.items() if k != "input"})


def test_an_error_record_says_what_it_is() -> None:
    [rec] = policyparse.parse_many(["saknas/beslut.pdf"])
    assert isinstance(rec, policyparse.ErrorRecord) and rec.error.type == "not_found"
    with pytest.raises(AttributeError, match=r"this is an ErrorRecord .* not a Document"):
        _ = rec.title  # type: ignore[union-attr]
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = rec.nonsense  # type: ignore[union-attr]
    with pytest.raises(policyparse.InputNotFoundError) as info:
        policyparse.parse("saknas/beslut.pdf")
    assert isinstance(info.value, FileNotFoundError)
