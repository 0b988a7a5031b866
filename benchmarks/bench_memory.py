"""Memory over a long batch: does a worker's RSS stay flat over thousands of documents?

Runs ``policyparse batch`` over N distinct documents (default 2,000: distinct copies cycling
through the corpus, made as in ``bench_batch.py`` in a temporary directory and deleted
afterwards) and samples, every ``--interval`` seconds (default 0.1), the RSS (``VmRSS`` in
``/proc/<pid>/status``) of the CLI process and of each of its worker processes, together with
how many output lines have been written. Workers replaced during the run (after a crash, a
timeout, or when they are recycled) are tracked by pid, each on its own row.

For each process it prints:

* documents: the output lines written while it lived (all workers together);
* RSS after warm-up: its peak RSS during its first ``--warmup`` share (default 10 %) of those
  documents (for the first workers: the first 200 of 2,000);
* peak RSS: its peak over its whole life;
* growth: peak / RSS after warm-up - 1 (target: < 10 %);
* the peak in each quarter of its documents, to show a trend.

Usage (from the repository root; Linux only, it reads /proc)::

    .venv/bin/python benchmarks/bench_memory.py                       # 2,000 docs, pdfium
    .venv/bin/python benchmarks/bench_memory.py --backend pdfplumber --nice 10
    .venv/bin/python benchmarks/bench_memory.py --docs 500 --json

The copies repeat the corpus, so after the first pass through it no document brings a new
word: growth caused by new strings (spaCy's ``StringStore`` keeps every string it has seen)
shows here only while the first pass lasts. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import (  # a sibling script, not a package
    BATCH_COMPLETED,
    DEFAULT_CORPUS,
    _children_of,
    _cpu_model,
    _loadavg,
    _proc_table,
    _system_busy_s,
    _version,
    batch_command,
    collect_pdfs,
    make_distinct_copies,
)

TARGET_GROWTH_PCT = 10.0


@dataclass
class Track:
    """The samples of one process: (seconds since start, lines written, RSS in kB)."""

    pid: int
    role: str  # "cli" or "worker"
    samples: list[tuple[float, int, int]] = field(default_factory=list)

    def summary(self, warmup: float) -> dict[str, Any]:
        first_done, last_done = self.samples[0][1], self.samples[-1][1]
        span = max(last_done - first_done, 0)
        cut = first_done + warmup * span
        early = [rss for _, done, rss in self.samples if done <= cut] or [self.samples[0][2]]
        base = max(early)
        peak = max(rss for _, _, rss in self.samples)
        quarters: list[float | None] = []
        for q in range(4):
            lo = first_done + q * span / 4
            hi = first_done + (q + 1) * span / 4
            window = [rss for _, d, rss in self.samples if lo <= d <= hi]
            quarters.append(max(window) / 1024 if window else None)
        return {
            "pid": self.pid,
            "role": self.role,
            "first_seen_s": round(self.samples[0][0], 2),
            "last_seen_s": round(self.samples[-1][0], 2),
            "docs_from": first_done,
            "docs_to": last_done,
            "samples": len(self.samples),
            "rss_after_warmup_mb": base / 1024,
            "peak_rss_mb": peak / 1024,
            "final_rss_mb": self.samples[-1][2] / 1024,
            "growth_pct": 100.0 * (peak - base) / base if base else float("nan"),
            "quarter_peaks_mb": quarters,
        }


def make_novel_text_docs(sources: list[Path], n: int, dest: Path, words: int) -> list[Path]:
    """``n`` plain-text documents in ``dest``: document ``i`` is the text of
    ``sources[i % len(sources)]`` (pypdfium2's text layer) followed by a paragraph of ``words``
    random words that no other document has, as a stream of real documents brings new names,
    numbers and words. (Copies of the corpus bring nothing new after the first pass.)"""
    import pypdfium2

    texts: list[str] = []
    for path in sources:
        pdf = pypdfium2.PdfDocument(path)
        try:
            texts.append("\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
        finally:
            pdf.close()
    rng = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyzåäö"
    dest.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for i in range(n):
        k = i % len(sources)
        novel = " ".join("".join(rng.choices(letters, k=10)) for _ in range(words))
        target = dest / f"{i:05d}-{sources[k].stem}.txt"
        target.write_text(f"{texts[k]}\n\nDessutom: {novel}.\n", encoding="utf-8")
        out.append(target)
    return out


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (the CLI's workers)."""
    kids = _children_of(pid)  # cheap: a few small reads
    if kids is not None:
        return kids
    table = _proc_table() or {}  # a scan of /proc: (ppid, rss) by pid
    return [child for child, (ppid, _) in table.items() if ppid == pid]


def _vm_rss_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None  # a zombie has no VmRSS


class LineCounter:
    """Counts the complete lines of a growing file, reading only what is new."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.lines = 0

    def poll(self) -> int:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                chunk = fh.read()
        except OSError:
            return self.lines
        end = chunk.rfind(b"\n")
        if end >= 0:
            self.lines += chunk.count(b"\n", 0, end + 1)
            self.offset += end + 1
        return self.lines


def run(
    files: list[Path],
    n_docs: int,
    workers: int,
    backend: str,
    interval: float,
    nice: int,
    extra_args: list[str],
    novel_words: int = 0,
) -> dict[str, Any]:
    tmp = tempfile.mkdtemp(prefix="policyparse-bench-memory-")
    try:
        print(f"bench_memory: writing {n_docs} distinct documents to {tmp} ...", file=sys.stderr)
        if novel_words > 0:
            copies = make_novel_text_docs(files, n_docs, Path(tmp) / "docs", novel_words)
        else:
            copies = make_distinct_copies(files, n_docs, Path(tmp) / "copies")
        manifest = Path(tmp) / "inputs.txt"
        manifest.write_text("".join(f"{p}\n" for p in copies), encoding="utf-8")
        out = Path(tmp) / "out.jsonl"
        summary_json = Path(tmp) / "summary.json"
        cmd = [
            *batch_command(manifest, out, workers, backend),
            "--summary-json",
            str(summary_json),
            *extra_args,
        ]
        print(
            f"bench_memory: {' '.join(cmd[:2])} ... (sampling every {interval} s)", file=sys.stderr
        )

        def lower_priority() -> None:
            if nice:
                os.nice(nice)

        tracks: dict[int, Track] = {}
        counter = LineCounter(out)
        busy0 = _system_busy_s()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, preexec_fn=lower_priority)
        last_report = t0
        while proc.poll() is None:
            now = time.perf_counter() - t0
            done = counter.poll()
            for pid, role in [(proc.pid, "cli"), *((c, "worker") for c in _children(proc.pid))]:
                rss = _vm_rss_kb(pid)
                if rss is None:
                    continue
                tracks.setdefault(pid, Track(pid, role)).samples.append((now, done, rss))
            if time.perf_counter() - last_report > 10:
                last_report = time.perf_counter()
                print(f"bench_memory: {done}/{n_docs} documents, {now:.0f} s", file=sys.stderr)
            time.sleep(interval)
        elapsed = time.perf_counter() - t0
        busy1 = _system_busy_s()
        if proc.returncode not in BATCH_COMPLETED:
            raise SystemExit(f"policyparse batch failed ({proc.returncode})")
        cli_summary = json.loads(summary_json.read_text(encoding="utf-8"))
        lines = counter.poll()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "elapsed_s": elapsed,
        "lines": lines,
        "cli_summary": cli_summary,
        "tracks": tracks,
        "machine_busy_cpu_s": None if busy0 is None or busy1 is None else busy1 - busy0,
    }


def markdown(result: dict[str, Any], meta: dict[str, Any]) -> str:
    s = result["cli_summary"]
    if meta["novel_words"]:
        what = (
            f"plain-text documents: the text of {meta['n_files']} PDF files in turn, each with "
            f"{meta['novel_words']} words no other document has"
        )
    else:
        what = f"copies cycling through {meta['n_files']} PDF files"
    out = [
        f"{meta['n_docs']} distinct documents ({what}), `policyparse batch --workers "
        f"{meta['workers']} --backend {meta['backend']}`; "
        f"{meta['date']}; {meta['cpus']} CPUs ({meta['cpu_model']}), Python {meta['python']}, "
        f"policyparse {meta['policyparse']}",
        "",
        f"{s['documents']} documents, {s['records']} records, {s['error_count']} errors, "
        f"{s['pages']} pages in {result['elapsed_s']:.1f} s ({s['documents_per_second']} docs/s, "
        f"{s['pages_per_second']} pages/s); workers replaced: {s['workers_replaced']}, recycled: "
        f"{s.get('workers_recycled', 0)}; RSS "
        f"sampled every {meta['interval']} s.",
        "",
        "| process | pid | documents during its life | RSS after warm-up MB | peak RSS MB "
        "| growth | peak per quarter of its documents, MB |",
        "|---|--:|--:|--:|--:|--:|---|",
    ]
    for row in result["rows"]:
        quarters = " / ".join("–" if q is None else f"{q:.0f}" for q in row["quarter_peaks_mb"])
        out.append(
            f"| {row['role']} | {row['pid']} | {row['docs_from']}–{row['docs_to']} "
            f"| {row['rss_after_warmup_mb']:.0f} | {row['peak_rss_mb']:.0f} "
            f"| {row['growth_pct']:+.1f} % | {quarters} |"
        )
    min_docs = meta["min_docs"]
    workers = [
        r
        for r in result["rows"]
        if r["role"] == "worker" and r["docs_to"] - r["docs_from"] >= min_docs
    ]
    short = [r for r in result["rows"] if r["role"] == "worker" and r not in workers]
    out.append("")
    if workers:
        worst = max(r["growth_pct"] for r in workers)
        verdict = "met" if worst < TARGET_GROWTH_PCT else "**not met**"
        out.append(
            f"Largest growth of a worker that lived through at least {min_docs} documents: "
            f"**{worst:+.1f} %** (target < {TARGET_GROWTH_PCT:.0f} %: {verdict}). RSS after "
            f"warm-up = the process's peak during its first {meta['warmup'] * 100:.0f} % of the "
            "documents written while it lived."
        )
    if short:
        out.append(
            f"Not judged: {len(short)} worker(s) that lived through fewer documents (a fresh "
            "worker's RSS rises over its first documents as it touches its working set), "
            f"pids {', '.join(str(r['pid']) for r in short)}."
        )
    busy = result.get("machine_busy_cpu_s")
    if busy is not None:
        out.append(
            f"Machine busy {busy:.0f} CPU s during the {result['elapsed_s']:.0f} s run "
            f"({meta['cpus']} CPUs; load average before {meta['loadavg_before']})."
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument(
        "paths", nargs="*", help=f"PDF files or directories (default: {DEFAULT_CORPUS}/typeset)"
    )
    ap.add_argument("--docs", type=int, default=2000, help="distinct documents (default 2000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--backend", choices=["pdfplumber", "pdfium"], default="pdfium")
    ap.add_argument("--interval", type=float, default=0.1, help="seconds between samples")
    ap.add_argument(
        "--warmup",
        type=float,
        default=0.1,
        help="share of a process's documents before its baseline RSS is taken (default 0.1)",
    )
    ap.add_argument(
        "--novel-words",
        type=int,
        default=0,
        metavar="K",
        help="instead of PDF copies, plain-text documents: a corpus document's text plus K "
        "words no other document has (see make_novel_text_docs)",
    )
    ap.add_argument(
        "--min-docs",
        type=int,
        default=200,
        help="judge the growth of workers that lived through at least this many documents "
        "(default 200)",
    )
    ap.add_argument("--nice", type=int, default=0, help="run the CLI with this niceness")
    ap.add_argument(
        "--cli-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra argument for `policyparse batch` (repeatable)",
    )
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    a = ap.parse_args(argv)
    if not Path("/proc/self/status").exists():
        print("bench_memory: needs Linux /proc", file=sys.stderr)
        return 1
    pdfs = collect_pdfs(a.paths or [str(DEFAULT_CORPUS / "typeset")])
    if not pdfs:
        print("bench_memory: no PDF files found", file=sys.stderr)
        return 1
    for p in pdfs:
        p.read_bytes()
    loadavg_before = _loadavg()
    result = run(pdfs, a.docs, a.workers, a.backend, a.interval, a.nice, a.cli_arg, a.novel_words)
    tracks: dict[int, Track] = result.pop("tracks")
    ordered = sorted(tracks.values(), key=lambda t: (t.role != "cli", t.samples[0][0]))
    result["rows"] = [t.summary(a.warmup) for t in ordered if t.samples]
    meta = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu_model": _cpu_model(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "policyparse": _version("policyparse"),
        "n_files": len(pdfs),
        "n_docs": a.docs,
        "workers": a.workers,
        "backend": a.backend,
        "interval": a.interval,
        "warmup": a.warmup,
        "min_docs": a.min_docs,
        "nice": a.nice,
        "novel_words": a.novel_words,
        "cli_args": a.cli_arg,
        "loadavg_before": loadavg_before,
        "loadavg_after": _loadavg(),
    }
    if a.json:
        series = {t.pid: t.samples for t in ordered}
        print(json.dumps({"meta": meta, **result, "series": series}, indent=1))
    else:
        print(markdown(result, meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
