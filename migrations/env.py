"""Alembic environment: run on the connection notifier.db.migrate hands over, or on NOTIFIER_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from notifier.settings import load_settings
from notifier.store.call_models import CallToldRow  # noqa: F401 - its tables in Base
from notifier.store.db import make_engine
from notifier.store.models import Base
from notifier.store.office_models import OfficeSession  # noqa: F401 - its tables in Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(load_settings().database_url)
    with engine.begin() as own:
        _run(own)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them against a database")
run_migrations_online()
