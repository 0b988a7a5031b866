"""layout.lines.build_lines: characters → column segments on rows."""

from __future__ import annotations

from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from policyparse.layout import lines as lines_module
from policyparse.layout.lines import RawChar, build_lines, font_family
from policyparse.layout.model import Line


def test_empty_page_has_no_lines() -> None:
    assert build_lines([], 1) == []


def test_two_signers_on_one_baseline_are_two_lines_on_one_row(raw_chars) -> None:
    first = raw_chars("Jakob Forssmed", 72, 700)
    gap_start = first[-1].x1
    second = raw_chars("Anna Andersson", gap_start + 150, 700)
    lines = build_lines(first + second, page=1)
    assert [ln.text for ln in lines] == ["Jakob Forssmed", "Anna Andersson"]
    assert lines[0].row == lines[1].row
    assert lines[0].x1 == gap_start
    assert lines[1].x0 == gap_start + 150
    assert all(ln.page == 1 for ln in lines)


def test_signers_with_space_glyphs_in_the_gap_still_split(raw_chars) -> None:
    first = raw_chars("Jakob Forssmed", 72, 700)
    spaces = [
        RawChar(" ", first[-1].x1 + 3 * i, 688, first[-1].x1 + 3 * i + 3, 700, 12, "F")
        for i in range(3)
    ]
    second = raw_chars("Anna Andersson", first[-1].x1 + 150, 700)
    lines = build_lines(first + spaces + second, page=1)
    assert [ln.text for ln in lines] == ["Jakob Forssmed", "Anna Andersson"]


def test_normal_word_gap_is_one_line_with_a_space(raw_chars) -> None:
    # no space glyphs: the space comes from the 3 pt gap alone
    a = raw_chars("Regeringen", 72, 300)
    b = raw_chars("beslutar", a[-1].x1 + 3, 300)
    lines = build_lines(a + b, page=2)
    assert len(lines) == 1
    line = lines[0]
    assert line.text == "Regeringen beslutar"
    assert line.page == 2
    assert len(line.boxes) == len(line.text)
    assert line.boxes[10] is None  # the inserted space has no box
    assert line.boxes[0] == (a[0].x0, a[0].top, a[0].x1, a[0].bottom)


def test_tight_letters_are_not_split_into_words(raw_chars) -> None:
    # kerned glyphs overlapping or 0.5 pt apart stay one word
    chars = raw_chars("Socialstyrelsen", 72, 300, char_width=6.0)
    chars = [c._replace(x0=c.x0 + 0.5 * i, x1=c.x1 + 0.5 * i) for i, c in enumerate(chars)]
    assert [ln.text for ln in build_lines(chars, 1)] == ["Socialstyrelsen"]


def test_smaller_column_with_lower_baseline_is_its_own_row(raw_chars) -> None:
    title = raw_chars(
        "Ett nytt regelverk för screening", 72, 200, size=20, font="ABCDEF+Arial-BoldMT"
    )
    directive = raw_chars("Dir.", 420, 205, size=11)
    lines = build_lines(title + directive, page=1, row_start=7)
    by_text = {ln.text: ln for ln in lines}
    assert set(by_text) == {"Ett nytt regelverk för screening", "Dir."}
    t, d = by_text["Ett nytt regelverk för screening"], by_text["Dir."]
    assert t.row != d.row
    assert {t.row, d.row} == {7, 8}
    assert t.size == 20
    assert d.size == 11
    assert t.bold is True
    assert d.bold is False
    assert t.font == "Arial-BoldMT"  # subset prefix removed


def test_slightly_uneven_baseline_stays_one_row(raw_chars) -> None:
    a = raw_chars("Socialdepartementet", 72, 100.0)
    b = raw_chars("S2025/00123", 330, 100.4)
    lines = build_lines(a + b, page=1)
    assert [ln.text for ln in lines] == ["Socialdepartementet", "S2025/00123"]
    assert lines[0].row == lines[1].row


def test_lines_are_ordered_top_to_bottom(raw_chars) -> None:
    lower = raw_chars("andra raden", 72, 400)
    upper = raw_chars("första raden", 72, 386)
    lines = build_lines(lower + upper, page=1)
    assert [ln.text for ln in lines] == ["första raden", "andra raden"]
    assert lines[0].row < lines[1].row


