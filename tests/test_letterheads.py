"""Documents whose letterhead has no title set larger than the body (court rulings, plain
letters): the header is still found, and stacked names resolve to the deciding body."""

from __future__ import annotations

from pathlib import Path

import policyparse
from tests.conftest import Sheet


def _ruling(path: Path, upper: str, lower: str) -> Path:
    sheet = Sheet(path)

    def put(x: float, top: float, s: str, font: str = "Times-Roman", size: float = 12) -> None:
        sheet.put(x, top, s, font, size)

    put(107, 52, upper)
    put(275, 53, "DOM", "Times-Bold", 14)
    put(425, 52, "Mål nr")
    put(107, 66, lower)
    put(275, 68, "2017-12-01")
    put(425, 67, "P 11166-16")
    put(275, 82, "Stockholm")
    put(113, 151, "ÖVERKLAGAT AVGÖRANDE", "Times-Bold")
    put(113, 165, "Växjö tingsrätts, mark- och miljödomstolen, dom 2016-12-01 i mål nr P 2768-16")
    put(113, 206, "SAKEN", "Times-Bold")
    put(113, 220, "Bygglov för nybyggnad av enbostadshus på fastigheten Växjö Räven 3")
    return sheet.save()


def test_ruling_header_gives_date_and_the_deciding_court(tmp_path: Path) -> None:
    doc = policyparse.parse(
        _ruling(tmp_path / "dom.pdf", "SVEA HOVRÄTT", "Mark- och miljööverdomstolen")
    )
    assert (
        doc.date is not None and doc.date.isoformat() == "2017-12-01"
    )  # not the appealed 2016 one
    assert doc.issuer == "Mark- och miljööverdomstolen"
    evidence = doc.provenance["issuer"].evidence
    assert [span.text for span in evidence] == ["SVEA HOVRÄTT", "Mark- och miljööverdomstolen"]


def test_stacked_lines_that_are_not_one_body_keep_the_letterhead_body(tmp_path: Path) -> None:
    doc = policyparse.parse(_ruling(tmp_path / "dom.pdf", "SVEA HOVRÄTT", "Avdelning 6"))
    assert doc.issuer == "Svea hovrätt"  # the gazetteer's spelling, not the capitals


def _referat(path: Path) -> Path:
    """An ARN-style ruling: a two-line title ending in a full stop, the decision date and case
    number on the next line in the same type, the board named only in a heading."""
    sheet = Sheet(path)

    def put(top: float, s: str, font: str = "Times-Roman", size: float = 11) -> None:
        sheet.put(98, top, s, font, size)

    put(130, "Fråga om köparen fullgjort sin skyldighet att kontrollera", size=12)
    put(148, "riktigheten av utfärdade biljetter.", size=12)
    put(166, "Avgörande 2013-11-19; 2013-07406", size=12)
    put(214, "Vid incheckning på Arlanda uppdagades att ett av tre barn saknade flygbiljett.")
    put(240, "Bolaget motsatte sig yrkandet.")
    put(270, "Allmänna reklamationsnämnden gjorde följande bedömning", "Times-Bold")
    put(290, "Enligt praxis anses en resebyrå ha ställning av agent.")
    return sheet.save()


def test_title_ends_at_its_full_stop_and_the_ruling_date_is_read(tmp_path: Path) -> None:
    doc = policyparse.parse(_referat(tmp_path / "referat.pdf"))
    assert doc.title == (
        "Fråga om köparen fullgjort sin skyldighet att kontrollera riktigheten av utfärdade "
        "biljetter"
    )
    assert doc.date is not None and doc.date.isoformat() == "2013-11-19"
    assert doc.issuer == "Allmänna reklamationsnämnden"
    assert doc.provenance["issuer"].confidence < 1.0


def test_a_short_title_with_a_year_is_not_a_letterhead(tmp_path: Path) -> None:
    """'Investeringsplan 2026-2035' in the title type under the header fields is the title;
    a two-word line without figures at the top ('Statskontoret') would be the sender."""
    sheet = Sheet(tmp_path / "ts.pdf")
    put = sheet.put
    put(88, 80, "TJÄNSTESKRIVELSE", "Helvetica-Bold", 14)
    put(304, 80, "Bygg- och miljöförvaltningen")
    put(304, 124, "Datum", size=8)
    put(304, 133, "2024-11-29")
    put(88, 206, "Investeringsplan 2026-2035", "Helvetica-Bold", 14)
    put(88, 235, "Förslag till beslut i Byggnadsnämnden", "Helvetica-Bold", 12)
    put(88, 255, "Byggnadsnämnden godkänner investeringsplan för löpande investeringar.")
    put(88, 292, "Sammanfattning av ärendet", "Helvetica-Bold", 12)
    put(88, 312, "Enligt kommunens styrmodell ska nämnder varje år fatta beslut om en plan.")
    doc = policyparse.parse(sheet.save())
    assert doc.title == "Investeringsplan 2026-2035"


def test_short_text_without_a_title_keeps_its_lines_in_the_body() -> None:
    """No letterhead grid, no title: nothing may vanish into a header."""
    from policyparse.pipeline import Options, read_layout
    from policyparse.source import open_source

    text = "Kommunstyrelsen beslutar att bevilja avvikelse.\n\nBeslutet gäller till 2026.\n"
    layout = read_layout(open_source(text.encode()), Options())
    assert layout.header == []
    assert [ln.text for b in layout.blocks for ln in b.lines] == [
        "Kommunstyrelsen beslutar att bevilja avvikelse.",
        "Beslutet gäller till 2026.",
    ]
