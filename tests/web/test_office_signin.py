"""Signing in to the office area (/biuro/) over HTTP: the emailed link, the session cookie,
and each refusal the issue lists (no enumeration, replay, expiry, CSRF, fixation, limits)."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from office_helpers import LESZNO_OFFICE, office_site

from notifier.redact import redact

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_the_emailed_link_signs_in_with_a_safe_cookie(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        form = await site.client.get("/biuro/")
        assert form.status_code == 200
        assert 'name="email"' in form.text
        assert "Logowanie" in form.text
        await site.ask_link("Pelnomocnik-NGO@example.org")  # as typed, any case
        [email] = site.emails()
        assert email["To"] == LESZNO_OFFICE
        link = site.last_link()
        page = await site.client.get(link)
        assert "Zaloguj się" in page.text
        assert 'method="post"' in page.text
        assert page.headers["referrer-policy"] == "no-referrer"
        answer = await site.open_link(link)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/biuro/"
        cookie = answer.headers["set-cookie"].lower()
        for attribute in ("httponly", "samesite=lax", "secure", "path=/biuro"):
            assert attribute in cookie
        home = await site.client.get("/biuro/", follow_redirects=True)
        assert str(home.url).endswith("/biuro/leszno/")
        assert f"Zalogowano jako {LESZNO_OFFICE}" in home.text
        again = await site.client.get(link)  # replay of a used link
        assert again.status_code == 400
        assert "już użyty" in again.text


async def test_an_unknown_address_gets_the_same_answer_and_no_email(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        known = await site.ask_link(LESZNO_OFFICE)
        unknown = await site.ask_link("ktos.obcy@example.org")
        assert (known.status_code, known.text) == (unknown.status_code, unknown.text)
        assert [m["To"] for m in site.emails()] == [LESZNO_OFFICE]


async def test_an_expired_link_is_refused(schedule_file: Path, tmp_path: Path) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.ask_link(LESZNO_OFFICE)
        site.clock.now += timedelta(minutes=15, seconds=1)
        page = await site.client.get(site.last_link())
        assert page.status_code == 400
        assert "wygasł" in page.text


async def test_every_form_needs_its_csrf_token(schedule_file: Path, tmp_path: Path) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.client.get("/biuro/")
        bare = await site.client.post("/biuro/wejscie", data={"email": LESZNO_OFFICE})
        assert bare.status_code == 403
        assert "Formularz wygasł" in bare.text
        await site.ask_link(LESZNO_OFFICE)
        link = site.last_link()
        forged = await site.client.post(link, data={"csrf": "0" * 64})
        assert forged.status_code == 403
        assert (await site.open_link(link)).status_code == 303  # the link still works once
        out = await site.client.post("/biuro/wyloguj", data={})
        assert out.status_code == 403
        assert (await site.client.get("/biuro/leszno/")).status_code == 200


async def test_signing_in_again_never_keeps_a_planted_session(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        planted = "A" * 43
        site.client.cookies.set("biuro_sesja", planted, domain="test.local", path="/biuro")
        await site.sign_in()
        value = site.client.cookies.get("biuro_sesja", path="/biuro")
        assert value
        assert value != planted
        await site.sign_in()  # a second sign-in in the same browser: a new session
        second = site.client.cookies.get("biuro_sesja", path="/biuro")
        assert second != value
        site.client.cookies.set("biuro_sesja", value, domain="test.local", path="/biuro")
        old = await site.client.get("/biuro/leszno/")
        assert old.status_code == 303  # the session it replaced is over


async def test_a_session_ends_after_eight_idle_hours_and_at_sign_out(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        site.clock.now += timedelta(hours=7, minutes=59)
        assert (await site.client.get("/biuro/leszno/")).status_code == 200
        site.clock.now += timedelta(hours=7, minutes=59)  # used 8 h ago: still alive
        assert (await site.client.get("/biuro/leszno/")).status_code == 200
        site.clock.now += timedelta(hours=8, minutes=1)
        idle = await site.client.get("/biuro/leszno/")
        assert idle.status_code == 303
        assert idle.headers["location"] == "/biuro/"
        await site.sign_in()
        token = await site.csrf("/biuro/leszno/")
        value = site.client.cookies.get("biuro_sesja", path="/biuro")
        out = await site.client.post("/biuro/wyloguj", data={"csrf": token})
        assert out.status_code == 200
        assert "Wylogowano" in out.text
        site.client.cookies.set("biuro_sesja", value, domain="test.local", path="/biuro")
        assert (await site.client.get("/biuro/leszno/")).status_code == 303


async def test_a_link_for_an_address_taken_off_the_file_does_not_sign_in(
    schedule_file: Path, tmp_path: Path
) -> None:
    text = schedule_file.read_text(encoding="utf-8")  # noqa: ASYNC240 - before the app
    schedule_file.write_text(  # noqa: ASYNC240
        text.replace(
            f'email = "{LESZNO_OFFICE}"',
            f'email = "{LESZNO_OFFICE}"\nstaff = ["anna.nowak@example.org"]',
        ),
        encoding="utf-8",
    )
    async with office_site(schedule_file, tmp_path) as site:
        await site.ask_link("anna.nowak@example.org")
        link = site.last_link()
        page = await site.client.get(link)
        schedule_file.write_text(text, encoding="utf-8")  # noqa: ASYNC240 - Anna is taken off
        site.app.state.notifier.catalog_source.settle()
        answer = await site.client.post(link, data={"csrf": _csrf(page.text)})
        assert answer.status_code == 403
        assert "nie jest już wpisany" in answer.text
        assert (await site.client.get("/biuro/leszno/")).status_code == 303


def _csrf(html: str) -> str:
    return html.split('name="csrf" value="', 1)[1][:64]


async def test_html_in_the_address_is_refused_and_never_echoed_raw(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        token = await site.csrf()
        evil = '"><script>alert(1)</script>@example.org'
        answer = await site.client.post("/biuro/wejscie", data={"email": evil, "csrf": token})
        assert answer.status_code == 400
        assert "<script>alert(1)" not in answer.text
        assert site.emails() == []


async def test_no_token_or_session_reaches_a_log_line(
    schedule_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        [link] = site.seen_links
        session = site.client.cookies.get("biuro_sesja", path="/biuro")
    secret = link.rsplit("/", 1)[1]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("notifier"))
    assert secret not in logged
    assert session not in logged
    assert secret not in redact(f"GET {link} HTTP/1.1")  # uvicorn's access log line


async def test_an_address_with_a_polish_letter_before_the_at_is_refused_saying_so(
    schedule_file: Path, tmp_path: Path
) -> None:
    """Blind round five, k4: the office's sign-in says what is wrong, as the sign-up does."""
    async with office_site(schedule_file, tmp_path) as site:
        token = await site.csrf()
        answer = await site.client.post(
            "/biuro/wejscie", data={"email": "żaneta@urzad.example.pl", "csrf": token}
        )
        assert answer.status_code == 400
        assert "ma przed znakiem @ litery ze znakami diakrytycznymi" in answer.text
        assert "Prosimy podać jeden poprawny adres e-mail." not in answer.text
        assert site.emails() == []


