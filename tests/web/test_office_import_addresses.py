"""The office's import draft says which cross-city department addresses its year would
silence (blind round 11, M17): a city's file reusing another city's department id turns the
working /departments/{id}.ics and .atom into a 404 ("jest w kilku miastach"), which nobody
was told. Przykładowo imports Leszno's plan (its departments get new ids from their names);
another city, Poniec, has the department "miejski-osrodek-pomocy-rodzinie" alone."""

from __future__ import annotations

import html
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
from office_helpers import office_site

pytestmark = pytest.mark.anyio

FIXTURES = Path(__file__).resolve().parent.parent / "documents" / "fixtures"
_FIELD = re.compile(r'<input type="(?:text|hidden)" name="(\w+)" value="([^"]*)"')
OFFICE = "ngo@przykladowo.example.pl"
SILENCED = (
    "po zapisaniu przestaną odpowiadać adresy /departments/miejski-osrodek-pomocy-rodzinie.ics "
    "i /departments/miejski-osrodek-pomocy-rodzinie.atom (404: wydział "
    "„miejski-osrodek-pomocy-rodzinie” będzie w kilku miastach: "
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def folder(tmp_path: Path, seed_schedule_path: Path, examples_dir: Path) -> Path:
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    shutil.copy(examples_dir / "przykladowo-2025.toml", folder)
    poniec = seed_schedule_path.read_text(encoding="utf-8").replace(
        'city = "Leszno"', 'city = "Poniec"'
    )
    poniec = poniec.replace('id = "mopr"', 'id = "miejski-osrodek-pomocy-rodzinie"', 1)
    (folder / "poniec-2024.toml").write_text(poniec, encoding="utf-8")
    return folder


def _text(answer: str) -> str:
    return " ".join(html.unescape(answer).split())


async def test_the_draft_names_the_department_addresses_its_year_would_silence(
    folder: Path, tmp_path: Path
) -> None:
    now = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
    async with office_site(folder, tmp_path, now) as site:
        await site.sign_in(OFFICE)
        token = await site.csrf("/biuro/przykladowo/import")
        document = (FIXTURES / "leszno-2024.xlsx").read_bytes()
        draft = await site.client.post(
            "/biuro/przykladowo/import",
            data={"csrf": token, "year": "2026"},
            files={"document": ("harmonogram-2026.xlsx", document, "application/octet-stream")},
        )
        assert draft.status_code == 200, draft.text
        assert SILENCED in _text(draft.text), _text(draft.text)[:3000]
        form = draft.text.split('action="/biuro/przykladowo/import/szkic"', 1)[1]
        fields = [(k, html.unescape(v)) for k, v in _FIELD.findall(form)]
        again = await site.client.post(
            "/biuro/przykladowo/import/szkic",
            content=urlencode([*fields, ("step", "podglad")]),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert again.status_code == 200, again.text
        assert SILENCED in _text(again.text)  # the re-check says it again
        assert (
            await site.client.get("/departments/miejski-osrodek-pomocy-rodzinie.ics")
        ).status_code == 200
