"""The weekly digest lists each thing once and by its label (blind round 37, M13): a window
whose call is recorded is under the calls, not also under "Trwające okna ogłoszeń"; a
subscriber's topic the harmonogram does not declare (an alias's area) is shown by its label,
never its slug."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from digest_checks import FIGURES, compose, section
from schedule_text import (
    SPORT,
    SPORT_CALL_OPEN,
    department_toml,
    schedule_toml,
    task_toml,
    with_calls,
)

from notifier.core.schedule_toml import parse_schedule
from notifier.core.task_status import called_windows

OPEN = "Trwające okna ogłoszeń"
CALLS = "Konkursy ogłoszone w minionym tygodniu"


def test_a_window_whose_call_is_recorded_is_listed_under_the_calls_only(
    seed_schedule_path: Path,
) -> None:
    schedule = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL_OPEN), "leszno.toml")
    today = date(2024, 5, 8)
    digest = compose(schedule, today, FIGURES)
    called = called_windows(schedule, today)
    assert any(key == SPORT for key, _window in called)
    for announcement in digest.open_now:
        assert announcement.tasks
        assert all((t.key, announcement.window) not in called for t in announcement.tasks)
    label = schedule.task(SPORT).label
    assert label in section(digest.text, CALLS)
    assert label not in section(digest.text, OPEN)
    # Without the call the same window is listed as open.
    plain = compose(parse_schedule(seed_schedule_path.read_text("utf-8"), "l.toml"), today, FIGURES)
    assert label in section(plain.text, OPEN)


def test_a_topic_the_harmonogram_does_not_declare_is_shown_by_its_label() -> None:
    text = schedule_toml(
        department_toml("sport", "Wydział Sportu", task_toml("zawody", "Zawody", "Maj 2024"))
    )
    schedule = parse_schedule(text, "inne.toml")
    assert "turystyka" not in schedule.topics
    figures = replace(FIGURES, active_per_topic={"sport": 1, "rekreacja": 1})  # an alias
    subscriptions = section(compose(schedule, date(2024, 4, 22), figures).text, "Subskrypcje")
    assert "Turystyka i rekreacja: 1" in subscriptions
    lines = [line.strip() for line in subscriptions.splitlines()]
    assert not [line for line in lines if line.startswith(("turystyka:", "rekreacja:"))]
