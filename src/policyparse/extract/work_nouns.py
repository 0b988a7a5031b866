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


def work_nouns(task: str) -> set[str]:
    """Nouns (indefinite singular, lower case) naming the work of the verbs in ``task``."""
    words = _WORD.findall(task.lower())
    irregular = _irregular()
    nouns: set[str] = set()
    for i, word in enumerate(words):
        particle = words[i + 1] if i + 1 < len(words) and words[i + 1] in PARTICLES else None
        if particle is not None:
            phrase = f"{word} {particle}"
            if phrase in irregular:
                nouns.update(irregular[phrase])
            else:
                nouns.update(particle + noun for noun in _derive(word))
        nouns.update(irregular.get(word, ()))
        nouns.update(_derive(word))
    return nouns
