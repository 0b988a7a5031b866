"""The record model: what the library returns for one document.

One :class:`Document` per input, with a ``kind`` discriminator. The field names and meanings of
the top level follow ``corpus/GOLD-FORMAT.md`` so that a record can be scored as it is. Every
extracted item carries ``evidence``: where on which page (or at which character offsets, for
text inputs) the value was read, so a user can check it against the source. Scalar fields keep
their evidence in :attr:`Document.provenance`, keyed by field name, so that ``doc.date`` stays a
plain ``date``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DocumentKind = Literal[
    "regeringsbeslut",
    "kommittedirektiv",
    "remiss",
    "remissvar",
    "kommunalt_beslut",
    "proposition",
    "other",
]
DeadlineKind = Literal[
    "interim_report",
    "final_report",
    "report",
    "requisition",
    "repayment",
    "financial_report",
    "response",
    "validity",
    "other",
]
Qualifier = Literal["max", "min", "approx", "exact"]
Position = Literal["supports", "opposes", "no_comments", "mixed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(_Model):
    """One piece of evidence: text as read, and where.

    For PDFs ``page`` is 1-based and ``bbox`` is ``[x0, top, x1, bottom]`` in PDF points with
    the origin at the top-left of the page (pdfplumber's convention). For text inputs ``page``
    is ``None`` and ``char_start``/``char_end`` index the decoded text.
    """

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    char_start: int | None = None
    char_end: int | None = None
    text: str


class Provenance(_Model):
    """Evidence and confidence for a scalar field of :class:`Document`."""

    evidence: list[Span] = Field(default_factory=list)
    confidence: float = 1.0


class Item(_Model):
    """Base of every extracted list item."""

    evidence: list[Span] = Field(default_factory=list)
    confidence: float = 1.0


class Named(Item):
    """A named thing (a body, a registration number, a person list entry)."""

    name: str


class Reference(Named):
    """A cited document: ``SOU 2009:11``, ``dir. 2024:30``, ``S2026/00065``, ``prop. 2023/24:1``."""

    type: Literal["sou", "ds", "dir", "prop", "bet", "rskr", "dnr", "sfs", "other"] = "other"


class Task(Item):
    """A piece of work the decision gives to an assignee, as written."""

    text: str
    assignee: str | None = None


class Deadline(Item):
    """A dated obligation. For ``recurrence == "annual"`` the date is the first occurrence on
    or after the decision date."""

    date: dt.date
    kind: DeadlineKind = "other"
    recurrence: Literal["annual"] | None = None
    text: str
    recipient: str | None = None


class Appropriation(_Model):
    """Where money is charged in the state budget, and how it is paid out."""

    budget_year: int | None = None
    utgiftsomrade: int | None = None
    utgiftsomrade_name: str | None = None
    anslag: str | None = None
    anslag_name: str | None = None
    anslagspost: str | None = None
    anslagspost_name: str | None = None
    paid_by: str | None = None


class Amount(Item):
    """A sum of money in whole currency units."""

    value: int | Decimal
    currency: str = "SEK"
    qualifier: Qualifier = "exact"
    period: str | None = None
    text: str
    appropriation: Appropriation | None = None


class Signatory(Item):
    """A person who signs or decides, with the role as printed (or ``None``)."""

    name: str
    role: str | None = None


class PageInfo(_Model):
    """Size of a page in points, and whether its text came from OCR."""

    number: int
    width: float
    height: float
    ocr: bool = False
    ocr_confidence: float | None = None


class Document(_Model):
    """The record for one document."""

    source: str
    kind: DocumentKind = "other"
    title: str | None = None
    date: dt.date | None = None
    diarienummer: list[Named] = Field(default_factory=list)
    designation: str | None = None
    meeting_number: str | None = None
    issuer: str | None = None
    recipients: list[Named] = Field(default_factory=list)
    decision_text: str | None = None
    assignees: list[Named] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    amounts: list[Amount] = Field(default_factory=list)
    signatories: list[Signatory] = Field(default_factory=list)
    copies_to: list[Named] = Field(default_factory=list)
    consultees: list[Named] = Field(default_factory=list)
    position: Position | None = None
    references: list[Reference] = Field(default_factory=list)
    provenance: dict[str, Provenance] = Field(default_factory=dict)
    pages: list[PageInfo] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    parser_version: str = ""


class ErrorInfo(_Model):
    """Why a document yielded no record."""

    type: str
    message: str


class ErrorRecord(_Model):
    """The batch line for an input that could not be parsed.

    ``parse_many`` and ``policyparse batch`` give one of these instead of a
    :class:`Document` for such an input; tell them apart with ``isinstance(rec, ErrorRecord)``
    (or ``rec.error`` in JSON). Reading a record field (``rec.title``) raises an
    ``AttributeError`` that says so, rather than pydantic's bare "has no attribute"."""

    source: str
    error: ErrorInfo

    if not TYPE_CHECKING:  # for type checkers the field does not exist, which is the point

        def __getattr__(self, name: str) -> Any:
            if name in Document.model_fields:
                error = self.__dict__.get("error")
                why = f" ({error.type}: {error.message})" if error is not None else ""
                raise AttributeError(
                    f"{name!r}: this is an ErrorRecord for {self.__dict__.get('source')!r}"
                    f"{why}, not a Document; check isinstance(rec, policyparse.ErrorRecord) "
                    "or rec.error first"
                )
            return super().__getattr__(name)
