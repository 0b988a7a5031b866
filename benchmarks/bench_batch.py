"""Benchmark: policyparse against bare PDF text extraction, and the batch CLI's scaling.

One run measures these stages, each in its own fresh Python process (so that peak RSS and
import costs are not shared between them), over the same PDF files:

* ``startup``            import policyparse and build its spaCy pipeline (``get_nlp()``);
* ``pdfplumber``         bare pdfplumber: open each PDF, read ``page.chars`` of every page,
                         close the page and the PDF;
* ``pypdfium2``          bare pypdfium2: open each PDF, ``get_textpage().get_text_range()``
                         of every page, close the text page, the page and the PDF;
* ``pypdfium2-boxes``    the same plus every character's box (``get_charbox``): the least a
                         layout reader must ask pdfium, the yardstick of the pdfium backend
                         (issue 17: the backend at >= 60 % of its speed);
* ``policyparse``        ``policyparse.parse(path)`` (pdfplumber backend), in-process;
* ``policyparse-pdfium`` ``policyparse.parse(path, options=Options(backend="pdfium"))``;
* ``batch``              the ``policyparse batch`` CLI, once per ``--workers`` value (default
                         1 and 2) and ``--backend`` (default pdfplumber; ``both``), run as a
                         subprocess of the stage process;
* ``pool``               (only when asked for) a reference for the CLI's scaling: a plain
                         ``multiprocessing.Pool(N)`` running the CLI's worker task
                         (``batchio.work.process_path``) over the same inputs, timed once its
                         workers have warmed up, with nothing written.

All stages but start-up run ``--rounds`` times (default 3), the order reversed every other
round (ABC, CBA, ABC), and report medians; start-up runs ``--startup-runs`` times. Before
measuring, the files are read once and one throwaway process imports the libraries (warm OS
caches). The CPU time other processes used meanwhile is recorded, and a warning printed when
it is significant.

The CLI parses a path only once per run, so ``--repeat`` would not make it do more work: with
``--repeat N`` the batch stages get N distinct copies of each file instead, and with
``--batch-copies N`` they get N distinct copies cycling through the files (for the scaling
figure, on more documents than the corpus has). A copy is the file with a PDF comment line
``%bench-copy I`` appended after its ``%%EOF``: a valid PDF with its own SHA-256 that parses
to the same record. Copies are written to a temporary directory, deleted afterwards.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_batch.py                  # typeset corpus, all stages
    .venv/bin/python benchmarks/bench_batch.py --backend pdfium --batch-copies 600 \\
        --stages startup,batch                                  # the 2-vs-1-worker figure
    .venv/bin/python benchmarks/bench_batch.py --json > bench.json
    .venv/bin/python benchmarks/bench_batch.py some/dir other.pdf

Stdlib only (plus pdfplumber, pypdfium2 and policyparse inside the stage processes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

# policyparse.exitcodes OK and INPUT_ERRORS: the run completed (some inputs may have error
# lines). Written out, not imported: this script must not load policyparse itself.
BATCH_COMPLETED = (0, 1)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_SUBDIRS = ("typeset",)
STAGE_CHOICES = (
    "startup",
    "pdfplumber",
    "pypdfium2",
    "pypdfium2-boxes",
    "policyparse",
    "policyparse-pdfium",
    "batch",
    "pool",
)
DEFAULT_STAGES = STAGE_CHOICES[:-1]
IN_PROCESS = ("pdfplumber", "pypdfium2", "pypdfium2-boxes", "policyparse", "policyparse-pdfium")
BACKENDS = ("pdfplumber", "pdfium")
ERROR = -1  # in StageResult.doc_ocr_pages: the document failed
COPY_COMMENT = b"%bench-copy "

# The targets of issue 5 ("Archive scale") on a 2-core machine.
TARGET_PDFPLUMBER_RATIO = 1.25  # pdfplumber backend total time / bare pdfplumber chars
TARGET_PDFIUM_PAGES_S = 100.0  # pdfium backend, end to end, one worker
# issue 17: the pdfium backend's speed (work time) at least this share of bare pypdfium2
# reading every character's text and box, measured in the same run
TARGET_PDFIUM_SHARE_OF_BOXES = 0.60
TARGET_SPEEDUP = 1.7  # 2 workers / 1 worker


@dataclass
class StageResult:
    """What one stage process reports (all times in seconds, memory in MB)."""

    stage: str
    docs: int = 0
    ok: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    ocr_pages: int = 0
    # Imports (+ get_nlp for policyparse). Batch CLI: from its launch to its first output line
    # (imports, worker warm-up and the first document).
    startup_s: float = 0.0
    work_s: float = 0.0  # the processing loop (batch CLI: from the first line to its exit)
    peak_rss_mb: float = 0.0  # largest single process (ru_maxrss)
    tree_rss_mb: float | None = None  # peak of RSS summed over the stage's process tree
    process_s: float = 0.0  # wall time of the stage process as seen by the parent
    doc_s: list[float] = field(default_factory=list)  # per input, in input order
    doc_ocr_pages: list[int] = field(default_factory=list)  # per input; ERROR when it failed
    # Batch CLI: documents and pages written after the first line (what work_s covers).
    rate_docs: int | None = None
    rate_pages: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total_s(self) -> float:
        return self.startup_s + self.work_s

    @property
    def pages_per_s(self) -> float:
        pages = self.pages if self.rate_pages is None else self.rate_pages
        return pages / self.work_s if self.work_s > 0 else 0.0

    @property
    def docs_per_s(self) -> float:
        docs = self.docs if self.rate_docs is None else self.rate_docs
        return docs / self.work_s if self.work_s > 0 else 0.0


# --------------------------------------------------------------------------- helpers


def _max_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """``ru_maxrss`` in MB (kilobytes on Linux, bytes on macOS)."""
    raw = resource.getrusage(who).ru_maxrss
    return raw / (1024 * 1024) if sys.platform == "darwin" else raw / 1024


def _proc_table() -> dict[int, tuple[int, int]] | None:
    """``{pid: (ppid, rss_bytes)}`` of every process (Linux /proc; else None)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    table: dict[int, tuple[int, int]] = {}
    for entry in os.scandir(proc):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                rest = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # field 4: ppid; field 24: rss in pages
        table[int(entry.name)] = (int(rest[1]), int(rest[21]) * page)
    return table


