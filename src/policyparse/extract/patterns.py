"""Regular expressions for Swedish registration numbers, designations and references.

Shapes, not strings of one template: a ministry dnr is a department code, a year and a serial
("S2026/00062", "Fi2025/01935", "LI2025/00513", "Fö2025/00712"); a committee designation is a
department code, a year and a number ("Fi 2014:15", "Ju 2024:09"); official series are SOU, Ds,
dir., prop., skr., bet., rskr., SFS.
"""

from __future__ import annotations

import regex

DEPT = r"(?:[A-ZÅÄÖ][A-Za-zåäöÅÄÖ]{0,3})"
DNR = regex.compile(rf"(?<![\w/]){DEPT}\s?(?:19|20)\d\d/\d{{3,6}}(?:/\w+)?(?![\w/])")
DELVIS = regex.compile(r"^\s*\(\s*delvis\s*\)", regex.IGNORECASE)
MEETING = regex.compile(r"(?<!\w)(?P<m>[IVX]{1,4}:\d{1,3})(?!\w)")
DESIGNATION = regex.compile(
    r"(?<!\w)(?P<series>Dir|Prop|Skr|SOU|Ds)\.?\s*(?P<num>(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?:\d{1,4})(?!\d)",
    regex.IGNORECASE,
)
COMMITTEE = regex.compile(rf"(?<![\w/]){DEPT}\s(?:19|20)\d\d:\d{{1,3}}(?!\d)")
SERIES_REF = regex.compile(
    r"(?<![\w.])(?P<series>SOU|Ds|dir\.|Dir\.|prop\.|Prop\.|skr\.|Skr\.|bet\.|rskr\.|SFS|"
    r"[A-ZÅÄÖ][A-Za-zÅÄÖ]{0,3}\s+PM)\s*"
    r"(?P<num>(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?:[A-Za-zÅÄÖåäö]{0,6}\d{1,4})(?!\d)"
)
SERIES_TYPE = {
    "sou": "sou",
    "ds": "ds",
    "dir.": "dir",
    "prop.": "prop",
    "skr.": "other",
    "bet.": "bet",
    "rskr.": "rskr",
    "sfs": "sfs",
}
MINISTRY_CODES = {
    "S",
    "Fi",
    "Ju",
    "U",
    "UD",
    "Ku",
    "KN",
    "LI",
    "Fö",
    "A",
    "M",
    "N",
    "I",
    "SB",
    "KLI",
    "Jo",
    "IJ",
    "ME",
    "AJ",
    "Stat",
}