def _bullet_line(glyph: str, font: str) -> list[RawChar]:
    bullet = RawChar(glyph, 72, 290, 77, 300, 10, font)
    x = 90.0
    chars = [bullet]
    for ch in "analysera kostnaderna":
        chars.append(RawChar(ch, x, 290, x + 5, 300, 10, "ABCDEF+TimesNewRomanPSMT"))
        x += 5
    return chars


def test_symbol_bullet_normalises() -> None:
    lines = build_lines(_bullet_line("\uf0b7", "Symbol"), 1)
    assert [ln.text for ln in lines] == ["• analysera kostnaderna"]
    assert lines[0].boxes[0] == (72, 290, 77, 300)


def test_cid_bullet_normalises() -> None:
    lines = build_lines(_bullet_line("(cid:127)", "Helvetica"), 1)
    assert [ln.text for ln in lines] == ["• analysera kostnaderna"]
    assert len(lines[0].boxes) == len(lines[0].text)


def test_ligature_expands_and_keeps_one_box_per_character(raw_chars) -> None:
    fi = RawChar("\ufb01", 72, 290, 80, 300, 10, "ABCDEF+Calibri")
    rest = raw_chars("nansiering", 80, 300, size=10, font="ABCDEF+Calibri")
    lines = build_lines([fi, *rest], 1)
    assert [ln.text for ln in lines] == ["finansiering"]
    boxes = lines[0].boxes
    assert len(boxes) == len("finansiering")
    assert boxes[0] == boxes[1] == (72, 290, 80, 300)
    assert boxes[2] == (rest[0].x0, rest[0].top, rest[0].x1, rest[0].bottom)


def test_soft_hyphen_at_line_end_is_removed_and_flagged(raw_chars) -> None:
    chars = raw_chars("screening\u00ad", 72, 300)
    lines = build_lines(chars, 1)
    assert [ln.text for ln in lines] == ["screening"]
    assert lines[0].soft_hyphen_end is True
    assert len(lines[0].boxes) == len("screening")


def test_font_family_strips_subset_prefix() -> None:
    assert font_family("ABCDEF+TimesNewRomanPSMT") == "TimesNewRomanPSMT"
    assert font_family("Helvetica") == "Helvetica"
    assert font_family("") == ""


def test_margin_column_off_the_baseline_is_split_at_a_narrower_gap(raw_chars) -> None:
    """'Prop.' in the margin beside a 17 pt title, 2.5 pt lower and 25 pt away: narrower
    than a column gap (2.2 × size) but the baseline steps across it."""
    title = raw_chars("Avtal om beskattning", 57, 146.2, size=17)
    margin = raw_chars("Prop.", title[-1].x1 + 25, 148.7, size=17)
    lines = build_lines(title + margin, page=1)
    assert [ln.text for ln in lines] == ["Avtal om beskattning", "Prop."]


def test_wide_justified_gap_on_one_baseline_stays_one_line(raw_chars) -> None:
    a = raw_chars("Regeringen", 72, 300)
    b = raw_chars("beslutar", a[-1].x1 + 15, 300)  # 1.25 × size, same baseline
    assert [ln.text for ln in build_lines(a + b, page=1)] == ["Regeringen beslutar"]


def test_superscript_without_a_gap_stays_in_its_line(raw_chars) -> None:
    a = raw_chars("kvadratmeter", 72, 300)
    sup = raw_chars("2", a[-1].x1 + 0.5, 298.5, size=7)
    assert [ln.text for ln in build_lines(a + sup, page=1)] == ["kvadratmeter2"]


def test_a_word_at_another_column_start_is_split_off(raw_chars) -> None:
    """A long ministry name leaves 26 pt before the header column (under the 2.2 × size
    column gap); the date starts exactly where the column's other lines start."""
    ministry = raw_chars("Klimat- och näringslivsdepartementet", 111, 106, char_width=5)
    gap_end = ministry[-1].x1 + 26
    date = raw_chars("2025-05-22", gap_end, 106, char_width=5)
    label = raw_chars("Regeringsbeslut", gap_end, 83, char_width=5)
    dnr = raw_chars("KN2025/01072", gap_end, 120, char_width=5)
    texts = sorted(ln.text for ln in build_lines(ministry + date + label + dnr, page=1))
    assert texts == sorted(
        ["Klimat- och näringslivsdepartementet", "2025-05-22", "Regeringsbeslut", "KN2025/01072"]
    )


