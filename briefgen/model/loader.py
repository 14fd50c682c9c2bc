"""Read a brief folder: `brief.yaml` plus optional section files, into one validated Brief.

A brief is `briefs/<id>/brief.yaml` and, optionally, `actors.yaml`, `meetings.yaml`,
`questions.yaml`, `metrics.yaml` — each a list for that section. A section may live in
`brief.yaml` instead, but not in both. Every value keeps its file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.diagnostics import Diagnostic, Location, did_you_mean, error, warning
from briefgen.model import schema
from briefgen.model.validation import validate
from briefgen.model.yamlsource import Path_, YamlDocument, read_yaml
from briefgen.paths import escape, not_a_file
from briefgen.project import BRIEF_FILE

SECTION_FILES = {f"{section}.yaml": section for section in schema.SECTIONS}


@dataclass
class SourceMap:
    """Maps a path in the combined brief to the file, line and column it came from."""

    documents: list[tuple[Path_, YamlDocument]] = field(default_factory=list)

    def add(self, prefix: Path_, doc: YamlDocument) -> None:
        self.documents.append((prefix, doc))
        self.documents.sort(key=lambda item: -len(item[0]))

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        for prefix, doc in self.documents:
            if path[: len(prefix)] == prefix:
                inner = path[len(prefix) :]
                if not inner and prefix and key:
                    return doc.locate((), key=False)
                return doc.locate(inner, key=key)
        return Location(Path("."))


@dataclass
class LoadedBrief:
    id: str
    folder: Path
    brief: schema.Brief
    source_map: SourceMap


def load_brief(folder: Path) -> tuple[LoadedBrief | None, list[Diagnostic]]:
    """Structure only: syntax, shape, types, enums, unknown keys — all files, all errors."""
    main = folder / BRIEF_FILE
    if not main.exists():
        return None, [error(Location(folder), f"no {BRIEF_FILE} in this brief folder")]
    problems = [
        d
        for p in sorted(folder.iterdir())
        if (d := escape(p, folder) or (not_a_file(p) if p.match("*.y*ml") else None))
    ]
    if problems:
        return None, problems
    diagnostics: list[Diagnostic] = []
    source_map = SourceMap()

    doc, found = read_yaml(main)
    diagnostics += found
    main_read = False
    data: dict[str, object] = {}
    if doc.value is None and not found:
        diagnostics.append(
            error(
                Location(main),
                f"{BRIEF_FILE} is empty: it needs at least "
                "title, as_of, marking, prepared_by, audience, bottom_line",
            )
        )
    elif doc.value is not None and not isinstance(doc.value, dict):
        diagnostics.append(
            error(
                doc.locate(()),
                f"{BRIEF_FILE} must be a mapping of keys "
                "(title: ..., as_of: ...), not a list or a single value",
            )
        )
    elif isinstance(doc.value, dict):
        data = dict(doc.value)
        main_read = not found
    source_map.add((), doc)

    for path in sorted(folder.glob("*.y*ml")):
        if path.name == BRIEF_FILE:
            continue
        section = SECTION_FILES.get(path.name)
        if section is None:
            hint = did_you_mean(path.name, [*SECTION_FILES, BRIEF_FILE]) or (
                f" (brief files are {BRIEF_FILE} and {', '.join(SECTION_FILES)})"
            )
            diagnostics.append(warning(Location(path), f"file ignored{hint}"))
            continue
        sdoc, found = read_yaml(path)
        diagnostics += found
        if found:
            continue
        if section in data:
            diagnostics.append(
                error(
                    doc.locate((section,), key=True),
                    f"section '{section}' is both here and in {path.name}: keep one of them",
                )
            )
            continue
        if sdoc.value is None:
            continue  # an empty section file: nothing in that section yet
        if not isinstance(sdoc.value, list):
            diagnostics.append(
                error(
                    sdoc.locate(()),
                    f"{path.name} must be a list of {section} (each entry starting with '- ')",
                )
            )
            continue
        data[section] = sdoc.value
        source_map.add((section,), sdoc)

    # Every file that could be read is validated, even when another could not: one run
    # reports all of a brief's structural errors. Without a readable brief.yaml, only the
    # section files' own problems are reported (its missing keys would be noise).
    brief, found = validate(
        schema.Brief,
        doc,
        data=data,
        locate=source_map.locate,
        within=None if main_read else set(SECTION_FILES.values()),
    )
    diagnostics += found
    if brief is None or any(d.is_error for d in diagnostics):
        return None, diagnostics
    return LoadedBrief(folder.name, folder, brief, source_map), diagnostics
