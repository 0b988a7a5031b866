"""extract.consultees: the remisslista of a remiss, through parse() of text and PDF inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import policyparse

CONSULTEES = [
    "Integritetsskyddsmyndigheten",
    "Justitiekanslern",
    "Polismyndigheten",
    "Länsstyrelsen i Västra Götalands län",
]
DEADLINE_SENTENCE = "Sista dag att svara på remissen är den 16 april 2025."

REMISS_TEXT = """Remiss av SOU 2025:7 Ny lag om kameraövervakning

Justitiedepartementet remitterar betänkandet till följande remissinstanser.

{head}

{entries}

{after}
"""


def numbered(names: list[str]) -> str:
    return "\n".join(f"{i}. {n}" for i, n in enumerate(names, 1))


def remiss_text(
    entries: str, after: str = DEADLINE_SENTENCE, head: str = "Remissinstanser"
) -> bytes:
    return REMISS_TEXT.format(head=head, entries=entries, after=after).encode()


def write_remiss_pdf(path: Path) -> Path:
    """A one-page remiss: ministry and label, date and dnr, a "Remiss av SOU …" title, the
    "Remissinstanser" heading, a group label, a numbered list and the response deadline."""
    c = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]

    def put(x: float, top: float, s: str, font: str = "Helvetica", size: float = 11) -> None:
        c.setFont(font, size)
        c.drawString(x, height - top, s)

    put(72, 60, "Justitiedepartementet")
    put(330, 60, "Remiss", "Helvetica-Bold", 14)
    put(330, 90, "2025-02-20")
    put(330, 105, "Ju2025/00321")
    put(72, 160, "Remiss av SOU 2025:7 Ny lag om kameraövervakning", "Helvetica", 16)
    put(72, 200, "Remissinstanser", "Helvetica-Bold", 12)
    y = 222.0
    put(72, y, "Myndigheter:")
    y += 16
    for i, name in enumerate(CONSULTEES, 1):
        put(72, y, f"{i}. {name}")
        y += 16
    y += 10
    put(72, y, DEADLINE_SENTENCE + " Svaren bör lämnas per e-post.")
    y += 40
    put(72, y, "Anna Andersson")
    c.showPage()
    c.save()
    return path


def test_pdf_remiss_consultees_and_deadline(tmp_path: Path) -> None:
    doc = policyparse.parse(write_remiss_pdf(tmp_path / "remiss.pdf"))
    assert doc.kind == "remiss"
    assert doc.title == "Remiss av SOU 2025:7 Ny lag om kameraövervakning"
    # exact names: no numbering, no group label, no prose after the list
    assert [c.name for c in doc.consultees] == CONSULTEES
    response = [d for d in doc.deadlines if d.kind == "response"]
    assert [d.date for d in response] == [dt.date(2025, 4, 16)]
    # evidence is the printed list line on page 1
    first = doc.consultees[0].evidence
    assert first and first[0].page == 1 and first[0].bbox is not None
    assert first[0].text == "1. Integritetsskyddsmyndigheten"


def test_text_remiss_consultees_and_deadline() -> None:
    doc = policyparse.parse(remiss_text("Myndigheter:\n\n" + numbered(CONSULTEES)))
    assert doc.kind == "remiss"
    assert [c.name for c in doc.consultees] == CONSULTEES
    assert [(d.kind, d.date) for d in doc.deadlines] == [("response", dt.date(2025, 4, 16))]
    assert doc.deadlines[0].text == DEADLINE_SENTENCE
    ev = doc.consultees[1].evidence
    assert ev and ev[0].page is None and ev[0].text == "2. Justitiekanslern"


@pytest.mark.parametrize(
    "entries",
    [
        numbered(CONSULTEES),
        "\n".join(f"• {n}" for n in CONSULTEES),
        "\n".join(f"- {n}" for n in CONSULTEES),
        "\n\n".join(CONSULTEES),
        "\n".join(f"{i}) {n}" for i, n in enumerate(CONSULTEES, 1)),
    ],
    ids=["numbered", "bullets", "dashes", "one-per-paragraph", "parenthesis"],
)
def test_list_shapes(entries: str) -> None:
    doc = policyparse.parse(remiss_text(entries))
    assert [c.name for c in doc.consultees] == CONSULTEES


@pytest.mark.parametrize(
    "head",
    [
        "Remissinstanser",
        "Remisslista",
        "Sändlista",
        "Förteckning över remissinstanser",
        "Remissinstanser:",
    ],
)
def test_list_headings(head: str) -> None:
    doc = policyparse.parse(remiss_text(numbered(CONSULTEES), head=head))
    assert [c.name for c in doc.consultees] == CONSULTEES


def test_several_group_labels_are_skipped() -> None:
    entries = (
        "Myndigheter:\n\n1. Integritetsskyddsmyndigheten\n2. Justitiekanslern\n\n"
        "Kommuner:\n\n3. Malmö kommun\n4. Kungsbacka kommun"
    )
    doc = policyparse.parse(remiss_text(entries))
    assert [c.name for c in doc.consultees] == [
        "Integritetsskyddsmyndigheten",
        "Justitiekanslern",
        "Malmö kommun",
        "Kungsbacka kommun",
    ]


def test_duplicates_once() -> None:
    entries = "1. Justitiekanslern\n2. justitiekanslern\n3. Polismyndigheten"
    doc = policyparse.parse(remiss_text(entries))
    assert [c.name for c in doc.consultees] == ["Justitiekanslern", "Polismyndigheten"]


@pytest.mark.parametrize(
    "after",
    [
        DEADLINE_SENTENCE,
        "Remissvaren ska ha kommit in till Justitiedepartementet senast den 16 april 2025. "
        "Svaren bör lämnas per e-post.",
        "Enligt uppdrag\n\nAnna Andersson",
        # short lines after the list that are no body: a date and an address
        "Sista svarsdag: 16 april 2025",
        "Svar lämnas till ju.remissvar@regeringskansliet.se",
    ],
)
def test_text_after_the_list_is_no_consultee(after: str) -> None:
    doc = policyparse.parse(remiss_text(numbered(CONSULTEES), after=after))
    assert [c.name for c in doc.consultees] == CONSULTEES


def test_no_list_heading_no_consultees() -> None:
    text = (
        "Remiss av SOU 2025:7 Ny lag om kameraövervakning\n\n"
        "Justitiedepartementet remitterar betänkandet till berörda myndigheter.\n\n"
        + DEADLINE_SENTENCE
        + "\n"
    )
    doc = policyparse.parse(text.encode())
    assert doc.kind == "remiss"
    assert doc.consultees == []


def test_only_a_remiss_has_consultees() -> None:
    text = (
        remiss_text(numbered(CONSULTEES))
        .decode()
        .replace("Remiss av SOU 2025:7", "Betänkandet SOU 2025:7")
    )
    doc = policyparse.parse(text.encode())
    assert doc.kind != "remiss"
    assert doc.consultees == []
