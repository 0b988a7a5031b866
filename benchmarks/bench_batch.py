"""Benchmark: policyparse against bare pdfplumber character extraction, on the same PDFs.

Stages, each in its own fresh Python process (so that peak RSS and import costs are not
shared between them):

* ``startup``     import policyparse and build its spaCy pipeline (``get_nlp()``), nothing else;
* ``pdfplumber``  open each PDF, read ``page.chars`` of every page, close the page and the PDF;
* ``policyparse`` ``policyparse.parse(path)`` on each file, in-process, one process;
* ``batch``       (only with ``--workers N``) the ``policyparse batch`` CLI with N workers, run
                  as a subprocess of the stage process.

The pdfplumber and policyparse stages run ``--rounds`` times (default 3), alternating their
order, and report medians; start-up-only runs ``--startup-runs`` times. Before measuring, the
files are read once and one throwaway process imports both libraries (warm OS caches). The CPU
time other processes used meanwhile is recorded and a warning printed when it is significant.

policyparse OCRs pages without a usable text layer (when Tesseract is installed); bare
pdfplumber does not, so the overhead is also reported on the documents that needed no OCR.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_batch.py                 # default corpus, Markdown table
    .venv/bin/python benchmarks/bench_batch.py --workers 2     # plus the batch CLI, 2 workers
    .venv/bin/python benchmarks/bench_batch.py --repeat 3 --json
    .venv/bin/python benchmarks/bench_batch.py some/dir other.pdf

Stdlib only (plus pdfplumber/policyparse inside the stage processes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_SUBDIRS = ("seeds", "real", "typeset")
STAGES = ("startup", "pdfplumber", "policyparse", "batch")
ERROR = -1  # in StageResult.doc_ocr_pages: the document failed


@dataclass
class StageResult:
    """What one stage process reports (all times in seconds, memory in MB)."""

    stage: str
    docs: int = 0
    ok: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    ocr_pages: int = 0
    startup_s: float = 0.0  # imports (+ get_nlp for policyparse); 0 when not separable
    work_s: float = 0.0  # the processing loop (batch: the whole CLI run, start-up included)
    peak_rss_mb: float = 0.0  # largest single process (ru_maxrss)
    tree_rss_mb: float | None = None  # peak of RSS summed over the stage's process tree
    process_s: float = 0.0  # wall time of the stage process as seen by the parent
    doc_s: list[float] = field(default_factory=list)  # per input, in input order
    doc_ocr_pages: list[int] = field(default_factory=list)  # per input; ERROR when it failed
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total_s(self) -> float:
        return self.startup_s + self.work_s

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.work_s if self.work_s > 0 else 0.0

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.work_s if self.work_s > 0 else 0.0


# --------------------------------------------------------------------------- helpers


def _max_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """``ru_maxrss`` in MB (kilobytes on Linux, bytes on macOS)."""
    raw = resource.getrusage(who).ru_maxrss
    return raw / (1024 * 1024) if sys.platform == "darwin" else raw / 1024


def _proc_tree_rss_bytes(root: int) -> int | None:
    """Current RSS summed over ``root`` and all its descendants (Linux /proc; else None)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir(proc):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                rest = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(entry.name)
        parent[pid] = int(rest[1])  # field 4: ppid
        rss[pid] = int(rest[21]) * page  # field 24: rss in pages
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parent.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in tree)


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
            found.extend(sorted(q for q in p.rglob("*")
                                if q.is_file() and q.suffix.lower() == ".pdf"))
        elif p.is_file():
            found.append(p)
        else:
            print(f"bench_batch: skipping {p}: not found", file=sys.stderr)
    return found


def _read_list(path: str) -> list[str]:
    return [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line]


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


def stage_pdfplumber(files: list[str]) -> StageResult:
    import logging

    t0 = time.perf_counter()
    import pdfplumber

    # policyparse does the same; pdfminer warnings on odd files are otherwise logged (and slow).
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    t1 = time.perf_counter()
    errors: Counter[str] = Counter()
    ok = pages = chars = 0
    doc_s: list[float] = []
    for path in files:
        start = time.perf_counter()
        try:
            pdf = pdfplumber.open(path)
            try:
                for page in pdf.pages:
                    chars += len(list(page.chars))
                    page.close()
                    pages += 1
            finally:
                pdf.close()
        except Exception as exc:  # a broken file is an error, as it is for policyparse
            errors[type(exc).__name__] += 1
        else:
            ok += 1
        doc_s.append(time.perf_counter() - start)
    t2 = time.perf_counter()
    return StageResult(
        "pdfplumber",
        docs=len(files),
        ok=ok,
        errors=dict(errors),
        pages=pages,
        startup_s=t1 - t0,
        work_s=t2 - t1,
        peak_rss_mb=_max_rss_mb(),
        doc_s=doc_s,
        extra={"chars": chars, "version": pdfplumber.__version__},
    )


