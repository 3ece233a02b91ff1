"""The reminder email: rendered from the real templates for batches of the real Leszno schedule."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from due_reference import ReminderBatch, SubscriberPrefs, reminders_due
from polish_checks import informal_words

from notifier.core.reminder_content import reminder_email_context
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule
from notifier.core.time import run_moment
from notifier.files.reading import load_schedule
from notifier.mail.render import RenderedEmail, render_email

ROOT = Path(__file__).parents[2]
BASE_URL = "https://konkursy.example.org"
MANAGE_URL = "https://konkursy.example.org/subskrypcja?token=abc&x=1"
UNSUBSCRIBE_URL = "https://konkursy.example.org/wypisz?token=def"
APRIL_24 = run_moment(date(2024, 4, 24))


@pytest.fixture(scope="module")
def leszno() -> Schedule:
    return load_schedule(ROOT / "schedule.toml")


def batch_for(
    schedule: Schedule, topics: set[str] | None, now=APRIL_24, leads=(7,)
) -> ReminderBatch:
    prefs = SubscriberPrefs(
        id=1,
        email="ngo@example.org",
        topics=None if topics is None else frozenset(topics),
        lead_days=leads,
    )
    (batch,) = reminders_due(schedule, [prefs], now)
    return batch


def render(schedule: Schedule, batch: ReminderBatch) -> RenderedEmail:
    context = reminder_email_context(
        schedule,
        batch.items,
        batch.now,
        base_url=BASE_URL,
        manage_url=MANAGE_URL,
        unsubscribe_url=UNSUBSCRIBE_URL,
    )
    return render_email("reminder", **context)


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_words(html: str) -> set[str]:
    parser = _Visible()
    parser.feed(html)
    return _words(" ".join(parser.parts))


def _words(text: str) -> set[str]:
    text = re.sub(r"https?://\S+", " ", text)
    return set(re.findall(r"\w+", text))


def test_subject_names_the_only_task(leszno: Schedule) -> None:
    email = render(leszno, batch_for(leszno, {"sport"}))
    assert email.subject == "Zbliża się konkurs: Rozwój sportu – II tura"


@pytest.mark.parametrize(
    ("topics", "suffix"),
    [
        ({"wolontariat", "sport"}, "(i jeszcze 1 zadanie)"),
        ({"uzaleznienia"}, "(i jeszcze 3 zadania)"),
        (None, "(i jeszcze 14 zadań)"),
    ],
)
def test_subject_counts_the_other_tasks_in_polish(
    leszno: Schedule, topics: set[str] | None, suffix: str
) -> None:
    batch = batch_for(leszno, topics)
    email = render(leszno, batch)
    first = batch.tasks[0].short
    assert first
    assert email.subject.startswith(f"Zbliża się konkurs: {first}")
    assert email.subject.endswith(suffix)


FRAGMENTS = """
[[departments]]
id = "rozwoj"
name = "Wydział Rozwoju"
scope = "Zadania w zakresie:"

  [[departments.tasks]]
  id = "cudzoziemcy"
  title = "działalności na rzecz integracji cudzoziemców, w tym m.in. prowadzenie działań informacyjno-doradczych;"
  period = "Marzec 2024"
  topics = ["sport"]

[[departments]]
id = "mopr"
name = "MOPR"

  [[departments.tasks]]
  id = "seniorzy"
  title = "działania wspierające osoby po zakończeniu aktywności zawodowej, w wieku emerytalnym i senioralnym oraz ich rodziny i opiekunów w codziennym życiu"
  period = "Marzec 2024"
  topics = ["sport"]
