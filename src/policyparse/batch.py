"""Batch parsing: every input yields exactly one line — a record or an error record.

Inputs are files or directories (walked recursively, sorted for a stable order). Errors of any
kind in one document become an error record and never stop the run.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO

from policyparse.output import error_record, to_json_line
from policyparse.pipeline import Options, parse
from policyparse.record import Document, ErrorRecord

Result = Document | ErrorRecord


# Inside a folder only files that look like documents are taken (the type itself is sniffed
# from the content later); a file named on the command line is always taken.
DOCUMENT_SUFFIXES = {".pdf", ".html", ".htm", ".md", ".markdown", ".txt", ""}


def _is_document_file(path: Path) -> bool:
    return (
        path.is_file()
        and not path.name.startswith(".")
        and path.suffix.lower() in DOCUMENT_SUFFIXES
        and path.name.lower() != "readme.md"
    )


def expand_inputs(items: Iterable[str | Path]) -> list[Path]:
    paths: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            paths.extend(sorted(q for q in p.rglob("*") if _is_document_file(q)))
        else:
            paths.append(p)
    return paths


def parse_one(path: str, options: Options | None = None) -> Result:
    try:
        return parse(path, options=options)
    except Exception as exc:  # one bad file never stops a batch: it becomes an error record
        return error_record(path, exc)


def _worker(args: tuple[str, Options | None]) -> str:
    return to_json_line(parse_one(*args))


def parse_many(
    paths: Iterable[str | Path], workers: int = 1, options: Options | None = None
) -> Iterator[Result]:
    """Parse many documents lazily, in input order."""
    items = [str(p) for p in expand_inputs(paths)]
    if workers <= 1:
        for p in items:
            yield parse_one(p, options)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for p, res in zip(
            items, pool.map(parse_one, items, [options] * len(items), chunksize=1), strict=True
        ):
            _ = p
            yield res


def run_batch(
    inputs: list[str], out: IO[str], workers: int, options: Options | None, progress: bool
) -> Counter[str]:
    paths = [str(p) for p in expand_inputs(inputs)]
    counts: Counter[str] = Counter()
    started = time.monotonic()
    pages = 0
    iterator: Iterable[str]
    if workers <= 1:
        iterator = (to_json_line(parse_one(p, options)) for p in paths)
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        iterator = pool.map(_worker, [(p, options) for p in paths], chunksize=1)
    for n, line in enumerate(iterator, start=1):
        out.write(line + "\n")
        if '"error":{"type":"' in line[:600] and line.startswith('{"source"'):
            etype = line.split('"error":{"type":"', 1)[1].split('"', 1)[0]
            counts["error:" + etype] += 1
        else:
            counts["ok"] += 1
            pages += line.count('"number":')
        if progress:
            elapsed = time.monotonic() - started
            errors = sum(v for k, v in counts.items() if k.startswith("error:"))
            eta = (len(paths) - n) * elapsed / n
            rate = f"{n / elapsed:.1f} docs/s  {pages / elapsed:.1f} pages/s"
            sys.stderr.write(f"\r{n}/{len(paths)} docs  {rate}  errors {errors}  ETA {eta:.0f}s  ")
    if progress:
        sys.stderr.write("\n")
    counts["pages"] = pages
    counts["seconds"] = int(time.monotonic() - started)
    return counts


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)
