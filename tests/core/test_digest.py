"""The office's weekly digest for the real Leszno 2024 schedule, rendered from real templates."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from digest_checks import FIGURES, compose, section
from schedule_text import SPORT, department_toml, schedule_toml, task_toml, with_calls

from notifier.core.digest import digest_key, topic_figures, week_label
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule

MONDAY = date(2024, 4, 22)
UNDATED = [
    "mopr/reintegracja-wykluczonych",
    "sprawy-obywatelskie/kampanie-zdrowie",
    "sprawy-obywatelskie/fas-fasd",
    "ochrona-srodowiska/ekologia",
    "zarzadzanie-kryzysowe/bezpieczenstwo-publiczne",
]


@pytest.fixture(scope="module")
def digest(leszno: Schedule) -> Any:
    return compose(leszno, MONDAY, FIGURES, base_url="https://konkursy.example.org")


def spans(announcements: tuple) -> list[tuple[str, date, date]]:
    return [(a.department.id, a.start, a.end) for a in announcements]


def test_digest_key_is_the_iso_week() -> None:
    assert digest_key(MONDAY) == "digest:2024-W17"
    assert digest_key(date(2024, 4, 28)) == "digest:2024-W17"  # Sunday, same week
    assert digest_key(date(2024, 4, 29)) == "digest:2024-W18"
    assert digest_key(date(2024, 12, 30)) == "digest:2025-W01"  # ISO year, not calendar year
    assert digest_key(date(2021, 1, 3)) == "digest:2020-W53"


def test_digest_goes_to_the_office_with_this_weeks_key(digest: Any) -> None:
    assert digest.recipient == "pelnomocnik-ngo@example.org"
    assert digest.key == "digest:2024-W17"
    assert digest.today == MONDAY


def test_sections_for_monday_april_22(digest: Any) -> None:
    # Opening in [22 Apr, 20 May): the May announcements of two departments.
    assert spans(digest.upcoming) == [
        ("uzaleznienia", date(2024, 5, 1), date(2024, 6, 1)),
        ("kultura-sport", date(2024, 5, 1), date(2024, 6, 1)),
    ]
    assert len(digest.upcoming[0].tasks) == 6
    # Open on 22 Apr: Marzec/Kwiecień (rozwój) and II–III kwartał (tourism).
    assert spans(digest.open_now) == [
        ("rozwoj", date(2024, 3, 1), date(2024, 5, 1)),
        ("informacja-turystyczna", date(2024, 4, 1), date(2024, 10, 1)),
    ]
    # Ended in (15 Apr, 22 Apr]: nothing (March ended on 1 April).
    assert digest.ended == ()
    assert [t.key for t in digest.undated] == UNDATED


def test_subject_counts_competitions_within_four_weeks(digest: Any) -> None:
    assert digest.subject == (
        "Podsumowanie – Leszno – tydzień 22–28 kwietnia 2024: 2 konkursy w ciągu 4 tygodni"
    )
    assert "W17" not in digest.subject + digest.text + digest.html  # ISO notation stays internal
    assert digest.key == "digest:2024-W17"


@pytest.mark.parametrize(
    ("monday", "label"),
    [
        (date(2024, 4, 22), "22–28 kwietnia 2024"),
        (date(2024, 4, 29), "29 kwietnia – 5 maja 2024"),
        (date(2024, 12, 30), "30 grudnia 2024 – 5 stycznia 2025"),
    ],
)
def test_weeks_are_named_by_their_days(monday: date, label: str) -> None:
    assert week_label(monday) == label


def test_first_line_names_the_week_and_keeps_the_harmonograms_own_date(
    leszno: Schedule,
) -> None:
    wednesday = compose(leszno, date(2024, 4, 24), FIGURES)
    lines = wednesday.text.splitlines()
    assert lines[:3] == [
        "Podsumowanie – tydzień 22–28 kwietnia 2024",
        "Tydzień od 22 kwietnia 2024 r.",
        "Leszno, harmonogram otwartych konkursów ofert na 2024 rok (stan na dzień 10.01.2024 r.)",
    ]
    assert "stan na 24 kwietnia" not in wednesday.text
    assert "Tydzień od 22 kwietnia 2024 r." in wednesday.html
    assert "stan na dzień 10.01.2024 r.)" in wednesday.html
    for part in (wednesday.subject, wednesday.text, wednesday.html):
        assert "r.." not in part


@pytest.mark.parametrize(
    ("today", "count", "headline"),
    [
        (date(2024, 5, 13), 1, "1 konkurs w ciągu 4 tygodni"),  # June (MOPR) only
        (date(2024, 7, 15), 0, "brak konkursów w ciągu 4 tygodni"),
        (date(2024, 2, 5), 2, "2 konkursy w ciągu 4 tygodni"),  # March: MOPR and rozwój
    ],
)
def test_subject_headline_is_polish_for_any_count(
    leszno: Schedule, today: date, count: int, headline: str
) -> None:
    digest = compose(leszno, today, FIGURES)
    assert digest.subject.endswith(f": {headline}")
    assert len(digest.upcoming) == count


def test_four_week_horizon_excludes_its_last_day(leszno: Schedule) -> None:
    # 3 April + 28 days = 1 May: the May windows are just outside; a day later they are in.
    assert compose(leszno, date(2024, 4, 3), FIGURES).upcoming == ()
    assert len(compose(leszno, date(2024, 4, 4), FIGURES).upcoming) == 2


def test_window_opening_today_is_upcoming_and_open(leszno: Schedule) -> None:
    digest = compose(leszno, date(2024, 5, 1), FIGURES)
    may = [("uzaleznienia", date(2024, 5, 1), date(2024, 6, 1))]
    assert spans(digest.upcoming)[:1] == may
    assert may[0] in spans(digest.open_now)
    assert "otwarcie dziś" in digest.text


def test_window_that_ended_this_past_week_is_listed(leszno: Schedule) -> None:
    # Marzec/Kwiecień ends (exclusive) on 1 May: reported on 1 May and up to 7 May, not 8 May.
    rozwoj = ("rozwoj", date(2024, 3, 1), date(2024, 5, 1))
    assert rozwoj not in spans(compose(leszno, date(2024, 4, 30), FIGURES).ended)
    assert spans(compose(leszno, date(2024, 5, 1), FIGURES).ended) == [rozwoj]
    digest = compose(leszno, date(2024, 5, 6), FIGURES)
    assert spans(digest.ended) == [rozwoj]
    ended = section(digest.text, "Okna, które zakończyły się w minionym tygodniu")
    assert "• Wydział Rozwoju — Marzec/Kwiecień 2024 (1 marca – 30 kwietnia 2024)\n" in ended
    assert compose(leszno, date(2024, 5, 8), FIGURES).ended == ()


def test_text_sections_show_the_computed_announcements(digest: Any) -> None:
    text = digest.text
    upcoming = section(text, "Konkursy, które otworzą się w ciągu 4 tygodni")
    assert "(do 19 maja 2024)" in upcoming
    assert (
        "• Biuro ds. Uzależnień — Maj 2024 (1 maja – 31 maja 2024), otwarcie za 9 dni" in upcoming
    )
    assert "• Wydział Kultury i Sportu — Maj 2024" in upcoming
    assert "– prowadzenie klubów abstynenckich" in upcoming
    assert "https://konkursy.example.org/#uzaleznienia" in upcoming
    open_now = section(text, "Trwające okna ogłoszeń")
    assert "• Wydział Rozwoju — Marzec/Kwiecień 2024" in open_now
    assert "(1 marca – 30 kwietnia 2024), jeszcze 9 dni" in open_now
    assert "• Centrum Informacji Turystycznej — II, III kwartał roku 2024" in open_now
    assert "Biuro ds. Uzależnień" not in open_now
    ended = section(text, "Okna, które zakończyły się w minionym tygodniu")
    assert ended.splitlines()[-1] == "Brak."


def test_undated_tasks_are_listed_with_their_note(digest: Any) -> None:
    undated = section(digest.text, "Zadania bez terminu w harmonogramie (5 zadań)")
    assert "• Miejski Ośrodek Pomocy Rodzinie w Lesznie" in undated
    assert "(Tryb ustawy o zatrudnieniu socjalnym)" in undated
    assert "• Wydział Zarządzania Kryzysowego i Bezpieczeństwa" in undated
    assert undated.count("    – ") == 5
    assert "(Tryb ustawy o zatrudnieniu socjalnym)" in digest.html


def test_figures_are_shown_with_topic_labels(digest: Any) -> None:
    figures = section(digest.text, "Subskrypcje")
    assert "Aktywni subskrybenci: 11" in figures
    assert "Wszystkie tematy: 4" in figures
    assert "Sport i kultura fizyczna: 3" in figures
    assert "Seniorzy: 1" in figures
    assert "Pomoc społeczna: 0" in figures
    assert "usuniety-temat: 2" in figures
    assert "Nowi w tym tygodniu: 2" in figures
    assert "Wypisani w tym tygodniu: 1" in figures
    assert "Przypomnienia wysłane w tym tygodniu: 17" in figures
    assert "Przypomnienia nieudane w tym tygodniu: 3" in figures
    assert "w tym bez potwierdzenia serwera poczty (nie wysyłamy ich ponownie): 1" in figures
    assert "<td>Sport i kultura fizyczna</td>" in digest.html
    assert ">17</td>" in digest.html


def test_every_topic_is_counted_under_a_label_never_a_stored_slug(leszno: Schedule) -> None:
    counts = {"rekreacja": 1, "turystyka": 1, "stary-lokalny": 2, "nigdzie": 1}
    labels = {"stary-lokalny": "Stary temat lokalny"}  # another year of the city declares it
    shown = {f["label"]: f["count"] for f in topic_figures(leszno, counts, labels)}
    assert shown["Turystyka i rekreacja"] == 2  # the alias counts for its area
    assert shown["Stary temat lokalny"] == 2
    assert shown["nigdzie"] == 1  # no file names it: the slug is all there is
    assert "rekreacja" not in shown
    assert "turystyka" not in shown


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if not self._in_title:
            self.parts.append(data)


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", re.sub(r"https?://\S+", " ", text)))


@pytest.mark.parametrize("today", [MONDAY, date(2024, 5, 6), date(2026, 1, 5)])
def test_text_and_html_say_the_same_thing(leszno: Schedule, today: date) -> None:
    digest = compose(leszno, today, FIGURES, base_url="https://konkursy.example.org")
    parser = _Visible()
    parser.feed(digest.html)
    assert words(digest.text) == words(" ".join(parser.parts))


def test_a_digest_after_every_window_says_the_harmonogram_is_over(leszno: Schedule) -> None:
    """The shipped 2024 harmonogram read in 2026: a plain line at the top, in both parts."""
    late = compose(leszno, date(2026, 1, 5), FIGURES, base_url="https://konkursy.example.org")
    line = (
        "Uwaga: Wszystkie terminy z harmonogramu na 2024 rok już minęły – ostatni upłynął "
        "31 grudnia 2024 r. Nowszego harmonogramu jeszcze tu nie ma"
    )
    head = late.text.split("Konkursy, które otworzą się", 1)[0]
    assert line in head
    assert "Wszystkie terminy z harmonogramu na 2024 rok już minęły" in late.html
    current = compose(leszno, date(2024, 12, 30), FIGURES)
    assert "już minęły" not in current.text


def test_polish_diacritics_survive(digest: Any) -> None:
    assert "Podsumowanie – tydzień 22–28 kwietnia 2024" in digest.text
    assert "Biuro ds. Uzależnień" in digest.html
    assert "Trwające okna ogłoszeń" in digest.html
    assert "Zadania bez terminu w harmonogramie (5 zadań)" in digest.html
    assert "w ciągu" in digest.subject


def test_without_base_url_there_are_no_links(leszno: Schedule) -> None:
    digest = compose(leszno, MONDAY, FIGURES)
    assert "http" not in digest.text
    assert "href" not in digest.html


HOSTILE = schedule_toml(
    department_toml(
        "sport",
        "Wydział <b>Sportu</b>",
        task_toml("zawody", "<script>alert(1)</script> zawody & turnieje", "Maj 2024"),
        task_toml("bez-terminu", "<img src=x> bez terminu", "-"),
    ),
    topics={"sport": "Sport <i>fizyczny</i>"},
)


def test_html_escapes_task_titles_and_names() -> None:
    schedule = parse_schedule(HOSTILE)
    digest = compose(schedule, date(2024, 4, 22), FIGURES)
    html = digest.html
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>Sportu" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; zawody &amp; turnieje" in html
    assert "&lt;img src=x&gt; bez terminu" in html
    assert "Wydział &lt;b&gt;Sportu&lt;/b&gt;" in html
    assert "Sport &lt;i&gt;fizyczny&lt;/i&gt;" in html
    assert "<script>alert(1)</script> zawody & turnieje" in digest.text


def test_a_window_whose_call_is_recorded_is_not_said_to_open_soon(
    seed_schedule_path: Path,
) -> None:
    call = f'\n[[calls]]\ntasks = ["{SPORT}"]\npublished = 2024-04-01\n'
    call += 'url = "https://bip.example.org/o"\ndeadline = 2024-04-25\n'
    called = parse_schedule(with_calls(seed_schedule_path, call))
    plain = parse_schedule(seed_schedule_path.read_text(encoding="utf-8"))
    day = date(2024, 4, 26)  # the call is closed; May is within 4 weeks
    before = [t.key for a in compose(plain, day, FIGURES).upcoming for t in a.tasks]
    after = [t.key for a in compose(called, day, FIGURES).upcoming for t in a.tasks]
    assert SPORT in before
    assert SPORT not in after
    assert len(before) - len(after) >= 1
