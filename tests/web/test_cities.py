"""Many harmonograms in one service: a directory with Leszno 2024 and 2025 and two more cities."""

from __future__ import annotations

import logging
import os
import re
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from catalog_fixtures import MARCH_2025, record_przykladowo_call
from fastapi import FastAPI
from web_fixtures import write_and_bump

from notifier.core.schedule_toml import parse_schedule
from notifier.files.one_shot import read_catalog
from notifier.files.source import CatalogSource
from notifier.web.conditional import http_date
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio


def uids(body: str) -> list[str]:
    unfolded = body.replace("\r\n ", "")
    return re.findall(r"^UID:(.+?)\r$", unfolded, flags=re.MULTILINE)


async def test_city_feed_holds_every_year_of_the_city(catalog_client: httpx.AsyncClient) -> None:
    response = await catalog_client.get("/leszno/calendar.ics")
    assert response.status_code == 200
    found = uids(response.text)
    assert {u.split("-")[0] for u in found} == {"2024", "2025"}
    assert all(u.endswith("@leszno.harmonogram-konkursow") for u in found)
    assert "2025-kultura-sport-20250501-20250601@leszno.harmonogram-konkursow" in found
    assert 'filename="konkursy-leszno.ics"' in response.headers["content-disposition"]


async def test_past_years_events_drop_out_twelve_months_after_they_end(
    catalog_client: httpx.AsyncClient,
) -> None:
    found = uids((await catalog_client.get("/leszno/calendar.ics")).text)
    # As of 1 March 2025: a 2024 window that ended by 1 March 2024 is gone, a later one stays.
    ends_2024 = [u.split("@")[0].split("-")[-1] for u in found if u.startswith("2024-")]
    assert ends_2024
    assert min(ends_2024) > "20240301"
    assert any("2024-kultura-sport-20240501-20240601@" in u for u in found)


async def test_topic_feed_across_every_city(catalog_client: httpx.AsyncClient) -> None:
    response = await catalog_client.get("/topics/sport.ics")
    assert response.status_code == 200
    cities = {u.split("@")[1].split(".")[0] for u in uids(response.text)}
    assert cities == {"leszno", "przykladowo", "zielona-gora"}
    assert "Konkursy ofert – wszystkie miasta – Sport i kultura fizyczna" in response.text


async def test_cities_and_regions_narrow_the_whole_calendar(
    catalog_client: httpx.AsyncClient,
) -> None:
    both = await catalog_client.get("/calendar.ics?city=leszno&city=przykladowo&topic=sport")
    cities = {u.split("@")[1].split(".")[0] for u in uids(both.text)}
    assert cities == {"leszno", "przykladowo"}
    region = await catalog_client.get("/calendar.ics?region=wielkopolskie")
    assert {u.split("@")[1] for u in uids(region.text)} == {"leszno.harmonogram-konkursow"}
    everything = uids((await catalog_client.get("/calendar.ics")).text)
    assert len(everything) == len(set(everything))


async def test_unknown_city_region_or_topic_is_refused_in_polish(
    catalog_client: httpx.AsyncClient,
) -> None:
    assert (await catalog_client.get("/krakow/calendar.ics")).status_code == 404
    response = await catalog_client.get("/calendar.ics?city=krakow&region=mazowieckie")
    assert response.status_code == 400
    assert "nieznane miasto: krakow. Dostępne miasta: leszno, przykladowo, zielona-gora" in (
        response.text
    )
    assert "nieznany region: mazowieckie. Dostępne regiony: wielkopolskie" in response.text
    response = await catalog_client.get("/topics/pilka.ics")
    assert response.status_code == 400
    assert "nieznany temat: pilka" in response.text


