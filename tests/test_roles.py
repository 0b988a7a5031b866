"""layout.roles: page furniture as its definition marks it, on generated pages."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.layout.model import Layout, Line, PageLayout
from policyparse.layout.roles import _DIGITS, PAGE_NUMBER, _mark_furniture


def _furniture_by_definition(layout: Layout) -> list[tuple[int, int]]:
    """The rules of _mark_furniture line by line, every key counted: (page, line index) of
    each furniture line."""
    pages = layout.pages
    repeated: Counter[str] = Counter()
    keys = [[_DIGITS.sub("#", ln.text.strip().lower()) for ln in page.lines] for page in pages]
    for page_keys in keys:
        repeated.update(set(page_keys))
    marked = []
    for p, (page, page_keys) in enumerate(zip(pages, keys, strict=True)):
        for k, (line, key) in enumerate(zip(page.lines, page_keys, strict=True)):
            at_bottom = line.top > page.height * 0.88
            at_top = line.bottom < page.height * 0.08
            small = line.size < layout.body_size - 1.2
            is_repeat = len(pages) > 1 and repeated[key] >= max(2, len(pages) // 2 + 1)
            if (
                (at_bottom and (small or PAGE_NUMBER.match(line.text.strip())))
                or ((at_top or at_bottom) and PAGE_NUMBER.match(line.text.strip()))
                or (page.number > 1 and is_repeat and (at_top or at_bottom or small))
                or (at_bottom and small)
            ):
                marked.append((p, k))
    return marked


_TEXTS = ["Sida 2 av 3", "3", " 12 ", "Regeringskansliet", "Dnr 2024/1", "Dnr 2025/77", "x"]
_LINE = st.tuples(
    st.sampled_from(_TEXTS),
    st.sampled_from([10.0, 30.0, 400.0, 760.0, 790.0]),  # top
    st.sampled_from([7.0, 9.5, 11.0, 14.0]),  # size
)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.lists(st.lists(_LINE, max_size=6), min_size=1, max_size=4))
def test_furniture_is_marked_as_its_definition_marks_it(pages_spec) -> None:
    pages = []
    for number, spec in enumerate(pages_spec, start=1):
        lines = [
            Line(
                number,
                row,
                text,
                [None] * len(text),
                72.0,
                top,
                300.0,
                top + size,
                size,
                "F",
                False,
            )
            for row, (text, top, size) in enumerate(spec)
        ]
        pages.append(PageLayout(number=number, width=595.0, height=842.0, lines=lines))
    layout = Layout(pages=pages, body_size=11.0)
    expected = _furniture_by_definition(layout)
    _mark_furniture(layout)
    got = [
        (p, k)
        for p, page in enumerate(pages)
        for k, line in enumerate(page.lines)
        if line.role == "furniture"
    ]
    assert got == expected
    assert layout.furniture == [pages[p].lines[k] for p, k in expected]