def stage_policyparse(files: list[str]) -> StageResult:
    t0 = time.perf_counter()
    import policyparse
    from policyparse.language import get_nlp

    get_nlp()
    t1 = time.perf_counter()
    errors: Counter[str] = Counter()
    ok = pages = 0
    doc_s: list[float] = []
    doc_ocr: list[int] = []
    for path in files:
        start = time.perf_counter()
        try:
            doc = policyparse.parse(path)
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
        "policyparse",
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
    )


def _cli_command() -> list[str]:
    script = Path(sys.executable).with_name("policyparse")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "policyparse.cli"]


def stage_batch(files: list[str], workers: int) -> StageResult:
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        out = Path(tmp) / "out.jsonl"
        cmd = [*_cli_command(), "batch", *files, "--out", str(out),
               "--workers", str(workers), "--no-progress"]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _, stderr = proc.communicate()
        t1 = time.perf_counter()
        if proc.returncode != 0:
            raise RuntimeError(f"policyparse batch failed ({proc.returncode}): {stderr[-2000:]}")
        errors: Counter[str] = Counter()
        ok = pages = ocr = docs = 0
        with out.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                docs += 1
                record = json.loads(line)
                if isinstance(record.get("error"), dict):
                    errors[str(record["error"].get("type"))] += 1
                else:
                    ok += 1
                    record_pages = record.get("pages") or []
                    pages += len(record_pages)
                    ocr += sum(1 for p in record_pages if isinstance(p, dict) and p.get("ocr"))
    return StageResult(
        "batch",
        docs=docs,
        ok=ok,
        errors=dict(errors),
        pages=pages,
        ocr_pages=ocr,
        startup_s=0.0,
        work_s=t1 - t0,
        # RUSAGE_CHILDREN: the largest of the CLI process and its workers. (A child's ru_maxrss
        # can include its parent's pages from before exec, so Tesseract's own figure would be
        # meaningless; the sampled tree RSS covers it instead.)
        peak_rss_mb=_max_rss_mb(resource.RUSAGE_CHILDREN),
        extra={
            "workers": workers,
            "cli_summary": stderr.strip().splitlines()[-1] if stderr.strip() else "",
        },
    )


def run_stage_in_child(stage: str, files: list[str], workers: int) -> None:
    if stage == "startup":
        result = stage_startup(files)
    elif stage == "pdfplumber":
        result = stage_pdfplumber(files)
    elif stage == "policyparse":
        result = stage_policyparse(files)
    elif stage == "batch":
        result = stage_batch(files, workers)
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


def spawn_stage(stage: str, list_file: str, workers: int) -> StageResult:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", stage,
           "--files-from", list_file, "--workers", str(workers)]
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
        extra=first.extra | {
            "runs": len(runs),
            "runs_startup_s": [r.startup_s for r in runs],
            "runs_work_s": [r.work_s for r in runs],
            "runs_process_s": [r.process_s for r in runs],
            "runs_foreign_cpu_s": [r.extra.get("foreign_cpu_s") for r in runs],
            "foreign_cpu_s": max(r.extra.get("foreign_cpu_s") or 0.0 for r in runs),
        },
    )


def overhead_pct(ours: float, base: float) -> float:
    return 100.0 * (ours - base) / base if base > 0 else float("nan")


def _subset_sum(values: Sequence[float], keep: Sequence[bool]) -> float:
    return sum(v for v, k in zip(values, keep, strict=True) if k)


