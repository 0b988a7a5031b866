"""layout.textsource: HTML, Markdown and plain text → one synthetic page with the same roles and
extractors as PDFs, evidence as character offsets into the decoded text."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from policyparse.errors import UnsupportedInputError
from policyparse.layout.model import Layout, Line, PageLayout
from policyparse.layout.roles import assign_roles
from policyparse.layout.textindex import TextIndex
from policyparse.layout.textsource import decode_text, read_text_document
from policyparse.source import Source, open_source

SHARED = Path(__file__).resolve().parents[2] / "shared"
CANCER_MD = SHARED / "corpus" / "seeds" / "regeringen-cancervarden-prioriterad.md"


def layout_of(data: bytes, kind: str | None = None) -> tuple[Layout, str]:
    source = open_source(data)
    if kind is not None:
        assert source.type == kind
    pages = read_text_document(source)
    return assign_roles(pages), decode_text(data)


def block_texts(layout: Layout, role: str) -> list[str]:
    return [" ".join(ln.text for ln in b.lines) for b in layout.blocks if b.role == role]


def all_text(layout: Layout) -> str:
    return "\n".join(ln.text for ln in layout.lines)


# --- decoding ---------------------------------------------------------------------------------


def test_decode_utf8_with_bom_and_newlines() -> None:
    data = "\ufeffRegeringen\r\nbeslutar\rnu\x00.".encode()
    assert decode_text(data) == "Regeringen\nbeslutar\nnu."


def test_decode_cp1252_and_undefined_bytes() -> None:
    # "€" is 0x80 in Windows-1252; 0x81 is undefined there and read as Latin-1
    data = "Kostnad 5 € för åtgärd".encode("cp1252") + b" \x81"
    assert decode_text(data) == "Kostnad 5 € för åtgärd \x81"


def test_latin1_swedish_text() -> None:
    text = (
        "Åtgärder för ökad tillgänglighet i vården\n"
        "\n"
        "Regeringen ger Myndigheten för vård- och omsorgsanalys i uppdrag att följa upp\n"
        "väntetiderna i hälso- och sjukvården.\n"
        "\n"
        "- Öka tillgängligheten\n"
        "- Förbättra uppföljningen\n"
    )
    layout, decoded = layout_of(text.encode("latin-1"), "text")
    assert decoded == text
    assert [ln.text for ln in layout.title] == ["Åtgärder för ökad tillgänglighet i vården"]
    assert block_texts(layout, "paragraph") == [
        "Regeringen ger Myndigheten för vård- och omsorgsanalys i uppdrag att följa upp "
        "väntetiderna i hälso- och sjukvården."
    ]
    assert block_texts(layout, "list_item") == [
        "• Öka tillgängligheten",
        "• Förbättra uppföljningen",
    ]


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Sidtitel - Regeringen.se</title>
<style>p { color: red; }</style>
<script>document.write("<p>Skripttext</p>");</script></head>
<body>
<header class="site"><a href="/">Regeringen.se</a></header>
<nav><ul><li>Navigering</li><li>Meny</li></ul></nav>
<main><article>
<header><p>Publicerad 12 mars 2024</p><h1>Cancervården &#8211; en prioriterad fråga</h1></header>
<p>Regeringen avsätter 500&nbsp;miljoner kronor
   per år till <a href="/x">cancervården</a>.<br>Andra raden.</p>
<h2>Fyra områden</h2>
<ul><li>Prevention och tidig upptäckt</li><li><p>Tillgänglig vård</p></li></ul>
<ol><li>Första</li><li>Andra</li></ol>
<table><tr><th>År</th><th>Belopp</th></tr><tr><td>2024</td><td>809 miljoner kronor</td></tr>
</table>
<div hidden>Dold text</div>
<p>Sista stycket &amp; slut.</p>
</article><aside>Relaterat innehåll</aside></main>
<footer>Sidfot Regeringskansliet</footer>
<script>alert("Skript igen")</script>
</body></html>
"""


def test_html_drops_scripts_and_page_furniture() -> None:
    layout, _ = layout_of(PAGE.encode(), "html")
    text = all_text(layout)
    for gone in (
        "Skripttext",
        "Skript igen",
        "color",
        "Sidtitel",
        "Navigering",
        "Meny",
        "Regeringen.se",
        "Relaterat",
        "Sidfot",
        "Dold text",
    ):
        assert gone not in text
    assert [ln.text for ln in layout.title] == ["Cancervården – en prioriterad fråga"]
    assert [ln.text for ln in layout.header] == ["Publicerad 12 mars 2024"]
    assert block_texts(layout, "heading") == ["Fyra områden"]
    assert block_texts(layout, "list_item") == [
        "• Prevention och tidig upptäckt",
        "• Tillgänglig vård",
        "1. Första",
        "2. Andra",
    ]
    assert block_texts(layout, "paragraph") == [
        "Regeringen avsätter 500 miljoner kronor per år till cancervården. Andra raden.",
        "År\tBelopp",
        "2024\t809 miljoner kronor",
        "Sista stycket & slut.",
    ]
    first = next(b for b in layout.blocks if b.role == "paragraph")
    assert [ln.text for ln in first.lines] == [
        "Regeringen avsätter 500 miljoner kronor per år till cancervården.",
        "Andra raden.",
    ]


