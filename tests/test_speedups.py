"""The compiled layout kernels (``_speedups``) give what their pure-Python references give.

The references are the specification; each kernel is checked against its reference on every
page of the fixtures (and of the shared corpus, where it is beside the checkout), on small
PDFs made to take the rare paths (a page turned by ``/Rotate``, text turned inside a page,
character spacing, a page drawn sideways), and on generated input with the awkward values
(NaN, infinities, negative zero, integers, blank and multi-character texts).

Without a C compiler the package runs the references alone and these tests skip; CI sets
``POLICYPARSE_REQUIRE_SPEEDUPS=1`` so that a build that silently fell back fails here.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from policyparse.layout import accel, lines
from policyparse.layout import pdfium as pdfium_backend
from policyparse.layout.lines import Char, build_lines
from policyparse.layout.ocr import count_letters_reference
from policyparse.text import NORMALIZED

KERNELS = accel.load_kernels()
if KERNELS is None and os.environ.get("POLICYPARSE_REQUIRE_SPEEDUPS"):
    raise RuntimeError("POLICYPARSE_REQUIRE_SPEEDUPS is set but _speedups is not built")
pytestmark = pytest.mark.skipif(KERNELS is None, reason="the compiled kernels are not built")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
FIXTURE_PDFS = sorted((ROOT / "fixtures").glob("*.pdf"))


def _corpus_pdfs() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(p for p in SHARED.rglob("*.pdf") if "scanned" not in p.name)


def _pdfium_pages(path: Path, kernels: accel.Kernels | None) -> Iterator[list[Char]]:
    """Each page's characters from the pdfium backend, with or without the kernels."""
    data = path.read_bytes()
    doc = pdfium_backend._load_document(data, len(data), None)
    assert doc, path
    saved = accel.kernels
    accel.kernels = kernels
    try:
        fonts = pdfium_backend._Fonts(pdfium_backend._declared_descents(data))
        for index in range(pdfium_backend._page_count(doc)):
            page = pdfium_backend._load_page(doc, index)
            text_page = pdfium_backend._load_text_page(page)
            try:
                fonts.handles.clear()
                frame = pdfium_backend._page_frame(page)
                yield pdfium_backend._page_chars(text_page, frame, fonts)
            finally:
                pdfium_backend._close_text_page(text_page)
                pdfium_backend._close_page(page)
    finally:
        accel.kernels = saved
        pdfium_backend._close_document(doc)


def _assert_kernels_match(chars: list[Char], where: str) -> None:
    """Every line kernel against its reference on one page's characters, and whole
    :func:`build_lines` with and without the kernels."""
    assert KERNELS is not None
    rows = KERNELS.rows(chars)
    assert rows == lines.rows_reference(chars), where
    assert rows is not None
    for row in rows:
        visible = KERNELS.visible(row)
        assert visible == lines.visible_reference(row), where
        assert visible is not None
        for gap_limit, shifted in ((16.0, 8.0), (2.0, 1.0), (0.5, 0.1)):
            got = KERNELS.splits(visible, gap_limit, shifted)
            assert got == lines.splits_reference(visible, gap_limit, shifted), where
        if visible:
            got_size = KERNELS.uniform_size(visible)
            assert got_size is None or got_size == lines.char_size_reference(visible), where
            boxes = [b for ln in build_lines(row, 1) for b in ln.boxes]
            if any(boxes):
                got_box = KERNELS.bounds(boxes, 0, len(boxes), 0)
                assert got_box == lines.bounds_reference(boxes, 0), where
        for word_gap in (2.0, 0.5, 0.0):
            got_text = KERNELS.line_text(row, word_gap, NORMALIZED)
            assert got_text == lines.line_text_reference(row, word_gap, NORMALIZED), where
        _assert_row_line_matches(row, where)
    assert KERNELS.same_x_pairs(chars) == lines.same_x_pairs_reference(chars), where
    if chars:
        assert KERNELS.bounds(chars, 0, len(chars), 1) == lines.bounds_reference(chars, 1)
    compiled = build_lines(chars, 1)
    anchors = sorted({float(round(line.x0)) for line in compiled})  # every line start
    for line in compiled:
        args = (line.boxes, line.size, line.x0, line.x1, anchors)
        assert KERNELS.column_cuts(*args) == lines.column_cuts_reference(*args), where
    saved = accel.kernels
    accel.kernels = None
    try:
        assert compiled == build_lines(chars, 1), where
    finally:
        accel.kernels = saved


