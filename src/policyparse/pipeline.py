"""The cascade: source → layout → language → extractors → record.

Each stage is a plain function over the previous stage's output; this module only wires them
and assembles the :class:`~policyparse.record.Document`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from policyparse import __version__
from policyparse.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    PolicyParseError,
    TooLargeError,
)
from policyparse.extract.context import Context, build_context
from policyparse.extract.deadlines import extract_deadlines
from policyparse.extract.decision import decision_blocks, extract_assignees, extract_tasks
from policyparse.extract.header import HeaderInfo, extract_header
from policyparse.extract.kind import classify_kind
from policyparse.extract.kinds import KINDS, KindRules
from policyparse.extract.money import extract_amounts
from policyparse.extract.references import extract_references
from policyparse.extract.signatures import extract_copies, extract_signatories
from policyparse.extract.steps import Draft
from policyparse.layout.model import Layout, PageLayout
from policyparse.layout.ocr import no_text_error, ocr_pages
from policyparse.layout.pdfguard import (
    MAX_INFLATED_BYTES_DEFAULT,
    MAX_TEXT_OPS_DEFAULT,
    PdfLimits,
    check_pdf,
)
from policyparse.layout.roles import assign_roles
from policyparse.layout.textsource import read_text_document
from policyparse.record import Document, DocumentKind, PageInfo, Provenance, Reference
from policyparse.source import Input, Source, open_source

MIN_TEXT_CHARS = 20
MAX_CHARS_DEFAULT = 5_000_000  # text in one document; a 1,000-page report has ~3 million


@dataclass(frozen=True, slots=True)
class Options:
    """How to read a document, and the bounds that keep a hostile one cheap to refuse.

    ``backend``: ``pdfplumber`` (default) or ``pdfium`` (pypdfium2, about six times faster at
    reading characters; same records, see tests/test_pdfium_backend). Bounds (a document over
    one is a ``too_large`` error): ``max_bytes`` of input, ``max_pages``, ``max_inflated_bytes``
    that one PDF stream may inflate to (decompression bombs), ``max_text_ops`` text operators
    in one content stream, and ``max_chars`` of text in the whole document (text inputs are
    checked before they are laid out). See :mod:`policyparse.layout.pdfguard`."""

    password: str | None = None
    max_pages: int = 2000
    max_bytes: int = 200 * 1024 * 1024
    backend: Literal["pdfplumber", "pdfium"] = "pdfplumber"
    max_inflated_bytes: int = MAX_INFLATED_BYTES_DEFAULT
    max_text_ops: int = MAX_TEXT_OPS_DEFAULT
    max_chars: int = MAX_CHARS_DEFAULT


def read_layout(source: Source, options: Options, warnings: list[str] | None = None) -> Layout:
    """Source → pages of lines with roles. ``warnings`` collects what the record should say
    about how it was read (a broken PDF recovered by another reader)."""
    pages: list[PageLayout]
    if source.type != "pdf":
        _check_text_size(source, options)
        pages = read_text_document(source)
    else:
        limits = PdfLimits(options.max_inflated_bytes, options.max_text_ops, options.max_pages)
        # read_pdfium refuses too many pages before it reads one: no second count needed
        check_pdf(
            source.data,
            source.name,
            limits,
            options.password,
            count_pages=options.backend != "pdfium",
        )
        source, pages = _read_pdf_pages(source, options, warnings)
        ocr_pages(source, pages, options.password)
    chars = sum(len(line.text) for p in pages for line in p.lines)
    if chars < MIN_TEXT_CHARS:
        raise no_text_error(source, pages, chars, MIN_TEXT_CHARS)
    if chars > options.max_chars:
        raise TooLargeError(
            f"{source.name}: {chars} characters of text, over the limit of {options.max_chars}"
        )
    return assign_roles(pages)


def _read_pdf_pages(
    source: Source, options: Options, warnings: list[str] | None = None
) -> tuple[Source, list[PageLayout]]:
    """The chosen backend's pages, and the source they were read from.

    When pdfplumber cannot read a file (a broken cross-reference table: pdfminer then finds
    no objects, or no pages), pdfium, which rebuilds the table by scanning the file, gets a
    try; when both fail, a copy with a rebuilt table (:mod:`.layout.pdfrepair`) does. If
    nothing reads it, the first error stands. A wrong or missing password is reported as such.
    """
    from policyparse.layout.pdfium import read_pdfium

    try:
        if options.backend == "pdfium":
            return source, read_pdfium(source, options.password, options.max_pages)
        from policyparse.layout.pdf import read_pdf

        try:
            return source, read_pdf(source, options.password, options.max_pages)
        except (CorruptInputError, EmptyInputError) as first:
            note = f"pdfplumber could not read the file ({first.error_type}: {first})"
            try:
                pages = read_pdfium(source, options.password, options.max_pages)
            except (PolicyParseError, RecursionError):
                repaired = _repaired(source)
                if repaired is None:
                    raise first from None
                try:
                    pages = read_pdfium(repaired, options.password, options.max_pages)
                except (PolicyParseError, RecursionError):
                    raise first from None
                _warn(warnings, f"{note}; read with pdfium after rebuilding its xref table")
                return repaired, pages
            _warn(warnings, f"{note}; read with pdfium")
            return source, pages
    except RecursionError as exc:
        raise CorruptInputError(f"{source.name}: object structure too deep or cyclic") from exc
    except EncryptedInputError as exc:
        given = "the password given is wrong" if options.password else "no password was given"
        raise EncryptedInputError(
            f"{source.name}: the PDF needs its user password ({given}; use --password or password=)"
        ) from exc


def _warn(warnings: list[str] | None, message: str) -> None:
    if warnings is not None:
        warnings.append(message)


def _repaired(source: Source) -> Source | None:
    from policyparse.layout.pdfrepair import rebuild_xref

    data = rebuild_xref(source.data)
    return None if data is None else Source(name=source.name, data=data, type="pdf")


def _check_text_size(source: Source, options: Options) -> None:
    """Refuse a text input that must hold more than ``max_chars`` characters before it is laid
    out (a layout costs some hundreds of bytes per character). Plain text and Markdown keep
    nearly every byte; HTML markup may be most of a page, so it is allowed four times that."""
    allowed = options.max_chars * (4 if source.type == "html" else 1)
    if len(source.data) > allowed:
        raise TooLargeError(
            f"{source.name}: {len(source.data)} bytes of {source.type}, over the limit of "
            f"{allowed} (max_chars {options.max_chars})"
        )


def build_record(
    source_name: str,
    layout: Layout,
    ctx: Context,
    kinds: Mapping[DocumentKind, KindRules] = KINDS,
) -> Document:
    """The record of a laid-out document: the header, then the steps that ``kinds`` (see
    :mod:`policyparse.extract.kinds`) lists for the document's kind, then what every kind
    shares (deadlines, amounts, copies, references)."""
    header = extract_header(ctx)
    kind, kind_conf = classify_kind(ctx, header)
    rules = kinds[kind]
    signatories, sig_block = extract_signatories(ctx)
    draft = Draft(
        ctx=ctx,
        header=header,
        provenance={**header.provenance, "kind": Provenance(confidence=kind_conf)},
        date=header.date,
        issuer=header.issuer,
        recipients=header.recipients,
        signatories=signatories,
    )
    for step in (*rules.date, *rules.issuer):
        step(draft)
    _decision(draft, rules)
    for step in (*rules.recipients, *rules.extractors):
        step(draft)
    every_block = set(range(len(ctx.blocks)))
    deadline_blocks = draft.blocks if rules.deadline_scope == "decision" else every_block
    deadlines = extract_deadlines(ctx, deadline_blocks, draft.date)
    amounts = extract_amounts(ctx, every_block)
    copies = extract_copies(ctx, sig_block)
    copies += [c for c in header.copies if c.name not in {x.name for x in copies}]
    decision_text = None
    if draft.blocks and rules.decision_scope == "section":
        first = min(draft.blocks)
        decision_text = " ".join(ctx.block_text(first).split())
    return Document(
        source=source_name,
        kind=kind,
        title=header.title,
        date=draft.date,
        diarienummer=header.diarienummer,
        designation=header.designation,
        meeting_number=header.meeting_number,
        issuer=draft.issuer,
        recipients=draft.recipients,
        position=draft.position,
        decision_text=decision_text,
        assignees=draft.assignees,
        tasks=draft.tasks,
        deadlines=deadlines,
        amounts=amounts,
        signatories=draft.signatories,
        copies_to=copies,
        consultees=draft.consultees,
        references=_references(ctx, header),
        provenance=draft.provenance,
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


def _references(ctx: Context, header: HeaderInfo) -> list[Reference]:
    """Cited documents: the body's, besides the document's own numbers and designation, after
    the header's "Er referens" numbers that the body does not cite again."""
    own = {d.name for d in header.diarienummer}
    if header.designation:
        own.add(header.designation)
        own.add(header.designation.split(" ", 1)[-1])
    references = extract_references(ctx, own, header.title_index)
    known = {r.name for r in references}
    theirs = [
        Reference(name=r.name, type="dnr", evidence=r.evidence)
        for r in header.their_refs
        if r.name not in known
    ]
    return theirs + references


def _decision(draft: Draft, rules: KindRules) -> None:
    """The decision's blocks, and, for a kind that orders someone, its assignees and tasks."""
    draft.blocks = decision_blocks(draft.ctx, rules.decision_scope)
    if rules.orders is None:
        return
    draft.assignees = extract_assignees(draft.ctx, rules.orders, draft.blocks)
    if not draft.assignees and rules.assignee_fallback is not None:
        rules.assignee_fallback(draft)
    draft.tasks = extract_tasks(draft.ctx, rules.orders, draft.blocks, draft.assignees)


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
    warnings: list[str] = []
    layout = read_layout(source, opts, warnings)
    ctx = _context(source.name, layout)
    doc = build_record(name or source.name, layout, ctx)
    doc.warnings.extend(warnings)
    return doc


def _context(name: str, layout: Layout) -> Context:
    """The language stage; spaCy refuses a single text over its ``max_length`` (a paragraph
    of a million characters: a file of one endless line), which is a bound, not a bug."""
    try:
        return build_context(layout)
    except ValueError as exc:
        if "E088" not in str(exc):
            raise
        raise TooLargeError(
            f"{name}: a paragraph over the language pipeline's limit of characters ({exc})"
        ) from None


def today() -> dt.date:
    return dt.date.today()
