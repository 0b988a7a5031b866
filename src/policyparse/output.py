"""Serialising records: JSON-ready dicts in the documented field order."""

from __future__ import annotations

import json
from typing import Any

from policyparse.errors import PolicyParseError
from policyparse.paths import display_path, displayable
from policyparse.record import Document, ErrorInfo, ErrorRecord


def record_dict(doc: Document) -> dict[str, Any]:
    return doc.model_dump(mode="json")


def error_record(source: str, exc: BaseException) -> ErrorRecord:
    if isinstance(exc, PolicyParseError):
        etype = exc.error_type
    elif isinstance(exc, MemoryError):
        etype = "resource_limit"
    else:
        etype = "internal"
    # A file name that is not UTF-8 (in the source, or quoted in a message) is shown as text
    # that encodes, so that the record can be written as JSON (policyparse.paths).
    message = displayable(str(exc) or type(exc).__name__)
    return ErrorRecord(source=display_path(source), error=ErrorInfo(type=etype, message=message))


def to_json_line(obj: Document | ErrorRecord) -> str:
    return json.dumps(obj.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
