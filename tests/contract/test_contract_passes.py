"""The contract of the email passes, in every shape of NOTIFIER_SCHEDULE (see conftest.py),
run as an operator runs them (`notifier subscribers add`, `notifier remind --as-of`) into
the Maildir outbox: a subscriber of Leszno gets the same reminders and the same call alert,
once, and every address in them answers."""

from __future__ import annotations

import asyncio
import mailbox
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from contract_shapes import BASE_URL, SPORT_CALL, Served

from notifier.cli.main import main

LINK = re.compile(re.escape(BASE_URL) + r"/\S*")
PAGE = f"{BASE_URL}/leszno/2024/"


def notifier(*argv: str) -> None:
    """The `notifier` command, in this process, with the shape's NOTIFIER_* environment."""
    assert main(list(argv)) == 0, argv


def outbox(served: Served) -> list[EmailMessage]:
    if not served.outbox.exists():
        return []
    box = mailbox.Maildir(served.outbox, create=False)
    found = [message_from_bytes(m.as_bytes(), policy=policy.default) for m in box]
    return sorted(found, key=lambda m: (str(m["To"]), str(m["Subject"])))  # type: ignore[misc]


def sent(served: Served) -> list[tuple[str, str]]:
    return [(str(m["To"]), str(m["Subject"])) for m in outbox(served)]


def text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def answers(served: Served, links: set[str]) -> dict[str, int]:
    """The status of a GET of each link's path from the web app of the same shape."""

    async def fetch() -> dict[str, int]:
        async with served.client() as client:
            return {link: (await client.get(urlsplit(link).path)).status_code for link in links}

    return asyncio.run(fetch())


def test_a_leszno_subscriber_gets_the_same_reminders_once(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    notifier("subscribers", "add", "leszno@example.org", "--city", "leszno", "--lead-days", "7")
    notifier("remind", "--as-of", "2024-04-24")
    notifier("remind", "--as-of", "2024-04-24")
    assert sent(served) == [
        ("leszno@example.org", "Zbliża się konkurs: Integracja cudzoziemców (i jeszcze 14 zadań)")
    ]
    (message,) = outbox(served)
    body = text(message)
    assert body.count("\n  • ") == 15
    links = set(LINK.findall(body))
    assert {link for link in links if "/leszno/" in link} == {
        f"{PAGE}#rozwoj",
        f"{PAGE}#informacja-turystyczna",
        f"{PAGE}#uzaleznienia",
        f"{PAGE}#kultura-sport",
        PAGE,
    }
    assert answers(served, links) == dict.fromkeys(links, 200)


def test_a_recorded_call_is_announced_once(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    notifier("subscribers", "add", "sport@example.org", "--city", "leszno", "--topic", "sport")
    served.append(SPORT_CALL)
    notifier("remind", "--as-of", "2024-05-07")
    notifier("remind", "--as-of", "2024-05-07")
    announced = [m for m in outbox(served) if "Ogłoszono konkurs: " in str(m["Subject"])]
    subject = "Ogłoszono konkurs: Rozwój sportu – II tura – oferty do 28 maja 2024"
    assert [(str(m["To"]), str(m["Subject"])) for m in announced] == [
        ("sport@example.org", served.call_subject(subject))
    ]
    body = text(announced[0])
    assert "Ogłoszenie: https://bip.example.org/sport-2024" in body
    links = set(LINK.findall(body))
    assert answers(served, links) == dict.fromkeys(links, 200)


def test_the_call_alert_names_the_harmonogram_page_the_feed_names(
    served: Served, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Harmonogram: …" in the call alert is the page the city's feed names for Leszno 2024
    ("Pełny harmonogram: …", notifier.core.placement: "/" while it is served alone,
    /leszno/2024/ among several), and that page answers."""
    notifier("subscribers", "add", "sport@example.org", "--city", "leszno", "--topic", "sport")
    served.append(SPORT_CALL)
    notifier("remind", "--as-of", "2024-05-07")
    (announced,) = (m for m in outbox(served) if "Ogłoszono konkurs: " in str(m["Subject"]))
    named = re.findall(r"Harmonogram: (\S+)", text(announced))

    async def feed_pages() -> set[str]:
        async with served.client() as client:
            feed = (await client.get("/leszno/calendar.ics")).text
        return set(re.findall(r"Pełny harmonogram: (\S+)", feed.replace("\r\n ", "")))

    assert {*named} == asyncio.run(feed_pages())
    assert answers(served, {*named}) == dict.fromkeys(named, 200)
