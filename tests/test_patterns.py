"""extract.patterns: diarienummer, designations, series references, committee designations."""

from __future__ import annotations

import pytest
import regex

from policyparse.extract.patterns import COMMITTEE, DESIGNATION, DNR, SERIES_REF
from policyparse.layout.textindex import TextIndex

DNRS = [
    "S2026/00062",
    "Fi2025/01935",
    "LI2025/00513",
    "Fö2025/00712",
    "KN2026/00741",
    "Ju2025/01324",
]


@pytest.mark.parametrize("dnr", DNRS)
def test_dnr_alone(dnr: str) -> None:
    assert DNR.fullmatch(dnr) is not None
    assert [m.group(0) for m in DNR.finditer(dnr)] == [dnr]


@pytest.mark.parametrize("dnr", DNRS)
def test_dnr_in_sentence(dnr: str) -> None:
    text = f"Regeringens beslut (dnr {dnr}) ska hänvisas till i redovisningen."
    assert [m.group(0) for m in DNR.finditer(text)] == [dnr]


def test_several_dnrs_on_one_header_line() -> None:
    text = "S2026/00062 (delvis) Fi2025/01935"
    assert [m.group(0) for m in DNR.finditer(text)] == ["S2026/00062", "Fi2025/01935"]


DNR_NEGATIVE = [
    "2026/27",
    "prop. 2023/24:1",
    "Regeringen beslutar om regleringsbrev för budgetåret 2026/27.",
    "Se prop. 2023/24:1 och bet. 2023/24:SoU1.",
    "Utredningen (Fi 2014:15) ska redovisa.",
    "SFS 2009:400",
    "anslaget 1:6",
]


@pytest.mark.parametrize("text", DNR_NEGATIVE)
def test_not_a_dnr(text: str) -> None:
    assert list(DNR.finditer(text)) == []


# DESIGNATION -------------------------------------------------------------------------------


def _designation(m: regex.Match[str]) -> str:
    return f"{m['series'].capitalize()}. {m['num']}"


@pytest.mark.parametrize(
    ("text", "series", "num"),
    [
        ("Dir. 2014:158", "Dir", "2014:158"),
        ("Dir.\n2024:1", "Dir", "2024:1"),
        ("Kommittédirektiv Dir. 2024:1", "Dir", "2024:1"),
        ("Prop. 2008/09:159", "Prop", "2008/09:159"),
    ],
)
def test_designation(text: str, series: str, num: str) -> None:
    m = DESIGNATION.search(text)
    assert m is not None
    assert m["series"] == series
    assert m["num"] == num


def test_designation_split_over_two_header_lines(make_line) -> None:
    # "Dir." and "2024:1" printed on two lines of the header column
    index = TextIndex([make_line("Dir.", top=60), make_line("2024:1", top=75, row=1)])
    assert index.text == "Dir. 2024:1"
    m = DESIGNATION.search(index.text)
    assert m is not None
    assert _designation(m) == "Dir. 2024:1"
    assert index.text[m.start() : m.end()] == "Dir. 2024:1"


@pytest.mark.parametrize(
    "text",
    ["Kommittédirektiv", "Dir. 2014", "direktiv 2014:158", "SFS 2009:400", "Fi 2014:15"],
)
def test_not_a_designation(text: str) -> None:
    assert DESIGNATION.search(text) is None


# SERIES_REF --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "series", "num"),
    [
        ("SOU 2009:11", "SOU", "2009:11"),
        ("Ds 2025:5", "Ds", "2025:5"),
        ("dir. 2024:30", "dir.", "2024:30"),
        ("prop. 2023/24:1", "prop.", "2023/24:1"),
        ("skr. 2021/22:3", "skr.", "2021/22:3"),
        (
            "Utredningen har i betänkandet Framtidens screening (SOU 2009:11) föreslagit detta.",
            "SOU",
            "2009:11",
        ),
        (
            "Regeringen har i budgetpropositionen (prop. 2023/24:1) föreslagit medel.",
            "prop.",
            "2023/24:1",
        ),
    ],
)
def test_series_ref(text: str, series: str, num: str) -> None:
    found = [(m["series"], m["num"]) for m in SERIES_REF.finditer(text)]
    assert found == [(series, num)]


def test_series_refs_in_a_riksdag_citation() -> None:
    text = "(prop. 2023/24:1 utg.omr. 9, bet. 2023/24:SoU1, rskr. 2023/24:100)"
    found = [(m["series"], m["num"]) for m in SERIES_REF.finditer(text)]
    assert found == [("prop.", "2023/24:1"), ("bet.", "2023/24:SoU1"), ("rskr.", "2023/24:100")]


@pytest.mark.parametrize(
    "text", ["S2026/00062", "Fi 2014:15", "anslaget 1:6", "2 kap. 3 §", "budgetåret 2026/27"]
)
def test_not_a_series_ref(text: str) -> None:
    assert list(SERIES_REF.finditer(text)) == []


# COMMITTEE ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "designation"),
    [
        ("Fi 2014:15", "Fi 2014:15"),
        ("Ju 2024:09", "Ju 2024:09"),
        ("Utredningen om screening (S 2024:03) ska samråda med Fi 2014:15.", "S 2024:03"),
    ],
)
def test_committee(text: str, designation: str) -> None:
    m = COMMITTEE.search(text)
    assert m is not None
    assert m.group(0) == designation


@pytest.mark.parametrize(
    "text",
    ["Fi2025/01935", "S2026/00062", "prop. 2023/24:1", "Dir. 2014:158", "1:6", "2014:15"],
)
def test_not_a_committee(text: str) -> None:
    assert COMMITTEE.search(text) is None