async def test_taking_an_address_off_the_file_ends_its_session_for_good(
    schedule_file: Path, tmp_path: Path
) -> None:
    """M12 (blind7): the session of an address taken off [office] was refused (403) but kept;
    put back on the file, the same old cookie worked again without a new sign-in. The next
    request after the removal ends the session in the store: putting the address back needs a
    new sign-in."""
    text = schedule_file.read_text(encoding="utf-8")  # noqa: ASYNC240 - before the app
    with_anna = text.replace(
        f'email = "{LESZNO_OFFICE}"',
        f'email = "{LESZNO_OFFICE}"\nstaff = ["anna.nowak@example.org"]',
    )
    schedule_file.write_text(with_anna, encoding="utf-8")  # noqa: ASYNC240
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in("anna.nowak@example.org")
        value = site.client.cookies.get("biuro_sesja", path="/biuro")
        assert (await site.client.get("/biuro/leszno/")).status_code == 200
        schedule_file.write_text(text, encoding="utf-8")  # noqa: ASYNC240 - Anna is taken off
        site.app.state.notifier.catalog_source.settle()
        refused = await site.client.get("/biuro/leszno/")
        assert refused.status_code == 403
        assert "Brak dostępu" in refused.text
        schedule_file.write_text(with_anna, encoding="utf-8")  # noqa: ASYNC240 - put back
        site.app.state.notifier.catalog_source.settle()
        site.client.cookies.set("biuro_sesja", value, domain="test.local", path="/biuro")
        again = await site.client.get("/biuro/leszno/")
        assert again.status_code == 303  # to the sign-in form: the old session is over
        assert again.headers["location"] == "/biuro/"
        await site.sign_in("anna.nowak@example.org")
        assert (await site.client.get("/biuro/leszno/")).status_code == 200
