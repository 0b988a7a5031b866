#!/usr/bin/env python3
"""Share of extracted items whose evidence lies on its page, over a batch output (JSONL).

python tools/evidence_check.py out.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from policyparse.evidence import grounded


def main(path: str) -> int:
    ok = total = 0
    bad: Counter[str] = Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if "error" in rec:
                continue
            g, t, fields = grounded(rec)
            ok, total = ok + g, total + t
            bad.update(fields)
    share = ok / total if total else 1.0
    print(f"{ok}/{total} items grounded ({share:.2%}); ungrounded by field: {dict(bad)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
