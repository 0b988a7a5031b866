"""language: sentence splitting around Swedish abbreviations, public-body entities, lemmas."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.language import get_nlp
from policyparse.language import nlp as nlp_module
from policyparse.language.nlp import lemma, sentence_spans, sentence_spans_many


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _sents(nlp, text: str) -> list[str]:
    return [s.text for s in nlp(text).sents]


@pytest.mark.parametrize(
    "text",
    [
        "Myndigheten ska bl.a. analysera kostnaderna och lämna förslag.",
        "Uppdraget omfattar t.ex. screening och uppföljning.",
        "Detta framgår av prop. 2023/24:1 och av utskottets betänkande.",
        "Utredningen har tillsatts genom dir. 2024:30 och ska redovisa senast 2025.",
        "Uppdraget gäller vård, omsorg m.m. som kommunerna ansvarar för.",
        "Frågan behandlas i skr. 2021/22:3 och i bet. 2021/22:SoU5.",
        "Medlen ska fördelas enl. förordningen om statsbidrag.",
    ],
)
def test_no_sentence_break_after_abbreviation(nlp, text: str) -> None:
    assert _sents(nlp, text) == [text]


def test_real_sentence_breaks_are_kept(nlp) -> None:
    text = (
        "Socialstyrelsen ska bl.a. analysera kostnaderna. Uppdraget ska redovisas senast "
        "den 1 mars 2026. Se prop. 2023/24:1 för bakgrunden."
    )
    assert _sents(nlp, text) == [
        "Socialstyrelsen ska bl.a. analysera kostnaderna.",
        "Uppdraget ska redovisas senast den 1 mars 2026.",
        "Se prop. 2023/24:1 för bakgrunden.",
    ]


def _orgs(nlp, text: str) -> list[str]:
    return [e.text for e in nlp(text).ents if e.label_ == "ORG"]


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        (
            "Region Halland och Kungsbacka kommun ska samverka i uppdraget.",
            ["Region Halland", "Kungsbacka kommun"],
        ),
        ("Socialdepartementet ansvarar för frågan.", ["Socialdepartementet"]),
        (
            "Uppdraget ska redovisas till Regeringskansliet (Socialdepartementet).",
            ["Regeringskansliet", "Socialdepartementet"],
        ),
        ("Länsstyrelsen i Hallands län ska samordna arbetet.", ["Länsstyrelsen i Hallands län"]),
        (
            "Regeringen ger Myndigheten för samhällsskydd och beredskap i uppdrag att utreda.",
            ["Regeringen", "Myndigheten för samhällsskydd och beredskap"],
        ),
    ],
)
def test_public_bodies_are_org_entities(nlp, text: str, orgs: list[str]) -> None:
    assert _orgs(nlp, text) == orgs


@pytest.mark.parametrize(
    "text",
    [
        "Varje kommun ska upprätta en plan för arbetet.",
        "Den kommun som ansöker om bidrag ska redovisa hur medlen används.",
        "Regionen ska redovisa resultatet enligt departementets anvisningar.",
        "Kommunerna och regionerna ska samverka.",
    ],
)
def test_common_nouns_are_not_org_entities(nlp, text: str) -> None:
    assert _orgs(nlp, text) == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("myndigheterna", "myndighet"),
        ("Myndigheterna", "myndighet"),
        ("kommunerna", "kommun"),
        ("regeringen", "regering"),
        ("ska", "ska"),
        ("skall", "ska"),
        ("för", "för"),
        ("uppdraget", "uppdrag"),
    ],
)
def test_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_lemmatizer_component_sets_token_lemmas() -> None:
    doc = get_nlp(lemmas=True)("Myndigheterna ska redovisa uppdraget för regeringen.")
    assert [t.lemma_ for t in doc][:6] == [
        "myndighet",
        "ska",
        "redovisa",
        "uppdrag",
        "för",
        "regering",
    ]


def test_context_orgs_finds_public_bodies_on_demand() -> None:
    """Context.orgs runs the public-bodies ruler on one sentence: canonical names, offsets
    within the sentence, nothing for a sentence without a body."""
    from policyparse.extract.context import build_context
    from policyparse.pipeline import Options, read_layout
    from policyparse.source import open_source

    text = (
        "Regeringen ger Socialstyrelsen i uppdrag att kartlägga vården.\n\n"
        "Uppdraget ska redovisas senast den 1 mars 2027.\n"
    )
    ctx = build_context(read_layout(open_source(text.encode()), Options()))
    first = next(s for s in ctx.sentences if "Socialstyrelsen" in s.text)
    orgs = ctx.orgs(first)
    assert [name for _, _, name in orgs] == ["Regeringen", "Socialstyrelsen"]
    start, end, _ = orgs[1]
    assert first.text[start:end] == "Socialstyrelsen"
    last = next(s for s in ctx.sentences if "redovisas" in s.text)
    assert ctx.orgs(last) == []


def _spacy_sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in get_nlp(bodies=False)(text).sents]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "a ",
        "a  ",
        "a\t ",
        "\n\n",
        "Rubrik utan punkt",
        "Hej. Då! ... (bl.a. x) y.\n z",
        "Uppdraget ska redovisas. (Se prop. 2023/24:1.) Därefter ska",
        "Slut.\nNästa mening?  Ja!! Nej。Kanske！",
        "Först kom han. ” Sedan kom hon och gick . ( Och ) så vidare i texten. Slut",
        "Ett två tre. » – « fyra fem sex. \n\n sju åtta nio",
        "Socialstyrelsen ska bl.a. analysera kostnaderna. Uppdraget ska redovisas senast "
        "den 1 mars 2026. Se prop. 2023/24:1 för bakgrunden. ",
    ],
)
def test_sentence_spans_match_the_spacy_sentencizer(text: str) -> None:
    """sentence_spans replays the tokenizer + sentencizer without Token objects."""
    assert sentence_spans(text) == _spacy_sentence_spans(text)


SENTENCE_PARTS = ["a", "Ab", ".", "!", "?", "…", "(", ")", '"', "-", ",", " ", " ", "\n", "\t"]
SENTENCE_PARTS += ["\u00a0", "bl.a.", "m.m.", "1.", "。", "e.g.", "t.ex.", "2026."]
SENTENCE_PARTS += ["”", "»", "–", "...", "Dir.", "www.x.se/a.b", "\r\n", "  ", "ord", "Ord"]


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from(SENTENCE_PARTS),
        max_size=40,
    )
)
def test_sentence_spans_match_the_spacy_sentencizer_on_any_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert sentence_spans(text) == _spacy_sentence_spans(text)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(
    st.lists(st.lists(st.sampled_from(SENTENCE_PARTS), max_size=30), max_size=6),
    st.integers(min_value=0, max_value=12),
)
def test_sentence_spans_many_match_the_spacy_sentencizer_from_a_cold_cache(
    texts_parts: list[list[str]], rules_max: int
) -> None:
    """Texts whose chunks are tokenized together, with the per-process chunk rules empty at
    first and cleared whenever they would pass a small bound (a chunk's rule then comes from
    the fallback that tokenizes it alone)."""
    texts = ["".join(parts) for parts in texts_parts]
    saved_max = nlp_module._RULES_MAX
    nlp_module._RULES.clear()
    nlp_module._RULES_MAX = rules_max
    try:
        got = sentence_spans_many(texts)
    finally:
        nlp_module._RULES_MAX = saved_max
        nlp_module._RULES.clear()
    assert got == [_spacy_sentence_spans(text) for text in texts]


def test_sentence_spans_match_the_spacy_sentencizer_on_fixture_blocks() -> None:
    """Every block and whole page text of the fixtures, as the extractors pass them."""
    from policyparse.pipeline import Options, read_layout
    from policyparse.source import open_source

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    texts = 0
    for path in sorted(fixtures.glob("*.pdf")):
        layout = read_layout(open_source(path), Options())
        blocks = [" ".join(line.text for line in block.lines) for block in layout.blocks]
        pages = ["\n".join(line.text for line in page.lines) for page in layout.pages]
        for text in blocks + pages:
            assert sentence_spans(text) == _spacy_sentence_spans(text), text[:80]
            texts += 1
    assert texts > 200


def test_context_sentences_in_a_block() -> None:
    """Context.sentences_in gives a block's sentences, as a scan of all sentences would."""
    from policyparse.extract.context import build_context
    from policyparse.pipeline import Options, read_layout
    from policyparse.source import open_source

    text = "Rubrik\n\nEn mening. En till.\n\nTredje stycket har en mening.\n"
    ctx = build_context(read_layout(open_source(text.encode()), Options()))
    for i in range(len(ctx.blocks) + 1):
        assert ctx.sentences_in(i) == [s for s in ctx.sentences if s.block == i]
    first = next(s for s in ctx.sentences if s.text == "En mening.")
    assert [s.text for s in ctx.sentences_in(first.block)] == ["En mening.", "En till."]
