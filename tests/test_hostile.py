"""Hostile and broken inputs (issue 6): every one ends in a record or a typed error, within
bounds of memory and time, and nothing in a document is run, fetched or written.

The files are built in memory by :mod:`tests.hostile_files`. Time is never asserted; where a
parse could hang, it runs under a batch ``--timeout`` or a subprocess timeout that only
detects hangs.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import policyparse
from policyparse import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    Options,
    PolicyParseError,
    TooLargeError,
    UnsupportedInputError,
    cli,
    exitcodes,
)
from policyparse.batchio import memwatch
from policyparse.batchio.work import ERROR_TYPES
from policyparse.layout.ocr import MAX_PIXELS, ocr_available, render_scale
from policyparse.layout.pdfguard import PdfLimits, _stream_spans, check_pdf, page_count
from policyparse.layout.pdfrepair import rebuild_xref
from policyparse.layout.textsource import decode_text
from tests import hostile_files as H

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
MB = 1 << 20


def parse_outcome(data: bytes, **options: Any) -> str:
    """``record`` or the error type; anything else (a crash) fails the test."""
    try:
        policyparse.parse(data, options=Options(**options))
    except PolicyParseError as exc:
        return exc.error_type
    return "record"


def assert_good_record(doc: policyparse.Document) -> None:
    """The text of :func:`hostile_files.text_content` fully parsed."""
    assert [d.date.isoformat() for d in doc.deadlines if d.date] == ["2026-01-31"]
    assert [a.value for a in doc.amounts] == [2_000_000]


# --- resource attacks ---------------------------------------------------------------------------


def test_flate_bomb_is_refused_without_inflating_it() -> None:
    data = H.flate_bomb_pdf(2048)  # 2 GiB of zeros in 2 MB
    assert len(data) < 3 * MB
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError, match="inflates to more than"):
            check_pdf(data, "bomb.pdf", PdfLimits())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * MB  # incremental: about one chunk of output at a time
    with pytest.raises(TooLargeError):
        policyparse.parse(data)


def test_two_layer_bomb_of_four_gigabytes_in_a_few_kilobytes() -> None:
    data = H.flate_bomb_pdf(4096, layers=2)
    assert len(data) < 64 * 1024
    with pytest.raises(TooLargeError, match="inflates"):
        policyparse.parse(data)


def test_font_programs_are_glyphs_not_operators() -> None:
    """A font program's bytes may spell "Tj" any number of times: not counted."""
    data = H.font_program_pdf(b"Tj TJ " * 200_000)
    check_pdf(data, "font.pdf", PdfLimits())
    assert_good_record(policyparse.parse(data))


@pytest.mark.parametrize("layers", [1, 2])
def test_font_program_bombs_are_still_refused(layers: int) -> None:
    """A small font stream is only looked into as far as its first bytes, which is enough:
    one layer that small cannot reach the bound, and a second layer is seen there."""
    data = H.zeros_deflated(2048 if layers == 1 else 4096)
    if layers == 2:
        data = zlib.compress(data, 9)
        assert len(data) * 1032 < PdfLimits().max_inflated_bytes
    with pytest.raises(TooLargeError, match="inflates"):
        check_pdf(H.font_stream_pdf(data, layers), "font.pdf", PdfLimits())


def test_object_headers_are_found_behind_binary_stream_data() -> None:
    """The header of a stream's object is looked for backwards from the keyword; digits and
    "obj" in the previous stream's bytes must not be taken for it."""
    junk = b"1 0 obj" + bytes(range(256)) + b"98765 4 objx 12" * 3
    data = b"3 0 obj\n<< /Length 5 >>\nstream\n" + junk + b"\nendstream\nendobj\n"
    data += b"1234567 0 obj\n<< /Length 2 >>\nstream\nab\nendstream\nendobj\n"
    spans = list(_stream_spans(data))
    assert [span.ident for span in spans] == [(3, 0), (1234567, 0)]


