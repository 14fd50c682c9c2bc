"""Checks that need the whole brief and the corpus: ids, references, dates, editions, safe
Markdown and citations.

Run only on a structurally valid brief (see loader), so messages never follow from
half-read data. Resolving the citations returns a Resolution beside the diagnostics.
"""

from __future__ import annotations

from collections.abc import Mapping

from briefgen import markup
from briefgen.diagnostics import Diagnostic, Location, error, warning
from briefgen.markup import MarkdownRenderer
from briefgen.model import schema
from briefgen.model.anchors import check_links
from briefgen.model.asof import edition_dates
from briefgen.model.claims import claims, prose_fields
from briefgen.model.corpus import Corpus
from briefgen.model.lints import lint
from briefgen.model.loader import LoadedBrief
from briefgen.model.lockfile import Verified
from briefgen.model.resolve import CitationKey, Resolution, resolve
from briefgen.model.schedule import check_schedule
from briefgen.model.validation import Locate, format_path, unknown
from briefgen.model.yamlsource import Path_


def check_brief(
    loaded: LoadedBrief, corpus: Corpus, verified: Mapping[CitationKey, Verified] | None = None
) -> tuple[Resolution, list[Diagnostic]]:
    """Every check of a structurally sound brief; `verified` is the citations record (see
    resolve)."""
    brief = loaded.brief
    locate = loaded.source_map.locate
    out: list[Diagnostic] = []
    ids = _check_ids(brief, locate, out)
    _check_references(brief, ids, locate, out)
    _check_meetings(brief, locate, out)
    check_schedule(brief, locate, out)
    _check_dates(brief, locate, out)
    _check_editions(brief, locate, out)
    _check_judgments(brief, locate, out)
    md = markup.shared()  # the prose and link checks, and the memo, read the same texts
    _check_prose(brief, md, locate, out)
    out += check_links(brief, corpus, md, locate)
    resolution, found = resolve(brief, corpus, locate, verified)
    return resolution, out + found + lint(brief, corpus, resolution, locate)


def _check_prose(
    brief: schema.Brief, md: MarkdownRenderer, locate: Locate, out: list[Diagnostic]
) -> None:
    """Markdown that the memo renders differently from what was written, for safety."""
    for path, text in prose_fields(brief):
        for problem in md.render(text).problems:
            out.append(warning(locate(path), f"{format_path(path)}: {problem}"))


