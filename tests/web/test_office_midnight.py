"""A deadline at midnight follows the period reader's rule, in the office's form and the
command line alike (blind 10b, M26): the reader takes "do 15 marca 2025 r. godz. 0:00" as
"do 14 marca 2025" and accepts "godz. 24:00", while the form refused T24:00 and showed
T00:00 as "godz. 00:00" of that day. Now T24:00 is the whole day and T00:00 the whole day
before; other hours past 23:59 are still refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from office_helpers import office_site

from notifier.core.call_input import CallInputError, read_deadline
from notifier.files.reading import load_schedule

pytestmark = pytest.mark.anyio
NEW = "/biuro/leszno/2024/ogloszenie"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize(
    ("typed", "deadline", "shown"),
    [
        ("2024-05-28T24:00", date(2024, 5, 28), "oferty do 28 maja 2024<"),
        ("2024-05-29T00:00", date(2024, 5, 28), "oferty do 28 maja 2024<"),
        ("2024-05-29 00:00", date(2024, 5, 28), "oferty do 28 maja 2024<"),
    ],
)
async def test_a_deadline_at_midnight_is_the_day_it_ends(
    schedule_file: Path, tmp_path: Path, typed: str, deadline: date, shown: str
) -> None:
    call = {
        "task": ["kultura-sport/rozwoj-sportu"],
        "published": "2024-05-06",
        "deadline": typed,
        "url": "https://bip.example.org/ogloszenie-123",
    }
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf(NEW)
        preview = await site.client.post(NEW, data={**call, "csrf": token})
        assert preview.status_code == 200, preview.text
        assert shown.rstrip("<") in preview.text
        assert "godz. 00:00" not in preview.text
        assert "godz. 24:00" not in preview.text
        saved = await site.client.post(NEW, data={**call, "csrf": token, "step": "zapis"})
        assert saved.status_code == 303
        [recorded] = load_schedule(schedule_file).calls
        assert (recorded.deadline, recorded.deadline_time) == (deadline, None)


@pytest.mark.parametrize("typed", ["2024-05-28T24:01", "2024-05-28T25:00", "2024-05-28T24:00:01"])
def test_other_hours_past_the_day_are_still_refused(typed: str) -> None:
    with pytest.raises(CallInputError, match="nie ma takiej godziny"):
        read_deadline(typed)