def _assert_row_line_matches(row: list[Char], where: str) -> None:
    """``row_line`` gives the reference's parts, and refuses a row (None) only where the
    reference does, the visible characters differ in size or a number is not a float (or
    NaN)."""
    assert KERNELS is not None
    got = KERNELS.row_line(row, NORMALIZED)
    expected = lines.row_line_reference(row, NORMALIZED)
    if got is None:
        sizes = {ch[5] for ch in lines.visible_reference(row)}
        odd = any(type(ch[k]) is not float or math.isnan(ch[k]) for ch in row for k in range(1, 6))
        assert expected is None or len(sizes) > 1 or odd, where
    else:
        assert _same(got, expected), where
        assert type(got[7]) is type(expected[7]), where  # type: ignore[index]


def _check_pdf(path: Path) -> int:
    compiled = list(_pdfium_pages(path, KERNELS))
    reference = list(_pdfium_pages(path, None))
    assert compiled == reference, path.name
    for number, chars in enumerate(compiled, 1):
        _assert_kernels_match(chars, f"{path.name} p{number} (pdfium)")
    return sum(map(len, compiled))


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=[p.stem for p in FIXTURE_PDFS])
def test_fixture_pages_equal_with_and_without_kernels(path: Path) -> None:
    assert _check_pdf(path) > 0


def test_pdfplumber_characters_equal_with_and_without_kernels() -> None:
    """The line kernels on the other backend's characters (RawChar tuples)."""
    import pdfplumber

    from policyparse.layout.pdf import _page_chars as plumber_chars

    for path in FIXTURE_PDFS[:6]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                chars = [ch for ch, _ in plumber_chars(page)]
                _assert_kernels_match(chars, f"{path.name} p{page.page_number} (pdfplumber)")


def test_rare_paths_equal_with_and_without_kernels(tmp_path: Path) -> None:
    """A page turned by /Rotate, text turned and scaled inside a page, character spacing with
    glyphs whose ink reaches outside their advance, a page drawn sideways."""
    path = tmp_path / "rare.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setPageRotation(90)
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "En vriden sida med text")
    c.showPage()
    c.setFont("Times-Italic", 14)
    text = c.beginText(72, 700)
    text.setCharSpace(0.7)
    text.textLine("fjordjästeffektjojofifty")
    text.setCharSpace(0)
    text.textLine("Utan mellanrum: jojo AVATAR Tjugo")
    c.drawText(text)
    c.saveState()
    c.translate(40, 400)
    c.rotate(90)
    c.drawString(0, 0, "Stämpel i marginalen")
    c.restoreState()
    c.saveState()
    c.translate(300, 300)
    c.rotate(30)
    c.drawString(0, 0, "Snett")
    c.restoreState()
    c.saveState()
    c.scale(1.6, 0.8)  # stretched: the size follows the vertical scale, the ink the horizontal
    c.drawString(60, 500, "Utdragen text jfj")
    c.restoreState()
    c.scale(0.5, 0.5)
    c.setFont("Times-Roman", 24)
    c.drawString(144, 1000, "Skalad text")
    c.showPage()
    c.saveState()
    c.translate(500, 100)
    c.rotate(90)
    c.setFont("Helvetica", 11)
    for k in range(12):
        c.drawString(0, -14 * k, f"Rad {k} på en sida som ritats på tvären")
    c.restoreState()
    c.showPage()
    # a page turned by /Rotate whose text is drawn turned back (upright as displayed), with a
    # few plain lines that are then sideways: those are left out
    for angle in (90, -90):
        c.setPageRotation(90)
        c.setFont("Helvetica", 11)
        c.saveState()
        c.translate(300, 400)
        c.rotate(angle)
        for k in range(12):
            c.drawString(0, -14 * k, f"Rad {k} uppvänd på en vriden sida")
        c.restoreState()
        c.drawString(72, 72, "Liten rad på tvären")
        c.showPage()
    c.save()
    assert _check_pdf(path) > 0


