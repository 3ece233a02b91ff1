"""A city may not take as its id a first path segment the site uses (issue 25): /uk/ is the
Ukrainian site, /biuro/ the office's; the one list, RESERVED_CITY_IDS, is held here to every
route the web app has, so a new route cannot leave a city unreachable."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from schedule_text import department_toml, schedule_toml, task_toml

from notifier.core.catalog import RESERVED_CITY_IDS, Entry, entry_problems
from notifier.core.language import LANGUAGES
from notifier.core.schedule_toml import parse_schedule
from notifier.web.faults import READY_PATH


def _first_segments(app: FastAPI) -> set[str]:
    paths = {getattr(route, "path", "") for route in app.routes} | {READY_PATH}
    firsts = {re.split(r"[/.]", path.lstrip("/"), maxsplit=1)[0] for path in paths}
    return {f for f in firsts if f and not f.startswith("{")}


def test_every_first_segment_the_app_routes_is_reserved(app: FastAPI) -> None:
    segments = _first_segments(app)
    assert {"api", "biuro", "healthz", *LANGUAGES} <= segments  # the walk sees the routes
    assert segments <= RESERVED_CITY_IDS, segments - RESERVED_CITY_IDS


def _entry(head_line: str) -> Entry:
    """A one-task harmonogram with `head_line` added to its [harmonogram]."""
    task = task_toml("zawody", "zawody", "Maj 2024")
    text = schedule_toml(
        department_toml("sport", "Wydział Sportu", task), topics={"sport": "Sport"}
    )
    text = text.replace("[harmonogram]\n", f"[harmonogram]\n{head_line}\n", 1)
    return Entry(schedule=parse_schedule(text), version="v1", source="a.toml")


@pytest.mark.parametrize("city_id", sorted({*LANGUAGES, "biuro", "api", "metrics", "static"}))
def test_a_city_named_like_a_route_is_refused(city_id: str) -> None:
    kept, refused = entry_problems([_entry(f'city_id = "{city_id}"')])
    assert not kept
    assert "jest zajęty przez adresy serwisu" in refused[0][1]


@pytest.mark.parametrize("city", ["东京", "Київ", "—"])
def test_a_city_name_that_gives_no_id_is_refused_until_it_has_a_city_id(city: str) -> None:
    """ascii_slug("东京") is "": the city would be unreachable and "/" would link "//" (issue
    25); `check` and serving (both through entry_problems) refuse it, asking for city_id."""
    task = task_toml("zawody", "zawody", "Maj 2024")
    text = schedule_toml(
        department_toml("sport", "Wydział Sportu", task), topics={"sport": "Sport"}, city=city
    )
    entry = Entry(schedule=parse_schedule(text), version="v1", source="a.toml")
    assert entry.schedule.city == city
    kept, refused = entry_problems([entry])
    assert not kept
    assert f"z nazwy miasta '{city}' nie powstaje identyfikator" in refused[0][1]
    assert "prosimy podać city_id w [harmonogram]" in refused[0][1]
    named = text.replace("[harmonogram]\n", '[harmonogram]\ncity_id = "miasto"\n', 1)
    entry = Entry(schedule=parse_schedule(named), version="v1", source="a.toml")
    assert entry_problems([entry]) == ([entry], [])


@pytest.mark.parametrize(("length", "served"), [(200, True), (201, False), (10_000, False)])
def test_a_region_too_long_for_its_links_is_refused(length: int, served: bool) -> None:
    """Blind round 8a: a 10,000-character region passed check, but ?region= takes at most
    200 characters, so its calendars could never be chosen; check and serving refuse it."""
    entry = _entry(f'region = "{"W" * length}"')
    kept, refused = entry_problems([entry])
    assert kept == ([entry] if served else [])
    if not served:
        assert f"ma {length} znaków – najwyżej 200" in refused[0][1]
