"""The nouns that name work a task orders: "följa upp" → "uppföljning", "kartlägga" →
"kartläggning", "utvärdera" → "utvärdering".

Why: a decision often goes on about a task in a sentence of its own whose subject is that
work as a noun ("Den årliga uppföljningen … ska utgå från en kvantitativ ansats", after the
bullet "årligen följa upp användningen …"). Such a sentence is a task of the same assignee.
Derivation rules cover the regular verbs; ``models/patterns/nominalizations.tsv`` the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policyparse.language.assets import data_lines, models_dir

PARTICLES = frozenset(
    {"upp", "fram", "över", "in", "ut", "till", "av", "om", "bort", "på", "samman", "ihop"}
)
# The standard library's engine: for a set of listed letters it finds what the regex
# module finds, faster.
_WORD = re.compile(r"[a-zåäöé]+")


@lru_cache(maxsize=1)
def _irregular() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for line in data_lines(models_dir() / "patterns" / "nominalizations.tsv"):
        verb, _, noun = line.partition("\t")
        if noun:
            table.setdefault(verb.strip(), []).append(noun.strip())
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=4096)
def _derive(verb: str) -> frozenset[str]:
    """Regular nominalizations of an infinitive: -era → -ering, -la/-na → -ling/-ning,
    other -a → -ning; and the -ande form every verb has. Cached: every word of every task
    is asked, and the words of a language repeat."""
    if len(verb) < 4 or not verb.endswith("a"):
        return frozenset()
    stem = verb[:-1]
    if verb.endswith("era"):
        return frozenset({verb + "nde", verb[:-1] + "ing"})
    if stem.endswith(("l", "n")):
        return frozenset({verb + "nde", stem + "ing"})
    return frozenset({verb + "nde", stem + "ning"})


@lru_cache(maxsize=8192)
def _word_nouns(word: str) -> frozenset[str]:
    """The work nouns of one word: its irregular ones and its regular derivations (cached:
    one set union per word of a task instead of two lookups and two updates)."""
    return frozenset(_irregular().get(word, ())) | _derive(word)


@lru_cache(maxsize=1024)
def _phrase_nouns(word: str, particle: str) -> frozenset[str]:
    """The work nouns of a particle verb ("följa upp" → "uppföljning")."""
    irregular = _irregular()
    phrase = f"{word} {particle}"
    if phrase in irregular:
        return frozenset(irregular[phrase])
    return frozenset(particle + noun for noun in _derive(word))


def work_nouns(task: str) -> set[str]:
    """Nouns (indefinite singular, lower case) naming the work of the verbs in ``task``."""
    words = _WORD.findall(task.lower())
    nouns: set[str] = set()
    last = len(words) - 1
    for i, word in enumerate(words):
        if i < last and words[i + 1] in PARTICLES:
            nouns |= _phrase_nouns(word, words[i + 1])
        nouns |= _word_nouns(word)
    return nouns