def _children_of(pid: int) -> list[int] | None:
    """Direct children of ``pid`` from ``/proc/PID/task/*/children`` (None if unsupported)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []  # the process has gone
    out: list[int] = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out.extend(int(x) for x in fh.read().split())
        except FileNotFoundError:
            if not os.path.exists(f"/proc/{pid}/task/{tid}"):
                continue  # the thread has gone
            return None  # a kernel without CONFIG_PROC_CHILDREN
        except (OSError, ValueError):
            continue
    return out


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _proc_tree_rss_bytes(root: int) -> int | None:
    """Current RSS summed over ``root`` and all its descendants (Linux /proc; else None).
    Walks the tree through the ``children`` files (a few reads), else scans all of /proc."""
    tree: list[int] = []
    todo = [root]
    while todo:
        pid = todo.pop()
        kids = _children_of(pid)
        if kids is None:
            tree = []
            break
        tree.append(pid)
        todo.extend(kids)
    if tree:
        return sum(_rss_bytes(pid) for pid in tree)
    table = _proc_table()
    if table is None:
        return None
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _) in table.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(table[pid][1] for pid in tree if pid in table)


class TreeRssSampler:
    """Samples the summed RSS of a process tree every ``interval`` seconds, keeps the peak."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root = root
        self.interval = interval
        self.peak = 0
        self.available = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            value = _proc_tree_rss_bytes(self.root)
            if value is None:
                self.available = False
                return
            self.peak = max(self.peak, value)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeRssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def collect_pdfs(items: list[str]) -> list[Path]:
    """PDF files named, or found (recursively, sorted) under the directories named."""
    found: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            found.extend(
                sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() == ".pdf")
            )
        elif p.is_file():
            found.append(p)
        else:
            print(f"bench_batch: skipping {p}: not found", file=sys.stderr)
    return found


def make_distinct_copies(sources: Sequence[Path], n: int, dest: Path) -> list[Path]:
    """Write ``n`` distinct PDFs to ``dest``: copy ``i`` is ``sources[i % len(sources)]``
    with the PDF comment line ``%bench-copy i`` appended after its last byte (after
    ``%%EOF``). Readers ignore it (a comment after the end of the file), so each copy parses
    to the same record as its original, but has its own bytes, SHA-256 and path, so that the
    batch CLI really parses every copy. Returns the paths in order."""
    if n > 0 and not sources:
        raise ValueError("no source files to copy")
    dest.mkdir(parents=True, exist_ok=True)
    cache: dict[int, bytes] = {}
    out: list[Path] = []
    width = max(5, len(str(max(n - 1, 0))))
    for i in range(n):
        k = i % len(sources)
        if k not in cache:
            data = sources[k].read_bytes()
            cache[k] = data if data.endswith((b"\n", b"\r")) else data + b"\n"
        target = dest / f"{i:0{width}d}-{sources[k].name}"
        target.write_bytes(cache[k] + COPY_COMMENT + str(i).encode("ascii") + b"\n")
        out.append(target)
    return out


def _read_list(path: str) -> list[str]:
    return [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line]


def _write_list(paths: Sequence[str], directory: str, name: str) -> str:
    target = Path(directory) / name
    target.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return str(target)


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


# --------------------------------------------------------------------------- stage bodies
# Each runs inside a fresh child process and returns its StageResult.


def stage_startup(files: list[str]) -> StageResult:
    t0 = time.perf_counter()
    import policyparse

    t1 = time.perf_counter()
    from policyparse.language import get_nlp

    get_nlp()
    t2 = time.perf_counter()
    return StageResult(
        "startup",
        startup_s=t2 - t0,
        peak_rss_mb=_max_rss_mb(),
        extra={"import_s": t1 - t0, "get_nlp_s": t2 - t1, "version": policyparse.__version__},
    )


def _bare_stage(
    name: str,
    files: list[str],
    read: Callable[[str], tuple[int, int]],
    startup_s: float,
    version: str,
) -> StageResult:
    """Time ``read`` (one file → its pages and characters) over ``files``; a file that raises
    is an error, as it is for policyparse."""
    errors: Counter[str] = Counter()
    ok = pages = chars = 0
    doc_s: list[float] = []
    t1 = time.perf_counter()
    for path in files:
        start = time.perf_counter()
        try:
            n_pages, n_chars = read(path)
        except Exception as exc:
            errors[type(exc).__name__] += 1
        else:
            ok += 1
            pages += n_pages
            chars += n_chars
        doc_s.append(time.perf_counter() - start)
    return StageResult(
        name,
        docs=len(files),
        ok=ok,
        errors=dict(errors),
        pages=pages,
        startup_s=startup_s,
        work_s=time.perf_counter() - t1,
        peak_rss_mb=_max_rss_mb(),
        doc_s=doc_s,
        extra={"chars": chars, "version": version},
    )


def stage_pdfplumber(files: list[str]) -> StageResult:
    import logging

    t0 = time.perf_counter()
    import pdfplumber

    # policyparse does the same; pdfminer warnings on odd files are otherwise logged (and slow).
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    t1 = time.perf_counter()

    def read(path: str) -> tuple[int, int]:
        pages = chars = 0
        pdf = pdfplumber.open(path)
        try:
            for page in pdf.pages:
                chars += len(list(page.chars))
                page.close()
                pages += 1
        finally:
            pdf.close()
        return pages, chars

    return _bare_stage("pdfplumber", files, read, t1 - t0, pdfplumber.__version__)