def test_unmapped_glyph_codes_equal_with_and_without_kernels(tmp_path: Path) -> None:
    """Codes without a Unicode mapping (control bytes in a WinAnsi string) come out of pdfium
    as control characters: both paths make them "(cid:N)"."""
    from tests.hostile_files import one_page_pdf

    raw = b"BT /F1 11 Tf 72 700 Td (Kod \001\005\037 och \177\201\235 slut) Tj ET"
    path = tmp_path / "codes.pdf"
    path.write_bytes(one_page_pdf(raw))
    assert _check_pdf(path) > 0
    (chars,) = _pdfium_pages(path, KERNELS)
    texts = [ch[0] for ch in chars]
    assert "(cid:1)" in texts and "(cid:31)" in texts, texts


@pytest.mark.skipif(not _corpus_pdfs(), reason="../shared/corpus is not beside the checkout")
def test_shared_corpus_pages_equal_with_and_without_kernels() -> None:
    total = sum(_check_pdf(path) for path in _corpus_pdfs())
    assert total > 100_000


# --- generated input ------------------------------------------------------------------------

_FLOATS = st.one_of(
    st.floats(min_value=-50.0, max_value=700.0, width=32),
    st.sampled_from([0.0, -0.0, 1.0, 1.0000001, math.inf, -math.inf, math.nan]),
)
_TEXTS = st.sampled_from(
    [
        *["a", "b", "Å", " ", "\u00a0", "\t", "", "fi", "(cid:7)", "\ufb01", "\u2013", "\uf0b7"],
        *["€", "\u00ad", "a\u00ad"],  # with soft hyphens
    ]
)


@st.composite
def _chars(draw: st.DrawFn) -> list[Char]:
    out: list[Char] = []
    for _ in range(draw(st.integers(0, 40))):
        x0 = draw(_FLOATS)
        top = draw(_FLOATS)
        x1 = draw(st.one_of(_FLOATS, st.just(x0 + 5.0)))
        bottom = draw(st.one_of(_FLOATS, st.just(100.0), st.just(100.4)))
        size = draw(st.sampled_from([10.0, 12.0, 2.0, 0.0, math.nan]))
        out.append((draw(_TEXTS), x0, top, x1, bottom, size, draw(st.sampled_from("AB"))))
    if out and draw(st.booleans()):  # an int coordinate: the kernels hand it to the reference
        text, _, top, x1, bottom, size, font = out[0]
        out[0] = (text, 3, top, x1, bottom, size, font)  # type: ignore[assignment]
    return out


def _same(a: object, b: object) -> bool:
    """Equality with NaN equal to NaN (the kernels pass a character's own float objects on,
    so a NaN is the same object, but a box made anew is not)."""
    return repr(a) == repr(b)


