"""Signers of a proposition: under "Stockholm den …" on page 1, with no formula, while later
pages have headings in capitals; the ministry in parentheses under a minister is no role."""

from __future__ import annotations

from pathlib import Path

import regex

import policyparse
from policyparse.extract.signatures import NOT_NAME
from tests.conftest import Sheet


def _proposition(path: Path) -> Path:
    sheet = Sheet(path)

    def put(x: float, top: float, s: str, font: str = "Times-Roman", size: float = 11) -> None:
        sheet.put(x, top, s, font, size)

    put(51, 50, "Regeringens proposition 2008/09:159", "Times-Bold", 16)
    put(51, 80, "Ändringar i lagen om elcertifikat", "Times-Roman", 18)
    put(51, 130, "Regeringen överlämnar denna proposition till riksdagen.")
    put(51, 144, "Propositionen behandlar elcertifikat och kvotplikt.")
    put(51, 180, "Stockholm den 12 mars 2009")
    put(51, 202, "Fredrik Reinfeldt", "Times-Bold")
    put(157, 228, "Maud Olofsson", "Times-Bold")
    put(157, 244, "(Näringsdepartementet)")
    put(51, 300, "Propositionens huvudsakliga innehåll", "Times-Bold", 13)
    put(51, 320, "I propositionen föreslås ändringar i lagen (2003:113) om elcertifikat.")
    sheet.new_page()
    for page, heading in enumerate(["ALLMÄNNA SKÄL", "KONSEKVENSER"]):
        put(51, 300, heading, "Times-Bold", 13)
        put(51, 330, f"Riksdagen föreslås anta regeringens förslag nummer {page + 1}.")
        if page == 0:
            sheet.new_page()
    return sheet.save()


def test_proposition_signers_without_a_formula(tmp_path: Path) -> None:
    doc = policyparse.parse(_proposition(tmp_path / "prop.pdf"))
    assert [(s.name, s.role) for s in doc.signatories] == [
        ("Fredrik Reinfeldt", None),
        ("Maud Olofsson", None),
    ]
    assert all(s.evidence[0].page == 1 for s in doc.signatories)


def test_not_name_is_a_presence_test() -> None:
    """NOT_NAME finds a role word anywhere in a line, as it did with a leading ``\\w*``."""
    old = regex.compile(r"\w*" + NOT_NAME.pattern, regex.I)
    for text in ["Anna Avdelningschef", "Per Berg", "Eva Rådet", "Olof Palme", "Kopia Berg"]:
        assert bool(NOT_NAME.search(text)) == bool(old.search(text))
