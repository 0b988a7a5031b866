"""extract.deciders: who decided, presented or took part, from the closing sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyparse
from policyparse.extract.context import Context, build_context
from policyparse.extract.deciders import PATTERN_WORDS, PATTERNS, base_role, extract_deciders
from policyparse.pipeline import Options, read_layout
from policyparse.source import open_source


def context_of(text: str) -> Context:
    """The real source → layout → language stages on a plain-text input."""
    return build_context(read_layout(open_source(text.encode()), Options()))


def deciders(text: str) -> list[tuple[str, str | None]]:
    return [(s.name, s.role) for s in extract_deciders(context_of(text))]


@pytest.mark.parametrize(
    ("definite", "base"),
    [
        ("avdelningschefen", "avdelningschef"),
        ("juristen", "jurist"),
        ("utredaren", "utredare"),
        ("generaldirektören", "generaldirektör"),
        ("ämnesrådet", "ämnesråd"),
        ("enhetschefen", "enhetschef"),
        ("borgarrådet", "borgarråd"),
        ("chefsjuristen", "chefsjurist"),
        ("avdelningsdirektören", "avdelningsdirektör"),
        ("handläggaren", "handläggare"),
        ("sekreteraren", "sekreterare"),
        ("departementsrådet", "departementsråd"),
        ("rektorn", "rektor"),
        ("ledamoten", "ledamot"),
        # -ande/-ende nouns: the definite form only adds -n
        ("ordföranden", "ordförande"),
        ("föredraganden", "föredragande"),
        # already in the base form, or too short to strip
        ("jurist", "jurist"),
        ("  enhetschef ", "enhetschef"),
        ("VD", "VD"),
    ],
)
def test_base_role(definite: str, base: str) -> None:
    assert base_role(definite) == base


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Detta yttrande har beslutats av avdelningschefen Anette Schierbeck. Föredragande har "
            "varit enhetschefen Peter von Wowern.",
            {
                ("Anette Schierbeck", "avdelningschef"),
                ("Peter von Wowern", "enhetschef (föredragande)"),
            },
        ),
        (
            "I den slutliga handläggningen har även chefsjuristen Maria Strand och "
            "avdelningsdirektören Henrik Dahl deltagit.",
            {
                ("Maria Strand", "chefsjurist (deltagit)"),
                ("Henrik Dahl", "avdelningsdirektör (deltagit)"),
            },
        ),
        (
            "Beslut i detta ärende har fattats av generaldirektören Karin Ekström efter "
            "föredragning av utredaren Lina Forsberg.",
            {
                ("Karin Ekström", "generaldirektör"),
                ("Lina Forsberg", "utredare (föredragande)"),
            },
        ),
        (
            "Ärendet har avgjorts av ämnesrådet Per-Olof Lind. Föredragande var juristen "
            "Sara Al-Amin.",
            {("Per-Olof Lind", "ämnesråd"), ("Sara Al-Amin", "jurist (föredragande)")},
        ),
        (
            "I handläggningen har även juristen Eva Berg medverkat.",
            {("Eva Berg", "jurist (deltagit)")},
        ),
        (
            "Föredragande borgarrådet Anna König Jerlmyr.",
            {("Anna König Jerlmyr", "borgarråd (föredragande)")},
        ),
        (
            "Föredragande har varit handläggaren Karl-Johan Svensson.",
            {("Karl-Johan Svensson", "handläggare (föredragande)")},
        ),
        # the indefinite form is kept as it is
        (
            "Detta beslut har fattats av generaldirektör Anna Berg.",
            {("Anna Berg", "generaldirektör")},
        ),
    ],
)
def test_extract_deciders(text: str, expected: set[tuple[str, str]]) -> None:
    found = deciders(text)
    assert set(found) == expected
    assert len(found) == len(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Beslutet har fattats digitalt och saknar därför underskrift.",
        "Beslutet har fattats av styrelsen.",
        "Ärendet har avgjorts av Förvaltningsrätten i Stockholm.",
        "Föredragande har varit enhetschefen.",
        "Regeringen har fattat beslut i ärendet den 13 mars 2025.",
        # organisations that took part are not people
        "I beredningen har även Stockholms stad och Region Stockholm deltagit.",
    ],
)
def test_no_deciders(text: str) -> None:
    assert deciders(text) == []


def test_each_person_once_with_first_role() -> None:
    text = (
        "Detta yttrande har beslutats av avdelningschefen Anette Schierbeck. I handläggningen har "
        "även avdelningschefen Anette Schierbeck medverkat."
    )
    assert deciders(text) == [("Anette Schierbeck", "avdelningschef")]


def test_evidence_covers_phrase() -> None:
    ctx = context_of("Detta yttrande har beslutats av avdelningschefen Anette Schierbeck.")
    (sig,) = extract_deciders(ctx)
    assert [e.text for e in sig.evidence] == ["beslutats av avdelningschefen Anette Schierbeck"]
    assert sig.confidence == pytest.approx(0.9)


def test_pattern_groups() -> None:
    pattern, tag = PATTERNS[1]
    assert tag == "föredragande"
    m = pattern.search("Föredragande har varit enhetschefen Peter von Wowern.")
    assert m is not None
    assert (m["role"], m["name"]) == ("enhetschefen", "Peter von Wowern")
    decided, tag = PATTERNS[0]
    assert tag is None
    assert decided.search("Beslutet har fattats digitalt och saknar därför underskrift.") is None


def test_parse_adds_deciders_to_signatories() -> None:
    text = (
        "Yttrande över betänkandet Ny lag om tillsyn\n\n"
        "Kammarkollegiet har inga synpunkter på förslagen.\n\n"
        "Detta yttrande har beslutats av avdelningschefen Anette Schierbeck. Föredragande har "
        "varit enhetschefen Peter von Wowern.\n"
    )
    doc = policyparse.parse(text.encode())
    assert [(s.name, s.role) for s in doc.signatories] == [
        ("Anette Schierbeck", "avdelningschef"),
        ("Peter von Wowern", "enhetschef (föredragande)"),
    ]


DECIDER_PARTS = ["beslutats", "fattats", "avgjorts", "av", "Föredragande", "föredragande", "har"]
DECIDER_PARTS += ["varit", "efter", "föredragning", "även", "också", "deltagit", "medverkat"]
DECIDER_PARTS += ["och", "enhetschefen", "juristen", "Peter", "von", "Wowern", "Anna", "Berg"]


@settings(max_examples=500, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(DECIDER_PARTS), max_size=9))
def test_a_pattern_never_matches_without_one_of_its_words(parts: list[str]) -> None:
    """extract_deciders skips a pattern for a sentence without any of its PATTERN_WORDS."""
    text = " ".join(parts) + " "
    for (pattern, _), words in zip(PATTERNS, PATTERN_WORDS, strict=True):
        if pattern.search(text):
            assert any(word in text for word in words), pattern.pattern
