"""extract.position: a remissvar's stance on the proposals from its own cue phrases."""

from __future__ import annotations

import pytest

import policyparse
from policyparse.extract.context import Context, build_context
from policyparse.extract.position import NO_COMMENT, OPPOSE, SUPPORT, extract_position
from policyparse.pipeline import Options, read_layout
from policyparse.source import open_source


def context_of(text: str) -> Context:
    """The real source → layout → language stages on a plain-text input."""
    return build_context(read_layout(open_source(text.encode()), Options()))


# --- the cue regexes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Kammarkollegiet tillstyrker förslaget.", "tillstyrker"),
        ("Region Skåne ställer sig bakom förslaget om en ny lag.", "ställer sig bakom"),
        ("Lantmäteriet ställer sig positivt till förslaget.", "ställer sig positivt till"),
        ("Skolverket instämmer i utredningens analys.", "instämmer"),
        ("Domstolsverket välkomnar att frågan utreds.", "välkomnar"),
        ("Myndigheten delar utredningens bedömning i avsnitt 6.", "delar utredningens bedömning"),
        ("Vi ser positivt på att uppgiften samlas hos en myndighet.", "ser positivt på"),
        ("Kommunen stöder förslaget om en nationell samordning.", "stöder"),
        ("Kommunen har inga invändningar mot förslaget.", "har inga invändningar mot"),
    ],
)
def test_support_cues(sentence: str, cue: str) -> None:
    m = SUPPORT.search(sentence)
    assert m is not None
    assert m.group(0) == cue
    assert OPPOSE.search(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Socialstyrelsen avstyrker förslaget om ändrade regler.", "avstyrker"),
        ("Region Skåne motsätter sig att avgiften höjs.", "motsätter sig"),
        ("Kammarrätten ställer sig inte bakom förslaget.", "ställer sig inte"),
        ("Kommunen ställer sig negativ till förslaget.", "ställer sig negativ"),
        ("Regionen kan inte ställa sig bakom förslaget.", "kan inte ställa sig bakom"),
        ("Myndigheten är starkt kritisk till förslaget.", "är starkt kritisk till"),
        ("Förbundet avvisar förslaget i sin helhet.", "avvisar"),
    ],
)
def test_oppose_cues(sentence: str, cue: str) -> None:
    m = OPPOSE.search(sentence)
    assert m is not None
    assert m.group(0) == cue


@pytest.mark.parametrize(
    "sentence",
    [
        "Lantmäteriet har inga synpunkter på förslagen.",
        "Kammarkollegiet har, utifrån de intressen myndigheten har att bevaka, inte några "
        "synpunkter på de remitterade förslagen.",
        "Myndigheten lämnar inga kommentarer.",
        "Kriminalvården avstår från att yttra sig.",
        "Tullverket har inte några invändningar.",
    ],
)
def test_no_comment_cues(sentence: str) -> None:
    assert NO_COMMENT.search(sentence) is not None
    assert SUPPORT.search(sentence) is None
    assert OPPOSE.search(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        # a missing objection to something is support, not "no comments"
        "Kommunen har inga invändningar mot förslaget.",
        # comments are given, so this is no "no comments"
        "Socialstyrelsen har följande synpunkter på förslaget.",
        # the noun "stöd" is no cue
        "Kommunerna får stöd från staten under tre år.",
        # no cue at all
        "Betänkandet innehåller förslag om en ny myndighet för tillsyn.",
    ],
)
def test_no_comment_does_not_match(sentence: str) -> None:
    assert NO_COMMENT.search(sentence) is None


