#!/usr/bin/env python3
"""Generate the synthetic test fixtures in ``fixtures/``.

Every document below is invented (names, dnr, agencies' tasks, sums), written in
the register of Regeringskansliet documents, and typeset here with reportlab in
layouts that deliberately differ from each other (fonts, sizes, margins,
header position, bullet glyphs, page numbering, footers).

The document text lives in this file as data; the expected record of every
document (GOLD format, see shared/corpus/GOLD-FORMAT.md) is written by hand
next to it.  On generation the script checks that every task, deadline and
amount text of an expected record occurs verbatim in the document's logical
text, so text and record cannot drift apart silently.

Usage::

    .venv/bin/python tools/make_fixtures.py            # write PDFs + records, then verify
    .venv/bin/python tools/make_fixtures.py --no-check # skip the pdfplumber verification

reportlab is a dev-only tool dependency (``pip install reportlab``); the
generated PDFs are committed, so the library and its tests never need it.

Markup inside paragraph text:

* ``\\u00ad`` (soft hyphen): the line is broken here and a hyphen printed
  (``kommu\\u00adnernas`` -> ``kommu-`` / ``nernas``); the logical text has
  neither hyphen nor break.
* ``¦``: forced line break with nothing printed (``hälso-¦ och`` prints
  ``hälso-`` at the end of a line; the logical text is ``hälso- och``).
"""

# ruff: noqa: E501  (the documents are prose kept as data; long string lines are deliberate)
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures"
PAGE_W, PAGE_H = 595.28, 841.89  # A4

SOFT = "\u00ad"
BREAK = "¦"

# ---------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
_TTF = {
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
    "DejaVuSerif-Italic": "DejaVuSerif-Italic.ttf",
    "DejaVuSansCondensed": "DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold": "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSansCondensed-Oblique": "DejaVuSansCondensed-Oblique.ttf",
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSerifCondensed": "DejaVuSerifCondensed.ttf",
    "DejaVuSerifCondensed-Bold": "DejaVuSerifCondensed-Bold.ttf",
    "DejaVuSerifCondensed-Italic": "DejaVuSerifCondensed-Italic.ttf",
}
_FALLBACK = {
    "DejaVuSerif": "Times",
    "DejaVuSansCondensed": "Helvetica",
    "DejaVuSans": "Helvetica",
    "DejaVuSerifCondensed": "Times",
}

FAMILIES = {
    "helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "courier": ("Courier", "Courier-Bold", "Courier-Oblique"),
    "dejavuserif": ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"),
    "dejavucond": (
        "DejaVuSansCondensed",
        "DejaVuSansCondensed-Bold",
        "DejaVuSansCondensed-Oblique",
    ),
    "dejavusans": ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"),
    "dejavuserifcond": (
        "DejaVuSerifCondensed",
        "DejaVuSerifCondensed-Bold",
        "DejaVuSerifCondensed-Italic",
    ),
}


def register_fonts() -> None:
    # reportlab's WinAnsi codec encodes U+2022 BULLET as code 127 (the first of several aliases), which
    # text extractors do not map (pdfplumber prints '(cid:127)'). Drop the aliases so that the bullet is
    # written as the standard code 149, as in real WinAnsi PDFs.
    from reportlab.pdfbase import rl_codecs

    data = rl_codecs.RL_Codecs._RL_Codecs__rl_codecs_data["winansi"]
    for code in (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D):
        data.exceptions.pop(code, None)
    data.rexceptions[0x2022] = 0x95
    rl_codecs.RL_Codecs._RL_Codecs__rl_codecs_cache.pop("winansi", None)
    missing = []
    for name, fn in _TTF.items():
        path = DEJAVU_DIR / fn
        if path.exists():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        else:
            missing.append(name)
    if missing:  # keep the script usable on a machine without DejaVu
        print(
            f"warning: DejaVu fonts missing ({', '.join(missing)}); using base-14 fallbacks",
            file=sys.stderr,
        )
        for fam, (r, _b, _i) in list(FAMILIES.items()):
            if r in missing:
                base = _FALLBACK[r]
                FAMILIES[fam] = FAMILIES["times" if base == "Times" else "helvetica"]


