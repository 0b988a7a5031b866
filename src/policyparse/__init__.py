"""policyparse: Swedish policy documents → typed records with evidence.

>>> import policyparse
>>> doc = policyparse.parse("beslut.pdf")          # doctest: +SKIP
>>> doc.kind, [d.name for d in doc.diarienummer]   # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from policyparse.batch import parse_many
from policyparse.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    InputNotFoundError,
    NoTextError,
    PolicyParseError,
    ResourceLimitError,
    TooLargeError,
    UnsupportedInputError,
)
from policyparse.pipeline import Options, parse
from policyparse.record import (
    Amount,
    Appropriation,
    Deadline,
    Document,
    ErrorRecord,
    Named,
    Reference,
    Signatory,
    Span,
    Task,
)

__all__ = [
    "Amount",
    "Appropriation",
    "CorruptInputError",
    "Deadline",
    "Document",
    "EmptyInputError",
    "EncryptedInputError",
    "ErrorRecord",
    "InputNotFoundError",
    "Named",
    "NoTextError",
    "Options",
    "PolicyParseError",
    "Reference",
    "ResourceLimitError",
    "Signatory",
    "Span",
    "Task",
    "TooLargeError",
    "UnsupportedInputError",
    "__version__",
    "parse",
    "parse_many",
]
