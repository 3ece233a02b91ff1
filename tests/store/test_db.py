"""The subscriber database: created and migrated on open, SQLite pragmas, UTC timestamps, guards."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from notifier.store.call_models import CallToldRow  # noqa: F401 - the call versions
from notifier.store.db import Database, DatabaseError, migrations_dir, open_database
from notifier.store.models import (
    ACTIVE,
    Base,
    Delivery,
    DeliveryItem,
    Subscriber,
    SubscriberLeadDays,
)
from notifier.store.office_models import OfficeSession  # noqa: F401 - the office tables

NOW = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)


def _head_revision() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config).get_current_head()


def _insert(db: Database, *objects: object) -> None:
    with db.session() as session:
        session.add_all(objects)
        session.flush()


def _subscriber(email: str = "a@example.org") -> Subscriber:
    return Subscriber(email=email, email_key=email.lower(), state=ACTIVE, created_at=NOW)


def test_sqlite_database_is_created_and_migrated_on_first_open(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "subscribers.db"
    db = open_database(f"sqlite:///{path}")
    try:
        tables = set(inspect(db.engine).get_table_names())
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        db.dispose()
    assert path.is_file()
    assert {
        "subscribers",
        "subscriber_topics",
        "subscriber_lead_days",
        "subscriber_tokens",
        "deliveries",
        "delivery_items",
        "rate_limit_events",
    } <= tables
    from alembic.script import ScriptDirectory

    from notifier.store.db import migrations_dir

    assert version == ScriptDirectory(str(migrations_dir())).get_current_head()  # the one head


def test_opening_again_keeps_the_data(database_url: str) -> None:
    first = open_database(database_url)
    with first.session() as session:
        session.add(_subscriber())
    first.dispose()
    second = open_database(database_url)
    with second.session() as session:
        assert [s.email for s in session.scalars(select(Subscriber))] == ["a@example.org"]
    second.dispose()


def test_migrations_create_exactly_what_the_models_describe(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    # Tables other modules migrate without a model in Base.metadata are not this test's concern.
    modelled = set(Base.metadata.tables)
    ours = [d for d in differences if not (d[0] == "remove_table" and d[1].name not in modelled)]
    assert ours == []


def test_sqlite_connections_use_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 's.db'}")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


def test_timestamps_come_back_aware_utc_whatever_zone_went_in(db: Database) -> None:
    warsaw_summer = timezone(timedelta(hours=2))
    with db.session() as session:
        session.add(
            Subscriber(
                email="a@example.org",
                email_key="a@example.org",
                state=ACTIVE,
                created_at=datetime(2024, 4, 24, 8, 0, tzinfo=warsaw_summer),
            )
        )
    with db.session() as session:
        created = session.scalars(select(Subscriber.created_at)).one()
    assert created.tzinfo is not None
    assert created.utcoffset() == timedelta(0)
    assert created == datetime(2024, 4, 24, 6, 0, tzinfo=UTC)


def test_naive_timestamps_are_refused(db: Database) -> None:
    naive = Subscriber(
        email="a@example.org",
        email_key="a@example.org",
        state=ACTIVE,
        created_at=datetime(2024, 4, 24, 8, 0),
    )
    with pytest.raises(StatementError, match="timezone-aware"):
        _insert(db, naive)


def test_email_key_is_unique(db: Database) -> None:
    with pytest.raises(IntegrityError):
        _insert(db, _subscriber("A@example.org"), _subscriber("a@example.org"))


JUNE = {"window_start": "2024-06-01"}


def test_a_reminder_item_can_be_claimed_only_once(db: Database) -> None:
    with db.session() as session:
        subscriber = _subscriber()
        session.add(subscriber)
        session.flush()
        first = Delivery(kind="reminder", recipient=subscriber.email, created_at=NOW)
        first.items.append(
            DeliveryItem(subscriber_id=subscriber.id, task_key="mopr/seniorzy", lead_days=7, **JUNE)
        )
        session.add(first)
        subscriber_id = subscriber.id
    second = Delivery(kind="reminder", recipient="a@example.org", created_at=NOW)
    second.items.append(
        DeliveryItem(subscriber_id=subscriber_id, task_key="mopr/seniorzy", lead_days=7, **JUNE)
    )
    with pytest.raises(IntegrityError):
        _insert(db, second)
    # Another lead time for the same task is a different reminder.
    with db.session() as session:
        third = Delivery(kind="reminder", recipient="a@example.org", created_at=NOW)
        third.items.append(
            DeliveryItem(subscriber_id=subscriber_id, task_key="mopr/seniorzy", lead_days=1, **JUNE)
        )
        session.add(third)
    # So is the same task and lead after the city moved the window.
    with db.session() as session:
        moved = Delivery(kind="reminder", recipient="a@example.org", created_at=NOW)
        moved.items.append(
            DeliveryItem(
                subscriber_id=subscriber_id,
                task_key="mopr/seniorzy",
                lead_days=7,
                window_start="2024-07-01",
            )
        )
        session.add(moved)


def test_dedupe_key_allows_one_delivery_but_many_without_a_key(db: Database) -> None:
    with db.session() as session:
        session.add_all(
            [
                Delivery(kind="confirm", recipient="a@example.org", created_at=NOW),
                Delivery(kind="confirm", recipient="a@example.org", created_at=NOW),
                Delivery(
                    kind="digest",
                    recipient="o@example.org",
                    dedupe_key="digest:2024-W17",
                    created_at=NOW,
                ),
            ]
        )
    again = Delivery(
        kind="digest", recipient="o@example.org", dedupe_key="digest:2024-W17", created_at=NOW
    )
    with pytest.raises(IntegrityError):
        _insert(db, again)


def test_lead_days_outside_1_to_60_are_refused_by_the_database(db: Database) -> None:
    subscriber = _subscriber()
    _insert(db, subscriber)
    with pytest.raises(IntegrityError):
        _insert(db, SubscriberLeadDays(subscriber_id=subscriber.id, days=61))


def test_an_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="Nie można otworzyć bazy danych") as info:
        open_database("postgresql+psycopg://user:secret@127.0.0.1:1/nothing")
    assert "secret" not in str(info.value)


def test_a_read_only_database_file_is_one_polish_line_at_start(tmp_path: Path) -> None:
    """Issue 25: the file read-only, its directory writable (a read-only bind mount of the
    file, so that root, who may write any file, meets it too)."""
    path = tmp_path / "subscribers.db"
    open_database(f"sqlite:///{path}").dispose()
    bind = ["mount", "--bind", str(path), str(path)]
    bound = subprocess.run(bind, check=False, capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.decode().strip()}")
    try:
        remount = ["mount", "-o", "remount,ro,bind", str(path)]
        done = subprocess.run(remount, check=False, capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {done.stderr.decode().strip()}")
        with pytest.raises(DatabaseError) as caught:
            open_database(f"sqlite:///{path}")
        assert str(caught.value) == (
            f"Nie można otworzyć bazy danych sqlite:///{path}: plik jest tylko do odczytu – "
            "proszę dać użytkownikowi, który uruchamia serwis, prawo zapisu do pliku bazy (i do "
            "katalogu, w którym leży)"
        )
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)
