"""source: reading a path, bytes or a file object; what is not a file, what is empty."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.errors import EmptyInputError, InputNotFoundError, UnsupportedInputError
from policyparse.source import open_source


def test_what_is_not_there_is_not_found(tmp_path: Path) -> None:
    """A missing path, a dangling link, a file used as a directory, a symlink loop: nothing
    to read, which says nothing about a file's content (``not_found``, not ``unsupported``);
    the error is also a FileNotFoundError for code that catches that."""
    (tmp_path / "file.txt").write_bytes(b"Hej")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    (tmp_path / "dangling").symlink_to(tmp_path / "gone.pdf")
    for path, message in [
        ("missing.pdf", "no such file"),
        ("dangling", "a dangling symbolic link"),
        ("file.txt/inner", "no such file"),
        ("loop", "a loop of symbolic links"),
    ]:
        for name in (tmp_path / path, str(tmp_path / path)):
            with pytest.raises(InputNotFoundError, match=message) as info:
                open_source(name)
            assert isinstance(info.value, FileNotFoundError)
            assert info.value.error_type == "not_found"


def test_what_is_not_a_file(tmp_path: Path) -> None:
    """A directory, a FIFO (refused without opening it, which would block): something is
    there, only not a file (``unsupported``)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in [".", "fifo"]:
        assert not (tmp_path / path).is_file()
        with pytest.raises(UnsupportedInputError, match="not a file"):
            open_source(tmp_path / path)
        with pytest.raises(UnsupportedInputError, match="not a file"):
            open_source(str(tmp_path / path))


def test_a_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Regeringen beslutar.\n" * 1000)
    source = open_source(path)
    assert source.data == path.read_bytes()
    assert source.name == str(path)
    assert source.type == "text"


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from([b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c", b"\x00", b"a"])))
def test_empty_input_is_what_strips_to_nothing(parts: list[bytes]) -> None:
    data = b"".join(parts)
    if not data.strip():
        with pytest.raises(EmptyInputError, match="empty input"):
            open_source(data)
    else:
        try:
            open_source(data)
        except EmptyInputError as exc:
            assert "empty input" not in str(exc)