async def test_a_bad_alarm_on_a_year_page_is_told_in_the_page_s_language_without_a_topic_hint(
    catalog_client: httpx.AsyncClient,
) -> None:
    for lang, said in (("pl", "alarm: prosimy"), ("uk", "alarm:"), ("en", "alarm:")):
        response = await catalog_client.get(f"/leszno/2025/?lang={lang}&alarm=%E2%91%A0")
        assert response.status_code == 400
        assert said in response.text
        assert "Nie ma takiego widoku" not in response.text or lang == "pl"
        assert "temat z listy" not in response.text


async def test_department_feeds_are_the_citys_own(catalog_client: httpx.AsyncClient) -> None:
    city = await catalog_client.get("/leszno/departments/mopr.ics")
    assert city.status_code == 200
    assert uids(city.text)
    assert all("-mopr-" in u for u in uids(city.text))
    # Only Leszno has "mopr": the old address still finds it.
    assert (await catalog_client.get("/departments/mopr.ics")).text == city.text
    shared = await catalog_client.get("/departments/kultura.ics")
    assert shared.status_code == 404
    assert "/przykladowo/departments/kultura.ics" in shared.text
    assert "/zielona-gora/departments/kultura.ics" in shared.text


async def test_city_pages(catalog_client: httpx.AsyncClient) -> None:
    page = await catalog_client.get("/przykladowo/")
    assert page.status_code == 200
    assert "Przykładowo" in page.text
    assert "Leszno" not in page.text.split("<main")[1]
    assert (
        'href="/przykladowo/calendar.ics"' in page.text or "/przykladowo/calendar.ics" in page.text
    )
    leszno = await catalog_client.get("/leszno/")
    assert "w 2025 roku" in leszno.text  # the current year as of March 2025
    assert 'href="/leszno/2024/"' in leszno.text
    old = await catalog_client.get("/leszno/2024/")
    assert "w 2024 roku" in old.text
    assert '<a href="https://konkursy.example.pl/leszno/2025/">Aktualny harmonogram: ' in old.text
    assert (await catalog_client.get("/leszno/2023/")).status_code == 404
    assert (await catalog_client.get("/warszawa/")).status_code == 404


async def test_home_lists_cities_by_region_with_a_search(
    catalog_client: httpx.AsyncClient,
) -> None:
    home = await catalog_client.get("/")
    assert home.status_code == 200
    assert "<h3>wielkopolskie</h3>" in home.text
    for href in ('href="/leszno/"', 'href="/przykladowo/"', 'href="/zielona-gora/"'):
        assert href in home.text
    assert "/topics/sport.ics" in home.text
    found = await catalog_client.get("/", params={"q": "zielona góra"})
    assert 'href="/zielona-gora/"' in found.text
    assert 'href="/leszno/"' not in found.text
    none = await catalog_client.get("/", params={"q": "Kraków"})
    assert "Nie znaleziono miasta „Kraków”" in none.text