def stage_pypdfium2(files: list[str], boxes: bool = False) -> StageResult:
    """Bare pypdfium2 through its public API: each page's text in one call and, with
    ``boxes``, every character's box (``get_charbox``), kept in a list as a reader would."""
    t0 = time.perf_counter()
    import pypdfium2

    t1 = time.perf_counter()

    def read(path: str) -> tuple[int, int]:
        pages = chars = 0
        pdf = pypdfium2.PdfDocument(path)
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                        if boxes:
                            charbox = textpage.get_charbox
                            got = [charbox(k) for k in range(textpage.count_chars())]
                            chars += len(got)
                        else:
                            chars += len(text)
                    finally:
                        textpage.close()
                finally:
                    page.close()
                pages += 1
        finally:
            pdf.close()
        return pages, chars

    name = "pypdfium2-boxes" if boxes else "pypdfium2"
    return _bare_stage(name, files, read, t1 - t0, _version("pypdfium2"))


def stage_policyparse(files: list[str], backend: str) -> StageResult:
    t0 = time.perf_counter()
    import policyparse
    from policyparse.language import get_nlp

    get_nlp()
    options = policyparse.Options(backend=backend)  # type: ignore[arg-type]
    t1 = time.perf_counter()
    errors: Counter[str] = Counter()
    ok = pages = 0
    doc_s: list[float] = []
    doc_ocr: list[int] = []
    for path in files:
        start = time.perf_counter()
        try:
            doc = policyparse.parse(path, options=options)
        except policyparse.PolicyParseError as exc:
            errors[exc.error_type] += 1
            doc_ocr.append(ERROR)
        else:
            ok += 1
            pages += len(doc.pages)
            doc_ocr.append(sum(1 for p in doc.pages if getattr(p, "ocr", False)))
        doc_s.append(time.perf_counter() - start)
    t2 = time.perf_counter()
    return StageResult(
        "policyparse" if backend == "pdfplumber" else f"policyparse-{backend}",
        docs=len(files),
        ok=ok,
        errors=dict(errors),
        pages=pages,
        ocr_pages=sum(n for n in doc_ocr if n > 0),
        startup_s=t1 - t0,
        work_s=t2 - t1,
        peak_rss_mb=_max_rss_mb(),
        doc_s=doc_s,
        doc_ocr_pages=doc_ocr,
        extra={"backend": backend},
    )


def _cli_command() -> list[str]:
    script = Path(sys.executable).with_name("policyparse")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "policyparse.cli"]


def batch_command(manifest: str | Path, out: Path, workers: int, backend: str) -> list[str]:
    """The ``policyparse batch`` command line both benchmark scripts run."""
    return [
        *_cli_command(),
        "batch",
        "--manifest",
        str(manifest),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--backend",
        backend,
        "--no-progress",
    ]


def _line_facts(line: bytes) -> tuple[str | None, int, int]:
    """(error type or None, pages, OCR'd pages) of one output line."""
    record = json.loads(line)
    if isinstance(record.get("error"), dict):
        return str(record["error"].get("type")), 0, 0
    pages = record.get("pages") or []
    return None, len(pages), sum(1 for p in pages if isinstance(p, dict) and p.get("ocr"))


def stage_batch(files: list[str], workers: int, backend: str) -> StageResult:
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        out = Path(tmp) / "out.jsonl"
        manifest = _write_list(files, tmp, "inputs.txt")
        cmd = batch_command(manifest, out, workers, backend)
        with open(Path(tmp) / "stderr.txt", "w+", encoding="utf-8") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            # The first output line marks the end of the start-up (imports, worker warm-up, the
            # first document): the rate after it is the steady state. A stat every 10 ms until
            # then costs the measured processes nothing noticeable.
            t_first: float | None = None
            first_bytes = 0
            while proc.poll() is None:
                try:
                    size = out.stat().st_size
                except OSError:
                    size = 0
                if size > 0:
                    t_first, first_bytes = time.perf_counter(), size
                    break
                time.sleep(0.01)
            proc.wait()
            t1 = time.perf_counter()
            err.seek(0)
            stderr = err.read()
        if proc.returncode not in BATCH_COMPLETED:
            raise RuntimeError(f"policyparse batch failed ({proc.returncode}): {stderr[-2000:]}")
        errors: Counter[str] = Counter()
        ok = pages = ocr = docs = 0
        first_docs = first_pages = 0
        offset = 0
        with out.open("rb") as fh:
            for line in fh:
                offset += len(line)
                if not line.strip():
                    continue
                docs += 1
                etype, n_pages, n_ocr = _line_facts(line)
                if etype is not None:
                    errors[etype] += 1
                else:
                    ok += 1
                    pages += n_pages
                    ocr += n_ocr
                if offset <= first_bytes:  # complete before the first poll saw the file grow
                    first_docs += 1
                    first_pages += n_pages
    if t_first is None:  # ended before a poll saw a line: no steady state to speak of
        t_first = t1
    return StageResult(
        f"batch-{workers}-{backend}",
        docs=docs,
        ok=ok,
        errors=dict(errors),
        pages=pages,
        ocr_pages=ocr,
        startup_s=t_first - t0,
        work_s=t1 - t_first,
        # RUSAGE_CHILDREN: the largest of the CLI process and its workers. (A child's ru_maxrss
        # can include its parent's pages from before exec, so Tesseract's own figure would be
        # meaningless; the sampled tree RSS covers it instead.)
        peak_rss_mb=_max_rss_mb(resource.RUSAGE_CHILDREN),
        rate_docs=docs - first_docs,
        rate_pages=pages - first_pages,
        extra={
            "workers": workers,
            "backend": backend,
            "first_line_docs": first_docs,
            "cli_summary": stderr.strip().splitlines()[-1] if stderr.strip() else "",
        },
    )


def _pause(_: int) -> None:
    time.sleep(0.2)


def stage_pool(files: list[str], workers: int, backend: str) -> StageResult:
    t0 = time.perf_counter()
    import functools
    import multiprocessing

    from policyparse import Options
    from policyparse.batchio.work import process_path, warm_up

    task = functools.partial(process_path, options=Options(backend=backend))  # type: ignore[arg-type]
    errors: Counter[str] = Counter()
    ok = pages = 0
    with multiprocessing.get_context("fork").Pool(workers, initializer=warm_up) as pool:
        pool.map(_pause, range(workers), chunksize=1)  # every worker has warmed up
        t1 = time.perf_counter()
        for result in pool.imap_unordered(task, files, chunksize=1):
            if result.error_type is None:
                ok += 1
                pages += result.pages
            else:
                errors[result.error_type] += 1
        t2 = time.perf_counter()
    return StageResult(
        f"pool-{workers}-{backend}",
        docs=len(files),
        ok=ok,
        errors=dict(errors),
        pages=pages,
        startup_s=t1 - t0,
        work_s=t2 - t1,
        peak_rss_mb=_max_rss_mb(resource.RUSAGE_CHILDREN),
        extra={"workers": workers, "backend": backend},
    )


