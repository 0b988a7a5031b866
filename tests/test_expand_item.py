"""expand_item: what one input item stands for, and why it yields no document."""

from __future__ import annotations

from pathlib import Path

from policyparse.batchio.inputs import (
    EMPTY_FOLDER,
    NO_DOCUMENTS,
    NO_MATCH,
    NOT_FOUND,
    expand_item,
)


def test_folder_with_documents(tmp_path: Path) -> None:
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    exp = expand_item(tmp_path)
    assert [p.name for p in exp.paths] == ["a.txt", "b.pdf"]
    assert exp.reason is None


def test_empty_folder_and_folder_without_documents(tmp_path: Path) -> None:
    assert expand_item(tmp_path).reason == EMPTY_FOLDER
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    exp = expand_item(tmp_path)
    assert exp.paths == () and exp.reason == NO_DOCUMENTS


def test_glob_matching_nothing_keeps_the_pattern(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.xyz")
    exp = expand_item(pattern)
    assert exp.paths == (Path(pattern),) and exp.reason == NO_MATCH
    (tmp_path / "a.xyz").write_text("x")
    assert expand_item(pattern).reason is None


def test_missing_path(tmp_path: Path) -> None:
    exp = expand_item(tmp_path / "nope.pdf")
    assert exp.paths == (tmp_path / "nope.pdf",) and exp.reason == NOT_FOUND


def test_existing_file(tmp_path: Path) -> None:
    f = tmp_path / "x.bin"
    f.write_bytes(b"\0")
    exp = expand_item(f)
    assert exp.paths == (f,) and exp.reason is None
