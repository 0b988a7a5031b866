"""One document → one output line; runs inside a worker process (or in-process).

The line is the record (or error record) as JSON, with an ``input`` object right after
``source``: ``{"source": ..., "input": {"path", "sha256", "bytes"}, ...}``. Keeping ``source``
and ``input`` first lets a resume scan read a line's identity without decoding the whole line.
"""

from __future__ import annotations

import errno
import json
import os
import time
from dataclasses import dataclass
from typing import Any

from policyparse.batchio.inputs import InputInfo, file_info
from policyparse.output import error_record
from policyparse.paths import display_path, displayable
from policyparse.pipeline import Options, parse
from policyparse.record import Document, ErrorInfo, ErrorRecord

Result = Document | ErrorRecord

# The error types of batch output (``error.type``): a missing input, the parser's
# (:mod:`policyparse.errors`), then the batch runner's (timeout, worker_crashed;
# resource_limit comes from both), then ``internal`` for a bug. ``models_missing`` means a
# broken installation.
ERROR_TYPES = (
    "not_found",
    "empty",
    "not_found",
    "unsupported",
    "corrupt",
    "encrypted",
    "no_text",
    "too_large",
    "timeout",
    "resource_limit",
    "worker_crashed",
    "internal",
    "models_missing",
)


@dataclass(frozen=True, slots=True)
class LineResult:
    """What a worker hands back for one input: the finished output line and a few facts the
    parent needs for progress and sinks, so that it never has to decode the line."""

    path: str
    line: str
    sha256: str | None
    bytes: int | None
    error_type: str | None
    pages: int
    seconds: float


_TEST_VARIABLES = (
    "POLICYPARSE_TEST_SLEEP_ON",
    "POLICYPARSE_TEST_CRASH_ON",
    "POLICYPARSE_TEST_ALLOC_ON",
)


def _test_hooks(path: str) -> None:
    """TEST-ONLY fault injection, off unless these environment variables are set.

    ``POLICYPARSE_TEST_SLEEP_ON=NAME``: the worker sleeps an hour before parsing a file whose
    base name is NAME (to test ``--timeout``). ``POLICYPARSE_TEST_CRASH_ON=NAME``: the worker
    process kills itself with SIGKILL (``worker_crashed``). ``POLICYPARSE_TEST_ALLOC_ON=NAME``:
    the worker allocates 64 GB (``resource_limit`` under ``--max-memory-mb``). Several names
    may be given, separated by ``,``.
    """
    env = os.environ
    if not any(var in env for var in _TEST_VARIABLES):  # a few lookups, not a scan of env
        return
    name = os.path.basename(path)

    def on(var: str) -> bool:
        return name in env.get(var, "").split(",")

    if on("POLICYPARSE_TEST_SLEEP_ON"):
        time.sleep(3600)
    if on("POLICYPARSE_TEST_CRASH_ON"):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    if on("POLICYPARSE_TEST_ALLOC_ON"):
        hog = bytearray(64 << 30)
        del hog


# How long a paused run waits for its test to let it go on (a test that died leaves none).
_TEST_PAUSE_MAX_SECONDS = 120.0
_TEST_PAUSE_POLL_SECONDS = 0.05


