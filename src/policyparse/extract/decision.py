"""The decision: its section, assignees and tasks.

Assignees come from the operative phrases ("Regeringen ger X i uppdrag att", "Regeringen
uppdrar åt X att", "X får i uppdrag att"; in a directive "En särskild utredare ska" →
``utredaren``). Tasks are each bullet under an obligation lead-in ("Socialstyrelsen ska bl.a.:")
and each obligation sentence of the decision ("ska", "i uppdrag att", "I uppdraget ingår att"),
except reporting and funding clauses, which are deadlines and amounts, and recommendations
("bör").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import regex

from policyparse.extract.context import Context
from policyparse.extract.dates import has_date
from policyparse.extract.work_nouns import work_nouns
from policyparse.language.assets import gazetteer
from policyparse.record import Named, Task
from policyparse.text import folded, has_any

# Where a kind's decision is: the section under a decision heading ("Regeringens beslut",
# "Förslag till beslut"), or the whole document (a directive is all instruction).
Scope = Literal["section", "whole"]
# Whom a kind's decision orders: bodies named in operative phrases ("Regeringen ger X i
# uppdrag att"), each task owned by its sentence's subject; or the inquiry a directive sets up
# ("En särskild utredare ska"), which owns every task.
Addressing = Literal["named", "inquiry"]


@dataclass(frozen=True, slots=True)
class AssignPhrase:
    """An operative phrase that names its assignees in group ``a`` ("Regeringen ger X i
    uppdrag att"). ``needs``: groups of words, one of each of which the text must hold for the
    pattern to match (case-sensitive, like it): tested first, since most sentences have none."""

    pattern: regex.Pattern[str]
    needs: tuple[tuple[str, ...], ...]

    def search(self, text: str) -> regex.Match[str] | None:
        if all(any(word in text for word in group) for group in self.needs):
            return self.pattern.search(text)
        return None


@dataclass(frozen=True, slots=True)
class Orders:
    """How a kind's decision orders: whom (``addressing``) and with which operative phrases
    (``phrases``, tried in order; the kind-specific ones live with their kind's vocabulary)."""

    addressing: Addressing
    phrases: Sequence[AssignPhrase]


DECISION_HEADING = regex.compile(
    r"^(regeringens\s+beslut|beslut|uppdraget|förslag\s+till\s+beslut)\b", regex.I
)
BACKGROUND_HEADING = regex.compile(
    r"^(ärendet|bakgrund(en)?|skälen|skäl\s+för|motivering|ärendebeskrivning|regeringens\s+överväganden)\b",
    regex.I,
)
# Any body given work in the passive: "Socialstyrelsen får i uppdrag att …"
GIVEN_ASSIGNMENT = AssignPhrase(
    regex.compile(
        r"^(?P<a>[A-ZÅÄÖ][^.]{2,160}?)\s+får\s+(?:även\s+|också\s+|därför\s+)?i\s+uppdrag\s+att\b"
    ),
    needs=(("får",), ("uppdrag",)),
)
# OBLIGATION (case-sensitive) cannot match without "ska" or "uppdra" (see _obliges).
OBLIGATION = regex.compile(
    r"\b(?:ska|skall)\b|\bi\s+uppdrag\s+att\b|\buppdrar\s+åt\b|\bI\s+uppdraget\s+ingår\s+(?:även\s+|också\s+|därutöver\s+|vidare\s+|bl\.a\.\s+)?att\b",
)
NOT_TASK = regex.compile(
    r"\bI\s+uppdraget\s+ingår\s+inte\b|\bska\s+inte\b|\bmedel(?:en|s)?\b|\bkronor\b|\brekvi|"
    r"\båterbetal|\banslag|\bhänvisa\s+till\s+diarienumret|\bbetalas\s+ut\b",
    regex.I,
)
# NOT_TASK cannot match without one of these (in ``folded`` text, see text.folded).
NOT_TASK_WORDS = (
    "inte",
    "medel",
    "kronor",
    "rekvi",
    "återbetal",
    "anslag",
    "diarienumret",
    "betalas",
)
REPORT_SUBJECT = regex.compile(
    r"^(?:av\s+)?(?:den\s+|det\s+)?(?:\w*redovisning\w*|\w*rapport\w*|resultatet)\b", regex.I
)
# Whether a text mentions reporting (a presence test: the match itself is never used).
REPORTING = regex.compile(r"redovis|rapport|\b(?:del)?betänkande", regex.I)
REPORTING_WORDS = ("redovis", "rapport", "betänkande")
NON_ASSIGNEE_SUBJECT = regex.compile(r"^(regeringen|regeringskansliet)\b", regex.I)
LEAD_IN_TAIL = regex.compile(
    r"(?:\b(?:ska|skall)(?:\s+(?:därför|också|även|vidare|bl\.a\.|bland\s+annat|gemensamt|"
    r"särskilt|dessutom|exempelvis|t\.ex\.|följande|mot\s+denna\s+bakgrund|i\s+\w+\s+\w+))*"
    r"|\bbl\.a\.|bland\s+annat|\bingår\s+(?:\w+\s+)?att|\buppdrag\s+att|\binnefattar\s+att)\s*:?\s*$",
    regex.I,
)
INQUIRY = regex.compile(r"\b(?:särskild\s+utredare|utredaren|utredarens)\b", regex.I)
COMMITTEE = regex.compile(r"\bkommittén\b|\bkommitté\s+ska\b", regex.I)
COORDINATOR = regex.compile(r"\bsamordnaren\b", regex.I)
DIRECTIVE_SUBJECT = regex.compile(
    r"^(?:En|Den)\s+(?:särskild\w*|parlamentariskt\s+sammansatt)\s+\w+|^(?:Utredaren|Samordnaren|"
    r"Kommittén|Utredningen)\b|^I\s+uppdraget\s+ingår|\b(?:ska|skall)\s+(?:utredaren|samordnaren|kommittén)\b|"
    r"^Regeringen\s+ger\s+(?:nu\s+)?(?:utredaren|samordnaren|kommittén)",
    regex.I,
)


def decision_blocks(ctx: Context, scope: Scope) -> set[int]:
    """Blocks of the operative part of the document."""
    if scope == "whole":
        return {i for s in ctx.sections for i in s.blocks}
    chosen: set[int] = set()
    inside = False
    found = False
    for section in ctx.sections:
        heading = section.heading or ""
        if DECISION_HEADING.match(heading):
            inside, found = True, True
        elif BACKGROUND_HEADING.match(heading):
            inside = False
        if inside:
            chosen.update(section.blocks)
    if not found:
        for section in ctx.sections:
            if BACKGROUND_HEADING.match(section.heading or ""):
                break
            chosen.update(section.blocks)
    return chosen


def split_bodies(phrase: str) -> list[str]:
    """'Statens energimyndighet och Naturvårdsverket' → two; 'Myndigheten för vård- och
    omsorgsanalys' → one (a suspended hyphen or a lower-case right part never splits)."""
    phrase = " ".join(phrase.split()).strip(" ,")
    phrase = BODY_ABBREVIATION.sub("", phrase)  # "(Digg)", "(PTS)"
    gaz = gazetteer()
    if gaz.lookup(phrase):
        return [phrase]
    parts = BODY_SEPARATOR.split(phrase)
    merged: list[str] = []
    for part in parts:
        if merged and gaz.lookup(merged[-1] + " och " + part):
            merged[-1] = merged[-1] + " och " + part  # "Hovrätten över Skåne och Blekinge"
        elif merged and (merged[-1].endswith("-") or not part[:1].isupper()):
            sep = " och " if merged[-1].endswith("-") or not part[:1].isupper() else ", "
            merged[-1] = merged[-1] + sep + part
        else:
            merged.append(part)
    return [m for m in merged if m]


def extract_assignees(ctx: Context, orders: Orders, blocks: set[int]) -> list[Named]:
    found: list[Named] = []
    seen: set[str] = set()
    if orders.addressing == "inquiry":
        text = " ".join(s.text for s in ctx.sentences_of(blocks))
        name = (
            "utredaren"
            if INQUIRY.search(text)
            else "kommittén"
            if COMMITTEE.search(text)
            else "samordnaren"
            if COORDINATOR.search(text)
            else None
        )
        if name:
            m = INQUIRY.search(text) or COMMITTEE.search(text) or COORDINATOR.search(text)
            sent = next((s for s in ctx.sentences_of(blocks) if m and m.group(0) in s.text), None)
            ev = ctx.evidence(sent.start, sent.end) if sent else []
            return [Named(name=name, evidence=ev, confidence=0.9)]
        return []
    for sent in ctx.sentences_of(blocks):
        for phrase in orders.phrases:
            m = phrase.search(sent.text)
            if not m:
                continue
            for body in split_bodies(m["a"]):
                key = body.casefold()
                if key in seen or body.lower() in ("regeringen", "myndigheten", "myndigheterna"):
                    continue
                seen.add(key)
                start = sent.start + m.start("a") + max(0, m["a"].find(body))
                found.append(
                    Named(
                        name=body,
                        evidence=ctx.evidence(start, start + len(body)),
                        confidence=1.0 if gazetteer().lookup(body) else 0.85,
                    )
                )
    return found


TASK_TAIL = regex.compile(r"(?:,|;)?\s*(?:och|samt|eller)?\s*[,;.:]?\s*$")
TASK_TAIL_CHARS = frozenset(",;.:ochsamtelr")  # what TASK_TAIL is made of, besides spaces
TRAILING_PUNCT = regex.compile(r"[\s,;.:]+$")
SPACE = regex.compile(r"\s")


def _clean_task(text: str) -> str:
    """The task without a dangling conjunction or punctuation at its end."""
    text = " ".join(text.split())
    # A match of TASK_TAIL runs to the end, so it lies within the trailing run of characters
    # it is made of; on that run alone it does not try (and fail at) every earlier position.
    cut = len(text)
    while cut > 0 and (text[cut - 1] in TASK_TAIL_CHARS or SPACE.match(text[cut - 1])):
        cut -= 1
    text = text[:cut] + TASK_TAIL.sub("", text[cut:])
    # TRAILING_PUNCT.sub("", text): the text has no whitespace but single spaces (joined
    # above; every character the pattern's \s matches is one that str.split splits at), so
    # the pattern's match is the trailing run of " ,;.:".
    return text.rstrip(" ,;.:")


def _inverted_subject(sentence: str) -> str:
    """The words after the first "ska" of a sentence that starts with a fronted clause
    ("När uppdraget utförs ska Digg och PTS …" → "Digg och PTS …")."""
    m = FRONTED_CLAUSE.search(sentence)
    return sentence[m.end() :] if m else ""


def _inverted_agent(text: str, agents: list[str]) -> bool:
    """After a fronted clause or adverbial ("Vid behov ska Boverket …"), an assignee or an
    agent pronoun right after "ska" is the subject."""
    after = _inverted_subject(text)
    return bool(after) and (
        AGENT_PRONOUN.match(after) is not None
        or any(after.casefold().startswith(form) for form in agents)
    )


def _subject(sentence: str) -> str:
    m = SKA.search(sentence)
    return sentence[: m.start()].strip() if m else ""


def _task_assignee(subject: str, assignees: list[str], default: str | None) -> str | None:
    named = [a for a in assignees if a.casefold() in subject.casefold()]
    if named:
        return " och ".join(named)
    if BOTH_AGENCIES.match(subject):
        return " och ".join(assignees) if assignees else default
    return default


def extract_tasks(
    ctx: Context, orders: Orders, blocks: set[int], assignees: list[Named]
) -> list[Task]:
    names = [a.name for a in assignees]
    default = names[0] if len(names) == 1 else (" och ".join(names) if names else None)
    agents = _agent_forms(names)
    products: set[str] = set()
    tasks: list[Task] = []
    seen = 0  # tasks whose work nouns are in ``products``
    lead_in_owner: str | None = None  # assignee of the current bullet list
    in_list = False
    for bi in sorted(blocks):
        block = ctx.blocks[bi]
        item = ctx.item_text(bi) if block.role == "list_item" else ""
        item_is_prose = bool(item) and CAPITAL_START.match(item) is not None and _obliges(item)
        if block.role == "list_item" and not item_is_prose:
            if in_list and not _is_reporting(item) and not _informs(item, folded(item)):
                text = _clean_task(item)
                if text:
                    s, e = ctx.block_spans[bi]
                    tasks.append(
                        Task(text=text, assignee=lead_in_owner, evidence=ctx.evidence(s, e))
                    )
            continue
        in_list = False
        for task in tasks[seen:]:
            products |= work_nouns(task.text)  # "följa upp" → "Uppföljningen ska …"
        seen = len(tasks)
        sents = ctx.sentences_in(bi)
        for si, sent in enumerate(sents):
            text = sent.text.strip()
            start = sent.start
            if si == 0 and item_is_prose:
                # "– Myndigheterna ska …": the bullet is not part of the sentence's subject
                marker = LIST_MARKER.match(text)
                if marker:
                    start += sent.text.index(text) + marker.end()
                    text = text[marker.end() :]
            next_is_list = (
                si == len(sents) - 1 and bi + 1 in blocks and ctx.blocks[bi + 1].role == "list_item"
            )
            if next_is_list and _is_lead_in(text, ctx.item_text(bi + 1)):
                in_list = True
                lead_in_owner = (
                    (names[0] if names else None)
                    if orders.addressing == "inquiry"
                    else _task_assignee(_subject(text), names, default)
                )
                continue
            assigns = _assigns(text, orders.phrases)
            if assigns:
                products |= _products(text)
            if not _is_task_sentence(text, orders, agents, products, assigns):
                continue
            owner = (
                (names[0] if names else None)
                if orders.addressing == "inquiry"
                else _task_assignee(_subject(text), names, default)
            )
            tasks.append(
                Task(
                    text=_clean_task(text),
                    assignee=owner,
                    evidence=ctx.evidence(start, sent.end),
                )
            )
        for task in tasks[seen:]:
            products |= work_nouns(task.text)
        seen = len(tasks)
    return tasks


LIST_MARKER = regex.compile(r"^(?:•|-|–|—|\*|\(?\d{1,2}[.)]|\(?[a-zåäö][.)])\s+")
# "Regeringen gav …": background, not this decision's task. In three parts, each tried only
# where the words it needs occur (see _is_past); PAST, the whole, is the definition.
PAST_HEAD = regex.compile(r"^\S+\s+(?:gav|beslutade|fick|uppdrog|har\s+gett|hade)\b")
PAST_GOVERNMENT = regex.compile(r"\bRegeringen\s+(?:gav|beslutade)\b")
# an intention is not this decision: "Regeringen avser att ge Energimyndigheten i uppdrag"
PAST_INTENT = regex.compile(r"\b(?:avser|planerar|överväger)\s+(?:regeringen\s+)?att\s+ge\b")
PAST = regex.compile("|".join(p.pattern for p in (PAST_HEAD, PAST_GOVERNMENT, PAST_INTENT)))
INCLUDED = regex.compile(
    r"^I\s+uppdraget\s+ingår\s+(?:även\s+|också\s+|därutöver\s+|vidare\s+)?att\b"
)
INFORM = regex.compile(r"\binformera\s+Regeringskansliet\b|\brapporteringen\b", regex.I)
INFORM_WORDS = ("regeringskansliet", "rapporteringen")  # what INFORM needs (folded text)
UMBRELLA = regex.compile(
    r"\bi\s+uppdrag\s+att\b|\buppdrar\s+åt\b|\buppdraget\s+innefattar\b", regex.I
)
AGENT_PRONOUN = regex.compile(
    r"^(?:myndigheten|myndigheterna|de\s+båda\s+myndigheterna|båda\s+myndigheterna|verket|"
    r"styrelsen|länsstyrelserna|länsstyrelsen|regionerna|kommunerna|i\s+uppdraget\s+ingår|"
    r"uppdraget\s+innefattar)\b",
    regex.I,
)


BODY_SEPARATOR = regex.compile(r",\s+|\s+och\s+|\s+samt\s+")
BODY_ABBREVIATION = regex.compile(r"\s*\([A-ZÅÄÖ][\wåäö-]{1,12}\)")
FRONTED_CLAUSE = regex.compile(
    r"^(?:när|om|då|eftersom|inom|i|vid|under)\b[^.;:]*?\b(?:ska|skall)\s+", regex.I
)
SKA = regex.compile(r"\b(?:ska|skall)\b")
BOTH_AGENCIES = regex.compile(
    r"^(myndigheterna|de\s+båda\s+myndigheterna|båda\s+myndigheterna)\b", regex.I
)
CAPITAL_START = regex.compile(r"^[A-ZÅÄÖ]")
WORD = regex.compile(r"\w+")
DEFINITE_HEAD = regex.compile(
    r"^(?:den|det|de)?\s*(?:\w+[ae]\s+){0,2}(?P<n>\w{4,}?)(?:en|et|n|t|na)(?:$|\s+(?:av|om|för)\s)",
    regex.I,
)
_ADJECTIVE = r"\w+(?:a|ad|at|ade|ig|igt|lig|ligt|isk|iskt|ell|ellt|ande|ende)\s+"
INDEFINITE_NOUN = regex.compile(rf"\b(?:en|ett)\s+(?:{_ADJECTIVE}){{0,2}}(\w{{4,}})")
SHALL_APPEAR = regex.compile(r"\bdet\s+ska\s+framgå\b|\bska\s+det\s+framgå\b", regex.I)
SUBORDINATE = regex.compile(r"\b(?:att|som|om|när|då|eftersom)\b", regex.I)


def _agent_forms(names: list[str]) -> list[str]:
    """The assignees' names and their gazetteer short forms, for subject matching."""
    forms: list[str] = []
    gaz = gazetteer()
    for name in names:
        forms.append(name.casefold())
        body = gaz.lookup(name)
        if body is not None:
            forms.extend(a.casefold() for a in (body.name, *body.aliases))
    return forms


def _is_reporting(text: str) -> bool:
    low = folded(text)
    if not has_any(low, REPORTING_WORDS):
        return False  # what REPORTING cannot match without
    return bool(REPORTING.search(text)) and has_date(text)


def _is_lead_in(text: str, first_item: str) -> bool:
    """A sentence that introduces bullets which are its tasks: 'Socialstyrelsen ska bl.a.:',
    'Utredaren ska därför', 'Myndigheterna ska inom ramen för uppdraget'."""
    if not _obliges(text):
        return False
    if LEAD_IN_TAIL.search(text):
        return True
    words = WORD.findall(text)
    tail = [w.lower() for w in words[-7:]]
    return (
        first_item[:1].islower()
        and ("ska" in tail or "skall" in tail)
        and not SKA.search(first_item)
    )


def _refers_to_product(subject: str, products: set[str]) -> bool:
    """'Lägesbilden ska …' after 'i uppdrag att ta fram en lägesbild', 'Den årliga
    uppföljningen av … ska …' after the task 'årligen följa upp …': the definite head noun
    of the subject refers back to the work the decision orders."""
    m = DEFINITE_HEAD.match(subject)
    return bool(m) and m["n"].lower() in products


def _products(text: str) -> set[str]:
    """Nouns after an indefinite article in the umbrella sentence ('en lägesbild')."""
    return {w.lower() for w in INDEFINITE_NOUN.findall(text)}


def _obliges(text: str) -> bool:
    """``OBLIGATION.search(text) is not None``; its words checked first."""
    return ("ska" in text or "uppdra" in text) and OBLIGATION.search(text) is not None


def _assigns(text: str, phrases: Sequence[AssignPhrase]) -> bool:
    """Whether an operative phrase of the kind names an assignee in ``text``."""
    return any(phrase.search(text) is not None for phrase in phrases)


def _is_past(text: str) -> bool:
    """``PAST.search(text) is not None``: its parts, the ones that need a word only where
    it occurs."""
    return (
        PAST_HEAD.match(text) is not None
        or ("Regeringen" in text and PAST_GOVERNMENT.search(text) is not None)
        or (
            ("avser" in text or "planerar" in text or "överväger" in text)
            and PAST_INTENT.search(text) is not None
        )
    )


def _not_task(text: str, low: str) -> bool:
    """``NOT_TASK.search(text) is not None``; ``low = folded(text)``."""
    return has_any(low, NOT_TASK_WORDS) and NOT_TASK.search(text) is not None


def _informs(text: str, low: str) -> bool:
    """``INFORM.search(text) is not None``; ``low = folded(text)``."""
    return has_any(low, INFORM_WORDS) and INFORM.search(text) is not None


def _is_task_sentence(
    text: str,
    orders: Orders,
    agents: list[str],
    products: set[str] | None = None,
    assigns: bool | None = None,
) -> bool:
    """Whether ``text`` orders a task. ``assigns``: ``_assigns(text, orders.phrases)`` if the
    caller has it."""
    products = products or set()
    if not _obliges(text):
        return False
    subject = _subject(text)
    if _is_past(text):
        return False  # "Regeringen gav därefter en särskild utredare i uppdrag": background
    if (_assigns(text, orders.phrases) if assigns is None else assigns) or INCLUDED.match(text):
        return True
    low = folded(text)
    if _not_task(text, low) or _informs(text, low) or _is_reporting(text):
        return False
    if "framgå" in low and SHALL_APPEAR.search(text):
        return False
    if REPORT_SUBJECT.match(subject) or NON_ASSIGNEE_SUBJECT.match(subject):
        return False
    if orders.addressing == "inquiry":
        return bool(DIRECTIVE_SUBJECT.search(text))
    if SUBORDINATE.search(subject) and not AGENT_PRONOUN.match(subject):
        # "När uppdraget utförs ska Digg och PTS …": a fronted clause, the agent after "ska"
        return _inverted_agent(text, agents)
    low = subject.casefold()
    return (
        bool(AGENT_PRONOUN.match(subject))
        or has_any(low, agents)
        or (UMBRELLA.search(text) is not None)
        or _refers_to_product(subject, products)
        or _inverted_agent(text, agents)
    )
