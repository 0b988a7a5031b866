"""layout.glyphs: fonts whose character codes are glyph indices in the Macintosh order."""

from __future__ import annotations

from pathlib import Path

import pytest

import policyparse
from policyparse.layout.glyphs import decode_glyph, decode_glyph_fonts
from policyparse.layout.lines import RawChar

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "custom-encoding.pdf"


def _chars(codes: list[str], font: str) -> list[RawChar]:
    return [RawChar(t, 10.0 * i, 100, 10.0 * i + 8, 112, 12, font) for i, t in enumerate(codes)]


GORAN = ["*", "|", "U", "D", "Q", "(cid:3)", "3", "H", "U", "V", "V", "R", "Q"]


def test_decode_glyph_indices() -> None:
    assert "".join(decode_glyph(t) or "?" for t in GORAN) == "Göran Persson"
    assert decode_glyph("(cid:124)") == "ö"
    assert decode_glyph("(cid:2)") is None  # below the space: no text
    assert decode_glyph("ab") is None


def test_glyph_index_font_is_decoded_and_others_are_kept() -> None:
    body = _chars(list("Regeringen beslutar"), "Times-Roman")
    names = _chars(GORAN, "CBGMAD+TimesNewRoman-Italic")
    out = decode_glyph_fonts(body + names)
    assert "".join(c[0] for c in out[: len(body)]) == "Regeringen beslutar"
    assert "".join(c[0] for c in out[len(body) :]) == "Göran Persson"
    assert [c[1:] for c in out] == [c[1:] for c in body + names]  # boxes and fonts untouched


@pytest.mark.parametrize(
    "codes",
    [
        # a real unmapped glyph among ordinary lower-case text: decoding would make it worse
        [*"med stöd av", "(cid:3)", *"lagen"],
        # too little text to tell
        ["*", "(cid:3)", "U"],
        # no glyph-3 space at all: nothing to go by
        ["*", "|", "U", "D", "Q"],
    ],
)
def test_fonts_that_do_not_read_as_glyph_indices_are_kept(codes: list[str]) -> None:
    chars = _chars(codes, "F1")
    assert decode_glyph_fonts(chars) == chars


@pytest.mark.skipif(not REAL.is_file(), reason="../shared/corpus/real is not available")
@pytest.mark.parametrize("backend", ["pdfplumber", "pdfium"])
def test_signers_in_a_glyph_index_font_are_read(backend: str) -> None:
    doc = policyparse.parse(REAL, options=policyparse.Options(backend=backend))  # type: ignore[arg-type]
    assert [s.name for s in doc.signatories] == ["Göran Persson", "Bosse Ringholm"]
