"""Command line: ``policyparse parse|batch|schema|doctor``.

Exit codes are :mod:`policyparse.exitcodes`; help texts are plain text (no markup), and every
argument has one (``tests/test_cli_help.py`` checks).
"""

from __future__ import annotations

import argparse
import json
import sys
from signal import SIGINT

from policyparse import doctor, exitcodes
from policyparse.batch import default_workers
from policyparse.batchio.faults import OutputError, Stopped
from policyparse.batchio.inputs import ManifestError, read_manifest
from policyparse.batchio.lock import OutputLockedError
from policyparse.batchio.outcheck import UsageError, known_formats
from policyparse.batchio.pool import PoolStartupError
from policyparse.batchio.runner import (
    DEFAULT_MAX_TASKS_PER_WORKER,
    DEFAULT_MEMORY_HEADROOM_MB,
    DEFAULT_TIMEOUT,
    BatchConfig,
    exit_status,
    run_batch,
)
from policyparse.batchio.sinks import BatchError
from policyparse.exitdocs import exit_epilog
from policyparse.layout.pdfguard import MAX_INFLATED_BYTES_DEFAULT, MAX_TEXT_OPS_DEFAULT
from policyparse.output import batch_line_schema, error_record, record_schema, to_json_line
from policyparse.pipeline import MAX_CHARS_DEFAULT, Options, parse

