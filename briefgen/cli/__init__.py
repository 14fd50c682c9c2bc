"""The `briefgen` command: a thin layer over the library (api, publish, authoring).

Exit status (the README has the table): 0 clean; 1 a brief has errors or a build failed;
2 the command was used wrongly; 3 a bug in briefgen; 4 the system refused to read or write
a file (a full disk, no permission); 130 interrupted (Ctrl-C); 141 the reader of the output
went away (a closed pipe, as in `briefgen sources | head`). One place (`main`) turns
exceptions into one-line messages and these codes; a Python traceback reaches the user
only for a genuine bug, with a request to report it.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

from briefgen.cli.output import EXIT_BUG, EXIT_INTERRUPTED, EXIT_PIPE, EXIT_SYSTEM, EXIT_USAGE
from briefgen.cli.parser import build_parser
from briefgen.errors import BriefgenError, UsageError, describe


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code = int(args.run(args))
        sys.stdout.flush()  # a closed pipe shows here, not after main has returned
        return code
    except BrokenPipeError:
        _discard_output()
        return EXIT_PIPE
    except UsageError as exc:
        return _say(f"briefgen: {exc}", EXIT_USAGE)
    except BriefgenError as exc:
        return _say(f"briefgen: error: {exc}", exc.exit_code)
    except KeyboardInterrupt:
        return _say("briefgen: interrupted", EXIT_INTERRUPTED)
    except OSError as exc:  # the disk, a permission, a folder that is a file
        return _say(f"briefgen: error: {describe(exc)}", EXIT_SYSTEM)
    except Exception:  # a bug in briefgen, not in the user's input
        traceback.print_exc()
        return _say(
            "briefgen: internal error — this is a bug in briefgen, not in your brief; "
            "please report it with the output above.",
            EXIT_BUG,
        )


def _say(message: str, code: int) -> int:
    try:
        print(message, file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_output()
        return EXIT_PIPE
    return code


def _discard_output() -> None:
    """The reader of stdout has gone: whatever is still buffered goes nowhere, so that
    Python's own flush at exit does not fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
