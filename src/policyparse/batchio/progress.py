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
    in the output are counted in ``skipped``."""

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
            "documents": self.documents,
            "records": self.records,
            "errors": dict(sorted(self.errors.items())),
            "error_count": self.error_count,
            "pages": self.pages,
            "seconds": round(secs, 3),
            "documents_per_second": round(self.documents / secs, 3) if secs > 0 else None,
            "pages_per_second": round(self.pages / secs, 3) if secs > 0 else None,
            "workers": self.workers,
            "workers_replaced": self.workers_replaced,
            "workers_recycled": self.workers_recycled,
            "quarantined": self.quarantined,
            "executor": self.executor,
            "out": self.out,
        }

    def line(self) -> str:
        errors = dict(sorted(self.errors.items())) or 0
        text = (
            f"policyparse: {self.documents} documents, {self.records} records, "
            f"{self.pages} pages, errors {errors}, {self.seconds:.1f} s"
        )
        if self.skipped:
            text += f"; {self.skipped} inputs already in {self.out}, skipped"
        if self.quarantined:
            text += f"; {self.quarantined} broken output lines quarantined"
        return text

    def write_json(self, path: str) -> None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self.as_dict(), indent=1) + "\n", encoding="utf-8")


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
