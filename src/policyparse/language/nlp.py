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

import re
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
    sentencizer = get_nlp().get_pipe("sentencizer")
    return frozenset(cast(Sentencizer, sentencizer).punct_chars)


@lru_cache(maxsize=1)
def _final_finders() -> tuple[str, frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """The sentence-final characters split for speed: the ASCII ones (``.``, ``!``, ``?``),
    the others, a pattern for the ASCII ones and one for all. A character class of all 128
    costs ``re`` over ten times as much per character as one of three, and a text that holds
    none of the others (nearly every text here: they are other scripts' full stops) needs
    only the small one; ``frozenset.isdisjoint`` tells, in one pass in C."""
    punct = _punct_chars()
    ascii_chars = "".join(sorted(c for c in punct if c.isascii()))
    every = "".join(map(re.escape, sorted(punct)))
    return (
        ascii_chars,
        frozenset(c for c in punct if not c.isascii()),
        re.compile("[" + re.escape(ascii_chars) + "]"),
        re.compile("[" + every + "]"),
    )


_NON_SPACE = re.compile(r"\S*")


def _final_chunks(text: str, finder: re.Pattern[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of the whitespace-separated chunks of ``text`` that hold a character
    ``finder`` finds. A chunk's start is found backwards in the reversed text (no regex
    scanning from every position: one with a lookbehind cost ten times as much)."""
    chunks: list[tuple[int, int]] = []
    end = -1
    reverse = ""
    n = len(text)
    for m in finder.finditer(text):
        at = m.start()
        if at < end:
            continue  # another final character of the same chunk
        if not reverse:
            reverse = text[::-1]
        # \S* always matches (perhaps empty)
        back = _NON_SPACE.match(reverse, n - at).end() - (n - at)  # type: ignore[union-attr]
        end = _NON_SPACE.match(text, at).end()  # type: ignore[union-attr]
        chunks.append((at - back, end))
    return chunks


_CHUNK = re.compile(r"\S+")  # spaCy's chunks: the tokenizer splits text at whitespace first

# A chunk's part in the sentencizer's rule, a pure function of the chunk (the tokenizer
# tokenizes each chunk on its own): for the state it is entered in (after a sentence-final
# token or not), the offsets in the chunk where sentences start and the state it leaves.
_Rule = tuple[tuple[int, ...], bool, tuple[int, ...], bool]
# Per process and bounded: chunks with a full stop repeat across documents ("2026.",
# "uppdraget.", "bl.a."), and the tokenizer's Doc for a handful of chunks costs more than
# the sentences it decides.
_RULES: dict[str, _Rule] = {}
_RULES_MAX = 20_000


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of each sentence of ``text``, exactly as
    ``get_nlp(bodies=False)(text).sents`` gives them, at a fraction of the cost
    (:func:`sentence_spans_many`)."""
    return sentence_spans_many([text])[0]


def sentence_spans_many(texts: list[str]) -> list[list[tuple[int, int]]]:
    """:func:`sentence_spans` of each text; their chunks go to the tokenizer together.

    Why: the sentencizer walks every token as a Python ``Token`` object and ``Doc.sents`` makes
    a ``Span`` per sentence; that was half the language stage. Here the sentencizer's rule (a
    sentence starts at the first token after a sentence-final character that is not
    punctuation) is replayed chunk by chunk. The tokenizer cuts text into whitespace-separated
    chunks and tokenizes each on its own (a whitespace run after a chunk is a chunk too, less
    a single leading space, which it keeps as the previous token's whitespace), so a chunk's
    part in the rule depends on that chunk alone (:data:`_RULES`). Only the chunks that hold
    a sentence-final character need their tokens, and the one after each where the next
    sentence may start: where that starts with a letter, a digit or whitespace, its first
    token is not punctuation and starts the sentence, without tokens. A text without any
    sentence-final character is one sentence. Too long a text still raises spaCy's E088
    ``ValueError``.
    """
    nlp = get_nlp()  # its tokenizer: the ruler does not run here, and one vocabulary warms
    punct = _punct_chars()
    ascii_chars, others, ascii_finder, finder = _final_finders()
    found: list[list[tuple[int, int]] | None] = []
    missing: dict[str, None] = {}  # chunks to tokenize, in first-seen order
    for text in texts:
        if len(text) > nlp.max_length:
            nlp.make_doc(text)  # spaCy's own error for too long a text
        if others.isdisjoint(text):
            if all(c not in text for c in ascii_chars):
                found.append(None)
                continue
            chunks = _final_chunks(text, ascii_finder)
        else:
            chunks = _final_chunks(text, finder)
        for a, b in chunks:
            chunk = text[a:b]
            if chunk not in _RULES:
                missing[chunk] = None
        found.append(chunks)
    if missing:
        _learn(nlp, list(missing), punct)
    return [
        _spans(nlp, text, chunks, punct) if chunks is not None else _one_sentence(text)
        for text, chunks in zip(texts, found, strict=True)
    ]


def _one_sentence(text: str) -> list[tuple[int, int]]:
    """A text without a sentence-final character: its tokens, all of them, from the first
    character to the last but a single trailing space (the last word's whitespace)."""
    return [(0, _end(text, len(text)))] if text else []


def _end(text: str, at: int) -> int:
    """Where the token before the chunk at ``at`` (or the text's end) ends: one character
    earlier when a single space that the tokenizer kept as whitespace comes between."""
    return at - 1 if at >= 2 and text[at - 1] == " " and not text[at - 2].isspace() else at


def _learn(nlp: Language, chunks: list[str], punct: frozenset[str]) -> None:
    """Tokenize ``chunks`` (joined by single spaces, which the tokenizer keeps as the
    previous token's whitespace: one Doc for all) and store their rules."""
    if len(_RULES) + len(chunks) > _RULES_MAX:
        _RULES.clear()
    tokens = nlp.tokenizer(" ".join(chunks))
    rows = tokens.to_array([IDX, LENGTH, IS_PUNCT]).tolist()
    r = 0
    offset = 0
    for chunk in chunks:
        end = offset + len(chunk)
        mine: list[tuple[int, int, int]] = []
        while r < len(rows) and rows[r][0] < end:
            idx, length, is_punct = rows[r]
            mine.append((idx - offset, length, is_punct))
            r += 1
        _RULES[chunk] = _rule(chunk, mine, punct)
        offset = end + 1


def _rule(chunk: str, rows: list[tuple[int, int, int]], punct: frozenset[str]) -> _Rule:
    """The sentencizer over one chunk's ``(idx, length, is_punct)`` token rows, entered with
    and without a sentence-final token before it."""
    rule: list[tuple[int, ...] | bool] = []
    for seen_period in (False, True):
        starts: list[int] = []
        for idx, length, is_punct in rows:
            final = length == 1 and chunk[idx] in punct
            if seen_period and not is_punct and not final:
                starts.append(idx)
                seen_period = False
            elif final:
                seen_period = True
        rule += [tuple(starts), seen_period]
    return cast(_Rule, tuple(rule))


def _chunk_rule(nlp: Language, chunk: str, punct: frozenset[str]) -> _Rule:
    rule = _RULES.get(chunk)
    if rule is None:
        _learn(nlp, [chunk], punct)
        rule = _RULES[chunk]
    return rule


def _spans(
    nlp: Language, text: str, chunks: list[tuple[int, int]], punct: frozenset[str]
) -> list[tuple[int, int]]:
    """The sentences of ``text``, whose chunks with a sentence-final character are
    ``chunks``. Between those, chunks matter only after a final token, until one starts a
    sentence: one without a final character cannot end one."""
    spans: list[tuple[int, int]] = []
    start = 0  # the current sentence's first character: the text's first token starts one
    seen_period = False
    at = 0  # where the chunks not yet replayed begin
    for a, b in [*chunks, (len(text), len(text))]:
        while seen_period and at < a:  # the chunks before this one, after a final token
            c = text[at]
            if c == " " and at > 0 and not text[at - 1].isspace():
                at += 1  # a single space after a chunk: whitespace of its last token
                continue
            if c.isspace() or (c.isalnum() and c not in punct):
                # a whitespace token, or a word's or number's first token: not punctuation
                spans.append((start, _end(text, at)))
                start = at
                seen_period = False
                break
            m = _CHUNK.match(text, at)
            assert m is not None
            starts, seen_period = _entered(_chunk_rule(nlp, m.group(), punct), True)
            for s in starts:
                spans.append((start, _end(text, at) if s == 0 else at + s))
                start = at + s
            at = m.end()
        if a == len(text):
            break
        starts, seen_period = _entered(_chunk_rule(nlp, text[a:b], punct), seen_period)
        for s in starts:
            spans.append((start, _end(text, a) if s == 0 else a + s))
            start = a + s
        at = b
    spans.append((start, _end(text, len(text))))
    return spans


def _entered(rule: _Rule, seen_period: bool) -> tuple[tuple[int, ...], bool]:
    return (rule[2], rule[3]) if seen_period else (rule[0], rule[1])
