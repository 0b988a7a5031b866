"""extract.kinds: every kind the classifier can give has an entry, and a kind's behaviour is
its entry alone (a record built with a custom table follows the custom entry)."""

from __future__ import annotations

from typing import get_args

from policyparse.extract import kind as kind_module
from policyparse.extract import steps
from policyparse.extract.context import build_context
from policyparse.extract.decision import _assigns
from policyparse.extract.kinds import KINDS, KindRules
from policyparse.extract.steps import Draft
from policyparse.language.labels import labels
from policyparse.pipeline import Options, build_record, read_layout
from policyparse.record import Document, DocumentKind
from policyparse.source import open_source

# A text without a kind cue: the classifier says "other". It has a decision section, a
# referral's list of consulted bodies and an operative phrase, which "other" does not read.
TEXT = """# Nya regler för tillsyn

## Beslut

Regeringen ger Boverket i uppdrag att ta fram en vägledning om tillsyn.

Remissinstanser

1. Boverket
2. Naturvårdsverket
"""


def _record(kinds: dict[DocumentKind, KindRules] | None = None) -> Document:
    layout = read_layout(open_source(TEXT.encode()), Options())
    ctx = build_context(layout)
    if kinds is None:
        return build_record("t.md", layout, ctx)
    return build_record("t.md", layout, ctx, kinds)


def test_table_covers_every_kind_the_classifier_can_give() -> None:
    """classify_kind returns a DocumentKind: a designation, a label of the labels vocabulary,
    a body cue, or "other"; each must have an entry, and the table has no stray one."""
    every = set(get_args(DocumentKind))
    assert set(KINDS) == every
    from_labels = {k for _, k in labels().kinds}
    from_cues = {k for _, k in kind_module._BODY_CUES}
    assert from_labels | from_cues | {"other", "remiss"} <= set(KINDS)


def test_default_other_entry_reads_no_decision_fields() -> None:
    doc = _record()
    assert doc.kind == "other"
    assert doc.assignees == [] and doc.consultees == [] and doc.tasks == []
    assert doc.issuer is None


def _issuer_from_first_consultee(draft: Draft) -> None:
    """A step of the test's own: a kind's rule that no built-in kind has."""
    if draft.consultees:
        draft.issuer = draft.consultees[0].name


def test_a_custom_entry_alone_changes_what_a_kind_reads() -> None:
    """Adding or changing a kind is one entry: here "other" is read like a government
    decision with a referral list, plus a step defined outside the library."""
    custom = KindRules(
        orders=KINDS["regeringsbeslut"].orders,
        deadline_scope="decision",
        issuer=(),
        extractors=(steps.consultees, _issuer_from_first_consultee),
    )
    doc = _record({**KINDS, "other": custom})
    assert doc.kind == "other"
    assert [a.name for a in doc.assignees] == ["Boverket"]
    assert [t.assignee for t in doc.tasks] == ["Boverket"]
    assert [c.name for c in doc.consultees] == ["Boverket", "Naturvårdsverket"]
    assert doc.issuer == "Boverket"
    assert doc.decision_text is not None and doc.decision_text.startswith("Regeringen ger")


def test_operative_phrases_are_their_kinds_own() -> None:
    """A municipal board's phrase orders only in a municipal decision, the government's only
    in the government's kinds; "X får i uppdrag att" in both."""
    government, municipal = KINDS["regeringsbeslut"].orders, KINDS["kommunalt_beslut"].orders
    assert government is not None and municipal is not None
    board = "Kommunstyrelsen ger kommundirektören i uppdrag att utreda frågan."
    cabinet = "Regeringen ger Boverket i uppdrag att utreda frågan."
    passive = "Boverket får i uppdrag att utreda frågan."
    assert _assigns(board, municipal.phrases) and not _assigns(board, government.phrases)
    assert _assigns(cabinet, government.phrases) and not _assigns(cabinet, municipal.phrases)
    assert _assigns(passive, government.phrases) and _assigns(passive, municipal.phrases)
