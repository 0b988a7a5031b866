"""extract.municipal (the deciding body of a tjänsteskrivelse) and extract.issuer (the local
body or answering body that issues a document)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import policyparse
from policyparse.extract.context import Context, build_context
from policyparse.extract.municipal import DECIDES, PROPOSAL_HEADING, extract_deciding_bodies
from policyparse.pipeline import Options, read_layout
from policyparse.source import open_source

TITLE = "Revidering av riktlinjer för skolskjuts"


def context_of(text: str) -> Context:
    """The real source → layout → language stages on a Markdown input."""
    return build_context(read_layout(open_source(text.encode()), Options()))


MARKDOWN = f"""# {TITLE}

## Bakgrund

Kommunstyrelsen beslutar om riktlinjer för hela kommunen sedan 2019.

## {{heading}}

{{sentence}}
"""


def bodies(heading: str, sentence: str) -> list[str]:
    ctx = context_of(MARKDOWN.format(heading=heading, sentence=sentence))
    return [n.name for n in extract_deciding_bodies(ctx)]


# --- the regexes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "body"),
    [
        ("Förslag till beslut i kommunfullmäktige", "kommunfullmäktige"),
        ("Förslag till beslut i Regionstyrelsen", "Regionstyrelsen"),
        ("Beslutsförslag i socialnämnden", "socialnämnden"),
        ("Förslag till beslut", None),
        ("Beslutsförslag", None),
    ],
)
def test_proposal_heading(heading: str, body: str | None) -> None:
    m = PROPOSAL_HEADING.match(heading)
    assert m is not None
    assert m["body"] == body


@pytest.mark.parametrize(
    "heading",
    ["Bakgrund", "Ärendebeskrivning", "Förslag till beslutsunderlag finns i bilaga", "Beslut"],
)
def test_not_a_proposal_heading(heading: str) -> None:
    assert PROPOSAL_HEADING.match(heading) is None


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        (
            "Nämnden för Förskola & Grundskola beslutar att anta reviderade riktlinjer.",
            "Nämnden för Förskola & Grundskola",
        ),
        ("Kommunstyrelsen föreslås besluta att anta riktlinjerna.", "Kommunstyrelsen"),
        ("Socialnämnden godkänner redovisningen.", "Socialnämnden"),
        ("Tekniska nämnden beslutar att anta riktlinjerna.", "Tekniska nämnden"),
        ("Regionfullmäktige fastställer budgeten för 2026.", "Regionfullmäktige"),
        (
            "Barn- och utbildningsnämnden beslutar att anta riktlinjerna.",
            "Barn- och utbildningsnämnden",
        ),
        ("Kultur- och fritidsnämnden godkänner redovisningen.", "Kultur- och fritidsnämnden"),
    ],
)
def test_decides(sentence: str, body: str) -> None:
    m = DECIDES.match(sentence)
    assert m is not None
    assert m["body"] == body


@pytest.mark.parametrize(
    "sentence",
    [
        "Förvaltningen föreslår att nämnden antar riktlinjerna.",
        "Kommunstyrelsen beslutade den 3 mars 2024 att anta riktlinjerna.",
        "Enligt delegationsordningen beslutar nämnden om riktlinjerna.",
        "Riktlinjerna antas av kommunfullmäktige.",
    ],
)
def test_not_decides(sentence: str) -> None:
    assert DECIDES.match(sentence) is None


# --- extract_deciding_bodies over real contexts ----------------------------------------------


@pytest.mark.parametrize(
    ("heading", "sentence", "expected"),
    [
        (
            "Förslag till beslut i kommunfullmäktige",
            "Kommunfullmäktige antar riktlinjerna.",
            ["kommunfullmäktige"],
        ),
        (
            "Förslag till beslut",
            "Nämnden för Förskola & Grundskola beslutar att anta riktlinjerna.",
            ["Nämnden för Förskola & Grundskola"],
        ),
        (
            "Beslutsförslag",
            "Socialnämnden föreslås besluta att anta riktlinjerna.",
            ["Socialnämnden"],
        ),
        (
            "Förslag till beslut",
            "Barn- och utbildningsnämnden beslutar att anta riktlinjerna.",
            ["Barn- och utbildningsnämnden"],
        ),
        # no body as subject of the proposal
        ("Förslag till beslut", "Förvaltningen föreslår att nämnden antar riktlinjerna.", []),
        # a body deciding outside a proposal section is background, not the recipient
        ("Ärendebeskrivning", "Kommunstyrelsen beslutar att anta riktlinjerna.", []),
    ],
)
def test_extract_deciding_bodies(heading: str, sentence: str, expected: list[str]) -> None:
    assert bodies(heading, sentence) == expected


def test_heading_body_evidence_and_confidence() -> None:
    ctx = context_of(
        MARKDOWN.format(
            heading="Förslag till beslut i kommunfullmäktige",
            sentence="Kommunfullmäktige antar riktlinjerna.",
        )
    )
    (found,) = extract_deciding_bodies(ctx)
    assert [e.text for e in found.evidence] == ["kommunfullmäktige"]
    assert found.confidence == pytest.approx(1.0)
    ctx = context_of(
        MARKDOWN.format(
            heading="Förslag till beslut", sentence="Socialnämnden godkänner redovisningen."
        )
    )
    (found,) = extract_deciding_bodies(ctx)
    assert [e.text for e in found.evidence] == ["Socialnämnden"]
    assert found.confidence == pytest.approx(0.8)


# --- through parse(): a tjänsteskrivelse PDF ------------------------------------------------


def write_tjansteskrivelse(
    path: Path,
    heading: str,
    decision: str,
    *,
    sender: str | None = "Förvaltningen för Förskola & Grundskola",
    footer: str | None = "Kungsbacka kommun, 434 81 Kungsbacka",
) -> Path:
    """A one-page tjänsteskrivelse: the office's name, the label, date and dnr, a title, the
    proposal heading and sentence, a summary, and an 8 pt footer at the bottom of the page."""
    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]

    def put(x: float, top: float, s: str, font: str = "Helvetica", size: float = 11) -> None:
        c.setFont(font, size)
        c.drawString(x, height - top, s)

    if sender:
        put(72, 60, sender)
    put(330, 60, "Tjänsteskrivelse", "Helvetica-Bold", 14)
    put(330, 90, "2025-02-20")
    put(330, 105, "Dnr FG 2025/0123")
    put(72, 160, TITLE, "Helvetica", 16)
    put(72, 200, heading, "Helvetica-Bold", 12)
    put(72, 222, decision)
    put(72, 260, "Sammanfattning", "Helvetica-Bold", 12)
    put(72, 282, "Förvaltningen har sett över riktlinjerna för skolskjuts inför läsåret 2025/26.")
    put(72, 296, "Förslaget innebär att avståndsgränserna för elever i årskurs 4-6 ändras.")
    if footer:
        put(72, 800, footer, "Helvetica", 8)
    c.showPage()
    c.save()
    return path


def test_parse_heading_names_the_council(tmp_path: Path) -> None:
    pdf = write_tjansteskrivelse(
        tmp_path / "tj.pdf",
        "Förslag till beslut i kommunfullmäktige",
        "Kommunfullmäktige antar reviderade riktlinjer för skolskjuts.",
    )
    doc = policyparse.parse(pdf)
    assert doc.kind == "kommunalt_beslut"
    assert doc.title == TITLE
    assert [r.name for r in doc.recipients] == ["kommunfullmäktige"]


def test_parse_subject_of_the_proposal(tmp_path: Path) -> None:
    pdf = write_tjansteskrivelse(
        tmp_path / "tj.pdf",
        "Förslag till beslut",
        "Nämnden för Förskola & Grundskola beslutar att anta reviderade riktlinjer.",
    )
    doc = policyparse.parse(pdf)
    assert doc.kind == "kommunalt_beslut"
    assert [r.name for r in doc.recipients] == ["Nämnden för Förskola & Grundskola"]
    ev = doc.recipients[0].evidence
    assert ev and ev[0].page == 1 and ev[0].text == "Nämnden för Förskola & Grundskola"


def test_parse_issuer_from_footer(tmp_path: Path) -> None:
    pdf = write_tjansteskrivelse(
        tmp_path / "tj.pdf",
        "Förslag till beslut i kommunfullmäktige",
        "Kommunfullmäktige antar reviderade riktlinjer för skolskjuts.",
    )
    doc = policyparse.parse(pdf)
    assert doc.issuer == "Kungsbacka kommun"
    prov = doc.provenance["issuer"]
    assert [e.text for e in prov.evidence] == ["Kungsbacka kommun"]
    (span,) = prov.evidence
    assert span.page == 1 and span.bbox is not None and span.bbox[1] > 780


def test_parse_no_local_body_no_issuer(tmp_path: Path) -> None:
    pdf = write_tjansteskrivelse(
        tmp_path / "tj.pdf",
        "Förslag till beslut i kommunfullmäktige",
        "Kommunfullmäktige antar reviderade riktlinjer för skolskjuts.",
        footer=None,
    )
    assert policyparse.parse(pdf).issuer is None


@pytest.mark.parametrize(
    ("sender", "footer", "issuer"),
    [
        # a letterhead that is a known region wins over the footer
        ("Region Halland", "Kungsbacka kommun, 434 81 Kungsbacka", "Region Halland"),
        (None, "Göteborgs Stad, Box 2554, 403 17 Göteborg", "Göteborgs Stad"),
    ],
)
def test_parse_issuer_letterhead_or_footer(
    tmp_path: Path, sender: str | None, footer: str, issuer: str
) -> None:
    pdf = write_tjansteskrivelse(
        tmp_path / "tj.pdf",
        "Förslag till beslut",
        "Regionstyrelsen beslutar att anta riktlinjerna.",
        sender=sender,
        footer=footer,
    )
    assert policyparse.parse(pdf).issuer == issuer


# --- answering_body through parse(): a remissvar without a letterhead ------------------------

REMISSVAR = """Justitiedepartementet

Remissvar

2025-03-01

# Yttrande över betänkandet Ny lag om tillsyn (SOU 2025:7)

{first} har, utifrån de intressen myndigheten har att bevaka, inte några synpunkter på de
remitterade förslagen.
"""


def test_answering_body_is_the_subject_of_the_first_sentence() -> None:
    doc = policyparse.parse(REMISSVAR.format(first="Kammarkollegiet").encode())
    assert doc.kind == "remissvar"
    assert doc.issuer == "Kammarkollegiet"
    assert [e.text for e in doc.provenance["issuer"].evidence] == ["Kammarkollegiet"]
    # the ministry in the header is the addressee
    assert [r.name for r in doc.recipients] == ["Justitiedepartementet"]


def test_unknown_answering_body_is_not_the_ministry() -> None:
    doc = policyparse.parse(REMISSVAR.format(first="Myndigheten").encode())
    assert doc.kind == "remissvar"
    assert doc.issuer != "Justitiedepartementet"
