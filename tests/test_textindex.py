"""layout.textindex: joining lines the Swedish way, and mapping text ranges back to boxes."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.layout import textindex
from policyparse.layout.textindex import TextIndex, _round2, join_lines
from policyparse.record import Span


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        # a line-end hyphen inside a word is removed
        (
            "arbetet inom screening-",
            "området ska fortsätta",
            "arbetet inom screeningområdet ska fortsätta",
        ),
        (
            "Tandvårds- och läkemedels-",
            "förmånsverket ska",
            "Tandvårds- och läkemedelsförmånsverket ska",
        ),
        # a suspended hyphen before a conjunction is kept, with its space
        ("insatser inom hälso-", "och sjukvård", "insatser inom hälso- och sjukvård"),
        ("Myndigheten för vård-", "och omsorgsanalys", "Myndigheten för vård- och omsorgsanalys"),
        ("barn-", "eller ungdomsvård", "barn- eller ungdomsvård"),
        # a hyphen after a capital is kept, without a space
        ("i samråd med EU-", "kommissionen", "i samråd med EU-kommissionen"),
        # a hyphen after a digit is kept, without a space (module docstring)
        ("har pågått sedan 1960-", "talet", "har pågått sedan 1960-talet"),
        ("under åren 2024-", "2026", "under åren 2024-2026"),
        # plain line break: one space
        (
            "Regeringen ger Socialstyrelsen i uppdrag",
            "att utveckla screeningen",
            "Regeringen ger Socialstyrelsen i uppdrag att utveckla screeningen",
        ),
        # a dash standing alone at the line end is not a word hyphen
        ("kostnader för perioden 2024 -", "2026", "kostnader för perioden 2024 - 2026"),
    ],
)
def test_line_joining(make_line, first: str, second: str, joined: str) -> None:
    lines = [make_line(first, top=100), make_line(second, top=114, row=1)]
    index = TextIndex(lines)
    assert index.text == joined
    assert join_lines(lines) == joined
    assert len(index.boxes) == len(index.text)


def test_soft_hyphen_end_joins_without_space(make_line) -> None:
    lines = [make_line("screening", soft_hyphen_end=True), make_line("programmet", top=114, row=1)]
    assert TextIndex(lines).text == "screeningprogrammet"


def test_block_starts_insert_newline(make_line) -> None:
    lines = [
        make_line("Regeringens beslut"),
        make_line("Regeringen ger", top=130, row=1),
        make_line("Socialstyrelsen i uppdrag", top=144, row=2),
    ]
    index = TextIndex(lines, frozenset({1}))
    assert index.text == "Regeringens beslut\nRegeringen ger Socialstyrelsen i uppdrag"
    assert index.line_starts == [0, 19, 34]


def test_dropped_hyphen_keeps_boxes_aligned(make_line) -> None:
    lines = [make_line("screening-", x0=72, top=100), make_line("området", x0=72, top=114, row=1)]
    index = TextIndex(lines)
    assert index.text == "screeningområdet"
    start = index.text.index("området")
    spans = index.spans(start, start + len("området"))
    assert spans == [Span(page=1, bbox=(72.0, 114.0, 107.0, 124.0), text="området")]


def test_spans_one_line_union_bbox(make_line) -> None:
    line = make_line("Uppdraget ska redovisas senast", x0=72, top=700, char_width=5, size=10)
    index = TextIndex([line])
    start = index.text.index("ska")
    spans = index.spans(start, start + len("ska redovisas"))
    assert spans == [
        Span(page=1, bbox=(72 + 10 * 5, 700.0, 72 + 23 * 5, 710.0), text="ska redovisas")
    ]


def test_spans_across_two_pages(make_line) -> None:
    l1 = make_line("Uppdraget ska redovisas senast den", page=1, top=700, x0=72, char_width=5)
    l2 = make_line(
        "31 januari 2025 till Socialdepartementet.", page=2, top=80, x0=90, char_width=6, size=12
    )
    index = TextIndex([l1, l2])
    assert index.text == (
        "Uppdraget ska redovisas senast den 31 januari 2025 till Socialdepartementet."
    )
    start = index.text.index("senast")
    end = index.text.index("2025") + 4
    spans = index.spans(start, end)
    assert len(spans) == 2
    p1, p2 = spans
    assert p1.page == 1
    assert p1.text == "senast den"
    assert p1.bbox == (72 + 24 * 5, 700.0, 72 + 34 * 5, 710.0)
    assert p2.page == 2
    assert p2.text == "31 januari 2025"
    assert p2.bbox == (90.0, 80.0, 90 + 15 * 6, 92.0)


def test_spans_of_the_joining_space_only_is_empty(make_line) -> None:
    index = TextIndex([make_line("senast den"), make_line("31 januari", top=114, row=1)])
    gap = index.text.index(" 31")
    assert index.text[gap] == " "
    assert index.spans(gap, gap + 1) == []


def test_spans_clamp_out_of_range(make_line) -> None:
    index = TextIndex([make_line("Socialstyrelsen", x0=72, top=100)])
    spans = index.spans(-5, 1000)
    assert spans == [Span(page=1, bbox=(72.0, 100.0, 72 + 15 * 5, 110.0), text="Socialstyrelsen")]


def test_one_page_spans_equal_the_per_character_runs(make_line) -> None:
    """The one-page shortcut of ``spans`` gives what the per-character walk gives, for every
    range of an index with a dropped hyphen, a block break, inserted spaces inside a line and
    a running header from another page between two lines."""
    lines = [
        make_line("Uppdraget ska redo-", page=1, top=700, x0=72, char_width=5),
        make_line("visas senast den", page=1, top=714, x0=72, char_width=5, row=1),
        make_line("Rubrik på sidan", page=2, top=40, x0=90, char_width=6, row=2),
        make_line("31 januari 2025.", page=1, top=728, x0=72, char_width=5, row=3),
        make_line("Nästa stycke", page=2, top=80, x0=90, char_width=6, row=4),
    ]
    lines[1].boxes[5] = None  # a space the line builder inserted
    index = TextIndex(lines, frozenset({4}))
    n = len(index.text)
    for start in range(-1, n + 1):
        for end in range(start, n + 2):
            clamped = (max(0, start), min(n, end))
            assert index.spans(start, end) == index._page_runs(*clamped), (start, end)


def test_character_pages_are_their_lines_pages(make_line) -> None:
    """``pages`` (built on first use from the lines' starts) gives every character with a box
    the page of the line that box came from."""
    lines = [
        make_line("Uppdraget ska redo-", page=1, top=700, x0=72, char_width=5),
        make_line("visas senast den", page=1, top=714, x0=72, char_width=5, row=1),
        make_line("", page=3, top=20, row=5),
        make_line("Rubrik på sidan", page=2, top=40, x0=90, char_width=6, row=2),
        make_line("31 januari 2025.", page=1, top=728, x0=72, char_width=5, row=3),
        make_line("Nästa stycke", page=2, top=80, x0=90, char_width=6, row=4),
    ]
    page_of = {id(box): line.page for line in lines for box in line.boxes if box is not None}
    index = TextIndex(lines, frozenset({5}))
    assert len(index.pages) == len(index.text) == len(index.boxes)
    for i, box in enumerate(index.boxes):
        if box is not None:
            assert index.pages[i] == page_of[id(box)], i


@pytest.mark.parametrize("text", ["", "a", "Uppdraget ska  redovisas.", " x "])
def test_one_line_index(make_line, text: str) -> None:
    """The index of one line (its own text and boxes, shared): every range's spans as the
    per-character walk gives them; a line without a box per character is refused."""
    line = make_line(text, page=4, x0=72, top=300)
    index = TextIndex([line])
    assert index.text == text
    assert index.line_starts == [0]
    assert index.pages == [4] * len(text)
    n = len(text)
    for start in range(-1, n + 2):
        for end in range(start, n + 2):
            assert index.spans(start, end) == index._page_runs(max(0, start), min(n, end))
    line.boxes.append(None)
    with pytest.raises(ValueError, match="one box per character"):
        TextIndex([line])


def test_one_line_index_of_a_text_input(make_line) -> None:
    line = make_line("Hej då")
    line.offsets = [10, 11, 12, None, 14, 15]
    index = TextIndex([line])
    assert index.boxes == [None] * 6
    assert index.spans(1, 5) == [Span(char_start=11, char_end=15, text="ej d")]
    line.offsets = [10, 11]
    with pytest.raises(ValueError, match="one offset per character"):
        TextIndex([line])


@settings(max_examples=300)
@given(st.lists(st.floats(allow_nan=False, min_value=-2000, max_value=2000), max_size=20))
def test_round2_is_round_to_two_digits(xs: list[float]) -> None:
    """The per-process cache of bbox rounding gives what round(x, 2) gives, asked twice
    (the second answer from the cache), the sign of zero included."""
    for x in [*xs, 0.0, -0.0, -0.001, 0.004, *xs]:
        got = _round2(x)
        want = round(x, 2)
        assert got == want and math.copysign(1, got) == math.copysign(1, want), x


def test_round2_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textindex, "_ROUNDED_MAX", 8)
    for k in range(100):
        assert _round2(k + 0.123) == round(k + 0.123, 2)
    assert len(textindex._ROUNDED) <= 8