@settings(max_examples=300, deadline=None)
@given(_chars(), st.sampled_from([0.0, 1.0, 2.5]), st.sampled_from([(16.0, 8.0), (3.0, 0.5)]))
def test_generated_characters_equal_with_and_without_kernels(
    chars: list[Char], word_gap: float, gaps: tuple[float, float]
) -> None:
    assert KERNELS is not None
    rows = KERNELS.rows(chars)
    if rows is not None:  # None: a NaN or an int, which the reference handles
        assert _same(rows, lines.rows_reference(chars))
    visible = KERNELS.visible(chars)
    assert visible is not None and _same(visible, lines.visible_reference(chars))
    split = KERNELS.splits(visible, *gaps)
    if split is not None:
        assert split == lines.splits_reference(visible, *gaps)
    made = KERNELS.line_text(chars, word_gap, NORMALIZED)
    if made is not None:
        assert _same(made, lines.line_text_reference(chars, word_gap, NORMALIZED))
    parts = KERNELS.row_line(chars, NORMALIZED)
    if parts is not None:
        assert _same(parts, lines.row_line_reference(chars, NORMALIZED))
    joined = "".join(ch[0] for ch in chars)
    assert KERNELS.count_letters(joined) == count_letters_reference(joined)
    counts = KERNELS.same_x_pairs(chars)
    if counts is not None:
        assert counts == lines.same_x_pairs_reference(chars)
    if visible:
        size = KERNELS.uniform_size(visible)
        if size is not None:
            assert _same(size, lines.char_size_reference(visible))
    boxes: list[tuple[float, float, float, float] | None] = [
        None if ch[0] == " " else (ch[1], ch[2], ch[3], ch[4]) for ch in chars
    ]
    for items, offset in ((chars, 1), (boxes, 0)):
        if any(item is not None for item in items):
            box = KERNELS.bounds(items, 0, len(items), offset)  # type: ignore[arg-type]
            if box is not None:
                assert _same(box, lines.bounds_reference(items, offset))  # type: ignore[arg-type]
    refused = any(type(ch[k]) is not float or math.isnan(ch[k]) for ch in chars for k in (1, 4, 5))
    assert (rows is None) == refused


@settings(max_examples=300, deadline=None)
@given(
    _chars(),
    st.sampled_from([None, 10.0, 11.05, 0.0, -0.0, math.inf]),
    st.sampled_from(["F", "ABCDEF+Arial-Bold", "G"]),
    st.booleans(),
)
def test_generated_rows_make_equal_lines_with_and_without_kernels(
    chars: list[Char], size: float | None, font: str, one_font: bool
) -> None:
    """``row_line`` against its reference on rows of one size (the case it takes), in one
    font or several, and whole :func:`build_lines` with and without the kernels."""
    assert KERNELS is not None
    if size is not None:
        chars = [(*ch[:5], size, font if one_font else ch[6]) for ch in chars]  # type: ignore[misc]
    row = sorted(chars, key=lambda ch: ch[1] if isinstance(ch[1], float) else 0.0)
    _assert_row_line_matches(row, "generated")
    compiled = _outcome(chars)
    saved = accel.kernels
    accel.kernels = None
    try:
        assert _same(compiled, _outcome(chars))
    finally:
        accel.kernels = saved


def _outcome(chars: list[Char]) -> object:
    """build_lines's lines, or the type of the error it raises (an infinite x0 cannot be
    rounded to a column start)."""
    try:
        return build_lines(chars, 1)
    except (OverflowError, ValueError) as error:
        return type(error)


@st.composite
def _printed_rows(draw: st.DrawFn) -> list[Char]:
    """A row as a page gives it: characters left to right, mostly in one size, gaps and
    baseline steps at and around the thresholds of a 10 pt row (word gap 2, shifted column
    gap 8, column gap 22) and a 5 pt one (1, 4, and the least column gap, 16)."""
    gaps = st.sampled_from(
        [0.0, -0.3, 1.0, 1.05, 2.0, 2.05, 4.0, 4.05, 8.0, 8.05, 16.0, 16.05, 22.0, 22.05, 30.0]
    )
    row_size = draw(st.sampled_from([10.0, 10.04, 5.0]))
    sizes = st.sampled_from([row_size] * 6 + [9.96]) if draw(st.booleans()) else st.just(row_size)
    out: list[Char] = []
    x = draw(st.sampled_from([0.0, 56.7, 318.0]))
    for _ in range(draw(st.integers(1, 30))):
        x += draw(gaps)
        width = draw(st.sampled_from([0.0, 2.5, 5.0, 7.25]))
        bottom = 100.0 + draw(st.sampled_from([0.0, 0.0, 0.5, 1.0, 1.05, -1.5]))
        size = draw(sizes)
        font = draw(st.sampled_from(["F", "F", "ABCDEF+Arial-Bold", "G"]))
        out.append((draw(_TEXTS), x, bottom - size, x + width, bottom, size, font))
        x += width
    return out


