"""Public URLs of the feeds and the "add to my calendar" links of Google, Microsoft and Apple."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from notifier.core.announcements import TaskFilter
from notifier.core.language import POLISH, current_language
from notifier.core.schedule import Schedule

# What Google Calendar gets inside ?cid=. Public reports disagree: some say only webcal://
# subscribes (https:// is then treated as a Google calendar id and fails), others that
# https:// works and webcal:// does not. webcal:// is what most working public "add to Google"
# buttons use today. If Google changes its mind, flip this one constant ("https").
GOOGLE_CID_SCHEME = "webcal"

GOOGLE_ADD_URL = "https://calendar.google.com/calendar/r"
# Outlook wants the https:// URL: with webcal:// it adds an empty calendar.
OUTLOOK_COM_ADD_URL = "https://outlook.live.com/calendar/0/addfromweb"
MICROSOFT_365_ADD_URL = "https://outlook.office.com/calendar/0/addfromweb"


def feed_path(task_filter: TaskFilter, alarm_days: int | None = None) -> str:
    """The path of the feed for a view: a clean URL when one topic or department is chosen."""
    query: list[tuple[str, str]] = []
    if task_filter.is_everything:
        path = "/calendar.ics"
    elif len(task_filter.topics) == 1 and not task_filter.departments:
        path = f"/topics/{quote(next(iter(task_filter.topics)))}.ics"
    elif len(task_filter.departments) == 1 and not task_filter.topics:
        path = f"/departments/{quote(next(iter(task_filter.departments)))}.ics"
    else:
        path = "/calendar.ics"
        query += [("topic", slug) for slug in sorted(task_filter.topics)]
        query += [("department", dept) for dept in sorted(task_filter.departments)]
    if alarm_days is not None:
        query.append(("alarm", str(alarm_days)))
    query += language_query()
    return f"{path}?{urlencode(query)}" if query else path


def language_query() -> list[tuple[str, str]]:
    """[("lang", "en")] while a page is written in English or Ukrainian, so that the feeds it
    offers speak it too (feeds follow ?lang= alone); [] in Polish."""
    language = current_language()
    return [] if language == POLISH else [("lang", language)]


def page_path(task_filter: TaskFilter, alarm_days: int | None = None) -> str:
    """The harmonogram page showing the same view (and offering feeds with that alarm)."""
    query = [("topic", slug) for slug in sorted(task_filter.topics)]
    query += [("department", dept) for dept in sorted(task_filter.departments)]
    if alarm_days is not None:
        query.append(("alarm", str(alarm_days)))
    return f"/?{urlencode(query)}" if query else "/"


def feed_filename(schedule: Schedule, task_filter: TaskFilter) -> str:
    """'konkursy-leszno-2024.ics', 'konkursy-leszno-2024-sport.ics'."""
    parts = ["konkursy", schedule.city_id, str(schedule.year)]
    parts += sorted(task_filter.topics) + sorted(task_filter.departments)
    return "-".join(parts) + ".ics"


@dataclass(frozen=True)
class SubscribeLinks:
    """Everything the page offers to subscribe to one feed."""

    https: str
    webcal: str
    google: str
    outlook_com: str
    microsoft_365: str
    apple: str


def webcal_url(feed_url: str) -> str:
    """The webcal:// form of a feed's http:// or https:// URL (calendar apps subscribe to it)."""
    return "webcal://" + feed_url.split("://", 1)[1]


def subscribe_links(feed_url: str, name: str) -> SubscribeLinks:
    """Links for a feed published at `feed_url` (http:// or https://) under `name`."""
    webcal = webcal_url(feed_url)
    google_cid = webcal if GOOGLE_CID_SCHEME == "webcal" else feed_url
    outlook_query = urlencode({"url": feed_url, "name": name})
    return SubscribeLinks(
        https=feed_url,
        webcal=webcal,
        google=f"{GOOGLE_ADD_URL}?{urlencode({'cid': google_cid})}",
        outlook_com=f"{OUTLOOK_COM_ADD_URL}?{outlook_query}",
        microsoft_365=f"{MICROSOFT_365_ADD_URL}?{outlook_query}",
        apple=webcal,
    )