async def test_an_edit_of_one_file_re_renders_only_its_harmonogram(
    catalog_app: FastAPI,
    catalog_client: httpx.AsyncClient,
    catalog_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = app_state(catalog_app)
    before = (await catalog_client.get("/topics/sport.ics")).text
    city_feed = (await catalog_client.get("/przykladowo/calendar.ics")).text
    path = catalog_dir / "zielona-gora-2025.toml"
    write_and_bump(path, path.read_text(encoding="utf-8").replace("cały rok", "II półrocze"))
    state.catalog_source.settle()
    with caplog.at_level(logging.DEBUG, logger="notifier.web.feed_cache"):
        after = (await catalog_client.get("/topics/sport.ics")).text
        again = (await catalog_client.get("/przykladowo/calendar.ics")).text
    assert after != before
    assert again == city_feed
    rendered = [r.getMessage() for r in caplog.records if r.getMessage().startswith("events of")]
    assert rendered == ["events of zielona-gora/2025 rendered"]  # the edited file's only


async def test_a_broken_file_keeps_its_last_good_version_and_spares_the_others(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path
) -> None:
    state = app_state(catalog_app)
    before = (await catalog_client.get("/zielona-gora/calendar.ics")).text
    broken = catalog_dir / "zielona-gora-2025.toml"
    write_and_bump(
        broken,
        broken.read_text(encoding="utf-8").replace(
            'period = "styczeń"', 'period = "na początku marca"'
        ),
    )
    other = catalog_dir / "przykladowo-2025.toml"
    write_and_bump(
        other,
        other.read_text(encoding="utf-8").replace("Centrum Komunikacji Społecznej", "Biuro NGO"),
    )
    snap = state.catalog_source.settle()
    assert list(snap.problems) == [str(broken)]
    assert (await catalog_client.get("/zielona-gora/calendar.ics")).text == before
    health = (await catalog_client.get("/healthz")).json()
    assert any("zielona-gora-2025.toml" in p for p in health["problems"])
    assert "Biuro NGO" in (await catalog_client.get("/przykladowo/")).text


async def test_the_same_city_and_year_twice_is_refused(
    catalog_app: FastAPI, catalog_dir: Path
) -> None:
    original = catalog_dir / "przykladowo-2025.toml"
    copy = catalog_dir / "kopia.toml"
    _copy_made_later(original, copy)
    snap = app_state(catalog_app).catalog_source.settle()
    (problem,) = snap.problems[str(copy)]
    assert "miasto 'przykladowo' i rok 2025 są już w pliku" in problem
    assert len(snap.catalog.entries) == 4


def _copy_made_later(original: Path, copy: Path, title: str = "") -> None:
    """`copy` of `original` (with `title` put in the first task's place when given), saved
    a second after it, as a copy made by hand would be."""
    text = original.read_text(encoding="utf-8")
    if title:
        first = next(iter(parse_schedule(text).tasks())).title
        text = text.replace(first, title, 1)
    copy.write_text(text, encoding="utf-8")
    later = os.stat(original).st_mtime_ns + 10**9
    os.utime(copy, ns=(later, later))


def test_every_process_serves_the_same_file_of_a_city_and_year(catalog_dir: Path) -> None:
    """A copy added while the service runs, named to come first, is refused by the running
    service and by any process started after it (a restart, `check`, `publish`) alike; once
    the original is removed, the copy is served — and the running service, which saw it take
    the year over, names that in /healthz."""
    original = catalog_dir / "przykladowo-2025.toml"
    running = CatalogSource(catalog_dir)
    copy = catalog_dir / "aaa-kopia.toml"
    _copy_made_later(original, copy, title="DUPLIKAT")
    for source in (running, CatalogSource(catalog_dir)):
        snap = source.snapshot()
        assert list(snap.problems) == [str(copy)]
        entry = snap.catalog.entry("przykladowo", 2025)
        assert entry is not None
        assert entry.source == str(original)
    assert list(read_catalog(catalog_dir)[1]) == [str(copy)]
    original.unlink()
    for source in (running, CatalogSource(catalog_dir)):
        snap = source.snapshot()
        taken = [p for p in snap.problem_lines() if "przejął miasto 'przykladowo' i rok 2025" in p]
        assert len(taken) == (source is running)
        assert len(snap.problems) == len(taken)
        entry = snap.catalog.entry("przykladowo", 2025)
        assert entry is not None
        assert entry.source == str(copy)
        assert next(iter(entry.schedule.tasks())).title == "DUPLIKAT"


async def test_one_file_serves_the_old_urls_and_the_city_ones(client: httpx.AsyncClient) -> None:
    assert (await client.get("/")).status_code == 200
    assert "Leszno" in (await client.get("/")).text
    old = await client.get("/topics/sport.ics")
    assert uids(old.text)
    city = await client.get("/leszno/topics/sport.ics")
    assert city.status_code == 200
    assert (await client.get("/leszno/2024/")).status_code == 200


async def test_api_tasks_names_city_and_year_and_filters_by_them(
    catalog_client: httpx.AsyncClient,
) -> None:
    everything = (await catalog_client.get("/api/tasks")).json()
    assert {(t["city_id"], t["year"]) for t in everything["tasks"]} == {
        ("leszno", 2024),
        ("leszno", 2025),
        ("przykladowo", 2025),
        ("zielona-gora", 2025),
    }
    assert len(everything["harmonograms"]) == 4
    assert everything["city"] is None
    one = (await catalog_client.get("/api/tasks", params={"city": "leszno", "year": "2025"})).json()
    assert one["city"] == "Leszno"
    assert one["year"] == 2025
    assert "harmonograms" not in one
    assert one["tasks"][0]["page_url"].startswith("https://konkursy.example.pl/leszno/2025/#")
    sport = (
        await catalog_client.get("/api/tasks", params={"topic": "sport", "year": "2025"})
    ).json()
    assert {t["city_id"] for t in sport["tasks"]} == {"leszno", "przykladowo", "zielona-gora"}
    bad = await catalog_client.get("/api/tasks", params={"city": "krakow"})
    assert bad.status_code == 400
    assert "nieznane miasto: krakow" in bad.json()["detail"]


async def test_atom_feed_across_cities_and_by_city(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path
) -> None:
    record_przykladowo_call(catalog_app, catalog_dir)
    everything = await catalog_client.get("/feed.atom")
    assert everything.status_code == 200
    assert "Przykładowo: Ogłoszono konkurs" in everything.text
    sport = await catalog_client.get("/topics/sport.atom", params={"city": "leszno"})
    assert "Ogłoszono konkurs" not in sport.text
    assert (await catalog_client.get("/feed.atom", params={"city": "krakow"})).status_code == 400


async def test_sign_up_chooses_cities(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient
) -> None:
    from sqlalchemy import select

    from notifier.jobs.signup import settle_sends
    from notifier.store.models import Subscriber

    data = {"email": "klub@example.org", "topic": ["sport"], "lead_days": ["7"]}
    sent = await catalog_client.post("/subscribe", data=data | {"city": ["leszno", "przykladowo"]})
    await settle_sends()
    assert sent.status_code == 200
    everywhere = await catalog_client.post("/subscribe", data=data | {"email": "b@example.org"})
    await settle_sends()
    assert everywhere.status_code == 200
    refused = await catalog_client.post("/subscribe", data=data | {"city": ["krakow"]})
    assert refused.status_code == 400
    assert "Miasta „krakow” nie ma w serwisie." in refused.text
    with app_state(catalog_app).database().session() as session:
        rows = {s.email: s.city_ids for s in session.scalars(select(Subscriber))}
    assert rows == {"klub@example.org": {"leszno", "przykladowo"}, "b@example.org": None}


async def test_sign_up_with_one_harmonogram_is_for_its_city(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    from sqlalchemy import select

    from notifier.jobs.signup import settle_sends
    from notifier.store.models import Subscriber

    data = {"email": "klub@example.org", "topic": ["sport"], "lead_days": ["7"]}
    assert (await client.post("/subscribe", data=data)).status_code == 200
    await settle_sends()
    with app_state(app).database().session() as session:
        (subscriber,) = session.scalars(select(Subscriber)).all()
        assert subscriber.city_ids == {"leszno"}


async def test_settings_page_changes_the_cities(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient
) -> None:
    from dataclasses import replace

    from notifier.core.placement import catalog_view
    from notifier.core.preferences import parse_preferences
    from notifier.store.models import MANAGE
    from notifier.store.subscribers import add_active, mint_token

    state = app_state(catalog_app)
    catalog = state.catalog_source.snapshot().catalog
    prefs = replace(
        parse_preferences(catalog_view(catalog), ["sport"], [7]), cities=frozenset({"leszno"})
    )
    with state.database().session() as session:
        subscriber = add_active(session, "klub@example.org", prefs, MARCH_2025)
        token = mint_token(session, subscriber, MANAGE, MARCH_2025)
    page = await catalog_client.get(f"/manage/{token}")
    assert 'name="city" value="leszno" checked' in page.text
    assert 'name="city" value="przykladowo">' in page.text
    form = {"cities_offered": "1", "city": ["przykladowo"], "topic": ["sport"], "lead_days": ["7"]}
    form |= {"deadline_days": "3", "language": "pl"}  # the selects the page always sends
    saved = await catalog_client.post(f"/manage/{token}", data=form)
    assert saved.status_code == 200
    assert 'name="city" value="przykladowo" checked' in saved.text
    with state.database().session() as session:
        assert session.get(type(subscriber), subscriber.id).city_ids == {"przykladowo"}


async def test_an_unknown_address_under_a_city_is_a_404_not_a_redirect(
    catalog_client: httpx.AsyncClient,
) -> None:
    """/leszno/news.rss was redirected to /leszno/news.rss/ (a year page's shape), a 404."""
    response = await catalog_client.get("/leszno/news.rss", follow_redirects=False)
    assert response.status_code == 404
    city = await catalog_client.get("/leszno", follow_redirects=False)  # the city's own route
    assert (city.status_code, city.headers["location"]) == (308, "/leszno/")


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/leszno/", "/leszno/calendar.ics"),
        ("/leszno/2024/", "/leszno/calendar.ics"),
        ("/leszno/?topic=sport", "/leszno/topics/sport.ics"),
    ],
)
async def test_a_city_page_names_its_calendar_as_the_feed_names_itself(
    catalog_client: httpx.AsyncClient, page: str, feed: str
) -> None:
    """The city's pages subscribe to its feed of every year: a calendar added from them
    (Outlook's link carries the name) is not labelled with one year for good."""
    ics = (await catalog_client.get(feed)).text
    found = re.search(r"X-WR-CALNAME:(.*?)\r\n", ics)
    assert found is not None
    name = found.group(1).replace("\\,", ",")
    html = (await catalog_client.get(page)).text
    assert f"Kalendarz „{name}”" in html
    assert urlencode({"name": name}) in html.replace("&amp;", "&")
    assert not re.search(r"Konkursy ofert Leszno 20\d\d", html)