@settings(max_examples=400, deadline=None)
@given(_printed_rows())
def test_printed_rows_make_equal_lines_with_and_without_kernels(row: list[Char]) -> None:
    _assert_row_line_matches(row, "printed")
    compiled = build_lines(row, 1)
    saved = accel.kernels
    accel.kernels = None
    try:
        assert compiled == build_lines(row, 1)
    finally:
        accel.kernels = saved


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from([10.0, 13.0, 28.5, 30.0, 31.5, 31.55, 40.0]),
                st.just(0.0),
                st.sampled_from([12.0, 20.0, 20.0, 30.0]),
                st.just(10.0),
            ),
        ),
        max_size=12,
    ),
    st.sampled_from([0.0, 10.0, 10.0, 10.05]),
    st.lists(st.sampled_from([14.0, 14.05, 30.0, 30.0, 36.0, 40.0, math.nan]), max_size=4),
)
def test_generated_column_cuts_equal_with_and_without_kernels(
    boxes: list[tuple[float, float, float, float] | None], size: float, anchors: list[float]
) -> None:
    """Word starts at anchors: gaps at and around the size, anchors at and around 1.5 pt
    from a word start and 4 pt inside the line (x0 10, x1 40)."""
    assert KERNELS is not None
    args = (boxes, size, 10.0, 40.0, anchors)
    assert KERNELS.column_cuts(*args) == lines.column_cuts_reference(*args)


def test_column_cuts_at_the_edges() -> None:
    """An anchor exactly 4 pt inside the line is not inside; a gap exactly the size and a
    start exactly 1.5 pt from an anchor count."""
    assert KERNELS is not None
    boxes = [(10.0, 0.0, 12.0, 10.0), None, (13.0, 0.0, 20.0, 10.0)]
    for anchors, size, cuts in (([14.0], 0.0, []), ([14.5], 1.0, [2]), ([14.55], 1.0, [])):
        args = (boxes, size, 10.0, 40.0, anchors)
        assert KERNELS.column_cuts(*args) == lines.column_cuts_reference(*args) == cuts