def test_html_offsets_point_into_the_markup() -> None:
    layout, decoded = layout_of(PAGE.encode())
    line = next(ln for ln in layout.lines if ln.text.startswith("Regeringen avsätter"))
    index = TextIndex([line])
    start = line.text.index("500")
    (span,) = index.spans(start, start + len("500 miljoner kronor per år"))
    assert span.page is None and span.bbox is None
    assert span.text == "500 miljoner kronor per år"
    assert decoded[span.char_start : span.char_end] == "500&nbsp;miljoner kronor\n   per år"
    (word,) = index.spans(line.text.index("cancervården"), len(line.text) - 1)
    assert decoded[word.char_start : word.char_end] == "cancervården"


def test_pdf_source_is_not_a_text_input() -> None:
    with pytest.raises(UnsupportedInputError):
        read_text_document(Source("x.pdf", b"%PDF-1.4", "pdf"))


# --- Markdown ---------------------------------------------------------------------------------

MARKDOWN = """# Cancervården en prioriterad fråga

Regeringen har **sjösatt** en [ambitionshöjning](https://www.regeringen.se/a_(b)) i arbetet
med *cancervården*.

## Årliga överenskommelser

Insatserna fokuserar på:

* Prevention och tidig upptäckt
* Tillgänglig vård
  med fokus på patienten
1. Kunskapsutveckling

| År | Belopp |
|----|--------|
| 2024 | 809 miljoner kronor |
"""


def test_markdown_headings_and_lists_to_roles() -> None:
    layout, _ = layout_of(MARKDOWN.encode(), "markdown")
    assert [ln.text for ln in layout.title] == ["Cancervården en prioriterad fråga"]
    assert layout.title[0].size > layout.body_size
    assert block_texts(layout, "heading") == ["Årliga överenskommelser"]
    assert block_texts(layout, "list_item") == [
        "• Prevention och tidig upptäckt",
        "• Tillgänglig vård med fokus på patienten",
        "1. Kunskapsutveckling",
    ]
    assert [b.marker for b in layout.blocks if b.role == "list_item"] == ["•", "•", "1."]
    assert block_texts(layout, "paragraph") == [
        "Regeringen har sjösatt en ambitionshöjning i arbetet med cancervården.",
        "Insatserna fokuserar på:",
        "År\tBelopp",
        "2024\t809 miljoner kronor",
    ]


def test_markdown_setext_headings() -> None:
    md = "Inledning\n=========\n\nText här.\n\nDel två\n-------\n\nMer text.\n"
    layout = assign_roles(read_text_document(Source("x.md", md.encode(), "markdown")))
    assert [ln.text for ln in layout.title] == ["Inledning"]
    assert block_texts(layout, "heading") == ["Del två"]


# --- plain text -------------------------------------------------------------------------------


def test_plain_text_paragraphs_lists_and_headings() -> None:
    text = (
        "Uppdrag att ta fram en lägesbild\n"
        "\n"
        "Regeringens beslut\n"
        "Regeringen ger Myndigheten för vård- och omsorgsanalys i uppdrag att ta\n"
        "fram en lägesbild över den nationella cancerstrategin och dess implemen-\n"
        "tering.\n"
        "\n"
        "Bakgrund\n"
        "\n"
        "Utredningen hade i uppdrag att lämna ett förslag till en nationell strategi och\n"
        "\n"
        "arbetet pågick under flera år.\n"
        "\n"
        "- första punkten\n"
        "- andra punkten som fortsätter\n"
        "  på nästa rad\n"
        "2. numrerad punkt\n"
        "\n"
        "På regeringens vägnar\n"
        "\n"
        "Jakob Forssmed\n"
        "\n"
        "Anna Andersson\n"
    )
    layout, _ = layout_of(text.encode(), "text")
    assert [ln.text for ln in layout.title] == ["Uppdrag att ta fram en lägesbild"]
    assert block_texts(layout, "heading") == ["Regeringens beslut", "Bakgrund"]
    # a heading guessed in plain text is bold body type: never a title candidate
    heading = next(b for b in layout.blocks if b.role == "heading")
    assert heading.lines[0].bold and heading.lines[0].size == layout.body_size
    assert block_texts(layout, "list_item") == [
        "• första punkten",
        "• andra punkten som fortsätter på nästa rad",
        "2. numrerad punkt",
    ]
    paragraphs = block_texts(layout, "paragraph")
    assert paragraphs[1] == (
        "Utredningen hade i uppdrag att lämna ett förslag till en nationell strategi och "
        "arbetet pågick under flera år."
    )
    assert paragraphs[-3:] == ["På regeringens vägnar", "Jakob Forssmed", "Anna Andersson"]


