"""What differs between document kinds, as data: one :class:`KindRules` entry per kind.

An entry says where the decision is, whom it orders, how the date, the issuer and the
recipients are found beyond the header, and which further extractors run. Everything else
(header, deadlines, amounts, signatures, copies, references) is the same for every kind.
:func:`policyparse.pipeline.build_record` reads only the entry of the kind the classifier
(:mod:`.kind`) gives.

Adding a kind: name it in ``record.DocumentKind``, give the classifier a cue for it, and add
one entry here built from the steps of :mod:`.steps` (a new step only where a kind needs
something no other kind does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from policyparse.extract import steps
from policyparse.extract.decision import GIVEN_ASSIGNMENT, Orders, Scope
from policyparse.extract.government import GOVERNMENT_ASSIGNMENT
from policyparse.extract.municipal import MUNICIPAL_ASSIGNMENT
from policyparse.extract.steps import Step
from policyparse.record import DocumentKind


@dataclass(frozen=True, slots=True)
class KindRules:
    """How one document kind is read.

    ``decision_scope``: the decision's blocks, ``"section"`` (under a decision heading; its
    first block is the record's ``decision_text``) or ``"whole"`` (no decision text).
    ``orders``: whom the decision orders and with which operative phrases, ``None`` for a kind
    that orders no one (no assignees, no tasks). ``assignee_fallback``: runs when the text
    names no assignee.
    ``deadline_scope``: deadlines from the decision's blocks or from the whole document.
    ``date``, ``issuer``: steps run in order after the header's values (a step may override
    the header or fill only what it left empty). ``recipients``: steps that replace or
    reorder the header's addressees. ``extractors``: further fields (consultees, position,
    deciders)."""

    decision_scope: Scope = "section"
    orders: Orders | None = None
    assignee_fallback: Step | None = None
    deadline_scope: Literal["decision", "document"] = "document"
    date: tuple[Step, ...] = (steps.date_from_place_line,)
    issuer: tuple[Step, ...] = ()
    recipients: tuple[Step, ...] = ()
    extractors: tuple[Step, ...] = ()


KINDS: Mapping[DocumentKind, KindRules] = MappingProxyType(
    {
        "regeringsbeslut": KindRules(
            orders=Orders("named", (GOVERNMENT_ASSIGNMENT, GIVEN_ASSIGNMENT)),
            assignee_fallback=steps.assignees_from_recipients,
            deadline_scope="decision",
        ),
        "kommittedirektiv": KindRules(
            decision_scope="whole",
            orders=Orders("inquiry", (GOVERNMENT_ASSIGNMENT, GIVEN_ASSIGNMENT)),
            deadline_scope="decision",
            date=(steps.date_from_meeting, steps.date_from_place_line),
            issuer=(steps.issuer_from_ministry_line,),
        ),
        "proposition": KindRules(issuer=(steps.issuer_from_ministry_line,)),
        "remiss": KindRules(extractors=(steps.consultees,)),
        "remissvar": KindRules(
            issuer=(steps.issuer_from_answering_body,),
            recipients=(steps.recipients_ministries_first,),
            extractors=(steps.deciders, steps.position),
        ),
        "kommunalt_beslut": KindRules(
            orders=Orders("named", (GIVEN_ASSIGNMENT, MUNICIPAL_ASSIGNMENT)),
            issuer=(steps.issuer_from_local_body,),
            recipients=(steps.recipients_from_deciding_bodies,),
            extractors=(steps.deciders,),
        ),
        "other": KindRules(
            issuer=(steps.issuer_from_local_body, steps.issuer_from_heading_body),
            extractors=(steps.deciders,),
        ),
    }
)
