"""Checks that need the whole brief and the corpus: ids, references, dates and citations.

Run only on a structurally valid brief (see loader), so messages never follow from
half-read data. Resolving a citation records its paragraph and character spans on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen import schema
from briefgen.citations import (
    closest_passage,
    excerpt,
    find_elsewhere,
    find_in_article,
)
from briefgen.corpus import Article, Corpus
from briefgen.dates import PartialDate
from briefgen.diagnostics import Diagnostic, Location, error, warning
from briefgen.loader import LoadedBrief
from briefgen.markup import MarkdownRenderer
from briefgen.yamlsource import Path_

if TYPE_CHECKING:
    from briefgen.lockfile import Verified

#: Below this similarity a near miss is noise, not a hint.
HINT_THRESHOLD = 60.0


@dataclass(frozen=True)
class Claim:
    """Anything in a brief that states a fact and so needs a citation."""

    path: Path_
    label: str
    cites: list[schema.Citation]
    as_of: PartialDate | None = None


def claims(brief: schema.Brief) -> Iterator[Claim]:
    for i, kj in enumerate(brief.key_judgments):
        yield Claim(("key_judgments", i), "key judgment", kj.cites, kj.as_of)
    for i, actor in enumerate(brief.actors):
        yield Claim(("actors", i), f"actor '{actor.id}' (its role)", actor.cites)
        for j, pos in enumerate(actor.positions):
            yield Claim(
                ("actors", i, "positions", j),
                f"position of '{actor.id}' on '{pos.topic}'",
                pos.cites,
                pos.as_of,
            )
    for i, meeting in enumerate(brief.meetings):
        yield Claim(("meetings", i), f"meeting '{meeting.id}'", meeting.cites)
        for j, meeting_status in enumerate(meeting.status_history):
            yield Claim(
                ("meetings", i, "status_history", j),
                f"status of meeting '{meeting.id}'",
                meeting_status.cites,
                meeting_status.as_of,
            )
        for j, outcome in enumerate(meeting.outcomes):
            yield Claim(("meetings", i, "outcomes", j), f"outcome of '{meeting.id}'", outcome.cites)
    for i, question in enumerate(brief.questions):
        for j, entry in enumerate(question.status_history):
            yield Claim(
                ("questions", i, "status_history", j),
                f"status of question '{question.id}'",
                entry.cites,
                entry.as_of,
            )
    for i, metric in enumerate(brief.metrics):
        for j, obs in enumerate(metric.observations):
            yield Claim(
                ("metrics", i, "observations", j),
                f"observation of metric '{metric.id}'",
                obs.cites,
                obs.as_of,
            )


def prose_fields(brief: schema.Brief) -> Iterator[tuple[Path_, str]]:
    """Every Markdown field, with its path."""
    yield ("bottom_line",), brief.bottom_line
    for i, earlier in enumerate(brief.earlier_bottom_lines):
        yield ("earlier_bottom_lines", i, "text"), earlier.text
    for i, kj in enumerate(brief.key_judgments):
        yield ("key_judgments", i, "text"), kj.text
    for i, actor in enumerate(brief.actors):
        for j, pos in enumerate(actor.positions):
            yield ("actors", i, "positions", j, "stance"), pos.stance
    for i, m in enumerate(brief.meetings):
        yield ("meetings", i, "summary"), m.summary
        for j, o in enumerate(m.outcomes):
            yield ("meetings", i, "outcomes", j, "text"), o.text
        for j, status in enumerate(m.status_history):
            if status.note:
                yield ("meetings", i, "status_history", j, "note"), status.note
    for i, q in enumerate(brief.questions):
        yield ("questions", i, "why_it_matters"), q.why_it_matters
        for j, entry in enumerate(q.status_history):
            yield ("questions", i, "status_history", j, "note"), entry.note


def _check_prose(brief: schema.Brief, locate, out: list[Diagnostic]) -> None:
    """Markdown that the memo renders differently from what was written, for safety."""
    md = MarkdownRenderer()
    for path, text in prose_fields(brief):
        for problem in md.render(text).problems:
            out.append(warning(locate(path), f"{schema.format_path(path)}: {problem}"))


def check_brief(
    loaded: LoadedBrief, corpus: Corpus, verified: Mapping[tuple[str, str], Verified] | None = None
) -> list[Diagnostic]:
    """`verified`: what each citation matched at the last clean build (citations.lock), to
    explain a quote that no longer matches because its article was edited."""
    brief = loaded.brief
    verified = verified or {}
    locate = loaded.source_map.locate
    out: list[Diagnostic] = []
    ids = _check_ids(brief, locate, out)
    _check_references(brief, ids, locate, out)
    _check_meetings(brief, locate, out)
    _check_dates(brief, locate, out)
    _check_editions(brief, locate, out)
    _check_prose(brief, locate, out)
    for claim in claims(brief):
        if not claim.cites:
            out.append(
                warning(
                    locate(claim.path),
                    f"{schema.format_path(claim.path)}: {claim.label} has no "
                    "citation (add cites: with a source and an exact quote)",
                )
            )
        for k, cite in enumerate(claim.cites):
            _resolve(
                cite,
                (*claim.path, "cites", k),
                brief.as_of,
                corpus,
                locate,
                out,
                verified.get((cite.source, cite.quote)),
            )
    return out


def _check_ids(brief: schema.Brief, locate, out: list[Diagnostic]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for section in ("topics", *schema.SECTIONS):
        seen: dict[str, Location] = {}
        for i, item in enumerate(getattr(brief, section)):
            where = locate((section, i, "id"))
            if item.id in seen:
                first = seen[item.id]
                out.append(
                    error(
                        where,
                        f"{section}[{i}].id: duplicate id '{item.id}' (first "
                        f"used at {first.path.name}:{first.line})",
                    )
                )
            else:
                seen[item.id] = where
        ids[section] = set(seen)
    return ids


def _unknown(kind: str, value: str, known: set[str]) -> str:
    hint = schema.did_you_mean(value, sorted(known))
    listing = (
        f" (known: {', '.join(sorted(known))})" if known and len(known) <= 12 and not hint else ""
    )
    return f"unknown {kind} '{value}'{hint}{listing}"


def _check_references(
    brief: schema.Brief, ids: dict[str, set[str]], locate, out: list[Diagnostic]
) -> None:
    for i, actor in enumerate(brief.actors):
        for j, pos in enumerate(actor.positions):
            if pos.topic not in ids["topics"]:
                path: Path_ = ("actors", i, "positions", j, "topic")
                out.append(
                    error(
                        locate(path),
                        f"{schema.format_path(path)}: "
                        + _unknown("topic", pos.topic, ids["topics"])
                        + " — topics are declared in brief.yaml",
                    )
                )
    for i, meeting in enumerate(brief.meetings):
        for j, who in enumerate(meeting.participants):
            if who not in ids["actors"]:
                path = ("meetings", i, "participants", j)
                out.append(
                    error(
                        locate(path),
                        f"{schema.format_path(path)}: " + _unknown("actor", who, ids["actors"]),
                    )
                )
    for i, question in enumerate(brief.questions):
        if question.raised_at and question.raised_at not in ids["meetings"]:
            path = ("questions", i, "raised_at")
            out.append(
                error(
                    locate(path),
                    f"{schema.format_path(path)}: "
                    + _unknown("meeting", question.raised_at, ids["meetings"]),
                )
            )


def _check_meetings(brief: schema.Brief, locate, out: list[Diagnostic]) -> None:
    for i, m in enumerate(brief.meetings):
        path = ("meetings", i)
        label = schema.format_path(path)
        if m.date is not None and (m.start is not None or m.end is not None):
            out.append(
                error(
                    locate((*path, "date")), f"{label}: give either date or start and end, not both"
                )
            )
        elif m.date is None and (m.start is None or m.end is None):
            missing = (
                "start and end"
                if m.start is None and m.end is None
                else "end"
                if m.end is None
                else "start"
            )
            out.append(
                error(
                    locate(path),
                    f"{label}: missing {missing} (a meeting has a date, or a start and an end)",
                )
            )
        elif m.start and m.end and m.end.last_day() < m.start.first_day():
            out.append(
                error(locate((*path, "end")), f"{label}.end: {m.end} is before the start {m.start}")
            )


def _check_dates(brief: schema.Brief, locate, out: list[Diagnostic]) -> None:
    as_of = brief.as_of
    for claim in claims(brief):
        if claim.as_of is not None and claim.as_of.surely_after(as_of):
            path = (*claim.path, "as_of")
            out.append(
                warning(
                    locate(path),
                    f"{schema.format_path(path)}: {claim.label} is "
                    f"dated {claim.as_of}, after the brief's as_of {as_of}",
                )
            )
    for i, actor in enumerate(brief.actors):
        seen: dict[tuple[str, str], int] = {}
        for j, pos in enumerate(actor.positions):
            key = (pos.topic, pos.as_of.iso())
            if key in seen:
                path = ("actors", i, "positions", j, "as_of")
                out.append(
                    warning(
                        locate(path),
                        f"{schema.format_path(path)}: two positions "
                        f"on '{pos.topic}' dated {pos.as_of} (positions[{seen[key]}] "
                        "too); the current one is ambiguous",
                    )
                )
            seen[key] = j


def _check_editions(brief: schema.Brief, locate, out: list[Diagnostic]) -> None:
    dates = [d.last_day() for d in brief.editions]
    if dates != sorted(set(dates)):
        out.append(
            error(locate(("editions",)), "editions: list each edition date once, oldest first")
        )
    for i, d in enumerate(brief.editions):
        if d.surely_after(brief.as_of):
            out.append(
                warning(
                    locate(("editions", i)),
                    f"editions[{i}]: {d} is after the "
                    f"brief's as_of {brief.as_of}; the newest edition is as_of",
                )
            )
    for i, e in enumerate(brief.earlier_bottom_lines):
        if not e.as_of.last_day() < brief.as_of.last_day():
            out.append(
                warning(
                    locate(("earlier_bottom_lines", i, "as_of")),
                    f"earlier_bottom_lines[{i}].as_of: {e.as_of} is not before the "
                    f"brief's as_of {brief.as_of}; bottom_line is the current one",
                )
            )


def _resolve(
    cite: schema.Citation,
    path: Path_,
    as_of: PartialDate,
    corpus: Corpus,
    locate,
    out: list[Diagnostic],
    verified: Verified | None = None,
) -> None:
    label = schema.format_path(path)
    article = corpus.get(cite.source)
    if article is None:
        where = locate((*path, "source"))
        out.append(
            error(
                where,
                f"{label}.source: "
                + _unknown("source", cite.source, set(corpus.articles))
                + f" — articles live in {corpus.folder.name}/<id>.txt",
            )
        )
        return
    match = find_in_article(cite.quote, article)
    if match is None:
        drift = _drift(verified, article) if verified else None
        message = drift or _not_found(cite.quote, cite.source, corpus)
        out.append(error(locate((*path, "quote")), f"{label}.quote: {message}"))
        return
    cite._match = match
    published = article.published
    if published is not None and published.surely_after(as_of):
        out.append(
            warning(
                locate((*path, "source")),
                f"{label}.source: '{article.id}' was "
                f"published {published}, after the brief's as_of {as_of}",
            )
        )


def _drift(verified: Verified, article: Article) -> str | None:
    """The quote matched when last built; if its paragraph has since been edited, say how."""
    n = verified.paragraph
    now = article.paragraph(n).text if n <= len(article.paragraphs) else None
    if now == verified.paragraph_text:
        return None
    near = closest_passage(verified.passage, article.paragraphs)
    new = (
        f"now reads “{excerpt(near.passage)}” (paragraph {near.paragraph})"
        if near and near.similarity >= HINT_THRESHOLD
        else "is no longer in the article"
    )
    return (
        f"the article '{article.id}' was edited after this quote was verified: paragraph "
        f"{n} read “{excerpt(verified.passage)}” and {new}; check the source and update "
        "the quote"
    )


def _not_found(quote: str, source: str, corpus: Corpus) -> str:
    message = f"quote not found in '{source}'"
    elsewhere = find_elsewhere(quote, corpus.articles.values(), skip=source)
    if elsewhere:
        m = elsewhere[0]
        return (
            message + f"; it is in '{m.article_id}' paragraph {m.paragraph} "
            f"(did you mean source: {m.article_id}?)"
        )
    article = corpus.articles[source]
    near = closest_passage(quote, article.paragraphs)
    if near and near.similarity >= HINT_THRESHOLD:
        message += (
            f"; closest passage, paragraph {near.paragraph} "
            f"({near.similarity:.0f}% similar): “{excerpt(near.passage)}”"
        )
    if "..." in quote or "…" in quote:
        message += (
            " (an ellipsis stands for elided words; the pieces around it must appear "
            "in this order in one paragraph)"
        )
    return message