def test_row_line_takes_the_common_row() -> None:
    """A row of one size that is one line is made in the compiled call (not refused), with
    soft hyphens taken out, the fonts counted where they differ, the size rounded."""
    assert KERNELS is not None
    row: list[Char] = [
        ("E", 10.0, 90.0, 16.0, 100.0, 10.04, "F"),
        ("\u00ad", 16.0, 90.0, 17.0, 100.0, 10.04, "B"),
        (" ", 17.0, 90.0, 19.0, 100.0, 10.04, "F"),
        ("\ufb01", 19.0, 89.0, 25.0, 101.0, 10.04, "F"),
        ("\u00ad", 25.0, 90.0, 26.0, 100.0, 10.04, "F"),
    ]
    parts = KERNELS.row_line(row, NORMALIZED)
    assert parts == lines.row_line_reference(row, NORMALIZED)
    assert parts is not None
    assert parts[0] == "E fi" and parts[1][1] is None and parts[1][2] == parts[1][3]
    assert parts[2:7] == (10.0, 89.0, 26.0, 101.0, 10.0)
    assert parts[7] == {"F": 3, "B": 1} and parts[8] is True
    assert KERNELS.row_line(row[:1], NORMALIZED) == (
        "E", [(10.0, 90.0, 16.0, 100.0)], 10.0, 90.0, 16.0, 100.0, 10.0, "F", False
    )  # fmt: skip
    mixed = [row[0], (*row[3][:5], 12.0, "F")]
    assert KERNELS.row_line(mixed, NORMALIZED) is None  # two sizes: the general path
    split = [row[0], ("x", 60.0, 90.0, 66.0, 100.0, 10.04, "F")]
    assert KERNELS.row_line(split, NORMALIZED) is None is lines.row_line_reference(split, {})
    assert KERNELS.row_line([row[2]], NORMALIZED) is None  # nothing visible


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([100.0, 100.0, 100.5, 101.5, 112.0, 124.0]),
            st.sampled_from([10.0, 14.0, 14.0, 20.0, 300.0]),
        ),
        max_size=30,
    ),
    st.integers(0, 3),
    st.randoms(use_true_random=False),
)
def test_rows_of_characters_nearly_in_reading_order(
    keys: list[tuple[float, float]], moved: int, random: object
) -> None:
    """``rows`` finds input already in order (by bottom, then x0: pdfium's reading order)
    and skips its sort; in order, with a few characters moved, with equal keys and with
    rows whose characters are not in x0 order (bottoms within the tolerance), it gives the
    reference's rows."""
    assert KERNELS is not None
    chars: list[Char] = [
        (str(k), x0, bottom - 10.0, x0 + 4.0, bottom, 10.0, "F")
        for k, (bottom, x0) in enumerate(sorted(keys))
    ]
    for _ in range(moved if chars else 0):
        ch = chars.pop(random.randrange(len(chars)))  # type: ignore[attr-defined]
        chars.insert(random.randrange(len(chars) + 1), ch)  # type: ignore[attr-defined]
    assert KERNELS.rows(chars) == lines.rows_reference(chars)


def test_made_tuples_are_left_out_of_the_garbage_collector() -> None:
    """Character tuples of the pdfium loop and the box tuples of ``row_line`` hold only
    floats and strs: the kernels untrack them at once (no cycle is possible)."""
    import gc

    assert KERNELS is not None
    chars = next(_pdfium_pages(FIXTURE_PDFS[0], KERNELS))
    assert chars and not any(gc.is_tracked(ch) for ch in chars)
    row: list[Char] = [("a", 1.0, 2.0, 3.0, 4.0, 5.0, "F"), ("b", 3.0, 2.0, 5.0, 4.0, 5.0, "F")]
    parts = KERNELS.row_line(row, NORMALIZED)
    assert parts is not None and not any(gc.is_tracked(box) for box in parts[1])
    made = KERNELS.line_text(row, 1.0, NORMALIZED)
    assert made is not None and not any(gc.is_tracked(box) for box in made[1])


def test_kernels_refuse_what_they_do_not_take() -> None:
    assert KERNELS is not None
    assert KERNELS.rows([("a", 1, 2.0, 3.0, 4.0, 5.0, "F")]) is None  # type: ignore[list-item]
    assert KERNELS.rows([("a", 1.0, 2.0)]) is None  # type: ignore[list-item]
    assert KERNELS.line_text([("a", 1.0, 2.0, "x", 4.0, 5.0, "F")], 1.0, {}) is None  # type: ignore[list-item]
    assert KERNELS.row_line([("a", 1.0, 2.0, 3.0, 4.0, 5.0, 6)], {}) is None  # type: ignore[list-item]
    assert KERNELS.row_line([("a", 1.0, 2.0, 3.0, math.nan, 5.0, "F")], {}) is None
    boxes = [(0.0, 0.0, 1.0, 1.0), None, (20, 0.0, 21.0, 1.0)]
    assert KERNELS.column_cuts(boxes, 1.0, 0.0, 40.0, [20.0]) is None  # type: ignore[arg-type]
    assert KERNELS.column_cuts(boxes[:2], 1.0, 0.0, 40.0, [20]) is None  # type: ignore[list-item]
    assert KERNELS.column_cuts(boxes[:2], 1.0, 0.0, 40.0, [2.0]) == []  # no anchor inside
    with pytest.raises(TypeError):
        KERNELS.splits("not a list", 1.0, 1.0)  # type: ignore[arg-type]


