"""Next year's import keeps the ids of the city's earlier harmonogram, so a subscription to a
department (its id) or a task (its key and topics) gets next year's tasks; a department
printed twice in one document is one department."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from notifier.core.announcements import group_announcements, select
from notifier.core.catalog import Catalog, Entry
from notifier.core.due import due_for, due_windows
from notifier.core.feed_spec import validate_spec
from notifier.core.importing.carry_over import (
    Previous,
    carry_over,
    department_key,
    edit_distance,
)
from notifier.core.importing.model import (
    DocumentError,
    ImportedDepartment,
    ImportedSchedule,
    ImportedTask,
    Where,
)
from notifier.core.importing.review import build_import
from notifier.core.importing.text_reader import read_text
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule

SEED = Path(__file__).parents[2] / "examples" / "harmonogram-2024-leszno.txt"


def _import(text: str, previous: Schedule | None, city: str = "Leszno") -> Schedule:
    earlier = Previous(previous, "leszno/2024.toml") if previous else None
    result = build_import(
        read_text(text), source="h.txt", city=city, year=None, as_of=None, previous=earlier
    )
    return result.schedule


@pytest.fixture(scope="module")
def text_2027() -> str:
    return SEED.read_text(encoding="utf-8").replace("2024", "2027")


def test_a_2024_department_subscription_gets_2027s_tasks(text_2027: str, leszno: Schedule) -> None:
    fresh = _import(text_2027, None)
    assert fresh.department("kultura-sport") is None  # the kind of the bug: new ids each year
    imported = _import(text_2027, leszno)
    assert [d.id for d in imported.departments] == [d.id for d in leszno.departments]
    assert [t.key for t in imported.tasks()] == [t.key for t in leszno.tasks()]
    assert [t.topics for t in imported.tasks()] == [t.topics for t in leszno.tasks()]
    catalog = Catalog((Entry(leszno, "a", "leszno/2024.toml"), Entry(imported, "b", "2027.toml")))
    # the feed /leszno/departments/kultura-sport.ics of 2027: the subscription still validates
    spec = validate_spec(catalog, cities=["leszno"], departments=["kultura-sport"])
    chosen = select(group_announcements(imported), spec.task_filter)
    assert [t.title for s in chosen for t in s.matching] == [
        "rozwój sportu na terenie Miasta Leszna – II tura 2027"
    ]
    # an email subscriber to the task's topics is reminded of 2027's window (due by topic)
    sport = imported.task("kultura-sport/rozwoj-sportu")
    assert sport is not None
    now = datetime(2027, 4, 20, 8, 0, tzinfo=UTC)
    windows = due_windows(Catalog.single(imported), now)
    due = due_for(windows, topics=frozenset(["sport"]), lead_days=[14], cities=None)
    assert [d.ref for d in due] == ["leszno:kultura-sport/rozwoj-sportu"]


def test_the_review_says_which_ids_came_from_which_file(text_2027: str, leszno: Schedule) -> None:
    result = build_import(
        read_text(text_2027),
        source="h.txt",
        city="Leszno",
        year=None,
        as_of=None,
        previous=Previous(leszno, "leszno/2024.toml"),
    )
    assert "Identyfikatory z wcześniejszego harmonogramu leszno/2024.toml (2024):" in result.review
    assert "Wydział Kultury i Sportu → id „kultura-sport”" in result.review
    # the misprint of 2024's print is matched to the file's corrected name
    assert "→ id „zarzadzanie-kryzysowe” (tam: „Wydział Zarządzania Kryzysowego" in result.review
    assert "# id i tematy z leszno/2024.toml" in result.toml
    fresh = build_import(read_text(text_2027), source="h.txt", city="Leszno", year=None, as_of=None)
    assert "Nie wskazano wcześniejszego harmonogramu" in fresh.review


def _schedule(*departments: tuple[str, list[str]]) -> ImportedSchedule:
    where = Where(1, 1)
    return ImportedSchedule(
        "Harmonogram 2027",
        2027,
        None,
        [
            ImportedDepartment(
                name, name, where, None, [ImportedTask(t, where, period="Maj 2027") for t in tasks]
            )
            for name, tasks in departments
        ],
    )


def _old(leszno: Schedule, *departments: tuple[str, str, list[tuple[str, str]]]) -> Schedule:
    """A 2024 schedule with departments (id, name, [(task id, title)]), from Leszno's."""
    from dataclasses import replace

    base = leszno.departments[0].tasks[0]
    made = tuple(
        replace(
            leszno.departments[0],
            id=did,
            name=name,
            tasks=tuple(replace(base, id=tid, department_id=did, title=t) for tid, t in tasks),
        )
        for did, name, tasks in departments
    )
    return replace(leszno, departments=made, calls=(), _tasks_by_key={})


