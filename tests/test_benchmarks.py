"""The benchmarks' helpers: distinct copies of corpus PDFs stay valid, distinct and parse to the
same records (the scaling and memory figures rest on that)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import policyparse
from policyparse import cli

REPO = Path(__file__).resolve().parent.parent
TYPESET = REPO.parent / "shared" / "corpus" / "typeset"


def load_bench(name: str) -> ModuleType:
    path = REPO / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sources() -> list[Path]:
    pdfs = sorted(TYPESET.glob("*.pdf"))[:3] if TYPESET.is_dir() else []
    if len(pdfs) < 3:
        pytest.skip("the shared corpus (../shared/corpus/typeset) is not here")
    return pdfs


def comparable(doc: policyparse.Document) -> dict[str, Any]:
    data: dict[str, Any] = doc.model_dump(mode="json")
    data.pop("source")
    return data


def test_distinct_copies_are_valid_distinct_and_parse_the_same(
    sources: list[Path], tmp_path: Path
) -> None:
    bench = load_bench("bench_batch")
    copies = bench.make_distinct_copies(sources, 7, tmp_path / "copies")
    assert len(copies) == 7
    assert all(p.parent == tmp_path / "copies" for p in copies)
    hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in copies}
    originals = {hashlib.sha256(p.read_bytes()).hexdigest() for p in sources}
    assert len(hashes) == 7 and not hashes & originals
    for i, copy in enumerate(copies):
        original = sources[i % 3].read_bytes()
        data = copy.read_bytes()
        assert data.startswith(original)
        assert data.endswith(b"%bench-copy " + str(i).encode() + b"\n")
        assert len(data) - len(original) <= len(f"\n%bench-copy {i}\n")
    # Same records as the originals, in both backends.
    for copy, original in ((copies[0], sources[0]), (copies[4], sources[1])):
        for backend in ("pdfplumber", "pdfium"):
            options = policyparse.Options(backend=backend)
            assert comparable(policyparse.parse(copy, options=options)) == comparable(
                policyparse.parse(original, options=options)
            )


def test_the_batch_cli_parses_every_copy(sources: list[Path], tmp_path: Path) -> None:
    bench = load_bench("bench_batch")
    copies = bench.make_distinct_copies(sources[:1], 4, tmp_path / "copies")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(tmp_path / "copies"), "--out", str(out), "--workers", "1"]
    code = cli.main([*args, "--no-progress", "--backend", "pdfium"])
    assert code == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(x["input"]["path"] for x in lines) == sorted(map(str, copies))
    assert len({x["input"]["sha256"] for x in lines}) == 4
    assert not [x for x in lines if "error" in x]
    assert (
        len(
            {
                json.dumps({k: v for k, v in x.items() if k not in ("source", "input")})
                for x in lines
            }
        )
        == 1
    )


def test_memory_growth_is_peak_after_warm_up_against_peak_over_the_life() -> None:
    bench = load_bench("bench_memory")
    track = bench.Track(pid=1, role="worker")
    # (seconds, output lines written so far, RSS in kB): warm-up peak 100 MB by line 10 of
    # 100, then a climb to 115 MB
    for i, (done, mb) in enumerate([(0, 80), (5, 100), (10, 95), (40, 104), (70, 110), (100, 115)]):
        track.samples.append((0.1 * i, done, mb * 1024))
    row = track.summary(warmup=0.1)
    assert row["rss_after_warmup_mb"] == 100
    assert row["peak_rss_mb"] == 115
    assert abs(row["growth_pct"] - 15.0) < 1e-9
    assert row["docs_from"] == 0 and row["docs_to"] == 100
    assert row["quarter_peaks_mb"] == [100, 104, 110, 115]
