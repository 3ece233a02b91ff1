"""The cross-city index's "add to calendar" choice: cities ticked, a topic and an alarm, read
from a plain GET form (?city=…&topic=…&alarm=…) into one feed and its subscribe links.

Without JavaScript the form reloads "/" with the choice and the buttons follow it; the page's
script only rebuilds the same links as boxes are ticked (the URL is built the same way).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from notifier.core.catalog import Catalog
from notifier.core.feed_spec import validate_spec
from notifier.core.language import gettext as _
from notifier.core.placement import placement
from notifier.core.polish import count_days
from notifier.web.feeds import parse_alarm
from notifier.web.links import (
    GOOGLE_ADD_URL,
    GOOGLE_CID_SCHEME,
    MICROSOFT_365_ADD_URL,
    OUTLOOK_COM_ADD_URL,
    SubscribeLinks,
    language_query,
    subscribe_links,
)
from notifier.web.pages import ALARM_CHOICES

MAX_VALUES = 500  # a form cannot tick more boxes than the index has cities


@dataclass(frozen=True)
class CalendarChoice:
    """What the index's calendar form shows: the boxes and options as chosen, the feed's
    name and links, and the constants the page's script builds the same links from."""

    cities: tuple[tuple[str, str, bool], ...]  # (id, name, ticked)
    topics: tuple[tuple[str, str, bool], ...]  # (slug, label, chosen)
    alarms: tuple[tuple[str, str, bool], ...]  # (value, label, chosen)
    name: str
    links: SubscribeLinks
    base_url: str
    language: str  # "" in Polish, else the ?lang= the feeds carry ("en", "uk")
    google_add: str = GOOGLE_ADD_URL
    google_scheme: str = GOOGLE_CID_SCHEME
    outlook_add: str = OUTLOOK_COM_ADD_URL
    microsoft_365_add: str = MICROSOFT_365_ADD_URL


def feed_query(cities: list[str], topic: str | None, alarm: int | None) -> str:
    """'/calendar.ics?city=a&city=b&topic=sport&alarm=7': the one feed for a choice."""
    query = [("city", c) for c in cities]
    query += [("topic", topic)] if topic else []
    query += [("alarm", str(alarm))] if alarm is not None else []
    query += language_query()
    return f"/calendar.ics?{urlencode(query)}" if query else "/calendar.ics"


def calendar_choice(catalog: Catalog, params: QueryParams, base_url: str) -> CalendarChoice:
    """The choice in `params`; FilterError or BadRequest (Polish) for an unknown city, topic
    or alarm. Cities keep the index's order whatever order they were sent in."""
    sent = [c for c in params.getlist("city")[:MAX_VALUES] if c]
    topic = params.get("topic") or None
    topic = None if topic == "all" else topic
    alarm_text = params.get("alarm") or None
    alarm = parse_alarm(alarm_text)
    spec = validate_spec(catalog, cities=sent, topics=[topic] if topic else [])
    cities = [c for c in catalog.cities() if c.city_id in spec.cities]
    name = placement(catalog).feed_name(spec)
    links = subscribe_links(base_url + feed_query([c.city_id for c in cities], topic, alarm), name)
    alarms = [("", _("bez przypomnienia"), alarm is None)]
    alarms += [
        (str(d), _("%(days)s wcześniej") % {"days": count_days(d)}, d == alarm)
        for d in ALARM_CHOICES
        if d is not None
    ]
    return CalendarChoice(
        cities=tuple((c.city_id, c.name, c.city_id in spec.cities) for c in catalog.cities()),
        topics=tuple((slug, label, slug == topic) for slug, label in catalog.topics().items()),
        alarms=tuple(alarms),
        name=name,
        links=links,
        base_url=base_url,
        language=dict(language_query()).get("lang", ""),
    )