def test_names_match_across_prefixes_case_diacritics_misprints_and_acronyms(
    leszno: Schedule,
) -> None:
    old = _old(
        leszno,
        ("edu", "Wydział Edukacji", [("szkoly", "wspieranie szkół w 2024 roku")]),
        ("mops", "MOPS", [("pomoc", "pomoc społeczna")]),
        ("zdrowie", "Biuro do spraw Zdrowia", [("profilaktyka", "profilaktyka zdrowotna")]),
    )
    new = _schedule(
        ("BIURO EDUKACJI", ["Wspieranie szkół w 2027 roku", "zupełnie nowe zadanie o sporcie"]),
        ("Miejski Ośrodek Pomocy Społecznej w Lesznie", ["pomoc społeczna"]),
        ("Wydział ds. Zdrowai", ["profilaktyka zdrowotna"]),  # a misprint
    )
    carried = carry_over(new, Previous(old, "2024.toml"))
    assert carried.departments == {0: "edu", 1: "mops", 2: "zdrowie"}
    assert carried.tasks == {(0, 0): "szkoly", (1, 0): "pomoc", (2, 0): "profilaktyka"}
    assert any("nowe zadanie: „zupełnie nowe zadanie o sporcie”" in x for x in carried.lines)
    assert department_key("WYDZIAŁ  DO SPRAW UZALEŻNIEŃ") == department_key("Biuro ds. Uzależnień")
    assert edit_distance("kryzysowego", "krysysowego") == 1


def test_two_different_departments_are_never_merged(leszno: Schedule) -> None:
    old = _old(
        leszno,
        ("kultura", "Wydział Kultury", [("a", "teatr")]),
        ("sport", "Wydział Sportu", [("b", "piłka nożna")]),
        ("ed1", "Wydział Edukacji", [("c", "szkoły")]),
        ("ed2", "Biuro Edukacji", [("d", "przedszkola")]),
    )
    new = _schedule(
        ("Wydział Kultury i Sportu", ["teatr", "piłka nożna"]),
        ("Wydział Edukacji", ["kursy językowe"]),  # two earlier with this name, no task: unsure
        ("Wydział Kultury", ["teatr"]),
    )
    result = build_import(
        new, source="h.txt", city="Leszno", year=2027, as_of=None, previous=Previous(old, "x")
    )
    ids = [d.id for d in result.schedule.departments]
    assert ids[2] == "kultura"
    assert ids[0] not in {"kultura", "sport"}
    assert ids[1] not in {"ed1", "ed2"}
    assert "sport" not in ids  # an earlier id not carried is never given to another
    assert "Wydział Kultury i Sportu: NOWE id — podobna do" in result.review
    assert "„Wydział Sportu” (id „sport”)" in result.review


def test_another_citys_file_is_refused(text_2027: str, leszno: Schedule) -> None:
    with pytest.raises(DocumentError, match="harmonogramem miasta Leszno, a import dotyczy"):
        _import(text_2027, leszno, city="Kalisz")


def test_a_department_printed_twice_is_one_department() -> None:
    text = (
        "Harmonogram 2027\n\nMIEJSKI OŚRODEK POMOCY SPOŁECZNEJ\n\n1) pomoc osobom bezdomnym\n\n"
        "Maj 2027\n\nWYDZIAŁ KULTURY\n\n1) festiwal teatrów\n\nCzerwiec 2027\n\n"
        "MIEJSKI  OŚRODEK POMOCY SPOŁECZNEJ\n\n2) opieka nad seniorami\n\nWrzesień 2027\n"
    )
    result = build_import(read_text(text), source="h.txt", city="Leszno", year=None, as_of=None)
    departments = result.schedule.departments
    assert [d.id for d in departments] == ["miejski-osrodek-pomocy-spolecznej", "wydzial-kultury"]
    assert [t.title for t in departments[0].tasks] == [
        "pomoc osobom bezdomnym",
        "opieka nad seniorami",
    ]
    assert "wydrukowana drugi raz" in result.review
    assert "jej 1 zadanie dołączono" in result.review


