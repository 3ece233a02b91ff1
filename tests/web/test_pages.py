"""The harmonogram page, the JSON API, /healthz and the error pages, over HTTP."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from polish_checks import informal_words
from web_fixtures import BASE_URL, write_and_bump

from notifier.files.reading import schedule_version
from notifier.settings import load_settings
from notifier.web.app import create_app
from notifier.web.links import GOOGLE_CID_SCHEME

pytestmark = pytest.mark.anyio


def edit(path: Path, old: str, new: str) -> None:
    """Change the schedule file and move its mtime forward."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    write_and_bump(path, text.replace(old, new, 1))


def task_rows(page: str) -> list[str]:
    return re.findall(r'<tr data-task="([^"]+)"', page)


def timeline_bars(page: str) -> list[str]:
    return re.findall(r'<span class="tl-bar[^"]*"', page)


def subscribe_hrefs(page: str) -> dict[str, str]:
    links = re.findall(r'<a class="button" data-subscribe="(\w+)" href="([^"]+)"', page)
    out = {name: html.unescape(href) for name, href in links}
    (value,) = re.findall(r'value="([^"]+)" data-subscribe="https"', page)
    out["https"] = html.unescape(value)
    return out


async def test_page_lists_every_task_by_department(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert len(task_rows(page)) == 28
    assert "Harmonogram ogłaszania otwartych konkursów ofert w 2024 roku" in page
    assert "Leszno" in page
    assert "Stan na dzień 10.01.2024 r." in page
    for department in ("mopr", "uzaleznienia", "kultura-sport", "pelnomocnik-ngo"):
        assert f'<article class="card dept" id="{department}">' in page
    assert '<html lang="pl">' in page
    assert 'name="viewport"' in page


async def test_page_shows_periods_as_printed_and_as_dates(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    assert "II, III kwartał roku 2024" in page
    assert "1 kwietnia – 30 września 2024" in page
    assert "1 maja – 31 maja 2024" in page
    assert "1 lipca – 31 grudnia 2024" in page
    # Undated tasks say so, with the note the harmonogram gives instead of a date.
    assert page.count('<span class="undated">bez terminu</span>') == 5
    assert "Tryb ustawy o zatrudnieniu socjalnym" in page


async def test_page_has_topic_badges_linking_to_the_topic_view(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    assert '<a class="badge" href="/?topic=sport">Sport i kultura fizyczna</a>' in page


async def test_page_needs_no_external_assets(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    assert "<script src" not in page
    assert 'rel="stylesheet"' not in page
    assert "<img" not in page
    assert "<style>" in page


async def test_timeline_has_one_bar_per_announcement(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    assert len(timeline_bars(page)) == 8
    assert not any("ends-after" in bar or "starts-before" in bar for bar in timeline_bars(page))
    # The twelve months across.
    assert re.findall(r"%\">(\w+)</span>", page)[:12] == [
        "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
    ]  # fmt: skip
    # II połowa: from July 1st (day 182 of 366) to the end of the axis.
    assert 'style="left: 49.727%; width: 50.273%"' in page


async def test_timeline_clips_spans_into_the_next_year_with_a_hint(
    client: httpx.AsyncClient, schedule_file: Path
) -> None:
    edit(schedule_file, 'period = "Październik 2024"', 'period = "Grudzień 2024/Styczeń 2025"')
    page = (await client.get("/")).text
    (clipped,) = re.findall(r'<span class="tl-bar ends-after" style="([^"]+)"', page)
    assert clipped == "left: 91.53%; width: 8.47%"
    assert "→ trwa do 2025 r." in page


async def test_subscribe_links_for_the_whole_calendar(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    links = subscribe_hrefs(page)
    feed = f"{BASE_URL}/calendar.ics"
    assert links["https"] == feed
    assert links["apple"] == "webcal://konkursy.example.pl/calendar.ics"
    google = urlsplit(links["google"])
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/r")
    assert parse_qs(google.query)["cid"] == [
        f"{GOOGLE_CID_SCHEME}://konkursy.example.pl/calendar.ics"
    ]
    for name, host in (("outlook", "outlook.live.com"), ("microsoft365", "outlook.office.com")):
        url = urlsplit(links[name])
        assert (url.netloc, url.path) == (host, "/calendar/0/addfromweb")
        query = parse_qs(url.query)
        assert query["url"] == [feed]  # https, never webcal (Outlook adds an empty calendar)
        assert query["name"] == ["Konkursy ofert Leszno 2024"]
    assert (
        f'<link rel="alternate" type="text/calendar" title="Konkursy ofert Leszno 2024" href="{feed}">'
        in page
    )


async def test_topic_view_narrows_table_timeline_and_links(client: httpx.AsyncClient) -> None:
    page = (await client.get("/?topic=sport")).text
    assert task_rows(page) == ["kultura-sport/rozwoj-sportu"]
    assert len(timeline_bars(page)) == 1
    links = subscribe_hrefs(page)
    assert links["https"] == f"{BASE_URL}/topics/sport.ics"
    assert links["apple"] == "webcal://konkursy.example.pl/topics/sport.ics"
    assert parse_qs(urlsplit(links["google"]).query)["cid"][0].endswith("/topics/sport.ics")
    assert parse_qs(urlsplit(links["outlook"]).query)["url"] == [f"{BASE_URL}/topics/sport.ics"]
    assert (
        f'type="text/calendar" title="Konkursy ofert Leszno 2024 – Sport i kultura fizyczna" href="{BASE_URL}/topics/sport.ics"'
        in page
    )
    assert '<a class="chip" href="/?topic=sport" aria-current="page">' in page


async def test_department_and_several_topics_link_to_a_filtered_feed(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/?topic=seniorzy&topic=sport")).text
    assert sorted(task_rows(page)) == ["kultura-sport/rozwoj-sportu", "mopr/wsparcie-seniorow"]
    assert subscribe_hrefs(page)["https"] == f"{BASE_URL}/calendar.ics?topic=seniorzy&topic=sport"
    page = (await client.get("/?department=informacja-turystyczna")).text
    assert len(task_rows(page)) == 5
    assert subscribe_hrefs(page)["https"] == f"{BASE_URL}/departments/informacja-turystyczna.ics"


async def test_unknown_topic_on_the_page_is_a_polish_400(client: httpx.AsyncClient) -> None:
    response = await client.get("/?topic=pilka")
    assert response.status_code == 400
    assert "text/html" in response.headers["content-type"]
    assert "Nie ma tematu „pilka” w tym harmonogramie." in response.text
    # The way on is by topic label, each a link to its view; internal slugs are not listed.
    assert '<a class="chip" href="/?topic=sport">Sport i kultura fizyczna</a>' in response.text
    assert "pomoc-spoleczna, rodzina" not in response.text


async def test_schedule_text_is_escaped(client: httpx.AsyncClient, schedule_file: Path) -> None:
    evil = "<script>alert('x')</script> & <b>pogrubione</b>"
    edit(
        schedule_file,
        'title = "rozwój sportu na terenie Miasta Leszna – II tura 2024"',
        f'title = "{evil}"',
    )
    edit(schedule_file, 'name = "Wydział Kultury i Sportu"', 'name = "Wydział <i>K</i>"')
    page = (await client.get("/")).text
    assert "<script>alert" not in page
    assert "<b>pogrubione</b>" not in page
    assert "<i>K</i>" not in page
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;pogrubione&lt;/b&gt;"
        in page
    )
    assert "Wydział &lt;i&gt;K&lt;/i&gt;" in page
    api = (await client.get("/api/tasks?topic=sport")).json()
    assert api["tasks"][0]["title"] == evil


async def test_not_found_is_a_polish_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/nie-ma-mnie")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Nie znaleziono strony" in response.text
    assert '<html lang="pl">' in response.text


async def test_api_tasks_lists_the_schedule(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/tasks")
    assert response.status_code == 200
    data = response.json()
    assert (data["city"], data["year"], data["as_of"]) == ("Leszno", 2024, "2024-01-10")
    assert len(data["tasks"]) == 28
    tourism = [t for t in data["tasks"] if t["department_id"] == "informacja-turystyczna"]
    assert len(tourism) == 5
    first = tourism[0]
    assert first["period"] == "II, III kwartał roku 2024"
    assert (first["start"], first["end"], first["kind"]) == ("2024-04-01", "2024-10-01", "quarters")
    assert first["department"] == "Centrum Informacji Turystycznej"
    assert first["feed_url"] == f"{BASE_URL}/departments/informacja-turystyczna.ics"
    assert first["page_url"] == f"{BASE_URL}/#informacja-turystyczna"
    undated = [t for t in data["tasks"] if t["start"] is None]
    assert len(undated) == 5
    assert {t["kind"] for t in undated} == {"undated"}


async def test_api_tasks_filters_like_the_feed(client: httpx.AsyncClient) -> None:
    data = (await client.get("/api/tasks?topic=seniorzy")).json()
    assert [t["key"] for t in data["tasks"]] == ["mopr/wsparcie-seniorow"]
    assert data["feed_url"] == f"{BASE_URL}/topics/seniorzy.ics"
    bad = await client.get("/api/tasks?department=nope")
    assert bad.status_code == 400
    assert "nieznany wydział: nope" in bad.json()["detail"]


async def test_openapi_describes_the_tasks_api(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    schema = spec["paths"]["/api/tasks"]["get"]["responses"]["200"]["content"]["application/json"]
    assert schema["schema"]["$ref"].endswith("/TasksOut")
    task = spec["components"]["schemas"]["TaskOut"]["properties"]
    assert {"department", "title", "period", "start", "end", "kind", "topics", "feed_url"} <= set(
        task
    )
    params = {p["name"] for p in spec["paths"]["/api/tasks"]["get"]["parameters"]}
    assert params == {"topic", "department", "city", "year", "lang"}


async def test_healthz_reports_the_schedule_version(
    client: httpx.AsyncClient, schedule_file: Path
) -> None:
    expected = schedule_version(schedule_file.read_bytes())  # noqa: ASYNC240 - a tiny local file
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "version": expected,
        "problems": [],
        "static_site": [],
    }


async def test_background_services_start_and_stop_with_the_app(
    clean_env: pytest.MonkeyPatch, schedule_file: Path
) -> None:
    events: list[str] = []

    class Recorder:
        def __init__(self, name: str) -> None:
            self.name = name

        async def start(self) -> None:
            events.append(f"start {self.name}")

        async def stop(self) -> None:
            events.append(f"stop {self.name}")

    database_url = f"sqlite:///{schedule_file.parent / 'subscribers.db'}"
    settings = load_settings(schedule=schedule_file, database_url=database_url)
    app = create_app(settings, [Recorder("a"), Recorder("b")])
    async with app.router.lifespan_context(app):
        assert events == ["start a", "start b"]
        assert app.state.notifier.catalog_source.snapshot().catalog.first.city == "Leszno"
    assert events == ["start a", "start b", "stop b", "stop a"]


@pytest.mark.parametrize("path", ["/", "/?topic=sport", "/api/tasks", "/healthz"])
async def test_head_answers_like_get_without_a_body(client: httpx.AsyncClient, path: str) -> None:
    """Uptime monitors and `curl -I` use HEAD."""
    got = await client.get(path)
    head = await client.head(path)
    assert (head.status_code, got.status_code) == (200, 200)
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))


async def test_footer_date_ends_with_a_single_dot(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    assert "Stan na dzień 10.01.2024 r.</p>" in page
    assert "r.." not in page


async def test_every_department_links_its_own_calendar(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    departments = re.findall(r'<article class="card dept" id="([^"]+)"', page)
    assert len(departments) == 9
    for department in departments:
        section = page.split(f'id="{department}"', 1)[1].split("</article>", 1)[0]
        assert f'<a href="{BASE_URL}/departments/{department}.ics"' in section
        assert f'<a href="webcal://konkursy.example.pl/departments/{department}.ics">' in section
        assert "Kalendarz wydziału" in section


async def test_department_calendar_links_on_the_page_work(client: httpx.AsyncClient) -> None:
    page = (await client.get("/?topic=sport")).text
    [url] = re.findall(r'<a href="([^"]+)" data-department-feed=', page)
    response = await client.get(url.removeprefix(BASE_URL))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "URL:https://konkursy.example.pl/#kultura-sport" in response.text


async def test_the_topic_choice_is_explained_and_helped_by_a_script(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/")).text
    form = page.split('id="powiadomienia-email"', 1)[1].split("</section>", 1)[0]
    assert "Zaznaczenie konkretnych tematów oznacza przypomnienia tylko o nich" in form
    script = page.split("<script>", 1)[1].split("</script>", 1)[0]
    assert 'input[type="checkbox"][name="topic"]' in script
    assert 'value === "all"' in script
    assert "<script src" not in page  # no dependency


async def test_the_page_addresses_people_formally(client: httpx.AsyncClient) -> None:
    for path in ("/", "/?topic=sport", "/nie-ma-takiej-strony", "/?topic=pilka"):
        assert informal_words((await client.get(path)).text) == [], path
