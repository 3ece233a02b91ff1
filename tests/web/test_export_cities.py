"""/api/tasks.csv with a directory of harmonograms: the same tasks as /api/tasks for the same
query, a row per task window, each naming its city and year; and the published copy."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from catalog_fixtures import BASE_URL

from notifier.cli.main import main

pytestmark = pytest.mark.anyio

QUERIES = (
    "",
    "?city=zielona-gora",
    "?city=leszno&year=2025",
    "?year=2025",
    "?city=leszno&city=przykladowo&topic=sport",
    "?city=leszno&department=mopr",
)


def csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Polish letters
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def expected_rows(document: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(city, year, key, wording) of each window of the JSON's tasks, in order."""
    names = {h["city_id"]: h["city"] for h in document.get("harmonograms") or ()}
    out = []
    for task in document["tasks"]:
        city = names.get(task["city_id"], document["city"])
        wordings = [w["wording"] for w in task["windows"]] or ["bez terminu"]
        out += [(city, str(task["year"]), task["key"], w) for w in wordings]
    return out


@pytest.mark.parametrize("query", QUERIES)
async def test_csv_has_the_json_tasks_with_a_directory_of_harmonograms(
    catalog_client: httpx.AsyncClient, query: str
) -> None:
    document = (await catalog_client.get(f"/api/tasks{query}")).json()
    response = await catalog_client.get(f"/api/tasks.csv{query}")
    assert response.status_code == 200
    rows = csv_rows(response.content)
    got = [(r["miasto"], r["rok"], r["klucz"], r["termin"]) for r in rows]
    assert got == expected_rows(document)
    assert got, query  # every query above names tasks


async def test_csv_of_a_directory_is_named_after_the_choice(
    catalog_client: httpx.AsyncClient,
) -> None:
    async def name(query: str) -> str:
        response = await catalog_client.get(f"/api/tasks.csv{query}")
        return response.headers["content-disposition"]

    assert (
        await name("?city=zielona-gora") == 'attachment; filename="konkursy-zielona-gora-2025.csv"'
    )
    assert await name("?city=leszno") == 'attachment; filename="konkursy-leszno.csv"'
    assert await name("") == 'attachment; filename="konkursy.csv"'


async def test_the_api_refuses_an_unknown_city_or_year_in_polish(
    catalog_client: httpx.AsyncClient,
) -> None:
    response = await catalog_client.get("/api/tasks.csv?city=krakow")
    assert response.status_code == 400
    assert "krakow" in response.json()["detail"]
    response = await catalog_client.get("/api/tasks.csv?year=dwa")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("rok musi być liczbą")
    # A year no harmonogram is for is unknown, as an unknown city is (blind round three,
    # m1: 200 with no tasks), named with the years there are — of the cities chosen.
    for path in ("/api/tasks", "/api/tasks.csv"):
        for query, detail in (
            ("?year=2030", "nieznany rok: 2030. Dostępne lata: 2024, 2025"),
            ("?year=0", "nieznany rok: 0. Dostępne lata: 2024, 2025"),
            ("?year=2025&year=2031", "nieznany rok: 2031. Dostępne lata: 2024, 2025"),
            ("?city=zielona-gora&year=2024", "nieznany rok: 2024. Dostępne lata: 2025"),
        ):
            response = await catalog_client.get(path + query)
            assert (response.status_code, response.json()) == (400, {"detail": detail}), query
        assert (await catalog_client.get(f"{path}?year=2025")).status_code == 200


def test_publish_writes_the_csv_of_every_city(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, tmp_path: Path
) -> None:
    clean_env.setenv("NOTIFIER_BASE_URL", BASE_URL)
    clean_env.setenv("NOTIFIER_DATABASE_URL", f"sqlite:///{tmp_path / 'subscribers.db'}")
    out = tmp_path / "site"
    assert main(["publish", "--schedule", str(catalog_dir), "--out", str(out)]) == 0
    rows = csv_rows((out / "api" / "tasks.csv").read_bytes())
    assert {r["miasto"] for r in rows} == {"Leszno", "Przykładowo", "Zielona Góra"}
    assert {r["rok"] for r in rows} == {"2024", "2025"}