def test_encrypted_bomb_is_decrypted_before_it_is_measured() -> None:
    """Owner password only: it opens without a password, and its streams are RC4 data, not
    zlib, until decrypted."""
    assert parse_outcome(H.encrypted_flate_bomb_pdf(1)) == "record"
    with pytest.raises(TooLargeError, match="inflates"):
        policyparse.parse(H.encrypted_flate_bomb_pdf(2048))


def test_inflation_bound_is_configurable() -> None:
    data = H.flate_bomb_pdf(1)
    assert_good_record(policyparse.parse(data))  # a megabyte of white space: big, not a bomb
    with pytest.raises(TooLargeError, match=str(MB // 2)):
        policyparse.parse(data, options=Options(max_inflated_bytes=MB // 2))


def test_thousands_of_pages_are_counted_without_parsing_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = H.many_pages_pdf(5000)
    assert page_count(data, None) == 5000

    def no_pdfplumber(*args: object, **kwargs: object) -> None:
        raise AssertionError("pdfplumber must not open a file over the page limit")

    monkeypatch.setattr("pdfplumber.open", no_pdfplumber)
    with pytest.raises(TooLargeError, match="5000 pages, over the limit of 2000"):
        policyparse.parse(data)
    with pytest.raises(TooLargeError, match="5000 pages"):
        policyparse.parse(data, options=Options(backend="pdfium"))


def test_a_lying_page_count_is_still_caught() -> None:
    """/Count says 1: pdfium believes it, pdfplumber counts the pages (slower, still bounded)."""
    data = H.many_pages_pdf(3000).replace(b"/Count 3000", b"/Count 1   ")  # offsets kept
    assert page_count(data, None) == 1
    with pytest.raises(TooLargeError, match="3000 pages"):
        policyparse.parse(data)


def test_operator_flood_is_refused() -> None:
    with pytest.raises(TooLargeError, match="more than 100000 text operators"):
        policyparse.parse(H.operator_flood_pdf(300_000))


def test_operator_bound_is_configurable() -> None:
    data = H.operator_flood_pdf(3000)
    assert parse_outcome(data) == "record"
    assert parse_outcome(data, max_text_ops=1000) == "too_large"


def test_bounds_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "operatorer.pdf"
    path.write_bytes(H.operator_flood_pdf(3000))
    assert cli.main(["parse", str(path), "--compact"]) == 0
    capsys.readouterr()
    code = cli.main(["parse", str(path), "--compact", "--max-text-ops", "1000"])
    assert code == exitcodes.INPUT_ERRORS
    assert json.loads(capsys.readouterr().out)["error"]["type"] == "too_large"
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(H.flate_bomb_pdf(16))
    code = cli.main(["parse", str(bomb), "--compact", "--max-inflated-mb", "8"])
    assert code == exitcodes.INPUT_ERRORS
    assert "inflates to more than" in json.loads(capsys.readouterr().out)["error"]["message"]


@pytest.mark.parametrize("where", ["page", "info", "content"])
def test_arrays_nested_100k_deep(where: str) -> None:
    assert parse_outcome(H.deep_array_pdf(100_000, where)) in ("record", "corrupt")


def test_dictionaries_nested_100k_deep() -> None:
    assert parse_outcome(H.deep_dict_pdf(100_000)) in ("record", "corrupt")


def test_recursion_error_in_a_backend_is_a_corrupt_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever structure makes a library recurse too deep, the caller sees ``corrupt``."""

    def too_deep(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("pdfplumber.open", too_deep)
    monkeypatch.setattr("policyparse.layout.pdfium.read_pdfium", too_deep)
    with pytest.raises(CorruptInputError):
        policyparse.parse(H.good_pdf())


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize("build", [H.page_tree_loop_pdf, H.self_parent_page_pdf])
def test_page_tree_loops(build: Callable[[], bytes], backend: str) -> None:
    try:
        doc = policyparse.parse(build(), options=Options(backend=backend))  # type: ignore[arg-type]
    except PolicyParseError as exc:
        assert exc.error_type in ("corrupt", "empty")
        return
    assert 1 <= len(doc.pages) <= 2  # pdfium reads a page reached twice as two
    assert {a.value for a in doc.amounts} == {2_000_000}


def test_form_xobjects_drawn_within_forms_parse_when_small() -> None:
    assert parse_outcome(H.form_amplification_pdf(fanout=20, depth=2)) == "record"


def test_ocr_renders_a_huge_page_at_a_bounded_size() -> None:
    assert render_scale(595, 842) == pytest.approx(200 / 72)  # A4: full resolution
    scale = render_scale(14_400, 14_400)  # 200 × 200 inches
    assert (14_400 * scale) ** 2 <= MAX_PIXELS * 1.001


@pytest.mark.skipif(not ocr_available(), reason="OCR (tesseract) is not installed")
def test_huge_blank_page_is_no_text_not_a_6_gb_bitmap() -> None:
    with pytest.raises(PolicyParseError) as info:
        policyparse.parse(H.huge_blank_page_pdf())
    assert info.value.error_type == "no_text"


def test_guard_is_silent_on_ordinary_pdfs() -> None:
    for path in sorted(FIXTURES.glob("*.pdf")):
        check_pdf(path.read_bytes(), path.name, PdfLimits())


# --- broken cross-reference tables --------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        H.wrong_xref_offsets_pdf,
        H.wrong_startxref_pdf,
        H.no_xref_pdf,
        H.garbage_xref_pdf,
        H.truncated_pdf,
    ],
)
def test_broken_xref_is_recovered(build: Callable[[], bytes]) -> None:
    doc = policyparse.parse(build())
    assert_good_record(doc)


def test_recovery_is_noted_in_the_record() -> None:
    assert policyparse.parse(H.good_pdf()).warnings == []
    doc = policyparse.parse(H.truncated_pdf())
    assert any("rebuilding its xref" in w for w in doc.warnings), doc.warnings
    doc = policyparse.parse(H.wrong_xref_offsets_pdf())
    assert any("read with pdfium" in w for w in doc.warnings), doc.warnings


def test_rebuilt_xref_appends_and_keeps_the_original_bytes() -> None:
    broken = H.truncated_pdf()
    fixed = rebuild_xref(broken)
    assert fixed is not None and fixed.startswith(broken)
    assert b"/Root 1 0 R" in fixed
    assert rebuild_xref(b"%PDF-1.4\nno objects here\n") is None


def test_garbage_after_the_header_stays_corrupt() -> None:
    with pytest.raises(CorruptInputError):
        policyparse.parse(b"%PDF-1.7\n" + bytes(range(256)) * 40)


# --- file type from content, not name -----------------------------------------------------------


def test_pdf_named_txt_and_no_extension(tmp_path: Path) -> None:
    for name in ("beslut.txt", "beslut", "beslut.html"):
        path = tmp_path / name
        path.write_bytes(H.good_pdf())
        assert_good_record(policyparse.parse(path))


def test_html_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "sida.pdf"
    shutil.copy(FIXTURES / "regeringen-webbsida.html", path)
    doc = policyparse.parse(path)
    assert doc.title and len(doc.pages) == 1 and doc.pages[0].width == 0


def test_text_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "README-utan-ändelse"
    path.write_bytes(H.SWEDISH_TEXT.encode("utf-8"))
    doc = policyparse.parse(path)
    assert [d.text for d in doc.deadlines] == [H.SWEDISH_DEADLINE]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (H.docx_bytes(), "Word document (.docx)"),
        (H.xlsx_bytes(), "Excel workbook (.xlsx)"),
        (H.ole_doc_bytes() + "WordDocument".encode("utf-16-le"), "Word 97–2003 document (.doc)"),
        (H.ole_doc_bytes() + "Workbook".encode("utf-16-le"), "Excel 97–2003 workbook (.xls)"),
        (H.ole_doc_bytes(), "OLE compound file"),
        (b"{\\rtf1\\ansi Regeringen beslutar}", "RTF document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "gzip archive"),
    ],
    ids=["docx", "xlsx", "doc", "xls", "ole", "rtf", "png", "gzip"],
)
def test_other_formats_are_unsupported_by_name(tmp_path: Path, data: bytes, says: str) -> None:
    path = tmp_path / "beslut.pdf"  # the name lies
    path.write_bytes(data)
    with pytest.raises(UnsupportedInputError, match=r"not a document policyparse reads") as info:
        policyparse.parse(path)
    assert says in str(info.value)


# --- encryption ---------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_owner_password_only_reads_normally(backend: str) -> None:
    doc = policyparse.parse(H.encrypted_pdf(""), options=Options(backend=backend))  # type: ignore[arg-type]
    assert [a.value for a in doc.amounts] == [2_000_000]


@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_user_password(backend: str) -> None:
    data = H.encrypted_pdf("hemligt")
    with pytest.raises(EncryptedInputError, match="no password was given; use --password"):
        policyparse.parse(data, options=Options(backend=backend))  # type: ignore[arg-type]
    with pytest.raises(EncryptedInputError, match="the password given is wrong"):
        policyparse.parse(data, options=Options(backend=backend, password="fel"))  # type: ignore[arg-type]
    doc = policyparse.parse(data, options=Options(backend=backend, password="hemligt"))  # type: ignore[arg-type]
    assert [a.value for a in doc.amounts] == [2_000_000]


def test_password_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "krypterad.pdf"
    path.write_bytes(H.encrypted_pdf("hemligt"))
    assert cli.main(["parse", str(path), "--compact"]) == exitcodes.INPUT_ERRORS
    assert json.loads(capsys.readouterr().out)["error"]["type"] == "encrypted"
    assert cli.main(["parse", str(path), "--compact", "--password", "hemligt"]) == 0
    assert json.loads(capsys.readouterr().out)["amounts"][0]["value"] == 2_000_000
    out = tmp_path / "out.jsonl"
    args = ["batch", str(path), "--out", str(out), "--no-progress", "--workers", "1"]
    assert cli.main([*args, "--password", "hemligt"]) == 0
    (line,) = out.read_text("utf-8").splitlines()
    assert "error" not in json.loads(line)


# --- text inputs --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"])
def test_swedish_text_in_any_common_encoding(encoding: str) -> None:
    doc = policyparse.parse(H.SWEDISH_TEXT.encode(encoding))
    assert doc.title == "Uppdrag om åtgärder för sjöfåglar"
    assert [d.text for d in doc.deadlines] == [H.SWEDISH_DEADLINE]


def test_windows_1252_punctuation() -> None:
    text = "Beslut – ”Länsstyrelsen” får 5 € … "
    assert decode_text(text.encode("cp1252")) == text


def test_mixed_encodings_are_read_per_sequence() -> None:
    """A UTF-8 file with a Latin-1 paragraph pasted in: neither half becomes mojibake."""
    head = "Regeringen ger Länsstyrelsen i uppdrag.\n\n"
    data = head.encode("utf-8") + H.SWEDISH_TEXT.encode("latin-1")
    text = decode_text(data)
    assert text == head + H.SWEDISH_TEXT
    assert "Ã" not in text
    doc = policyparse.parse(data)
    assert [d.text for d in doc.deadlines] == [H.SWEDISH_DEADLINE]


def test_nul_bytes_in_text() -> None:
    data = H.SWEDISH_TEXT.encode("utf-8").replace(b"\n\n", b"\n\x00\n", 1) + b"\x00" * 100
    doc = policyparse.parse(data)
    assert [d.text for d in doc.deadlines] == [H.SWEDISH_DEADLINE]
    with pytest.raises(EmptyInputError, match="NUL"):
        policyparse.parse(bytes(4096))


def test_text_too_long_is_refused_before_it_is_laid_out() -> None:
    line = ("Regeringen ger Skolverket i uppdrag att utreda åtgärder för skolan " * 160_000)[
        : 10 * MB
    ]
    with pytest.raises(TooLargeError, match="max_chars"):
        policyparse.parse(line.encode("utf-8"))
    small = H.SWEDISH_TEXT.encode()
    with pytest.raises(TooLargeError):
        policyparse.parse(small, options=Options(max_chars=100))


def test_paragraph_over_the_language_pipelines_limit_is_too_large() -> None:
    words = ("uppdrag att utreda skolan " * 45_000).encode()  # 1.1 million characters, no break
    with pytest.raises(TooLargeError, match="language pipeline"):
        policyparse.parse(words)


def _batch_lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def test_very_long_lines_end_in_bounded_time(tmp_path: Path) -> None:
    """One line of 900,000 characters without a space, and one of words: a record each. (An
    extractor regex once backtracked quadratically on the first: hours.) Under a batch
    timeout, so that a regression fails instead of hanging."""
    nospace = tmp_path / "utan-mellanslag.txt"
    nospace.write_bytes(b"ha" * 450_000)
    dashes = tmp_path / "bindestreck.txt"
    dashes.write_bytes(b"a-" * 450_000)
    words = tmp_path / "ord.txt"
    words.write_bytes(("Regeringen ger Skolverket i uppdrag. " * 24_000).encode())
    out = tmp_path / "out.jsonl"
    files = [nospace, dashes, words]
    args = ["--out", str(out), "--no-progress", "--timeout", "240", "--workers", "2"]
    code = cli.main(["batch", *map(str, files), *args])
    assert code == 0
    lines = _batch_lines(out)
    assert len(lines) == 3
    for line in lines:
        assert "error" not in line, line


# --- odd file names -----------------------------------------------------------------------------

ODD_NAMES = [
    "med mellanslag.pdf",
    "åäö ÅÄÖ beslut.pdf",
    "-börjar-med-streck.pdf",
    "rad\nbrytning.pdf",
    "citat \"och\" 'apostrof'.pdf",
    "tab\tbackslash\\.pdf",
    "emoji 📄.pdf",
]


def test_odd_file_names_give_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ODD_NAMES:
        (folder / name).write_bytes(H.good_pdf())
    out = tmp_path / "out.jsonl"
    assert cli.main(["batch", str(folder), "--out", str(out), "--no-progress"]) == 0
    raw = out.read_bytes()
    assert raw.count(b"\n") == len(ODD_NAMES)  # a newline in a name is escaped, never raw
    lines = _batch_lines(out)
    assert sorted(line["source"] for line in lines) == sorted(
        str(folder / name) for name in ODD_NAMES
    )
    for line in lines:
        assert line["input"]["path"] == line["source"]
        assert "error" not in line, line


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite"])
def test_output_paths_never_come_from_input_names(tmp_path: Path, suffix: str) -> None:
    """Inputs named with ``..`` (through a manifest, relative to the working directory) are
    read, never written: the only files a batch creates are ``--out`` itself and its own side
    files next to it (a lock-free temporary, SQLite's journal), all named from ``--out``."""
    work = tmp_path / "work"
    deep = work / "a" / "b"
    deep.mkdir(parents=True)
    (work / "x.pdf").write_bytes(H.good_pdf())
    outdir = tmp_path / "out"
    outdir.mkdir()
    manifest = tmp_path / "manifest.txt"
    manifest.write_text("../../x.pdf\n../../../../../etc/x\n../../x.pdf/../../evil.pdf\n", "utf-8")
    before = {p for p in tmp_path.rglob("*")}
    cwd = os.getcwd()
    os.chdir(deep)
    try:
        out = os.path.relpath(outdir / f"records{suffix}")
        code = cli.main(["batch", "--manifest", str(manifest), "--out", out, "--no-progress"])
    finally:
        os.chdir(cwd)
    assert code == exitcodes.INPUT_ERRORS  # the two missing inputs have not_found lines
    created = {p for p in tmp_path.rglob("*")} - before
    assert created, "the output was written"
    assert all(p.parent == outdir for p in created), created
    assert all(p.name.startswith(("records", ".records")) for p in created), created


def test_out_is_used_literally(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    src = tmp_path / "beslut.pdf"
    src.write_bytes(H.good_pdf())
    out = tmp_path / "sub" / ".." / "ut med mellanslag & åäö.jsonl"
    assert cli.main(["batch", str(src), "--out", str(out), "--no-progress"]) == 0
    assert (tmp_path / "ut med mellanslag & åäö.jsonl").is_file()
    assert {p.name for p in tmp_path.iterdir()} == {"sub", "beslut.pdf", out.name}


# --- nothing in a document runs ---------------------------------------------------------------


def test_active_content_is_never_run_or_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = H.active_content_pdf()
    (tmp_path / "aktiv.pdf").write_bytes(data)
    monkeypatch.chdir(tmp_path)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a document made policyparse connect or launch: {args!r}")

    monkeypatch.setattr(socket, "socket", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    before = sorted(p.name for p in tmp_path.iterdir())
    for backend in ("pdfplumber", "pdfium"):
        doc = policyparse.parse("aktiv.pdf", options=Options(backend=backend))  # type: ignore[arg-type]
        assert [a.value for a in doc.amounts] == [2_000_000]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not Path("/tmp/pwned.txt").exists()


def test_memory_watchdog_fires_before_the_cap() -> None:
    """The worker's watchdog (see batchio.memwatch) calls back once the virtual size passes
    90 % of the cap: here a cap below the current size, so at once."""
    fired = threading.Event()
    sizes: list[int] = []

    def on_exceed(size: int) -> None:
        sizes.append(size)
        fired.set()

    if not memwatch.watch(64 * MB, on_exceed):
        pytest.skip("no /proc/self/statm here")
    assert fired.wait(30)  # hang detection only: it looks every 50 ms
    assert sizes[0] > 0.9 * 64 * MB


# --- everything at once -------------------------------------------------------------------------


def hostile_folder(folder: Path) -> dict[str, str | None]:
    """Write every hostile file and four good fixtures into ``folder``; return each file's
    expected outcome: None for a record, else the error types allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str | None] = {}

    def put(name: str, data: bytes, outcome: str | None) -> None:
        (folder / name).write_bytes(data)
        expect[name] = outcome

    for name in (
        "rb-naturvard-belopp-euro.pdf",
        "dir-tillagg-forlangd-tid.pdf",
        "yttrande-myndighet.pdf",
        "regeringen-webbsida.html",
    ):
        shutil.copy(FIXTURES / name, folder / name)
        expect[name] = None
    put("bomb.pdf", H.flate_bomb_pdf(2048), "too_large")
    put("bomb2.pdf", H.flate_bomb_pdf(4096, layers=2), "too_large")
    put("bomb-krypterad.pdf", H.encrypted_flate_bomb_pdf(2048), "too_large")
    put("5000-sidor.pdf", H.many_pages_pdf(5000), "too_large")
    put("operatorer.pdf", H.operator_flood_pdf(300_000), "too_large")
    put("formulär-i-formulär.pdf", H.form_amplification_pdf(100, 3), "timeout resource_limit")
    put("djup-array.pdf", H.deep_array_pdf(100_000), None)
    put("djup-dict.pdf", H.deep_dict_pdf(100_000), None)
    put("sidträd-slinga.pdf", H.page_tree_loop_pdf(), None)
    put("fel-xref.pdf", H.wrong_xref_offsets_pdf(), None)
    put("avklippt.pdf", H.truncated_pdf(), None)
    put("skräp-xref.pdf", H.garbage_xref_pdf(), None)
    put("pdf-som-heter.txt", H.good_pdf(), None)
    put("utan-ändelse", H.good_pdf(), None)
    put("webbsida-som-heter.pdf", (FIXTURES / "regeringen-webbsida.html").read_bytes(), None)
    put("word.docx", H.docx_bytes(), "unsupported")
    put("word97.doc", H.ole_doc_bytes() + "WordDocument".encode("utf-16-le"), "unsupported")
    put("kalkyl.xlsx.pdf", H.xlsx_bytes(), "unsupported")
    put("ägarlösen.pdf", H.encrypted_pdf(""), None)
    put("lösenord.pdf", H.encrypted_pdf("hemligt"), "encrypted")
    put("latin1.txt", H.SWEDISH_TEXT.encode("latin-1"), None)
    mixed = "Rubrik för Länsstyrelsen\n\n".encode() + H.SWEDISH_TEXT.encode("cp1252")
    put("blandat.txt", mixed, None)
    put("nul.txt", H.SWEDISH_TEXT.encode().replace(b" ", b" \x00", 3), None)
    put("lång-rad.txt", b"ha" * 450_000, None)
    put("för-lång.txt", b"ord " * (3 * MB), "too_large")
    put("aktiv.pdf", H.active_content_pdf(), None)
    put("tom.pdf", b"", "empty")
    put("brus", bytes(range(256)) * 16, "unsupported")
    put("med mellanslag och\nradbrytning.pdf", H.good_pdf(), None)
    return expect


def test_batch_over_a_hostile_folder(tmp_path: Path) -> None:
    """Every hostile file above in one folder with four good ones, two workers, the default
    memory cap: one line per input, good files fully parsed, every bad one a typed error, no
    traceback, and the run completes. The form-XObject "billion laughs" has no static guard:
    it ends at the (shortened) timeout or the memory cap."""
    folder = tmp_path / "arkiv"
    expect = hostile_folder(folder)
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "policyparse.cli", "batch", str(folder), "--out", str(out)]
    cmd += ["--workers", "2", "--timeout", "30", "--no-progress"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr  # exitcodes.INPUT_ERRORS: some have error records
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = _batch_lines(out)
    assert len(lines) == len(expect)
    got = {Path(line["source"]).name: line for line in lines}
    assert set(got) == set(expect)
    for name, outcome in expect.items():
        line = got[name]
        error = line.get("error")
        if outcome is None:
            assert error is None, (name, error)
            assert line["pages"], name
        else:
            assert error is not None, (name, "parsed but should not have been")
            assert error["type"] in outcome.split(), (name, error)
            assert error["type"] in ERROR_TYPES
            assert error["message"], name
    good = got["rb-naturvard-belopp-euro.pdf"]
    expected = json.loads((FIXTURES / "rb-naturvard-belopp-euro.expected.json").read_text("utf-8"))
    assert good["kind"] == expected["kind"] and good["title"] == expected["title"]


def test_bomb_with_an_indirect_length_is_refused() -> None:
    """``/Length 7 0 R``: the guard finds the length object wherever it stands."""
    data = H.zeros_deflated(2048)
    bomb = b"<< /Length 7 0 R /Filter /FlateDecode >>\nstream\n%s\nendstream" % data
    pdf = H.build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 6 0 R] "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            H.stream(H.text_content()),
            H.FONT,
            bomb,
            b"%d" % len(data),
        ]
    )
    with pytest.raises(TooLargeError, match="inflates to more than"):
        check_pdf(pdf, "bomb.pdf", PdfLimits())


@pytest.mark.parametrize("compress", [False, True])
def test_operators_are_counted_in_plain_and_deflated_streams(compress: bool) -> None:
    """Exactly the text operators of a content stream count, read from the file's bytes in
    place; an image's bytes are not operators."""
    ops = b"(a) Tj " * 50 + b"[(b)] TJ " * 60
    body = zlib.compress(ops) if compress else ops
    data = b"1 0 obj\n<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream\nendobj\n"
    check_pdf(data, "x.pdf", PdfLimits(max_text_ops=110), count_pages=False)
    with pytest.raises(TooLargeError, match="more than 109 text operators"):
        check_pdf(data, "x.pdf", PdfLimits(max_text_ops=109), count_pages=False)
    image = data.replace(b"<< /Length", b"<< /Subtype /Image /Length")
    check_pdf(image, "x.pdf", PdfLimits(max_text_ops=1), count_pages=False)
