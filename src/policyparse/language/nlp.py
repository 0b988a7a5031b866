"""The spaCy pipeline: ``blank("sv")`` + Swedish rule components, registered as factories.

Components (each usable in a user's own pipeline by name):

* ``policyparse_lemmatizer`` — the context-free lookup table from spacy-lookups-data, applied to
  the lower-cased form (the table is case-sensitive) with overrides for closed-class words it
  gets wrong without POS (för→föra, ska→skola).
* ``policyparse_public_bodies`` — an EntityRuler labelling ``ORG`` spans: the gazetteer of
  Swedish public bodies in ``models/gazetteer`` plus shape patterns ("X kommun", "Region X",
  "Länsstyrelsen i X län", "Myndigheten för …").

The tokenizer learns the abbreviations in ``models/patterns/abbreviations.txt`` so that
"prop." or "bl.a." never end a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH
from spacy.language import Language
from spacy.pipeline import EntityRuler, Sentencizer
from spacy.tokens import Doc

from policyparse.language.assets import abbreviations, gazetteer, lemma_overrides


@lru_cache(maxsize=1)
def _lemma_table() -> Any:
    """spacy-lookups-data's ``sv`` lemma table (keys are hashed: query it with ``.get``)."""
    from spacy.lookups import load_lookups

    return load_lookups("sv", ["lemma_lookup"]).get_table("lemma_lookup")


def lemma(word: str) -> str:
    """Lemma of one word form (lower-cased lookup, overrides first)."""
    low = word.lower()
    over = lemma_overrides().get(low)
    if over is not None:
        return over
    return str(_lemma_table().get(low, low))


class LookupLemmatizer:
    def __call__(self, doc: Doc) -> Doc:
        overrides = lemma_overrides()
        table = _lemma_table()
        for token in doc:
            low = token.lower_
            token.lemma_ = overrides.get(low) or table.get(low, low)
        return doc


@Language.factory("policyparse_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer()


# Capitalised at a sentence start, these make "Varje kommun" look like "Kungsbacka kommun".
_DETERMINERS = [
    "varje",
    "den",
    "en",
    "denna",
    "hela",
    "samma",
    "annan",
    "vilken",
    "berörd",
    "ansvarig",
    "aktuell",
    "respektive",
    "vår",
    "er",
    "sin",
    "din",
    "min",
    "någon",
    "ingen",
    "ny",
    "vald",
    "enskild",
    "större",
    "mindre",
    "liten",
    "stor",
]
_SHAPE_PATTERNS: list[dict[str, Any]] = [
    {
        "label": "ORG",
        "pattern": [
            {"IS_TITLE": True, "LOWER": {"NOT_IN": _DETERMINERS}},
            {"LOWER": {"IN": ["kommun", "stad"]}},
        ],
    },
    {"label": "ORG", "pattern": [{"LOWER": "region"}, {"IS_TITLE": True}]},
    {
        "label": "ORG",
        "pattern": [
            {"LOWER": "länsstyrelsen"},
            {"LOWER": "i"},
            {"IS_TITLE": True},
            {"LOWER": "län"},
        ],
    },
    {
        "label": "ORG",
        "pattern": [
            {"LOWER": "länsstyrelsen"},
            {"LOWER": "i"},
            {"IS_TITLE": True},
            {"IS_TITLE": True},
            {"LOWER": "län"},
        ],
    },
    {
        "label": "ORG",
        "pattern": [{"TEXT": {"REGEX": "^[A-ZÅÄÖ]"}, "LOWER": {"REGEX": "departementet$"}}],
    },
]


class _StaticEntityRuler(EntityRuler):
    """An EntityRuler whose patterns are fixed after construction. spaCy's own checks on every
    call that it has patterns by counting them all (~3,000 here): a third of the language
    stage's time."""

    def _require_patterns(self) -> None:
        return None


@Language.factory("policyparse_public_bodies")
def make_public_bodies(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    ruler = _StaticEntityRuler(nlp, name=name, phrase_matcher_attr="LOWER")
    patterns: list[dict[str, Any]] = list(_SHAPE_PATTERNS)
    for body in gazetteer().bodies:
        for form in (body.name, *body.aliases, *body.former_names):
            if len(form) > 2:
                patterns.append({"label": "ORG", "pattern": form, "id": body.name})
    ruler.add_patterns(patterns)
    return ruler


def _add_special_cases(nlp: Language) -> None:
    for abbr in abbreviations():
        for form in {abbr, abbr[:1].upper() + abbr[1:]}:
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])  # type: ignore[union-attr]


@lru_cache(maxsize=4)
def get_nlp(lemmas: bool = False, bodies: bool = True) -> Language:
    """The shared pipeline. Built once per process; cheap to call."""
    nlp = spacy.blank("sv")
    _add_special_cases(nlp)
    nlp.add_pipe("sentencizer")
    if lemmas:
        nlp.add_pipe("policyparse_lemmatizer")
    if bodies:
        nlp.add_pipe("policyparse_public_bodies")
    return nlp


@lru_cache(maxsize=1)
def _punct_chars() -> frozenset[str]:
    sentencizer = get_nlp(bodies=False).get_pipe("sentencizer")
    return frozenset(cast(Sentencizer, sentencizer).punct_chars)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of each sentence of ``text``, exactly as
    ``get_nlp(bodies=False)(text).sents`` gives them, at a fraction of the cost.

    Why: the sentencizer walks every token as a Python ``Token`` object and ``Doc.sents`` makes
    a ``Span`` per sentence; that was half the language stage. Here the tokenizer runs alone
    and the sentencizer's rule (a sentence starts at the first token after a sentence-final
    character that is not punctuation) runs over the token array. A text without any
    sentence-final character is one sentence and needs no tokens at all: the tokenizer covers
    every character, except a single trailing space that it keeps as the last word's
    whitespace. Too long a text still raises spaCy's E088 ``ValueError``.
    """
    nlp = get_nlp(bodies=False)
    if not text:
        return []
    punct = _punct_chars()
    if len(text) <= nlp.max_length and punct.isdisjoint(text):
        trailing_space = len(text) > 1 and text[-1] == " " and not text[-2].isspace()
        return [(0, len(text) - 1 if trailing_space else len(text))]
    rows = nlp.make_doc(text).to_array([IDX, LENGTH, IS_PUNCT]).tolist()
    spans: list[tuple[int, int]] = []
    start = 0  # token index of the current sentence's first token
    seen_period = False
    for i, (idx, length, is_punct) in enumerate(rows):
        final = length == 1 and text[idx] in punct
        if seen_period and not is_punct and not final:
            spans.append((rows[start][0], rows[i - 1][0] + rows[i - 1][1]))
            start = i
            seen_period = False
        elif final:
            seen_period = True
    if rows:
        spans.append((rows[start][0], rows[-1][0] + rows[-1][1]))
    return spans