def _call_page_chars(n: int, page_text: object) -> object:
    assert KERNELS is not None
    return KERNELS.page_chars(
        0, n, page_text, (0,) * 7, True, 0.0, 0.0, 0.2, (1.0, 0.0, 0.0, 1.0), False, {}, None,
        {}, None, None,
    )  # fmt: skip


def test_page_chars_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="one text per character"):
        _call_page_chars(3, "ab")
    with pytest.raises(TypeError):
        _call_page_chars(2, ["a", ""])
    with pytest.raises(TypeError):
        _call_page_chars(1, b"a")


@pytest.mark.parametrize("where", ["_run", "_Fonts.get"])
def test_page_chars_passes_errors_of_its_callbacks_on(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The font table (asked by the compiled loop for axis-aligned text) and ``run_info`` (for
    skewed text) raise: the error reaches the caller, on both paths."""

    def broken(*args: object) -> None:
        raise RuntimeError("font table unreadable")

    if where == "_run":
        monkeypatch.setattr(pdfium_backend, "_run", broken)
    else:
        monkeypatch.setattr(pdfium_backend._Fonts, "get", broken)
    path = tmp_path / "skewed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.translate(300, 300)
    c.rotate(30)
    c.setFont("Helvetica", 12)
    c.drawString(0, 0, "Snett")
    c.showPage()
    c.save()
    for kernels in (KERNELS, None):
        with pytest.raises(RuntimeError, match="font table unreadable"):
            next(_pdfium_pages(path, kernels))


def test_pure_python_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYPARSE_PURE_PYTHON", "1")
    assert accel.load_kernels() is None
    monkeypatch.setenv("POLICYPARSE_PURE_PYTHON", "0")
    assert accel.load_kernels() is not None


def test_a_stale_build_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled module without every kernel (built from an older _speedups.c) is left
    unused, with a warning, instead of failing in the middle of a page."""
    import types

    stale = types.ModuleType("policyparse.layout._speedups")
    for name in accel._KERNEL_NAMES[:-1]:
        setattr(stale, name, lambda *args: None)
    monkeypatch.delenv("POLICYPARSE_PURE_PYTHON", raising=False)
    monkeypatch.setattr(accel.importlib, "import_module", lambda name: stale)
    with pytest.warns(RuntimeWarning, match=accel._KERNEL_NAMES[-1]):
        assert accel.load_kernels() is None
    setattr(stale, accel._KERNEL_NAMES[-1], lambda *args: None)
    assert accel.load_kernels() is stale


@pytest.mark.skipif(KERNELS is None, reason="the compiled kernels are not built")
def test_a_normalized_value_that_is_not_a_string_is_refused() -> None:
    """The normalisation table maps glyph text to text; anything else is a TypeError from
    both kernels that use it, not a crash or a silently wrong line."""
    assert KERNELS is not None
    row: list[Char] = [
        ("a", 10.0, 0.0, 15.0, 10.0, 10.0, "F"),
        ("b", 15.0, 0.0, 20.0, 10.0, 10.0, "F"),
    ]
    bad = {"b": 1}
    with pytest.raises(TypeError, match="must be str"):
        KERNELS.line_text(row, 2.0, bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be str"):
        KERNELS.row_line(row, bad)  # type: ignore[arg-type]
    assert KERNELS.line_text(row, 2.0, {"b": "ß"}) == (
        "aß",
        [(10.0, 0.0, 15.0, 10.0), (15.0, 0.0, 20.0, 10.0)],
    )
