"""The `briefgen` command: a thin layer over the library (api, publish, authoring).

Exit status: 0 when clean, 1 when a brief has errors (or a build fails), 2 for usage
errors. One place (`main`) turns exceptions into messages and exit codes; a Python
traceback reaches the user only for a genuine bug, with a request to report it.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

from briefgen.cli.output import EXIT_BUG, EXIT_USAGE
from briefgen.cli.parser import build_parser
from briefgen.errors import BriefgenError, UsageError


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args))
    except UsageError as exc:
        print(f"briefgen: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BriefgenError as exc:
        print(f"briefgen: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("briefgen: interrupted", file=sys.stderr)
        return 130
    except Exception:  # a bug in briefgen, not in the user's input
        traceback.print_exc()
        print(
            "briefgen: internal error — this is a bug in briefgen, not in your brief; "
            "please report it with the output above.",
            file=sys.stderr,
        )
        return EXIT_BUG