def run_stage_in_child(stage: str, files: list[str]) -> None:
    if stage == "startup":
        result = stage_startup(files)
    elif stage == "pdfplumber":
        result = stage_pdfplumber(files)
    elif stage == "pypdfium2":
        result = stage_pypdfium2(files)
    elif stage == "pypdfium2-boxes":
        result = stage_pypdfium2(files, boxes=True)
    elif stage == "policyparse":
        result = stage_policyparse(files, "pdfplumber")
    elif stage == "policyparse-pdfium":
        result = stage_policyparse(files, "pdfium")
    elif stage.startswith("batch-"):
        _, workers, backend = stage.split("-", 2)
        result = stage_batch(files, int(workers), backend)
    elif stage.startswith("pool-"):
        _, workers, backend = stage.split("-", 2)
        result = stage_pool(files, int(workers), backend)
    else:
        raise SystemExit(f"unknown stage {stage!r}")
    print(json.dumps(asdict(result)))


# --------------------------------------------------------------------------- parent


def _system_busy_s() -> float | None:
    """CPU seconds spent busy by the whole machine since boot (Linux /proc/stat; else None)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def spawn_stage(stage: str, list_file: str) -> StageResult:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", stage]
    cmd += ["--files-from", list_file]
    busy0, cpu0 = _system_busy_s(), _children_cpu_s()
    t0 = time.perf_counter()
    # The RSS of the stage's process tree (the stage, its Tesseract subprocesses, the CLI and
    # its workers) is sampled from here, so the sampling costs the measured process nothing.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeRssSampler(proc.pid) as sampler:
        stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - t0
    busy1, cpu1 = _system_busy_s(), _children_cpu_s()
    if proc.returncode != 0:
        raise SystemExit(f"stage {stage} failed ({proc.returncode}):\n{stderr[-4000:]}")
    last = [line for line in stdout.splitlines() if line.startswith("{")][-1]
    result = StageResult(**json.loads(last))
    result.process_s = elapsed
    if sampler.available:
        result.tree_rss_mb = sampler.peak / (1024 * 1024)
    # CPU of the stage process and everything it waited for (workers, Tesseract).
    result.extra["cpu_s"] = cpu1 - cpu0
    if busy0 is not None and busy1 is not None:
        # CPU time the rest of the machine used meanwhile: a contamination indicator.
        result.extra["foreign_cpu_s"] = max(0.0, (busy1 - busy0) - (cpu1 - cpu0))
    return result


CONTENDED = 0.1  # other processes' CPU time over a stage's wall time: above it, contended


def is_contended(r: StageResult) -> bool:
    return r.extra.get("foreign_cpu_s", 0.0) > CONTENDED * max(r.process_s, 1.0)


def _foreign_share(r: StageResult) -> float:
    return r.extra.get("foreign_cpu_s", 0.0) / max(r.process_s, 1e-9)


def wait_quiet(max_wait: float, window: float = 2.0) -> bool:
    """Wait up to ``max_wait`` seconds for a ``window`` in which the rest of the machine used
    less than 5 % of one CPU. True if one came."""
    deadline = time.monotonic() + max_wait
    while time.monotonic() < deadline:
        b0 = _system_busy_s()
        time.sleep(window)
        b1 = _system_busy_s()
        if b0 is None or b1 is None or b1 - b0 < 0.05 * window:
            return True
    return False


def measure(stage: str, list_file: str, retries: int, quiet_wait: float) -> StageResult:
    """One run of a stage. With ``quiet_wait``, it first waits (up to that many seconds) for
    the machine to be quiet; a contended run is repeated up to ``retries`` times, and the
    least contended one kept (chosen by contention, never by speed)."""
    best: StageResult | None = None
    for attempt in range(1, retries + 2):
        if quiet_wait > 0:
            wait_quiet(quiet_wait)
        r = spawn_stage(stage, list_file)
        r.extra["attempts"] = attempt
        if best is None or _foreign_share(r) < _foreign_share(best):
            best = r
        if not is_contended(r):
            break
        if attempt <= retries:
            print(
                f"bench_batch: {stage} contended ({r.extra['foreign_cpu_s']:.1f} CPU s of other "
                "processes); running it again",
                file=sys.stderr,
            )
    assert best is not None
    best.extra["attempts"] = attempt
    return best


def median_result(runs: list[StageResult]) -> StageResult:
    """One result for repeated runs of a stage: median times, largest peak RSS."""
    first = runs[0]
    n_docs = len(first.doc_s)
    return StageResult(
        first.stage,
        docs=first.docs,
        ok=first.ok,
        errors=first.errors,
        pages=first.pages,
        ocr_pages=first.ocr_pages,
        startup_s=statistics.median(r.startup_s for r in runs),
        work_s=statistics.median(r.work_s for r in runs),
        peak_rss_mb=max(r.peak_rss_mb for r in runs),
        tree_rss_mb=max((r.tree_rss_mb for r in runs if r.tree_rss_mb is not None), default=None),
        process_s=statistics.median(r.process_s for r in runs),
        doc_s=[statistics.median(r.doc_s[i] for r in runs) for i in range(n_docs)],
        doc_ocr_pages=first.doc_ocr_pages,
        rate_docs=None
        if first.rate_docs is None
        else round(statistics.median(r.rate_docs or 0 for r in runs)),
        rate_pages=None
        if first.rate_pages is None
        else round(statistics.median(r.rate_pages or 0 for r in runs)),
        extra=first.extra
        | {
            "runs": len(runs),
            "runs_startup_s": [r.startup_s for r in runs],
            "runs_work_s": [r.work_s for r in runs],
            "runs_total_s": [r.total_s for r in runs],
            "runs_process_s": [r.process_s for r in runs],
            "runs_docs_per_s": [r.docs_per_s for r in runs],
            "runs_foreign_cpu_s": [r.extra.get("foreign_cpu_s") for r in runs],
            "foreign_cpu_s": max(r.extra.get("foreign_cpu_s") or 0.0 for r in runs),
            "attempts": sum(r.extra.get("attempts", 1) for r in runs),
        },
    )


def overhead_pct(ours: float, base: float) -> float:
    return 100.0 * (ours - base) / base if base > 0 else float("nan")


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def _subset_sum(values: Sequence[float], keep: Sequence[bool]) -> float:
    return sum(v for v, k in zip(values, keep, strict=True) if k)


def _plumber_summary(
    plumb: StageResult, pp: StageResult, paired: list[tuple[StageResult, StageResult]]
) -> dict[str, Any]:
    """policyparse (pdfplumber backend) against bare pdfplumber character extraction."""
    # Documents that policyparse read from their text layer alone (no OCR'd page, no error):
    # there both do the same PDF reading, and the difference is policyparse's own work.
    text = [n == 0 for n in pp.doc_ocr_pages]
    text_rounds = [(_subset_sum(a.doc_s, text), _subset_sum(b.doc_s, text)) for a, b in paired]
    text_plumb = statistics.median(a for a, _ in text_rounds)
    text_pp = statistics.median(b for _, b in text_rounds)
    ocr_docs = [n > 0 for n in pp.doc_ocr_pages]
    s: dict[str, Any] = {
        "ratio_total": _ratio(pp.total_s, plumb.total_s),
        "ratio_work": _ratio(pp.work_s, plumb.work_s),
        "ratio_process": _ratio(pp.process_s, plumb.process_s),
        "overhead_excl_startup_pct": overhead_pct(pp.work_s, plumb.work_s),
        "overhead_incl_startup_pct": overhead_pct(pp.total_s, plumb.total_s),
        # The same, round by round (each pair ran in the same round): the run-to-run noise.
        "rounds_ratio_total": [_ratio(b.total_s, a.total_s) for a, b in paired],
        "rounds_ratio_work": [_ratio(b.work_s, a.work_s) for a, b in paired],
        "target_ratio_total": TARGET_PDFPLUMBER_RATIO,
        "text_layer_docs": sum(text),
        "text_layer_pdfplumber_s": text_plumb,
        "text_layer_policyparse_s": text_pp,
        "text_layer_overhead_excl_startup_pct": overhead_pct(text_pp, text_plumb),
        "text_layer_overhead_incl_startup_pct": overhead_pct(
            text_pp + pp.startup_s, text_plumb + plumb.startup_s
        ),
        "ocr_docs": sum(ocr_docs),
        "ocr_pages": pp.ocr_pages,
        "ocr_docs_policyparse_s": _subset_sum(pp.doc_s, ocr_docs),
        "ocr_docs_pdfplumber_s": _subset_sum(plumb.doc_s, ocr_docs),
        "input_pages": plumb.pages,
        # Per page of input (the pages pdfplumber read): policyparse's time includes the
        # documents it rejects, whose pages are not in its records.
        "pdfplumber_ms_per_page": 1000 * plumb.work_s / plumb.pages if plumb.pages else None,
        "policyparse_ms_per_page": 1000 * pp.work_s / plumb.pages if plumb.pages else None,
    }
    slowest = max(range(len(pp.doc_s)), key=pp.doc_s.__getitem__, default=None)
    if slowest is not None:
        s["policyparse_first_doc_s"] = pp.doc_s[0]
        s["policyparse_slowest_doc_s"] = pp.doc_s[slowest]
        s["policyparse_slowest_doc_index"] = slowest
    return s


def summarize(
    results: dict[str, StageResult], rounds: dict[str, list[StageResult]]
) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    if "pdfplumber" in results and "policyparse" in results:
        paired = list(zip(rounds["pdfplumber"], rounds["policyparse"], strict=True))
        summary["pdfplumber_backend"] = _plumber_summary(
            results["pdfplumber"], results["policyparse"], paired
        )
    pdfium: dict[str, Any] = {"target_pages_per_s": TARGET_PDFIUM_PAGES_S}
    ppd = results.get("policyparse-pdfium")
    if ppd is not None:
        pdfium["in_process_pages_per_s"] = ppd.pages_per_s
        pdfium["in_process_pages_per_s_incl_startup"] = _ratio(ppd.pages, ppd.total_s)
        bare = results.get("pypdfium2")
        if bare is not None:
            pdfium["ratio_work_vs_bare_pypdfium2"] = _ratio(ppd.work_s, bare.work_s)
        boxes = results.get("pypdfium2-boxes")
        if boxes is not None:
            # speed as a share of the bare reader's: its work time over the backend's
            pdfium["share_of_bare_pypdfium2_boxes"] = _ratio(boxes.work_s, ppd.work_s)
            pdfium["target_share_of_bare_pypdfium2_boxes"] = TARGET_PDFIUM_SHARE_OF_BOXES
    cli1 = results.get("batch-1-pdfium")
    if cli1 is not None:
        pdfium["cli_1_worker_pages_per_s"] = cli1.pages_per_s
        pdfium["cli_1_worker_pages_per_s_incl_startup"] = _ratio(cli1.pages, cli1.total_s)
    if len(pdfium) > 1:
        summary["pdfium_backend"] = pdfium
    for backend in BACKENDS:
        one, two = f"pool-1-{backend}", f"pool-2-{backend}"
        if one in results and two in results:
            pairs = list(zip(rounds[one], rounds[two], strict=True))
            summary[f"pool_speedup_{backend}"] = {
                "documents": results[one].docs,
                "steady": _ratio(results[two].docs_per_s, results[one].docs_per_s),
                "rounds_steady": [_ratio(b.docs_per_s, a.docs_per_s) for a, b in pairs],
            }
        one, two = f"batch-1-{backend}", f"batch-2-{backend}"
        if one not in results or two not in results:
            continue
        r1, r2 = results[one], results[two]
        pairs = list(zip(rounds[one], rounds[two], strict=True))
        summary[f"speedup_{backend}"] = {
            "documents": r1.docs,
            # After the first output line: the steady state, without the fixed start-up.
            "steady": _ratio(r2.docs_per_s, r1.docs_per_s),
            # The whole CLI run, start-up included (both parsed the same documents).
            "whole_run": _ratio(r1.total_s, r2.total_s),
            "rounds_steady": [_ratio(b.docs_per_s, a.docs_per_s) for a, b in pairs],
            "rounds_whole_run": [_ratio(a.total_s, b.total_s) for a, b in pairs],
            "startup_1_s": r1.startup_s,
            "startup_2_s": r2.startup_s,
            "target": TARGET_SPEEDUP,
        }
    return summary


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine_info() -> dict[str, Any]:
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_model": _cpu_model(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "dont_write_bytecode": sys.dont_write_bytecode,
        "pdfplumber": _version("pdfplumber"),
        "pypdfium2": _version("pypdfium2"),
        "spacy": _version("spacy"),
        "policyparse": _version("policyparse"),
    }


def _fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def _errors(r: StageResult) -> str:
    if not r.errors:
        return "0"
    return ", ".join(f"{n} {k}" for k, n in sorted(r.errors.items()))


def _tree(r: StageResult) -> str:
    return "–" if r.tree_rss_mb is None else _fmt(r.tree_rss_mb, 0)


def _xs(values: list[float]) -> str:
    return ", ".join(f"{x:.2f}x" for x in values)


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


LABELS = {
    "pdfplumber": "bare pdfplumber `page.chars`, 1 process",
    "pypdfium2": "bare pypdfium2 `get_text_range()`, 1 process",
    "pypdfium2-boxes": "bare pypdfium2, every character's text and box, 1 process",
    "policyparse": "`policyparse.parse`, pdfplumber backend, 1 process",
    "policyparse-pdfium": "`policyparse.parse`, pdfium backend, 1 process",
}


def stage_label(name: str) -> str:
    if name.startswith("batch-"):
        _, workers, backend = name.split("-", 2)
        return f"`policyparse batch --workers {workers} --backend {backend}` (CLI)"
    if name.startswith("pool-"):
        _, workers, backend = name.split("-", 2)
        return f"reference: `multiprocessing.Pool({workers})`, {backend} backend, no output"
    return LABELS[name]


def contention(results: dict[str, StageResult]) -> dict[str, float]:
    """Stages during which other processes used more than 10 % of the stage's wall time in
    CPU (the worst round)."""
    return {k: r.extra["foreign_cpu_s"] for k, r in results.items() if is_contended(r)}


def markdown(
    results: dict[str, StageResult], summary: dict[str, Any], meta: dict[str, Any], files: list[str]
) -> str:
    out: list[str] = [
        f"{meta['n_files']} PDF files x {meta['repeat']} = {meta['n_docs']} documents; "
        f"{meta['date']}; {meta['cpus']} CPUs ({meta.get('cpu_model')}), {meta['machine']}, "
        f"Python {meta['python']}, pdfplumber {meta['pdfplumber']}, pypdfium2 "
        f"{meta['pypdfium2']}, policyparse {meta['policyparse']}; {meta['rounds']} rounds",
    ]
    if meta.get("batch_docs") is not None:
        out.append(
            f"Batch CLI and pool stages: {meta['batch_docs']} documents ({meta['batch_inputs']})."
        )
    out += [
        "",
        "| stage | docs | ok | errors | pages | OCR pages | start-up s | work s | total s "
        "| pages/s | docs/s | peak RSS MB | tree RSS MB |",
        "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    st = results.get("startup")
    if st is not None:
        out.append(
            f"| start-up only (import policyparse + `get_nlp()`, median of "
            f"{st.extra.get('runs', 1)}) | – | – | – | – | – | {_fmt(st.startup_s)} | – "
            f"| {_fmt(st.startup_s)} | – | – | {_fmt(st.peak_rss_mb, 0)} | {_tree(st)} |"
        )
    for name, r in results.items():
        if name == "startup":
            continue
        ocr = "–" if name in ("pdfplumber", "pypdfium2", "pypdfium2-boxes") else str(r.ocr_pages)
        out.append(
            f"| {stage_label(name)} | {r.docs} | {r.ok} | {_errors(r)} | {r.pages} | {ocr} "
            f"| {_fmt(r.startup_s)} | {_fmt(r.work_s)} | {_fmt(r.total_s)} "
            f"| {_fmt(r.pages_per_s, 1)} | {_fmt(r.docs_per_s, 1)} | {_fmt(r.peak_rss_mb, 0)} "
            f"| {_tree(r)} |"
        )
    out += [
        "",
        "Start-up: imports (and `get_nlp()` for policyparse); for the CLI, from its launch to its "
        "first output line (imports, worker warm-up, the first document). pages/s and docs/s "
        "are over the work seconds (for the CLI: what it wrote after its first line).",
        "",
    ]
    s = summary
    pb = s.get("pdfplumber_backend")
    if pb is not None:
        out.append(
            f"- **pdfplumber backend / bare pdfplumber: {pb['ratio_total']:.2f}x total time "
            f"(incl. start-up), {pb['ratio_work']:.2f}x excluding start-up** (target "
            f"<= {pb['target_ratio_total']}x: {_met(pb['ratio_total'] <= pb['target_ratio_total'])}"
            f"; whole processes incl. interpreter: {pb['ratio_process']:.2f}x)."
        )
        if len(pb["rounds_ratio_total"]) > 1:
            out.append(
                f"  Round by round, total: {_xs(pb['rounds_ratio_total'])}; excluding start-up: "
                f"{_xs(pb['rounds_ratio_work'])}."
            )
        if pb["text_layer_docs"] != results["policyparse"].docs:
            out.append(
                f"  On the {pb['text_layer_docs']} documents read from their text layer (no OCR, "
                f"no error): {pb['text_layer_overhead_excl_startup_pct']:+.0f}% excluding "
                f"start-up, {pb['text_layer_overhead_incl_startup_pct']:+.0f}% including it "
                f"({_fmt(pb['text_layer_pdfplumber_s'])} s vs "
                f"{_fmt(pb['text_layer_policyparse_s'])} s)."
            )
        if pb["ocr_docs"]:
            out.append(
                f"  OCR: {pb['ocr_pages']} pages in {pb['ocr_docs']} document(s) took "
                f"{_fmt(pb['ocr_docs_policyparse_s'], 1)} s in policyparse "
                f"({_fmt(pb['ocr_docs_pdfplumber_s'])} s for pdfplumber to read the same files)."
            )
        if pb.get("pdfplumber_ms_per_page") and pb.get("policyparse_ms_per_page"):
            out.append(
                f"  Per input page ({pb['input_pages']}): pdfplumber "
                f"{pb['pdfplumber_ms_per_page']:.1f} ms, policyparse "
                f"{pb['policyparse_ms_per_page']:.1f} ms; slowest document "
                f"{pb.get('policyparse_slowest_doc_s', 0.0):.2f} s "
                f"({Path(files[pb.get('policyparse_slowest_doc_index', 0)]).name})."
            )
    pd = s.get("pdfium_backend")
    if pd is not None:
        target = pd["target_pages_per_s"]
        parts = []
        if "cli_1_worker_pages_per_s" in pd:
            v = pd["cli_1_worker_pages_per_s"]
            parts.append(
                f"batch CLI, 1 worker: **{v:.0f} pages/s** after its first line "
                f"({pd['cli_1_worker_pages_per_s_incl_startup']:.0f} pages/s over the whole run)"
            )
        if "in_process_pages_per_s" in pd:
            v = pd["in_process_pages_per_s"]
            parts.append(
                f"in-process: **{v:.0f} pages/s** excluding start-up "
                f"({pd['in_process_pages_per_s_incl_startup']:.0f} pages/s including it)"
            )
        best = pd.get("cli_1_worker_pages_per_s", pd.get("in_process_pages_per_s", 0.0))
        out.append(
            f"- **pdfium backend, one worker, end to end:** {'; '.join(parts)} (target "
            f">= {target:.0f} pages/s: {_met(best >= target)})."
        )
        if "ratio_work_vs_bare_pypdfium2" in pd:
            out.append(
                f"  policyparse with pdfium takes {pd['ratio_work_vs_bare_pypdfium2']:.1f}x the "
                "time of bare pypdfium2 text extraction (excluding start-up)."
            )
        if "share_of_bare_pypdfium2_boxes" in pd:
            share = pd["share_of_bare_pypdfium2_boxes"]
            goal = pd["target_share_of_bare_pypdfium2_boxes"]
            out.append(
                f"- **pdfium backend / bare pypdfium2 reading every character's box:** "
                f"{share:.0%} of its speed, excluding start-up (target >= {goal:.0%}: "
                f"{_met(share >= goal)})."
            )
    for backend in BACKENDS:
        sp = s.get(f"speedup_{backend}")
        if sp is None:
            continue
        out.append(
            f"- **2 workers / 1 worker, {backend} backend, {sp['documents']} documents: "
            f"{sp['steady']:.2f}x after the first line, {sp['whole_run']:.2f}x over the whole "
            f"run** (target >= {sp['target']}x: {_met(sp['steady'] >= sp['target'])}; start-up "
            f"to the first line {sp['startup_1_s']:.2f} s and {sp['startup_2_s']:.2f} s)."
        )
        if len(sp["rounds_steady"]) > 1:
            out.append(
                f"  Round by round: after the first line {_xs(sp['rounds_steady'])}; whole run "
                f"{_xs(sp['rounds_whole_run'])}."
            )
    for backend in BACKENDS:
        ps = s.get(f"pool_speedup_{backend}")
        if ps is not None:
            out.append(
                f"- Reference, plain `multiprocessing.Pool`, {backend} backend: 2 workers / 1 "
                f"worker {ps['steady']:.2f}x after warm-up (rounds: {_xs(ps['rounds_steady'])})."
            )
    busy = contention(results)
    if busy:
        out.append(
            "- **Warning:** other processes used CPU during "
            + ", ".join(f"{k} ({v:.1f} CPU s)" for k, v in busy.items())
            + f" on {meta.get('cpus')} CPUs (worst round); those times are inflated and noisy."
        )
    else:
        out.append("- No contention warning: other processes used < 10 % of each stage's time.")
    retried = {k: r.extra["attempts"] - r.extra.get("runs", 1) for k, r in results.items()}
    if any(retried.values()):
        out.append(
            "- Contended runs repeated (`--retries`): "
            + ", ".join(f"{k} {n}x" for k, n in retried.items() if n)
            + "."
        )
    return "\n".join(out)


def to_json(
    results: dict[str, StageResult], summary: dict[str, Any], meta: dict[str, Any], files: list[str]
) -> str:
    stages = {}
    for k, r in results.items():
        d = asdict(r)
        del d["doc_s"], d["doc_ocr_pages"]
        stages[k] = d | {
            "total_s": r.total_s,
            "pages_per_s": r.pages_per_s,
            "docs_per_s": r.docs_per_s,
        }
    documents: list[dict[str, Any]] = []
    in_process = [k for k in IN_PROCESS if k in results]
    for i, f in enumerate(files):
        row: dict[str, Any] = {"file": f}
        for k in in_process:
            row[f"{k}_s"] = results[k].doc_s[i]
            if results[k].doc_ocr_pages:
                n = results[k].doc_ocr_pages[i]
                row[f"{k}_ocr_pages"] = n if n != ERROR else None
        documents.append(row)
    payload = {
        "meta": meta,
        "stages": stages,
        "summary": summary,
        "contention": contention(results),
        "documents": documents,
    }
    return json.dumps(payload, indent=1, ensure_ascii=False)


def from_json(
    text: str,
) -> tuple[dict[str, StageResult], dict[str, Any], dict[str, Any], list[str]]:
    """What :func:`to_json` wrote, back (without per-document times), for :func:`markdown`."""
    payload = json.loads(text)
    names = {f.name for f in fields(StageResult)}
    results = {
        k: StageResult(**{n: v for n, v in d.items() if n in names})
        for k, d in payload["stages"].items()
    }
    files = [row["file"] for row in payload["documents"]]
    return results, payload["summary"], payload["meta"], files


def _csv(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def stage_plan(stages: list[str], workers: list[int], backends: list[str]) -> list[str]:
    """The stage ids run in each round, in order (start-up is run separately)."""
    plan = [s for s in IN_PROCESS if s in stages]
    for kind in ("batch", "pool"):
        if kind in stages:
            plan += [f"{kind}-{w}-{b}" for b in backends for w in workers]
    return plan


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument(
        "paths",
        nargs="*",
        help=f"PDF files or directories (default: {DEFAULT_CORPUS}/{','.join(DEFAULT_SUBDIRS)})",
    )
    ap.add_argument(
        "--stages",
        default=",".join(DEFAULT_STAGES),
        help=f"comma-separated, from {','.join(STAGE_CHOICES)} (default: all but pool)",
    )
    ap.add_argument("--repeat", type=int, default=1, help="repeat the file list N times")
    ap.add_argument(
        "--workers",
        default="1,2",
        help="worker counts for the batch CLI stages, comma-separated (default 1,2; 0: none)",
    )
    ap.add_argument(
        "--backend",
        choices=[*BACKENDS, "both"],
        default="pdfplumber",
        help="backend of the batch CLI stages (default pdfplumber)",
    )
    ap.add_argument(
        "--batch-copies",
        type=int,
        default=0,
        metavar="N",
        help="run the batch CLI stages on N distinct copies cycling through the files (in a "
        "temporary directory) instead of on the file list",
    )
    ap.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of every stage, in alternating order (median reported; default 3)",
    )
    ap.add_argument(
        "--startup-runs",
        type=int,
        default=3,
        help="fresh processes for the start-up-only measurement (median reported)",
    )
    ap.add_argument(
        "--quiet-wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="before each stage run, wait up to this long for the machine to be quiet "
        "(other processes < 5 %% of a CPU for 2 s; default 0: do not wait)",
    )
    ap.add_argument(
        "--retries",
        type=int,
        default=0,
        help="run a contended stage run again, up to this many times, and keep the least "
        "contended (default 0)",
    )
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    ap.add_argument(
        "--render", metavar="FILE", help="print the Markdown of a saved --json run, run nothing"
    )
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--files-from", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.stage:
        run_stage_in_child(a.stage, _read_list(a.files_from) if a.files_from else [])
        return 0
    if a.render:
        print(markdown(*from_json(Path(a.render).read_text(encoding="utf-8"))))
        return 0

    stages = _csv(a.stages)
    unknown = sorted(set(stages) - set(STAGE_CHOICES))
    if unknown:
        ap.error(f"unknown stage(s): {', '.join(unknown)}")
    workers = sorted({int(w) for w in _csv(a.workers) if int(w) > 0})
    backends = list(BACKENDS) if a.backend == "both" else [a.backend]
    plan = stage_plan(stages, workers, backends)

    items = a.paths or [str(DEFAULT_CORPUS / d) for d in DEFAULT_SUBDIRS]
    pdfs = collect_pdfs(items)
    if not pdfs:
        print("bench_batch: no PDF files found", file=sys.stderr)
        return 1
    repeat = max(1, a.repeat)
    files = [str(p.resolve()) for p in pdfs] * repeat
    for p in pdfs:  # warm the OS page cache so the first stage does not pay for cold reads
        p.read_bytes()
    # ... and the same for the libraries' files: the first Python process to import spaCy and
    # pdfminer after a while is markedly slower than the next ones.
    subprocess.run(
        [sys.executable, "-c", "import pdfplumber, pypdfium2, policyparse.cli"], check=True
    )

    loadavg_before = _loadavg()
    results: dict[str, StageResult] = {}
    rounds: dict[str, list[StageResult]] = {s: [] for s in plan}
    tmp = tempfile.mkdtemp(prefix="policyparse-bench-")
    batch_files = files
    batch_inputs = "the same files"
    try:
        list_file = _write_list(files, tmp, "files.txt")
        batch_list = list_file
        if any(s.startswith(("batch-", "pool-")) for s in plan) and (a.batch_copies or repeat > 1):
            # Distinct copies, so that the CLI parses every one (it skips a path it has seen).
            n = a.batch_copies if a.batch_copies > 0 else len(files)
            print(f"bench_batch: writing {n} distinct copies to {tmp} ...", file=sys.stderr)
            copies = make_distinct_copies(pdfs, n, Path(tmp) / "copies")
            batch_files = [str(p) for p in copies]
            batch_list = _write_list(batch_files, tmp, "batch-files.txt")
            batch_inputs = f"distinct copies, cycling through the {len(pdfs)} files"

        if "startup" in stages:
            print("bench_batch: running startup ...", file=sys.stderr)
            results["startup"] = median_result(
                [
                    measure("startup", list_file, a.retries, a.quiet_wait)
                    for _ in range(max(1, a.startup_runs))
                ]
            )
        # The stages alternate (ABC, CBA, ABC, ...) so that a slow drift of the machine's
        # speed hits all alike; each reports the median of its rounds.
        for i in range(max(1, a.rounds)):
            order = plan if i % 2 == 0 else plan[::-1]
            for stage in order:
                print(f"bench_batch: round {i + 1}: running {stage} ...", file=sys.stderr)
                src = batch_list if stage.startswith(("batch-", "pool-")) else list_file
                rounds[stage].append(measure(stage, src, a.retries, a.quiet_wait))
        for stage in plan:
            results[stage] = median_result(rounds[stage])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    summary = summarize(results, rounds)
    meta = machine_info() | {
        "n_files": len(pdfs),
        "repeat": repeat,
        "n_docs": len(files),
        "rounds": max(1, a.rounds),
        "stages": plan,
        "batch_docs": len(batch_files)
        if any(s.startswith(("batch-", "pool-")) for s in plan)
        else None,
        "batch_inputs": batch_inputs,
        "loadavg_before": loadavg_before,
        "loadavg_after": _loadavg(),
    }
    if a.json:
        print(to_json(results, summary, meta, files))
    else:
        print(markdown(results, summary, meta, files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
