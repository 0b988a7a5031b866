"""The extractors' fast checks give what the regular expressions they stand for give.

Each fast check runs a pattern (or a part of one) only where a word it cannot match without
occurs; these tests compare it with the plain pattern on sentences built from the patterns'
own words, in odd cases and with the characters that case folding treats specially (the
Kelvin sign, the long s, dotted capital I, sharp s).
"""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.extract import (
    consultees,
    dates,
    deadlines,
    decision,
    header,
    signatures,
    work_nouns,
)
from policyparse.extract.government import GOVERNMENT_ASSIGNMENT
from policyparse.extract.municipal import MUNICIPAL_ASSIGNMENT
from policyparse.language.labels import labels
from policyparse.text import folded

# every operative phrase of every kind: each tries its pattern only where its words occur
ASSIGN_PHRASES = (GOVERNMENT_ASSIGNMENT, decision.GIVEN_ASSIGNMENT, MUNICIPAL_ASSIGNMENT)

ODD = ["\u212a", "\u017f", "\u0130", "ß", "\u0307", "."]
WORDS = [
    # deadlines: CUE, SAME_TIME, SKIP
    "senast",
    "före utgången",
    "utgången av",
    "till och med",
    "t.o.m.",
    "ska",
    "redovisas",
    "lämna",
    "rapportera",
    "inkomma",
    "kommit in",
    "återbetalas",
    "rekvirera",
    "inrätta",
    "presentera",
    "gäller till",
    "gäller under perioden",
    "årligen",
    "varje år",
    "sista dagen",
    "sista svarsdag",
    "svarsdatum",
    "remisstiden",
    "vid samma tidpunkt",
    "Beslut vid regeringssammanträde",
    "beslutade",
    "fattade",
    "skulle",
    "har redovisat",
    "har lämnat",
    "har beslutat",
    # decision: the ASSIGN_PHRASES, PAST, NOT_TASK, INFORM
    "Regeringen",
    "ger",
    "uppdrar åt",
    "beslutar att ge",
    "Naturvårdsverket",
    "i uppdrag att",
    "får i uppdrag att",
    "Kommunstyrelsen",
    "gav",
    "hade",
    "avser",
    "planerar regeringen",
    "överväger",
    "att ge",
    "överväger att ge",
    "planerar regeringen att ge",
    "Regeringen gav",
    "Regeringen beslutade",
    "Regeringen ger Boverket i uppdrag att",
    "Regeringen uppdrar åt Boverket att",
    "Boverket får i uppdrag att",
    "Kommunstyrelsen ger kommundirektören i uppdrag att",
    "I uppdraget ingår inte",
    "ska inte",
    "medlen",
    "kronor",
    "rekvisition",
    "anslaget",
    "hänvisa till diarienumret",
    "betalas ut",
    "informera Regeringskansliet",
    "rapporteringen",
    "den 1 mars 2026",
    "och",
]


def _variant(word: str, how: int) -> str:
    return [word, word.upper(), word.capitalize(), word.swapcase()][how]


sentences = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(WORDS), st.integers(0, 3)).map(lambda p: _variant(*p)),
        st.sampled_from(ODD),
    ),
    max_size=6,
).map(" ".join)


def _substituted(text: str) -> list[str]:
    """``text`` and copies with a letter swapped for one that folds to it."""
    return [
        text,
        text.replace("k", "\u212a").replace("K", "\u212a"),
        text.replace("s", "\u017f"),
        text.replace("i", "\u0130").replace("I", "\u0130"),
    ]


def _check_deadlines(text: str) -> None:
    low = folded(text)
    assert deadlines.has_cue(text, low) == (deadlines.CUE.search(text) is not None)
    assert deadlines._skipped(text, low) == (deadlines.SKIP.search(text) is not None)


def _check_decision(text: str) -> None:
    low = folded(text)
    for phrase in ASSIGN_PHRASES:
        assert (phrase.search(text) is not None) == (phrase.pattern.search(text) is not None)
    assert decision._is_past(text) == (decision.PAST.search(text) is not None)
    assert decision._not_task(text, low) == (decision.NOT_TASK.search(text) is not None)
    assert decision._informs(text, low) == (decision.INFORM.search(text) is not None)


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(sentences)
def test_deadline_checks(text: str) -> None:
    for t in _substituted(text):
        _check_deadlines(t)


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(sentences)
def test_decision_checks(text: str) -> None:
    for t in _substituted(text):
        _check_decision(t)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text(max_size=80))
def test_checks_on_any_text(text: str) -> None:
    _check_deadlines(text)
    _check_decision(text)


def test_examples() -> None:
    """Each check says yes where its pattern matches (the comparisons above would also pass
    with checks that always say no on these words)."""
    low = folded
    assert deadlines.has_cue(
        "Uppdraget ska redovisas i juni.", low("Uppdraget ska redovisas i juni.")
    )
    assert deadlines.has_cue("SENAST den 1 mars", low("SENAST den 1 mars"))
    assert deadlines._skipped("Regeringen beslutade", low("Regeringen beslutade"))
    assert decision._assigns("Regeringen ger Boverket i uppdrag att kartlägga", ASSIGN_PHRASES)
    assert decision._assigns("Boverket får i uppdrag att kartlägga", ASSIGN_PHRASES)
    assert decision._assigns(
        "Kommunstyrelsen ger kommundirektören i uppdrag att utreda", ASSIGN_PHRASES
    )
    assert decision._is_past("Regeringen gav därefter Boverket i uppdrag")
    assert decision._is_past("Boverket fick i uppdrag")
    assert decision._is_past("Regeringen avser att ge Boverket i uppdrag")
    assert decision._is_past("Regeringen överväger att ge Boverket i uppdrag")
    assert decision._is_past("Regeringen planerar att ge Boverket i uppdrag")
    assert decision._not_task("Medlen ska betalas ut", low("Medlen ska betalas ut"))
    text = "Boverket ska informera Regeringskansliet"
    assert decision._informs(text, low(text))


HEADER_WORDS = [
    "Socialdepartementet",
    "Klimat- och näringslivsdepartementet",
    "Statsrådsberedningen",
    "Datum",
    "Sida 1 (2)",
    "Diarienummer",
    "Dnr",
    "Vår referens",
    "Er referens:",
    "Kommunens dnr",
    "Handläggare",
    "Ärendenummer",
    "Telefon",
    "Dokumentdatum",
    "Box 1234",
    "103 33 Stockholm",
    "c/o",
    "Storgatan 5",
    "info@example.se",
    "www.example.se",
    "Postadress",
    "Tfn",
    "E-post",
    "Org.nr",
    "II:6",
    "Klicka här för att ange datum.",
    "Regeringsbeslut",
    "Kommittédirektiv 1 (3)",
    "Regeringens proposition",
    "Remissvar",
    "Tjänsteskrivelse",
    "Miljöförvaltningens yttrande",
    "PM",
    "Promemoria",
    "Kammarkollegiet",
    "Kopia till:",
    "kopia",
    "från Socialdepartementet",
    "Dir.",
    "Prop. 2023/24:1",
    "skr 2024:12",
    "2024:1",
    "1 (2)",
    "12 av 3",
    "4/ 5",
    "١",
]
header_lines = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(HEADER_WORDS), st.integers(0, 3)).map(lambda p: _variant(*p)),
        st.sampled_from(ODD),
    ),
    max_size=3,
).map(" ".join)


def _check_header(text: str) -> None:
    low = folded(text)
    assert header._is_ministry(text) == (header.MINISTRY.match(text) is not None)
    assert header._is_address(text) == (header.ADDRESS.search(text) is not None)
    if header.FIELD_LABEL.match(text):
        assert header._has_any(text, header.FIELD_WORDS)
    if header.TEMPLATE_REMNANT.search(text):
        assert "klicka" in low
    if header.MEETING.search(text):
        assert ":" in text
    assert header._is_page_no(text) == (header.PAGE_NO.match(text) is not None)
    assert header._is_copy_label(text) == (header.COPY_LABEL.match(text) is not None)
    assert header._is_designation_part(text) == (header.DESIGNATION_PART.match(text) is not None)
    if header.FROM_MINISTRY.search(text):
        assert "från" in text
    lab = labels()
    if any(pattern.search(text) for pattern, _ in lab.kinds):
        assert any(word in low for word in lab.kind_words)
    if lab.line.match(text):
        assert any(word in low for word in lab.line_words)
    if lab.header_word.search(text):
        assert header._has_any(text, lab.header_words)


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(header_lines)
def test_header_checks(text: str) -> None:
    for t in _substituted(text):
        _check_header(t)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text(max_size=40))
def test_header_checks_on_any_text(text: str) -> None:
    _check_header(text)


def test_label_words_of_every_label() -> None:
    """Every label of the asset has a prefilter word that its own text contains."""
    lab = labels()
    for pattern, _ in lab.kinds:
        label = pattern.pattern.split("(?:", 1)[1].split(")", 1)[0].replace(r"\s+", " ")
        assert any(word in folded(label) for word in lab.kind_words), label
    assert header._is_ministry("Utbildningsdepartementet")
    assert header._is_ministry("Statsrådsberedningen")
    assert header._is_address("103 33 Stockholm")
    assert header._is_address("Postadress")


def test_case_folding_basis() -> None:
    """What every check on ``folded`` text rests on: a character that an IGNORECASE pattern
    matches for a letter of a check's words folds to that letter (and the punctuation of
    the words matches only itself)."""
    letters = "abcdefghijklmnopqrstuvwxyzåäöé./-@:"
    patterns = {letter: regex.compile(regex.escape(letter), regex.I) for letter in letters}
    # one pass with a class of all the letters finds the candidates (the same engine's case
    # equivalences), then each candidate is checked against each letter
    any_letter = regex.compile("[" + regex.escape(letters) + "]", regex.I)
    candidates = [
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000 and any_letter.fullmatch(chr(code))
    ]
    assert len(candidates) >= len(letters) + 26  # the capitals, at least
    wrong = [
        (hex(ord(char)), letter)
        for char in candidates
        for letter, pattern in patterns.items()
        if pattern.fullmatch(char) and folded(char) != letter
    ]
    assert wrong == []


def test_pattern_space_is_python_space() -> None:
    """decision._clean_task rests on this: every character ``\\s`` matches is one that
    ``str.split`` splits at."""
    space = regex.compile(r"\s")
    wrong = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code < 0xE000 and space.match(chr(code)) and not chr(code).isspace()
    ]
    assert wrong == []


SIGNATURE_WORDS = [
    "På regeringens vägnar",
    "på kommunstyrelsens vägnar",
    "Enligt uppdrag",
    "För regionstyrelsen",
    "Kopia till",
    "Kopia för kännedom till: X",
    "Beslutet skickas till",
    "Expedieras till",
    "Sändlista",
    "Delges",
    "Kontakt",
    "Kontaktpersoner",
    "Frågor besvaras av",
    "Handläggare",
    "Anna Andersson",
    "avdelningschef",
    "Socialdepartementet",
    "Stockholm den 12 mars 2009",
    "Remissinstanser:",
    "Förteckning över remissinstanserna",
    "Remissen har skickats till följande",
    "Myndigheter:",
    "dnr",
    "Dnr S2026/00062",
    "diarienummer",
    "senast i stället för den",
    "från den",
    "varje kalenderår",
    "år 2025 – 2027",
    "per år",
    "Uppdraget",
    "i uppdrag att",
    "uppdrar åt",
    "skall",
]
signature_lines = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(SIGNATURE_WORDS), st.integers(0, 3)).map(lambda p: _variant(*p)),
        st.sampled_from([*ODD, " ", ":", ",", "\n"]),
    ),
    max_size=4,
).map(" ".join)


def _span(m: regex.Match[str] | None) -> tuple[int, int, str] | None:
    return None if m is None else (m.start(), m.end(), m.group(0))


def _check_more(text: str) -> None:
    low = folded(text)
    assert signatures._is_formula(text) == (signatures.FORMULA.match(text) is not None)
    assert _span(signatures._copy_head(text)) == _span(signatures.COPY_HEAD.match(text))
    assert signatures._is_contact_head(text) == (signatures.CONTACT_HEAD.match(text) is not None)
    assert signatures._not_name(text) == (signatures.NOT_NAME.search(text) is not None)
    assert signatures._is_place_date(text) == (signatures.PLACE_DATE.match(text) is not None)
    if consultees.LIST_HEAD.match(text):
        assert any(word in low for word in consultees.LIST_HEAD_WORDS)
    if consultees.FORMULA.match(text):
        assert folded(text[:1]) in consultees.FORMULA_FIRST
    if consultees.GROUP_LABEL.search(text):
        assert ":" in text
    if header.INLINE_DNR.search(text):
        assert header._has_any(text, ("dnr", "diarienummer"))
    if header.DNR.search(text):
        assert "/" in text
    assert deadlines._annual(text) == (deadlines.ANNUAL.search(text) is not None)
    assert deadlines._replaced(text) == (deadlines.REPLACED.search(text) is not None)
    assert decision._obliges(text) == (decision.OBLIGATION.search(text) is not None)


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(signature_lines)
def test_more_checks(text: str) -> None:
    for t in _substituted(text):
        _check_more(t)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text(max_size=40))
def test_more_checks_on_any_text(text: str) -> None:
    _check_more(text)


def _clean_task_reference(text: str) -> str:
    """decision._clean_task as it was, with TRAILING_PUNCT."""
    text = " ".join(text.split())
    cut = len(text)
    while cut > 0 and (
        text[cut - 1] in decision.TASK_TAIL_CHARS or decision.SPACE.match(text[cut - 1])
    ):
        cut -= 1
    text = text[:cut] + decision.TASK_TAIL.sub("", text[cut:])
    return str(decision.TRAILING_PUNCT.sub("", text))


@settings(max_examples=1000, derandomize=True, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from(["kartlägga", "och", "samt", "eller", ",", ";", ".", ":", " ", "\n"])
        | st.sampled_from(["\t", "\u00a0", "\u2028", "\x1c", "\u3000", "x"]),
        max_size=10,
    ).map("".join)
    | st.text(max_size=30)
)
def test_clean_task(text: str) -> None:
    assert decision._clean_task(text) == _clean_task_reference(text)


@settings(max_examples=500, derandomize=True, deadline=None, database=None)
@given(st.text(max_size=60))
def test_work_noun_words(text: str) -> None:
    """The standard library's engine finds the same words as the regex module."""
    low = text.lower()
    assert work_nouns._WORD.findall(low) == regex.findall(r"[a-zåäöé]+", low)


def test_more_examples() -> None:
    assert signatures._is_formula("På regeringens vägnar")
    assert signatures._is_formula("För kommunstyrelsen")
    assert signatures._copy_head("Kopia till: Kammarkollegiet")
    assert signatures._is_contact_head("Frågor besvaras av")
    assert signatures._not_name("Anna Andersson avdelningschef")
    assert signatures._is_place_date("Stockholm den 12 mars 2009")
    assert deadlines._annual("varje kalenderår")
    assert deadlines._replaced("i stället för senast den ")
    assert decision._obliges("I uppdraget ingår att")
    assert decision._clean_task("kartlägga behovet, och") == "kartlägga behovet"


DATE_PARTS = [
    "2026-02-30",
    "2026-13-01",
    "2026-01-15",
    "den 31",
    "30",
    "29",
    "februari",
    "april",
    "2027",
    "före utgången av",
    "i slutet av",
    "år",
    "31/4",
    "1/12",
    "senast i mars",
    "SEPT.",
    "ſeptember",
    "-",
    "/",
]


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(DATE_PARTS), max_size=6).map(" ".join) | st.text(max_size=40))
def test_has_date(text: str) -> None:
    assert dates.has_date(text) == bool(dates.find_dates(text))


def test_has_date_examples() -> None:
    assert dates.has_date("senast den 31 mars 2026")
    assert not dates.has_date("den 31 april 2026")  # no such day
    assert dates.has_date("den 31 april och den 30 april")


def _work_nouns_reference(task: str) -> set[str]:
    """work_nouns as it was, with a lookup and an update per word."""
    words = regex.findall(r"[a-zåäöé]+", task.lower())
    irregular = work_nouns._irregular()
    nouns: set[str] = set()
    for i, word in enumerate(words):
        particle = (
            words[i + 1] if i + 1 < len(words) and words[i + 1] in work_nouns.PARTICLES else None
        )
        if particle is not None:
            phrase = f"{word} {particle}"
            if phrase in irregular:
                nouns.update(irregular[phrase])
            else:
                nouns.update(particle + noun for noun in work_nouns._derive(word))
        nouns.update(irregular.get(word, ()))
        nouns.update(work_nouns._derive(word))
    return nouns


TASK_WORDS = [
    *sorted(work_nouns._irregular())[:40],
    *sorted(work_nouns.PARTICLES),
    "följa",
    "kartlägga",
    "utvärdera",
    "analysera",
    "samla",
    "ta",
    "Ta fram",
    "och",
    "ÅTERRAPPORTERA",
]


@settings(max_examples=1000, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(TASK_WORDS), max_size=8).map(" ".join) | st.text(max_size=40))
def test_work_nouns(task: str) -> None:
    assert work_nouns.work_nouns(task) == _work_nouns_reference(task)


# --- every word list covers its whole pattern --------------------------------------------
# The tests above compare each fast check with its pattern on sentences made of known words;
# they cannot see an alternative added to a pattern later without its word. This one reads
# the patterns themselves: every way a pattern can match must pass through a literal run
# that holds one of the listed words (a run of literal characters, zero-width assertions
# such as \b inside it; a group or a repeat of at least one counts; every branch of an
# alternation must be covered). Parsed with the standard library's parser, which reads the
# syntax these patterns use.

import re  # noqa: E402
import re._constants as sre_constants  # noqa: E402
import re._parser as sre_parser  # noqa: E402

import pytest  # noqa: E402


def _covered(pattern: regex.Pattern[str], words: tuple[str, ...], fold: bool) -> bool:
    """Whether ``pattern`` cannot match without one of ``words`` in the text (case-folded on
    both sides where the fast check looks at ``folded(text)``)."""
    if not fold:
        assert not pattern.flags & regex.I, "a case-blind pattern needs a folded check"
    wanted = tuple(folded(w) for w in words) if fold else words
    return _sequence(list(sre_parser.parse(pattern.pattern)), wanted, fold, [])


def _sequence(
    items: list[tuple[object, object]], words: tuple[str, ...], fold: bool, run: list[str]
) -> bool:
    """``run``: the literal characters right before ``items`` (the parser moves a prefix that
    all branches share out in front of the alternation: ``d(?:nr|iarienummer)``)."""
    run = list(run)
    for op, arg in items:
        if op is sre_constants.LITERAL:
            run.append(chr(arg))  # type: ignore[call-overload]
            continue
        if op is sre_constants.AT:
            continue  # zero-width: the run goes on
        if _has_word(run, words, fold) or _item(op, arg, words, fold, run):
            return True
        run = []
    return _has_word(run, words, fold)


def _has_word(run: list[str], words: tuple[str, ...], fold: bool) -> bool:
    text = folded("".join(run)) if fold else "".join(run)
    return any(word in text for word in words)


def _item(op: object, arg: object, words: tuple[str, ...], fold: bool, run: list[str]) -> bool:
    if op is sre_constants.SUBPATTERN:
        return _sequence(list(arg[-1]), words, fold, run)  # type: ignore[index]
    if op is sre_constants.ATOMIC_GROUP:
        return _sequence(list(arg), words, fold, run)  # type: ignore[call-overload]
    if op is sre_constants.BRANCH:
        return all(_sequence(list(b), words, fold, run) for b in arg[1])  # type: ignore[index]
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
        low, _, sub = arg  # type: ignore[misc]
        return bool(low >= 1 and _sequence(list(sub), words, fold, []))
    return False


def _word_lists() -> list[tuple[str, regex.Pattern[str], tuple[str, ...], bool]]:
    lab = labels()
    return [
        ("CUE_PLAIN", deadlines.CUE_PLAIN, deadlines.CUE_PLAIN_WORDS, True),
        ("CUE_SKA (ska)", deadlines.CUE_SKA, ("ska",), True),
        ("CUE_SKA (verbs)", deadlines.CUE_SKA, deadlines.CUE_SKA_VERBS, True),
        ("CUE", deadlines.CUE, deadlines.CUE_WORDS, True),
        ("SAME_TIME", deadlines.SAME_TIME, ("samma",), True),
        ("SAME_TIME (cue words)", deadlines.SAME_TIME, deadlines.CUE_WORDS, True),
        ("SKIP", deadlines.SKIP, deadlines.SKIP_WORDS, True),
        ("OBLIGATION", decision.OBLIGATION, ("ska", "uppdra"), False),
        ("PAST_GOVERNMENT", decision.PAST_GOVERNMENT, ("Regeringen",), False),
        ("PAST_INTENT", decision.PAST_INTENT, ("avser", "planerar", "överväger"), False),
        ("NOT_TASK", decision.NOT_TASK, decision.NOT_TASK_WORDS, True),
        ("REPORTING", decision.REPORTING, decision.REPORTING_WORDS, True),
        ("INFORM", decision.INFORM, decision.INFORM_WORDS, True),
        ("FIELD_LABEL", header.FIELD_LABEL, header.FIELD_WORDS, True),
        ("MINISTRY", header.MINISTRY, ("departementet", "statsrådsberedningen"), True),
        ("INLINE_DNR", header.INLINE_DNR, ("dnr", "diarienummer"), True),
        ("COPY_HEAD", signatures.COPY_HEAD, signatures.COPY_WORDS, True),
        ("CONTACT_HEAD", signatures.CONTACT_HEAD, signatures.CONTACT_WORDS, True),
        ("NOT_NAME", signatures.NOT_NAME, signatures.NOT_NAME_WORDS, True),
        ("LIST_HEAD", consultees.LIST_HEAD, consultees.LIST_HEAD_WORDS, True),
        ("label line", lab.line, lab.line_words, True),
        ("header word", lab.header_word, lab.header_words, True),
        *((f"kind label {i}", p, lab.kind_words, True) for i, (p, _) in enumerate(lab.kinds)),
    ]


