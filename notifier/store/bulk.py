"""Many rows in few statements, without SQLAlchemy's per-row work.

SQLAlchemy Core's executemany processes every parameter of every row in Python (its
bind processors, RETURNING bookkeeping); for the reminder pass's thousands of small rows that
was most of its database time. Here the caller gives rows of driver-ready values (a value
shared by all rows, such as a timestamp, goes through its column's type once: see `bound`),
and each chunk of rows is one multi-row INSERT … VALUES (…), (…) written in the driver's own
parameter style: the same SQL SQLAlchemy's "insertmanyvalues" writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Table

# Parameters per statement: below SQLite's limit (32,766 since 3.32) and PostgreSQL's (65,535).
MAX_PARAMETERS = 30_000
MAX_ROWS = 1_000
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def bound(connection: Connection, column: Column[Any], value: Any) -> Any:
    """`value` as the driver receives it for `column` (the column type's bind processing)."""
    process = column.type.bind_processor(connection.dialect)
    return process(value) if process is not None and value is not None else value


def _placeholder(connection: Connection) -> str:
    style = connection.dialect.paramstyle
    if style not in _PLACEHOLDERS:  # the project's drivers: sqlite3 (qmark), psycopg (pyformat)
        raise ValueError(f"unsupported DBAPI parameter style {style!r}")
    return _PLACEHOLDERS[style]


def insert_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    ignore_conflicts_on: Sequence[str] | None = None,
    returning: Sequence[str] = (),
) -> Any:
    """INSERT the rows (driver-ready values, in `columns` order) in chunks; with
    `ignore_conflicts_on`, ON CONFLICT (those columns) DO NOTHING. Returns the RETURNING rows
    of what was inserted (in no particular order), or without `returning` how many rows were
    inserted (conflicting ones are not); ValueError for a driver whose parameter
    style is not qmark or (py)format."""
    if not rows:
        return []
    placeholder = _placeholder(connection)
    quote = connection.dialect.identifier_preparer.quote
    head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) VALUES "
    tail = ""
    if ignore_conflicts_on is not None:
        tail += f" ON CONFLICT ({', '.join(quote(c) for c in ignore_conflicts_on)}) DO NOTHING"
    if returning:
        tail += f" RETURNING {', '.join(quote(c) for c in returning)}"
    one = "(" + ", ".join([placeholder] * len(columns)) + ")"
    size = max(1, min(MAX_ROWS, MAX_PARAMETERS // len(columns)))
    out: list[Any] = []
    inserted = 0
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        sql = head + ", ".join([one] * len(chunk)) + tail
        result = connection.exec_driver_sql(sql, tuple(v for row in chunk for v in row))
        if returning:
            out += result.all()
        else:
            inserted += result.rowcount
    return out if returning else inserted


def update_rows(
    connection: Connection,
    table: Table,
    key: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """UPDATE table SET columns WHERE key = … for each row (driver-ready values in `columns`
    order, then the key), as one executemany of the driver; ValueError as for insert_rows."""
    if not rows:
        return
    placeholder = _placeholder(connection)
    quote = connection.dialect.identifier_preparer.quote
    sets = ", ".join(f"{quote(c)} = {placeholder}" for c in columns)
    sql = f"UPDATE {quote(table.name)} SET {sets} WHERE {quote(key)} = {placeholder}"
    connection.exec_driver_sql(sql, [tuple(row) for row in rows])