def test_a_bullet_at_a_hanging_indent_stays_with_its_text(raw_chars) -> None:
    lines = []
    for i, text in enumerate(["stärka arbetet", "följa upp målen", "ta fram en plan"]):
        bottom = 300 + 28 * i
        lines += raw_chars("•", 72, bottom) + raw_chars(text, 90, bottom)
        lines += raw_chars("och fortsätta med det", 90, bottom + 14)  # wrapped: x = 90 is a start
    texts = [ln.text for ln in build_lines(lines, page=1)]
    assert texts[::2] == ["• stärka arbetet", "• följa upp målen", "• ta fram en plan"]


def _column_cut_by_character(line: Line, anchors: list[float]) -> int | None:
    """The definition _column_cut implements with ``list.index``: one step per character,
    at the anchors more than 4 pt inside the line (split_at_column_starts gives it all of a
    page's anchors)."""
    anchors = [a for a in anchors if line.x0 + 4 < a < line.x1 - 4]
    boxes = line.boxes
    last_x1: float | None = None
    for i, box in enumerate(boxes):
        if box is None:
            continue
        if (
            last_x1 is not None
            and boxes[i - 1] is None
            and box[0] - last_x1 >= line.size
            and any(abs(box[0] - a) <= 1.5 for a in anchors)
            and lines_module._is_words(line.text[:i])
        ):
            return i
        last_x1 = box[2]
    return None


@settings(max_examples=400, deadline=None, database=None)
@example(words=[("ab", 0.0), ("x", 12.0), ("x", 30.0)], anchors=[130.5], leading_space=False)
@given(
    st.lists(
        st.tuples(st.sampled_from(["ab", "Ord", "x", "•", "1.", ""]), st.floats(0, 30)), max_size=12
    ),
    st.lists(st.sampled_from([72.0, 100.0, 130.5, 318.0]), max_size=3),
    st.booleans(),
)
def test_column_cut_finds_what_a_step_per_character_finds(
    words: list[tuple[str, float]], anchors: list[float], leading_space: bool
) -> None:
    text_parts: list[str] = []
    boxes: list[tuple[float, float, float, float] | None] = []
    x = 72.0
    if leading_space:
        text_parts.append(" ")
        boxes.append(None)
    for k, (word, gap) in enumerate(words):
        if k:
            text_parts.append(" ")
            boxes.append(None)
            x += gap
        for ch in word:
            text_parts.append(ch)
            boxes.append((x, 100.0, x + 5.0, 110.0))
            x += 5.0
    line = Line(1, 0, "".join(text_parts), boxes, 72.0, 100.0, x, 110.0, 10.0, "F", False)
    assert lines_module._column_cut(line, anchors) == _column_cut_by_character(line, anchors)


def _char_size_by_rounding_each(sizes: list[float]) -> float:
    """The definition: the most common size to 0.1 pt, the first seen of equally common ones."""
    return Counter(round(s, 1) for s in sizes).most_common(1)[0][0]


@settings(max_examples=500, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from([9.96, 10.0, 10.04, 10.06, 11.0, 10.95, 12.0, -0.0, 0.0, 8.149999]),
        min_size=1,
        max_size=20,
    )
)
def test_char_size_is_the_most_common_rounded_size(sizes: list[float]) -> None:
    """char_size counts distinct sizes before rounding; the result must be what
    rounding every character's size gives, ties and sizes that round together included."""
    chars = [RawChar("a", float(i), 0.0, i + 1.0, 10.0, s, "F") for i, s in enumerate(sizes)]
    assert lines_module.char_size(chars) == _char_size_by_rounding_each(sizes)


def test_char_size_of_a_mixed_line_takes_the_first_of_a_tie() -> None:
    chars = [
        RawChar("a", float(i), 0.0, i + 1.0, 10.0, s, "F")
        for i, s in enumerate([11.0, 10.04, 9.96, 11.0])
    ]
    assert lines_module.char_size(chars) == 11.0  # 11.0 × 2 ties 10.0 × 2: first seen
    assert lines_module.char_size(chars[1:]) == 10.0  # 10.04 and 9.96 are both 10.0
