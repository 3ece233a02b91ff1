"""The office area across cities: a person acts only for the cities whose file names them.
Every office route of city A is tried by a person of city B, with city A's ids."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_helpers import office_site

pytestmark = pytest.mark.anyio
PRZYKLADOWO = "ngo@przykladowo.example.pl"

# Every office route under a city, as (method, path, form): the forms carry city A's ids.
CITY_ROUTES: list[tuple[str, str, dict[str, str]]] = [
    ("GET", "/biuro/leszno/", {}),
    ("GET", "/biuro/leszno", {}),
]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_a_person_of_one_city_is_refused_on_every_route_of_another(
    catalog_dir: Path, tmp_path: Path
) -> None:
    async with office_site(catalog_dir, tmp_path) as site:
        await site.sign_in(PRZYKLADOWO)
        home = await site.client.get("/biuro/", follow_redirects=True)
        assert str(home.url).endswith("/biuro/przykladowo/")
        csrf = await site.csrf("/biuro/przykladowo/")
        for method, path, form in CITY_ROUTES:
            answer = await site.client.request(
                method, path, data={**form, "csrf": csrf} if method == "POST" else None,
                follow_redirects=True,
            )  # fmt: skip
            assert answer.status_code == 403, (method, path)
            assert "Leszno" not in answer.text, (method, path)
        unknown = await site.client.get("/biuro/nie-ma-takiego/")
        assert unknown.status_code == 403


async def test_a_person_named_by_two_cities_picks_one(catalog_dir: Path, tmp_path: Path) -> None:
    path = catalog_dir / "zielona-gora-2025.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'email = "ngo@zielona-gora.example.org"',
            f'email = "ngo@zielona-gora.example.org"\nstaff = ["{PRZYKLADOWO}"]',
        ),
        encoding="utf-8",
    )
    async with office_site(catalog_dir, tmp_path) as site:
        await site.sign_in(PRZYKLADOWO)
        home = await site.client.get("/biuro/")
        assert home.status_code == 200
        assert "Wybór miasta" in home.text
        assert 'href="/biuro/przykladowo/"' in home.text
        assert 'href="/biuro/zielona-gora/"' in home.text
        assert "/biuro/leszno/" not in home.text
        for city_id in ("przykladowo", "zielona-gora"):
            assert (await site.client.get(f"/biuro/{city_id}/")).status_code == 200
        assert (await site.client.get("/biuro/leszno/")).status_code == 403


async def test_signed_out_visitors_are_sent_to_sign_in(catalog_dir: Path, tmp_path: Path) -> None:
    async with office_site(catalog_dir, tmp_path) as site:
        answer = await site.client.get("/biuro/leszno/")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/biuro/"
