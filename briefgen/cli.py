"""The `briefgen` command: a thin layer over briefgen.api.

Exit status: 0 when clean, 1 when a brief has errors (or a build fails), 2 for usage
errors. One place (`main`) turns exceptions into messages and exit codes; a Python
traceback reaches the user only for a genuine bug, with a request to report it.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from briefgen import __version__
from briefgen.diagnostics import Diagnostic, count, display_path
from briefgen.errors import BriefgenError, UsageError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="briefgen",
        description="Policy briefs from YAML with verified citations, rendered to PDF and HTML.",
    )
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="project folder holding briefs/ and corpus/ (default: the working folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="validate briefs and verify every citation")
    check.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief ids (default: all)")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    check.set_defaults(run=_cmd_check)

    build = sub.add_parser("build", help="check, then render memos to PDF and HTML")
    build.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief ids (default: all)")
    build.add_argument(
        "--format",
        default="pdf,html",
        metavar="FORMATS",
        help="comma-separated: pdf, html (default: pdf,html)",
    )
    build.add_argument(
        "--as-of",
        metavar="DATE",
        help="render the brief as it stood on DATE (default: every edition)",
    )
    build.add_argument(
        "--since",
        metavar="DATE",
        help="show what changed since DATE (default: the previous edition)",
    )
    build.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="PDF page size (default: letter)",
    )
    build.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=None,
        help="output folder (default: build/ in the project)",
    )
    build.set_defaults(run=_cmd_build)

    publish = sub.add_parser("publish", help="write the static site for a web server")
    publish.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief ids (default: all)")
    publish.add_argument(
        "--dest",
        required=True,
        metavar="DIR",
        help="where to publish; the web server serves DIR/site",
    )
    publish.add_argument("--paper", choices=("letter", "a4"), default="letter")
    publish.set_defaults(run=_cmd_publish)

    serve = sub.add_parser("serve", help="preview the site, reloading as you edit")
    serve.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief ids (default: all)")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.set_defaults(run=_cmd_serve)

    diff = sub.add_parser("diff", help="what changed in a brief between two dates")
    diff.add_argument(
        "brief",
        nargs="?",
        metavar="BRIEF",
        help="brief id (may be left out when the project has one brief)",
    )
    diff.add_argument(
        "--from",
        dest="since",
        metavar="DATE",
        default=None,
        help="the earlier date (default: the edition before --to)",
    )
    diff.add_argument(
        "--to",
        dest="until",
        metavar="DATE",
        default=None,
        help="the later date (default: the brief's as_of)",
    )
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.set_defaults(run=_cmd_diff)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
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


def _print_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str = "text") -> None:
    cwd = Path.cwd()
    if fmt == "json":
        json.dump([d.to_dict(cwd) for d in diagnostics], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    for d in diagnostics:
        print(d.format(cwd), file=sys.stderr)


def _summary(n_briefs: int, diagnostics: Sequence[Diagnostic]) -> str:
    errors, warnings = count(diagnostics)
    plural = lambda n, w: f"{n} {w}{'' if n == 1 else 's'}"  # noqa: E731
    return (
        f"checked {plural(n_briefs, 'brief')}: {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')}"
    )


def _cmd_check(args: argparse.Namespace) -> int:
    from briefgen import api

    result = api.check(args.root, args.briefs)
    _print_diagnostics(result.diagnostics, args.format)
    if args.format == "text":
        print(_summary(len(result.requested), result.diagnostics), file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_ERRORS


def _cmd_build(args: argparse.Namespace) -> int:
    from briefgen import build

    formats = build.parse_formats(args.format)
    result = build.build(
        args.root,
        args.briefs,
        formats=formats,
        paper=args.paper,
        output=args.output,
        as_of=args.as_of,
        since=args.since,
        on_diagnostics=lambda ds: _print_diagnostics(ds),
    )
    for line in result.report():
        print(line)
    return EXIT_OK if result.ok else EXIT_ERRORS


def _cmd_diff(args: argparse.Namespace) -> int:
    from briefgen import api, changes

    result = api.check(args.root, [args.brief] if args.brief else [])
    _print_diagnostics([d for d in result.diagnostics if d.is_error])
    if not result.ok:
        return EXIT_ERRORS
    if len(result.briefs) != 1:
        raise UsageError(f"name the brief to compare: {', '.join(result.requested)}")
    (checked,) = result.briefs.values()
    found = changes.between(checked.loaded.brief, checked.corpus, args.since, args.until)
    print(changes.as_json(found) if args.format == "json" else changes.as_text(found))
    return EXIT_OK


def _cmd_publish(args: argparse.Namespace) -> int:
    from briefgen import api, site

    _print_diagnostics(api.check(args.root, args.briefs).diagnostics)
    done = site.publish(args.root, args.dest, args.briefs, paper=args.paper)
    kept = f", {done.kept} earlier edition page(s) kept" if done.kept else ""
    print(
        f"published {done.files} files to {display_path(done.site)} "
        f"(-> {display_path(done.release)}){kept} in {done.seconds:.2f} s"
    )
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from briefgen import serve
    from briefgen.project import Project

    project = Project.at(args.root)

    def report(state: serve.State) -> None:
        for problem in state.problems:
            print(problem, file=sys.stderr)
        print(
            f"rebuilt in {state.seconds:.2f} s"
            + (" (errors: showing the last good version)" if state.problems else ""),
            file=sys.stderr,
        )

    serve.serve(serve.Preview(project.root, args.briefs, on_rebuild=report), args.port)
    return EXIT_OK
