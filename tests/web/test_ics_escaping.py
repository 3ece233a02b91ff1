"""A backslash printed in a title stays a backslash in the served calendar: RFC 5545
§3.3.11 escapes it, "\\N" included, never a line break (blind round six, F5). The app over
HTTP, a real harmonogram file, icalendar's parser reading what was served."""

from __future__ import annotations

from pathlib import Path

import httpx
import icalendar
import pytest
from schedule_text import department_toml, schedule_toml, task_toml

pytestmark = pytest.mark.anyio

TITLE = "Sport A\\N B\\, C\\; D\\\\ E\\n F"  # as a clerk typed it: backslashes and all


@pytest.fixture
def schedule_file(tmp_path: Path) -> Path:
    path = tmp_path / "schedule.toml"
    task = task_toml("sport", TITLE, "Maj 2024")
    path.write_text(schedule_toml(department_toml("mops", "MOPS", task)), encoding="utf-8")
    return path


async def test_a_backslash_n_in_a_title_is_text_not_a_line_break(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/calendar.ics")
    assert response.status_code == 200
    assert "A\\\\N B\\\\\\, C\\\\\\; D\\\\\\\\ E\\\\n F" in response.text.replace("\r\n ", "")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    texts = [str(event[name]) for name in ("SUMMARY", "DESCRIPTION") if name in event]
    assert any(TITLE in text for text in texts)
    assert not any("A\nB" in text or "A\n B" in text for text in texts)
