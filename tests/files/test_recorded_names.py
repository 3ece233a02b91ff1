"""A harmonogram file's name in the database is lossless (blind round three, m10): a name
holding the byte 0xFF and one holding a literal backslash, x, f, f were one recorded name,
so the record of one city's year could be read as the other's file."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from notifier.files.recorded_names import recorded_name, recorded_path
from notifier.files.source import CatalogSource
from notifier.store.db import make_engine, migrations_dir, open_database
from notifier.store.served_files import RecordedChoices, recorded_choices

NOW = datetime(2026, 12, 7, tzinfo=UTC)
LATIN = Path(os.fsdecode(b"latin\xff.toml"))  # a name written in Latin-1 (ÿ), not UTF-8
BACKSLASH = Path("latin\\xff.toml")  # a name holding a backslash, x, f, f
NAMES = [Path("leszno-2024.toml"), Path("śląskie/żary.toml"), LATIN, BACKSLASH, Path("a\\\\b")]


def test_each_name_has_its_own_record_and_comes_back_whole() -> None:
    recorded = [recorded_name(name) for name in NAMES]
    assert recorded == [
        "leszno-2024.toml",
        "śląskie/żary.toml",
        "latin\\xff.toml",
        "latin\\\\xff.toml",
        "a\\\\\\\\b",
    ]
    assert [recorded_path(name) for name in recorded] == NAMES
    for name in recorded:
        name.encode("utf-8")  # any database takes it as text


_NAME_BYTES = st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\0" not in b)


@settings(max_examples=200, deadline=None)
@given(_NAME_BYTES, _NAME_BYTES)
def test_names_round_trip_and_never_meet(one: bytes, other: bytes) -> None:
    first, second = Path(os.fsdecode(one)), Path(os.fsdecode(other))
    assert recorded_path(recorded_name(first)) == first
    assert (recorded_name(first) == recorded_name(second)) == (one == other)


def _city(seed: str, city: str) -> str:
    return seed.replace('city = "Leszno"', f'city = "{city}"', 1)


def test_a_latin_1_name_and_a_backslash_name_are_two_records(
    tmp_path: Path, seed_schedule_path: Path, database_url: str
) -> None:
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    seed = seed_schedule_path.read_text(encoding="utf-8")
    assert 'city = "Leszno"' in seed
    (folder / LATIN).write_text(_city(seed, "Aaa"), encoding="utf-8")
    (folder / BACKSLASH).write_text(_city(seed, "Bbb"), encoding="utf-8")
    for _ in range(2):  # the first process records, the next one reads the record
        snap = CatalogSource(folder, choices=RecordedChoices(database_url)).snapshot()
        assert sorted(e.schedule.city for e in snap.catalog.entries) == ["Aaa", "Bbb"]
        assert snap.problems == {}
    assert recorded_choices(database_url) == {
        ("aaa", 2024): "latin\\xff.toml",
        ("bbb", 2024): "latin\\\\xff.toml",
    }


def _alembic(database_url: str, action: str, revision: str) -> None:
    engine = make_engine(database_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(migrations_dir()))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    finally:
        engine.dispose()


def _names(engine: Engine) -> tuple[list[str], list[str]]:
    with engine.connect() as connection:
        served = connection.execute(text("SELECT source FROM served_files ORDER BY city_id"))
        kept = connection.execute(text("SELECT source FROM kept_files ORDER BY version"))
        return list(served.scalars()), list(kept.scalars())


def test_the_migration_rewrites_names_recorded_in_the_old_form(database_url: str) -> None:
    """Names recorded as shown before (0009): `\\xNN` a byte or a control character,
    `\\uNNNN` a bidi control, any other backslash itself; downgrading writes them back."""
    old = ["a.toml", "latin\\xff.toml", "tab\\x09.toml", "rlo\\u202e.toml", "back\\slash.toml"]
    new = ["a.toml", "latin\\xff.toml", "tab\t.toml", "rlo\u202e.toml", "back\\\\slash.toml"]
    open_database(database_url).dispose()
    _alembic(database_url, "downgrade", "0009")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            for number, name in enumerate(old):
                values = {"n": f"c{number}", "s": name, "t": NOW}
                connection.execute(
                    text(
                        "INSERT INTO served_files (city_id, year, source, chosen_at) "
                        "VALUES (:n, 2024, :s, :t)"
                    ),
                    values,
                )
                connection.execute(
                    text(
                        "INSERT INTO kept_files (source, version, content, kept_at) "
                        "VALUES (:s, :n, :b, :t)"
                    ),
                    values | {"b": b"x"},
                )
        _alembic(database_url, "upgrade", "head")
        assert _names(engine) == (new, new)
        assert [recorded_path(name) for name in new[1:3]] == [LATIN, Path("tab\t.toml")]
        _alembic(database_url, "downgrade", "0009")
        assert _names(engine) == (old, old)
    finally:
        _alembic(database_url, "upgrade", "head")
        engine.dispose()
