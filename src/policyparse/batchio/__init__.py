"""Batch machinery behind ``policyparse batch`` and :func:`policyparse.parse_many`.

* :mod:`.inputs`    files, folders, globs, manifests → unique paths; hashing;
* :mod:`.work`      one path → one output line (runs in a worker);
* :mod:`.pool`      a process pool with per-task timeouts, memory caps and crash recovery;
* :mod:`.executors` the local pool or dask.distributed;
* :mod:`.sinks`     JSON Lines (crash-safe, resumable) and stdout; :mod:`.catalog` SQLite;
  :mod:`.parquet` Parquet;
* :mod:`.progress`  the progress line and the summary;
* :mod:`.runner`    a whole batch run.
"""

from policyparse.batchio.runner import BatchConfig, run_batch
from policyparse.batchio.sinks import BatchError
from policyparse.batchio.work import ERROR_TYPES

__all__ = ["ERROR_TYPES", "BatchConfig", "BatchError", "run_batch"]
