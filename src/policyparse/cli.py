"""Command line: ``policyparse parse|batch|schema``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from policyparse import __version__
from policyparse.batch import default_workers, run_batch
from policyparse.errors import PolicyParseError
from policyparse.output import error_record, to_json_line
from policyparse.pipeline import Options, parse
from policyparse.record import Document


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="policyparse", description=__doc__)
    ap.add_argument("--version", action="version", version=__version__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("parse", help="parse one document, print its record as JSON")
    p.add_argument("file")
    p.add_argument("--password")
    p.add_argument("--compact", action="store_true", help="one line instead of indented JSON")
    b = sub.add_parser("batch", help="parse files and folders into JSON Lines, one line per input")
    b.add_argument("inputs", nargs="+")
    b.add_argument("--out", "-o", required=True, help="output .jsonl file ('-' for stdout)")
    b.add_argument("--workers", "-j", type=int, default=default_workers())
    b.add_argument("--password")
    b.add_argument("--max-pages", type=int, default=2000)
    b.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress line on stderr (default: when stderr is a terminal)",
    )
    sub.add_parser("schema", help="print the JSON Schema of a record")
    a = ap.parse_args(argv)

    if a.cmd == "schema":
        print(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=1))
        return 0
    if a.cmd == "parse":
        try:
            doc = parse(a.file, password=a.password)
        except PolicyParseError as exc:
            print(to_json_line(error_record(a.file, exc)))
            print(f"policyparse: {exc.error_type}: {exc}", file=sys.stderr)
            return 2
        print(doc.model_dump_json(indent=None if a.compact else 1))
        return 0
    options = Options(password=a.password, max_pages=a.max_pages)
    progress = sys.stderr.isatty() if a.progress is None else a.progress
    if a.out == "-":
        counts = run_batch(a.inputs, sys.stdout, a.workers, options, progress)
    else:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        with open(a.out, "w", encoding="utf-8") as fh:
            counts = run_batch(a.inputs, fh, a.workers, options, progress)
    errors = {k[6:]: v for k, v in counts.items() if k.startswith("error:")}
    print(
        f"policyparse: {counts['ok'] + sum(errors.values())} documents, {counts['ok']} records, "
        f"{counts['pages']} pages, errors {errors or 0}, {counts['seconds']} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
