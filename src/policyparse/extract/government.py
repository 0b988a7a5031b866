"""Government documents' own wording: the operative phrase of a government decision or
directive ("Regeringen ger X i uppdrag att", "Regeringen uppdrar åt X att"). Read by the
entries of :mod:`policyparse.extract.kinds` for the kinds the government issues."""

from __future__ import annotations

import regex

from policyparse.extract.decision import AssignPhrase

GOVERNMENT_ASSIGNMENT = AssignPhrase(
    regex.compile(
        r"Regeringen\s+(?:ger|uppdrar\s+åt|beslutar\s+att\s+ge|ger\s+därför|ger\s+nu)\s+"
        r"(?:även\s+|också\s+|nu\s+)?(?P<a>.+?)\s+(?:(?:ett\s+)?(?:i\s+)?uppdrag(?:et)?\s+(?:att|om|med)|att)\b"
    ),
    needs=(("Regeringen",),),
)
