"""What an office save answers when the form is not what went wrong (blind round 37): the
same "Zapisz" sent again lands on the saved page (M6); a city file broken by someone else, or
removed by an undo meanwhile, is said to be that and not a field to correct, and nothing is
written (M8, M17); a call overlapping another in a finished year is refused in words true
after the nabór ended (M19). The real app over HTTP, a real file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from office_helpers import OfficeSite, office_site

from notifier.files.reading import load_schedule

pytestmark = pytest.mark.anyio
SPORT = "kultura-sport/rozwoj-sportu"
NEW = "/biuro/leszno/2024/ogloszenie"
CALL = {
    "task": [SPORT],
    "published": "2024-05-06",
    "deadline": "2024-05-28T15:30",
    "url": "https://bip.example.org/ogloszenie-123",
    "amount": "150 000",
    "title": "Sport 2024",
}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _save(site: OfficeSite, token: str, **fields: str) -> tuple[int, str]:
    answer = await site.client.post(NEW, data={**CALL, **fields, "csrf": token, "step": "zapis"})
    return answer.status_code, answer.headers.get("location") or answer.text


async def test_a_save_sent_four_times_at_once_is_saved_once_and_each_lands_on_it(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf(NEW)
        answers = await asyncio.gather(*(_save(site, token) for _ in range(4)))
        assert answers == [(303, "/biuro/leszno/2024/")] * 4
        assert len(load_schedule(schedule_file).calls) == 1
        # Sent once more later (a reload of the answer): the page says it was saved already.
        assert await _save(site, token) == (303, "/biuro/leszno/2024/")
        page = (await site.client.get("/biuro/leszno/2024/")).text
        assert "To ogłoszenie już zapisano" in page
        assert "Nie zapisano" not in page
        assert len(load_schedule(schedule_file).calls) == 1


async def test_a_city_file_broken_by_someone_is_for_the_administrator_not_the_form(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf(NEW)
        broken = schedule_file.read_text(encoding="utf-8") + "\n[[calls]\n"  # noqa: ASYNC240
        schedule_file.write_text(broken, encoding="utf-8")  # noqa: ASYNC240
        for step in ("podglad", "zapis"):
            answer = await site.client.post(NEW, data={**CALL, "csrf": token, "step": step})
            assert answer.status_code == 409, answer.text
            assert "musi go poprawić administrator" in answer.text
            assert "Nic nie zapisano" in answer.text
            assert "TOML" in answer.text  # what is wrong, for the administrator
            assert "prosimy poprawić" not in answer.text
        assert schedule_file.read_text(encoding="utf-8") == broken  # noqa: ASYNC240


async def test_a_save_after_the_years_file_was_removed_says_so(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf(NEW)
        schedule_file.unlink()  # noqa: ASYNC240 - what an undo of the import does meanwhile
        status, text = await _save(site, token)
        assert status == 409, text
        assert "został przed chwilą usunięty" in text
        assert "prosimy poprawić" not in text
        assert not schedule_file.exists()  # noqa: ASYNC240


async def test_an_overlap_in_a_finished_year_is_not_called_open(
    schedule_file: Path, tmp_path: Path
) -> None:
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    async with office_site(schedule_file, tmp_path, now=now) as site:
        await site.sign_in()
        token = await site.csrf(NEW)
        assert await _save(site, token) == (303, "/biuro/leszno/2024/")
        status, text = await _save(
            site, token, published="2024-05-20", url="https://bip.example.org/ogloszenie-124"
        )
        assert status == 400
        assert "ma już na ten termin nabór – ogłoszenie nr 1" in text
        assert "termin składania ofert 28 maja 2024" in text
        assert "trwającym" not in text
        assert "przyjmuje oferty" not in text
        assert len(load_schedule(schedule_file).calls) == 1
