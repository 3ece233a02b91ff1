"""Input quoted back in a problem text is bounded (issue 25): a 1.5 MB key is not a 1.5 MB
line of `check`, of the log or of /healthz."""

from __future__ import annotations

import pytest

from notifier.core.echo import MAX_PROBLEMS, PROBLEM_CHARS, bounded_problems, echoed
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule


def test_a_long_text_is_cut_inside_its_quotes() -> None:
    assert echoed("k" * 5000) == "'" + "k" * 80 + "…'"
    assert echoed("krótki") == "'krótki'"
    assert echoed("a\x07") == "'a\\x07'"  # controls show as escapes, as repr shows them
    assert echoed(10**100) == str(10**100)[:80] + "…"


def test_problems_are_cut_and_counted() -> None:
    problems = bounded_problems(["x" * 10_000] + ["y"] * 60)
    assert len(problems) == MAX_PROBLEMS + 1
    assert len(problems[0]) == PROBLEM_CHARS
    assert problems[0].endswith("…")
    assert problems[-1] == "… i jeszcze 11 błędów"


@pytest.mark.parametrize(
    "text",
    [
        '"' + "k" * 1_500_000 + '" = 1\n',  # a huge unknown key
        "".join(f'"{"k" * 1000}{n}" = 1\n' for n in range(2000)),  # many long unknown keys
        '[harmonogram]\ntitle = "' + "t" * 1_500_000 + '"\nyear = "' + "9" * 1_000_000 + '"\n',
    ],
    ids=["one huge key", "many keys", "huge values"],
)
def test_a_hostile_file_gives_a_short_error(text: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text)
    message = str(caught.value)
    assert len(message) < (MAX_PROBLEMS + 2) * (PROBLEM_CHARS + 40)
    assert all(len(p) <= PROBLEM_CHARS for p in caught.value.problems)
