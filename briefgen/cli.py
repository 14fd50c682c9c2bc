"""The `briefgen` command: a thin layer over briefgen.api.

Exit status: 0 when clean, 1 when a brief has errors (or a build fails), 2 for usage
errors. One place (`main`) turns exceptions into messages and exit codes; a Python
traceback reaches the user only for a genuine bug, with a request to report it.
"""

from __future__ import annotations

import argparse
import json
import re
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


def _paper_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="PDF page size (default: letter)",
    )


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
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (path:line:col lines), json, or github (Actions annotations)",
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
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="PDFs to lay out at once (default: one per core)",
    )
    _paper_option(build)
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
    _paper_option(publish)
    publish.set_defaults(run=_cmd_publish)

    serve = sub.add_parser("serve", help="preview the site, reloading as you edit")
    serve.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief ids (default: all)")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    serve.set_defaults(run=_cmd_serve)

    cite = sub.add_parser("cite", help="find a passage in the corpus and print a citation")
    cite.add_argument(
        "words",
        nargs="+",
        metavar="[SOURCE] WORDS",
        help="the words to look for, optionally after an article id",
    )
    cite.add_argument("--all", action="store_true", help="list every match, not the best few")
    cite.set_defaults(run=_cmd_cite)

    sources = sub.add_parser("sources", help="list the corpus and what cites each article")
    sources.set_defaults(run=_cmd_sources)

    new = sub.add_parser("new", help="start a brief: a folder of commented example files")
    new.add_argument("brief_id", metavar="BRIEF-ID")
    new.set_defaults(run=_cmd_new)

    schema_cmd = sub.add_parser("schema", help="write JSON Schemas for editors (schemas/)")
    schema_cmd.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=None,
        help="where to write them (default: schemas/ in the project)",
    )
    schema_cmd.set_defaults(run=_cmd_schema)

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
    add.set_defaults(run=_cmd_corpus_add)

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
    if fmt == "github":  # GitHub Actions workflow commands: annotations on the pull request
        for d in diagnostics:
            loc = d.location
            message = d.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(
                f"::{d.severity.value} file={display_path(loc.path, cwd)},line={loc.line},"
                f"col={loc.column}::{message}"
            )
        return
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
        jobs=args.jobs,
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


def _cmd_cite(args: argparse.Namespace) -> int:
    from briefgen import authoring, schema
    from briefgen.corpus import load_corpus
    from briefgen.project import Project

    project = Project.at(args.root)
    corpus, problems = load_corpus(project.corpus_dir)
    _print_diagnostics(problems)
    if len(args.words) > 2:
        raise UsageError('put the words in quotes: briefgen cite [SOURCE] "the words"')
    source, words = args.words if len(args.words) == 2 else (None, args.words[0])
    if source is not None and source not in corpus.articles:
        raise UsageError(
            f"no article '{source}' in the corpus"
            + schema.did_you_mean(source, sorted(corpus.articles))
        )
    hits = authoring.search(corpus, words, source, limit=None if args.all else 3)
    if not hits:
        print(f"no passage like “{words}” in {'the corpus' if source is None else source}")
        return EXIT_ERRORS
    for hit in hits:
        before, passage, after = hit.context()
        kind = "exact match" if hit.exact else f"{min(99, int(hit.score))}% similar"
        print(f"{hit.article.id} paragraph {hit.paragraph} ({kind}) — {hit.article.meta.title}")
        print(f"    {before}[{passage}]{after}")
        print("  " + hit.citation_yaml().replace("\n", "\n  ").rstrip())
        print()
    return EXIT_OK