def test_short_paragraphs_never_run_together() -> None:
    # every step between lines is the same, so the typical leading is the paragraph step
    text = "\n\n".join(f"Stycke nummer {i} utan punkt" for i in range(12))
    layout, _ = layout_of(("Titel\n\n" + text).encode(), "text")
    assert len(layout.blocks) == 12
    assert all(len(b.lines) == 1 for b in layout.blocks)


def test_page_is_synthetic() -> None:
    pages = read_text_document(open_source(MARKDOWN.encode()))
    assert len(pages) == 1
    page = pages[0]
    assert (page.number, page.width, page.height) == (1, 0.0, 0.0)
    for line in page.lines:
        assert len(line.offsets) == len(line.text) == len(line.boxes)
        assert line.bottom < 0  # nothing in a bottom margin band


def test_empty_text_gives_an_empty_page() -> None:
    (page,) = read_text_document(Source("x.txt", b" \n\n  \n", "text"))
    assert page.lines == []


# --- evidence ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (MARKDOWN.encode(), "markdown"),
        ("Rubrik\n\nEn rad med text.\n\tIndragen rad med  två mellanslag.\n".encode(), "text"),
        ("Titel\n\nÅtgärder för ökad tillgänglighet.\n".encode("cp1252"), "text"),
    ],
)
def test_spans_within_a_line_are_exact(data: bytes, kind: str) -> None:
    source = open_source(data)
    assert source.type == kind
    decoded = decode_text(data)
    (page,) = read_text_document(source)
    checked = 0
    for line in page.lines:
        index = TextIndex([line])
        n = len(line.text)
        for a in range(n):
            for b in range(a + 1, n + 1):
                spans = index.spans(a, b)
                if not spans:  # only inserted characters ("• ")
                    assert all(o is None for o in line.offsets[a:b])
                    continue
                (span,) = spans
                assert span.page is None and span.bbox is None
                assert span.char_start is not None and span.char_end is not None
                if "\t" in span.text and kind == "markdown":
                    continue  # a table row: the tab stands for " | "
                if any(o is None for o in _inner(line, a, b)) or _has_markup(line, a, b):
                    continue
                assert decoded[span.char_start : span.char_end] == span.text
                checked += 1
    assert checked > 100


def _inner(line: Line, a: int, b: int) -> list[int | None]:
    offs = line.offsets[a:b]
    idx = [i for i, o in enumerate(offs) if o is not None]
    return offs[idx[0] : idx[-1] + 1] if idx else []


def _has_markup(line: Line, a: int, b: int) -> bool:
    """Markdown syntax removed between two kept characters (a link target, emphasis)."""
    offs = [o for o in line.offsets[a:b] if o is not None]
    return any(y - x != 1 for x, y in itertools.pairwise(offs))


def test_spans_across_lines_match_modulo_white_space() -> None:
    text = "Titel\n\nRegeringen ger Socialstyrelsen i uppdrag\natt utveckla screeningen.\n"
    layout, decoded = layout_of(text.encode())
    (block,) = layout.blocks
    index = TextIndex(block.lines)
    assert index.text == "Regeringen ger Socialstyrelsen i uppdrag att utveckla screeningen."
    start = index.text.index("i uppdrag")
    (span,) = index.spans(start, start + len("i uppdrag att utveckla"))
    assert span.text == "i uppdrag att utveckla"
    assert decoded[span.char_start : span.char_end] == "i uppdrag\natt utveckla"


def test_pdf_lines_keep_box_evidence(make_line) -> None:
    line = make_line("Regeringen ger")
    assert line.offsets == []
    index = TextIndex([line])
    assert index.offsets is None
    (span,) = index.spans(0, 10)
    assert span.page == 1 and span.bbox is not None and span.char_start is None


# --- end to end -------------------------------------------------------------------------------


@pytest.mark.skipif(not CANCER_MD.is_file(), reason="shared corpus not available")
def test_cancer_article_end_to_end() -> None:
    from policyparse.extract.context import build_context
    from policyparse.pipeline import build_record

    source = open_source(CANCER_MD)
    pages: list[PageLayout] = read_text_document(source)
    layout = assign_roles(pages)
    ctx = build_context(layout)
    doc = build_record(CANCER_MD.name, layout, ctx)
    assert doc.title == "Cancervården en prioriterad fråga för regeringen"
    values = {a.value for a in doc.amounts}
    assert {500000000, 809000000} <= values
    decoded = decode_text(source.data)
    for amount in doc.amounts:
        (span,) = amount.evidence
        assert span.page is None and span.char_start is not None and span.char_end is not None
        assert decoded[span.char_start : span.char_end] == span.text
    (title_span,) = doc.provenance["title"].evidence
    assert decoded[title_span.char_start : title_span.char_end] == doc.title
