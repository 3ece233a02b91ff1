"""One slug per area of the shared vocabulary: aliases read as the area's slug in files, URLs,
forms and stored preferences; `check` warns of a local topic that duplicates a shared one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from notifier.core.announcements import TaskFilter, make_filter
from notifier.core.catalog import Catalog, Entry
from notifier.core.due import due_for, due_windows
from notifier.core.feed_spec import validate_spec
from notifier.core.placement import catalog_view
from notifier.core.preferences import parse_preferences
from notifier.core.schedule import Schedule
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule
from notifier.core.topic_vocabulary import (
    SHARED_TOPICS,
    TOPIC_ALIASES,
    canonical_topic,
    shared_duplicate,
    unknown_topic,
    with_aliases,
)

ALIASES = sorted(TOPIC_ALIASES)


def test_each_alias_names_a_shared_area_and_is_not_one_itself() -> None:
    assert ALIASES == ["ngo", "rekreacja", "srodowisko", "zwierzeta"]
    for alias, (slug, _) in TOPIC_ALIASES.items():
        assert alias not in SHARED_TOPICS
        assert slug in SHARED_TOPICS
    assert canonical_topic("zwierzeta") == canonical_topic("srodowisko") == "ekologia"
    assert canonical_topic("rekreacja") == "turystyka"
    assert canonical_topic("ngo") == "spolecznosc-lokalna"
    assert canonical_topic("sport") == "sport"
    assert with_aliases({"ekologia", "sport"}) == {"ekologia", "srodowisko", "zwierzeta", "sport"}


def przykladowo(examples_dir: Path, topic: str, declared: str = "") -> Schedule:
    """Przykładowo 2025 with its environment task filed under `topic` (and `declared`
    added as its [topics] table, if given)."""
    text = (examples_dir / "przykladowo-2025.toml").read_text(encoding="utf-8")
    text = text.replace('topics = ["ekologia"]', f'topics = ["{topic}"]')
    return parse_schedule(text.replace('ekologia = "Ekologia"\n', declared + "\n", 1))


@pytest.mark.parametrize("alias", ["srodowisko", "zwierzeta"])
def test_a_file_using_an_alias_files_the_task_under_the_area(
    examples_dir: Path, alias: str
) -> None:
    schedule = przykladowo(examples_dir, alias)
    task = schedule.task("srodowisko/edukacja-ekologiczna")
    assert task is not None
    assert task.topics == ("ekologia",)
    assert schedule.topics["ekologia"] == SHARED_TOPICS["ekologia"]  # not declared: shared
    assert not set(schedule.topics) & set(TOPIC_ALIASES)


def test_an_alias_declared_in_topics_keeps_the_citys_label_under_the_area(
    examples_dir: Path,
) -> None:
    schedule = przykladowo(examples_dir, "srodowisko", 'srodowisko = "Ochrona środowiska"')
    assert schedule.topics["ekologia"] == "Ochrona środowiska"
    assert "srodowisko" not in schedule.topics


def catalog_of(first: Schedule, other: Schedule) -> Catalog:
    return Catalog((Entry(first, "1", "first.toml"), Entry(other, "1", "przykladowo.toml")))


def test_every_door_reads_an_old_slug_as_its_area(examples_dir: Path, leszno: Schedule) -> None:
    other = przykladowo(examples_dir, "zwierzeta")
    catalog = catalog_of(leszno, other)
    assert make_filter(other, ["srodowisko"]) == TaskFilter(frozenset({"ekologia"}))
    assert validate_spec(catalog, topics=["zwierzeta"]).topics == {"ekologia"}
    view = catalog_view(catalog)
    assert parse_preferences(view, ["ngo"], [7]).topics == {"spolecznosc-lokalna"}
    assert parse_preferences(view, ["rekreacja"], [7]).topics == {"turystyka"}


def test_a_subscriber_to_an_area_gets_its_tasks_in_every_city(
    examples_dir: Path, zielona_gora: Schedule
) -> None:
    """Zielona Góra files its environment tasks under ekologia, Przykładowo under zwierzeta:
    a subscriber to ekologia, and one stored before with the old slug srodowisko, get both."""
    catalog = catalog_of(zielona_gora, przykladowo(examples_dir, "zwierzeta"))
    every: set[str] = set()
    now = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
    while now.year < 2026:
        windows = due_windows(catalog, now)
        for slug in ("ekologia", "srodowisko"):
            chosen = frozenset({slug})
            items = due_for(windows, topics=chosen, lead_days=range(1, 61), cities=None)
            every |= {f"{slug}:{i.schedule.city_id}" for i in items}
        now += timedelta(days=7)
    assert every == {
        "ekologia:zielona-gora",
        "ekologia:przykladowo",
        "srodowisko:zielona-gora",
        "srodowisko:przykladowo",
    }


@pytest.mark.parametrize(
    ("slug", "label", "shared"),
    [
        ("ochrona-srodowiska", "Ochrona środowiska", "ekologia"),
        ("zwierzaki", "Ochrona zwierząt", "ekologia"),
        ("wsparcie-ngo", "Wspieranie organizacji pozarządowych", "spolecznosc-lokalna"),
        ("turystyka-i-rekreacja", "Turystyka i rekreacja", "turystyka"),
        ("senior", "Seniorzy 60+", "seniorzy"),
        ("sport-szkolny", "Sport szkolny", None),
        ("zdrowie-psychiczne", "Zdrowie psychiczne dzieci", None),
        ("inne", "Inne zadania", None),
    ],
)
def test_a_local_topic_that_duplicates_a_shared_one(
    slug: str, label: str, shared: str | None
) -> None:
    assert shared_duplicate(slug, label) == shared


def test_check_warns_of_a_local_topic_duplicating_a_shared_one(examples_dir: Path) -> None:
    declared = 'ochrona-przyrody = "Ochrona zwierząt"'
    schedule = przykladowo(examples_dir, "ochrona-przyrody", declared)
    [warning] = [w for w in schedule_warnings(schedule) if "powiela" in w]
    assert warning.startswith(
        "temat 'ochrona-przyrody' („Ochrona zwierząt”) z [topics] powiela wspólny temat "
        "'ekologia' („Ekologia i ochrona zwierząt”)"
    )
    assert not [
        w for w in schedule_warnings(przykladowo(examples_dir, "ekologia")) if "powiela" in w
    ]


def test_an_unknown_topic_lists_the_accepted_slugs_and_the_command() -> None:
    message = unknown_topic("ekolgia", {"sport": "Sport"})
    assert message.startswith("nieznany temat 'ekolgia' (czy chodziło o 'ekologia'? ")
    assert "tematy pliku: sport; wspólne tematy: pomoc-spoleczna, rodzina," in message
    assert "polecenie `notifier topics`" in message
    assert "README" not in message
    assert "czy chodziło o 'ekologia'?" in unknown_topic("srodowsko", None)