def summarize(results: dict[str, StageResult],
              rounds: dict[str, list[StageResult]]) -> dict[str, Any]:
    plumb, pp = results["pdfplumber"], results["policyparse"]
    paired = list(zip(rounds["pdfplumber"], rounds["policyparse"], strict=True))
    # Documents that policyparse read from their text layer alone (no OCR'd page, no error):
    # there both do the same PDF reading, and the difference is policyparse's own work.
    text = [n == 0 for n in pp.doc_ocr_pages]
    text_rounds = [
        (_subset_sum(a.doc_s, text), _subset_sum(b.doc_s, text)) for a, b in paired
    ]
    text_plumb = statistics.median(a for a, _ in text_rounds)
    text_pp = statistics.median(b for _, b in text_rounds)
    ocr_docs = [n > 0 for n in pp.doc_ocr_pages]
    summary: dict[str, Any] = {
        "overhead_excl_startup_pct": overhead_pct(pp.work_s, plumb.work_s),
        "overhead_incl_startup_pct": overhead_pct(pp.total_s, plumb.total_s),
        "overhead_process_pct": overhead_pct(pp.process_s, plumb.process_s),
        # The same, round by round (each pair ran back to back): shows the run-to-run noise.
        "rounds_overhead_excl_startup_pct": [overhead_pct(b.work_s, a.work_s) for a, b in paired],
        "text_layer_docs": sum(text),
        "text_layer_pdfplumber_s": text_plumb,
        "text_layer_policyparse_s": text_pp,
        "text_layer_overhead_excl_startup_pct": overhead_pct(text_pp, text_plumb),
        "text_layer_overhead_incl_startup_pct": overhead_pct(
            text_pp + pp.startup_s, text_plumb + plumb.startup_s
        ),
        "rounds_text_layer_overhead_excl_startup_pct": [overhead_pct(b, a) for a, b in text_rounds],
        "ocr_docs": sum(ocr_docs),
        "ocr_pages": pp.ocr_pages,
        "ocr_docs_policyparse_s": _subset_sum(pp.doc_s, ocr_docs),
        "ocr_docs_pdfplumber_s": _subset_sum(plumb.doc_s, ocr_docs),
        # Both per page of input (the pages pdfplumber read): policyparse's time includes the
        # documents it rejects, whose pages are not in its records.
        "input_pages": plumb.pages,
        "pdfplumber_ms_per_page": 1000 * plumb.work_s / plumb.pages if plumb.pages else None,
        "policyparse_ms_per_page": 1000 * pp.work_s / plumb.pages if plumb.pages else None,
    }
    slowest = max(range(len(pp.doc_s)), key=pp.doc_s.__getitem__, default=None)
    if slowest is not None:
        summary["policyparse_first_doc_s"] = pp.doc_s[0]
        summary["policyparse_slowest_doc_s"] = pp.doc_s[slowest]
        summary["policyparse_slowest_doc_index"] = slowest
    batch = results.get("batch")
    if batch is not None and batch.work_s > 0 and batch.docs and pp.total_s > 0:
        # As throughput (docs/s incl. start-up): the CLI parses a file only once per run (it
        # skips inputs whose SHA-256 it has already written), so with --repeat it does less.
        batch_rate = batch.docs / batch.work_s
        summary["batch_speedup_vs_single_incl_startup"] = batch_rate / (pp.docs / pp.total_s)
        summary["batch_overhead_vs_pdfplumber_incl_startup_pct"] = overhead_pct(
            (plumb.docs / plumb.total_s) if plumb.total_s > 0 else 0.0, batch_rate
        )
    return summary


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine_info(results: dict[str, StageResult]) -> dict[str, Any]:
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "dont_write_bytecode": sys.dont_write_bytecode,
        "pdfplumber": results["pdfplumber"].extra.get("version"),
        "policyparse": results["startup"].extra.get("version"),
    }


def _fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def _errors(r: StageResult) -> str:
    if not r.errors:
        return "0"
    return ", ".join(f"{n} {k}" for k, n in sorted(r.errors.items()))


def _tree(r: StageResult) -> str:
    return "–" if r.tree_rss_mb is None else _fmt(r.tree_rss_mb, 0)


def _pcts(values: list[float]) -> str:
    return ", ".join(f"{x:+.0f}%" for x in values)