def _check_ids(brief: schema.Brief, locate: Locate, out: list[Diagnostic]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {}
    for section in ("topics", "sides", *schema.SECTIONS):
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


def _check_references(
    brief: schema.Brief, ids: dict[str, set[str]], locate: Locate, out: list[Diagnostic]
) -> None:
    for i, actor in enumerate(brief.actors):
        for j, pos in enumerate(actor.positions):
            if pos.topic not in ids["topics"]:
                path: Path_ = ("actors", i, "positions", j, "topic")
                out.append(
                    error(
                        locate(path),
                        f"{format_path(path)}: "
                        + unknown("topic", pos.topic, ids["topics"])
                        + " — topics are declared in brief.yaml",
                    )
                )
        if actor.side not in ids["sides"]:
            path = ("actors", i, "side")
            out.append(
                error(
                    locate(path),
                    f"{format_path(path)}: "
                    + unknown("side", actor.side, ids["sides"])
                    + " — sides are declared in brief.yaml",
                )
            )
    for i, meeting in enumerate(brief.meetings):
        for j, who in enumerate(meeting.participants):
            if who not in ids["actors"]:
                path = ("meetings", i, "participants", j)
                out.append(
                    error(
                        locate(path),
                        f"{format_path(path)}: " + unknown("actor", who, ids["actors"]),
                    )
                )
    for i, question in enumerate(brief.questions):
        if question.raised_at and question.raised_at not in ids["meetings"]:
            path = ("questions", i, "raised_at")
            out.append(
                error(
                    locate(path),
                    f"{format_path(path)}: "
                    + unknown("meeting", question.raised_at, ids["meetings"]),
                )
            )


def _check_meetings(brief: schema.Brief, locate: Locate, out: list[Diagnostic]) -> None:
    for i, m in enumerate(brief.meetings):
        path = ("meetings", i)
        label = format_path(path)
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


def _check_dates(brief: schema.Brief, locate: Locate, out: list[Diagnostic]) -> None:
    as_of = brief.as_of
    for claim in claims(brief):
        if claim.as_of is not None and claim.as_of.surely_after(as_of):
            path = (*claim.path, "as_of")
            out.append(
                warning(
                    locate(path),
                    f"{format_path(path)}: {claim.label} is "
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
                        f"{format_path(path)}: two positions "
                        f"on '{pos.topic}' dated {pos.as_of} (positions[{seen[key]}] "
                        "too); the current one is ambiguous",
                    )
                )
            seen[key] = j


def _check_editions(brief: schema.Brief, locate: Locate, out: list[Diagnostic]) -> None:
    dates = [e.as_of.last_day() for e in brief.editions]
    if dates != sorted(set(dates)):
        out.append(
            error(locate(("editions",)), "editions: list each edition date once, oldest first")
        )
    for i, d in enumerate(e.as_of for e in brief.editions):
        earlier = d.on_or_before(brief.as_of) and d.iso() != brief.as_of.iso()
        if earlier and not any(e.as_of.on_or_before(d) for e in brief.earlier_bottom_lines):
            out.append(
                error(
                    locate(("editions", i)),
                    f"editions[{i}]: the edition of {d} has no bottom line: add one to "
                    f"earlier_bottom_lines (as_of: {d}), or drop the date",
                )
            )
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


def _check_judgments(brief: schema.Brief, locate: Locate, out: list[Diagnostic]) -> None:
    """ICD 203: a forecast is about an event and says how likely it is and by when; an
    assessment is about what is, and takes no likelihood. Each judgment belongs to an
    edition."""
    editions = {d.iso() for d in edition_dates(brief)}
    seen: dict[tuple[str, str], int] = {}
    for i, kj in enumerate(brief.key_judgments):
        path: Path_ = ("key_judgments", i)
        label = format_path(path)
        made = kj.as_of or brief.as_of
        if kj.kind == "forecast":
            if kj.likelihood is None:
                out.append(
                    error(
                        locate(path),
                        f"{label}: a forecast needs a likelihood — how likely is the event? "
                        "(likelihood: almost no chance … almost certain)",
                    )
                )
            if kj.horizon is None:
                out.append(
                    error(
                        locate(path),
                        f"{label}: a forecast needs a horizon — the date by which the event "
                        "will have happened or not (horizon: YYYY, YYYY-MM or YYYY-MM-DD)",
                    )
                )
            elif not made.first_day() < kj.horizon.last_day():
                out.append(
                    error(
                        locate((*path, "horizon")),
                        f"{label}.horizon: {kj.horizon} is not after the judgment was made "
                        f"({made}); a forecast looks ahead",
                    )
                )
        else:
            for key in ("likelihood", "horizon"):
                if getattr(kj, key) is not None:
                    out.append(
                        error(
                            locate((*path, key), key=True),
                            f"{label}.{key}: an assessment (a judgment about what is) takes "
                            f"no {key}; if it is about an event that may happen, make it "
                            "kind: forecast, with a likelihood and a horizon",
                        )
                    )
        if made.iso() not in editions:
            out.append(
                error(
                    locate((*path, "as_of")),
                    f"{label}.as_of: {made} is not an edition of this brief; a judgment "
                    f"belongs to an edition ({', '.join(sorted(editions))})",
                )
            )
        if kj.id is not None:
            same = (made.iso(), kj.id)
            if same in seen:
                out.append(
                    error(
                        locate((*path, "id")),
                        f"{label}.id: '{kj.id}' is used twice in the edition of {made} "
                        f"(key_judgments[{seen[same]}] too); one judgment per id per edition",
                    )
                )
            seen[same] = i
