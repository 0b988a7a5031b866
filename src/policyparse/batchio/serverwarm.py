"""Imported by the batch's fork server only (``server_preload``): makes it a warm, quiet
parent for workers.

Importing this module warms the importing process up (the language pipeline, the extractors'
tables: :func:`~policyparse.batchio.work.warm_up`), so that every worker forked from the
server starts with them, as a worker forked from a preloaded parent does; then it freezes the
collector's view of those objects (``gc.freeze``), so that a worker's collections do not touch,
and so copy, the pages they share with the server.

The server ignores SIGTERM and SIGHUP: a scheduler or ``timeout`` that signals the whole
process group must reach the batch's main process, which stops the run cleanly, not end the
server under it (the main process would then see every worker's status as lost). The server
still ends when the main process and its workers are gone (multiprocessing's own rule);
workers restore the default handlers (:mod:`.worker`).
"""

from __future__ import annotations

import gc
import signal

from policyparse.batchio.work import warm_up

warm_up()
for _signum in (signal.SIGTERM, signal.SIGHUP):
    signal.signal(_signum, signal.SIG_IGN)
gc.freeze()
