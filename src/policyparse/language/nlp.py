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
from bisect import bisect_right
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
def _punct_pattern() -> re.Pattern[str]:
    return re.compile("[" + "".join(map(re.escape, sorted(_punct_chars()))) + "]")


_WORD = re.compile(r"\S+")  # spaCy's chunks: the tokenizer splits text at whitespace first


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

    Nor does the tokenizer run over the whole text: it cuts text into whitespace-separated
    chunks and tokenizes each on its own, so only the chunks where a sentence can end or
    start need it (:func:`_token_windows`). That spares it most words, and each new word costs
    it a lexeme with all its attributes.
    """
    nlp = get_nlp()  # its tokenizer: the ruler does not run here, and one vocabulary warms
    if not text:
        return []
    punct = _punct_chars()
    if len(text) <= nlp.max_length and punct.isdisjoint(text):
        trailing_space = len(text) > 1 and text[-1] == " " and not text[-2].isspace()
        return [(0, len(text) - 1 if trailing_space else len(text))]
    if len(text) > nlp.max_length:
        nlp.make_doc(text)  # spaCy's own error for too long a text
    rows = _token_windows(nlp, text, punct)
    spans: list[tuple[int, int]] = []
    start = 0  # row index of the current sentence's first token
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


def _token_windows(nlp: Language, text: str, punct: frozenset[str]) -> list[list[int]]:
    """``[idx, length, is_punct]`` of the tokens that decide ``text``'s sentences, in order.

    Those are the tokens of the chunks that hold a sentence-final character, of the chunk
    after each (where the next sentence starts) and of the last chunk (the last sentence's
    end, with any whitespace tokens after it), and the first token of the text. Runs of such
    chunks are tokenized as windows: a window starts where a chunk starts and ends where one
    ends (or at the end of the text), so its tokens are those of that stretch of the whole
    text; all windows go to the tokenizer in one text, joined by single spaces (which it
    keeps as the previous token's whitespace).

    Where a chunk after a final one follows a single space and starts with a letter or
    digit, its first token is that character's and is not punctuation: that is all the
    sentencizer asks of it, so it stands as a one-character row without tokenizing (the first
    chunk likewise, unless the text starts with whitespace). Between these no sentence can
    start: no chunk there holds a final character, and the window before ends with the
    sentence after its final character started. Where it has not (the chunk after a final is
    all punctuation, a quote or a bracket), the next chunk joins the windows, until it has.
    """
    chunks = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if len(chunks) <= 2:
        return cast(list[list[int]], nlp.make_doc(text).to_array([IDX, LENGTH, IS_PUNCT]).tolist())
    last = len(chunks) - 1
    starts = [a for a, _ in chunks]
    tokenized = {last}
    for m in _punct_pattern().finditer(text):
        tokenized.add(bisect_right(starts, m.start()) - 1)
    if text[0].isspace():
        tokenized.add(0)
    letters: set[int] = set()  # chunks standing as one row: their first character
    for k in sorted(tokenized):
        after = k + 1
        if after > last or after in tokenized:
            continue
        a = chunks[after][0]
        if text[chunks[k][1] : a] == " " and text[a].isalnum() and text[a] not in punct:
            letters.add(after)
        else:
            tokenized.add(after)
    if 0 not in tokenized:
        letters.add(0)
    while True:
        rows, extend = _window_rows(nlp, text, punct, chunks, sorted(tokenized), letters)
        if extend is None:
            return rows
        tokenized.add(extend)
        letters.discard(extend)


def _window_rows(
    nlp: Language,
    text: str,
    punct: frozenset[str],
    chunks: list[tuple[int, int]],
    tokenized: list[int],
    letters: set[int],
) -> tuple[list[list[int]], int | None]:
    """The rows of :func:`_token_windows` for these chunks, or the chunk to tokenize too
    (the one after a window that ends with the sentencizer still waiting for a start)."""
    last = len(chunks) - 1
    windows = _runs(tokenized)
    pieces: list[str] = []
    offsets: list[int] = []  # where each window's text starts in the joined text
    at = 0
    for first, end in windows:
        lo = 0 if first == 0 else chunks[first][0]
        hi = len(text) if end == last else chunks[end][1]
        pieces.append(text[lo:hi])
        offsets.append(at)
        at += hi - lo + 1
    joined = nlp.make_doc(" ".join(pieces)).to_array([IDX, LENGTH, IS_PUNCT]).tolist()
    by_window: list[list[list[int]]] = [[] for _ in windows]
    w = 0
    for row in joined:
        while w + 1 < len(offsets) and row[0] >= offsets[w + 1]:
            w += 1
        first = windows[w][0]
        row[0] += (0 if first == 0 else chunks[first][0]) - offsets[w]
        by_window[w].append(row)
    rows: list[list[int]] = []
    seen_period = False
    pending = sorted(letters)
    p = 0
    for (first, end), window in zip(windows, by_window, strict=True):
        while p < len(pending) and pending[p] < first:
            rows.append([chunks[pending[p]][0], 1, 0])
            seen_period = False  # a letter or digit: not punctuation, not final
            p += 1
        for row in window:
            final = row[1] == 1 and text[row[0]] in punct
            if seen_period and not row[2] and not final:
                seen_period = False
            elif final:
                seen_period = True
        rows += window
        if seen_period and end < last and end + 1 not in letters:
            return rows, end + 1
    rows += ([chunks[k][0], 1, 0] for k in pending[p:])
    return rows, None


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Sorted indices as runs of consecutive ones: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for k in indices:
        if runs and runs[-1][1] == k - 1:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs
