"""Deadlines: every dated obligation, with kind, recurrence and recipient.

A date counts as a deadline when its sentence says so ("senast", "före utgången av", "ska …
redovisas", "ska ha kommit in", "gäller till"). The kind comes from Swedish word stems, which
survive compounding better than lemmas ("delredovisas", "slutredovisningen"): del- → interim,
slut- → final, rekvi- → requisition, återbetal- → repayment, "ekonomisk redovisning" →
financial report, remissvar → response. An annual deadline ("årligen, senast den 1 september")
gets its first occurrence on or after the decision date.
"""

from __future__ import annotations

import datetime as dt
import itertools

import regex

from policyparse.extract.context import Context, Sentence
from policyparse.extract.dates import DateMatch, find_dates
from policyparse.record import Deadline, DeadlineKind
from policyparse.text import folded, has_any

# A deadline cue's alternatives, in two parts: CUE_SKA, the "ska … redovisa" one, scans up to 120
# characters after every "ska" and costs more than all the others (CUE_PLAIN) together.
_CUE_PLAIN = (
    r"\bsenast\b|\bföre\s+utgången\b|\butgången\s+av\b|\btill\s+och\s+med\b|\bt\.o\.m\.|"
    r"\bgäller\s+(?:till|t\.o\.m\.|från|(?:under\s+)?(?:perioden|tiden))|"
    r"\bårligen\b|\bvarje\s+år\b|\bsista\s+dag(?:en)?\b|\bsista\s+svarsdag\w*|\bsvarsdatum\b|\bremisstid\w*\b"
)
_CUE_SKA = (
    r"\bska\b[^.]{0,120}?\b(?:\w*redovis\w*|lämna\w*|rapporter\w*|inkomm\w*|kommit\s+in|"
    r"återbetal\w*|rekvir\w*|inrätta\w*|presenter\w*)"
)
CUE_PLAIN = regex.compile(_CUE_PLAIN, regex.I)
CUE_SKA = regex.compile(_CUE_SKA, regex.I)
# A deadline cue: the definition :func:`has_cue` answers for (tests compare the two).
CUE = regex.compile(_CUE_PLAIN + "|" + _CUE_SKA, regex.I)
# What each part cannot match without (in ``folded`` text, see text.folded): the words of
# CUE_PLAIN's alternatives; "ska" and one of the verbs of CUE_SKA.
CUE_PLAIN_WORDS = (
    "senast",
    "utgången",
    "till",
    "t.o.m.",
    "gäller",
    "årligen",
    "varje",
    "sista",
    "svarsdatum",
    "remisstid",
)
CUE_SKA_VERBS = (
    "redovis",
    "lämna",
    "rapporter",
    "inkomm",
    "kommit",
    "återbetal",
    "rekvir",
    "inrätta",
    "presenter",
)
ANNUAL = regex.compile(
    r"\bårligen\b|\bvarje\s+år\b|\bvarje\s+kalenderår\b|\bper\s+år\b|"
    r"\brespektive\s+år\b|\båret\s+efter\s+det\s+år\b|"
    r"\bunder\s+åren\b|\bår\s+\d{4}\s*[-–]\s*\d{4}",
    regex.I,
)
SAME_TIME = regex.compile(r"\bvid\s+samma\s+tidpunkt\b", regex.I)
# Every alternative of CUE and SAME_TIME needs one of these words (see text.folded).
CUE_WORDS = (*CUE_PLAIN_WORDS, "ska", "samma")
RECIPIENT = regex.compile(
    r"\btill\s+(?P<r>Regeringskansliet(?:\s*\([^)]{3,120}\))?|Kammarkollegiet|"
    r"[A-ZÅÄÖ][\wåäö-]+(?:departementet|verket|styrelsen|myndigheten))"
)
SKIP = regex.compile(
    r"Beslut\s+vid\s+regeringssammanträde|\bbeslutade\b|\bfattade\b|\bskulle\b|"
    r"\bhar\s+(?:redovisat|lämnat|beslutat)\b",
    regex.I,
)
REPLACED = regex.compile(
    r"i\s+stället\s+för\s+(?:senast\s+)?(?:den\s+)?$|\bfrån\s+(?:den\s+)?$", regex.I
)
# SKIP cannot match without one of these (in ``folded`` text).
SKIP_WORDS = ("beslut", "fattade", "skulle", "redovisat", "lämnat")
OTHER_INQUIRY = regex.compile(r"^(?:Utredningen|Kommittén)\s+(?:om|för|med)\b")


