"""Who decided and who presented, from the closing sentences of an answer or a municipal
decision: "Detta yttrande har beslutats av avdelningschefen Anette Schierbeck. Föredragande har
varit enhetschefen Peter von Wowern." Roles are written in their definite form in such
sentences ("avdelningschefen") and are returned in the base form ("avdelningschef"), with
"(föredragande)" or "(deltagit)" added for those who presented or took part.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from policyparse.extract.context import Context
from policyparse.record import Signatory

_WORD = r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?"
_NAME = rf"(?P<name>{_WORD}(?:\s+(?:von|af|de|van|der)?\s*{_WORD}){{1,3}})"
# Possessive, and never starting inside a run of lower-case letters: on a line of a million
# letters without a space ("hahaha…", a hostile text file) a backtracking role took O(n²).
_ROLE = r"(?P<role>(?<![a-zåäö-])[a-zåäö][a-zåäö-]++(?:\s+[a-zåäö]++)?)"


class _Rule(NamedTuple):
    """A pattern, the tag its people get, and words of which it needs one: a sentence without
    any is not searched, which spares the role-and-name patterns nearly every sentence."""

    pattern: regex.Pattern[str]
    tag: str | None
    words: tuple[str, ...]


RULES: list[_Rule] = [
    _Rule(
        regex.compile(rf"(?:beslutats|fattats|avgjorts)\s+av\s+{_ROLE}\s+{_NAME}"),
        None,
        ("beslutats", "fattats", "avgjorts"),
    ),
    _Rule(
        regex.compile(rf"[Ff]öredragande\s+(?:har\s+varit|var|är)\s+{_ROLE}\s+{_NAME}"),
        "föredragande",
        ("öredragande",),
    ),
    _Rule(
        regex.compile(rf"efter\s+föredragning\s+av\s+{_ROLE}\s+{_NAME}"),
        "föredragande",
        ("föredragning",),
    ),
    _Rule(regex.compile(rf"[Ff]öredragande\s+{_ROLE}\s+{_NAME}"), "föredragande", ("öredragande",)),
    _Rule(
        regex.compile(rf"(?:har\s+(?:även|också)\s+)?{_ROLE}\s+{_NAME}\s+(?:deltagit|medverkat)"),
        "deltagit",
        ("deltagit", "medverkat"),
    ),
    _Rule(
        regex.compile(rf"(?:har\s+(?:även|också)\s+){_ROLE}\s+{_NAME}\s+och\s"),
        "deltagit",
        ("även", "också"),
    ),
]
PATTERNS = [(rule.pattern, rule.tag) for rule in RULES]
PATTERN_WORDS = [rule.words for rule in RULES]
# Roles in these sentences stand in the definite form: "avdelningschefen", "ämnesrådet".
DEFINITE = regex.compile(r"(?:en|n|et|chef|direktör|råd|are|ande|ende|jurist|ist|ent|ör|man)$")
_NOT_ROLE = {"även", "också", "har", "av", "och", "samt", "den", "det", "i", "till"}


def base_role(word: str) -> str:
    """'avdelningschefen' → 'avdelningschef', 'juristen' → 'jurist', 'utredaren' → 'utredare',
    'generaldirektören' → 'generaldirektör', 'ämnesrådet' → 'ämnesråd'."""
    w = word.strip()
    for suffix, repl in (
        ("anden", "ande"),
        ("enden", "ende"),
        ("aren", "are"),
        ("eren", "ere"),
        ("ören", "ör"),
        ("rådet", "råd"),
        ("et", ""),
        ("en", ""),
        ("n", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: len(w) - len(suffix)] + repl
    return w


def extract_deciders(ctx: Context) -> list[Signatory]:
    found: list[Signatory] = []
    seen: set[str] = set()
    for sent in ctx.sentences:
        for pattern, tag, words in RULES:
            if not any(word in sent.text for word in words):
                continue
            for m in pattern.finditer(sent.text):
                role_words = m["role"].split()
                while role_words and role_words[0].lower() in _NOT_ROLE:
                    role_words.pop(0)
                while role_words and role_words[-1].lower() in _NOT_ROLE:
                    role_words.pop()
                if not role_words or not DEFINITE.search(role_words[-1]):
                    continue  # "Stockholms stad och Region Stockholm": not a role and a person
                name = " ".join(m["name"].split())
                if name in seen:
                    continue
                seen.add(name)
                role = " ".join(base_role(w) for w in role_words[-1:])
                if tag:
                    role = f"{role} ({tag})"
                found.append(
                    Signatory(
                        name=name,
                        role=role,
                        evidence=ctx.evidence(sent.start + m.start(), sent.start + m.end()),
                        confidence=0.9,
                    )
                )
    return found
