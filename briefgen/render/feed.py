"""The site's Atom feed of editions (`feed.xml`), so readers can subscribe to new ones.

Written with feedgen. Links are relative to the feed, like every link of the site, so it
works under any URL prefix (feed readers resolve them against the feed's own address).
Ids are stable: an edition keeps its id across publishes, so a reader sees each edition
once; the bytes depend on the briefs alone (no "now" in them).
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from briefgen import __version__

FEED = "feed.xml"
FEED_TYPE = "application/atom+xml"
#: Names the site's feed and its entries: urn:uuid ids derived from it are stable.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://briefgen.invalid/feed")


@dataclass(frozen=True)
class Edition:
    """One edition of a brief, as the feed lists it."""

    brief_id: str
    title: str
    date: dt.date  # the edition's as_of (its first day, for a partial date)
    date_iso: str
    date_human: str
    author: str
    href: str  # the edition's page, relative to the site's top
    pdf: str
    summary: str  # the edition's bottom line, as HTML


def entry_id(site: str, brief_id: str, date_iso: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{site}/{brief_id}/{date_iso}')}"


def atom_feed(editions: Sequence[Edition], *, site: str = "briefs") -> bytes:
    """The feed, newest edition first; `site` names the site (its ids derive from it)."""
    ordered = sorted(editions, key=lambda e: (e.date, e.brief_id), reverse=True)
    feed = FeedGenerator()
    feed.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, site)}")
    feed.title("Briefs: new editions")
    feed.subtitle("Every edition of every brief, newest first.")
    feed.link(href=FEED, rel="self", type=FEED_TYPE)
    feed.link(href="index.html", rel="alternate", type="text/html")
    feed.language("en")
    feed.generator("briefgen", version=__version__)
    feed.updated(_moment(ordered[0].date) if ordered else _moment(dt.date(1970, 1, 1)))
    feed.author(name="briefgen")
    for e in ordered:
        entry = feed.add_entry(order="append")
        entry.id(entry_id(site, e.brief_id, e.date_iso))
        entry.title(f"{e.title} — edition of {e.date_human}")
        # One link, the edition's page: feedgen 1.0 writes no rel or type on an entry's
        # links (a loop variable is shadowed), and a link without rel is the alternate.
        entry.link(href=e.href, rel="alternate")
        entry.updated(_moment(e.date))
        entry.published(_moment(e.date))
        entry.author(name=e.author)
        entry.summary(f'{e.summary}<p><a href="{html.escape(e.pdf)}">PDF</a></p>', type="html")
    data: bytes = feed.atom_str(pretty=True)
    return data


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
