"""Exit codes of the ``policyparse`` command: one table for every subcommand.

Why a table of its own: scripts and schedulers that run ``policyparse batch`` over an archive
decide what to do next from the exit code alone (retry, alert, resume), so each code has one
meaning across subcommands and versions, and the README's table is this module.
"""

from __future__ import annotations

from typing import Final

OK: Final = 0
"""Every input has a record (parsed in this run, or already in the output)."""

INPUT_ERRORS: Final = 1
"""At least one input has an error record (in this run, or already in the output and not
retried); the others have records. The summary says how many of each type."""

USAGE: Final = 2
"""Bad arguments, an unusable ``--out``, or no inputs found; nothing was parsed."""

INSTALL_BROKEN: Final = 3
"""``policyparse doctor``: this installation cannot parse (the language assets are missing or
do not load); its stderr says what to do."""

OUTPUT_LOCKED: Final = 4
"""Another run holds the output's lock; nothing was parsed."""

OUTPUT_FAILED: Final = 5
"""The output could not be written (disk full, I/O error); what was written stays, and
running the same command again resumes."""

BROKEN_PIPE: Final = 141
"""Standard output was closed before all was written (a reader such as ``head`` stopped
early); as for other Unix tools, 128 + SIGPIPE, and no traceback."""

INTERRUPTED: Final = 130
"""Stopped by Ctrl-C (SIGINT); run the same command again to resume."""

TERMINATED: Final = 143
"""Stopped by SIGTERM or SIGHUP; run the same command again to resume."""