# --- extract_position over real contexts ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("Kammarkollegiet tillstyrker förslaget.", "supports"),
        ("Region Skåne ställer sig bakom förslaget om en ny lag.", "supports"),
        ("Socialstyrelsen avstyrker förslaget om ändrade regler.", "opposes"),
        ("Kammarrätten ställer sig inte bakom förslaget om nya avgifter.", "opposes"),
        (
            "Kammarkollegiet har, utifrån de intressen myndigheten har att bevaka, inte några "
            "synpunkter på de remitterade förslagen.",
            "no_comments",
        ),
        ("Lantmäteriet har inga synpunkter på förslagen.", "no_comments"),
        ("Kriminalvården avstår från att yttra sig över betänkandet.", "no_comments"),
        (
            "Kammarkollegiet tillstyrker förslaget om en ny lag. Kammarkollegiet avstyrker däremot "
            "förslaget om avgifter.",
            "mixed",
        ),
        # support of one part and no comments on the rest: support
        (
            "Lantmäteriet tillstyrker förslaget i avsnitt 5. I övrigt har Lantmäteriet inga "
            "synpunkter på betänkandet.",
            "supports",
        ),
        # both stances in one sentence are still both stances
        (
            "Socialstyrelsen tillstyrker förslaget om en ny lag men avstyrker förslaget om "
            "avgifter.",
            "mixed",
        ),
    ],
)
def test_extract_position(text: str, position: str) -> None:
    found, prov = extract_position(context_of(text))
    assert found == position
    assert prov is not None
    assert prov.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Betänkandet innehåller förslag om en ny myndighet för tillsyn.",
        "Socialstyrelsen har följande synpunkter på förslaget om ändrade regler.",
        "Kommunerna får stöd från staten under tre år.",
        # what the inquiry proposes is not the answer's stance
        "Utredningen föreslår att en ny myndighet inrättas som stöder kommunerna.",
        "Förslaget innebär att staten välkomnar fler aktörer på marknaden.",
    ],
)
def test_no_cue_gives_none(text: str) -> None:
    assert extract_position(context_of(text)) == (None, None)


def test_evidence_is_the_cue_and_confidence_grows_with_cues() -> None:
    _, one = extract_position(context_of("Socialstyrelsen avstyrker förslaget om ändrade regler."))
    assert one is not None
    assert [e.text for e in one.evidence] == ["avstyrker"]
    assert one.confidence == pytest.approx(0.7)
    _, two = extract_position(
        context_of(
            "Socialstyrelsen avstyrker förslaget. Socialstyrelsen motsätter sig också "
            "förslaget om avgifter."
        )
    )
    assert two is not None
    assert [e.text for e in two.evidence] == ["avstyrker", "motsätter sig"]
    assert two.confidence == pytest.approx(0.9)


# --- through parse() ------------------------------------------------------------------------

REMISSVAR = """Kammarkollegiet

Remissvar

2025-03-01

# Yttrande över betänkandet Ny lag om tillsyn (SOU 2025:7)

{body}
"""


def test_parse_remissvar_position_and_provenance() -> None:
    doc = policyparse.parse(
        REMISSVAR.format(body="Kammarkollegiet har inga synpunkter på förslagen.").encode()
    )
    assert doc.kind == "remissvar"
    assert doc.position == "no_comments"
    assert "position" in doc.provenance
    ev = doc.provenance["position"].evidence
    assert ev and ev[0].text == "har inga synpunkter"
    assert ev[0].page is None and ev[0].char_start is not None


def test_parse_remissvar_mixed() -> None:
    body = (
        "Kammarkollegiet tillstyrker förslaget om en ny lag.\n\n"
        "Kammarkollegiet avstyrker förslaget om avgifter för tillsynen."
    )
    doc = policyparse.parse(REMISSVAR.format(body=body).encode())
    assert doc.position == "mixed"


def test_position_only_for_remissvar() -> None:
    # the same cue in a document that is not a consultation answer gives no position
    text = "Riktlinjer för tillsyn\n\nKommunstyrelsen tillstyrker förslaget om nya riktlinjer.\n"
    doc = policyparse.parse(text.encode())
    assert doc.kind != "remissvar"
    assert doc.position is None
