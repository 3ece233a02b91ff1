"""The pages an email's links open speak the subscriber's language when the address carries
no ?lang= and no cookie chooses one (a link copied without its query), and each of their
forms posts back with ?lang=, so the answer speaks it too (blind round 37, M5). A choice the
visitor made (?lang=, the cookie) still wins. Real ASGI app, real SMTP server, `db`."""

from __future__ import annotations

import re

import httpx
import pytest
from subscribe_site import Site, link_in, one_click_url, path_of

from notifier.jobs.signup import settle_sends

pytestmark = pytest.mark.anyio
FORM = {"email": "biuro@fundacja.example.org", "topic": ["sport"], "lead_days": ["7"]}


def _bare(site: Site) -> httpx.AsyncClient:
    """A browser that has never been to the site: no cookie, no Accept-Language."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=site.app), base_url="http://test")


def _action(page: str) -> str:
    match = re.search(r'<form method="post" action="([^"]+)"', page)
    assert match, page
    return match.group(1).replace("&amp;", "&")


async def _ukrainian_links(site: Site) -> tuple[str, str]:
    async with _bare(site) as visitor:
        assert (await visitor.post("/subscribe?lang=uk", data=FORM)).status_code == 200
    await settle_sends()
    [mail] = site.sent()
    confirm = path_of(link_in(mail, "confirm")).split("?")[0]
    unsubscribe = path_of(one_click_url(mail)).split("?")[0]
    return confirm, unsubscribe


async def test_a_link_without_lang_opens_in_the_subscribers_language(site: Site) -> None:
    confirm, unsubscribe = await _ukrainian_links(site)
    for path in (confirm, unsubscribe):
        async with _bare(site) as visitor:
            moved = await visitor.get(path)
            assert moved.status_code == 303
            assert moved.headers["location"] == f"{path}?lang=uk"
            page = await visitor.get(moved.headers["location"])
            assert page.status_code == 200
            assert '<html lang="uk">' in page.text
            assert _action(page.text) == f"{path}?lang=uk"
    async with _bare(site) as visitor:  # no cookie: the form's ?lang= carries the language
        done = await visitor.post(f"{confirm}?lang=uk")
        assert done.status_code == 200
        assert '<html lang="uk">' in done.text
        manage = re.search(r'href="[^"]*(/manage/[A-Za-z0-9_-]+)', done.text)
        assert manage
    async with _bare(site) as visitor:
        moved = await visitor.get(manage.group(1))
        assert moved.headers["location"] == f"{manage.group(1)}?lang=uk"
        page = await visitor.get(moved.headers["location"])
        assert '<html lang="uk">' in page.text
        assert _action(page.text) == f"{manage.group(1)}?lang=uk"


async def test_the_visitors_own_choice_still_wins(site: Site) -> None:
    confirm, _ = await _ukrainian_links(site)
    async with _bare(site) as visitor:
        page = await visitor.get(f"{confirm}?lang=en")
        assert page.status_code == 200
        assert '<html lang="en">' in page.text
        assert _action(page.text) == f"{confirm}?lang=en"
        again = await visitor.get(confirm)  # the cookie ?lang= set
        assert again.status_code == 200
        assert '<html lang="en">' in again.text