KIND_REQUISITION = regex.compile(r"rekvi")
KIND_REPAYMENT = regex.compile(r"återbetal")
KIND_FINANCIAL = regex.compile(
    r"ekonomisk\w*\s+redovisning|redovisning\s+av\s+(?:använda|hur)\s+medel"
)
KIND_RESPONSE = regex.compile(
    r"remissvar|yttrande\w*\s+(?:ska|bör)|svar\w*\s+ska\s+ha\s+kommit|"
    r"svara\s+på\s+remissen|remisstid|svarsdag|svarsdatum|sista\s+dag\s+(?:att|för)\s+(?:svara|yttra)"
)
KIND_INTERIM = regex.compile(
    r"\bdel(?:redovis|rapport|betänkande|resultat)\w*|\bdelar\s+av\s+uppdraget\s+ska\s+i\s+stället|"
    r"\bdenna\s+del\b|\bmuntlig\w*\s+\w*(?:rapport|redovis)|lägesrapport|lägesbeskrivning"
)
KIND_FINAL = regex.compile(r"\bslut(?:redovis|rapport|betänkande)\w*")
KIND_REPORT = regex.compile(r"redovis|rapport|betänkande")  # a presence test
WHOLE_ASSIGNMENT = regex.compile(
    r"\buppdraget\b|\bav\s+uppdraget\b|\buppdraget\s+i\s+övrigt\b|\bövriga\s+delar\b"
)
KIND_VALIDITY = regex.compile(r"\bgäller\b|\bgiltig")
START_YEAR = regex.compile(
    r"(?:med\s+start|från\s+och\s+med|fr\.o\.m\.|åren|under)\s+(?:år\s+)?((?:19|20)\d\d)", regex.I
)
CLAUSE_SEPARATOR = regex.compile(r"\boch\b|,|;")
FINAL_WORD = regex.compile(r"slut", regex.I)


def has_cue(text: str, low: str) -> bool:
    """``CUE.search(text) is not None``, with ``low = folded(text)``: each part of CUE runs only
    where the words it cannot match without occur."""
    if has_any(low, CUE_PLAIN_WORDS) and CUE_PLAIN.search(text) is not None:
        return True
    return "ska" in low and has_any(low, CUE_SKA_VERBS) and CUE_SKA.search(text) is not None


def _annual(text: str) -> bool:
    """``ANNUAL.search(text) is not None``: every alternative of ANNUAL has "år"."""
    return "år" in folded(text) and ANNUAL.search(text) is not None


def _replaced(text: str) -> bool:
    """``REPLACED.search(text) is not None``: it needs "stället" or "från"."""
    low = folded(text)
    return ("stället" in low or "från" in low) and REPLACED.search(text) is not None


def _skipped(text: str, low: str) -> bool:
    """``SKIP.search(text) is not None``; ``low = folded(text)``."""
    return has_any(low, SKIP_WORDS) and SKIP.search(text) is not None


def classify(text: str) -> DeadlineKind:
    low = text.lower()
    # KIND_REQUISITION and KIND_REPAYMENT are plain words: a substring test is the same
    if "rekvi" in low:
        return "requisition"
    if "återbetal" in low:
        return "repayment"
    if KIND_FINANCIAL.search(low):
        return "financial_report"
    if KIND_RESPONSE.search(low):
        return "response"
    if KIND_INTERIM.search(low):
        return "interim_report"
    if KIND_FINAL.search(low):
        return "final_report"
    if KIND_REPORT.search(low):
        if WHOLE_ASSIGNMENT.search(low):
            return "final_report"
        return "report"
    if KIND_VALIDITY.search(low):
        return "validity"
    return "other"


def _annual_first(d: DateMatch, text: str, decision: dt.date | None) -> dt.date | None:
    start_year = START_YEAR.search(text)
    if d.year is not None:
        return d.resolve()
    if start_year:
        return d.resolve(int(start_year.group(1)))
    if decision is None:
        return None
    candidate = d.resolve(decision.year)
    if candidate is not None and candidate < decision:
        candidate = d.resolve(decision.year + 1)
    return candidate