DESCRIPTION = "Swedish policy documents (PDF, HTML, Markdown, text) to JSON records."


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    a = ap.parse_args(argv)
    if a.cmd == "doctor":
        return doctor.run(as_json=a.json)
    if a.cmd == "schema":
        schema = record_schema() if a.record else batch_line_schema()
        print(json.dumps(schema, ensure_ascii=False, indent=1))
        return exitcodes.OK
    if a.cmd == "parse":
        return parse_command(a)
    return run_batch_command(a)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="policyparse",
        description=DESCRIPTION,
        epilog=exit_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--version", action=doctor.VersionAction)
    sub = ap.add_subparsers(
        dest="cmd",
        required=True,
        metavar="{parse,batch,schema,doctor}",
        help="what to do; 'policyparse COMMAND --help' lists its arguments",
    )
    p = sub.add_parser(
        "parse",
        help="parse one document, print its record as JSON",
        description="Parse one document and print its record as JSON on standard output. If "
        "it cannot be read, print its error record there and one line on standard error, "
        f"and exit {exitcodes.INPUT_ERRORS}.",
    )
    p.add_argument("file", help="the document: a path, or '-' to read it from standard input")
    p.add_argument("--password", help="the user password of an encrypted PDF")
    p.add_argument(
        "--backend",
        choices=["pdfplumber", "pdfium"],
        default="pdfplumber",
        help="PDF reader: pdfplumber (default) or pdfium (faster, same records)",
    )
    p.add_argument("--compact", action="store_true", help="one line instead of indented JSON")
    add_bound_arguments(p)
    b = sub.add_parser(
        "batch",
        help="parse files, folders, globs and manifests: one output line per input",
        description=BATCH_HELP,
        epilog=exit_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_batch_arguments(b)
    s = sub.add_parser(
        "schema",
        help="print the JSON Schema of a batch output line (or of a record)",
        description="Print the JSON Schema of one line of 'policyparse batch' output: a record "
        "with 'input', or an error record with 'input' and 'error' (oneOf).",
    )
    s.add_argument(
        "--record",
        action="store_true",
        help="the schema of a record alone, as 'policyparse parse' prints it",
    )
    doctor.add_doctor_parser(sub)
    return ap


def parse_command(a: argparse.Namespace) -> int:
    """``policyparse parse``: the record on stdout; on failure the error record there and one
    line on stderr (never a traceback: a bug is an ``internal`` error record too)."""
    name = STDIN_NAME if a.file == "-" else a.file
    try:
        if a.file == "-":
            doc = parse(sys.stdin.buffer.read(), options=options_from(a), name=name)
        else:
            doc = parse(a.file, options=options_from(a))
    except Exception as exc:  # MemoryError included: one line, an error record
        rec = error_record(name, exc)
        print(to_json_line(rec))
        print(f"policyparse: {rec.error.type}: {rec.error.message}", file=sys.stderr)
        return exitcodes.INPUT_ERRORS
    print(doc.model_dump_json(indent=None if a.compact else 1))
    return exitcodes.OK


STDIN_NAME = "<stdin>"  # the record's source for 'policyparse parse -'

BATCH_HELP = """\
Every input yields exactly one line: its record, or an error record
{"source": PATH, "input": {...}, "error": {"type": TYPE, "message": ...}} with TYPE one of
not_found, empty, unsupported, corrupt, encrypted, no_text, too_large, timeout,
resource_limit, worker_crashed, internal (models_missing: a broken installation). Each line
also has "input": {"path", "sha256", "bytes"}; 'policyparse schema' prints their JSON Schema.

Inputs: files; folders (recursive, document-like files only); glob patterns such as
'archive/**/*.pdf' (quote them); --manifest FILE with one input per line ('-': stdin).
If no input yields a document (an empty folder, a pattern that matches nothing), nothing
runs: a usage error.

The output format follows the extension of --out: .jsonl, .sqlite/.db (a catalog with one
table per list), .parquet (needs pyarrow), or '-' for stdout. Running the same command again
resumes: inputs already in the output with the same SHA-256 are skipped, but for error
records of type models_missing (an installation fault), which are redone; --retry-errors
redoes every error record.
"""


def add_bound_arguments(p: argparse.ArgumentParser) -> None:
    """The per-document bounds; a document over one is a 'too_large' error."""
    p.add_argument(
        "--max-pages",
        type=int,
        default=2000,
        help="most pages in one document (default %(default)s)",
    )
    p.add_argument(
        "--max-inflated-mb",
        type=int,
        default=MAX_INFLATED_BYTES_DEFAULT >> 20,
        metavar="MB",
        help="most one PDF stream may decompress to (decompression bombs; default %(default)s)",
    )
    p.add_argument(
        "--max-text-ops",
        type=int,
        default=MAX_TEXT_OPS_DEFAULT,
        metavar="N",
        help="most text operators in one PDF content stream (default %(default)s)",
    )
    p.add_argument(
        "--max-chars",
        type=int,
        default=MAX_CHARS_DEFAULT,
        metavar="N",
        help="most characters of text in one document (default %(default)s)",
    )


def options_from(a: argparse.Namespace) -> Options:
    return Options(
        password=a.password,
        max_pages=a.max_pages,
        backend=a.backend,
        max_inflated_bytes=a.max_inflated_mb << 20,
        max_text_ops=a.max_text_ops,
        max_chars=a.max_chars,
    )


def add_batch_arguments(b: argparse.ArgumentParser) -> None:
    b.add_argument("inputs", nargs="*", help="files, folders or glob patterns")
    b.add_argument(
        "--manifest",
        action="append",
        default=[],
        metavar="FILE",
        help="a text file of inputs, one per line ('-': standard input); may be repeated",
    )
    b.add_argument(
        "--out",
        "-o",
        required=True,
        help=f"the output file, its format by extension: {known_formats()}",
    )
    b.add_argument(
        "--workers",
        "-j",
        type=int,
        default=default_workers(),
        help="worker processes (default: the CPUs available, %(default)s)",
    )
    b.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="per document; past it the document gets a 'timeout' error (0: none; "
        "default %(default)g)",
    )
    b.add_argument(
        "--max-memory-mb",
        type=int,
        default=None,
        metavar="MB",
        help="address-space cap per worker; a document that hits it gets a 'resource_limit' "
        f"error (0: none; default: a worker's own size plus {DEFAULT_MEMORY_HEADROOM_MB} MB, "
        "about 1,100 MB)",
    )
    b.add_argument(
        "--max-tasks-per-worker",
        type=int,
        default=DEFAULT_MAX_TASKS_PER_WORKER,
        metavar="N",
        help="replace a worker by a fresh one after N documents, which keeps its memory flat "
        "over a long run (0: never; default %(default)s)",
    )
    b.add_argument("--password", help="the user password of encrypted PDFs")
    add_bound_arguments(b)
    b.add_argument(
        "--backend",
        choices=["pdfplumber", "pdfium"],
        default="pdfplumber",
        help="PDF reader: pdfplumber (default) or pdfium (faster, same records)",
    )
    b.add_argument(
        "--retry-errors",
        action="store_true",
        help="parse again only the inputs whose line in --out is an error record",
    )
    b.add_argument(
        "--overwrite", action="store_true", help="start a fresh output instead of resuming"
    )
    b.add_argument(
        "--prune",
        action="store_true",
        help="remove from --out the records of inputs that no longer exist (deleted or moved "
        "files; relative paths are taken from the current folder)",
    )
    b.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="local processes (default) or dask.distributed (needs policyparse[dask])",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="dask scheduler address (default: start a LocalCluster with --workers processes)",
    )
    b.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress line on stderr (default: when stderr is a terminal)",
    )
    b.add_argument("--summary-json", metavar="FILE", help="also write the summary as JSON")


