"""Text set in a font whose codes are glyph numbers: "*|UDQ(cid:3)3HUVVRQ" is "Göran Persson".

Why: subset TrueType fonts without a ToUnicode map, common in government PDFs from around
2000, give extractors the glyph index as the character code. When the font's glyphs are in
the standard Macintosh order (the TrueType 'post' table's 258 names), index 3 is the space
(so the gaps come out as "(cid:3)"), 36–61 are A–Z, 68–93 a–z, 124 is "ö". Read that way, a
signer's name or a heading is text again instead of noise.

Only a font whose text contains the glyph-3 space and that reads as language once decoded
(mostly lower-case letters, where the raw codes were not) is decoded; every other font is
left as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from operator import itemgetter

from policyparse.layout.lines import Char

GLYPH_SPACE = "(cid:3)"
# The standard Macintosh glyph order from index 98 on (Adieresis …), as far as text needs it.
_MAC_AFTER_ASCII = (
    "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00a0"
    "ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄¤‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ"
)
_TEXT = itemgetter(0)
_LOWER = set("abcdefghijklmnopqrstuvwxyzåäöéü")


def _code(text: str) -> int | None:
    if text.startswith("(cid:") and text.endswith(")"):
        digits = text[5:-1]
        return int(digits) if digits.isdigit() else None
    return ord(text) if len(text) == 1 else None


def decode_glyph(text: str) -> str | None:
    """The character at glyph index ``text`` in the standard Macintosh order, if any."""
    code = _code(text)
    if code is None:
        return None
    if 3 <= code <= 97:
        return chr(code + 29)
    if 98 <= code < 98 + len(_MAC_AFTER_ASCII):
        return _MAC_AFTER_ASCII[code - 98]
    return None


def _lower_share(texts: list[str]) -> float:
    visible = [t for t in texts if t.strip()]
    if not visible:
        return 0.0
    return sum(1 for t in visible if t in _LOWER) / len(visible)


def decode_glyph_fonts(chars: Sequence[Char]) -> Sequence[Char]:
    """``chars`` with the text of glyph-index fonts decoded (see the module doc)."""
    if GLYPH_SPACE not in map(_TEXT, chars):
        return chars  # nearly every page: one scan, in C (a generator cost 3 % of a parse)
    by_font: dict[str, list[str]] = defaultdict(list)
    for c in chars:
        by_font[c[6]].append(c[0])
    decode: set[str] = set()
    for font, texts in by_font.items():
        if GLYPH_SPACE not in texts or len(texts) < 5:
            continue
        decoded = [decode_glyph(t) or "\ufffd" for t in texts]
        if "\ufffd" in decoded:
            continue
        if _lower_share(decoded) >= 0.5 and _lower_share(texts) < 0.3:
            decode.add(font)
    if not decode:
        return chars
    return [
        (decode_glyph(c[0]) or c[0], c[1], c[2], c[3], c[4], c[5], c[6]) if c[6] in decode else c
        for c in chars
    ]