"""


@pytest.mark.parametrize(
    ("key", "subject"),
    [
        ("rozwoj/cudzoziemcy", "W zakresie działalności na rzecz integracji cudzoziemców"),
        (
            "mopr/seniorzy",
            "Działania wspierające osoby po zakończeniu aktywności zawodowej…",
        ),
    ],
)
def test_without_a_short_name_the_subject_is_a_readable_title_never_a_fragment(
    key: str, subject: str
) -> None:
    from schedule_text import schedule_toml

    schedule = parse_schedule(schedule_toml(FRAGMENTS))
    prefs = SubscriberPrefs(id=1, email="ngo@example.org", topics=None, lead_days=(7,))
    (batch,) = reminders_due(schedule, [prefs], run_moment(date(2024, 2, 25)))
    items = tuple(i for i in batch.items if i.task.key == key)
    email = render(schedule, ReminderBatch(prefs, items, batch.now))
    assert email.subject == f"Zbliża się konkurs: {subject}"


def test_both_parts_list_every_task_with_period_dates_and_department_link(
    leszno: Schedule,
) -> None:
    batch = batch_for(leszno, {"uzaleznienia", "sport"})
    email = render(leszno, batch)
    for part in (email.text, email.html):
        for task in batch.tasks:
            assert task.title in part
        assert part.count("Maj 2024 (1 maja – 31 maja 2024)") == len(batch.tasks)
        assert f"{BASE_URL}/#uzaleznienia" in part
        assert f"{BASE_URL}/#kultura-sport" in part
        assert "Biuro ds. Uzależnień" in part
        assert "Wydział Kultury i Sportu" in part


def test_all_topics_subscriber_sees_may_addiction_tasks_under_one_heading(
    leszno: Schedule,
) -> None:
    batch = batch_for(leszno, None)
    context = reminder_email_context(
        leszno,
        batch.items,
        batch.now,
        base_url=BASE_URL,
        manage_url=MANAGE_URL,
        unsubscribe_url=UNSUBSCRIBE_URL,
    )
    (group,) = [g for g in context["groups"] if g["id"] == "uzaleznienia"]
    assert len(group["tasks"]) == 6
    assert len({g["id"] for g in context["groups"]}) == len(context["groups"])
    email = render_email("reminder", **context)
    assert email.text.count("Biuro ds. Uzależnień") == 1
    assert email.html.count("<h2") == len(context["groups"]) == 4
    assert email.html.count("Biuro ds. Uzależnień") == 1


def test_footer_has_manage_and_unsubscribe_links_in_both_parts(leszno: Schedule) -> None:
    email = render(leszno, batch_for(leszno, {"sport"}))
    assert f"Zarządzanie subskrypcją: {MANAGE_URL}" in email.text
    assert f"Wypisanie się: {UNSUBSCRIBE_URL}" in email.text
    assert '<a href="https://konkursy.example.org/subskrypcja?token=abc&amp;x=1">' in email.html
    assert f'<a href="{UNSUBSCRIBE_URL}">Wypisanie się</a>' in email.html
    assert "Zarządzanie subskrypcją</a>" in email.html


def test_reminders_address_the_reader_formally(leszno: Schedule) -> None:
    email = render(leszno, batch_for(leszno, None))
    for part in (email.subject, email.text, email.html):
        assert informal_words(part) == []
    assert "Państwo" in email.text


def test_text_and_html_say_the_same_thing(leszno: Schedule) -> None:
    email = render(leszno, batch_for(leszno, None, now=run_moment(date(2024, 5, 20))))
    assert _words(email.text) == visible_words(email.html)


def test_window_already_open_is_said_so(leszno: Schedule) -> None:
    on_time = render(leszno, batch_for(leszno, {"sport"}))
    late = render(leszno, batch_for(leszno, {"sport"}, now=run_moment(date(2024, 5, 20))))
    assert "już trwa" not in on_time.text
    assert "już trwa" not in on_time.html
    assert "ten termin już trwa" in late.text
    assert "ten termin już trwa" in late.html


def test_polish_diacritics_survive_rendering(leszno: Schedule) -> None:
    email = render(leszno, batch_for(leszno, {"wolontariat"}))
    assert "Dzień dobry" in email.text
    assert "prowadzenie Leszczyńskiego Biura Wolontariatu" in email.html
    assert "Biuro Pełnomocnika ds. Współpracy z Organizacjami Pozarządowymi" in email.text
    assert "Zbliża się" in email.subject
    assert '<html lang="pl">' in email.html
    assert '<meta charset="utf-8">' in email.html


HOSTILE = """
[harmonogram]
title = "Harmonogram <testowy>"
city = "Leszno"
year = 2024
as_of = 2024-01-10

[office]
name = "Biuro & Spółka"
email = "biuro@example.org"

[topics]
sport = "Sport"

[[departments]]
id = "sport"
name = "Wydział <Sportu>"

  [[departments.tasks]]
  id = "zawody"
  title = "<script>alert('x')</script> zawody & turnieje"
  period = "Maj 2024"
  topics = ["sport"]
"""


def test_html_escapes_titles_and_names_text_keeps_them(leszno: Schedule) -> None:
    schedule = parse_schedule(HOSTILE)
    email = render(schedule, batch_for(schedule, None))
    assert "<script>" not in email.html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; zawody &amp; turnieje" in email.html
    assert "Wydział &lt;Sportu&gt;" in email.html
    assert "Biuro &amp; Spółka" in email.html
    assert "<script>alert('x')</script> zawody & turnieje" in email.text
    assert "Wydział <Sportu>" in email.text


def test_a_reminder_without_due_items_is_refused(leszno: Schedule) -> None:
    with pytest.raises(ValueError, match="at least one due item"):
        reminder_email_context(
            leszno,
            [],
            APRIL_24,
            base_url=BASE_URL,
            manage_url=MANAGE_URL,
            unsubscribe_url=UNSUBSCRIBE_URL,
        )
