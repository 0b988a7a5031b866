"""Progress line and end-of-run summary of a batch (both on stderr)."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from policyparse.batchio.work import LineResult


@dataclass
class Summary:
    """What a batch run did. ``documents`` counts the inputs parsed in this run; inputs already
    in the output are counted in ``skipped`` (``skipped_errors`` of them with an error record
    there, not redone). ``retried`` counts error lines redone without ``--retry-errors``
    because their type says nothing about the file (see ``runner.RETRIED_ALWAYS``);
    ``no_documents`` says, per input item that yielded no document, why."""

    inputs: int = 0
    skipped: int = 0
    documents: int = 0
    records: int = 0
    pages: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    workers: int = 0
    executor: str = "local"
    out: str = ""
    workers_replaced: int = 0  # after a timeout, crash or memory error
    workers_recycled: int = 0  # after --max-tasks-per-worker documents
    vanished: int = 0  # records in the output of inputs that no longer exist
    pruned: int = 0  # of those, removed (--prune)
    skipped_errors: int = 0
    retried: int = 0
    no_documents: list[str] = field(default_factory=list)
    quarantined: int = 0  # broken output lines moved to OUT.rejected when the run began

    def add(self, result: LineResult) -> None:
        self.documents += 1
        if result.error_type is None:
            self.records += 1
            self.pages += result.pages
        else:
            self.errors[result.error_type] += 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict[str, Any]:
        secs = self.seconds
        return {
            "inputs": self.inputs,
            "skipped": self.skipped,
            "skipped_errors": self.skipped_errors,
            "retried": self.retried,
            "documents": self.documents,
            "records": self.records,
            "errors": dict(sorted(self.errors.items())),
            "error_count": self.error_count,
            "pages": self.pages,
            "no_documents": list(self.no_documents),
            "seconds": round(secs, 3),
            "documents_per_second": round(self.documents / secs, 3) if secs > 0 else None,
            "pages_per_second": round(self.pages / secs, 3) if secs > 0 else None,
            "workers": self.workers,
            "workers_replaced": self.workers_replaced,
            "workers_recycled": self.workers_recycled,
            "vanished": self.vanished,
            "pruned": self.pruned,
            "quarantined": self.quarantined,
            "executor": self.executor,
            "out": self.out,
        }

    def line(self) -> str:
        """The summary as one sentence, e.g. "policyparse: 12 inputs: 5 parsed (26 pages),
        2 errors (1 unsupported, 1 not found), 5 already in out.jsonl skipped (2 of them error
        records: add --retry-errors to redo them); 3.1 s."."""
        parts = [f"{self.records} parsed ({plural(self.pages, 'page')})"]
        if self.errors:
            kinds = ", ".join(f"{n} {words(t)}" for t, n in sorted(self.errors.items()))
            parts.append(f"{plural(self.error_count, 'error')} ({kinds})")
        if self.retried:
            parts.append(
                f"{self.retried} of them redone (their earlier models_missing error was the "
                "installation's, not the file's)"
            )
        if self.skipped:
            text = f"{self.skipped} already in {self.out} skipped"
            if self.skipped_errors:
                text += (
                    f" ({self.skipped_errors} of them error records: "
                    "add --retry-errors to redo them)"
                )
            parts.append(text)
        if self.quarantined:
            parts.append(
                f"{plural(self.quarantined, 'broken output line')} moved to {self.out}.rejected "
                "(their inputs redone)"
            )
        text = f"policyparse: {plural(self.inputs, 'input')}: " + ", ".join(parts)
        for note in self.no_documents:
            text += f"; {note}"
        return text + f"; {self.seconds:.1f} s."

    def write_json(self, path: str) -> None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self.as_dict(), indent=1) + "\n", encoding="utf-8")


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def words(error_type: str) -> str:
    """An error type as words in a sentence: ``not_found`` → "not found"."""
    return error_type.replace("_", " ")


class Progress:
    """``\\r``-refreshed line: done/total, documents/s, pages/s, errors, ETA."""

    def __init__(self, stream: IO[str], total: int, enabled: bool, interval: float = 0.2):
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.interval = interval
        self.started = time.monotonic()
        self._shown = 0.0
        self._width = 0

    def update(self, summary: Summary, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._shown < self.interval:
            return
        self._shown = now
        elapsed = max(now - self.started, 1e-9)
        done = summary.documents
        rate = done / elapsed
        eta = f"{(self.total - done) / rate:.0f}s" if rate > 0 else "?"
        text = (
            f"{done}/{self.total} docs  {rate:.1f} docs/s  {summary.pages / elapsed:.1f} pages/s"
            f"  errors {summary.error_count}  ETA {eta}"
        )
        pad = max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def finish(self, summary: Summary) -> None:
        if self.enabled:
            self.update(summary, force=True)
            self.stream.write("\n")
            self.stream.flush()
