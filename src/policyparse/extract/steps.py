"""The kind-dependent steps of building a record, each a function over a :class:`Draft`.

:mod:`policyparse.extract.kinds` lists, per document kind, which of these run; the pipeline
runs them in a fixed order (date, issuer, decision, recipients, further extractors). A step
reads the context and the header and changes only the fields it is named for, so the same
step serves every kind that lists it and a new kind reuses them without new branches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from policyparse.extract.consultees import extract_consultees
from policyparse.extract.context import Context
from policyparse.extract.deciders import extract_deciders
from policyparse.extract.header import HeaderInfo, decision_meeting_date, place_date
from policyparse.extract.issuer import answering_body, heading_body, local_body, ministry_line
from policyparse.extract.municipal import extract_deciding_bodies
from policyparse.extract.position import extract_position
from policyparse.language.assets import gazetteer
from policyparse.record import Named, Position, Provenance, Signatory, Task

# How much a value found by a step is trusted, below the header's own fields (1.0): a dated
# place line, a letterhead that answers, a local body in the letterhead, a body named as the
# subject of a heading, and the addressees of a decision that names no assignee in its text.
PLACE_DATE_CONFIDENCE = 0.8
ANSWERING_BODY_CONFIDENCE = 0.8
LOCAL_BODY_CONFIDENCE = 0.7
HEADING_BODY_CONFIDENCE = 0.6
RECIPIENT_ASSIGNEE_CONFIDENCE = 0.6
# A letterhead sender that is a ministry is the addressee of an answer, not its author.
MINISTRY_NAME = regex.compile(r"departementet$|^Regeringskansliet$")


@dataclass(slots=True)
class Draft:
    """The fields of a record that depend on its kind, while the kind's steps fill them in.

    It starts from the header's values; ``blocks`` is the decision section."""

    ctx: Context
    header: HeaderInfo
    provenance: dict[str, Provenance]
    date: dt.date | None
    issuer: str | None
    recipients: list[Named]
    signatories: list[Signatory]
    blocks: set[int] = field(default_factory=set)
    assignees: list[Named] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    consultees: list[Named] = field(default_factory=list)
    position: Position | None = None


Step = Callable[[Draft], None]


def date_from_meeting(draft: Draft) -> None:
    """A directive's date is that of the government meeting ("Beslut vid
    regeringssammanträde den 14 mars 2024"), whatever else the header says."""
    meeting = decision_meeting_date(draft.ctx)
    if meeting is not None:
        draft.date = meeting[0]
        draft.provenance["date"] = Provenance(evidence=meeting[1])


def date_from_place_line(draft: Draft) -> None:
    """Without a dated header, a place line ("Stockholm den 3 maj 2024") dates the document."""
    if draft.date is not None:
        return
    found = place_date(draft.ctx)
    if found is not None:
        draft.date = found[0]
        draft.provenance["date"] = Provenance(evidence=found[1], confidence=PLACE_DATE_CONFIDENCE)


def issuer_from_ministry_line(draft: Draft) -> None:
    """The last "(…departementet)" line of a directive or proposition names its ministry."""
    found = ministry_line(draft.ctx)
    if found is not None:
        draft.issuer = found.name
        draft.provenance["issuer"] = Provenance(evidence=found.evidence)


def issuer_from_answering_body(draft: Draft) -> None:
    """An answer to a referral: the letterhead is the answering body (or, when the letterhead
    is a ministry or missing, the body that answers in the first sentences); the ministry in
    the header is the addressee, never the author."""
    header = draft.header
    sender = header.sender
    if sender is None or MINISTRY_NAME.search(sender.name):
        sender = answering_body(draft.ctx)
    if sender is None:
        draft.issuer = None  # the ministry in the header is the addressee, not the author
        draft.provenance.pop("issuer", None)
    else:
        body = gazetteer().lookup(sender.name)
        draft.issuer = body.name if body is not None else sender.name
        draft.provenance["issuer"] = Provenance(
            evidence=sender.evidence, confidence=ANSWERING_BODY_CONFIDENCE
        )


def recipients_ministries_first(draft: Draft) -> None:
    """An answer is addressed to the ministry in its header: it goes first among the
    recipients."""
    ministries = draft.header.ministries
    names = {m.name for m in ministries}
    draft.recipients = ministries + [r for r in draft.recipients if r.name not in names]


def issuer_from_local_body(draft: Draft) -> None:
    """Without an issuer, a municipal or regional body in the letterhead."""
    if draft.issuer is not None:
        return
    local = local_body(draft.ctx, draft.header)
    if local is not None:
        draft.issuer = local.name
        draft.provenance["issuer"] = Provenance(
            evidence=local.evidence, confidence=LOCAL_BODY_CONFIDENCE
        )


def issuer_from_heading_body(draft: Draft) -> None:
    """Without an issuer, a known body as the subject of a heading ("Allmänna
    reklamationsnämnden gjorde följande bedömning")."""
    if draft.issuer is not None:
        return
    speaker = heading_body(draft.ctx)
    if speaker is not None:
        draft.issuer = speaker.name
        draft.provenance["issuer"] = Provenance(
            evidence=speaker.evidence, confidence=HEADING_BODY_CONFIDENCE
        )


def assignees_from_recipients(draft: Draft) -> None:
    """A decision addressed to bodies but naming none in an operative phrase orders its
    addressees."""
    if not draft.assignees:
        draft.assignees = [
            r.model_copy(update={"confidence": RECIPIENT_ASSIGNEE_CONFIDENCE})
            for r in draft.header.recipients
        ]


def recipients_from_deciding_bodies(draft: Draft) -> None:
    """A municipal proposal is addressed to the body that is to decide it."""
    draft.recipients = extract_deciding_bodies(draft.ctx)


def consultees(draft: Draft) -> None:
    """A referral's list of consulted bodies."""
    draft.consultees = extract_consultees(draft.ctx)


def position(draft: Draft) -> None:
    """An answer's position on the proposal (supports, opposes, …)."""
    found, prov = extract_position(draft.ctx)
    draft.position = found
    if prov is not None:
        draft.provenance["position"] = prov


def deciders(draft: Draft) -> None:
    """Those who decided ("Beslutet har fattats av avdelningschefen …"), as signatories
    besides the signature block's."""
    known = {s.name for s in draft.signatories}
    draft.signatories += [s for s in extract_deciders(draft.ctx) if s.name not in known]