def _cmd_sources(args: argparse.Namespace) -> int:
    from briefgen import api, authoring

    result = api.check(args.root)
    _print_diagnostics([d for d in result.diagnostics if d.is_error])
    corpus = next(iter(result.briefs.values())).corpus if result.briefs else None
    if corpus is None:
        from briefgen.corpus import load_corpus

        corpus, _ = load_corpus(result.project.corpus_dir)
    uses = authoring.source_use(corpus, {b: c.loaded.brief for b, c in result.briefs.items()})
    for use in uses:
        meta = use.article.meta
        when = (
            f"{meta.published}{' (inferred)' if meta.published_basis == 'inferred' else ''}"
            if meta.published
            else "date not known"
        )
        cited = ", ".join(f"{b}: {n}" for b, n in sorted(use.cited_by.items())) or "not cited"
        print(
            f"{meta.id}\n    {meta.title} — {meta.publisher or 'publisher not known'}, "
            f"{when}; {len(use.article.paragraphs)} paragraphs; cited by {cited}"
        )
    for use in uses:
        if not use.cited_by:
            print(
                f"{display_path(use.article.path)}:1:1: warning: no brief cites '{use.article.id}'",
                file=sys.stderr,
            )
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    import datetime

    from briefgen import authoring, schema
    from briefgen.dates import PartialDate
    from briefgen.project import Project
    from briefgen.writer import write_atomic

    project = Project.at(args.root)
    if not re.fullmatch(schema.ID_PATTERN, args.brief_id):
        raise UsageError(
            f"'{args.brief_id}' is not a valid brief id: use lowercase letters, digits, '-' and '_'"
        )
    folder = project.briefs_dir / args.brief_id
    if folder.exists():
        raise UsageError(
            f"{display_path(folder)} exists already; briefgen never overwrites a brief"
        )
    today = PartialDate.parse(datetime.date.today().isoformat())
    for name, text in authoring.scaffold(args.brief_id, today).items():
        write_atomic(folder / name, text.encode("utf-8"))
    _write_schemas(project.root / "schemas")
    print(
        f"created {display_path(folder)}/ with brief.yaml and the four section files; "
        f"fill them in, then: briefgen check {args.brief_id}"
    )
    return EXIT_OK


def _write_schemas(folder: Path) -> list[Path]:
    from briefgen import schema
    from briefgen.writer import write_atomic

    written = []
    for name, content in schema.json_schemas().items():
        write_atomic(folder / name, (json.dumps(content, indent=1) + "\n").encode("utf-8"))
        written.append(folder / name)
    return written


def _cmd_schema(args: argparse.Namespace) -> int:
    from briefgen.project import Project

    folder = Path(args.output) if args.output else Project.at(args.root).root / "schemas"
    for path in _write_schemas(folder):
        print(f"wrote {display_path(path)}")
    return EXIT_OK


def _cmd_corpus_add(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from briefgen import authoring, schema
    from briefgen.corpus import SUFFIX, read_article
    from briefgen.project import Project
    from briefgen.writer import write_atomic

    project = Project.at(args.root)
    target = project.corpus_dir / f"{args.id}{SUFFIX}"
    if target.exists():
        raise UsageError(
            f"an article '{args.id}' exists already ({display_path(target)}); choose another id"
        )
    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    text = raw.decode("utf-8", errors="replace")
    paragraphs = authoring.article_paragraphs(text, is_html=authoring.looks_like_html(text))
    if not paragraphs:
        raise UsageError(f"{args.file} has no text to import")
    provenance = {"imported_from": Path(args.file).name}
    if args.note:
        provenance["note"] = args.note
    try:
        meta = schema.ArticleMeta(
            id=args.id,
            title=args.title,
            author=args.author,
            publisher=args.publisher,
            published=args.published,
            published_basis="inferred" if args.inferred else "stated",
            url=args.url,
            provenance=provenance,
        )
    except ValidationError as exc:
        wrong = "; ".join(
            f"--{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise UsageError(wrong) from None
    write_atomic(target, authoring.article_file(meta, paragraphs).encode("utf-8"))
    article, problems = read_article(target)
    if article is None:  # cannot happen for a file we wrote; say so rather than hide it
        target.unlink()
        _print_diagnostics(problems)
        return EXIT_ERRORS
    print(f"added {display_path(target)}: {len(article.paragraphs)} paragraphs")
    return EXIT_OK
