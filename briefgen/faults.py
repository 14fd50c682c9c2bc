"""Fault injection for tests: stop a process at a known point instead of sleeping and hoping.

Honoured only when the environment variable BRIEFGEN_FAULTS is set, which nothing but the
test suite does. Its value is `point[:detail]=action`, several joined by `;`:

- point: where the code calls `inject` — `write` (an output file, written in full to its
  temporary file, before it or the files staged with it are renamed into place; detail:
  its path), `rename` (just before one file of a staged set is renamed into place; detail:
  its path) or `pdf-worker` (a PDF worker process, before it lays out a memo; detail: the
  memo's brief id);
- action: `kill` (SIGKILL this process), `kill-parent` (SIGKILL the parent, then carry on),
  `interrupt` (Ctrl-C, as KeyboardInterrupt here), `interrupt-parent` (a real SIGINT to the
  parent, then carry on), `enospc` (a full disk).

A rule matches when its point is the point and its detail is part of the call's detail.
"""

from __future__ import annotations

import errno
import os
import signal

ENV = "BRIEFGEN_FAULTS"


def inject(point: str, detail: str = "") -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    for rule in spec.split(";"):
        where, _, action = rule.partition("=")
        name, _, pattern = where.partition(":")
        if name == point and pattern in detail:
            _act(action.strip())


def _act(action: str) -> None:
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "kill-parent":
        os.kill(os.getppid(), signal.SIGKILL)
    elif action == "interrupt":
        raise KeyboardInterrupt
    elif action == "interrupt-parent":
        os.kill(os.getppid(), signal.SIGINT)
    elif action == "enospc":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    else:
        raise ValueError(f"{ENV}: unknown action {action!r}")
