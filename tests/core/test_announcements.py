"""Grouping dated tasks into announcements, their UIDs, and selecting them by topic/department."""

from __future__ import annotations

from datetime import date

import pytest
from schedule_text import department_toml, schedule_toml, task_toml

from notifier.core.announcements import (
    EVERYTHING,
    FilterError,
    TaskFilter,
    group_announcements,
    make_filter,
    select,
)
from notifier.core.errors import NotifierError
from notifier.core.schedule import ascii_slug
from notifier.core.schedule_toml import parse_schedule

D = date


def schedule_of(*departments: tuple[str, list[tuple[str, str, list[str]]]]):
    """A Łódź 2025 schedule (topics a, b) from (department id, [(task id, period, topics)])."""
    text = schedule_toml(
        *(
            department_toml(
                dept_id,
                f"Wydział {dept_id}",
                *(task_toml(id, f"zadanie {id}", period, topics) for id, period, topics in tasks),
            )
            for dept_id, tasks in departments
        ),
        topics={"a": "Temat A", "b": "Temat B"},
        year=2025,
        city="Łódź",
    )
    return parse_schedule(text, source="test.toml")


def spans(announcements) -> list[tuple[str, date, date, list[str]]]:
    return [(a.department.id, a.start, a.end, [t.id for t in a.tasks]) for a in announcements]


# --- Leszno 2024 ------------------------------------------------------------------------------


def test_leszno_gives_eight_announcements_in_date_order(leszno):
    assert spans(group_announcements(leszno)) == [
        ("mopr", D(2024, 3, 1), D(2024, 4, 1), ["profilaktyka-rodzina"]),
        (
            "rozwoj",
            D(2024, 3, 1),
            D(2024, 5, 1),
            ["integracja-cudzoziemcow", "wspolpraca-zagraniczna", "rewitalizacja"],
        ),
        (
            "informacja-turystyczna",
            D(2024, 4, 1),
            D(2024, 10, 1),
            [
                "szlaki",
                "imprezy-rekreacyjne",
                "infrastruktura",
                "nowe-produkty",
                "turystyka-mieszkancow",
            ],
        ),
        (
            "uzaleznienia",
            D(2024, 5, 1),
            D(2024, 6, 1),
            [
                "kluby-abstynenckie",
                "aktywizacja-uzaleznionych",
                "warsztaty-mlodziez",
                "biuro-wolontariatu",
                "harcerstwo",
                "ofiary-przemocy",
            ],
        ),
        ("kultura-sport", D(2024, 5, 1), D(2024, 6, 1), ["rozwoj-sportu"]),
        ("mopr", D(2024, 6, 1), D(2024, 7, 1), ["wsparcie-seniorow"]),
        (
            "pelnomocnik-ngo",
            D(2024, 7, 1),
            D(2025, 1, 1),
            [
                "aktywnosc-mieszkancow",
                "integracja-spolecznosci",
                "rozwoj-organizacji",
                "spoleczenstwo-obywatelskie",
                "wspolnoty-lokalne",
            ],
        ),
        ("mopr", D(2024, 10, 1), D(2024, 11, 1), ["opieka-dom-dziecka"]),
    ]


def test_every_dated_task_is_in_exactly_one_announcement_and_undated_in_none(leszno):
    grouped = [t.key for a in group_announcements(leszno) for t in a.tasks]
    dated = [t.key for t in leszno.tasks() if t.period.dated]
    assert sorted(grouped) == sorted(dated)
    assert len(grouped) == 23


def test_period_texts_are_as_printed(leszno):
    by_department = {a.department.id: a for a in group_announcements(leszno)}
    assert by_department["informacja-turystyczna"].period_texts == ("II, III kwartał roku 2024",)
    assert by_department["pelnomocnik-ngo"].period_texts == ("II połowa 2024 r.",)
    assert by_department["uzaleznienia"].period_texts == ("Maj 2024",)


def test_uids_are_unique_and_built_from_year_department_and_span(leszno):
    uids = [a.uid(leszno) for a in group_announcements(leszno)]
    assert len(set(uids)) == 8
    assert "2024-uzaleznienia-20240501-20240601@leszno.harmonogram-konkursow" in uids


# --- grouping rules ---------------------------------------------------------------------------


def test_same_span_worded_differently_is_one_announcement():
    schedule = schedule_of(
        ("zdrowie", [("x", "2025", ["a"]), ("y", "w ciągu roku", ["b"]), ("z", "cały rok", ["a"])])
    )
    (announcement,) = group_announcements(schedule)
    assert (announcement.start, announcement.end) == (D(2025, 1, 1), D(2026, 1, 1))
    assert [t.id for t in announcement.tasks] == ["x", "y", "z"]
    assert announcement.period_texts == ("2025", "w ciągu roku", "cały rok")


def test_different_spans_in_one_department_are_separate_announcements():
    schedule = schedule_of(
        ("d", [("x", "Maj 2025", ["a"]), ("y", "Maj/Czerwiec 2025", ["a"]), ("z", "maj", ["a"])])
    )
    assert spans(group_announcements(schedule)) == [
        ("d", D(2025, 5, 1), D(2025, 6, 1), ["x", "z"]),
        ("d", D(2025, 5, 1), D(2025, 7, 1), ["y"]),
    ]


