"""Records of inputs that no longer exist: told about on every run, removed with ``--prune``.

Why: an output that is resumed for months keeps the record of every file it ever parsed; when
a file is deleted or moved, its old record would otherwise stay for good, silently, and be
counted and queried as if the document were still in the archive.

A record's input "no longer exists" when nothing is at its path any more (not even a dangling
link) and the path is not an input of this run. Relative paths are taken from the current
folder, as the run that wrote them took them: run from the same folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from policyparse.batchio.sinks import BatchError, Done, Sink
from policyparse.paths import display_path


@dataclass(frozen=True, slots=True)
class Vanished:
    """What became of the records whose input no longer exists."""

    found: int = 0
    removed: int = 0


def vanished_inputs(existing: dict[str, Done], inputs: Iterable[str]) -> set[str]:
    """The paths of ``existing`` records that are not ``inputs`` and lead to nothing."""
    given = set(inputs)
    return {p for p in existing if p not in given and not os.path.lexists(p)}


def handle_vanished(
    sink: Sink, existing: dict[str, Done], inputs: Iterable[str], prune: bool, err: IO[str]
) -> Vanished:
    """Tell about (one line on ``err``) or, with ``prune``, remove the records of inputs that
    no longer exist. Refuses (:class:`BatchError`) to prune *every* record: that is what a
    run from another folder would see, where relative paths lead nowhere."""
    gone = vanished_inputs(existing, inputs)
    if not gone:
        return Vanished()
    some = display_path(min(gone))
    if not prune:
        print(
            f"policyparse: {_records(len(gone))} in {sink.label} of inputs that no longer "
            f"exist (such as {some}); --prune removes them",
            file=err,
        )
        return Vanished(found=len(gone))
    if len(gone) == len(existing):
        raise BatchError(
            f"--prune would remove all {_records(len(gone))} in {sink.label}: none of their "
            f"inputs exists from {display_path(os.getcwd())} (such as {some}); run from the "
            "folder the batch was run in, or use --overwrite to start afresh"
        )
    removed = sink.prune(gone)
    print(
        f"policyparse: removed {_records(removed)} of inputs that no longer exist from "
        f"{sink.label}",
        file=err,
    )
    return Vanished(found=len(gone), removed=removed)


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"
