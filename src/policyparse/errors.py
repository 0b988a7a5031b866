"""Typed errors.

Every failure that a caller can act on has an ``error_type`` code that stays stable across
versions, so batch output (``{"source": ..., "error": {"type": ..., "message": ...}}``) can be
filtered and retried by type without parsing messages.
"""

from __future__ import annotations

from typing import ClassVar


class PolicyParseError(Exception):
    """Base class: a document could not be turned into a record."""

    error_type: ClassVar[str] = "error"


class EmptyInputError(PolicyParseError):
    """The input has no bytes, or no pages."""

    error_type = "empty"


class InputNotFoundError(PolicyParseError, FileNotFoundError):
    """The input path names nothing that exists (or a dangling link).

    Also a :class:`FileNotFoundError`, so code that already catches that for a missing file
    keeps working; in batch output its type is ``not_found``, apart from ``unsupported``
    (which says something about a file's content).
    """

    error_type = "not_found"


class UnsupportedInputError(PolicyParseError):
    """The content is not a PDF, HTML, Markdown or plain-text document."""

    error_type = "unsupported"


class CorruptInputError(PolicyParseError):
    """The file claims to be a PDF but cannot be read as one."""

    error_type = "corrupt"


class EncryptedInputError(PolicyParseError):
    """The PDF needs a user password that was not given (or was wrong)."""

    error_type = "encrypted"


class NoTextError(PolicyParseError):
    """No page has a usable text layer (scanned or garbage encoding) and OCR is unavailable."""

    error_type = "no_text"


class TooLargeError(PolicyParseError):
    """The input exceeds a configured bound (bytes or pages)."""

    error_type = "too_large"


class ResourceLimitError(PolicyParseError):
    """Parsing exceeded a time or memory bound."""

    error_type = "resource_limit"


class ModelAssetsError(PolicyParseError):
    """The language assets in ``models/`` are missing or malformed (an installation problem)."""

    error_type = "models_missing"
