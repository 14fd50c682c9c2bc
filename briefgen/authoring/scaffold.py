"""`briefgen new` and `briefgen schema`: start a brief from commented example files, and
write the JSON Schemas that YAML-aware editors use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

from briefgen.api import brief_id_problem
from briefgen.errors import UsageError
from briefgen.model import schema
from briefgen.model.dates import PartialDate
from briefgen.project import Project
from briefgen.publish.writer import write_atomic


def create_brief(project: Project, brief_id: str, today: PartialDate) -> Path:
    """A new brief folder in the project, its files passing `check` as they are; the
    project's schemas/ are (re)written beside it. Never overwrites a brief."""
    if problem := brief_id_problem(brief_id):
        raise UsageError(problem.replace("the brief folder ", ""))
    folder = project.briefs_dir / brief_id
    if folder.exists():
        raise UsageError(f"{folder} exists already; briefgen never overwrites a brief")
    for name, text in scaffold(brief_id, today).items():
        write_atomic(folder / name, text.encode("utf-8"))
    write_schemas(project.root / "schemas")
    return folder


def write_schemas(folder: Path) -> list[Path]:
    """The JSON Schema of each brief file kind, written to `folder`."""
    written = []
    for name, content in schema.json_schemas().items():
        write_atomic(folder / name, (json.dumps(content, indent=1) + "\n").encode("utf-8"))
        written.append(folder / name)
    return written


def _one_of(values: object) -> str:
    """A Literal type's values as the comments list them, from the schema itself."""
    return " | ".join(get_args(values))


def scaffold(brief_id: str, today: PartialDate) -> dict[str, str]:
    """The files of a new brief: each passes `briefgen check` as it is, and shows in
    comments how to fill it in. The first line points YAML-aware editors at the schema."""

    def head(kind: str) -> str:
        return f"# yaml-language-server: $schema=../../schemas/{schema.SCHEMA_FILES[kind]}\n"

    brief = (
        head("brief")
        + f"""\
# The brief's front matter. `briefgen check` validates every file here; `briefgen cite
# "words"` finds a passage in corpus/ and prints a citation to paste.
title: "{brief_id.replace("-", " ").capitalize()}"
# short_title: A shorter title for the running header
subtitle: What this brief covers
as_of: {today.iso()}                 # the date of this edition
# editions: [{today.iso()}]          # list each edition's date, oldest first
marking: UNCLASSIFIED
prepared_by: Your team
audience: Who reads it
topics:
  - id: main-topic
    title: The main topic
sides:                               # how the memo groups actors, in this order
  - id: one-side
    title: One side
  - id: the-other-side
    title: The other side
  - id: independent
    title: Independent experts and others
bottom_line: |
  One paragraph a busy reader can stop after. Markdown: **bold**, *italic*, [links](https://example.org).
key_judgments: []
# key_judgments:
#   - text: What you judge, in one sentence.
#     kind: forecast                 # {_one_of(schema.JudgmentKind)}
#     likelihood: likely             # a forecast's, from the ICD 203 scale:
#                                    # {_one_of(schema.Likelihood)}
#     horizon: {today.year + 1}                  # a forecast's: the date by which it resolves
#     confidence: moderate           # {_one_of(schema.Confidence)}
#     cites:
#       - source: an-article-id      # a file corpus/<id>.txt
#         quote: the exact words of the article
"""
    )
    actors = (
        head("actors")
        + f"""\
# Actors: people, organizations and governments, and their positions over time.
[]
# - id: a-person
#   name: A. Person
#   kind: person                     # {_one_of(schema.ActorKind)}
#   side: one-side                   # one of the sides declared in brief.yaml
#   role: Minister of Something
#   cites: [{{source: an-article-id, quote: "A. Person, Minister of Something"}}]
#   positions:                       # the newest as_of per topic is the current stance
#     - topic: main-topic
#       as_of: 2015-09               # YYYY, YYYY-MM or YYYY-MM-DD
#       stance: What they hold.
#       cites: [{{source: an-article-id, quote: the words that show it}}]
"""
    )
    meetings = (
        head("meetings")
        + f"""\
# Meetings and events (kind: event), with a date or a start and an end.
[]
# - id: first-round
#   title: First round of talks
#   date: 2015-09-25                 # or start: ... and end: ...
#   place: Washington
#   status: held                     # {_one_of(schema.MeetingStatus)}
#   participants: [a-person]
#   summary: What happened.
#   outcomes:
#     - text: What was agreed.
#       cites: [{{source: an-article-id, quote: the words}}]
#   cites: [{{source: an-article-id, quote: the words}}]
"""
    )
    questions = (
        head("questions")
        + f"""\
# Open questions: why each matters, what would answer it, and its status over time.
[]
# - id: a-question
#   question: Will they agree?
#   why_it_matters: Because.
#   raised_at: first-round           # a meeting id (optional)
#   status_history:
#     - as_of: 2015-09-25
#       status: open                 # {_one_of(schema.QuestionStatus)}
#       note: Where it stands.
#       cites: [{{source: an-article-id, quote: the words}}]
#   watch_for:
#     - An indicator to watch
"""
    )
    metrics = (
        head("metrics")
        + f"""\
# Figures the sources give: a number to compare, and the source's own wording.
[]
# - id: a-figure
#   label: What is counted
#   unit: people
#   observations:
#     - as_of: 2015
#       value: 20000000
#       display: over 20 million     # as the source says it
#       qualifier: at-least          # {_one_of(schema.Qualifier)}
#       cites: [{{source: an-article-id, quote: over 20 million}}]
"""
    )
    return {
        "brief.yaml": brief,
        "actors.yaml": actors,
        "meetings.yaml": meetings,
        "questions.yaml": questions,
        "metrics.yaml": metrics,
    }