def _clause_windows(text: str, dates: list[DateMatch]) -> list[tuple[int, int]]:
    """Split a sentence with several dates into one clause per date, at the last "och", comma
    or semicolon between two dates: "senast den 31 mars årligen delredovisa och senast den 31
    mars 2029 slutredovisa" → two clauses with their own kind and recurrence."""
    cuts = [0]
    for a, b in itertools.pairwise(dates):
        between = text[a.end : b.start]
        seps = list(CLAUSE_SEPARATOR.finditer(between))
        cuts.append(a.end + (seps[-1].start() if seps else len(between) // 2))
    cuts.append(len(text))
    return [(cuts[i], cuts[i + 1]) for i in range(len(dates))]


THEREAFTER = regex.compile(r"\b(?:därefter|därpå|sedan)\b", regex.I)
PERIOD_JOIN = regex.compile(
    r"^\s*(?:[-–—]|till(?:\s+och\s+med)?|t\.o\.m\.)\s*(?:den\s+)?$", regex.I
)


def _starts_period(text: str, date: DateMatch, dates: list[DateMatch]) -> bool:
    """``date`` opens a period whose end follows right after it ("1 juli 2025–31 januari
    2026", "den 1 maj till den 30 juni")."""
    later = [d for d in dates if d.start >= date.end]
    return bool(later) and PERIOD_JOIN.match(text[date.end : later[0].start]) is not None


def extract_deadlines(ctx: Context, blocks: set[int], decision: dt.date | None) -> list[Deadline]:
    result: list[Deadline] = []
    sentences: list[Sentence] = [s for s in ctx.sentences if s.block in blocks]
    report_like: list[int] = []
    for sent in sentences:
        text = sent.text.strip()
        low = folded(text)
        if not has_any(low, CUE_WORDS):
            continue  # neither CUE nor SAME_TIME can match: two thirds of the sentences
        # the cue first: it rules out four sentences in five, SKIP one in thirty
        cue = has_cue(text, low)
        same_time = "samma" in low and SAME_TIME.search(text) is not None
        if not cue and not same_time:
            continue  # most sentences: no date needs finding
        if _skipped(text, low) or OTHER_INQUIRY.match(text):
            continue
        dates = find_dates(sent.text)
        annual_text = _annual(text)
        annual = annual_text
        if not dates and same_time and result:
            prev = result[-1]
            result.append(
                Deadline(
                    date=prev.date,
                    kind=classify(text),
                    recurrence=prev.recurrence,
                    text=" ".join(text.split()),
                    evidence=ctx.evidence(sent.start, sent.end),
                    confidence=0.8,
                )
            )
            continue
        if not dates or not cue:
            continue
        recipient_m = RECIPIENT.search(text)
        recipient = " ".join(recipient_m["r"].split()) if recipient_m else None
        if (
            annual
            and len(dates) > 1
            and all(d.year is not None for d in dates)
            and len({(d.month, d.day) for d in dates}) == 1
        ):
            dates = [min(dates, key=lambda d: d.year or 0)]
        seen_here: set[dt.date] = set()
        windows = _clause_windows(sent.text, dates)
        for d, (w0, w1) in zip(dates, windows, strict=True):
            clause = sent.text[w0:w1]
            annual = _annual(clause) if len(dates) > 1 else annual_text
            after = decision
            if annual and seen_here and THEREAFTER.search(clause):
                # "senast den 12 december 2025 och därefter den 3 oktober årligen": the
                # yearly date starts after the one before it
                after = max(seen_here)
            when = (
                _annual_first(d, clause if len(dates) > 1 else text, after)
                if annual
                else d.resolve()
            )
            confidence = 0.9 if d.precision == "day" else 0.7
            if when is None and d.year is None:
                when = _annual_first(d, text, decision)  # year left out: the next such date
                confidence = 0.5
            if when is None or when in seen_here:
                continue
            if _replaced(text[max(0, d.start - 40) : d.start]):
                continue  # "i stället för senast den 30 november": the date that no longer holds
            if _starts_period(sent.text, d, dates):
                continue  # "under perioden 1 juli 2025–31 januari 2026": the end is the date
            if decision is not None and not annual and when < decision:
                continue  # a past date is background, not an obligation
            seen_here.add(when)
            dk = classify(clause)
            if dk == "other" and len(dates) > 1:
                dk = classify(text)
            if annual and dk == "final_report" and not FINAL_WORD.search(clause):
                dk = "report"  # a yearly report on the assignment is not its final report
            dl = Deadline(
                date=when,
                kind=dk,
                recurrence="annual" if annual else None,
                text=" ".join(text.split()),
                recipient=recipient,
                evidence=ctx.evidence(sent.start, sent.end),
                confidence=confidence,
            )
            if any(
                x.date == dl.date and x.kind == dl.kind and x.recurrence == dl.recurrence
                for x in result
            ):
                continue
            if dk == "final_report" and not FINAL_WORD.search(text):
                report_like.append(len(result))
            result.append(dl)
    # A plain "uppdraget ska redovisas" before a later final report is an interim report.
    finals = [r for r in result if r.kind == "final_report"]
    if len(finals) > 1:
        latest = max(f.date for f in finals)
        for i in report_like:
            if result[i].date < latest:
                result[i].kind = "interim_report"
    return result