def sw(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def logical(text: str) -> str:
    """The text as a reader reads it: soft hyphens and forced breaks removed."""
    return text.replace(SOFT, "").replace(BREAK, "")


# ---------------------------------------------------------------------------
# Layout engine
# ---------------------------------------------------------------------------


class Layout:
    """Page geometry and typography of one document."""

    def __init__(
        self,
        family: str,
        size: float,
        leading: float,
        left: float,
        right: float,
        body_top: float,
        bottom: float,
        first_body_top: float,
        *,
        para_gap: float | None = None,
        head_size: float | None = None,
        title_size: float | None = None,
        justify: bool = False,
        list_indent: float = 18,
        glyph_indent: float = 4,
        head_gap_before: float | None = None,
    ):
        self.reg, self.bold, self.ital = FAMILIES[family]
        self.size, self.leading = size, leading
        self.left, self.right = left, PAGE_W - right
        self.width = self.right - self.left
        self.body_top, self.bottom, self.first_body_top = body_top, bottom, first_body_top
        self.para_gap = leading * 0.6 if para_gap is None else para_gap
        self.head_size = head_size or size + 1
        self.title_size = title_size or size + 4
        self.justify = justify
        self.list_indent, self.glyph_indent = list_indent, glyph_indent
        self.head_gap_before = leading * 0.9 if head_gap_before is None else head_gap_before


class Typesetter:
    """Places lines on pages; pages are drawn at the end when the page count is known."""

    def __init__(self, L: Layout):
        self.L = L
        self.pages: list[list[tuple]] = [[]]
        self.y = L.first_body_top
        self.forced_fill: list[
            tuple
        ] = []  # (fill, fill had it not been broken, line) per forced break
        self.text_parts: list[str] = []  # logical text, block by block

    # -- low level
    def emit(self, *item):
        self.pages[-1].append(item)

    def newpage(self):
        self.pages.append([])
        self.y = self.L.body_top

    def need(self, h: float):
        if self.y - h < self.L.bottom:
            self.newpage()

    def gap(self, h: float):
        self.y -= h

    # -- wrapping
    def wrap(self, text: str, font: str, size: float, width: float):
        pieces = []  # (piece, kind of break after it: None, "soft" (hyphenated word) or "forced")
        for word in text.split(" "):
            for k, part in enumerate(word.split(BREAK)):
                subs = part.split(SOFT)
                for i, p in enumerate(subs):
                    last = i == len(subs) - 1
                    pieces.append((p if last else p + "-", None if last else "soft"))
                if k < len(word.split(BREAK)) - 1:
                    pieces[-1] = (pieces[-1][0], "forced")
        pieces = [pc for pc in pieces if pc[0] or pc[1]]
        lines, cur = [], []
        for idx, (p, brk) in enumerate(pieces):
            if p:
                if cur and sw(" ".join([*cur, p]), font, size) > width:
                    lines.append((" ".join(cur), "soft"))
                    cur = []
                cur.append(p)
            if brk and cur:
                line = " ".join(cur)
                # realism: a line only ends here if the text that follows would not have fitted
                nxt = pieces[idx + 1][0] if idx + 1 < len(pieces) else ""
                if brk == "soft":
                    rest = nxt
                    j = idx + 1
                    while (
                        j < len(pieces) and pieces[j][1] == "soft"
                    ):  # the rest of the hyphenated word
                        j += 1
                        rest += pieces[j][0] if j < len(pieces) else ""
                    alt = line[:-1] + rest
                else:
                    alt = line + " " + nxt
                self.forced_fill.append(
                    (sw(line, font, size) / width, sw(alt, font, size) / width, line)
                )
                lines.append((line, "forced"))
                cur = []
        if cur:
            lines.append((" ".join(cur), "last"))
        return lines

    def text_lines(
        self,
        text: str,
        *,
        font=None,
        size=None,
        x=None,
        width=None,
        first_prefix=None,
        prefix_x=None,
        leading=None,
        justify=None,
        keep=1,
    ):
        L = self.L
        font = font or L.reg
        size = size or L.size
        x = L.left if x is None else x
        width = (L.right - x) if width is None else width
        leading = leading or L.leading
        justify = L.justify if justify is None else justify
        lines = self.wrap(text, font, size, width)
        self.need(leading * min(keep, len(lines)))
        for i, (line, how) in enumerate(lines):
            self.need(leading)
            self.y -= leading
            ws = 0.0
            if justify and how != "last" and line.count(" "):
                ws = (width - sw(line, font, size)) / line.count(" ")
            if i == 0 and first_prefix:
                self.emit("t", prefix_x, self.y, font, size, first_prefix, "l", 0)
            self.emit("t", x, self.y, font, size, line, "l", ws)

    # -- blocks
    def title(self, text: str, size=None, gap_after=None):
        L = self.L
        size = size or L.title_size
        self.text_lines(text, font=L.bold, size=size, leading=size * 1.25, justify=False, keep=2)
        self.gap(L.leading if gap_after is None else gap_after)
        self.text_parts.append(logical(text))

    def heading(self, text: str, size=None, font=None):
        L = self.L
        size = size or L.head_size
        self.gap(L.head_gap_before)
        self.need(size * 1.3 + 3 * L.leading)  # keep with next
        self.text_lines(text, font=font or L.bold, size=size, leading=size * 1.3, justify=False)
        self.gap(L.leading * 0.3)
        self.text_parts.append(logical(text))

    def para(self, text: str, gap_after=None, **kw):
        self.text_lines(text, keep=2, **kw)
        self.gap(self.L.para_gap if gap_after is None else gap_after)
        self.text_parts.append(logical(text))

    def items(self, glyph: str, items: list[str], gap_after=None):
        """Bulleted ('•', '–', '-') or numbered ('1.') list with hanging indent."""
        L = self.L
        for n, it in enumerate(items, 1):
            mark = f"{n}." if glyph == "1." else glyph
            self.text_lines(
                it,
                x=L.left + L.list_indent,
                first_prefix=mark,
                prefix_x=L.left + L.glyph_indent,
                keep=2,
            )
            self.gap(L.leading * 0.15)
            self.text_parts.append(logical(it))
        self.gap(L.para_gap if gap_after is None else gap_after)

    def aligned(self, text: str, align: str, font=None, size=None, gap_after=0.0):
        L = self.L
        self.need(L.leading)
        self.y -= L.leading
        x = {"l": L.left, "r": L.right, "c": (L.left + L.right) / 2}[align]
        self.emit("t", x, self.y, font or L.reg, size or L.size, text, align, 0)
        self.gap(gap_after)
        self.text_parts.append(text)

    def table(self, cols, header, rows, total, *, size=None, row_h=None, rules="booktabs"):
        """cols: list of (width, align); header/rows/total: lists of cell strings."""
        L = self.L
        size = size or L.size
        row_h = row_h or L.leading + 4
        n = len(rows) + 2
        self.need(row_h * n + 12)
        x0 = L.left
        xs = [x0]
        for w, _ in cols:
            xs.append(xs[-1] + w)
        top = self.y - 4

        def row(cells, font):
            self.y -= row_h
            for (w, al), cx, cell in zip(cols, xs, cells, strict=False):
                if al == "r":
                    self.emit("t", cx + w - 4, self.y + 4, font, size, cell, "r", 0)
                else:
                    self.emit("t", cx + 4, self.y + 4, font, size, cell, "l", 0)
            self.text_parts.append(" ".join(cells))

        self.y = top
        self.emit("l", xs[0], top, xs[-1], top, 1.0)
        row(header, L.bold)
        self.emit("l", xs[0], self.y, xs[-1], self.y, 0.6)
        for r in rows:
            row(r, L.reg)
            if rules == "grid":
                self.emit("l", xs[0], self.y, xs[-1], self.y, 0.3)
        if rules != "grid":
            self.emit("l", xs[0], self.y, xs[-1], self.y, 0.6)
        row(total, L.bold)
        self.emit("l", xs[0], self.y, xs[-1], self.y, 1.0)
        if rules == "grid":
            for cx in xs:
                self.emit("l", cx, top, cx, self.y, 0.3)
        self.gap(L.leading)

    def signature(
        self, names: list[str], mode="side", lead="På regeringens vägnar", col2=None, sig_space=None
    ):
        L = self.L
        sig_space = 2.6 * L.leading if sig_space is None else sig_space
        h = L.leading * 2 + sig_space + (L.leading * 2 if mode == "stack" else 0)
        self.gap(L.leading * 0.6)
        self.need(h)
        self.y -= L.leading
        self.emit("t", L.left, self.y, L.reg, L.size, lead, "l", 0)
        self.text_parts.append(lead)
        self.y -= sig_space
        if mode == "side":
            x2 = L.left + (col2 if col2 is not None else L.width / 2)
            self.emit("t", L.left, self.y, L.reg, L.size, names[0], "l", 0)
            self.emit("t", x2, self.y, L.reg, L.size, names[1], "l", 0)
        else:  # stacked: minister, then the civil servant further down
            self.emit("t", L.left, self.y, L.reg, L.size, names[0], "l", 0)
            self.y -= sig_space * 0.9
            self.emit("t", L.left, self.y, L.reg, L.size, names[1], "l", 0)
        self.text_parts.append("\n".join(names))
        self.gap(L.leading * 1.2)

    def copies(self, label: str, names: list[str], font_label=None):
        L = self.L
        self.need(L.leading * (len(names) + 1.5))
        self.y -= L.leading
        self.emit("t", L.left, self.y, font_label or L.reg, L.size, label, "l", 0)
        for nm in names:
            self.y -= L.leading
            self.emit("t", L.left, self.y, L.reg, L.size, nm, "l", 0)
        self.text_parts.append(label + "\n" + "\n".join(names))


def draw(path: Path, ts: Typesetter, first_page, every_page):
    """first_page(emit) draws the page-1 header; every_page(emit, page_no, n_pages) running parts."""
    c = canvas.Canvas(
        str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1
    )  # reproducible bytes
    c.setCreator("policyparse tools/make_fixtures.py")
    n = len(ts.pages)
    for pno, items in enumerate(ts.pages, 1):
        extra: list[tuple] = []
        emit = extra.append
        if pno == 1:
            first_page(emit)
        every_page(emit, pno, n)
        for it in extra + items:
            kind = it[0]
            if kind == "t":
                _, x, y, font, size, text, align, ws = it
                if align == "r":
                    x -= sw(text, font, size)
                elif align == "c":
                    x -= sw(text, font, size) / 2
                to = c.beginText(x, y)
                to.setFont(font, size)
                to.setWordSpace(ws)  # Tw is graphics state and survives ET/BT: reset it every time
                to.textOut(text)
                c.drawText(to)
            elif kind == "l":
                _, x1, y1, x2, y2, w = it
                c.setLineWidth(w)
                c.line(x1, y1, x2, y2)
            elif kind == "r":
                _, x, y, w, h, lw = it
                c.setLineWidth(lw)
                c.rect(x, y, w, h, stroke=1, fill=0)
        c.showPage()
    c.save()


def T(x, y, font, size, text, align="l"):
    return ("t", x, y, font, size, text, align, 0)


# ---------------------------------------------------------------------------
# Expected records
# ---------------------------------------------------------------------------


def task(text, assignee):
    return {"text": text, "assignee": assignee}


def dl(date, kind, text, recurrence=None):
    return {"date": date, "kind": kind, "recurrence": recurrence, "text": text}


def amt(value, qualifier, text, currency="SEK"):
    return {"value": value, "currency": currency, "qualifier": qualifier, "text": text}


def sig(name, role=None):
    return {"name": name, "role": role}


def item_text(t: str) -> str:
    """A bullet or numbered item as a task: without the trailing ',', ', och', ', samt' or '.'."""
    return re.sub(r"(,\s*(och|samt)|,|\.|;)$", "", logical(t).strip())


def record(source, **kw):
    rec = {
        "source": source,
        "kind": None,
        "title": None,
        "date": None,
        "diarienummer": [],
        "designation": None,
        "issuer": None,
        "recipients": [],
        "assignees": [],
        "tasks": [],
        "deadlines": [],
        "amounts": [],
        "signatories": [],
        "copies_to": [],
        "consultees": [],
        "references": [],
        "notes": "",
    }
    unknown = set(kw) - set(rec)
    assert not unknown, unknown
    rec.update(kw)
    return rec


# ---------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------

DOCS: list = []


def document(fn):
    DOCS.append(fn)
    return fn


RK_POST = "Postadress: 103 33 Stockholm"
RK_TEL = "Telefonväxel: 08-405 10 00"


# 1 -------------------------------------------------------------------------
@document
def rb_solcellsparker():
    """Two assignees + a third agency that 'får i uppdrag att'; Helvetica; header in right column."""
    name = "rb-solcellsparker-flera-myndigheter"
    L = Layout(
        "helvetica", 10.5, 14.2, left=68, right=62, body_top=770, bottom=92, first_body_top=598
    )
    R, B = L.reg, L.bold
    col = 330

    def first(emit):
        emit(T(L.left, 790, B, 10, "Klimat- och näringslivsdepartementet"))
        emit(T(col, 790, B, 12, "Regeringsbeslut I:3"))
        emit(T(col, 775, R, 10, "2026-03-12"))
        emit(T(col, 761, R, 10, "KN2026/00418"))
        y = 716
        for line in [
            "Statens energimyndighet",
            "Box 310",
            "631 04 Eskilstuna",
            "",
            "Naturvårdsverket",
            "106 48 Stockholm",
            "",
            "Boverket",
            "Box 534",
            "371 23 Karlskrona",
        ]:
            if line:
                emit(T(col, y, R, 10, line))
            y -= 12.5

    def every(emit, p, n):
        emit(T(L.right, 812, R, 9, f"{p} ({n})", "r"))
        emit(("l", L.left, 74, L.right, 74, 0.5))
        emit(T(L.left, 62, R, 7.5, RK_POST))
        emit(T(L.left, 52, R, 7.5, "Besöksadress: Mäster Samuelsgatan 70"))
        emit(T(300, 62, R, 7.5, RK_TEL))
        emit(T(300, 52, R, 7.5, "E-post: kn.registrator@regeringskansliet.se"))

    title = (
        "Uppdrag till Statens energimyndighet och Naturvårdsverket att ta fram en vägledning "
        "om lokalisering av markbaserade solcellsparker"
    )
    umbrella = (
        "Regeringen ger Statens energimyndighet och Naturvårdsverket i uppdrag att gemensamt ta fram "
        "en vägledning om lokalisering av markbaserade solcellsparker med hänsyn till biologisk "
        "mångfald, jordbruksmark och landskapsbild"
    )
    bullets = [
        "kartlägga hur länsstyrelser och kommuner hanterar anmälan och tillståndsprövning av markbaserade "
        "solcellsparker,",
        "sammanställa kunskap om hur solcellsparker påverkar jordbruksmark, betesmarker och arter som är "
        "beroende av öppna landskap,",
        "ta fram rekommendationer för hur solcellsparker kan utformas och skötas så att de bidrar till att "
        "stärka den biologiska mångfalden, samt",
        "vid behov föreslå författningsändringar.",
    ]
    s_samord = "Statens energimyndighet ska ansvara för samordningen av uppdraget"
    s_synp = (
        "Myndigheterna ska när uppdraget genomförs inhämta synpunkter från Statens jordbruksverk, "
        "länsstyrelserna, Sveriges Kommuner och Regioner samt berörda bransch- och intresseorganisationer"
    )
    s_bov = (
        "Boverket får i uppdrag att bistå Statens energimyndighet och Naturvårdsverket med underlag om hur "
        "solcellsparker hanteras i den fysiska planeringen enligt plan- och bygglagen (2010:900)"
    )
    d_del = (
        "Statens energimyndighet och Naturvårdsverket ska senast den 30 november 2026 lämna en gemensam "
        "delredovisning av uppdraget till Regeringskansliet (Klimat- och näringslivsdepartementet)."
    )
    d_slut = "Uppdraget ska slutredovisas senast den 31 maj 2027."

    def body(ts):
        ts.title(title, size=13)
        ts.heading("Regeringens beslut", size=11.5)
        ts.para(umbrella + ". Myndigheterna ska bl.a.:")
        ts.items("•", bullets)
        ts.para(s_samord + ".")
        ts.para(s_synp + ".")
        ts.para(s_bov + ".")
        ts.para(d_del + " " + d_slut)
        ts.para(
            "Kostnaderna för uppdraget ska rymmas inom myndigheternas befintliga ekonomiska ramar."
        )
        ts.heading("Ärendet", size=11.5)
        ts.para(
            "Utbyggnaden av markbaserade solcellsparker har ökat kraftigt de senaste åren. Enligt Statens "
            "energimyndighets lägesrapport (KN2025/01877) mer än fördubblades den installerade effekten i "
            "markbaserade anläggningar mellan 2023 och 2025. Samtidigt har länsstyrelser och kommuner "
            "efterfrågat ett tydligare stöd i bedömningen av var sådana anläggningar bör lokaliseras."
        )
        ts.para(
            "I betänkandet Mer el med mindre påverkan (SOU 2024:12) bedömde utredningen att en gemensam "
            "vägledning från berörda myndigheter skulle underlätta en enhetlig tillämpning och korta "
            "handläggningstiderna. Betänkandet har remissbehandlats och remissinstanserna var i huvudsak "
            "positiva till förslaget."
        )
        ts.para(
            "Regeringen anser att en gemensam vägledning kan bidra till att utbyggnaden av solel sker på ett "
            "sätt som tar hänsyn till både livsmedelsproduktionen och den biologiska mångfalden. Uppdraget "
            "är ett led i regeringens arbete med att öka tillgången på fossilfri el."
        )
        ts.signature(["Karin Sjöberg", "Johan Ek"], col2=262)
        ts.copies(
            "Kopia till",
            ["Statens jordbruksverk", "Länsstyrelserna", "Sveriges Kommuner och Regioner"],
        )

    joint = "Statens energimyndighet och Naturvårdsverket"
    expected = record(
        f"{name}.pdf",
        kind="regeringsbeslut",
        title=title,
        date="2026-03-12",
        diarienummer=["KN2026/00418"],
        issuer="Klimat- och näringslivsdepartementet",
        recipients=["Statens energimyndighet", "Naturvårdsverket", "Boverket"],
        assignees=["Statens energimyndighet", "Naturvårdsverket", "Boverket"],
        tasks=[task(umbrella, joint)]
        + [task(item_text(b), joint) for b in bullets]
        + [task(s_samord, "Statens energimyndighet"), task(s_synp, joint), task(s_bov, "Boverket")],
        deadlines=[
            dl("2026-11-30", "interim_report", d_del),
            dl("2027-05-31", "final_report", d_slut),
        ],
        signatories=[sig("Karin Sjöberg"), sig("Johan Ek")],
        copies_to=["Statens jordbruksverk", "Länsstyrelserna", "Sveriges Kommuner och Regioner"],
        references=["KN2025/01877", "SOU 2024:12"],
        notes=(
            "Invented decision. Three addressees in the right-hand address block; all three get tasks. "
            "The umbrella 'i uppdrag att' sentence and the four bullets under 'Myndigheterna ska bl.a.:' are "
            "joint tasks (assignee written 'Statens energimyndighet och Naturvårdsverket', as in the gold for "
            "joint assignments); 'Myndigheterna ska ... inhämta synpunkter' is joint too. 'Boverket får i "
            "uppdrag att bistå ...' is Boverket's own task. Bullet texts without the trailing ',', ', samt' "
            "and '.'. The two reporting sentences are deadlines, not tasks. 'Kostnaderna ... ska rymmas inom "
            "myndigheternas befintliga ekonomiska ramar' is a funding clause without a sum: no task, no "
            "amount. 'plan- och bygglagen (2010:900)' is an SFS number, not a reference. '2023 och 2025' are "
            "years of background, not deadlines. Page number '1 (2)' top right on every page; the right-hand "
            "header column shares baselines with the ministry name, so pdfplumber prints "
            "'Klimat- och näringslivsdepartementet Regeringsbeslut I:3' on one line."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=["2026-03-12", "KN2026/00418", "Regeringsbeslut I:3", "1 (2)", "2 (2)"],
        pages=2,
    )


# 2 -------------------------------------------------------------------------
@document
def rb_regionmedel_tabell():
    """Payout decision with a three-column table and a total row; Times; header stacked top left."""
    name = "rb-regionmedel-tabell"
    L = Layout(
        "times",
        11.5,
        14.5,
        left=85,
        right=85,
        body_top=790,
        bottom=88,
        first_body_top=620,
        head_size=12.5,
    )
    R, B, IT = L.reg, L.bold, L.ital

    def first(emit):
        emit(T(L.left, 792, B, 17, "Regeringen"))
        emit(T(L.left, 774, R, 11.5, "Socialdepartementet"))
        emit(T(L.left, 748, B, 11.5, "Regeringsbeslut II:12"))
        emit(T(L.left, 734, R, 11.5, "2026-05-07"))
        emit(T(L.left, 720, R, 11.5, "S2026/01458"))
        emit(T(L.left, 688, R, 11.5, "Kammarkollegiet"))
        emit(T(L.left, 674, R, 11.5, "Box 2218"))
        emit(T(L.left, 660, R, 11.5, "103 15 Stockholm"))

    def every(emit, p, n):
        emit(T(PAGE_W / 2, 40, R, 10, f"{p} ({n})", "c"))
        emit(
            T(
                L.left,
                62,
                IT,
                8,
                "Socialdepartementet, 103 33 Stockholm. Besöksadress: Fredsgatan 8. "
                "Telefonväxel: 08-405 10 00. E-post: s.registrator@regeringskansliet.se",
            )
        )

    title = (
        "Utbetalning av medel till vissa regioner för att korta väntetiderna inom barn- och "
        "ungdomspsykiatrin"
    )
    umbrella = (
        "Regeringen ger Kammarkollegiet i uppdrag att under 2026 betala ut 38 400 000 kronor till de "
        "regioner som deltar i försöksverksamheten med samordnade vårdkedjor inom barn- och "
        "ungdomspsykiatrin"
    )
    rows = [
        ("Region Stockholm", "12 400 000", "32,3"),
        ("Västra Götalandsregionen", "9 800 000", "25,5"),
        ("Region Skåne", "7 900 000", "20,6"),
        ("Region Östergötland", "2 600 000", "6,8"),
        ("Region Uppsala", "2 100 000", "5,5"),
        ("Region Jönköpings län", "1 900 000", "4,9"),
        ("Region Örebro län", "1 700 000", "4,4"),
    ]
    assert sum(int(r[1].replace(" ", "")) for r in rows) == 38_400_000
    assert abs(sum(float(r[2].replace(",", ".")) for r in rows) - 100.0) < 1e-9
    d_utb = "Utbetalningen ska göras vid ett tillfälle senast den 30 juni 2026."
    d_ek = (
        "Regionerna ska senast den 31 mars 2027 lämna en ekonomisk redovisning av hur medlen har använts "
        "till Socialstyrelsen."
    )
    d_ater = (
        "Medel som inte har använts för avsett ändamål ska återbetalas till Kammarkollegiet senast den "
        "30 april 2027."
    )

    def body(ts):
        ts.title(title, size=14)
        ts.heading("Regeringens beslut")
        ts.para(umbrella + ". Medlen ska fördelas enligt följande tabell.")
        ts.table(
            [(190, "l"), (120, "r"), (110, "r")],
            ["Region", "Belopp (kronor)", "Andel (procent)"],
            rows,
            ["Summa", "38 400 000", "100,0"],
        )
        ts.para(d_utb)
        ts.para(
            "Medlen ska belasta utgiftsområde 9 Hälsovård, sjukvård och social omsorg, anslaget 1:6 Bidrag "
            "till folkhälsa och sjukvård, anslagsposten 14 Psykisk hälsa."
        )
        ts.para(d_ek + " " + d_ater)
        ts.heading("Ärendet")
        ts.para(
            "Regeringen och Sveriges Kommuner och Regioner (SKR) har träffat en överenskommelse om insatser "
            "för att förbättra tillgängligheten inom den specialiserade psykiatriska vården för barn och unga "
            "(S2026/00877). Inom ramen för överenskommelsen deltar sju regioner i en försöksverksamhet med "
            "samordnade vårdkedjor mellan elevhälsan, primärvården och barn- och ungdomspsykiatrin."
        )
        ts.para(
            "Fördelningen mellan regionerna utgår från antalet invånare i åldern 0–17 år i respektive region "
            "den 31 december 2025."
        )
        ts.para(
            "I budgetpropositionen för 2026 (prop. 2025/26:1) har regeringen aviserat att cirka 150 miljoner "
            "kronor per år ska avsättas för insatser inom barn- och ungdomspsykiatrin under 2026–2028."
        )
        ts.signature(["Maja Forsberg", "Henrik Dahl"], col2=230)
        ts.copies(
            "Kopia till",
            ["Socialstyrelsen", "Ekonomistyrningsverket", "Sveriges Kommuner och Regioner"],
        )

    expected = record(
        f"{name}.pdf",
        kind="regeringsbeslut",
        title=title,
        date="2026-05-07",
        diarienummer=["S2026/01458"],
        issuer="Socialdepartementet",
        recipients=["Kammarkollegiet"],
        assignees=["Kammarkollegiet"],
        tasks=[task(umbrella, "Kammarkollegiet")],
        deadlines=[
            dl("2026-06-30", "other", d_utb),
            dl("2027-03-31", "financial_report", d_ek),
            dl("2027-04-30", "repayment", d_ater),
        ],
        amounts=[amt(38_400_000, "exact", "betala ut 38 400 000 kronor")]
        + [amt(int(v.replace(" ", "")), "exact", f"{reg} {v}") for reg, v, _ in rows]
        + [amt(150_000_000, "approx", "cirka 150 miljoner kronor per år")],
        signatories=[sig("Maja Forsberg"), sig("Henrik Dahl")],
        copies_to=["Socialstyrelsen", "Ekonomistyrningsverket", "Sveriges Kommuner och Regioner"],
        references=["S2026/00877", "prop. 2025/26:1"],
        notes=(
            "Invented payout decision, modelled on the gold convention for 'Utbetalning av medel' decisions: "
            "the one 'Regeringen ger Kammarkollegiet i uppdrag att betala ut ...' sentence is the only task. "
            "'Medlen ska fördelas enligt följande tabell' and the appropriation sentence are funding clauses "
            "(no task). Table: three columns Region | Belopp (kronor) | Andel (procent) with a bold 'Summa' "
            "row; each region's sum is an amount (exact; the unit 'kronor' is only in the column header, so "
            "the amount text is the table row as extracted, region + sum, without the percentage). The total "
            "38 400 000 is printed twice (in the decision sentence and in the Summa row) and is listed once. "
            "Percentages and the population age span '0–17 år' are not money. Deadlines: the payout date "
            "(kind other), the regions' ekonomisk redovisning (financial_report) and repayment. 'den 31 "
            "december 2025' is the reference date of the population figures, not an obligation. 'cirka 150 "
            "miljoner kronor per år' -> approx, period kept in text. 'anslaget 1:6' and 'utgiftsområde 9' "
            "are budget-title numbers, not references or amounts. Page number '1 (2)' centred at the foot."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "2026-05-07",
            "S2026/01458",
            "Regeringsbeslut II:12",
            "Region Stockholm 12 400 000 32,3",
            "Summa 38 400 000 100,0",
        ],
        pages=None,
    )


# 3 -------------------------------------------------------------------------
@document
def rb_skolverket_tre_sidor():
    """Three pages, Courier, numbered list, annual deadlines, signatures on page 3, dnr in running header."""
    name = "rb-skolverket-tre-sidor"
    L = Layout(
        "courier",
        10,
        13,
        left=72,
        right=60,
        body_top=768,
        bottom=98,
        first_body_top=668,
        head_size=10.5,
        list_indent=24,
        glyph_indent=4,
    )
    R, B = L.reg, L.bold
    col = 340

    def first(emit):
        emit(T(L.left, 785, B, 10, "UTBILDNINGSDEPARTEMENTET"))
        emit(T(col, 785, B, 10, "Regeringsbeslut I:7"))
        emit(T(col, 772, R, 10, "2026-04-23"))
        emit(T(col, 759, R, 10, "U2026/01234"))
        emit(T(col, 724, R, 10, "Skolverket"))
        emit(T(col, 711, R, 10, "106 20 Stockholm"))

    def every(emit, p, n):
        emit(T(L.left, 808, R, 9, "REGERINGEN" if p == 1 else "U2026/01234"))
        emit(T(L.right, 808, R, 9, f"{p} ({n})", "r"))
        emit(T(L.left, 66, R, 7.5, "Postadress: 103 33 Stockholm      Telefonväxel: 08-405 10 00"))
        emit(
            T(
                L.left,
                56,
                R,
                7.5,
                "Besöksadress: Drottninggatan 16   E-post: u.registrator@regeringskansliet.se",
            )
        )

    title = (
        "Uppdrag till Skolverket att stödja huvudmän i arbetet med läs- och skrivutveckling i "
        "förskoleklass och årskurs 1–3"
    )
    umbrella = (
        "Regeringen ger Skolverket i uppdrag att under 2026–2028 stödja huvudmän och skolor i arbetet "
        "med elevers läs- och skrivutveckling i förskoleklass och årskurs 1–3"
    )
    numbered = [
        "ta fram stödmaterial för systematisk kartläggning och uppföljning av elevernas läs- och "
        "skrivförmåga,",
        "erbjuda kompetensutveckling för lärare och speciallärare i evidensbaserade metoder för tidig "
        "läsinlärning,",
        "utveckla ett nationellt nätverk för huvudmän som vill utbyta erfarenheter av arbetet med extra "
        "anpassningar och särskilt stöd i läsning, och",
        "sprida kunskap om hur skolbibliotek kan användas för att stärka elevernas läsförmåga.",
    ]
    s_samv = (
        "Skolverket ska vid genomförandet av uppdraget samverka med Specialpedagogiska skolmyndigheten "
        "och Kungliga biblioteket samt föra dialog med Sveriges Kommuner och Regioner, Idéburna skolors "
        "riksförbund och relevanta lärosäten"
    )
    d_lage = (
        "Skolverket ska lämna en första muntlig lägesrapport till Regeringskansliet "
        "(Utbildningsdepartementet) senast den 1 oktober 2026."
    )
    d_arl = (
        "Därefter ska Skolverket årligen, senast den 15 mars, lämna en skriftlig delredovisning av "
        "uppdraget till Regeringskansliet (Utbildningsdepartementet)."
    )
    d_slut = "Uppdraget ska slutredovisas senast den 15 mars 2029."
    a_text = "högst 12 000 000 kronor per år 2026–2028"
    d_rekv = "Medlen betalas ut efter rekvisition till Kammarkollegiet senast den 1 december respektive år."
    d_ater = (
        "Medel som inte har använts ska återbetalas till Kammarkollegiet senast den 31 mars året efter det "
        "år då medlen betalades ut."
    )
    d_ek = "Vid samma tidpunkt ska en ekonomisk redovisning av använda medel lämnas till Kammarkollegiet."

    def body(ts):
        ts.title(title, size=11.5)
        ts.heading("Regeringens beslut")
        ts.para(umbrella + ".")
        ts.para("Skolverket ska inom ramen för uppdraget", gap_after=2)
        ts.items("1.", numbered)
        ts.para(s_samv + ".")
        ts.para(d_lage + " " + d_arl)
        ts.para(d_slut)
        ts.para(
            f"För uppdraget får Skolverket använda {a_text}. Kostnaderna ska belasta utgiftsområde 16 "
            "Utbildning och universitetsforskning, anslaget 1:5 Utveckling av skolväsendet och förskolan, "
            "anslagsposten 31 Läs- och skrivutveckling. " + d_rekv
        )
        ts.para(
            d_ater + " " + d_ek + " Redovisning, rekvisition och återbetalning ska hänvisa till "
            "diarienumret för detta beslut."
        )
        ts.heading("Ärendet")
        ts.para(
            "En god läs- och skrivförmåga är en förutsättning för att eleverna ska kunna tillgodogöra sig "
            "undervisningen i alla ämnen. Resultaten från nationella och internationella kunskapsmätningar "
            "visar att andelen elever med svag läsförmåga har ökat under det senaste decenniet och att "
            "skillnaderna mellan elever med olika bakgrund har blivit större."
        )
        ts.para(
            "Sedan den 1 juli 2019 gäller en garanti för tidiga stödinsatser enligt skollagen (2010:800). "
            "Garantin innebär att elever som riskerar att inte nå kunskapskraven i svenska, svenska som "
            "andraspråk eller matematik tidigt ska få stöd. Skolinspektionens granskningar visar dock att "
            "många huvudmän ännu inte har utvecklat arbetssätt som gör att garantin får avsett genomslag, "
            "särskilt när det gäller uppföljningen av de insatser som har satts in."
        )
        ts.para(
            "Regeringen gav 2025 Skolverket i uppdrag att ta fram en nationell läsfrämjande strategi för "
            "skolan (U2025/02210). Av myndighetens redovisning framgår att lärare efterfrågar praktiskt "
            "användbara kartläggningsmaterial, stöd i hur resultaten kan omsättas i undervisningen och "
            "möjligheter till erfarenhetsutbyte med andra skolor."
        )
        ts.para(
            "I promemorian Tidiga insatser för läsning och skrivning (Ds 2023:8) föreslogs att staten "
            "skulle ta ett större ansvar för att sprida kunskap om effektiva metoder för tidig läsinlärning. "
            "Promemorian har remissbehandlats. En majoritet av remissinstanserna, däribland flera kommuner "
            "och lärosäten, ställde sig positiva till att Skolverket får ett sådant uppdrag."
        )
        ts.para(
            "Skolbiblioteken har en viktig roll i arbetet med att stimulera elevernas läsning. Kungliga "
            "biblioteket har enligt bibliotekslagen (2013:801) ett nationellt ansvar för att främja "
            "samverkan mellan olika typer av bibliotek. Det är därför angeläget att Skolverket och Kungliga "
            "biblioteket samverkar i genomförandet av uppdraget."
        )
        ts.para(
            "Specialpedagogiska skolmyndigheten har kunskap om hur undervisningen kan anpassas för elever "
            "med läs- och skrivsvårigheter, bl.a. dyslexi. Myndighetens erfarenheter bör tas till vara i "
            "arbetet med kompetensutveckling och stödmaterial."
        )
        ts.para(
            "Uppdraget ska bidra till att fler elever tidigt utvecklar en god läsförmåga och att "
            "skillnaderna mellan skolor och huvudmän minskar. Insatserna bör utformas så att de kan "
            "användas av både kommunala och enskilda huvudmän och så att de kompletterar de "
            "kompetensutvecklingsinsatser som redan erbjuds inom ramen för de nationella skolutvecklings"
            "programmen."
        )
        ts.para(
            "Många huvudmän saknar i dag förutsättningar att på egen hand ta fram och pröva nya arbetssätt. "
            "Det gäller särskilt små kommuner och enskilda huvudmän med få skolenheter, där det ofta saknas "
            "speciallärare med inriktning mot språk-, skriv- och läsutveckling. Ett nationellt nätverk kan "
            "göra det lättare för dessa huvudmän att ta del av andras erfarenheter och att gemensamt "
            "utveckla undervisningen."
        )
        ts.para(
            "Skolverket bör i genomförandet beakta att förutsättningarna skiljer sig åt mellan huvudmän och "
            "att insatserna behöver kunna anpassas efter lokala behov. Myndigheten bör även ta till vara "
            "de erfarenheter som finns från tidigare nationella satsningar på läsning."
        )
        ts.para(
            "Regeringen bedömer att det är angeläget att insatserna följs upp löpande så att erfarenheterna "
            "kan ligga till grund för ställningstaganden om hur arbetet bör bedrivas efter 2028."
        )
        ts.signature(["Maria Lindqvist", "Anna Berglund"], col2=250)
        ts.copies(
            "Kopia till",
            [
                "Specialpedagogiska skolmyndigheten",
                "Kungliga biblioteket",
                "Statens skolinspektion",
                "Sveriges Kommuner och Regioner",
            ],
        )

    expected = record(
        f"{name}.pdf",
        kind="regeringsbeslut",
        title=title,
        date="2026-04-23",
        diarienummer=["U2026/01234"],
        issuer="Utbildningsdepartementet",
        recipients=["Skolverket"],
        assignees=["Skolverket"],
        tasks=[task(umbrella, "Skolverket")]
        + [task(item_text(t), "Skolverket") for t in numbered]
        + [task(s_samv, "Skolverket")],
        deadlines=[
            dl("2026-10-01", "interim_report", d_lage),
            dl("2027-03-15", "interim_report", d_arl, "annual"),
            dl("2029-03-15", "final_report", d_slut),
            dl("2026-12-01", "requisition", d_rekv, "annual"),
            dl("2027-03-31", "repayment", d_ater, "annual"),
            dl("2027-03-31", "financial_report", d_ek, "annual"),
        ],
        amounts=[amt(12_000_000, "max", a_text)],
        signatories=[sig("Maria Lindqvist"), sig("Anna Berglund")],
        copies_to=[
            "Specialpedagogiska skolmyndigheten",
            "Kungliga biblioteket",
            "Statens skolinspektion",
            "Sveriges Kommuner och Regioner",
        ],
        references=["U2025/02210", "Ds 2023:8"],
        notes=(
            "Invented three-page decision typeset in Courier; the ministry name is printed in capitals "
            "('UTBILDNINGSDEPARTEMENTET', issuer given in normal case); 'REGERINGEN' heads page 1 and the "
            "dnr 'U2026/01234' is repeated as running header on pages 2 and 3 (one diarienummer). Tasks: the "
            "umbrella sentence, the four numbered items under 'Skolverket ska inom ramen för uppdraget' "
            "(numbers and trailing ',', ', och', '.' dropped) and the samverka sentence. Annual deadline "
            "'årligen, senast den 15 mars': the decision date is 2026-04-23, after 15 March, so the first "
            "occurrence is 2027-03-15 (recurrence annual). 'senast den 1 december respektive år' (requisition) "
            "is annual from 2026-12-01. Repayment 'senast den 31 mars året efter det år då medlen betalades "
            "ut' has no printed date: funds are paid out yearly 2026-2028, so it recurs; first occurrence "
            "2027-03-31 (judgement call), and the ekonomisk redovisning 'vid samma tidpunkt' follows it. The "
            "amount 'högst 12 000 000 kronor per år 2026–2028' -> 12000000, max, period kept in text. Not "
            "deadlines: 'Sedan den 1 juli 2019' (past). Not a task: 'Regeringen gav 2025 Skolverket i uppdrag "
            "att ...' in Ärendet (an earlier assignment, cited by its dnr U2025/02210). Not references: SFS numbers skollagen (2010:800), "
            "bibliotekslagen (2013:801). 'Regeringsbeslut I:7' is the meeting item, designation null. "
            "Signature block (side by side, one baseline) is on page 3."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "2026-04-23",
            "U2026/01234",
            "Regeringsbeslut I:7",
            "1 (3)",
            "2 (3)",
            "3 (3)",
            "Maria Lindqvist Anna Berglund",
        ],
        pages=3,
    )


# 4 -------------------------------------------------------------------------
@document
def rb_naturvard_belopp():
    """Amounts in euro, 'miljoner', 'miljard', per-year; appropriation text; DejaVu Serif; boxed header."""
    name = "rb-naturvard-belopp-euro"
    L = Layout(
        "dejavuserif",
        9.5,
        13.2,
        left=62,
        right=70,
        body_top=780,
        bottom=84,
        first_body_top=655,
        head_size=10.5,
    )
    R, B = L.reg, L.bold

    def first(emit):
        emit(T(L.left, 800, B, 14, "Regeringen"))
        emit(T(L.left, 785, R, 9.5, "Klimat- och näringslivsdepartementet"))
        emit(("r", L.left, 748, L.width, 24, 0.8))
        emit(T(L.left + 8, 756, B, 10, "Regeringsbeslut I:14"))
        emit(T(L.left + L.width / 2, 756, R, 10, "2026-06-11", "c"))
        emit(T(L.right - 8, 756, R, 10, "KN2026/00952", "r"))
        emit(T(L.left, 718, R, 9.5, "Naturvårdsverket"))
        emit(T(L.left, 705, R, 9.5, "106 48 Stockholm"))

    def every(emit, p, n):
        emit(T(L.right, 816, R, 8, f"{p} ({n})", "r"))
        emit(("l", L.left, 60, L.right, 60, 0.4))
        emit(
            T(
                PAGE_W / 2,
                48,
                R,
                7,
                "Klimat- och näringslivsdepartementet | 103 33 Stockholm | Besöksadress: "
                "Mäster Samuelsgatan 70 | Telefonväxel: 08-405 10 00",
                "c",
            )
        )

    title = (
        "Uppdrag till Naturvårdsverket att samordna svenskt deltagande i ett europeiskt program för "
        "restaurering av våtmarker"
    )
    umbrella = (
        "Regeringen ger Naturvårdsverket i uppdrag att samordna det svenska deltagandet i det europeiska "
        "samarbetsprogrammet för restaurering av våtmarker under perioden 2026–2028"
    )
    s_ingar = (
        "I uppdraget ingår att ansöka om medfinansiering från Europeiska unionen om högst 10 miljoner euro "
        "för svenska projekt inom programmet och att fördela beviljade medel till länsstyrelser och andra "
        "projektägare"
    )
    s_samv = (
        "Naturvårdsverket ska i arbetet samverka med Havs- och vattenmyndigheten, Statens geotekniska "
        "institut och länsstyrelserna"
    )
    d_arl = (
        "Naturvårdsverket ska senast den 31 mars varje år redovisa hur arbetet med uppdraget fortskrider till "
        "Regeringskansliet (Klimat- och näringslivsdepartementet)."
    )
    d_slut = "Uppdraget ska slutredovisas senast den 31 mars 2029."
    a_29 = "För uppdraget får Naturvårdsverket under 2026 använda 2,9 miljoner kronor"
    d_rekv = "Rekvisitionen ska ha kommit in till Kammarkollegiet senast den 1 november 2026."
    d_ater = "Medel som inte har använts ska återbetalas till Kammarkollegiet senast den 31 januari 2027."
    a_500 = "beräknat 500 miljoner kronor per år 2024–2026 för åtgärder för värdefull natur"
    a_mdr = "tillfört en miljard kronor till anslaget 1:16 Skydd av värdefull natur"
    a_35 = "cirka 35 miljoner kronor till lokala projekt för restaurering av våtmarker"

    def body(ts):
        ts.title(title, size=12.5)
        ts.heading("Regeringens beslut")
        ts.para(umbrella + ".")
        ts.para(s_ingar + ".")
        ts.para(s_samv + ".")
        ts.para(d_arl + " " + d_slut)
        ts.para(
            a_29
            + ". Kostnaderna ska belasta utgiftsområde 20 Allmän miljö- och naturvård, anslaget 1:3 "
            "Åtgärder för värdefull natur, anslagsposten 2 Åtgärder för värdefull natur – del till "
            "Naturvårdsverket. Medlen betalas ut av Kammarkollegiet efter rekvisition. " + d_rekv
        )
        ts.para(d_ater)
        ts.heading("Ärendet")
        ts.para(
            "Europaparlamentets och rådets förordning (EU) 2024/1991 om restaurering av natur ställer krav på "
            "att medlemsstaterna vidtar åtgärder för att återställa bl.a. våtmarker. Våtmarker binder kol, "
            "utjämnar vattenflöden och är livsmiljö för många hotade arter."
        )
        ts.para(
            f"Regeringen har i budgetpropositionen för 2025 (prop. 2024/25:1) {a_500}, varav en del avser "
            f"restaurering av våtmarker. Därutöver har regeringen för 2026 {a_mdr}."
        )
        ts.para(
            f"Under 2025 fördelade Naturvårdsverket {a_35}. Intresset från kommuner, markägare och ideella "
            "organisationer har varit stort och efterfrågan på medel har varit betydligt större än de medel "
            "som har kunnat fördelas."
        )
        ts.para(
            "Det europeiska samarbetsprogrammet ger möjlighet till medfinansiering av gränsöverskridande "
            "projekt. En samordnad svensk ansökan bedöms öka möjligheterna att få del av medlen och bidra "
            "till att Sverige uppfyller sina åtaganden enligt förordningen."
        )
        ts.signature(["Erik Holm", "Sofia Nyström Lind"], col2=215)
        ts.copies(
            "Kopia till",
            [
                "Havs- och vattenmyndigheten",
                "Statens geotekniska institut",
                "Kammarkollegiet",
                "Länsstyrelserna",
            ],
        )

    expected = record(
        f"{name}.pdf",
        kind="regeringsbeslut",
        title=title,
        date="2026-06-11",
        diarienummer=["KN2026/00952"],
        issuer="Klimat- och näringslivsdepartementet",
        recipients=["Naturvårdsverket"],
        assignees=["Naturvårdsverket"],
        tasks=[
            task(umbrella, "Naturvårdsverket"),
            task(s_ingar, "Naturvårdsverket"),
            task(s_samv, "Naturvårdsverket"),
        ],
        deadlines=[
            dl("2027-03-31", "report", d_arl, "annual"),
            dl("2029-03-31", "final_report", d_slut),
            dl("2026-11-01", "requisition", d_rekv),
            dl("2027-01-31", "repayment", d_ater),
        ],
        amounts=[
            amt(10_000_000, "max", "högst 10 miljoner euro", currency="EUR"),
            amt(2_900_000, "exact", a_29),
            amt(500_000_000, "exact", a_500),
            amt(1_000_000_000, "exact", a_mdr),
            amt(35_000_000, "approx", a_35),
        ],
        signatories=[sig("Erik Holm"), sig("Sofia Nyström Lind")],
        copies_to=[
            "Havs- och vattenmyndigheten",
            "Statens geotekniska institut",
            "Kammarkollegiet",
            "Länsstyrelserna",
        ],
        references=["prop. 2024/25:1"],
        notes=(
            "Invented decision in DejaVu Serif with the label, date and dnr in one boxed row (pdfplumber: "
            "'Regeringsbeslut I:14 2026-06-11 KN2026/00952' on one line). Amounts: 'högst 10 miljoner euro' -> "
            "10000000 with currency EUR (GOLD-FORMAT only shows SEK; the value is in whole euro, not converted), "
            "qualifier max; '2,9 miljoner kronor' -> 2900000 exact; '500 miljoner kronor per år 2024–2026' -> "
            "500000000 exact (period in text, per_year is not a qualifier); 'en miljard kronor' -> 1000000000 "
            "exact; 'cirka 35 miljoner kronor' approx. Annual deadline 'senast den 31 mars varje år': decision "
            "2026-06-11, so first occurrence 2027-03-31, kind report (a progress report, not called "
            "delredovisning). Requisition and repayment dates as printed. Tasks: umbrella, the 'I uppdraget "
            "ingår att' sentence (it carries the euro amount) and the samverka sentence. Not references: the "
            "EU regulation (EU) 2024/1991 and budget-title numbers (utgiftsområde 20, anslaget 1:3, 1:16, "
            "anslagsposten 2). Signatory 'Sofia Nyström Lind' has three words and is printed on the same "
            "baseline as 'Erik Holm' (pdfplumber: 'Erik Holm Sofia Nyström Lind')."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "2026-06-11",
            "KN2026/00952",
            "Regeringsbeslut I:14",
            "10 miljoner euro",
            "Erik Holm Sofia Nyström Lind",
        ],
        pages=None,
    )


# 5 -------------------------------------------------------------------------
@document
def rb_ivo_avstavning():
    """Line-end hyphenation ('kommu-' + 'nernas') and a genuine 'hälso-' / 'och sjukvård' break;
    Helvetica 11 with wide margins, centred header, en-dash bullets, stacked signatures."""
    name = "rb-ivo-avstavning"
    L = Layout(
        "helvetica",
        11,
        15,
        left=96,
        right=96,
        body_top=770,
        bottom=100,
        first_body_top=690,
        head_size=12,
        list_indent=16,
        glyph_indent=2,
    )
    R, B = L.reg, L.bold
    mid = PAGE_W / 2

    def first(emit):
        emit(T(mid, 790, B, 13, "Socialdepartementet", "c"))
        emit(T(mid, 774, R, 10, "Regeringsbeslut II:4  ·  2026-09-03  ·  S2026/02231", "c"))
        emit(("l", L.left, 765, L.right, 765, 0.6))
        emit(T(L.left, 738, R, 11, "Inspektionen för vård och omsorg"))
        emit(T(L.left, 724, R, 11, "Box 45184"))
        emit(T(L.left, 710, R, 11, "104 30 Stockholm"))

    def every(emit, p, n):
        emit(T(L.left, 812, R, 9, f"{p} ({n})"))
        for i, line in enumerate(
            [
                "Postadress: 103 33 Stockholm",
                "Besöksadress: Fredsgatan 8",
                "Telefonväxel: 08-405 10 00",
                "www.regeringen.se",
            ]
        ):
            emit(T(L.right, 74 - i * 9.5, R, 7.5, line, "r"))

    title = (
        "Uppdrag till Inspektionen för vård och omsorg att granska tillgången till läkarinsatser i "
        "särskilda boenden för äldre"
    )
    umbrella = (
        "Regeringen ger Inspektionen för vård och omsorg (IVO) i uppdrag att granska hur kommuner och "
        "regioner säkerställer att äldre personer i särskilda boenden får tillgång till en god, säker "
        "och väl samordnad kommunal såväl som regional hälso-¦ och sjukvård"
    )
    bullets = [
        "bedöma om de boende får läkarinsatser i den omfattning som avtalen mellan kommuner och regioner "
        "förutsätter,",
        "granska hur samverkan mellan kommunernas och regionernas verksamheter fungerar när en boendes hälso"
        "tillstånd plötsligt försämras och hur kommu\u00adnernas sjuksköterskor kan nå ansvarig läkare,",
        "belysa om det finns skillnader i tillgången till läkarinsatser mellan olika delar av landet, och",
        "identifiera faktorer som försvårar eller underlättar en samordnad vård för äldre med omfattande behov.",
    ]
    s_forsl = (
        "IVO ska vid behov lämna förslag på åtgärder som kan förbättra tillgången till läkarinsatser i "
        "särskilda boenden"
    )
    d_del = (
        "IVO ska senast den 15 december 2026 lämna en delredovisning av uppdraget till Regeringskansliet "
        "(Socialdepartementet)."
    )
    d_slut = "Uppdraget ska slutredovisas senast den 30 september 2027."
    a_text = "För uppdraget får IVO under 2026 använda högst 4 500 000 kronor"
    d_rekv = "Medlen betalas ut efter rekvisition till Kammarkollegiet senast den 1 december 2026."
    d_ater = (
        "Medel som inte har använts ska återbetalas till Kammarkollegiet senast den 31 mars 2027."
    )

    def body(ts):
        ts.title(title, size=13)
        ts.heading("Regeringens beslut")
        ts.para(umbrella + ". IVO ska i granskningen särskilt", gap_after=3)
        ts.items("–", bullets)
        ts.para(s_forsl + ".")
        ts.para(d_del + " " + d_slut)
        ts.para(
            a_text
            + ". Kostnaderna ska redovisas mot utgiftsområde 9 Hälsovård, sjukvård och social "
            "omsorg, anslaget 1:6 Bidrag till folkhälsa och sjukvård, anslagsposten 9 Äldres vård och "
            "omsorg. " + d_rekv + " " + d_ater
        )
        ts.heading("Ärendet")
        ts.para(
            "Av Socialstyrelsens senaste lägesrapport om vården och omsorgen om äldre (S2025/01990) framgår "
            "att tillgången till läkare i särskilda boenden varierar kraftigt mellan kommuner. I flera "
            "kommuner saknas avtal som reglerar hur ofta läkare ska besöka boendet och hur läkaren kan nås "
            "under kvällar och helger."
        )
        ts.para(
            "Utredningen om en sammanhållen vård för äldre (dir. 2023:45) har pekat på att oklara "
            "ansvarsförhållanden mellan kommuner och regioner kan leda till att äldre inte får den vård de "
            "behöver eller att de i onödan skickas till akutmottagningen. Regeringen bedömer att en nationell "
            "granskning kan ge ett viktigt underlag för fortsatta åtgärder."
        )
        ts.signature(["Elin Sandberg", "Per Olsson"], mode="stack")
        ts.copies("Kopia till", ["Socialstyrelsen", "Sveriges Kommuner och Regioner"])

    ivo = "Inspektionen för vård och omsorg"
    expected = record(
        f"{name}.pdf",
        kind="regeringsbeslut",
        title=title,
        date="2026-09-03",
        diarienummer=["S2026/02231"],
        issuer="Socialdepartementet",
        recipients=[ivo],
        assignees=[ivo],
        tasks=[task(logical(umbrella), ivo)]
        + [task(item_text(b), ivo) for b in bullets]
        + [task(s_forsl, ivo)],
        deadlines=[
            dl("2026-12-15", "interim_report", d_del),
            dl("2027-09-30", "final_report", d_slut),
            dl("2026-12-01", "requisition", d_rekv),
            dl("2027-03-31", "repayment", d_ater),
        ],
        amounts=[amt(4_500_000, "max", a_text)],
        signatories=[sig("Elin Sandberg"), sig("Per Olsson")],
        copies_to=["Socialstyrelsen", "Sveriges Kommuner och Regioner"],
        references=["S2025/01990", "dir. 2023:45"],
        notes=(
            "Invented decision for line-end hyphens. (1) In the umbrella sentence the compound 'hälso- och "
            "sjukvård' is broken after 'hälso-' (the hyphen is the real suspended-compound hyphen and must be "
            "KEPT when the lines are joined: 'hälso- och sjukvård'). (2) In the second bullet the word "
            "'kommunernas' is hyphenated at the line end as 'kommu-' / 'nernas' and must be JOINED "
            "('kommunernas'). Task texts are written with both resolved. The agency is named 'Inspektionen för "
            "vård och omsorg (IVO)' once and 'IVO' afterwards; assignee is the full name. Tasks: umbrella, the "
            "four en-dash bullets under 'IVO ska i granskningen särskilt' and the 'ska vid behov lämna förslag' "
            "sentence. Header is centred, with label, date and dnr on one line separated by middle dots "
            "('Regeringsbeslut II:4 · 2026-09-03 · S2026/02231'). Signatures are stacked (the civil servant's "
            "name on a line of its own below the minister's), not side by side. Not references: none besides "
            "the dnr S2025/01990 and dir. 2023:45."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=["2026-09-03", "S2026/02231", "Regeringsbeslut II:4"],
        printed_raw=["hälso-\noch sjukvård", "kommu-\nnernas"],
        pages=None,
    )


# 6 -------------------------------------------------------------------------
@document
def dir_avgifter():
    """Kommittédirektiv with Sammanfattning and sections; Times 12, justified; Dir. number in a box."""
    name = "dir-avgifter-sammanfattning"
    L = Layout(
        "times",
        12,
        15.5,
        left=80,
        right=80,
        body_top=780,
        bottom=80,
        first_body_top=668,
        head_size=13,
        justify=True,
        list_indent=20,
        glyph_indent=6,
    )
    R, B, IT = L.reg, L.bold, L.ital

    def first(emit):
        emit(T(L.left, 780, B, 22, "Kommittédirektiv"))
        emit(("r", L.right - 112, 770, 112, 28, 0.8))
        emit(T(L.right - 56, 779, B, 14, "Dir. 2026:14", "c"))
        emit(T(L.left, 735, B, 16, "Ökad transparens i statliga myndigheters"))
        emit(T(L.left, 715, B, 16, "avgiftsuttag"))
        emit(T(L.left, 690, IT, 12, "Beslut vid regeringssammanträde den 12 februari 2026"))

    def every(emit, p, n):
        emit(T(PAGE_W / 2, 44, R, 10, f"{p} ({n})", "c"))

    title = "Ökad transparens i statliga myndigheters avgiftsuttag"
    summary_bullets = [
        "kartlägga hur statliga myndigheter beräknar och redovisar sina avgifter,",
        "analysera om reglerna om full kostnadstäckning tillämpas enhetligt,",
        "föreslå hur information om avgifternas storlek och beräkning kan göras mer lättillgänglig, och",
        "lämna nödvändiga författningsförslag.",
    ]
    b_kartl = [
        "kartlägga vilka avgifter statliga myndigheter tar ut och hur avgifterna beräknas,",
        "analysera hur myndigheterna redovisar avgiftsintäkter och kostnader för den avgiftsbelagda "
        "verksamheten, och",
        "bedöma om det finns skillnader i tillämpningen mellan myndigheter som är svåra att motivera.",
    ]
    b_transp = [
        "föreslå hur myndigheterna på ett enhetligt sätt kan informera om avgifternas storlek och "
        "beräkningsgrund,",
        "ta ställning till om myndigheterna bör åläggas att samråda med berörda avgiftsskyldiga inför "
        "ändringar av avgifter, och",
        "lämna nödvändiga författningsförslag.",
    ]
    s_kons1 = (
        "Utredaren ska redovisa förslagens konsekvenser i enlighet med förordningen (2024:183) om "
        "konsekvensutredningar"
    )
    s_kons2 = "Utredaren ska särskilt redovisa konsekvenserna för små företag"
    s_kont1 = (
        "Utredaren ska hålla Ekonomistyrningsverket, Statskontoret och Riksgälden informerade om arbetet och "
        "ge dem tillfälle att lämna synpunkter"
    )
    s_kont2 = "Utredaren ska även föra en dialog med företrädare för näringslivet och andra berörda organisationer"
    d_sum = "Uppdraget ska redovisas senast den 30 juni 2027."
    d_del = "Den del av uppdraget som avser kartläggningen ska delredovisas senast den 30 november 2026."
    d_slut = "Uppdraget ska slutredovisas senast den 30 juni 2027."
    a_text = "drygt 20 miljarder kronor"

    def body(ts):
        ts.heading("Sammanfattning", size=13)
        ts.para("En särskild utredare ska bl.a.", gap_after=2)
        ts.items("•", summary_bullets)
        ts.para(
            "Syftet med uppdraget är att öka transparensen och förutsägbarheten för enskilda och företag som "
            "betalar avgifter till staten."
        )
        ts.para(d_sum)
        ts.heading("Uppdraget att kartlägga myndigheternas avgiftsuttag", size=13)
        ts.para(
            f"Statliga myndigheter tar varje år ut avgifter på sammanlagt {a_text}. Av avgiftsförordningen "
            "(1992:191) framgår att en myndighet som tar ut avgifter ska sträva efter full kostnadstäckning, "
            "om inte regeringen beslutar något annat. Hur kostnaderna fördelas mellan olika avgifter och hur "
            "överskott och underskott hanteras skiljer sig dock betydligt åt mellan myndigheterna."
        )
        ts.para(
            "Frågan om myndigheternas avgiftsuttag har tidigare behandlats av Avgiftsutredningen, som i "
            "betänkandet Avgifter i staten – en översyn (SOU 2023:92) konstaterade att det saknas en samlad "
            "bild av de avgifter som tas ut. Regeringen gav därefter en särskild utredare i uppdrag att se "
            "över vissa frågor om avgifter inom tillståndsprövningen (dir. 2022:67), men den frågan omfattas "
            "inte av detta uppdrag."
        )
        ts.para("Utredaren ska därför", gap_after=2)
        ts.items("•", b_kartl)
        ts.heading("Uppdraget att föreslå ökad transparens", size=13)
        ts.para(
            "För den som betalar en avgift är det ofta svårt att förstå hur avgiften har beräknats och varför "
            "den ändras. Bristande transparens kan minska förtroendet för myndigheterna och försvåra för "
            "företag att planera sin verksamhet."
        )
        ts.para("Utredaren ska därför", gap_after=2)
        ts.items("•", b_transp)
        ts.para(
            "Utredaren bör även överväga om Ekonomistyrningsverkets föreskrifter och allmänna råd behöver "
            "ändras."
        )
        ts.heading("Konsekvensbeskrivningar", size=13)
        ts.para(s_kons1 + ". " + s_kons2 + ".")
        ts.heading("Kontakter och redovisning av uppdraget", size=13)
        ts.para(s_kont1 + ". " + s_kont2 + ".")
        ts.para(d_del + " " + d_slut)
        ts.gap(L.leading)
        ts.aligned("(Finansdepartementet)", "r")

    u = "utredaren"
    expected = record(
        f"{name}.pdf",
        kind="kommittedirektiv",
        title=title,
        date="2026-02-12",
        designation="Dir. 2026:14",
        issuer="Finansdepartementet",
        assignees=[u],
        tasks=[task(item_text(b), u) for b in summary_bullets + b_kartl + b_transp]
        + [task(s_kons1, u), task(s_kons2, u), task(s_kont1, u), task(s_kont2, u)],
        deadlines=[
            dl("2026-11-30", "interim_report", d_del),
            dl("2027-06-30", "final_report", d_slut),
        ],
        amounts=[amt(20_000_000_000, "approx", a_text)],
        references=["SOU 2023:92", "dir. 2022:67"],
        notes=(
            "Invented kommittédirektiv, Times 12 justified (word spacing stretched with Tw; pdfplumber still "
            "yields single spaces). The title is printed on two lines under 'Kommittédirektiv'; 'Dir. 2026:14' "
            "sits in a box at the top right; at 14 pt beside the 22 pt 'Kommittédirektiv' it comes out of "
            "pdfplumber as a line of its own. The reference 'dir. 2022:67' is broken across two lines "
            "('(dir.' / '2022:67)'). Date from 'Beslut vid regeringssammanträde den 12 februari "
            "2026'; issuer from the closing '(Finansdepartementet)'. No dnr, addressees, signatories or copies "
            "in a directive: empty lists. assignees ['utredaren']. Tasks (14): the four bullets under 'En "
            "särskild utredare ska bl.a.' in the Sammanfattning (kept although they paraphrase body bullets, as "
            "in the gold for dir. 2016:15), the 3 + 3 bullets under the two 'Utredaren ska därför', and the "
            "four 'Utredaren ska ...' sentences in Konsekvensbeskrivningar and Kontakter. 'lämna nödvändiga "
            "författningsförslag' occurs twice and is two tasks. Not tasks: the lead-in 'En särskild utredare "
            "ska bl.a.', 'Utredaren bör även överväga ...' (bör), and 'Regeringen gav därefter en särskild "
            "utredare i uppdrag ...' (an earlier inquiry). The final deadline is printed twice (Sammanfattning "
            "'redovisas', end 'slutredovisas'): one deadline. Amount 'drygt 20 miljarder kronor' -> "
            "20000000000, approx. References: SOU 2023:92, dir. 2022:67; SFS numbers (1992:191) and "
            "(2024:183) are not references."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "Dir. 2026:14",
            "Beslut vid regeringssammanträde den 12 februari 2026",
            "(Finansdepartementet)",
            "Kommittédirektiv",
        ],
        pages=None,
    )


# 7 -------------------------------------------------------------------------
@document
def dir_tillagg():
    """Tilläggsdirektiv with a changed deadline; DejaVu Sans Condensed; hyphen-minus bullets."""
    name = "dir-tillagg-forlangd-tid"
    L = Layout(
        "dejavucond",
        10.5,
        14.5,
        left=110,
        right=72,
        body_top=790,
        bottom=90,
        first_body_top=690,
        head_size=11.5,
        list_indent=14,
        glyph_indent=2,
    )
    R, B = L.reg, L.bold

    def first(emit):
        emit(("l", L.left, 812, L.right, 812, 1.2))
        emit(T(L.left, 798, B, 11, "Kommittédirektiv"))
        emit(T(L.right, 798, B, 11, "Dir. 2026:37", "r"))
        emit(("l", L.left, 791, L.right, 791, 0.5))
        emit(T(L.left, 762, B, 14.5, "Tilläggsdirektiv till Utredningen om mervärdesskatt"))
        emit(T(L.left, 744, B, 14.5, "för ideella föreningar (Fi 2025:03)"))
        emit(T(L.left, 718, R, 10.5, "Beslut vid regeringssammanträde den 9 april 2026"))

    def every(emit, p, n):
        emit(T(L.right, 50, R, 8.5, f"{p} ({n})", "r"))

    title = (
        "Tilläggsdirektiv till Utredningen om mervärdesskatt för ideella föreningar (Fi 2025:03)"
    )
    s_upp = (
        "Utredaren får nu i uppdrag att även analysera hur de nya EU-reglerna om mervärdesskatt för handel "
        "via digitala plattformar påverkar ideella föreningar som säljer varor och tjänster på det sättet"
    )
    bullets = [
        "kartlägga i vilken utsträckning ideella föreningar säljer varor och tjänster via digitala "
        "plattformar,",
        "analysera hur de nya reglerna påverkar föreningarnas skyldighet att redovisa och betala "
        "mervärdesskatt,",
        "ta ställning till om det finns behov av förenklingsregler för små föreningar, och",
        "lämna nödvändiga författningsförslag.",
    ]
    s_samr = "Utredaren ska i denna del samråda med Skatteverket och Myndigheten för stöd till trossamfund"
    d_ny = "Uppdraget ska i stället redovisas senast den 31 januari 2027."

    def body(ts):
        ts.heading("Sammanfattning")
        ts.para(
            "Regeringen beslutade den 13 mars 2025 att ge en särskild utredare i uppdrag att se över reglerna "
            "om mervärdesskatt för ideella föreningar och registrerade trossamfund (dir. 2025:21). Enligt "
            "direktiven skulle uppdraget redovisas senast den 30 juni 2026."
        )
        ts.para("Utredaren får nu ett tilläggsuppdrag. Utredningstiden förlängs.")
        ts.heading("Tilläggsuppdraget")
        ts.para(
            "Sedan utredningen tillsattes har EU beslutat om nya regler om mervärdesskatt för försäljning "
            "som sker via digitala plattformar. Reglerna ska tillämpas fullt ut från 2028 och kan få "
            "betydelse även för ideella föreningar."
        )
        ts.para(s_upp + ".")
        ts.para("Utredaren ska därför", gap_after=2)
        ts.items("-", bullets)
        ts.para(s_samr + ".")
        ts.heading("Redovisning av uppdraget")
        ts.para("Utredningstiden förlängs. " + d_ny)
        ts.gap(L.leading * 0.8)
        ts.aligned("(Finansdepartementet)", "l")

    u = "utredaren"
    expected = record(
        f"{name}.pdf",
        kind="kommittedirektiv",
        title=title,
        date="2026-04-09",
        designation="Dir. 2026:37",
        issuer="Finansdepartementet",
        assignees=[u],
        tasks=[task(s_upp, u)] + [task(item_text(b), u) for b in bullets] + [task(s_samr, u)],
        deadlines=[dl("2027-01-31", "final_report", d_ny)],
        references=["dir. 2025:21", "Fi 2025:03"],
        notes=(
            "Invented tilläggsdirektiv in DejaVu Sans Condensed with hyphen-minus bullets. Title printed on two "
            "lines and kept with the committee designation '(Fi 2025:03)', as in the gold for dir. 2014:158; "
            "'Dir. 2026:37' is right-aligned on the same line as 'Kommittédirektiv'. Deadlines: only the new "
            "final deadline 2027-01-31 ('Uppdraget ska i stället redovisas senast ...'). NOT deadlines: the "
            "superseded original deadline 'senast den 30 juni 2026' ('Enligt direktiven skulle uppdraget "
            "redovisas ...', past tense, replaced) and the date of the original decision 'den 13 mars 2025'; "
            "'från 2028' is a year of application, not a dated obligation. Tasks: the 'Utredaren får nu i "
            "uppdrag att även analysera ...' sentence, the four bullets under 'Utredaren ska därför' and the "
            "samråd sentence. 'Utredaren får nu ett tilläggsuppdrag' announces the task and is not listed. "
            "References: the original directive dir. 2025:21 and the committee designation Fi 2025:03."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "Dir. 2026:37",
            "Beslut vid regeringssammanträde den 9 april 2026",
            "(Fi 2025:03)",
            "(Finansdepartementet)",
            "Kommittédirektiv",
        ],
        pages=1,
    )


# 8 -------------------------------------------------------------------------
@document
def rb_andring_trafikverket():
    """Change of an earlier assignment; DejaVu Sans 9.5, narrow margins; header as a label/value grid."""
    name = "rb-andring-trafikverket-kopialista"
    L = Layout(
        "dejavusans",
        9.5,
        13,
        left=50,
        right=50,
        body_top=790,
        bottom=95,
        first_body_top=672,
        head_size=10.5,
    )
    R, B = L.reg, L.bold
    lab, val = 370, 440

    def first(emit):
        emit(T(L.left, 800, B, 15, "Regeringsbeslut I:21"))
        emit(T(L.left, 782, R, 9.5, "Landsbygds- och infrastrukturdepartementet"))
        emit(T(lab, 800, R, 7.5, "Datum"))
        emit(T(val, 800, R, 9.5, "2026-10-15"))
        emit(T(lab, 787, R, 7.5, "Diarienummer"))
        emit(T(val, 787, R, 9.5, "LI2026/00733"))
        emit(T(L.left, 735, R, 9.5, "Trafikverket"))
        emit(T(L.left, 722, R, 9.5, "781 89 Borlänge"))

    def every(emit, p, n):
        emit(T(lab, 774, R, 7.5, "Sida") if p == 1 else T(lab, 812, R, 7.5, "Sida"))
        emit(T(val, 774 if p == 1 else 812, R, 9.5, f"{p} ({n})"))
        emit(("l", L.left, 66, L.right, 66, 0.3))
        for x, (a, b) in zip(
            (L.left, 200, 350),
            [
                ("Postadress", "103 33 Stockholm"),
                ("Besöksadress", "Malmtorgsgatan 3"),
                ("Telefonväxel", "08-405 10 00"),
            ],
            strict=True,
        ):
            emit(T(x, 55, B, 7, a))
            emit(T(x, 46, R, 7, b))

    title = (
        "Ändring av uppdraget till Trafikverket att analysera behovet av laddinfrastruktur för tunga "
        "fordon"
    )
    s_aven = (
        "Trafikverket ska även analysera behovet av tankstationer för vätgas för tunga fordon längs "
        "stamvägnätet och hur sådana stationer kan samlokaliseras med laddinfrastruktur"
    )
    d_ny = (
        "Uppdraget ska i stället för senast den 30 november 2026 slutredovisas senast den 28 februari "
        "2027."
    )
    copies = [
        "Statens energimyndighet",
        "Transportstyrelsen",
        "Naturvårdsverket",
        "Trafikanalys",
        "Sveriges Kommuner och Regioner",
        "Länsstyrelsen i Västra Götalands län",
    ]

    def body(ts):
        ts.title(title, size=12)
        ts.heading("Regeringens beslut")
        ts.para(
            "Regeringen beslutar att ändra uppdraget till Trafikverket att analysera behovet av "
            "laddinfrastruktur för tunga fordon längs det nationella stamvägnätet (LI2025/01120) på följande "
            "sätt."
        )
        ts.para(s_aven + ".")
        ts.para(d_ny)
        ts.para("I övrigt gäller villkoren i beslutet den 12 juni 2025 oförändrade.")
        ts.heading("Ärendet")
        ts.para(
            "Regeringen gav den 12 juni 2025 Trafikverket i uppdrag att analysera behovet av "
            "laddinfrastruktur för tunga fordon längs det nationella stamvägnätet (LI2025/01120). Uppdraget "
            "skulle enligt beslutet slutredovisas senast den 30 november 2026."
        )
        ts.para(
            "I promemorian Vätgas i transportsektorn (Ds 2023:8) konstaterades att vätgas kan bli ett viktigt "
            "komplement till batterielektriska lastbilar, särskilt för långa transporter. Trafikverket har i "
            "en skrivelse den 2 september 2026 (TRV 2026/50112) begärt att tiden för slutredovisning förlängs "
            "så att även behovet av tankstationer för vätgas kan analyseras."
        )
        ts.para(
            "Regeringen bedömer att det finns skäl att utvidga uppdraget och samtidigt förlänga tiden för "
            "slutredovisning."
        )
        ts.signature(["Lars Wikström", "Eva Strand"], col2=300, lead="På regeringens vägnar")
        ts.copies("Kopia till", copies)

    expected = record(
        f"{name}.pdf",
        kind="regeringsbeslut",
        title=title,
        date="2026-10-15",
        diarienummer=["LI2026/00733"],
        issuer="Landsbygds- och infrastrukturdepartementet",
        recipients=["Trafikverket"],
        assignees=["Trafikverket"],
        tasks=[task(s_aven, "Trafikverket")],
        deadlines=[dl("2027-02-28", "final_report", d_ny)],
        signatories=[sig("Lars Wikström"), sig("Eva Strand")],
        copies_to=copies,
        references=["LI2025/01120", "Ds 2023:8", "TRV 2026/50112"],
        notes=(
            "Invented 'Ändring av uppdraget' decision in DejaVu Sans with narrow margins. Header is a "
            "label/value grid: small labels 'Datum', 'Diarienummer', 'Sida' with values beside them "
            "(pdfplumber: 'Regeringsbeslut I:21' / 'Datum 2026-10-15' / 'Diarienummer LI2026/00733' / "
            "'Landsbygds- och infrastrukturdepartementet' / 'Sida 1 (1)'); the diarienummer is recorded "
            "without its label. Tasks: only the added work 'Trafikverket ska även "
            "analysera ...'; 'Regeringen beslutar att ändra uppdraget ...' changes an earlier assignment and "
            "is not itself a task, and the earlier uppdrag described in Ärendet is background. Deadlines: only "
            "the new final date 2027-02-28. NOT deadlines: the replaced date 30 november 2026 (printed twice: "
            "in the changing sentence 'i stället för senast den 30 november 2026' and in Ärendet), the date of "
            "the original decision (12 juni 2025) and of Trafikverket's letter (2 september 2026). References: "
            "the original decision's dnr LI2025/01120 (cited twice, listed once), Ds 2023:8 and Trafikverket's "
            "own registration number TRV 2026/50112 (a number of another document, cf. the gold convention "
            "for other agencies' dnr). Six-item 'Kopia till' list. No amounts."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "2026-10-15",
            "LI2026/00733",
            "Regeringsbeslut I:21",
            "Lars Wikström Eva Strand",
            "Länsstyrelsen i Västra Götalands län",
        ],
        pages=1,
    )


# ---------------------------------------------------------------------------
# Other document kinds: remiss, remissvar, kommunal tjänsteskrivelse, web page
# ---------------------------------------------------------------------------


def put(ts, x, text, font=None, size=None, leading=None, align="l"):
    """One line at the cursor, at x (no wrapping)."""
    L = ts.L
    ts.need(leading or L.leading)
    ts.y -= leading or L.leading
    ts.emit("t", x, ts.y, font or L.reg, size or L.size, text, align, 0)


# 9 -------------------------------------------------------------------------
@document
def remiss_tva_kolumner():
    """A ministry remiss; remisslista as a numbered two-column table; DejaVu Serif Condensed; centred
    ministry header, label/date/dnr block on the left; 'Enligt uppdrag' with the title under the name."""
    name = "remiss-tva-kolumner"
    L = Layout(
        "dejavuserifcond",
        10.5,
        14,
        left=78,
        right=78,
        body_top=790,
        bottom=92,
        first_body_top=650,
        head_size=11.5,
    )
    R, B = L.reg, L.bold

    def first(emit):
        emit(T(PAGE_W / 2, 808, R, 8.5, "Regeringskansliet", "c"))
        emit(T(PAGE_W / 2, 792, B, 13, "Finansdepartementet", "c"))
        emit(("l", L.left, 782, L.right, 782, 0.8))
        emit(T(L.left, 750, B, 12, "Remiss"))
        emit(T(L.left, 734, R, 10.5, "2026-02-20"))
        emit(T(L.left, 720, R, 10.5, "Fi2026/00211"))
        emit(T(L.left, 680, B, 14, "Remiss av betänkandet Enklare regler för statliga"))
        emit(T(L.left, 662, B, 14, "avgifter (SOU 2026:3)"))

    def every(emit, p, n):
        emit(("l", L.left, 70, L.right, 70, 0.3))
        emit(
            T(
                L.left,
                58,
                R,
                7.5,
                "Postadress: 103 33 Stockholm   Telefonväxel: 08-405 10 00   "
                "E-post: fi.registrator@regeringskansliet.se",
            )
        )
        emit(T(L.right, 58, R, 7.5, f"{p} ({n})", "r"))

    title = "Remiss av betänkandet Enklare regler för statliga avgifter (SOU 2026:3)"
    bodies = [
        "Kammarrätten i Stockholm",
        "Förvaltningsrätten i Göteborg",
        "Justitiekanslern",
        "Riksrevisionen",
        "Statskontoret",
        "Ekonomistyrningsverket",
        "Kammarkollegiet",
        "Skatteverket",
        "Kronofogdemyndigheten",
        "Domstolsverket",
        "Lantmäteriet",
        "Bolagsverket",
        "Myndigheten för digital förvaltning",
        "Konkurrensverket",
        "Sveriges Kommuner och Regioner",
        "Näringslivets regelnämnd",
    ]
    d_svar = "Remissvaren ska ha kommit in till Finansdepartementet senast den 15 maj 2026."

    def body(ts):
        ts.heading("Remissinstanser")
        half = len(bodies) // 2
        col2 = L.left + L.width / 2
        ts.need(L.leading * (half + 1))
        for i in range(half):  # read down the columns: 1-8 on the left, 9-16 on the right
            ts.y -= L.leading
            for k, x in ((i, L.left), (i + half, col2)):
                ts.emit("t", x, ts.y, R, L.size, f"{k + 1}.", "l", 0)
                ts.emit("t", x + 20, ts.y, R, L.size, bodies[k], "l", 0)
            ts.text_parts.append(f"{i + 1}. {bodies[i]} {i + half + 1}. {bodies[i + half]}")
        ts.gap(L.para_gap * 2)
        ts.para(
            "Remissvaren ska ha kommit in till Finansdepartementet senast den 15 maj 2026. Svaren bör lämnas "
            "per e-post till fi.remissvar@regeringskansliet.se och med kopia till "
            "fi.ofa@regeringskansliet.se. Ange diarienummer Fi2026/00211 och remissinstansens namn i "
            "ämnesraden på e-postmeddelandet."
        )
        ts.para(
            "Svaret bör lämnas i två versioner: den ena i ett format som är sökbart, den andra i ett format som "
            "går att redigera. Remissinstansens namn ska anges i dokumentens namn."
        )
        ts.para(
            "Remissvaren kommer att publiceras på regeringens webbplats. I remissen ligger att regeringen vill "
            "ha synpunkter på förslagen eller materialet i betänkandet. Om remissinstansen inte har några "
            "synpunkter räcker det att svaret ger besked om detta."
        )
        ts.para(
            "Myndigheter under regeringen är skyldiga att svara på remissen. En myndighet avgör dock på eget "
            "ansvar om den har några synpunkter att redovisa i ett svar."
        )
        ts.gap(L.leading)
        put(ts, L.left, "Enligt uppdrag")
        ts.text_parts.append("Enligt uppdrag")
        ts.gap(L.leading * 2.2)
        put(ts, L.left, "Annika Berglund")
        put(ts, L.left, "Departementsråd")
        ts.text_parts.append("Annika Berglund\nDepartementsråd")

    expected = record(
        f"{name}.pdf",
        kind="remiss",
        title=title,
        date="2026-02-20",
        diarienummer=["Fi2026/00211"],
        issuer="Finansdepartementet",
        deadlines=[dl("2026-05-15", "response", d_svar)],
        signatories=[sig("Annika Berglund", "Departementsråd")],
        consultees=bodies,
        references=["SOU 2026:3"],
        notes=(
            "Invented ministry remiss in DejaVu Serif Condensed. 'Regeringskansliet' / 'Finansdepartementet' "
            "centred at the top; the label 'Remiss', the date and the dnr stacked at the left under a rule; "
            "title in two bold lines. The remisslista is a numbered two-column table read down the columns "
            "(1-8 left, 9-16 right), so each extracted line holds two bodies ('1. Kammarrätten i Stockholm "
            "9. Kronofogdemyndigheten'); consultees are the 16 bodies as printed, without their numbers. "
            "Deadline: the response date 2026-05-15 (kind response). The dnr repeated in the e-mail "
            "instructions is the document's own number (listed once), and the e-mail addresses are not "
            "references. Signatory from 'Enligt uppdrag' with the title 'Departementsråd' on the line under "
            "the name. recipients empty: a remiss is addressed to the list of remissinstanser (consultees), "
            "as in the shared gold for remisses. Reference: the betänkande SOU 2026:3 (in the title)."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "2026-02-20",
            "Fi2026/00211",
            "1. Kammarrätten i Stockholm 9. Kronofogdemyndigheten",
            "8. Skatteverket 16. Näringslivets regelnämnd",
            "Annika Berglund Departementsråd",
        ],
        pages=1,
    )


# 10 ------------------------------------------------------------------------
@document
def yttrande_myndighet():
    """An agency's remissvar: letterhead top left, 'YTTRANDE' block at the right, addressee in the
    window position; Times body, Helvetica letterhead; beslutsformel with föredragande; Kopia till."""
    name = "yttrande-myndighet"
    L = Layout(
        "times",
        12,
        15,
        left=70,
        right=90,
        body_top=790,
        bottom=95,
        first_body_top=640,
        head_size=12.5,
    )
    R, B = L.reg, L.bold
    rx = 345

    def first(emit):
        emit(T(L.left, 790, "Helvetica-Bold", 18, "Statskontoret"))
        emit(T(rx, 792, "Helvetica-Bold", 11, "YTTRANDE"))
        emit(T(rx, 776, "Helvetica", 9, "2026-04-28"))
        emit(T(rx, 764, "Helvetica", 9, "Dnr 2026/45-3"))
        emit(T(rx, 744, "Helvetica", 9, "Er referens: Fi2026/00211"))
        emit(T(rx, 706, R, 12, "Finansdepartementet"))
        emit(T(rx, 691, R, 12, "103 33 Stockholm"))

    def every(emit, p, n):
        emit(("l", L.left, 62, L.right, 62, 0.4))
        emit(
            T(
                L.left,
                50,
                "Helvetica",
                7.5,
                "Postadress: Box 396, 101 27 Stockholm. Besöksadress: Hantverkargatan 21. "
                "Telefon: 08-454 46 00. registrator@statskontoret.se",
            )
        )
        emit(T(L.right, 800, "Helvetica", 8, f"{p} ({n})", "r"))

    title = "Yttrande över betänkandet Enklare regler för statliga avgifter (SOU 2026:3)"
    formel = (
        "Detta yttrande har beslutats av generaldirektören Karin Lund. Föredragande har varit utredaren "
        "Omar Said."
    )

    def body(ts):
        ts.title(title, size=13.5)
        ts.para(
            "Statskontoret har av Finansdepartementet ombetts att yttra sig över betänkandet Enklare regler "
            "för statliga avgifter (SOU 2026:3). Statskontoret begränsar sitt yttrande till förslagen i "
            "kapitel 5 och 6."
        )
        ts.heading("5.2 En ny avgiftsförordning")
        ts.para(
            "Statskontoret tillstyrker förslaget om en ny avgiftsförordning. Dagens regler är spridda över "
            "flera förordningar, och en samlad reglering gör det enklare för myndigheterna att tillämpa "
            "reglerna på ett enhetligt sätt."
        )
        ts.heading("6.3 Myndigheternas rätt att besluta om avgifter")
        ts.para(
            "Statskontoret avstyrker förslaget om att myndigheterna själva ska få besluta om avgifternas "
            "storlek utan samråd med Ekonomistyrningsverket. Enligt Statskontorets bedömning skulle "
            "förslaget försvaga regeringens möjligheter att styra och följa upp avgiftsuttaget."
        )
        ts.para(formel, gap_after=L.leading * 1.5)
        put(ts, L.left, "Karin Lund")
        ts.gap(L.leading * 0.8)
        put(ts, L.left, "Omar Said")
        ts.text_parts.append("Karin Lund\nOmar Said")
        ts.gap(L.leading)
        ts.copies("Kopia till", ["Ekonomistyrningsverket"], font_label=B)

    expected = record(
        f"{name}.pdf",
        kind="remissvar",
        title=title,
        date="2026-04-28",
        diarienummer=["2026/45-3"],
        issuer="Statskontoret",
        recipients=["Finansdepartementet"],
        signatories=[
            sig("Karin Lund", "generaldirektör"),
            sig("Omar Said", "utredare (föredragande)"),
        ],
        copies_to=["Ekonomistyrningsverket"],
        references=["Fi2026/00211", "SOU 2026:3"],
        notes=(
            "Invented agency remissvar. Letterhead 'Statskontoret' (Helvetica Bold 18) at the top left; at the "
            "right 'YTTRANDE', the date, 'Dnr 2026/45-3' and 'Er referens: Fi2026/00211', and the addressee "
            "'Finansdepartementet / 103 33 Stockholm' in the window position; Times body. diarienummer is "
            "the agency's own number without 'Dnr'; the ministry's number after 'Er referens:' is a "
            "reference, as is the betänkande SOU 2026:3 (printed twice, listed once). position mixed: "
            "'tillstyrker förslaget om en ny avgiftsförordning' and 'avstyrker förslaget om att "
            "myndigheterna själva ska få besluta ...'. Signatories from the beslutsformel, roles in base "
            "form as in the shared gold ('generaldirektören' -> generaldirektör; the föredragande "
            "'utredaren' -> 'utredare (föredragande)'); the names are printed again under it. 'Kopia till' "
            "Ekonomistyrningsverket; the mention of Ekonomistyrningsverket in the body is not a copy. "
            "'kapitel 5 och 6' and the section numbers 5.2/6.3 are not references. No tasks, deadlines "
            "or amounts."
        ),
    )
    expected["position"] = "mixed"  # only a remissvar has a position; record() leaves it out
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "2026-04-28",
            "Dnr 2026/45-3",
            "Er referens: Fi2026/00211",
            "Kopia till Ekonomistyrningsverket",
        ],
        pages=1,
    )


# 11 ------------------------------------------------------------------------
@document
def tjansteskrivelse_kommun():
    """A municipal tjänsteskrivelse: labels above values at the top right, side-by-side signatures with
    titles under the names and no formula, 'Beslutet skickas till' on one comma-separated line;
    Helvetica; the municipality only in the footer."""
    name = "tjansteskrivelse-kommun"
    L = Layout(
        "helvetica",
        10.5,
        14,
        left=95,
        right=65,
        body_top=790,
        bottom=100,
        first_body_top=668,
        head_size=11.5,
        title_size=15,
    )
    R, B = L.reg, L.bold
    c1, c2 = 330, 440

    def first(emit):
        emit(T(L.left, 800, R, 10.5, "Kommunledningsförvaltningen"))
        emit(T(c1, 800, B, 12, "TJÄNSTESKRIVELSE"))
        emit(T(c1, 780, R, 7.5, "Datum"))
        emit(T(c1, 769, R, 10, "2026-03-09"))
        emit(T(c2, 780, R, 7.5, "Diarienummer"))
        emit(T(c2, 769, R, 10, "KS 2026/118"))
        emit(T(c1, 748, R, 7.5, "Handläggare"))
        emit(T(c1, 737, R, 10, "Lena Bergqvist"))
        emit(T(c1, 710, R, 10, "Kommunstyrelsen"))

    def every(emit, p, n):
        emit(("l", L.left, 70, L.right, 70, 0.5))
        emit(T(L.left, 58, R, 8, "Falköpings kommun, 521 81 Falköping"))
        emit(
            T(
                L.left,
                48,
                R,
                8,
                "Besöksadress: Stadshuset, S:t Olofsgatan 22   Växel: 0515-88 50 00",
            )
        )
        emit(T(L.right, 58, R, 8, f"Sida {p} ({n})", "r"))

    title = "Tilläggsanslag för renovering av sporthallen i Floby"
    beslut = (
        "Kommunstyrelsen beslutar att bevilja Samhällsbyggnadsförvaltningen ett tilläggsanslag om högst "
        "2,5 miljoner kronor för renovering av sporthallen i Floby, och att tilläggsanslaget finansieras "
        "ur kommunstyrelsens investeringsreserv för 2026."
    )

    def body(ts):
        ts.title(title)
        ts.heading("Förslag till beslut")
        ts.para(beslut)
        ts.heading("Sammanfattning av ärendet")
        ts.para(
            "Vid en besiktning i december 2025 konstaterades fuktskador i golvet och i omklädningsrummen i "
            "sporthallen i Floby. Samhällsbyggnadsförvaltningen bedömer att renoveringen bör genomföras under "
            "sommaren 2026 så att hallen kan användas av skolan och föreningslivet från höstterminen."
        )
        ts.para(
            "Åtgärden ryms inte inom förvaltningens investeringsbudget för 2026. Kommunledningsförvaltningen "
            "föreslår därför att kostnaden finansieras ur kommunstyrelsens investeringsreserv."
        )
        ts.heading("Beslutsunderlag")
        ts.para("Besiktningsprotokoll för sporthallen i Floby, daterat den 14 december 2025.")
        ts.gap(L.leading * 2.5)
        x2 = L.left + 210
        ts.need(L.leading * 2)
        ts.y -= L.leading
        ts.emit("t", L.left, ts.y, R, L.size, "Anders Holm", "l", 0)
        ts.emit("t", x2, ts.y, R, L.size, "Lena Bergqvist", "l", 0)
        ts.y -= L.leading
        ts.emit("t", L.left, ts.y, R, L.size, "Kommundirektör", "l", 0)
        ts.emit("t", x2, ts.y, R, L.size, "Ekonomichef", "l", 0)
        ts.text_parts.append("Anders Holm Lena Bergqvist\nKommundirektör Ekonomichef")
        ts.gap(L.leading * 1.5)
        put(ts, L.left, "Beslutet skickas till", font=B)
        put(ts, L.left, "Ekonomiavdelningen, Samhällsbyggnadsförvaltningen")
        ts.text_parts.append(
            "Beslutet skickas till\nEkonomiavdelningen, Samhällsbyggnadsförvaltningen"
        )

    expected = record(
        f"{name}.pdf",
        kind="kommunalt_beslut",
        title=title,
        date="2026-03-09",
        diarienummer=["KS 2026/118"],
        issuer="Falköpings kommun",
        recipients=["Kommunstyrelsen"],
        amounts=[amt(2500000, "max", "högst 2,5 miljoner kronor")],
        signatories=[sig("Anders Holm", "Kommundirektör"), sig("Lena Bergqvist", "Ekonomichef")],
        copies_to=["Ekonomiavdelningen", "Samhällsbyggnadsförvaltningen"],
        notes=(
            "Invented Falköping tjänsteskrivelse in Helvetica. Top right: 'TJÄNSTESKRIVELSE', then small "
            "labels ABOVE their values ('Datum' / '2026-03-09', 'Diarienummer' / 'KS 2026/118', "
            "'Handläggare' / 'Lena Bergqvist') and the addressee 'Kommunstyrelsen'; the top left names only "
            "the förvaltning. The municipality appears only in the footer 'Falköpings kommun, 521 81 "
            "Falköping', so issuer is Falköpings kommun (not the förvaltning). recipients: the nämnd that "
            "decides ('Kommunstyrelsen beslutar att ...'). Amount: 'högst 2,5 miljoner kronor' -> 2500000, "
            "qualifier max. No tasks (the kommunstyrelse grants money, as in the Kungsbacka gold), no "
            "deadlines ('under sommaren 2026' and 'från höstterminen' are not dated obligations; the "
            "besiktning dates are background). Signatures: two names side by side with their titles on the "
            "line under them and no formula; roles as printed. 'Beslutet skickas till' is one "
            "comma-separated line: two copies_to entries. The switchboard number in the footer is not money."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "2026-03-09",
            "KS 2026/118",
            "Anders Holm Lena Bergqvist",
            "Kommundirektör Ekonomichef",
            "Falköpings kommun, 521 81 Falköping",
        ],
        pages=1,
    )


# 12 ------------------------------------------------------------------------
@document
def prop_kortversion():
    """A government bill's first two pages; DejaVu Serif; large two-line 'Regeringens proposition' head."""
    name = "prop-kortversion"
    L = Layout(
        "dejavuserif",
        10.5,
        14,
        left=72,
        right=72,
        body_top=770,
        bottom=80,
        first_body_top=640,
        head_size=12,
    )
    R, B = L.reg, L.bold
    title = "Ändrade regler om tillsyn över kommunal hamnverksamhet"

    def first(emit):
        emit(T(L.left, 790, R, 20, "Regeringens proposition"))
        emit(T(L.left, 765, R, 20, "2025/26:87"))
        emit(T(L.right, 790, R, 8.5, "Prop. 2025/26:87", "r"))
        emit(T(L.left, 700, B, 13, title))

    def every(emit, p, n):
        if p > 1:
            emit(T(L.left, 805, R, 8.5, "Prop. 2025/26:87"))
        emit(T(L.right if p % 2 else L.left, 45, R, 9, str(p), "r" if p % 2 else "l"))

    def body(ts):
        ts.para("Regeringen överlämnar denna proposition till riksdagen.", gap_after=L.leading)
        ts.para("Stockholm den 5 februari 2026", gap_after=2.2 * L.leading)
        # signers: the prime minister at the margin, the minister indented below, then the ministry
        ts.y -= L.leading
        ts.emit("t", L.left, ts.y, R, L.size, "Ulf Kristersson", "l", 0)
        ts.y -= 2.4 * L.leading
        ts.emit("t", L.left + 170, ts.y, R, L.size, "Johan Forssell", "l", 0)
        ts.text_parts.append("Ulf Kristersson\nJohan Forssell")
        ts.gap(L.leading * 0.8)
        ts.aligned("(Infrastrukturdepartementet)", "l", gap_after=L.leading * 1.5)
        ts.heading("Propositionens huvudsakliga innehåll")
        ts.para(
            "I propositionen föreslås att tillsynen över kommunal hamnverksamhet samlas hos en "
            "myndighet och att tillsynsmyndigheten får rätt att förelägga en kommun att vidta "
            "rättelse när hamnverksamheten inte bedrivs i enlighet med lagen. Vidare föreslås "
            "att kommunerna ska rapportera allvarliga driftstörningar i hamnverksamheten till "
            "tillsynsmyndigheten."
        )
        ts.para("Lagändringarna föreslås träda i kraft den 1 juli 2026.")
        ts.newpage()
        ts.heading("Innehållsförteckning", size=13)
        toc = [
            ("1", "Förslag till riksdagsbeslut", "3"),
            ("2", "Lagtext", "4"),
            ("2.1", "Förslag till lag om ändring i lagen om kommunal hamnverksamhet", "4"),
            ("3", "Ärendet och dess beredning", "6"),
            ("4", "Gällande rätt", "7"),
            ("5", "En samlad tillsyn över kommunal hamnverksamhet", "9"),
            ("6", "Ikraftträdande- och övergångsbestämmelser", "14"),
            ("7", "Konsekvenser", "15"),
            ("8", "Författningskommentar", "18"),
        ]
        for num, head, page in toc:
            ts.need(L.leading)
            ts.y -= L.leading + 2
            ts.emit("t", L.left, ts.y, R, L.size, num, "l", 0)
            ts.emit("t", L.left + 30, ts.y, R, L.size, head, "l", 0)
            ts.emit("t", L.right, ts.y, R, L.size, page, "r", 0)
            ts.text_parts.append(f"{num} {head} {page}")

    expected = record(
        f"{name}.pdf",
        kind="proposition",
        title=title,
        date="2026-02-05",
        designation="Prop. 2025/26:87",
        issuer="Infrastrukturdepartementet",
        signatories=[sig("Ulf Kristersson"), sig("Johan Forssell")],
        notes=(
            "Invented proposition, first two pages only, in the layout of a real Swedish government "
            "bill: 'Regeringens proposition' and '2025/26:87' on two lines in 20 pt at the top left, a "
            "small 'Prop. 2025/26:87' at the right, the title in 13 pt bold. The title is the 13 pt "
            "line, not the 20 pt 'Regeringens proposition 2025/26:87'. designation 'Prop. 2025/26:87' "
            "(also the running header on page 2). date from 'Stockholm den 5 februari 2026'. "
            "Signatories: the prime minister at the left margin and the minister indented on a lower "
            "line, both with role null (no role is printed). issuer from '(Infrastrukturdepartementet)' "
            "under the signers. NOT a deadline: 'träda i kraft den 1 juli 2026' is the date of entry "
            "into force, not a dated obligation; 'ska rapportera' in the summary describes the proposed "
            "law and is not a task given by the document. The table of contents on page 2 (numbered "
            "headings with page numbers) is not a list of tasks, and its numbers are not amounts. No "
            "dnr, recipients or references."
        ),
    )
    return dict(
        name=name,
        layout=L,
        first=first,
        every=every,
        body=body,
        expected=expected,
        printed=[
            "Regeringens proposition",
            "2025/26:87",
            "Prop. 2025/26:87",
            "Stockholm den 5 februari 2026",
            "(Infrastrukturdepartementet)",
            "Innehållsförteckning",
        ],
        pages=2,
    )


# 13 ------------------------------------------------------------------------
WEBPAGE_HTML = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Nytt stöd för energieffektivisering i flerbostadshus - Regeringen.se</title>
</head>
<body>
<nav class="skip"><a href="#main">Till innehåll</a> <a href="/sok/">Sök</a> <a href="/other-languages/">Other languages</a></nav>
<header class="site-header">
<a class="logo" href="/">Regeringskansliet</a>
<nav class="menu">
<ul>
<li><a href="/regeringen/">Regeringen</a></li>
<li><a href="/dokument-och-publikationer/">Dokument och publikationer</a></li>
<li><a href="/pressmeddelanden/">Pressmeddelanden</a></li>
<li><a href="/remisser/">Remisser</a></li>
<li><a href="/om-webbplatsen/">Om webbplatsen</a></li>
</ul>
</nav>
</header>
<main id="main">
<article>
<p class="type">Pressmeddelande från Finansdepartementet</p>
<h1>Nytt stöd för energieffektivisering i flerbostadshus</h1>
<p class="published">Publicerad 12 mars 2026</p>
<p class="lead">Regeringen inför ett nytt stöd till fastighetsägare som energieffektiviserar flerbostadshus. Stödet omfattar 500 miljoner kronor per år 2026–2028.</p>
<p>Stödet riktar sig till ägare av flerbostadshus som byggdes före 1975 och som minskar byggnadens energianvändning med minst 30 procent. Förslaget bygger på betänkandet Energieffektiva flerbostadshus (SOU 2025:41).</p>
<p>Stödet kan bland annat användas till</p>
<ul>
<li>tilläggsisolering av fasader och vindsbjälklag,</li>
<li>byte av fönster och ytterdörrar,</li>
<li>installation av värmeåtervinning i ventilationen.</li>
</ul>
<p>– Många hushåll bor i hus som läcker värme. Med det här stödet blir det lättare att renovera, säger finansministern.</p>
<p>Boverket kommer att handlägga stödet. Närmare regler meddelas i en förordning.</p>
<h2>Kontakt</h2>
<p>Sara Lindqvist<br>Pressekreterare hos finansministern<br>Telefon 072-000 00 00</p>
</article>
</main>
<footer class="site-footer">
<p>Regeringskansliet, 103 33 Stockholm. Telefonväxel 08-405 10 00.</p>
<ul><li><a href="/om-webbplatsen/">Om webbplatsen</a></li><li><a href="/kontakt/">Kontakt</a></li><li><a href="/tillganglighet/">Tillgänglighetsredogörelse</a></li></ul>
</footer>
</body>
</html>
"""


def regeringen_webbsida():
    """An HTML news page (not typeset): nav, header menu, article, footer."""
    name = "regeringen-webbsida"
    expected = {
        **record(
            f"{name}.html",
            kind="other",
            title="Nytt stöd för energieffektivisering i flerbostadshus",
            date="2026-03-12",
            issuer="Finansdepartementet",
            amounts=[amt(500000000, "exact", "500 miljoner kronor per år 2026–2028")],
            references=["SOU 2025:41"],
            notes=(
                "Invented regeringen.se-like press release as HTML (written as text by the script, not "
                "typeset). Navigation, the header menu and the footer are page furniture. title = the <h1>; "
                "date from 'Publicerad 12 mars 2026' under it (the only date). issuer from 'Pressmeddelande "
                "från Finansdepartementet'. Amount: '500 miljoner kronor per år 2026–2028' -> 500000000, "
                "exact, the period kept in text. 'minst 30 procent' is not money. Reference: SOU 2025:41. "
                "No signatories (the press contact is not a signer), no deadlines, no dnr."
            ),
        )
    }
    return dict(name=name, html=WEBPAGE_HTML, expected=expected)


HTML_DOCS = [regeringen_webbsida]


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def norm_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def check_record_against_text(name: str, rec: dict, text: str) -> list[str]:
    """Every quoted string of the record must occur in the document's logical text."""
    flat = norm_ws(text)
    errs = []
    quoted = (
        [("task", t["text"]) for t in rec["tasks"]]
        + [("deadline", d["text"]) for d in rec["deadlines"]]
        + [("amount", a["text"]) for a in rec["amounts"]]
    )
    quoted += [("title", rec["title"])] if rec["title"] else []
    quoted += [("reference", r) for r in rec["references"]] + [
        ("copy", c) for c in rec["copies_to"]
    ]
    quoted += [("dnr", d) for d in rec["diarienummer"]] + [
        ("signatory", s["name"]) for s in rec["signatories"]
    ]
    for what, q in quoted:
        if norm_ws(q) not in flat:
            errs.append(f"{name}: {what} text not in document: {q!r}")
    return errs


def verify_pdf(spec: dict, path: Path) -> list[str]:
    import pdfplumber

    errs = []
    size = path.stat().st_size
    if size >= 60_000:
        errs.append(f"{path.name}: {size} bytes (limit 60 000)")
    with pdfplumber.open(path) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    text = "\n".join(pages)
    flat = norm_ws(text)
    if spec.get("pages") and len(pages) != spec["pages"]:
        errs.append(f"{path.name}: {len(pages)} pages, expected {spec['pages']}")
    if "(cid:" in text or "\ufffd" in text or "\x00" in text:
        errs.append(f"{path.name}: garbage in extracted text")
    if not all(ch in text for ch in "åäö"):
        errs.append(f"{path.name}: å/ä/ö missing from extracted text")
    for s in spec.get("printed", []):  # compared with line breaks folded to spaces
        if norm_ws(s) not in flat:
            errs.append(f"{path.name}: {s!r} not in extracted text")
    for s in spec.get("printed_raw", []):  # strings that must survive with their line break
        if s not in text:
            errs.append(f"{path.name}: line-break pattern {s!r} not in extracted text")
    return errs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-check", action="store_true", help="skip the pdfplumber verification")
    ap.add_argument("--only", help="generate only the fixture with this name")
    args = ap.parse_args(argv)
    register_fonts()
    OUT.mkdir(exist_ok=True)
    errors: list[str] = []
    for fn in DOCS:
        spec = fn()
        if args.only and spec["name"] != args.only:
            continue
        ts = Typesetter(spec["layout"])
        spec["body"](ts)
        pdf_path = OUT / f"{spec['name']}.pdf"
        draw(pdf_path, ts, spec["first"], spec["every"])
        rec = spec["expected"]
        assert rec["source"] == pdf_path.name, (rec["source"], pdf_path.name)
        (OUT / f"{spec['name']}.expected.json").write_text(
            json.dumps(rec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        header: list[tuple] = []
        spec["first"](header.append)
        header_text = "\n".join(it[5] for it in header if it[0] == "t")
        errors += check_record_against_text(
            spec["name"], rec, header_text + "\n" + "\n".join(ts.text_parts)
        )
        for fill, alt, line in ts.forced_fill:
            if alt <= 1.0:  # the line would not really have been broken here
                errors.append(
                    f"{spec['name']}: unnatural forced break (fill {fill:.2f}, "
                    f"unbroken {alt:.2f}) after {line!r}"
                )
        if not args.no_check:
            errors += verify_pdf(spec, pdf_path)
        print(f"{pdf_path.name}: {len(ts.pages)} page(s), {pdf_path.stat().st_size} bytes")
    for fn in HTML_DOCS:  # web pages: the HTML is the data, written as is
        spec = fn()
        if args.only and spec["name"] != args.only:
            continue
        html_path = OUT / f"{spec['name']}.html"
        html_path.write_text(spec["html"], encoding="utf-8")
        rec = spec["expected"]
        assert rec["source"] == html_path.name, (rec["source"], html_path.name)
        (OUT / f"{spec['name']}.expected.json").write_text(
            json.dumps(rec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        visible = re.sub(r"<[^>]+>", " ", spec["html"].split("<body>", 1)[1])
        errors += check_record_against_text(spec["name"], rec, visible)
        print(f"{html_path.name}: {html_path.stat().st_size} bytes")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
