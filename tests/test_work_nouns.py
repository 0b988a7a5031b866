"""extract.work_nouns and the tasks whose subject names the work of an earlier task."""

from __future__ import annotations

import pytest

from policyparse.extract.decision import _is_task_sentence
from policyparse.extract.kinds import KINDS
from policyparse.extract.work_nouns import work_nouns

GOVERNMENT_ORDERS = KINDS["regeringsbeslut"].orders
assert GOVERNMENT_ORDERS is not None


@pytest.mark.parametrize(
    ("task", "noun"),
    [
        ("årligen följa upp användningen av rehabiliteringsinsatser", "uppföljning"),
        ("kartlägga förekomsten av hot mot förtroendevalda", "kartläggning"),
        ("utvärdera reformen", "utvärdering"),
        ("utveckla metoder för tillsyn", "utveckling"),
        ("samordna arbetet", "samordning"),
        ("se över regelverket", "översyn"),  # irregular: models/patterns/nominalizations.tsv
        ("analysera förutsättningarna", "analys"),
        ("genomföra en informationskampanj", "genomförande"),
    ],
)
def test_work_nouns(task: str, noun: str) -> None:
    assert noun in work_nouns(task)


def test_work_nouns_of_a_task_without_verbs_in_a() -> None:
    assert work_nouns("bl.a. 25 kr per år") == set()


SOCIALSTYRELSEN = ["socialstyrelsen"]


def test_a_sentence_about_the_work_of_a_task_is_a_task() -> None:
    products = work_nouns("årligen följa upp användningen av rehabiliteringsinsatser vid cancer")
    text = (
        "Den årliga uppföljningen av användningen av insatser ska utgå från en kvantitativ ansats."
    )
    assert _is_task_sentence(text, GOVERNMENT_ORDERS, SOCIALSTYRELSEN, products)


@pytest.mark.parametrize(
    "text",
    [
        # no task names this work
        "Den årliga uppföljningen av användningen av insatser ska utgå från en kvantitativ ansats.",
        # the subject is not the work but something the work is about
        "Den årliga statistiken ska utgå från patientregistret.",
    ],
)
def test_without_a_matching_task_the_sentence_is_not_a_task(text: str) -> None:
    products = work_nouns("kartlägga väntetiderna")
    assert not _is_task_sentence(text, GOVERNMENT_ORDERS, SOCIALSTYRELSEN, products)
