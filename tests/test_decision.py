"""extract.decision: an assignee phrase → the public bodies it names; task text cleaning."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.extract.decision import TASK_TAIL, TRAILING_PUNCT, _clean_task, split_bodies


@pytest.mark.parametrize(
    ("phrase", "bodies"),
    [
        (
            "Statens energimyndighet och Naturvårdsverket",
            ["Statens energimyndighet", "Naturvårdsverket"],
        ),
        # a suspended hyphen never splits
        ("Myndigheten för vård- och omsorgsanalys", ["Myndigheten för vård- och omsorgsanalys"]),
        # a lower-case right part never splits
        (
            "Myndigheten för samhällsskydd och beredskap",
            ["Myndigheten för samhällsskydd och beredskap"],
        ),
        (
            "Polismyndigheten, Åklagarmyndigheten och Kriminalvården",
            ["Polismyndigheten", "Åklagarmyndigheten", "Kriminalvården"],
        ),
        # short forms in parentheses are dropped
        (
            "Myndigheten för digital förvaltning (Digg) och Post- och telestyrelsen (PTS)",
            ["Myndigheten för digital förvaltning", "Post- och telestyrelsen"],
        ),
        (
            "Statens skolverk samt Specialpedagogiska skolmyndigheten",
            ["Statens skolverk", "Specialpedagogiska skolmyndigheten"],
        ),
        (
            "Socialstyrelsen, Folkhälsomyndigheten samt Myndigheten för vård- och omsorgsanalys",
            ["Socialstyrelsen", "Folkhälsomyndigheten", "Myndigheten för vård- och omsorgsanalys"],
        ),
        ("Region Halland och Kungsbacka kommun", ["Region Halland", "Kungsbacka kommun"]),
        (
            "Länsstyrelsen i Stockholms län och Länsstyrelsen i Skåne län",
            ["Länsstyrelsen i Stockholms län", "Länsstyrelsen i Skåne län"],
        ),
        # line breaks and trailing commas from the source text
        (
            "  Socialstyrelsen och\n Folkhälsomyndigheten, ",
            ["Socialstyrelsen", "Folkhälsomyndigheten"],
        ),
        ("Socialstyrelsen", ["Socialstyrelsen"]),
        # names that are not in the gazetteer: the shape rules alone decide
        ("Nämnden för skolfrågor och fritid", ["Nämnden för skolfrågor och fritid"]),
        (
            "Rådet för hälso- och sjukvårdsfrågor och Nämnden för skolfrågor",
            ["Rådet för hälso- och sjukvårdsfrågor", "Nämnden för skolfrågor"],
        ),
        # a body whose own name contains "och" + a capital, as one of several assignees
        ("Sveriges Kommuner och Regioner", ["Sveriges Kommuner och Regioner"]),
        (
            "Socialstyrelsen och Sveriges Kommuner och Regioner (SKR)",
            ["Socialstyrelsen", "Sveriges Kommuner och Regioner"],
        ),
        (
            "Sveriges Kommuner och Regioner (SKR) och Socialstyrelsen",
            ["Sveriges Kommuner och Regioner", "Socialstyrelsen"],
        ),
        (
            "Folkhälsomyndigheten, Sveriges Kommuner och Regioner och E-hälsomyndigheten",
            ["Folkhälsomyndigheten", "Sveriges Kommuner och Regioner", "E-hälsomyndigheten"],
        ),
    ],
)
def test_split_bodies(phrase: str, bodies: list[str]) -> None:
    assert split_bodies(phrase) == bodies


# --- task sentences: fronted clauses, intentions, products with adjectives ---------------------

from policyparse.extract.decision import Orders, _is_task_sentence, _products  # noqa: E402
from policyparse.extract.kinds import KINDS  # noqa: E402

GOVERNMENT_ORDERS = KINDS["regeringsbeslut"].orders
assert isinstance(GOVERNMENT_ORDERS, Orders)
AGENTS = ["myndigheten för digital förvaltning", "digg", "post- och telestyrelsen", "pts"]


@pytest.mark.parametrize(
    ("text", "is_task"),
    [
        # a fronted clause puts the agent after "ska"
        ("När uppdraget utförs ska Digg och PTS föra en dialog med berörda myndigheter.", True),
        ("Vid behov ska Myndigheten för digital förvaltning samråda med regionerna.", True),
        # ... but a fronted clause with a non-agent after "ska" is no task
        ("När uppdraget utförs ska hänsyn tas till tidigare utredningar.", False),
        # an intention is not this decision
        ("Regeringen avser att ge Statens energimyndighet i uppdrag att leda arbetet.", False),
        ("Regeringen ger Digg i uppdrag att leda arbetet.", True),
    ],
)
def test_task_sentences(text: str, is_task: bool) -> None:
    assert _is_task_sentence(text, GOVERNMENT_ORDERS, AGENTS) is is_task


def test_products_skip_adjectives() -> None:
    umbrella = "Regeringen ger Trafikverket i uppdrag att göra en fördjupad analys av undantagen."
    assert "analys" in _products(umbrella)
    products = _products(umbrella)
    assert _is_task_sentence(
        "Den fördjupade analysen ska omfatta en konsekvensanalys.", GOVERNMENT_ORDERS, [], products
    )


def test_municipal_body_gives_an_official_the_work() -> None:
    municipal = KINDS["kommunalt_beslut"].orders
    assert municipal is not None
    text = "Kommunstyrelsen ger kommundirektören i uppdrag att fördela medlen för friskvård."
    found = [m["a"] for p in municipal.phrases if (m := p.search(text))]
    assert found == ["kommundirektören"]
    # a municipality's decision to give a grant is not an assignment
    assert not [p for p in municipal.phrases if p.search("Kommunen ger bidrag till föreningen.")]


TASK_PARTS = ["Analysera", "kostnaderna", "och", "samt", "eller", "Bloch", ",", ";", ".", ":"]
TASK_PARTS += [" ", "  ", "\n", "\u00a0", "\u180e", "\u2028", "och,", "samt;", "eller:"]


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(TASK_PARTS), max_size=10))
def test_clean_task_runs_its_tail_pattern_on_the_tail_only(parts: list[str]) -> None:
    """_clean_task runs TASK_TAIL only on the trailing run of the characters it is made of;
    the result is what running it on the whole text gives."""
    text = "".join(parts)
    whole = TRAILING_PUNCT.sub("", TASK_TAIL.sub("", " ".join(text.split())))
    assert _clean_task(text) == whole
