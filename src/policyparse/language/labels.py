"""Document-type labels ("Regeringsbeslut", "Tjänsteskrivelse", "Remissvar 1 (3)") from
``models/patterns/document_labels.tsv``: one vocabulary for the layout stage, which must not
take a label line for the title, and the header extractor, which reads the kind from it.

The patterns are built once per process from the asset; the asset's header explains the
columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import cast, get_args

import regex

from policyparse.errors import ModelAssetsError
from policyparse.language.assets import data_lines, models_dir
from policyparse.record import DocumentKind
from policyparse.text import folded

_PAGE_NOTE = r"(?:\s+\d+\s*\(\d+\))?"
_MEETING = r"(?:\s+[IVX]+:\d+)?"
_KINDS = set(get_args(DocumentKind))


@dataclass(frozen=True, slots=True)
class Labels:
    line: regex.Pattern[str]  # a line that is only a label (optionally with "II:6")
    kinds: tuple[tuple[regex.Pattern[str], DocumentKind], ...]  # first match wins
    # Prefilters, case-folded (see text.folded): a word of each label of a pattern, so that
    # the pattern cannot match a text whose folded form has none of them.
    kind_words: tuple[str, ...]  # of every pattern of ``kinds``
    line_words: tuple[str, ...]  # of ``line``
    header_words: tuple[str, ...]  # of ``header_word``
    title_prefix: regex.Pattern[str]  # "Beslutsförslag Svar på remiss …"
    header_word: regex.Pattern[str]  # groups w (at the start) and w2 (at the end)


def _alternation(words: list[str]) -> str:
    """``a|b|c`` for a regex, longest first ("regeringens proposition" before "regeringen");
    a pattern that never matches for no words."""
    if not words:
        return "(?!)"
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])


def _words(labels: list[str]) -> tuple[str, ...]:
    """The longest word of each label, case-folded, without repeats: a pattern made of the
    labels (by ``_alternation``, where a space is ``\\s+``) matches only text that has one."""
    return tuple(dict.fromkeys(folded(max(label.split() or [""], key=len)) for label in labels))


@lru_cache(maxsize=1)
def labels() -> Labels:
    path = models_dir() / "patterns" / "document_labels.tsv"
    rows = [line.split("\t") for line in data_lines(path)]
    if not rows or rows[0][:4] != ["label", "kind", "match", "uses"]:
        raise ModelAssetsError(f"{path}: expected the columns label, kind, match, uses")
    by_use: dict[str, list[str]] = {}
    kinds: list[tuple[regex.Pattern[str], DocumentKind]] = []
    kind_labels: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 4:
            raise ModelAssetsError(f"{path}: row {number} needs 4 tab-separated columns")
        label, kind, match, uses = row
        word = _alternation([label])
        if kind != "-":
            if kind not in _KINDS:
                raise ModelAssetsError(f"{path}: row {number}: unknown kind {kind!r}")
            shapes = {
                "exact": rf"^(?:{word}){_PAGE_NOTE}$",
                "compound": rf"^\w*(?:{word}){_PAGE_NOTE}$",
                "prefix": rf"^(?:{word})\b",
            }
            if match not in shapes:
                raise ModelAssetsError(f"{path}: row {number}: unknown match {match!r}")
            kinds.append((regex.compile(shapes[match], regex.I), cast(DocumentKind, kind)))
            kind_labels.append(label)
        for use in uses.split(","):
            if use != "-":
                by_use.setdefault(use, []).append(label)
    start = _alternation(by_use.get("head_start", []))
    end = _alternation(by_use.get("head_end", []))
    return Labels(
        line=regex.compile(rf"^(?:{_alternation(by_use.get('line', []))}){_MEETING}$", regex.I),
        kinds=tuple(kinds),
        kind_words=_words(kind_labels),
        line_words=_words(by_use.get("line", [])),
        header_words=_words(by_use.get("head_start", []) + by_use.get("head_end", [])),
        title_prefix=regex.compile(
            rf"^(?:{_alternation(by_use.get('title', []))})\s*[:–-]?\s+", regex.I
        ),
        header_word=regex.compile(rf"^(?P<w>{start})\b\s*|\s+(?P<w2>{end})$", regex.I),
    )
