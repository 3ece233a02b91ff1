"""Every fixture document (tests/documents/fixtures, made by scripts/make_import_fixtures.py
from the sources beside them) imports to its source's tasks: title, period and department.

Each document is imported once per session. The PDFs whose columns are only aligned text
(*-aligned.pdf) are not asserted yet: their reading is partial (see README)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from notifier.core.importing.cells import normalise
from notifier.core.importing.review import ImportResult
from notifier.documents import import_document

HERE = Path(__file__).parent
SOURCES = sorted((HERE / "sources").glob("*.toml"))
FORMATS = [".docx", ".xlsx", ".odt", ".ods", "-ruled.pdf", "-bip.html", "-cms.html"]


@cache
def source(stem: str) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((HERE / "sources" / f"{stem}.toml").read_text(encoding="utf-8"))


@cache
def imported(name: str) -> ImportResult:
    stem = (
        name.rsplit(".", 1)[0]
        .removesuffix("-ruled")
        .removesuffix("-aligned")
        .removesuffix("-bip")
        .removesuffix("-cms")
    )
    data = (HERE / "fixtures" / name).read_bytes()
    return import_document(data, name, city=source(stem)["city"])


def expected(stem: str) -> list[tuple[str, str, str]]:
    spec = source(stem)
    return [
        (normalise(t["title"]), t["period"], d["name"])
        for d in spec["departments"]
        for t in d["tasks"]
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", [p.stem for p in SOURCES])
def test_each_document_gives_its_tasks(stem: str, fmt: str) -> None:
    result = imported(stem + fmt)
    got = [(t.title, t.period, d.name) for d in result.imported.departments for t in d.tasks]
    assert got == expected(stem)
    assert result.schedule.as_of == source(stem)["as_of"]
    assert result.schedule.year == source(stem)["year"]
    assert len(list(result.schedule.tasks())) == len(expected(stem))


def test_merged_periods_are_noted_with_their_place() -> None:
    review = imported("leszno-2024.docx").review
    assert "Znaleziono 9 komórek i 28 zadań" in review
    assert "komórka scalona" in review or "II, III kwartał roku 2024" in review


def test_a_bip_page_keeps_only_the_harmonogram_table() -> None:
    result = imported("kolumna-komorek-2025-bip.html")
    titles = [t.title for t in result.imported.tasks()]
    assert not any("Anna Nowak" in t or "Strona główna" in t for t in titles)