@pytest.mark.parametrize(
    ("pattern", "words", "fold"),
    [pytest.param(p, w, f, id=name) for name, p, w, f in _word_lists()],
)
def test_each_word_list_covers_every_way_its_pattern_matches(
    pattern: regex.Pattern[str], words: tuple[str, ...], fold: bool
) -> None:
    assert _covered(pattern, words, fold)


@pytest.mark.parametrize(
    ("source", "words", "covered"),
    [
        (r"\bsenast\b|\bföre\s+utgången\b", ("senast", "utgången"), True),
        (r"\bsenast\b|\bföre\s+utgången\b|\bdeadline\b", ("senast", "utgången"), False),
        (r"(?:senast)?\bfoo", ("senast",), False),  # an optional word covers nothing
        (r"(?:senast)+\bfoo", ("senast",), True),
        (r"till\s+och\s+med", ("till och med",), False),  # \s+ may be a line break
        (r"(?:a|b)c(?:senast|sista)", ("senast", "sista"), True),
        (r"(?:dnr|diarienummer)", ("dnr", "diarienummer"), True),  # parsed as d(?:nr|iar…)
        (r"(?:dnr|diarienummer)", ("dnr",), False),
    ],
)
def test_the_coverage_reader_itself(source: str, words: tuple[str, ...], covered: bool) -> None:
    assert _covered(regex.compile(source, regex.I), words, fold=True) is covered
    assert re.compile(source)  # the standard parser reads it


def test_header_first_character_checks() -> None:
    """The first-character checks say yes where their patterns match, other scripts' digits
    and the long s included."""
    assert header._is_page_no("\u0661 (\u0662)")
    assert header._is_page_no("2 av 5")
    assert header._is_copy_label("\u212aopia till:")
    assert header._is_designation_part("\u017fkr. 2024:1")
    assert header._is_designation_part("2024/25:12")


def _first_characters(items: list[tuple[object, object]]) -> set[str] | None:
    """The characters a match of ``items`` can start with, or None where that is not a
    short list of literals (a class like \\d, an optional first item)."""
    for op, arg in items:
        if op is sre_constants.AT:
            continue  # ^ and \b take no character
        if op is sre_constants.LITERAL:
            return {chr(arg)}  # type: ignore[call-overload]
        if op is sre_constants.SUBPATTERN:
            return _first_characters(list(arg[-1]))  # type: ignore[index]
        if op is sre_constants.BRANCH:
            firsts: set[str] = set()
            for branch in arg[1]:  # type: ignore[index]
                got = _first_characters(list(branch))
                if got is None:
                    return None
                firsts |= got
            return firsts
        if op is sre_constants.IN:
            literals = {chr(v) for k, v in arg if k is sre_constants.LITERAL}  # type: ignore[attr-defined]
            return literals if len(literals) == len(arg) else None  # type: ignore[arg-type]
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, _, sub = arg  # type: ignore[misc]
            return _first_characters(list(sub)) if low >= 1 else None
        return None
    return None


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        pytest.param(header.DESIGNATION_PART, header._DESIGNATION_FIRST, id="DESIGNATION_PART"),
        pytest.param(header.COPY_LABEL, ("k",), id="COPY_LABEL"),
    ],
)
def test_each_first_character_gate_covers_its_pattern(
    pattern: regex.Pattern[str], gate: tuple[str, ...]
) -> None:
    """A pattern looked at only where the text's first character (folded) is in a gate:
    every character the pattern can start with, read from the pattern itself, is in it."""
    firsts = _first_characters(list(sre_parser.parse(pattern.pattern)))
    assert firsts is not None
    assert {folded(c) for c in firsts} <= set(gate)