def test_same_span_in_two_departments_is_two_announcements_in_file_order():
    schedule = schedule_of(("p", [("x", "Maj 2025", ["a"])]), ("o", [("x", "Maj 2025", ["a"])]))
    announcements = group_announcements(schedule)
    assert [a.department.id for a in announcements] == ["p", "o"]
    assert len({a.uid(schedule) for a in announcements}) == 2


def test_a_department_with_only_undated_tasks_has_no_announcement():
    schedule = schedule_of(("d", [("x", "-", ["a"]), ("y", "Tryb ustawy o czymś", ["a"])]))
    assert group_announcements(schedule) == ()


def test_uid_uses_an_ascii_city_slug():
    schedule = schedule_of(("d", [("x", "Maj 2025", ["a"])]))
    (announcement,) = group_announcements(schedule)
    assert announcement.uid(schedule) == "2025-d-20250501-20250601@lodz.harmonogram-konkursow"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Łódź", "lodz"),
        ("Zielona Góra", "zielona-gora"),
        ("Kędzierzyn-Koźle", "kedzierzyn-kozle"),
        ("Świnoujście", "swinoujscie"),
        ("  Biała   Podlaska ", "biala-podlaska"),
        ("Klub abstynencki, Maj \u0662\u0660\u0662\u0664", "klub-abstynencki-maj"),
        ("Maj \uff12\uff10\uff12\uff14", "maj-2024"),
        ("\u0411\u0456\u043b\u0430", ""),
    ],
)
def test_ascii_slug(text, slug):
    assert ascii_slug(text) == slug


# --- filters ----------------------------------------------------------------------------------


def test_everything_matches_every_task(leszno):
    assert EVERYTHING.is_everything
    assert make_filter(leszno) == EVERYTHING
    assert all(EVERYTHING.matches(t) for t in leszno.tasks())
    assert EVERYTHING.describe(leszno) == ""
    selected = select(group_announcements(leszno))
    assert len(selected) == 8
    assert all(s.others == 0 for s in selected)


def test_sport_selects_only_the_sports_task(leszno):
    selected = select(group_announcements(leszno), make_filter(leszno, ["sport"]))
    assert [[t.key for t in s.matching] for s in selected] == [["kultura-sport/rozwoj-sportu"]]


def test_seniorzy_selects_only_the_seniors_task(leszno):
    selected = select(group_announcements(leszno), make_filter(leszno, ["seniorzy"]))
    assert [[t.key for t in s.matching] for s in selected] == [["mopr/wsparcie-seniorow"]]


def test_topics_are_any_of_and_others_are_counted(leszno):
    task_filter = make_filter(leszno, ["wolontariat", "przemoc"])
    (selected,) = select(group_announcements(leszno), task_filter)
    assert [t.id for t in selected.matching] == ["biuro-wolontariatu", "ofiary-przemocy"]
    assert selected.others == 4


def test_departments_are_any_of(leszno):
    task_filter = make_filter(leszno, departments=["kultura-sport", "pelnomocnik-ngo"])
    selected = select(group_announcements(leszno), task_filter)
    assert [s.announcement.department.id for s in selected] == ["kultura-sport", "pelnomocnik-ngo"]
    assert task_filter.describe(leszno) == (
        "Wydział Kultury i Sportu, Biuro Pełnomocnika ds. Współpracy z Organizacjami Pozarządowymi"
    )


def test_topic_and_department_together_must_both_match(leszno):
    task_filter = make_filter(leszno, ["rodzina"], ["mopr"])
    selected = select(group_announcements(leszno), task_filter)
    assert [t.key for s in selected for t in s.matching] == [
        "mopr/profilaktyka-rodzina",
        "mopr/opieka-dom-dziecka",
    ]
    assert not task_filter.matches(leszno.task("uzaleznienia/ofiary-przemocy"))


def test_filter_describes_itself_in_file_order(leszno):
    assert make_filter(leszno, ["sport", "rodzina"]).describe(leszno) == (
        "Rodzina, Sport i kultura fizyczna"
    )


def test_unknown_topic_and_department_name_the_valid_ones(leszno):
    with pytest.raises(FilterError) as caught:
        make_filter(leszno, ["sport", "pilka-nozna"], ["mopr", "wydzial-x"])
    message = str(caught.value)
    assert "nieznany temat: pilka-nozna" in message
    assert "Dostępne tematy: pomoc-spoleczna, rodzina," in message
    assert "bezpieczenstwo" in message
    assert "nieznany wydział: wydzial-x" in message
    assert "Dostępne wydziały: mopr, uzaleznienia," in message
    assert isinstance(caught.value, NotifierError)


def test_a_filter_matching_only_undated_tasks_selects_nothing(leszno):
    task_filter = make_filter(leszno, ["bezpieczenstwo", "ekologia"])
    assert any(task_filter.matches(t) for t in leszno.tasks())
    assert select(group_announcements(leszno), task_filter) == []


def test_task_filter_is_hashable_and_comparable():
    assert TaskFilter(frozenset({"a"})) == TaskFilter(frozenset({"a"}))
    assert len({TaskFilter(frozenset({"a"})), TaskFilter(frozenset({"a"}))}) == 1
