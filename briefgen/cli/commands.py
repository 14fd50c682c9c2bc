"""One function per subcommand: parse nothing, decide little — call the library, print
what it returns, and say which exit status that is."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefgen.cli.output import EXIT_ERRORS, EXIT_OK, print_diagnostics, summary
from briefgen.diagnostics import Location, display_path, warning
from briefgen.errors import UsageError


def progress(message: str) -> None:
    """Progress and notes go to stderr; stdout is for results."""
    print(message, file=sys.stderr, flush=True)


def cmd_check(args: argparse.Namespace) -> int:
    from briefgen import api

    result = api.check(args.root, args.briefs)
    print_diagnostics(result.diagnostics, args.format)
    if args.format == "text":
        print(summary(len(result.requested), result.diagnostics), file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_ERRORS


def cmd_build(args: argparse.Namespace) -> int:
    from briefgen.publish import build

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
        on_diagnostics=print_diagnostics,
        on_progress=progress,
    )
    for line in result.report():
        print(line)
    for line in result.warnings:
        progress(line)
    return EXIT_OK if result.ok else EXIT_ERRORS


def cmd_diff(args: argparse.Namespace) -> int:
    from briefgen import api
    from briefgen.model import diff

    result = api.check(args.root, [args.brief] if args.brief else [])
    print_diagnostics([d for d in result.diagnostics if d.is_error])
    if not result.ok:
        return EXIT_ERRORS
    if len(result.briefs) != 1:
        raise UsageError(f"name the brief to compare: {', '.join(result.requested)}")
    (checked,) = result.briefs.values()
    found = diff.between(checked.loaded.brief, checked.corpus, args.since, args.until)
    print(diff.as_json(found) if args.format == "json" else diff.as_text(found))
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from briefgen.publish import site

    done = site.publish(
        args.root,
        args.dest,
        args.briefs,
        paper=args.paper,
        jobs=args.jobs,
        wait=args.wait,
        on_diagnostics=print_diagnostics,
        progress=progress,
    )
    for line in done.warnings:
        progress(line)
    kept = f", {done.kept} earlier edition page(s) kept" if done.kept else ""
    reused = f", {done.reused} unchanged PDF(s) reused" if done.reused else ""
    print(
        f"published {done.files} files to {display_path(done.site)} "
        f"(-> {display_path(done.release)}){kept}{reused} in {done.seconds:.2f} s"
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from briefgen.project import Project
    from briefgen.publish import serve

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


def cmd_cite(args: argparse.Namespace) -> int:
    from briefgen.authoring import search
    from briefgen.diagnostics import did_you_mean
    from briefgen.model.corpus import load_corpus
    from briefgen.project import Project

    project = Project.at(args.root)
    corpus, problems = load_corpus(project.corpus_dir)
    print_diagnostics(problems)
    if len(args.words) > 2:
        raise UsageError('put the words in quotes: briefgen cite [SOURCE] "the words"')
    source, words = args.words if len(args.words) == 2 else (None, args.words[0])
    if source is not None and source not in corpus.articles:
        raise UsageError(
            f"no article '{source}' in the corpus" + did_you_mean(source, sorted(corpus.articles))
        )
    hits = search.search(corpus, words, source, limit=None if args.all else 3)
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


def cmd_sources(args: argparse.Namespace) -> int:
    from briefgen import api
    from briefgen.authoring import sources

    result = api.check(args.root, args.briefs)
    print_diagnostics([d for d in result.diagnostics if d.is_error])
    if args.coverage:
        for covered in sources.coverage(result):
            print("\n".join(covered.lines()))
        return EXIT_OK
    uses = sources.source_use(result)
    for use in uses:
        print(use.summary())
    print_diagnostics(
        [
            warning(Location(use.article.path), f"no brief cites '{use.article.id}'")
            for use in uses
            if not use.cited_by
        ]
    )
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    import datetime

    from briefgen.authoring.scaffold import create_brief
    from briefgen.model.dates import PartialDate
    from briefgen.project import Project

    today = PartialDate.parse(datetime.date.today().isoformat())
    folder = create_brief(Project.at(args.root), args.brief_id, today)
    print(
        f"created {display_path(folder)}/ with brief.yaml and the four section files; "
        f"fill them in, then: briefgen check {args.brief_id}"
    )
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from briefgen.authoring.scaffold import write_schemas
    from briefgen.project import Project

    folder = Path(args.output) if args.output else Project.at(args.root).root / "schemas"
    for path in write_schemas(folder):
        print(f"wrote {display_path(path)}")
    return EXIT_OK


def cmd_corpus_add(args: argparse.Namespace) -> int:
    from briefgen.authoring.importer import NewArticle, add_article
    from briefgen.project import Project

    added = add_article(
        Project.at(args.root),
        Path(args.file),
        NewArticle(
            id=args.id,
            title=args.title,
            published=args.published,
            inferred=args.inferred,
            author=args.author,
            publisher=args.publisher,
            url=args.url,
            note=args.note,
            headline_line=args.headline_line,
        ),
    )
    print(
        f"added {display_path(added.article.path)}: {len(added.article.paragraphs)} "
        f"paragraphs, {added.encoding}"
    )
    if added.headline is not None:
        print(f"  dropped the headline: {added.headline}")
    if added.invisible:
        print(
            f"  removed {added.invisible} invisible character(s) "
            "(bidirectional controls, zero-width spaces, soft hyphens)"
        )
    return EXIT_OK


def cmd_corpus_update(args: argparse.Namespace) -> int:
    from briefgen.authoring.corpusedit import Corrections, update_article
    from briefgen.project import Project

    fix = Corrections(
        title=args.title,
        author=args.author,
        publisher=args.publisher,
        published=args.published,
        inferred=args.inferred,
        url=args.url,
        note=args.note,
    )
    changed = update_article(Project.at(args.root), args.id, fix)
    print(
        f"updated {args.id}: {', '.join(changed)} (the text is unchanged)"
        if changed
        else f"{args.id} already reads so: nothing changed"
    )
    return EXIT_OK


def cmd_corpus_remove(args: argparse.Namespace) -> int:
    from briefgen.authoring.corpusedit import remove_article
    from briefgen.project import Project

    path = remove_article(Project.at(args.root), args.id)
    print(f"removed {display_path(path)}")
    return EXIT_OK