RESUME_HINT = "run the same command again to resume"


def run_batch_command(a: argparse.Namespace) -> int:
    """``policyparse batch``: exit codes as :func:`~policyparse.batchio.runner.exit_status`
    says, or USAGE (one line, nothing parsed) when the command cannot run as given."""
    inputs: list[str] = list(a.inputs)
    usage = batch_usage_error(a)
    if usage:
        print(f"policyparse batch: {usage}", file=sys.stderr)
        return exitcodes.USAGE
    try:
        for manifest in a.manifest:
            inputs.extend(read_manifest(manifest))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"policyparse: cannot read manifest: {exc}", file=sys.stderr)
        return exitcodes.USAGE
    except ManifestError as exc:
        print(f"policyparse: {exc}", file=sys.stderr)
        return exitcodes.USAGE
    config = BatchConfig(
        workers=max(1, a.workers),
        options=options_from(a),
        timeout=a.timeout,
        max_memory_mb=a.max_memory_mb,  # None: measured in each worker
        max_tasks_per_worker=a.max_tasks_per_worker,
        executor=a.executor,
        scheduler=a.scheduler,
        retry_errors=a.retry_errors,
        overwrite=a.overwrite,
        prune=a.prune,
        progress=sys.stderr.isatty() if a.progress is None else a.progress,
        summary_json=a.summary_json,
        fork_server_here=True,  # this process holds its imports and nothing else yet
    )
    try:
        summary = run_batch(inputs, a.out, config)
    except OutputLockedError as exc:
        print(f"policyparse: {exc}", file=sys.stderr)
        return exitcodes.OUTPUT_LOCKED
    except OutputError as exc:  # disk full, I/O error: what was written is kept
        print(f"policyparse: {exc}", file=sys.stderr)
        return exitcodes.OUTPUT_FAILED
    except Stopped as exc:  # SIGINT, SIGTERM, SIGHUP: the output was closed properly
        if exc.summary is not None:
            print(exc.summary.line(), file=sys.stderr)
        print(f"policyparse: stopped by {exc.signal_name}; {RESUME_HINT}", file=sys.stderr)
        return exitcodes.INTERRUPTED if exc.signum == SIGINT else exitcodes.TERMINATED
    except (UsageError, BatchError, PoolStartupError) as exc:
        print(f"policyparse: {exc}", file=sys.stderr)
        return exitcodes.USAGE
    except KeyboardInterrupt:
        print(f"policyparse: interrupted; {RESUME_HINT}", file=sys.stderr)
        return exitcodes.INTERRUPTED
    print(summary.line(), file=sys.stderr)
    return exit_status(summary)


def batch_usage_error(a: argparse.Namespace) -> str | None:
    """What is wrong with the arguments themselves, before anything is read."""
    if not a.inputs and not a.manifest:
        return "give inputs or --manifest"
    if a.scheduler and a.executor != "dask":
        return "--scheduler needs --executor dask"
    return None


def console() -> None:
    """The ``policyparse`` command: :func:`main`, then :func:`exit_now`.

    A reader that closes standard output early (``policyparse parse x.pdf | head``) ends the
    command with :data:`~policyparse.exitcodes.BROKEN_PIPE` and no traceback; what is still
    buffered for standard output goes to the null device, so the final flush cannot fail again.
    """
    try:
        code = main()
        sys.stdout.flush()  # here, where a closed pipe is still ours to report
    except BrokenPipeError:
        import os

        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
        code = exitcodes.BROKEN_PIPE
    exit_now(code)


def exit_now(code: int) -> None:
    """End the process with ``code`` without tearing the interpreter down.

    Why: freeing spaCy's pipelines and every module at exit takes 0.2–0.4 s, a tenth of a
    short batch run and more of a one-document ``parse``, and all of it after the work is
    done. Outputs are closed by then (the sinks close and fsync their files before
    :func:`main` returns); standard output and error are flushed here, and logging shut down.
    Where anything could still need the normal exit (a child process or a non-daemon thread
    still alive, a stream that cannot be flushed), it takes the normal exit.
    """
    import logging
    import multiprocessing
    import os
    import threading

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    main_thread = threading.main_thread()
    others = [t for t in threading.enumerate() if t is not main_thread and not t.daemon]
    if others or multiprocessing.active_children():
        sys.exit(code)
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    console()
