"""Writing a corpus file's header so that it always reads back as written.

The header is YAML between two `---` lines. Whatever an analyst types into a title or a
note — a `---` of its own, several lines, a colon, 300 characters — must neither end the
header early nor come back changed: long text is never folded onto a line of its own, text
of several lines is a literal block (indented, so a `---` inside it is not the fence), and
every file is read back before it is written; if it does not read back as meant, nothing
is written. `corpus update` replaces the header alone: the article's text stays byte for
byte as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import UsageError
from briefgen.model import schema
from briefgen.model.corpus import Article, header_end, parse_article


class _HeaderDumper(yaml.SafeDumper):
    """Text of several lines as a literal block; nothing folded."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_HeaderDumper.add_representer(str, _text)


def header(meta: schema.ArticleMeta) -> str:
    """The YAML of an article's header, unknown facts written `null`."""
    fields: dict[str, Any] = {
        k: v
        for k, v in meta.model_dump(mode="json").items()
        if v not in (None, {}, []) or k in ("author", "publisher", "published")
    }
    return yaml.dump(
        fields, Dumper=_HeaderDumper, allow_unicode=True, sort_keys=False, width=1_000_000
    )


def compose(path: Path, meta: schema.ArticleMeta, body: str) -> tuple[str, Article]:
    """The file for `meta` above `body` (the text below the header, as it will stand), and
    the article it reads back as; refused unless that is exactly what was meant."""
    text = f"---\n{header(meta)}---\n{body}"
    article, problems = parse_article(path, text)
    if article is None or article.meta != meta:
        why = "; ".join(d.message for d in problems) or "the metadata reads back differently"
        raise UsageError(
            f"the header of {path.name} would not read back as given ({why}); nothing was written"
        )
    return text, article


def body_of(raw: bytes, path: Path) -> str:
    """Everything below an article file's header, exactly as it stands."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text; fix it by hand") from None
    lines = text.split("\n")
    end = header_end([line.rstrip("\r") for line in lines])
    if end is None:
        raise UsageError(f"{path} has no header between two '---' lines; fix it by hand")
    return "\n".join(lines[end + 1 :])


def require_date_basis(inferred: bool, note: str | None) -> None:
    """`--inferred` without a `--note` saying how: refused before anything is written, by
    `corpus add` and `corpus update` alike (check warns of such a header written by hand)."""
    if inferred and not (note and note.strip()):
        raise UsageError(
            "--inferred needs --note saying how the date was inferred "
            '(e.g. --note "dated by the events it reports as happening on Tuesday")'
        )