ATOM_FEEDS = (
    "/feed.atom",
    "/feed.atom?city=leszno",
    "/feed.atom?city=leszno&city=przykladowo",
    "/feed.atom?topic=sport",
    "/feed.atom?region=wielkopolskie",
    "/feed.atom?year=2025",
    "/topics/sport.atom",
    "/topics/sport.atom?city=zielona-gora",
    "/leszno/feed.atom",
    "/leszno/feed.atom?topic=sport",
)


async def test_every_filtered_atom_feed_has_its_own_id_and_self_link(
    catalog_client: httpx.AsyncClient,
) -> None:
    """RFC 4287 §4.2.6: an id per feed; its rel="self" is the address it is read at."""
    import feedparser

    ids, selves = set(), set()
    for path in ATOM_FEEDS:
        response = await catalog_client.get(path)
        assert response.status_code == 200, (path, response.text)
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (path, parsed.bozo_exception)
        (self_link,) = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_link == f"https://konkursy.example.pl{path}"
        ids.add(parsed.feed.id)
        selves.add(self_link)
    assert len(ids) == len(selves) == len(ATOM_FEEDS)
    swapped = await catalog_client.get("/feed.atom?city=przykladowo&city=leszno")
    assert "/feed.atom?city=leszno&amp;city=przykladowo" in swapped.text  # one order, one id