def markdown(results: dict[str, StageResult], summary: dict[str, Any], meta: dict[str, Any],
             files: list[str]) -> str:
    out: list[str] = [
        f"{meta['n_files']} PDF files x {meta['repeat']} = {meta['n_docs']} documents; "
        f"{meta['date']}; {meta['cpus']} CPUs, {meta['machine']}, Python {meta['python']}, "
        f"pdfplumber {meta['pdfplumber']}, policyparse {meta['policyparse']}",
        "",
        "| stage | docs | ok | errors | pages | OCR pages | start-up s | work s | total s "
        "| pages/s | docs/s | peak RSS MB | tree RSS MB |",
        "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    st = results["startup"]
    out.append(
        f"| start-up only (import policyparse + `get_nlp()`, median of {st.extra.get('runs', 1)}) "
        f"| – | – | – | – | – | {_fmt(st.startup_s)} | – | {_fmt(st.startup_s)} | – | – "
        f"| {_fmt(st.peak_rss_mb, 0)} | {_tree(st)} |"
    )
    labels = {
        "pdfplumber": "bare pdfplumber `page.chars`, 1 process",
        "policyparse": "`policyparse.parse`, 1 process",
        "batch": "`policyparse batch --workers {w}` (CLI)",
    }
    for name in ("pdfplumber", "policyparse", "batch"):
        r = results.get(name)
        if r is None:
            continue
        label = labels[name].format(w=r.extra.get("workers"))
        startup = "incl." if name == "batch" else _fmt(r.startup_s)
        ocr = "–" if name == "pdfplumber" else str(r.ocr_pages)
        out.append(
            f"| {label} | {r.docs} | {r.ok} | {_errors(r)} | {r.pages} | {ocr} | {startup} "
            f"| {_fmt(r.work_s)} | {_fmt(r.total_s)} | {_fmt(r.pages_per_s, 1)} "
            f"| {_fmt(r.docs_per_s, 1)} | {_fmt(r.peak_rss_mb, 0)} | {_tree(r)} |"
        )
    s = summary
    out += [
        "",
        f"**policyparse overhead over bare pdfplumber, all documents: "
        f"{s['overhead_excl_startup_pct']:+.0f}% excluding start-up, "
        f"{s['overhead_incl_startup_pct']:+.0f}% including start-up** "
        f"(whole processes incl. interpreter: {s['overhead_process_pct']:+.0f}%).",
        "",
        f"**On the {s['text_layer_docs']} documents read from their text layer (no OCR, no "
        f"error): {s['text_layer_overhead_excl_startup_pct']:+.0f}% excluding start-up, "
        f"{s['text_layer_overhead_incl_startup_pct']:+.0f}% including start-up** "
        f"({_fmt(s['text_layer_pdfplumber_s'])} s vs {_fmt(s['text_layer_policyparse_s'])} s).",
        "",
    ]
    per_round = s["rounds_overhead_excl_startup_pct"]
    if len(per_round) > 1:
        out.append(
            f"- Medians of {len(per_round)} alternating rounds; overhead excluding start-up, "
            f"round by round: all documents {_pcts(per_round)}; text layer only "
            f"{_pcts(s['rounds_text_layer_overhead_excl_startup_pct'])}."
        )
    if s["ocr_docs"]:
        out.append(
            f"- OCR: {s['ocr_pages']} pages in {s['ocr_docs']} document(s) took "
            f"{_fmt(s['ocr_docs_policyparse_s'], 1)} s in policyparse "
            f"({_fmt(s['ocr_docs_pdfplumber_s'])} s for pdfplumber to read the same files)."
        )
    if s.get("pdfplumber_ms_per_page") and s.get("policyparse_ms_per_page"):
        out.append(
            f"- Per input page ({s['input_pages']}): pdfplumber "
            f"{s['pdfplumber_ms_per_page']:.1f} ms, "
            f"policyparse {s['policyparse_ms_per_page']:.1f} ms."
        )
    if "policyparse_slowest_doc_index" in s:
        out.append(
            f"- policyparse: first document {s['policyparse_first_doc_s']:.2f} s; slowest "
            f"{s['policyparse_slowest_doc_s']:.2f} s "
            f"({Path(files[s['policyparse_slowest_doc_index']]).name})."
        )
    if "batch_speedup_vs_single_incl_startup" in s:
        out.append(
            f"- Batch CLI: {s['batch_speedup_vs_single_incl_startup']:.2f}x the documents/s "
            f"of the single process (both incl. start-up); time per document "
            f"{s['batch_overhead_vs_pdfplumber_incl_startup_pct']:+.0f}% vs single-process "
            f"pdfplumber incl. its start-up."
        )
        batch = results["batch"]
        if batch.docs != results["policyparse"].docs:
            out.append(
                f"- The batch CLI wrote {batch.docs} records for {results['policyparse'].docs} "
                "inputs: it parses each distinct file (by SHA-256) once per run, so with "
                "`--repeat` compare documents/s, not seconds."
            )
    busy = {
        k: r.extra["foreign_cpu_s"] for k, r in results.items()
        if r.extra.get("foreign_cpu_s", 0.0) > 0.1 * max(r.process_s, 1.0)
    }
    if busy:
        out.append(
            "- **Warning:** other processes used CPU during "
            + ", ".join(f"{k} ({v:.1f} CPU s)" for k, v in busy.items())
            + f" on {meta.get('cpus')} CPUs; those times are inflated and noisy."
        )
    return "\n".join(out)


def to_json(results: dict[str, StageResult], summary: dict[str, Any], meta: dict[str, Any],
            files: list[str]) -> str:
    stages = {}
    for k, r in results.items():
        d = asdict(r)
        del d["doc_s"], d["doc_ocr_pages"]
        stages[k] = d | {"total_s": r.total_s, "pages_per_s": r.pages_per_s,
                         "docs_per_s": r.docs_per_s}
    plumb, pp = results["pdfplumber"], results["policyparse"]
    documents = [
        {"file": f, "pdfplumber_s": a, "policyparse_s": b,
         "policyparse_ocr_pages": n if n != ERROR else None}
        for f, a, b, n in zip(files, plumb.doc_s, pp.doc_s, pp.doc_ocr_pages, strict=True)
    ]
    payload = {"meta": meta, "stages": stages, "summary": summary, "documents": documents}
    return json.dumps(payload, indent=1, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("paths", nargs="*",
                    help=f"PDF files or directories (default: {DEFAULT_CORPUS}/"
                         f"{{{','.join(DEFAULT_SUBDIRS)}}})")
    ap.add_argument("--repeat", type=int, default=1, help="repeat the file list N times")
    ap.add_argument("--workers", type=int, default=0,
                    help="also run `policyparse batch` with this many workers (0: skip)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="alternating runs of the pdfplumber and policyparse stages (median "
                         "reported)")
    ap.add_argument("--startup-runs", type=int, default=3,
                    help="fresh processes for the start-up-only measurement (median reported)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    ap.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    ap.add_argument("--files-from", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)

    if a.stage:
        run_stage_in_child(a.stage, _read_list(a.files_from) if a.files_from else [], a.workers)
        return 0

    items = a.paths or [str(DEFAULT_CORPUS / d) for d in DEFAULT_SUBDIRS]
    pdfs = collect_pdfs(items)
    if not pdfs:
        print("bench_batch: no PDF files found", file=sys.stderr)
        return 1
    files = [str(p.resolve()) for p in pdfs] * max(1, a.repeat)
    for p in pdfs:  # warm the OS page cache so the first stage does not pay for cold reads
        p.read_bytes()
    # ... and the same for the libraries' files: the first Python process to import spaCy and
    # pdfminer after a while is markedly slower than the next ones.
    subprocess.run([sys.executable, "-c", "import pdfplumber, policyparse"], check=True)

    loadavg_before = _loadavg()
    results: dict[str, StageResult] = {}
    rounds: dict[str, list[StageResult]] = {"pdfplumber": [], "policyparse": []}
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(files) + "\n")
        list_file = fh.name
    try:
        print("bench_batch: running startup ...", file=sys.stderr)
        results["startup"] = median_result(
            [spawn_stage("startup", list_file, a.workers) for _ in range(max(1, a.startup_runs))]
        )
        # The two single-process stages alternate (AB, BA, AB, ...) so that a slow drift of the
        # machine's speed hits both alike; each reports the median of its rounds.
        for i in range(max(1, a.rounds)):
            order = ["pdfplumber", "policyparse"] if i % 2 == 0 else ["policyparse", "pdfplumber"]
            for stage in order:
                print(f"bench_batch: round {i + 1}: running {stage} ...", file=sys.stderr)
                rounds[stage].append(spawn_stage(stage, list_file, a.workers))
        for stage, runs in rounds.items():
            results[stage] = median_result(runs)
        if a.workers > 0:
            print("bench_batch: running batch ...", file=sys.stderr)
            results["batch"] = spawn_stage("batch", list_file, a.workers)
    finally:
        os.unlink(list_file)

    summary = summarize(results, rounds)
    meta = machine_info(results) | {
        "n_files": len(pdfs), "repeat": max(1, a.repeat), "n_docs": len(files),
        "loadavg_before": loadavg_before, "loadavg_after": _loadavg(),
    }
    if a.json:
        print(to_json(results, summary, meta, files))
    else:
        print(markdown(results, summary, meta, files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
