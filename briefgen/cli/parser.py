"""The command line's grammar: every subcommand, its options and its help."""

from __future__ import annotations

import argparse

from briefgen import __version__
from briefgen.cli import commands
from briefgen.errors import UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: use a number from 0 to 65535")
    return int(text)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of jobs: use 1 or more")
    return int(text)


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="PDFs to lay out at once (default: one per core)",
    )


def _paper_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="PDF page size (default: letter)",
    )


def build_parser() -> argparse.ArgumentParser:
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
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (path:line:col lines), json, or github (Actions annotations)",
    )
    check.set_defaults(run=commands.cmd_check)

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
    _jobs_option(build)
    _paper_option(build)
    build.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=None,
        help="output folder (default: build/ in the project)",
    )
    build.set_defaults(run=commands.cmd_build)

    publish = sub.add_parser("publish", help="write the static site for a web server")
    publish.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief ids (default: all)")
    publish.add_argument(
        "--dest",
        required=True,
        metavar="DIR",
        help="where to publish; the web server serves DIR/site",
    )
    _jobs_option(publish)
    _paper_option(publish)
    publish.add_argument(
        "--wait",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="how long to wait for another publish to the same DIR to finish (default 600)",
    )
    publish.set_defaults(run=commands.cmd_publish)

    serve = sub.add_parser("serve", help="preview the site, reloading as you edit")
    serve.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief ids (default: all)")
    serve.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.set_defaults(run=commands.cmd_serve)

    cite = sub.add_parser("cite", help="find a passage in the corpus and print a citation")
    cite.add_argument(
        "words",
        nargs="+",
        metavar="[SOURCE] WORDS",
        help="the words to look for, optionally after an article id",
    )
    cite.add_argument("--all", action="store_true", help="list every match, not the best few")
    cite.set_defaults(run=commands.cmd_cite)

    sources = sub.add_parser("sources", help="list the corpus and what cites each article")
    sources.add_argument(
        "briefs", nargs="*", metavar="BRIEF", help="with --coverage: these briefs (default: all)"
    )
    sources.add_argument(
        "--coverage",
        action="store_true",
        help="list the paragraphs and sentences of each article that no claim cites",
    )
    sources.set_defaults(run=commands.cmd_sources)

    new = sub.add_parser("new", help="start a brief: a folder of commented example files")
    new.add_argument("brief_id", metavar="BRIEF-ID")
    new.set_defaults(run=commands.cmd_new)

    schema_cmd = sub.add_parser("schema", help="write JSON Schemas for editors (schemas/)")
    schema_cmd.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=None,
        help="where to write them (default: schemas/ in the project)",
    )
    schema_cmd.set_defaults(run=commands.cmd_schema)

    corpus = sub.add_parser("corpus", help="manage the corpus")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", required=True, parser_class=_Parser)
    add = corpus_sub.add_parser("add", help="import an article (plain text or saved HTML)")
    add.add_argument("file", metavar="FILE")
    add.add_argument("--id", required=True, help="the new article's id (its file name)")
    add.add_argument("--title", required=True)
    add.add_argument(
        "--published", required=True, metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    add.add_argument(
        "--inferred",
        action="store_true",
        help="the date is inferred, not stated by the source (say how in --note)",
    )
    add.add_argument("--author", default=None, help="(default: not known)")
    add.add_argument("--publisher", default=None, help="(default: not known)")
    add.add_argument("--url", default=None)
    add.add_argument("--note", default=None, help="where the metadata comes from")
    add.add_argument(
        "--headline-line",
        type=int,
        default=None,
        metavar="N",
        help="the line of FILE holding the headline, dropped from the text "
        "(default: a first paragraph equal to the title is dropped)",
    )
    add.set_defaults(run=commands.cmd_corpus_add)

    update = corpus_sub.add_parser("update", help="correct an article's metadata (never its text)")
    update.add_argument("id", metavar="ID")
    update.add_argument("--title", default=None)
    update.add_argument("--author", default=None, help="'' for not known")
    update.add_argument("--publisher", default=None, help="'' for not known")
    update.add_argument(
        "--published",
        default=None,
        metavar="DATE",
        help="YYYY, YYYY-MM or YYYY-MM-DD, stated by the source unless --inferred",
    )
    update.add_argument(
        "--inferred", action="store_true", help="the date is inferred (say how in --note)"
    )
    update.add_argument("--url", default=None, help="'' for not known")
    update.add_argument("--note", default=None, help="where the metadata comes from")
    update.set_defaults(run=commands.cmd_corpus_update)

    remove = corpus_sub.add_parser("remove", help="remove an article that no brief cites")
    remove.add_argument("id", metavar="ID")
    remove.set_defaults(run=commands.cmd_corpus_remove)

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
    diff.set_defaults(run=commands.cmd_diff)
    return parser
