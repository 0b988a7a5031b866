"""Serialising records: JSON-ready dicts in the documented field order."""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

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


# ``input`` as a batch line has it (``batchio.inputs.InputInfo``): the path as given, and the
# SHA-256 and size of its bytes, both null when the path could not be read.
_INPUT_SCHEMA: dict[str, Any] = {
    "title": "Input",
    "description": "The input as given, and the SHA-256 and size of its bytes (null when it "
    "could not be read).",
    "type": "object",
    "properties": {
        "path": {"type": "string"},
        "sha256": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "bytes": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
    },
    "required": ["path", "sha256", "bytes"],
    "additionalProperties": False,
}


def record_schema() -> dict[str, Any]:
    """The JSON Schema of a :class:`Document` as written (``parse``'s output)."""
    return Document.model_json_schema(mode="serialization")


def batch_line_schema() -> dict[str, Any]:
    """The JSON Schema of one line of ``policyparse batch`` output: one of a record line (a
    :class:`Document` with ``input``) or an error line (an :class:`ErrorRecord` with
    ``input``). Built from the models, so it cannot drift from what is written."""
    _, top = models_json_schema(
        [(Document, "serialization"), (ErrorRecord, "serialization")],
        ref_template="#/$defs/{model}",
    )
    defs: dict[str, Any] = top["$defs"]
    defs["Input"] = _INPUT_SCHEMA
    lines = {"RecordLine": defs.pop("Document"), "ErrorLine": defs.pop("ErrorRecord")}
    for name, model in lines.items():
        props = model["properties"]
        model["properties"] = {
            "source": props.pop("source"),
            "input": {"$ref": "#/$defs/Input"},
            **props,
        }
        model["required"] = ["input", *model.get("required", [])]
        model["title"] = name
        defs[name] = model
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "policyparse batch output line",
        "description": "One line per input: its record (with input), or an error record "
        "(with input and error).",
        "oneOf": [{"$ref": "#/$defs/RecordLine"}, {"$ref": "#/$defs/ErrorLine"}],
        "$defs": defs,
    }
