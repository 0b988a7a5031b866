"""Longer fuzz run of the properties in tests/test_fuzz.py.

Usage: python tools/fuzz.py [N] [--seed S]

Feeds N inputs (default 2000) — mutated fixture PDFs, random bytes and random Swedish-ish
text — to ``policyparse.parse`` and the pure extractors.  Any exception that is not a
``PolicyParseError`` (or a failed property) is a crash.  Prints
``inputs tried: N, crashes: K`` and, per crash type, the first failing input (hex, truncated)
and its traceback.  Exits 1 if anything crashed.
"""

from __future__ import annotations

import argparse
import random
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests import hostile_files as H  # noqa: E402
from tests.test_fuzz import (  # noqa: E402
    ODD,
    PUNCT,
    WORDS,
    check_extractors,
    check_parse,
    mutate,
)

# Only the small fixture PDFs: mutated large ones can take seconds each (OCR fallback). Small
# hostile files (tests/hostile_files.py) join them, so mutations start from odd structures too.
PDFS = [
    p.read_bytes() for p in sorted((ROOT / "fixtures").glob("*.pdf")) if p.stat().st_size < 10_000
] + [
    H.page_tree_loop_pdf(),
    H.self_parent_page_pdf(),
    H.truncated_pdf(),
    H.wrong_xref_offsets_pdf(),
    H.active_content_pdf(),
    H.encrypted_pdf(""),
    H.encrypted_flate_bomb_pdf(4),
    H.flate_bomb_pdf(8, layers=2),
    H.deep_array_pdf(2000, "content"),
    H.form_amplification_pdf(8, 2),
]
HEX_LIMIT = 200


def random_text(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 60)):
        kind = rng.random()
        if kind < 0.5:
            tok = rng.choice(WORDS)
        elif kind < 0.65:
            tok = rng.choice(PUNCT)
        elif kind < 0.75:
            tok = rng.choice(ODD)
        elif kind < 0.85:
            tok = str(rng.randint(-10, 10**12))
        elif kind < 0.95:
            tok = "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 8)))
        else:
            tok = rng.choice([*WORDS, *ODD, "9"]) * rng.randint(50, 2000)
        parts.append(tok + rng.choice([" ", " ", " ", "", "\n", "\u00ad"]))
    return "".join(parts)


def random_case(rng: random.Random) -> tuple[str, bytes | str]:
    """One input: (property name, payload)."""
    r = rng.random()
    if r < 0.4 and PDFS:
        ops = [
            (rng.randint(0, 5), rng.randint(0, 2**31), rng.randint(0, 2**16))
            for _ in range(rng.randint(1, 8))
        ]
        return "pdf", mutate(rng.choice(PDFS), rng.choice(PDFS), ops)
    if r < 0.5:
        return "bytes", rng.randbytes(rng.randint(0, 2000))
    text = random_text(rng)
    if r < 0.7:
        return "extract", text
    if r < 0.85:
        return "utf8", text.encode("utf-8")
    return "cp1252", text.encode("cp1252", errors="ignore")


def run_case(kind: str, payload: bytes | str) -> None:
    if kind == "extract":
        assert isinstance(payload, str)
        check_extractors(payload)
    else:
        assert isinstance(payload, bytes)
        check_parse(payload)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=2000, help="inputs to try (default 2000)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    crashes = 0
    first: dict[str, tuple[str, bytes, str]] = {}
    for i in range(a.n):
        if i and i % 100 == 0:
            print(f"... {i} inputs, {crashes} crashes", file=sys.stderr, flush=True)
        kind, payload = random_case(rng)
        try:
            run_case(kind, payload)
        except Exception as exc:
            crashes += 1
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__} at {Path(tb.filename).name}:{tb.lineno}"
            if key not in first:
                raw = payload.encode("utf-8") if isinstance(payload, str) else payload
                first[key] = (kind, raw, traceback.format_exc())
    print(f"inputs tried: {a.n}, crashes: {crashes}")
    for key, (kind, raw, tb_text) in first.items():
        shown = raw[:HEX_LIMIT].hex()
        more = f"... ({len(raw)} bytes)" if len(raw) > HEX_LIMIT else f" ({len(raw)} bytes)"
        print(f"\n== {key} [{kind}]\ninput: {shown}{more}\n{tb_text}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