def test_a_department_renamed_outright_and_a_moved_task_keep_their_ids(leszno: Schedule) -> None:
    old = _old(
        leszno,
        ("informacja-turystyczna", "Centrum Informacji Turystycznej", [
            ("rajdy", "organizacja rajdów rowerowych"), ("szlaki", "znakowanie szlaków pieszych"),
        ]),
        ("zdrowie", "Wydział Zdrowia", [
            ("profilaktyka", "profilaktyka zdrowotna"), ("seniorzy", "aktywizacja seniorów"),
        ]),
    )  # fmt: skip
    new = _schedule(
        ("Wydział Promocji i Turystyki", ["organizacja rajdów rowerowych", "znakowanie szlaków pieszych"]),
        ("Wydział Zdrowia", ["profilaktyka zdrowotna"]),
        ("Wydział Polityki Senioralnej", ["aktywizacja seniorów"]),  # moved here
    )  # fmt: skip
    result = build_import(
        new, source="h.txt", city="Leszno", year=2027, as_of=None, previous=Previous(old, "x")
    )
    keys = [t.key for t in result.schedule.tasks()]
    assert keys[:3] == ["informacja-turystyczna/rajdy", "informacja-turystyczna/szlaki", "zdrowie/profilaktyka"]  # fmt: skip
    assert keys[3].endswith("/seniorzy")
    assert "nazwa zmieniona, ale te same zadania" in result.review
    assert "dawne id „seniorzy” i tematy z komórki „Wydział Zdrowia”" in result.review
    assert "nowe zadanie: „aktywizacja seniorów”" not in result.review


def test_next_year_keeps_the_office_and_the_short_names_in_the_cli_as_in_the_office(
    text_2027: str, leszno: Schedule
) -> None:
    result = build_import(
        read_text(text_2027), source="h.txt", city="Leszno", year=None, as_of=None,
        previous=Previous(leszno, "leszno/2024.toml"),
    )  # fmt: skip
    assert result.schedule.office == leszno.office
    assert "urzad@example.org" not in result.toml
    shorts = {t.key: t.short for t in leszno.tasks() if t.short}
    assert shorts
    assert {t.key: t.short for t in result.schedule.tasks() if t.short} == shorts


PRINTED = "na terenie Miasta Leszna – II tura"


@pytest.mark.parametrize(
    ("earlier", "now"),
    [
        ("– II tura", "– I tura"),
        ("– I tura", "– II tura"),
        ("– II tura", ""),
        ("– nabór 2", "– nabór 1"),
        ("– II edycja", "– III edycja"),
        ("– druga tura", "– pierwsza tura"),
        ("– etap II", "– etap I"),
    ],
)
def test_another_round_keeps_no_earlier_id_nor_short_name(
    text_2027: str, seed_schedule_path: Path, earlier: str, now: str
) -> None:
    """blind11 M7: the 2027 "… – I tura" took the 2024 `short = "… – II tura"`; a round,
    edition or stage named is part of a task's identity, roman or arabic, a word or a number."""
    seed = seed_schedule_path.read_text(encoding="utf-8")
    previous = parse_schedule(seed.replace(PRINTED, f"w Lesznie {earlier}"), source="2024.toml")
    imported = _import(text_2027.replace(PRINTED, f"w Lesznie {now}"), previous)
    (task,) = [t for t in imported.tasks() if t.title.startswith("rozwój sportu w Lesznie")]
    assert task.key != "kultura-sport/rozwoj-sportu"
    assert task.short is None


def test_the_same_round_keeps_its_id_in_any_inflection(text_2027: str, leszno: Schedule) -> None:
    imported = _import(text_2027.replace(PRINTED, "na terenie Miasta Leszna – tura II"), leszno)
    assert imported.task("kultura-sport/rozwoj-sportu") is not None
