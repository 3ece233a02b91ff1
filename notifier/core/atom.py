"""The Atom feed (RFC 4287) of what happened: one entry per call, per result and per window
change, newest first, for news readers and websites. Built with feedgen.

Pure and byte-stable: every date comes from the data (a call's publication day, the results'
day, when a change was detected), never from the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from notifier.core.announcements import EVERYTHING, TaskFilter
from notifier.core.call_changes import Histories, call_ref, changed_lines
from notifier.core.calls import Call
from notifier.core.catalog import Catalog
from notifier.core.feed import calendar_name
from notifier.core.language import current_language
from notifier.core.language import gettext as _
from notifier.core.placement import page_path, placement
from notifier.core.polish import format_date, listed_names
from notifier.core.schedule import Schedule, Task
from notifier.core.time import TIMEZONE, warsaw_day
from notifier.core.window_changes import WindowChange

MAX_ENTRIES = 200


@dataclass(frozen=True)
class Entry:
    """One Atom entry: a stable tag: id, title, link (absolute, or "#department" on the
    site's page), text, when it happened (aware UTC) and a one-line detail for short lists
    (a moved window's old → new period; "" for calls and results)."""

    id: str
    title: str
    link: str
    text: str
    updated: datetime
    detail: str = ""


def _day(day: date) -> datetime:
    """The start of a Warsaw day, in UTC."""
    return datetime.combine(day, time(0), tzinfo=TIMEZONE).astimezone(UTC)


def _tag(schedule: Schedule, path: str) -> str:
    return f"tag:harmonogram-konkursow,{schedule.year}:{schedule.city_id}/{path}"


def _tasks(schedule: Schedule, call: Call, task_filter: TaskFilter) -> list[Task]:
    found = [schedule.task(key) for key in call.tasks]
    return [t for t in found if t is not None and task_filter.matches(t)]


def _names(schedule: Schedule, tasks: list[Task]) -> str:
    names = []
    for task in tasks:
        department = schedule.department(task.department_id)
        names.append(department.title_of(task) if department else task.title)
    return "; ".join(listed_names(names))


def entries(
    schedule: Schedule,
    changes: Iterable[WindowChange] = (),
    task_filter: TaskFilter = EVERYTHING,
    histories: Histories | None = None,
) -> list[Entry]:
    """The entries matching the filter, newest first, at most MAX_ENTRIES. A call corrected
    since first recorded (`histories`, core.call_changes) is updated when its correction was
    seen, and its text says what changed (blind11 F6: feed readers never showed it)."""
    out: list[Entry] = []
    for call in schedule.calls:
        tasks = _tasks(schedule, call, task_filter)
        if not tasks:
            continue
        names = _names(schedule, tasks)
        lines = [*call.details(), "", _("Zadania:"), *(f"• {t.label}" for t in tasks)]
        updated = _day(call.published)
        history = (histories or {}).get(call_ref(schedule, call))
        if history is not None and history.corrected:
            latest = history.latest
            previous = history.versions[-2].told
            said = _("Poprawiono %(day)s:") % {"day": format_date(warsaw_day(latest.seen_at))}
            lines = [said, *changed_lines(previous, latest.told), "", *lines]
            updated = max(updated, latest.seen_at.astimezone(UTC))
        out.append(
            Entry(
                _tag(schedule, f"nabor/{call.key}"),
                _("Ogłoszono konkurs: %(tasks)s – oferty do %(deadline)s")
                % {"tasks": names, "deadline": call.deadline_wording},
                call.url,
                "\n".join(lines),
                updated,
            )
        )
        if call.results is not None:
            out.append(
                Entry(
                    _tag(schedule, f"wyniki/{call.key}"),
                    _("Wyniki konkursu: %(tasks)s") % {"tasks": names},
                    call.results.url,
                    _("Wyniki ogłoszono %(day)s: %(url)s")
                    % {"day": format_date(call.results.date), "url": call.results.url}
                    + "\n"
                    + _("Ogłoszenie: %(url)s") % {"url": call.url},
                    _day(call.results.date),
                )
            )
    for change in changes:
        if not _change_matches(change, task_filter):
            continue
        what = _("Usunięte z harmonogramu") if change.removed else _("Zmiana terminu")
        out.append(
            Entry(
                _tag(schedule, f"zmiana/{change.id}"),
                f"{what}: {change.title}",
                f"#{change.department_id}",
                f"{change.title} ({change.task_key}): {change.describe()}",
                change.detected_at.astimezone(UTC),
                change.describe(),
            )
        )
    out.sort(key=lambda e: (e.updated, e.id), reverse=True)
    return out[:MAX_ENTRIES]


def _change_matches(change: WindowChange, task_filter: TaskFilter) -> bool:
    if task_filter.topics and task_filter.topics.isdisjoint(change.topics):
        return False
    return not task_filter.departments or change.department_id in task_filter.departments


def render_atom(
    schedule: Schedule,
    changes: Iterable[WindowChange] = (),
    task_filter: TaskFilter = EVERYTHING,
    *,
    base_url: str,
    self_path: str = "/feed.atom",
) -> bytes:
    """The Atom document (UTF-8) of one harmonogram served alone. `base_url` is the site's
    public address; `self_path` the feed's own path there (its rel="self" link)."""
    catalog = Catalog.single(schedule)
    return catalog_feed(
        catalog,
        [(schedule, list(changes))],
        task_filter,
        title=calendar_name(schedule, task_filter),
        base_url=base_url,
        self_path=self_path,
    ).body


def catalog_entries(
    catalog: Catalog,
    parts: Sequence[tuple[Schedule, Sequence[WindowChange]]],
    task_filter: TaskFilter,
    *,
    base_url: str = "",
    histories: Histories | None = None,
) -> list[Entry]:
    """The entries of the harmonograms in `parts` (each with its recorded window changes),
    newest first, at most MAX_ENTRIES: what the Atom feed holds and the pages' "Ostatnie
    zmiany" list shows. An entry's title names its city when the harmonograms are of several
    cities; a changed window links its department on the harmonogram's page
    (notifier.core.placement.page_path) under `base_url` ("" for a link within the site)."""
    site = base_url.rstrip("/")
    several = len({schedule.city_id for schedule, _ in parts}) > 1
    found: list[Entry] = []
    for schedule, changes in parts:
        page = page_path(catalog, schedule)
        for entry in entries(schedule, changes, task_filter, histories):
            link = f"{site}{page}{entry.link}" if entry.link.startswith("#") else entry.link
            named = f"{schedule.city}: {entry.title}" if several else entry.title
            found.append(replace(entry, link=link, title=named))
    found.sort(key=lambda e: (e.updated, e.id), reverse=True)
    return found[:MAX_ENTRIES]


@dataclass(frozen=True)
class AtomFeed:
    """An Atom document (UTF-8) and its <updated> (aware UTC): what an answer's
    Last-Modified starts from."""

    body: bytes
    updated: datetime


def catalog_feed(
    catalog: Catalog,
    parts: Sequence[tuple[Schedule, Sequence[WindowChange]]],
    task_filter: TaskFilter,
    *,
    title: str,
    base_url: str,
    self_path: str,
    histories: Histories | None = None,
) -> AtomFeed:
    """The Atom feed of the harmonograms of `catalog` in `parts`, each with its recorded
    window changes, newest first (see catalog_entries; `histories`: the calls' recorded
    versions, which date a corrected call's entry). `self_path` is the feed's own path
    with its query ("/feed.atom?city=leszno"): its rel="self" link and its id, so each
    filtered feed has its own (RFC 4287 §4.2.6). The feed's own id, subtitle and author are
    the one harmonogram's while the service holds one, else the service's
    (notifier.core.placement)."""
    header = placement(catalog).atom_header(self_path)
    found = catalog_entries(catalog, parts, task_filter, base_url=base_url, histories=histories)
    body = atom_document(
        found,
        feed_id=header.feed_id,
        title=title,
        subtitle=header.subtitle,
        author=header.author,
        oldest=header.oldest,
        base_url=base_url,
        self_path=self_path,
    )
    return AtomFeed(body, max([header.oldest, *(e.updated for e in found)]))


def atom_document(
    found: Iterable[Entry],
    *,
    feed_id: str,
    title: str,
    subtitle: str,
    author: str,
    oldest: datetime,
    base_url: str,
    self_path: str,
) -> bytes:
    """The Atom document (UTF-8) of these entries; `oldest` is its <updated> without any."""
    found = list(found)
    site = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=f"{site}/", rel="alternate")
    feed.link(href=f"{site}{self_path}", rel="self")
    feed.language(current_language())
    feed.author({"name": author})
    feed.generator("notifier")
    feed.updated(max([oldest, *(e.updated for e in found)]))
    for item in found:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=f"{site}/{item.link}" if item.link.startswith("#") else item.link)
        entry.content(item.text, type="text")
        entry.updated(item.updated)
        entry.published(item.updated)
    return bytes(feed.atom_str(pretty=True))