async def test_a_city_atom_feed_lives_beside_its_calendar(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path
) -> None:
    record_przykladowo_call(catalog_app, catalog_dir)
    own = await catalog_client.get("/przykladowo/feed.atom")
    other = await catalog_client.get("/leszno/feed.atom")
    unknown = await catalog_client.get("/krakow/feed.atom")
    assert own.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert "Ogłoszono konkurs" in own.text
    assert "Ogłoszono konkurs" not in other.text
    assert unknown.status_code == 404


async def test_atom_answers_carry_last_modified_honour_it_and_are_gzipped(
    catalog_client: httpx.AsyncClient,
) -> None:
    plain = await catalog_client.get("/leszno/feed.atom", headers={"Accept-Encoding": "identity"})
    zipped = await catalog_client.get("/leszno/feed.atom", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.content == plain.content  # httpx unzips: the same document
    since = plain.headers["last-modified"]
    again = await catalog_client.get("/leszno/feed.atom", headers={"If-Modified-Since": since})
    by_tag = await catalog_client.get(
        "/leszno/feed.atom", headers={"If-None-Match": zipped.headers["etag"]}
    )
    before = http_date(parsedate_to_datetime(since) - timedelta(seconds=1))
    older = await catalog_client.get("/leszno/feed.atom", headers={"If-Modified-Since": before})
    assert (again.status_code, by_tag.status_code, older.status_code) == (304, 304, 200)
    assert again.headers["last-modified"] == since


@pytest.mark.parametrize(
    "path",
    [
        "/calendar.ics",
        "/calendar.ics?city=leszno&city=przykladowo",
        "/calendar.ics?region=wielkopolskie",
        "/topics/sport.ics",
        "/calendar.ics?topic=sport&alarm=3",
        "/leszno/calendar.ics",
        "/przykladowo/calendar.ics",
    ],
)
async def test_every_event_of_a_feed_mixing_cities_says_which_city(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path, path: str
) -> None:
    """Across cities an event is understood alone: SUMMARY after its city, LOCATION naming
    the city and the department (a call's deadline too); a one-city feed is as it was."""
    import icalendar

    record_przykladowo_call(catalog_app, catalog_dir)
    catalog = app_state(catalog_app).catalog_source.snapshot().catalog
    response = await catalog_client.get(path)
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert events
    harmonograms = {(str(e.schedule.year), e.schedule.city_id): e.schedule for e in catalog.entries}

    def of(event: icalendar.Event) -> tuple[str, str]:
        uid = str(event["UID"])  # 2025-…@city.harmonogram-konkursow
        return uid[:4], uid.split("@")[1].split(".")[0]

    cities = {of(event)[1] for event in events}
    for event in events:
        schedule = harmonograms[of(event)]
        summary = str(event["SUMMARY"])
        if len(cities) == 1:
            assert "LOCATION" not in event
            assert not summary.startswith(f"{schedule.city}: ")
            continue
        assert summary.startswith(f"{schedule.city}: ")
        location = str(event["LOCATION"])
        assert location.startswith(schedule.city)
        assert any(d.name in location for d in schedule.departments)
        for alarm in event.walk("VALARM"):
            assert schedule.city in str(alarm["DESCRIPTION"])
    deadlines = [e for e in events if "-termin-" in str(e["UID"])]
    if len(cities) > 1 and "przykladowo" in cities:
        (deadline,) = deadlines
        assert str(deadline["SUMMARY"]).startswith("Przykładowo: Termin składania ofert: ")
        assert str(deadline["LOCATION"]) == "Przykładowo, Biuro Sportu"


async def test_an_old_topic_slug_is_its_areas_feed_across_cities(
    catalog_client: httpx.AsyncClient,
) -> None:
    area = await catalog_client.get("/topics/ekologia.ics")
    assert area.status_code == 200
    assert "-srodowisko-" in area.text  # Przykładowo's and Zielona Góra's environment calls
    for old in ("srodowisko", "zwierzeta"):
        same = await catalog_client.get(f"/topics/{old}.ics")
        assert same.status_code == 200
        assert uids(same.text) == uids(area.text)
    page = await catalog_client.get("/zielona-gora/?topic=zwierzeta")
    assert page.status_code == 200
