"""Start multiprocessing's fork server as a fork of this process, instead of a fresh
interpreter.

Why: the stdlib starts its server by running a new Python, which imports the parser again
(about a second here) before the first worker can be forked. The batch command starts the
server at the top of ``run_batch``, when the process holds its imports and nothing else (no
hashed inputs, no pyarrow, no output read), so a fork of it is as small as a fresh server and
ready at once; it then warms up (``preload``) while the run hashes inputs and opens its output.
The server's loop is the stdlib's own (``multiprocessing.forkserver.main``), so workers are
started, watched and reaped exactly as with the stdlib's server.

This sets three private attributes of the stdlib's server object. Where they are not as
expected (another Python version), or where this process runs other threads (a fork would
copy their locks), :func:`fork_server_here` returns False and the caller starts the stdlib's
server the usual way.
"""

from __future__ import annotations

import contextlib
import multiprocessing.forkserver
import os
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from multiprocessing import connection, resource_tracker

_ATTRIBUTES = ("_forkserver_address", "_forkserver_alive_fd", "_forkserver_pid", "_lock")
_KNOWN_VERSIONS = ((3, 11), (3, 12), (3, 13))  # the server's state and main() as used here


def fork_server_here(preload: Sequence[str]) -> bool:
    """Make the fork server a fork of this process that imports ``preload``; False where
    that cannot be done safely (see the module doc). True also if a server already runs."""
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    if (
        server is None
        or sys.version_info[:2] not in _KNOWN_VERSIONS
        or not all(hasattr(server, a) for a in _ATTRIBUTES)
        or threading.active_count() > 1
    ):
        return False
    with server._lock:
        if server._forkserver_pid is not None:
            pid, _ = os.waitpid(server._forkserver_pid, os.WNOHANG)
            return not pid  # it died (pid): let the stdlib start a new one
        resource_tracker.ensure_running()
        address = connection.arbitrary_address("AF_UNIX")  # type: ignore[attr-defined]
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(address)
            os.chmod(address, 0o600)
            listener.listen()
            alive_r, alive_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the server
                _serve(listener.fileno(), alive_r, alive_w, preload)
            os.close(alive_r)
        server._forkserver_address = address
        server._forkserver_alive_fd = alive_w
        server._forkserver_pid = pid
    return True


def _serve(listener_fd: int, alive_r: int, alive_w: int, preload: Sequence[str]) -> None:
    """The forked server: the stdlib's loop until the caller and its workers are gone."""
    code = 1
    try:
        os.close(alive_w)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # the caller handles them; see serverwarm
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)  # out of the caller's group: Ctrl-C and `timeout` reach it only
        multiprocessing.forkserver.main(listener_fd, alive_r, list(preload))
        code = 0
    except SystemExit:
        code = 0
    finally:
        os._exit(code)
