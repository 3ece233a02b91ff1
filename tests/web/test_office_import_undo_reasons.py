""" "Cofnij import" refused names the real reason (blind round 11, M8): a year with a call
recorded since its import was told it "does not come from an import in the office or is the
city's only harmonogram". Now the refusal says the year changed since the import and what
changed (the newest change: what, its subject, when and by whom), and a year never imported
and a city's only year are each said as they are."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
from office_helpers import LESZNO_OFFICE, OfficeSite, office_site

pytestmark = pytest.mark.anyio

FIXTURES = Path(__file__).resolve().parent.parent / "documents" / "fixtures"
_FIELD = re.compile(r'<input type="(?:text|hidden)" name="(\w+)" value="([^"]*)"')


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def folder(tmp_path: Path, seed_schedule_path: Path) -> Path:
    folder = tmp_path / "harmonogramy"
    (folder / "leszno").mkdir(parents=True)
    text = seed_schedule_path.read_text(encoding="utf-8")
    text = text.replace("[office]", 'city_id = "leszno"\n\n[office]', 1)
    (folder / "leszno" / "2024.toml").write_text(text, encoding="utf-8")
    return folder


async def _import_2025(site: OfficeSite) -> None:
    """Upload Leszno's plan as the harmonogram for 2025 and save its draft."""
    token = await site.csrf("/biuro/leszno/import")
    document = (FIXTURES / "leszno-2024.xlsx").read_bytes()
    draft = await site.client.post(
        "/biuro/leszno/import",
        data={"csrf": token, "year": "2025"},
        files={"document": ("harmonogram-2025.xlsx", document, "application/octet-stream")},
    )
    assert draft.status_code == 200, draft.text
    form = draft.text.split('action="/biuro/leszno/import/szkic"', 1)[1]
    fields = [(k, html.unescape(v)) for k, v in _FIELD.findall(form)]
    saved = await site.client.post(
        "/biuro/leszno/import/szkic",
        content=urlencode([*fields, ("potwierdzam", "1"), ("step", "zapis")]),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert saved.status_code == 303, saved.text


async def _undo(site: OfficeSite, year: int) -> tuple[int, str]:
    token = await site.csrf(f"/biuro/leszno/{year}/")
    answer = await site.client.post(f"/biuro/leszno/{year}/cofnij-import", data={"csrf": token})
    return answer.status_code, " ".join(html.unescape(answer.text).split())


async def test_a_year_with_a_call_recorded_since_its_import_names_the_call(
    folder: Path, tmp_path: Path
) -> None:
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        await _import_2025(site)
        path = folder / "leszno" / "2025.toml"
        site.clock.now = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
        await site.sign_in()
        new = "/biuro/leszno/2025/ogloszenie"
        form = (await site.client.get(new)).text
        task = re.findall(r'name="task" value="([^"]+)"', form)[0]
        token = await site.csrf(new)
        call = {
            "task": [task], "published": "2025-03-05", "deadline": "2025-03-31T15:30",
            "url": "https://bip.example.org/ogloszenie-2025", "title": "Konkurs 2025",
            "csrf": token, "step": "zapis",
        }  # fmt: skip
        recorded = await site.client.post(new, data=call)
        assert recorded.status_code == 303, recorded.text
        before = path.read_bytes()
        status, text = await _undo(site, 2025)
        assert status == 409
        assert "nie pochodzi z importu" not in text
        assert "Harmonogram 2025 zmieniono po imporcie: nowe ogłoszenie „" in text, text
        assert f"(2025-03-10 10:00, {LESZNO_OFFICE})" in text, text  # Warsaw time, who
        assert "Cofnięcie importu usunęłoby te zmiany; nic nie zmieniono" in text
        assert path.read_bytes() == before


async def test_a_year_never_imported_and_a_citys_only_year_are_said_so(
    folder: Path, tmp_path: Path
) -> None:
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        status, text = await _undo(site, 2024)  # the city's only harmonogram
        assert status == 409
        assert "Harmonogram 2024 jest jedynym harmonogramem miasta" in text, text
        await _import_2025(site)
        status, text = await _undo(site, 2024)  # two years now: 2024 was not imported
        assert status == 409
        assert "Harmonogram 2024 nie pochodzi z importu w biurze" in text, text
        assert (folder / "leszno" / "2024.toml").exists()
