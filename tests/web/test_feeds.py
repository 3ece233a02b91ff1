"""The feed endpoints over HTTP: filters, 400s, caching validators, HEAD, gzip, reload, alarms."""

from __future__ import annotations

import gzip
import logging
from datetime import date, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import httpx
import icalendar
import pytest
from fastapi import FastAPI
from ical_checks import calendar_properties, check_ics
from web_fixtures import BASE_URL, write_and_bump

pytestmark = pytest.mark.anyio


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    write_and_bump(path, text.replace(old, new))


def plain(headers: dict[str, str] | None = None) -> dict[str, str]:
    """Request headers without gzip (httpx asks for it by default)."""
    return {"Accept-Encoding": "identity", **(headers or {})}


def summaries(data: bytes) -> list[str]:
    return [str(e["summary"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


async def test_whole_calendar_has_every_announcement(client: httpx.AsyncClient) -> None:
    response = await client.get("/calendar.ics", headers=plain())
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == 'inline; filename="konkursy-leszno-2024.ics"'
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"] == "public, max-age=43200"
    events = check_ics(response.content)
    assert len(events) == 8
    assert calendar_properties(response.content)["X-WR-CALNAME"] == "Konkursy ofert Leszno 2024"


async def test_events_link_to_the_department_on_the_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/topics/sport.ics")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["url"]) == f"{BASE_URL}/#kultura-sport"


async def test_topic_filter_narrows_the_feed(client: httpx.AsyncClient) -> None:
    response = await client.get("/calendar.ics", params={"topic": "sport"})
    events = check_ics(response.content)
    assert len(events) == 1
    (event,) = events.values()
    assert (event.start, event.end) == (date(2024, 5, 1), date(2024, 6, 1))
    assert event.summary == "Rozwój sportu – II tura"


async def test_repeated_topics_mean_any_of_them(client: httpx.AsyncClient) -> None:
    response = await client.get("/calendar.ics?topic=sport&topic=seniorzy")
    starts = sorted(e.start for e in check_ics(response.content).values())
    assert starts == [date(2024, 5, 1), date(2024, 6, 1)]


async def test_department_filter_narrows_the_feed(client: httpx.AsyncClient) -> None:
    response = await client.get("/calendar.ics?department=informacja-turystyczna")
    (event,) = check_ics(response.content).values()
    assert (event.start, event.end) == (date(2024, 4, 1), date(2024, 10, 1))


async def test_clean_urls_serve_the_same_bytes_as_query_strings(
    client: httpx.AsyncClient,
) -> None:
    by_query = await client.get("/calendar.ics?topic=sport", headers=plain())
    by_path = await client.get("/topics/sport.ics", headers=plain())
    assert by_path.status_code == 200
    assert by_path.content == by_query.content
    assert by_path.headers["etag"] == by_query.headers["etag"]
    assert "konkursy-leszno-2024-sport.ics" in by_path.headers["content-disposition"]
    by_query = await client.get("/calendar.ics?department=pelnomocnik-ngo", headers=plain())
    by_path = await client.get("/departments/pelnomocnik-ngo.ics", headers=plain())
    assert by_path.content == by_query.content
    assert len(check_ics(by_path.content)) == 1


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/calendar.ics?topic=pilka-nozna", "pilka-nozna"),
        ("/calendar.ics?topic=sport&department=nope", "nope"),
        ("/topics/pilka-nozna.ics", "pilka-nozna"),
        ("/departments/nope.ics", "nope"),
    ],
)
async def test_unknown_topic_or_department_is_a_400_listing_valid_ones(
    client: httpx.AsyncClient, url: str, named: str
) -> None:
    response = await client.get(url)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert named in response.text
    assert "sport" in response.text or "mopr" in response.text
    assert "Dostępne" in response.text
    assert "BEGIN:VCALENDAR" not in response.text


async def test_etag_answers_304_without_a_body(client: httpx.AsyncClient) -> None:
    first = await client.get("/calendar.ics", headers=plain())
    etag = first.headers["etag"]
    assert etag.startswith('"')
    assert not etag.startswith("W/")
    again = await client.get("/calendar.ics", headers=plain({"If-None-Match": etag}))
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = await client.get("/calendar.ics", headers=plain({"If-None-Match": '"stale"'}))
    assert other.status_code == 200


async def test_etag_list_and_weak_form_match(client: httpx.AsyncClient) -> None:
    etag = (await client.get("/calendar.ics", headers=plain())).headers["etag"]
    listed = await client.get(
        "/calendar.ics", headers=plain({"If-None-Match": f'"other", W/{etag}'})
    )
    assert listed.status_code == 304


async def test_etag_differs_per_filter(client: httpx.AsyncClient) -> None:
    whole = await client.get("/calendar.ics", headers=plain())
    sport = await client.get("/topics/sport.ics", headers=plain())
    assert whole.headers["etag"] != sport.headers["etag"]
    response = await client.get(
        "/topics/sport.ics", headers=plain({"If-None-Match": whole.headers["etag"]})
    )
    assert response.status_code == 200


async def test_if_modified_since_compares_dates(client: httpx.AsyncClient) -> None:
    first = await client.get("/calendar.ics", headers=plain())
    modified = parsedate_to_datetime(first.headers["last-modified"])
    same = await client.get(
        "/calendar.ics", headers=plain({"If-Modified-Since": first.headers["last-modified"]})
    )
    assert same.status_code == 304
    later = format_datetime(modified + timedelta(days=3), usegmt=True)
    assert (
        await client.get("/calendar.ics", headers=plain({"If-Modified-Since": later}))
    ).status_code == 304
    older = format_datetime(modified - timedelta(seconds=1), usegmt=True)
    response = await client.get("/calendar.ics", headers=plain({"If-Modified-Since": older}))
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")
    garbage = await client.get("/calendar.ics", headers=plain({"If-Modified-Since": "yesterday"}))
    assert garbage.status_code == 200


async def test_if_none_match_wins_over_if_modified_since(client: httpx.AsyncClient) -> None:
    first = await client.get("/calendar.ics", headers=plain())
    modified = parsedate_to_datetime(first.headers["last-modified"])
    # A stale ETag with a date that alone would give 304: the ETag decides, full feed.
    response = await client.get(
        "/calendar.ics",
        headers=plain(
            {
                "If-None-Match": '"stale"',
                "If-Modified-Since": format_datetime(modified + timedelta(days=1), usegmt=True),
            }
        ),
    )
    assert response.status_code == 200
    # A current ETag with an old date: still 304.
    response = await client.get(
        "/calendar.ics",
        headers=plain(
            {
                "If-None-Match": first.headers["etag"],
                "If-Modified-Since": format_datetime(modified - timedelta(days=400), usegmt=True),
            }
        ),
    )
    assert response.status_code == 304


async def test_head_has_the_headers_and_no_body(client: httpx.AsyncClient) -> None:
    get = await client.get("/calendar.ics", headers=plain())
    head = await client.head("/calendar.ics", headers=plain())
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["content-type"] == get.headers["content-type"]
    conditional = await client.head("/topics/sport.ics", headers=plain())
    again = await client.head(
        "/topics/sport.ics", headers=plain({"If-None-Match": conditional.headers["etag"]})
    )
    assert again.status_code == 304


async def test_gzip_when_accepted_with_its_own_etag(client: httpx.AsyncClient) -> None:
    identity = await client.get("/calendar.ics", headers=plain())
    # Ask httpx not to decode, to see the bytes on the wire.
    request = client.build_request("GET", "/calendar.ics", headers={"Accept-Encoding": "gzip"})
    zipped = await client.send(request, stream=True)
    raw = b"".join([chunk async for chunk in zipped.aiter_raw()])
    await zipped.aclose()
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert identity.headers["vary"] == "Accept-Encoding"
    assert "content-encoding" not in identity.headers
    assert gzip.decompress(raw) == identity.content
    assert int(zipped.headers["content-length"]) == len(raw) < len(identity.content)
    assert zipped.headers["etag"] != identity.headers["etag"]
    assert not zipped.headers["etag"].startswith("W/")
    revalidate = await client.get(
        "/calendar.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]},
    )
    assert revalidate.status_code == 304
    assert revalidate.headers["etag"] == zipped.headers["etag"]


@pytest.mark.parametrize("accept", ["gzip;q=0", "br", "identity", "*;q=0"])
async def test_no_gzip_when_not_accepted(client: httpx.AsyncClient, accept: str) -> None:
    response = await client.get("/calendar.ics", headers={"Accept-Encoding": accept})
    assert "content-encoding" not in response.headers
    assert response.content.startswith(b"BEGIN:VCALENDAR")


async def test_alarm_adds_a_reminder_before_each_event(client: httpx.AsyncClient) -> None:
    response = await client.get("/topics/sport.ics?alarm=7")
    assert response.status_code == 200
    check_ics(response.content)
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    (alarm,) = event.walk("VALARM")
    assert alarm["trigger"].dt == timedelta(days=-7)
    plain_feed = await client.get("/topics/sport.ics")
    assert b"VALARM" not in plain_feed.content
    assert response.headers["etag"] != plain_feed.headers["etag"]


@pytest.mark.parametrize("value", ["0", "61", "-1", "tydzień", "7.5", ""])
async def test_alarm_out_of_range_is_a_400(client: httpx.AsyncClient, value: str) -> None:
    response = await client.get(f"/calendar.ics?alarm={value}")
    assert response.status_code == 400
    assert "od 1 do 60" in response.text


async def test_edited_schedule_is_served_after_the_file_changes(
    client: httpx.AsyncClient, schedule_file: Path
) -> None:
    before = await client.get("/calendar.ics", headers=plain())
    edit(schedule_file, 'period = "Październik 2024"', 'period = "Listopad 2024"')
    after = await client.get("/calendar.ics", headers=plain())
    assert after.headers["etag"] != before.headers["etag"]
    check_ics(after.content)
    starts = {  # the October event stays a while as cancelled (test_feed_cancelled.py)
        e.decoded("DTSTART")
        for e in icalendar.Calendar.from_ical(after.content).walk("VEVENT")
        if e.get("STATUS") != "CANCELLED"
    }
    assert date(2024, 11, 1) in starts
    assert date(2024, 10, 1) not in starts
    stale = await client.get(
        "/calendar.ics", headers=plain({"If-None-Match": before.headers["etag"]})
    )
    assert stale.status_code == 200
    # Last-Modified moved on with the file, so a date-only client gets the new feed too.
    assert parsedate_to_datetime(after.headers["last-modified"]) > parsedate_to_datetime(
        before.headers["last-modified"]
    )


async def test_broken_edit_keeps_serving_the_last_good_feed(
    client: httpx.AsyncClient, schedule_file: Path
) -> None:
    before = await client.get("/calendar.ics", headers=plain())
    edit(schedule_file, "[harmonogram]", "[[harmonogram")
    after = await client.get("/calendar.ics", headers=plain())
    assert after.status_code == 200
    assert after.content == before.content
    assert after.headers["etag"] == before.headers["etag"]
    health = (await client.get("/healthz")).json()
    assert health["problems"]


async def test_repeated_polls_render_once(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="notifier.web.feed_cache")
    for _ in range(3):
        await client.get("/calendar.ics")
        await client.get("/topics/sport.ics")
    messages = [r.getMessage() for r in caplog.records if r.name == "notifier.web.feed_cache"]
    rendered = [m for m in messages if m.startswith("rendered ")]
    assert len(rendered) == 2, messages


async def test_cache_is_cleared_when_the_version_changes(
    client: httpx.AsyncClient, app: FastAPI, schedule_file: Path
) -> None:
    cache = app.state.notifier.feed_cache
    await client.get("/calendar.ics")
    await client.get("/topics/sport.ics")
    assert len(cache) == 2
    edit(schedule_file, 'city = "Leszno"', 'city = "Kalisz"')
    response = await client.get("/calendar.ics")
    assert "Kalisz" in calendar_properties(response.content)["X-WR-CALNAME"]
    topic = await client.get("/topics/sport.ics")
    assert "Kalisz" in calendar_properties(topic.content)["X-WR-CALNAME"]
    assert len(cache) == 2  # each feed's new version replaced its old one


async def test_a_feed_with_only_undated_tasks_is_still_a_valid_calendar(
    client: httpx.AsyncClient,
) -> None:
    """RFC 5545 section 3.6: a calendar has at least one component. Ekologia's only task in
    Leszno 2024 is undated; its feed had none."""
    response = await client.get("/topics/ekologia.ics", headers=plain())
    assert response.status_code == 200
    assert check_ics(response.content) == {}
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/Warsaw\r\n" in response.content
    page = await client.get("/?topic=ekologia")
    assert "nie ma jeszcze żadnego konkursu z terminem" in page.text
    full = await client.get("/")
    assert "nie ma jeszcze żadnego konkursu z terminem" not in full.text
    assert b"VTIMEZONE" not in (await client.get("/calendar.ics", headers=plain())).content


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/calendar.ics", "GET, HEAD"),
        ("/topics/sport.ics", "GET, HEAD"),
        ("/feed.atom", "GET, HEAD"),
        ("/api/tasks", "GET, HEAD"),
        ("/healthz", "GET, HEAD"),
        ("/", "GET, HEAD"),
        ("/subscribe", "GET, HEAD, POST"),
    ],
)
async def test_a_wrong_method_is_405_naming_every_method_the_path_takes(
    client: httpx.AsyncClient, path: str, allow: str
) -> None:
    """RFC 9110 section 15.5.6: Allow lists the methods the resource supports. The feeds'
    GET and HEAD are separate routes, and the router named only the first (Allow: HEAD)."""
    response = await client.request("PUT", path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
