"""Every text an NGO or the office reads, for every kind of task, read as Polish: no phrase
said twice in one line, no doubled word, no quotes inside quotes, no heading without content,
and the formal "Państwo" form.

One harmonogram holds every kind (tests/examples/rodzaje-zadan-2027.toml: a dated window, a
continuous small grant, "II połowa", a deadline only, rounds, an undated phrase; departments
with a bare "Zadania w zakresie:" scope, a full one and none; calls with and without results);
Leszno 2024 beside it makes the texts of several cities. Rendered: every calendar event
(announcements and offer deadlines, one city and several), every reminder (each window alone
and all together, one city and two), the call, deadline and change emails (moved and removed),
the office digest on several days, the sign-up emails and the pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from html import unescape
from pathlib import Path

import httpx
import pytest
from digest_checks import FIGURES, compose
from icalendar import Calendar
from polish_checks import informal_words

from notifier.core.call_alert_content import alert_email_context
from notifier.core.call_alerts import Alert, AlertKind
from notifier.core.due import DueItem
from notifier.core.feed import in_city, render_calendar
from notifier.core.reminder_content import reminder_email_context
from notifier.core.schedule import Schedule
from notifier.core.time import TIMEZONE
from notifier.core.window_changes import WindowChange, sightings
from notifier.files.reading import load_schedule
from notifier.files.source import CatalogSource
from notifier.mail.render import RenderedEmail, render_email
from notifier.settings import load_settings
from notifier.web.app import create_app

BASE = "https://konkursy.example.pl"
DECEMBER = datetime(2026, 12, 6, 9, 0, tzinfo=TIMEZONE)

# --- the checks ------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_URL = re.compile(r"\S+://\S+|\S+@\S+")


def _words(line: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(_URL.sub(" ", line)) if w.lower() not in ("r",)]


def repeated_phrase(line: str) -> str | None:
    """Three words said twice in one line ("w trybie ciągłym (w trybie ciągłym, …)", "do 31
    stycznia 2027 r. (najpóźniej do 31 stycznia 2027)"), or "w zakresie" twice."""
    words = _words(line)
    seen: set[tuple[str, ...]] = set()
    for i in range(len(words) - 2):
        gram = tuple(words[i : i + 3])
        if gram in seen:
            return " ".join(gram)
        seen.add(gram)
    if re.search(r"\bw zakresie [^,;]+[,;] w zakresie\b", line, re.IGNORECASE):
        return "w zakresie"  # a list of names each saying it
    return None


def doubled_word(line: str) -> str | None:
    found = re.search(r"\b([^\W\d_]{2,})\s+\1\b", _URL.sub(" ", line), re.IGNORECASE)
    return found.group(0) if found else None


def nested_quotes(line: str) -> bool:
    depth = 0
    for char in line:
        if char == "„":
            depth += 1
            if depth > 1:
                return True
        elif char == "”":
            depth = max(depth - 1, 0)
    return False


def empty_sections(text: str) -> list[str]:
    """Headings ("…:") whose next line that says something is another heading, or none."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = []
    for i, line in enumerate(lines):
        if not line.endswith(":") or _URL.search(line):
            continue
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if not after or after.endswith(":"):
            out.append(line)
    return out


def problems(name: str, text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if phrase := repeated_phrase(line):
            found.append(f"{name}: „{phrase}” twice in: {line.strip()}")
        if word := doubled_word(line):
            found.append(f"{name}: doubled word „{word}” in: {line.strip()}")
        if nested_quotes(line):
            found.append(f"{name}: quotes inside quotes: {line.strip()}")
    found += [f"{name}: empty section „{h}”" for h in empty_sections(text)]
    found += [f"{name}: informal „{w}”" for w in informal_words(text)]
    return found


def html_text(html: str) -> str:
    """The text of an HTML page or email part, one line per block."""
    html = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", "", html)
    html = re.sub(
        r"(?i)<br\s*/?>|</(p|li|h\d|tr|div|summary|dt|dd|td|th|legend|label|option)>", "\n", html
    )
    text = unescape(re.sub(r"<[^>]+>", "", html))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


# --- the texts -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kinds(examples_dir: Path) -> Schedule:
    return load_schedule(examples_dir / "rodzaje-zadan-2027.toml")


def email_texts(name: str, email: RenderedEmail) -> Iterator[tuple[str, str]]:
    yield f"{name} (temat)", email.subject
    yield name, email.text
    yield f"{name} (HTML)", html_text(email.html)


def calendar_texts(kinds: Schedule, leszno: Schedule) -> Iterator[tuple[str, str]]:
    for schedule in (kinds, leszno):
        calendar = Calendar.from_ical(render_calendar(schedule, base_url=BASE))
        for event in calendar.walk("VEVENT"):
            name = f"kalendarz {schedule.city}: {event['SUMMARY']}"
            yield name, str(event["SUMMARY"])
            yield name, str(event["DESCRIPTION"])
    for event in Calendar.from_ical(render_calendar(kinds, base_url=BASE)).walk("VEVENT"):
        named = in_city(event, kinds, [d.id for d in kinds.departments])
        yield f"kalendarz wielu miast: {named['SUMMARY']}", str(named["SUMMARY"])
        if "LOCATION" in named:
            yield f"kalendarz wielu miast: {named['SUMMARY']}", str(named["LOCATION"])


def reminder_texts(kinds: Schedule, leszno: Schedule) -> Iterator[tuple[str, str]]:
    items = [DueItem(t, w, (7,), kinds) for t in kinds.tasks() for w in t.windows]
    links = {"base_url": BASE, "manage_url": f"{BASE}/m", "unsubscribe_url": f"{BASE}/u"}
    for item in items:
        context = reminder_email_context(kinds, [item], DECEMBER, **links)
        yield from email_texts(
            f"przypomnienie {item.task.key}", render_email("reminder", **context)
        )
    context = reminder_email_context(kinds, items, DECEMBER, **links)
    yield from email_texts("przypomnienie o wszystkim", render_email("reminder", **context))
    both = items[:2] + [DueItem(t, t.windows[0], (14,), leszno) for t in list(leszno.tasks())[:2]]
    context = reminder_email_context(kinds, both, DECEMBER, **links)
    yield from email_texts("przypomnienie z dwóch miast", render_email("reminder", **context))


def alert_texts(kinds: Schedule) -> Iterator[tuple[str, str]]:
    links = {"base_url": BASE, "manage_url": f"{BASE}/m", "unsubscribe_url": f"{BASE}/u"}
    for call in kinds.calls:
        tasks = tuple(t for key in call.tasks if (t := kinds.task(key)) is not None)
        for kind in (AlertKind.CALL, AlertKind.DEADLINE):
            for day in (call.published, call.deadline):
                moment = datetime(day.year, day.month, day.day, 9, tzinfo=TIMEZONE)
                alert = Alert(kind, "k", frozenset(), call=call, tasks=tasks)
                context = alert_email_context(kinds, alert, moment, **links)
                yield from email_texts(
                    f"{kind.value} {call.key} {day}", render_email(kind.value, **context)
                )
    seen = sightings(kinds)
    for key in (
        "zdrowie/profilaktyka",
        "sport/male-granty",
        "sport/szkolenie",
        "zdrowie/zatrudnienie",
    ):
        old = seen[key]
        moved = replace(old, period="Marzec 2027", windows=seen["zdrowie/rundy"].windows[:1])
        for change in (
            WindowChange(id=1, old=old, new=moved, detected_at=DECEMBER),
            WindowChange(id=2, old=old, new=None, detected_at=DECEMBER),
        ):
            alert = Alert(AlertKind.CHANGE, "c", frozenset(), change=change)
            context = alert_email_context(kinds, alert, DECEMBER, **links)
            yield from email_texts(f"zmiana {key}", render_email("change", **context))


def digest_texts(kinds: Schedule, leszno: Schedule) -> Iterator[tuple[str, str]]:
    for schedule, days in (
        (kinds, (date(2026, 12, 7), date(2027, 1, 4), date(2027, 5, 3), date(2027, 6, 7))),
        (leszno, (date(2024, 4, 22), date(2024, 5, 6))),
    ):
        for day in days:
            digest = compose(schedule, day, FIGURES, base_url=BASE)
            email = RenderedEmail(digest.subject, digest.text, digest.html)
            yield from email_texts(f"podsumowanie {schedule.city} {day}", email)


def signup_texts() -> Iterator[tuple[str, str]]:
    for kind in ("confirm", "already_subscribed"):
        for topics, days in (
            ("wszystkie tematy", "7 dni"),
            ("Sport i rekreacja, Seniorzy", "1 i 14 dni"),
        ):
            email = render_email(
                kind,
                city="Leszno, Zielona Góra",
                title="Harmonogram ogłaszania otwartych konkursów ofert w 2027 roku",
                topics_text=topics,
                lead_days_text=days,
                deadline_days_text="3 dni",
                confirm_url=f"{BASE}/confirm/C",
                manage_url=f"{BASE}/manage/M",
                unsubscribe_url=f"{BASE}/unsubscribe/U",
                valid_days="7",
            )
            yield from email_texts(f"{kind} ({topics})", email)


@pytest.fixture
def folder(tmp_path: Path, examples_dir: Path, seed_schedule_path: Path) -> Path:
    """Leszno 2024 and the harmonogram of every kind, as Zielona Góra 2027."""
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    (folder / "leszno-2024.toml").write_bytes(seed_schedule_path.read_bytes())
    (folder / "zielona-gora-2027.toml").write_bytes(
        (examples_dir / "rodzaje-zadan-2027.toml").read_bytes()
    )
    return folder


@pytest.fixture
async def pages(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, folder: Path
) -> list[tuple[str, str]]:
    settings = load_settings(
        schedule=folder, base_url=BASE, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}"
    )
    app = create_app(settings, catalog_source=CatalogSource(folder), clock=lambda: DECEMBER)
    out = []
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for path in (
            "/",
            "/?city=zielona-gora&topic=sport&alarm=7",
            "/zielona-gora/",
            "/zielona-gora/?topic=zdrowie",
            "/leszno/",
        ):
            answer = await client.get(path)
            assert answer.status_code == 200, path
            out.append((f"strona {path}", html_text(answer.text)))
    return out


@pytest.mark.anyio
async def test_every_text_reads_as_polish_once(
    kinds: Schedule, leszno: Schedule, pages: list[tuple[str, str]]
) -> None:
    texts = [
        *calendar_texts(kinds, leszno),
        *reminder_texts(kinds, leszno),
        *alert_texts(kinds),
        *digest_texts(kinds, leszno),
        *signup_texts(),
        *pages,
    ]
    assert len(texts) > 150
    found = [problem for name, text in texts for problem in problems(name, text)]
    assert found == [], "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize(
    ("line", "bad"),
    [
        ("w trybie ciągłym (w trybie ciągłym, 1 stycznia – 31 grudnia 2027)", True),
        ("do 31 stycznia 2027 r. (najpóźniej do 31 stycznia 2027), do 31 stycznia 2027", True),
        ("W zakresie rewitalizacji, w zakresie turystyki", True),
        ("Maj 2027 (1 maja – 31 maja 2027)", False),
        ("w trybie ciągłym (1 stycznia – 31 grudnia 2027)", False),
    ],
)
def test_the_check_knows_a_repeated_phrase(line: str, bad: bool) -> None:
    assert (repeated_phrase(line) is not None) == bad


def test_the_checks_know_nested_quotes_and_empty_sections() -> None:
    assert nested_quotes("Zmiana terminu: „Konkurs „Żyj zdrowo”” – teraz")
    assert not nested_quotes("„Maj 2027” → „Czerwiec 2027”")
    assert empty_sections("Zadania w zakresie:\n\nZadania (3):\n• a") == ["Zadania w zakresie:"]
    assert empty_sections("Zadania w zakresie:\n\n• a") == []
    assert doubled_word("oferty oferty do") == "oferty oferty"