def pause_for_test(where: str) -> None:
    """TEST-ONLY: hold a run at a named point of its output code, off unless
    ``POLICYPARSE_TEST_PAUSE_AT=WHERE:MARKER`` is set.

    At ``WHERE`` (``jsonl-rewrite``: the output was just replaced by its rewrite;
    ``parquet-merge``: the journal is closed, the merge not yet done; ``sqlite-close``: before
    the last checkpoint) the run creates the file ``MARKER`` and waits until the test deletes
    it, so that a test can start a second run exactly in that window without a timed guess.
    """
    setting = os.environ.get("POLICYPARSE_TEST_PAUSE_AT")
    if not setting:
        return
    point, _, marker = setting.partition(":")
    if point != where or not marker:
        return
    with open(marker, "w", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + _TEST_PAUSE_MAX_SECONDS
    while os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(_TEST_PAUSE_POLL_SECONDS)


def parse_one(path: str, options: Options | None = None) -> Result:
    """Parse one file; any failure becomes an error record (never raises, but for
    ``MemoryError``, which the caller handles)."""
    try:
        _test_hooks(path)
        return parse(path, options=options)
    except MemoryError:
        raise
    except Exception as exc:  # one bad file never stops a batch: it becomes an error record
        rec = error_record(path, exc)
        if rec.error.type == "internal" and _out_of_memory(exc):
            rec.error.type = "resource_limit"
        return rec


def _out_of_memory(exc: BaseException) -> bool:
    """An OS-level allocation failure (e.g. a shared library that cannot be mapped under the
    address-space cap) rather than a bug."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
        return True
    text = str(exc)
    return "failed to map segment" in text or "Cannot allocate memory" in text


def _pages(result: Result) -> int:
    return len(result.pages) if isinstance(result, Document) else 0


def make_line(result: Result, info: InputInfo) -> str:
    """The output line: the record's JSON with ``"input"`` spliced in after ``"source"``.

    pydantic's own serialiser writes the record (compact, UTF-8, as ``json.dumps`` with
    ``ensure_ascii=False`` would; the same bytes on every corpus record) in a third of the
    time of ``model_dump`` plus ``json.dumps``; the slow path stays for a record whose JSON
    does not start with its source."""
    try:
        body = result.model_dump_json()
    except ValueError:  # e.g. a lone surrogate: the slow path below writes it as text
        body = ""
    prefix = '{"source":' + json.dumps(result.source, ensure_ascii=False) + ","
    if body.startswith(prefix):
        given = json.dumps(info.as_dict(), ensure_ascii=False, separators=(",", ":"))
        return prefix + '"input":' + given + "," + body[len(prefix) :]
    data: dict[str, Any] = result.model_dump(mode="json")
    ordered = {"source": data.pop("source"), "input": info.as_dict(), **data}
    line = json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (bad text in a PDF): the sinks write UTF-8
        line = json.dumps(_encodable(ordered), ensure_ascii=False, separators=(",", ":"))
    return line


def _encodable(value: Any) -> Any:
    """``value`` with every string made encodable (:func:`policyparse.paths.displayable`)."""
    if isinstance(value, str):
        return displayable(value)
    if isinstance(value, list):
        return [_encodable(v) for v in value]
    if isinstance(value, dict):
        return {displayable(k): _encodable(v) for k, v in value.items()}
    return value


def failure_line(info: InputInfo, etype: str, message: str, seconds: float = 0.0) -> LineResult:
    """An error line made outside the worker (timeout, crash, resource limit)."""
    rec = ErrorRecord(
        source=display_path(info.path), error=ErrorInfo(type=etype, message=displayable(message))
    )
    return LineResult(
        path=info.path,
        line=make_line(rec, info),
        sha256=info.sha256,
        bytes=info.bytes,
        error_type=etype,
        pages=0,
        seconds=seconds,
    )


def process_path(path: str, options: Options | None = None) -> LineResult:
    """The worker task of the batch CLI: hash, parse, serialise."""
    start = time.perf_counter()
    info = file_info(path)
    result = parse_one(path, options)  # a MemoryError goes to the pool: resource_limit
    etype = result.error.type if isinstance(result, ErrorRecord) else None
    return LineResult(
        path=path,
        line=make_line(result, info),
        sha256=info.sha256,
        bytes=info.bytes,
        error_type=etype,
        pages=_pages(result),
        seconds=time.perf_counter() - start,
    )


# A short decision as plain text: parsing it once builds what the extractors build on first
# use (compiled patterns, the label and gazetteer tables), so that a forked worker starts with
# them. Made up for this purpose; its record is thrown away.
_WARM_UP_TEXT = """Regeringsbeslut
Socialdepartementet
2026-01-15
S2026/00001

Uppdrag att följa upp vården

Regeringens beslut
Regeringen uppdrar åt Socialstyrelsen att följa upp vården. Uppdraget ska redovisas till
Regeringskansliet (Socialdepartementet) senast den 1 mars 2027. För uppdraget får
Socialstyrelsen använda 2 000 000 kronor under 2026, som ska belasta utgiftsområde 9
anslaget 1:1.

På regeringens vägnar

Anna Andersson
Erik Eriksson

Kopia till
Statskontoret
"""


_warmed_up = False  # in this process (a forked worker inherits the parent's)


def warm_up() -> None:
    """Load the language pipelines before the first task, so that their ~0.7 s is not charged
    to the first document's timeout: the tokenizer and sentencizer every document uses, and
    the public-body ruler that most load on demand; then parse a short text, which builds the
    extractors' tables and patterns. Once per process: the pool runs it in the parent before
    forking and again in each worker (needed where workers are spawned, not forked), and a
    forked worker has it done already. Failures are left for :func:`parse` to report."""
    global _warmed_up
    if _warmed_up:
        return
    try:
        from policyparse.language import get_nlp

        get_nlp()
        parse(_WARM_UP_TEXT.encode("utf-8"), name="warm-up.txt")
    except Exception:  # MemoryError included
        return
    _warmed_up = True
