"""The cascade: source → layout → language → extractors → record.

Each stage is a plain function over the previous stage's output; this module only wires them
and assembles the :class:`~policyparse.record.Document`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import regex

from policyparse import __version__
from policyparse.errors import NoTextError
from policyparse.extract.consultees import extract_consultees
from policyparse.extract.context import Context, build_context
from policyparse.extract.deadlines import extract_deadlines
from policyparse.extract.deciders import extract_deciders
from policyparse.extract.decision import decision_blocks, extract_assignees, extract_tasks
from policyparse.extract.header import decision_meeting_date, extract_header, place_date
from policyparse.extract.issuer import answering_body, heading_body, local_body
from policyparse.extract.kind import classify_kind
from policyparse.extract.money import extract_amounts
from policyparse.extract.municipal import extract_deciding_bodies
from policyparse.extract.position import extract_position
from policyparse.extract.references import extract_references
from policyparse.extract.signatures import extract_copies, extract_signatories
from policyparse.language.assets import gazetteer
from policyparse.layout.model import Layout, PageLayout
from policyparse.layout.ocr import ocr_pages
from policyparse.layout.roles import assign_roles
from policyparse.layout.textsource import read_text_document
from policyparse.record import Document, PageInfo, Provenance, Reference
from policyparse.source import Input, Source, open_source

ISSUER_LINE = regex.compile(
    r"^\((?P<d>[A-ZÅÄÖ][\wåäö\- ]*departementet|Statsrådsberedningen)\)\s*$"
)
MIN_TEXT_CHARS = 20
MINISTRY_NAME = regex.compile(r"departementet$|^Regeringskansliet$")


@dataclass(frozen=True, slots=True)
class Options:
    """How to read a document. ``backend``: ``pdfplumber`` (default) or ``pdfium`` (pypdfium2,
    about six times faster at reading characters; same records, see tests/test_pdfium_backend)."""

    password: str | None = None
    max_pages: int = 2000
    max_bytes: int = 200 * 1024 * 1024
    backend: Literal["pdfplumber", "pdfium"] = "pdfplumber"


def read_layout(source: Source, options: Options) -> Layout:
    pages: list[PageLayout]
    if source.type != "pdf":
        pages = read_text_document(source)
    elif options.backend == "pdfium":
        from policyparse.layout.pdfium import read_pdfium

        pages = read_pdfium(source, options.password, options.max_pages)
        ocr_pages(source, pages, options.password)
    else:
        from policyparse.layout.pdf import read_pdf

        pages = read_pdf(source, options.password, options.max_pages)
        ocr_pages(source, pages, options.password)
    if sum(len(line.text) for p in pages for line in p.lines) < MIN_TEXT_CHARS:
        raise NoTextError(
            f"{source.name}: no text layer (scanned?); OCR support needs "
            "`pip install policyparse[ocr]` and the tesseract-ocr-swe system package"
        )
    return assign_roles(pages)


def build_record(source_name: str, layout: Layout, ctx: Context) -> Document:
    header = extract_header(ctx)
    kind, kind_conf = classify_kind(ctx, header)
    prov: dict[str, Provenance] = dict(header.provenance)
    prov["kind"] = Provenance(confidence=kind_conf)
    date = header.date
    issuer = header.issuer
    if kind == "kommittedirektiv":
        meeting = decision_meeting_date(ctx)
        if meeting is not None:
            date = meeting[0]
            prov["date"] = Provenance(evidence=meeting[1])
    if date is None:
        found = place_date(ctx)
        if found is not None:
            date, prov["date"] = found[0], Provenance(evidence=found[1], confidence=0.8)
    if kind in ("kommittedirektiv", "proposition"):
        for i in range(len(ctx.blocks) - 1, -1, -1):
            m = ISSUER_LINE.match(ctx.block_text(i).strip())
            if m:
                issuer = m["d"]
                s, e = ctx.block_spans[i]
                prov["issuer"] = Provenance(evidence=ctx.evidence(s, e))
                break
    blocks = decision_blocks(ctx, kind)
    orders = kind in ("regeringsbeslut", "kommittedirektiv", "kommunalt_beslut")
    assignees = extract_assignees(ctx, kind, blocks) if orders else []
    if not assignees and kind == "regeringsbeslut" and header.recipients:
        assignees = [r.model_copy(update={"confidence": 0.6}) for r in header.recipients]
    tasks = extract_tasks(ctx, kind, blocks, assignees) if orders else []
    every_block = set(range(len(ctx.blocks)))
    deadline_blocks = blocks if kind in ("regeringsbeslut", "kommittedirektiv") else every_block
    deadlines = extract_deadlines(ctx, kind, deadline_blocks, date)
    consultees = extract_consultees(ctx) if kind == "remiss" else []
    amounts = extract_amounts(ctx, every_block)
    signatories, sig_block = extract_signatories(ctx)
    if kind in ("remissvar", "kommunalt_beslut", "other"):
        known = {s.name for s in signatories}
        signatories += [s for s in extract_deciders(ctx) if s.name not in known]
    recipients = header.recipients
    position = None
    if kind == "remissvar":
        # the letterhead is the answering body; the ministry in the header is the addressee
        sender = header.sender
        if sender is None or MINISTRY_NAME.search(sender.name):
            sender = answering_body(ctx)
        if sender is None:
            issuer = None  # the ministry in the header is the addressee, not the author
            prov.pop("issuer", None)
        else:
            body = gazetteer().lookup(sender.name)
            issuer = body.name if body is not None else sender.name
            prov["issuer"] = Provenance(evidence=sender.evidence, confidence=0.8)
        recipients = header.ministries + [
            r for r in recipients if r.name not in {m.name for m in header.ministries}
        ]
        position, pos_prov = extract_position(ctx)
        if pos_prov is not None:
            prov["position"] = pos_prov
    if kind == "kommunalt_beslut":
        recipients = extract_deciding_bodies(ctx)
    if kind in ("kommunalt_beslut", "other") and issuer is None:
        local = local_body(ctx, header)
        if local is not None:
            issuer = local.name
            prov["issuer"] = Provenance(evidence=local.evidence, confidence=0.7)
    if kind == "other" and issuer is None:
        # "Allmänna reklamationsnämnden gjorde följande bedömning": a known body as subject
        speaker = heading_body(ctx)
        if speaker is not None:
            issuer = speaker.name
            prov["issuer"] = Provenance(evidence=speaker.evidence, confidence=0.6)
    copies = extract_copies(ctx, sig_block)
    copies += [c for c in header.copies if c.name not in {x.name for x in copies}]
    own = {d.name for d in header.diarienummer}
    if header.designation:
        own.add(header.designation)
        own.add(header.designation.split(" ", 1)[-1])
    references = extract_references(ctx, own)
    known_refs = {r.name for r in references}
    references = [
        Reference(name=r.name, type="dnr", evidence=r.evidence)
        for r in header.their_refs
        if r.name not in known_refs
    ] + references
    decision_text = None
    if blocks and kind != "kommittedirektiv":
        first = min(blocks)
        decision_text = " ".join(ctx.block_text(first).split())
    return Document(
        source=source_name,
        kind=kind,
        title=header.title,
        date=date,
        diarienummer=header.diarienummer,
        designation=header.designation,
        meeting_number=header.meeting_number,
        issuer=issuer,
        recipients=recipients,
        position=position,
        decision_text=decision_text,
        assignees=assignees,
        tasks=tasks,
        deadlines=deadlines,
        amounts=amounts,
        signatories=signatories,
        copies_to=copies,
        consultees=consultees,
        references=references,
        provenance=prov,
        pages=[
            PageInfo(
                number=p.number,
                width=p.width,
                height=p.height,
                ocr=p.ocr,
                ocr_confidence=p.ocr_confidence,
            )
            for p in layout.pages
        ],
        parser_version=__version__,
    )


def parse(
    obj: Input,
    *,
    password: str | None = None,
    options: Options | None = None,
    name: str | None = None,
) -> Document:
    """Parse one document (a path, bytes or a binary file object) into a record.

    Raises a :class:`~policyparse.errors.PolicyParseError` subclass with a stable
    ``error_type`` when the input cannot be read.
    """
    opts = options or Options(password=password)
    if password is not None and opts.password is None:
        opts = dataclasses.replace(opts, password=password)
    source = open_source(obj, opts.max_bytes)
    layout = read_layout(source, opts)
    ctx = build_context(layout)
    return build_record(name or source.name, layout, ctx)


def today() -> dt.date:
    return dt.date.today()


def source_label(path: str | Path) -> str:
    return str(path)
