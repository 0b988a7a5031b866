"""Character-level normalisation shared by every source.

Why: PDFs encode the same Swedish text in many ways (ligature glyphs, Unicode hyphen variants,
private-use bullet glyphs from Symbol/Wingdings fonts). Normalising per character keeps the
one-to-one link between a character and its box, which evidence depends on.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
HYPHENS = {"\u2010": "-", "\u2011": "-", "\u2212": "-"}
# Glyphs that mark list items: Word's Symbol bullet, Wingdings squares/arrows, base-14 (cid:127).
BULLET_GLYPHS = {
    "\uf0b7",
    "\uf0a7",
    "\uf076",
    "\uf0d8",
    "\uf0fc",
    "\uf0a8",
    "\uf06e",
    "\uf0e0",
    "\u2022",
    "\u25cf",
    "\u25aa",
    "\u25a0",
    "\u25e6",
    "\u2023",
    "\u2043",
    "\u00b7",
    "\u25cb",
    "\u27a2",
    "(cid:127)",
    "\u2219",
}
SOFT_HYPHEN = "\u00ad"
PDFIUM_HYPHEN = "\ufffe"


# One lookup table for the per-character hot loop (layout.lines); the keys of the tables
# above do not overlap.
NORMALIZED: dict[str, str] = {
    **dict.fromkeys(BULLET_GLYPHS, "•"),
    **HYPHENS,
    **LIGATURES,
    "\u00a0": " ",
}


def normalize_char(text: str) -> str:
    """Map one extracted glyph's text to its normalised form (may be several characters)."""
    return NORMALIZED.get(text, text)


def clean_string(text: str) -> str:
    """Normalise a whole string (used for text inputs and evidence-free values)."""
    out = []
    for ch in text:
        out.append(normalize_char(ch))
    return "".join(out).replace(SOFT_HYPHEN, "")


_FOLDED_CACHE_CHARS = 4096  # longer texts are folded afresh: the cache stays small


def folded(text: str) -> str:
    """``text`` case-folded for a substring pre-check before an IGNORECASE regex: a regex that
    can match only where one of some literal words occurs (in any case) is skipped when
    none of them is in ``folded(text)``.

    Why ``casefold`` and not ``lower``: the regex module's IGNORECASE also matches the Kelvin
    sign for "k" and the long s for "s", which ``casefold`` maps to those letters. Dotted
    capital I (İ) matches "i" but folds to "i" + a combining dot above; the dot is dropped. A
    removed character can only add occurrences of a word, never hide one, so the check never
    skips a text the regex would match. Cached (texts up to ``_FOLDED_CACHE_CHARS`` long, so
    that a batch over thousands of documents holds at most a few megabytes): several
    extractors check one sentence.
    """
    if len(text) > _FOLDED_CACHE_CHARS:
        return _fold(text)
    return _folded(text)


def _fold(text: str) -> str:
    return text.casefold().replace("\u0307", "")


_folded = lru_cache(maxsize=1024)(_fold)


def has_any(low: str, words: Sequence[str]) -> bool:
    """``any(word in low for word in words)``: the pre-check in front of most extractor
    patterns, run on every sentence and header line. A plain loop, not ``any`` over a
    generator: resuming the generator per word cost as much as the substring tests."""
    for word in words:  # noqa: SIM110 (see above)
        if word in low:
            return True
    return False
