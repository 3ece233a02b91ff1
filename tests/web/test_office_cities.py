"""The office area across cities: a person acts only for the cities whose file names them.
Every office route of city A is tried by a person of city B, with city A's ids."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from office_helpers import office_site

from notifier.core.calls import call_key

pytestmark = pytest.mark.anyio
PRZYKLADOWO = "ngo@przykladowo.example.pl"

# Every office route under a city, as (method, path, form): the forms carry city A's ids.
SPORT_CALL = call_key(["kultura-sport/rozwoj-sportu"], date(2024, 5, 6))
LESZNO_CALL = {
    "task": "kultura-sport/rozwoj-sportu",
    "published": "2024-05-06",
    "deadline": "2024-05-28",
    "url": "https://bip.example.org/1",
}
CITY_ROUTES: list[tuple[str, str, dict[str, str]]] = [
    ("GET", "/biuro/leszno/", {}),
    ("GET", "/biuro/leszno", {}),
    ("GET", "/biuro/leszno/dziennik", {}),
    ("GET", "/biuro/leszno/2024/", {}),
    ("GET", "/biuro/leszno/2025/", {}),
    ("GET", "/biuro/leszno/2024/ogloszenie", {}),
    ("GET", "/biuro/leszno/import", {}),
    ("GET", "/biuro/leszno/2024/przeglad", {}),
    ("POST", "/biuro/leszno/2024/podsumowanie", {}),
    ("POST", "/biuro/leszno/import", {"year": "2026"}),
    ("POST", "/biuro/leszno/import/szkic", {"year": "2026", "d": "A", "t": "B", "p": "Maj 2026"}),
    (
        "POST",
        "/biuro/leszno/import/szkic",
        {"year": "2026", "d": "A", "t": "B", "p": "Maj 2026", "step": "zapis"},
    ),
    ("POST", "/biuro/leszno/2024/ogloszenie", LESZNO_CALL),
    ("POST", "/biuro/leszno/2024/ogloszenie", {**LESZNO_CALL, "step": "zapis"}),
    ("GET", f"/biuro/leszno/2024/ogloszenie/{SPORT_CALL}", {}),
    *[
        ("POST", f"/biuro/leszno/2024/ogloszenie/{SPORT_CALL}", {**LESZNO_CALL, **extra})
        for extra in (
            {"action": "korekta", "step": "zapis"},
            {"action": "wyniki", "results_date": "2024-06-01", "results_url": "https://b.pl"},
            {"action": "wycofaj", "step": "zapis"},
        )
    ],
]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_a_person_of_one_city_is_refused_on_every_route_of_another(
    catalog_dir: Path, tmp_path: Path
) -> None:
    leszno = catalog_dir / "leszno" / "2024.toml"
    leszno.write_text(
        leszno.read_text(encoding="utf-8")
        + '\n[[calls]]\ntasks = ["kultura-sport/rozwoj-sportu"]\npublished = 2024-05-06\n'
        'url = "https://bip.example.org/1"\ndeadline = 2024-05-28\n',
        encoding="utf-8",
    )
    before = leszno.read_bytes()
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
        assert leszno.read_bytes() == before


@pytest.mark.parametrize(
    ("city", "said"),
    [
        ("nie-ma-takiego", "W serwisie nie ma miasta o adresie „nie-ma-takiego”."),
        ("LESZNO", "Adresy miast piszemy małymi literami: /biuro/leszno/."),
        ("Przykladowo", "Adresy miast piszemy małymi literami: /biuro/przykladowo/."),
    ],
)
async def test_an_unknown_or_wrong_case_city_is_said_to_be_no_city_not_a_refusal(
    catalog_dir: Path, tmp_path: Path, city: str, said: str
) -> None:
    """m23 (blind 8b): "this address is not listed in the city's file" was the answer."""
    async with office_site(catalog_dir, tmp_path) as site:
        await site.sign_in(PRZYKLADOWO)
        csrf = await site.csrf("/biuro/przykladowo/")
        for method, path, form in CITY_ROUTES:
            answer = await site.client.request(
                method, path.replace("/biuro/leszno", f"/biuro/{city}", 1),
                data={**form, "csrf": csrf} if method == "POST" else None,
                follow_redirects=True,
            )  # fmt: skip
            assert answer.status_code == 404, (method, path)
            assert "Nie ma takiego miasta" in answer.text, (method, path)
            assert said in answer.text, (method, path)
            assert "nie jest wpisany" not in answer.text, (method, path)
        # Leszno exists but does not name this person: that stays a refusal.
        leszno = await site.client.get("/biuro/leszno/")
        assert leszno.status_code == 403
        assert "nie jest wpisany w pliku harmonogramu" in leszno.text


async def test_a_sign_in_link_cut_short_says_so(catalog_dir: Path, tmp_path: Path) -> None:
    async with office_site(catalog_dir, tmp_path) as site:
        for signed_in in (False, True):
            if signed_in:
                await site.sign_in(PRZYKLADOWO)
            for path in ("/biuro/wejscie/", "/biuro/wejscie"):
                answer = await site.client.get(path, follow_redirects=True)
                assert answer.status_code == 400, (path, signed_in)
                assert "Link jest niepełny" in answer.text
                assert "brakuje końcówki z kodem" in answer.text
                assert "nie jest wpisany" not in answer.text


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
