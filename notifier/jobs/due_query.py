"""The reminder pass's decide step in the database: subscribers batch by batch, decided once
per distinct preferences, minus what the delivery log already holds.

The rule lives in notifier.core.due (due_windows: the short list of windows due at a moment;
due_for: what of it one subscriber's preferences take). Subscribers with the same topics, lead
days and cities are due for the same reminders, and a city or a country has a few thousand
such profiles among a million subscribers, so each batch reads one row per subscriber (their
preferences, aggregated in the database) and the claims already in the log for the windows
due, and due_for runs once per profile for the whole pass. tests/due_reference.py states the
same decision in plain Python, and a property test holds this to it on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, TextClause, text

from notifier.core.due import ANNOUNCED, DueItem, DueTask, due_for
from notifier.jobs.claims import Found, window_start
from notifier.store.models import ACTIVE

# Between the names a subscriber's topics, lead days and cities are aggregated into: the ASCII
# unit separator, which no topic slug, city id or number contains.
SEP = "\x1f"

# Profiles remembered in one pass, counted in items (pointers to shared DueItems): far more
# than the profiles of a country's subscribers, and still only a few MiB.
CACHED_ITEMS = 1_000_000

_NEXT_BATCH_SQL = text("""
SELECT MAX(id) FROM (
  SELECT id FROM subscribers WHERE state = :active AND id > :after ORDER BY id LIMIT :size
) AS batch
""")

# One row per active subscriber of the batch: their topics, lead days and cities, each joined
# into one string. A subscriber not yet placed in a city (all_cities NULL) gets nothing.
_PREFERENCES = """
SELECT s.id, s.email, s.all_topics, s.all_cities, t.names, l.names, c.names
FROM subscribers AS s
LEFT JOIN (
  SELECT subscriber_id, {agg}(topic, CAST(:sep AS VARCHAR)) AS names
  FROM subscriber_topics WHERE subscriber_id > :after AND subscriber_id <= :upto
  GROUP BY subscriber_id) AS t ON t.subscriber_id = s.id
LEFT JOIN (
  SELECT subscriber_id, {agg}(CAST(days AS VARCHAR), CAST(:sep AS VARCHAR)) AS names
  FROM subscriber_lead_days WHERE subscriber_id > :after AND subscriber_id <= :upto
  GROUP BY subscriber_id) AS l ON l.subscriber_id = s.id
LEFT JOIN (
  SELECT subscriber_id, {agg}(city_id, CAST(:sep AS VARCHAR)) AS names
  FROM subscriber_cities WHERE subscriber_id > :after AND subscriber_id <= :upto
  GROUP BY subscriber_id) AS c ON c.subscriber_id = s.id
WHERE s.state = :active AND s.id > :after AND s.id <= :upto AND s.all_cities IS NOT NULL
ORDER BY s.id
"""
_PREFERENCES_SQL = {
    "postgresql": text(_PREFERENCES.format(agg="string_agg")),
    "sqlite": text(_PREFERENCES.format(agg="group_concat")),
}

# The batch's claims for the windows due, on the log's (subscriber, …) index for the id range;
# the due list is hashed once per query. A claim at a lead below the window's smallest due
# lead cannot hide a due reminder and is ignored where the claims are subtracted.
_CLAIMED = """
SELECT subscriber_id, task_key, window_start, lead_days
FROM delivery_items
WHERE subscriber_id > :after AND subscriber_id <= :upto
  AND (task_key, window_start) IN ({due})
"""
# PostgreSQL takes the due list as two arrays: a short statement, prepared once per
# connection (a VALUES list of 500 windows cost more to send and parse than the query's work).
_CLAIMED_POSTGRES = text(
    _CLAIMED.format(
        due="SELECT * FROM unnest(CAST(:keys AS VARCHAR[]), CAST(:starts AS VARCHAR[]))"
    )
)


def _claimed_sqlite(keys: Sequence[tuple[str, str]]) -> tuple[TextClause, dict[str, Any]]:
    """_CLAIMED with the due list as VALUES rows (SQLite keeps the statement compiled)."""
    params: dict[str, Any] = {}
    rows = []
    for i, (key, start) in enumerate(keys):
        params[f"k{i}"], params[f"w{i}"] = key, start
        rows.append(f"(:k{i}, :w{i})")
    return text(_CLAIMED.format(due=f"VALUES {', '.join(rows)}")), params


# (all topics?, topics, lead days, all cities?, cities): a subscriber's preferences as the
# batch reads them, the names joined with SEP (None: no rows; ignored when "all" is chosen).
Profile = tuple[bool, str | None, str | None, bool, str | None]


@dataclass
class DueQuery:
    """The decide step for one moment, over due_windows' short list (order kept); one per pass.

    Remembers what is due per profile (bounded by CACHED_ITEMS), so is meant for one thread at
    a time, as the pass's batches run.
    """

    windows: Sequence[DueTask]
    # The claims query's due list: (task_key, window start) of each window, as claimed.
    sqlite_claimed: tuple[TextClause, dict[str, Any]]
    postgres_claimed: dict[str, list[str]]
    _profiles: dict[Profile, tuple[DueItem, ...]] = field(default_factory=dict, repr=False)
    _canonical: dict[
        tuple[frozenset[str] | None, tuple[int, ...], frozenset[str] | None], tuple[DueItem, ...]
    ] = field(default_factory=dict, repr=False)
    _items: dict[tuple[int, int, tuple[int, ...]], DueItem] = field(
        default_factory=dict, repr=False
    )
    _size: int = field(default=0, repr=False)  # items and profiles remembered

    @classmethod
    def prepare(cls, windows: Sequence[DueTask]) -> DueQuery:
        """The query for a pass over `windows` (the catalog's due windows, notifier.core.due):
        their (task ref, window start) keys, as SQLite and PostgreSQL each take them."""
        keys = [(w.ref, window_start(w.window)) for w in windows]
        arrays = {"keys": [k for k, _ in keys], "starts": [start for _, start in keys]}
        return cls(windows, _claimed_sqlite(keys), arrays)

    def batch(
        self, connection: Connection, after: int, size: int
    ) -> tuple[int | None, list[Found]]:
        """The next `size` active subscribers after id `after`: (last id, those with something
        due, in id order, their items in window order); (None, []) when none is left."""
        upto = connection.execute(
            _NEXT_BATCH_SQL, {"active": ACTIVE, "after": after, "size": size}
        ).scalar()
        if upto is None:
            return None, []
        if not self.windows:
            return int(upto), []
        bounds = {"after": after, "upto": upto}
        if connection.dialect.name == "postgresql":
            sql, params = _CLAIMED_POSTGRES, self.postgres_claimed
        else:
            sql, params = self.sqlite_claimed
        claimed: dict[int, set[tuple[str, str, int]]] = {}
        for subscriber_id, task_key, start, lead in connection.execute(sql, {**params, **bounds}):
            claimed.setdefault(subscriber_id, set()).add((task_key, start, int(lead)))
        preferences = _PREFERENCES_SQL[connection.dialect.name]
        found = []
        for (
            subscriber_id,
            email,
            all_topics,
            all_cities,
            topics,
            leads,
            cities,
        ) in connection.execute(preferences, {**bounds, "active": ACTIVE, "sep": SEP}):
            profile = (
                bool(all_topics),
                None if all_topics else topics,
                leads,
                bool(all_cities),
                None if all_cities else cities,
            )
            items = self._profiles.get(profile)
            if items is None:
                items = self._decide(profile)
            if subscriber_id in claimed:
                items = _unclaimed(items, claimed[subscriber_id])
            if items:
                found.append((int(subscriber_id), email, items))
        return int(upto), found

    def _decide(self, profile: Profile) -> tuple[DueItem, ...]:
        """due_for this profile: once per distinct preferences (the same names in another
        order are the same), the items shared with every profile due for the same."""
        if self._size >= CACHED_ITEMS:
            self._profiles.clear()
            self._canonical.clear()
            self._items.clear()
            self._size = 0
        all_topics, topics, leads, all_cities, cities = profile
        wanted = (
            None if all_topics else _names(topics),
            tuple(sorted(int(d) for d in _names(leads))),
            None if all_cities else _names(cities),
        )
        items = self._canonical.get(wanted)
        if items is None:
            decided = due_for(self.windows, topics=wanted[0], lead_days=wanted[1], cities=wanted[2])
            items = tuple(
                self._items.setdefault((id(i.task), id(i.window), i.leads), i) for i in decided
            )
            self._canonical[wanted] = items
            self._size += len(items)
        self._profiles[profile] = items
        self._size += 1
        return items


def _names(joined: str | None) -> frozenset[str]:
    """The names a subscriber's row joined with SEP (none: NULL)."""
    return frozenset(joined.split(SEP)) if joined else frozenset()


def _unclaimed(
    items: tuple[DueItem, ...], claimed: set[tuple[str, str, int]]
) -> tuple[DueItem, ...]:
    """`items` without the leads the delivery log already holds for this subscriber, and
    without the windows the subscriber was told were announced (core.due.ANNOUNCED)."""
    kept = []
    for item in items:
        ref, start = item.ref, window_start(item.window)
        if (ref, start, ANNOUNCED) in claimed:
            continue
        leads = tuple(d for d in item.leads if (ref, start, d) not in claimed)
        if leads == item.leads:
            kept.append(item)
        elif leads:
            kept.append(DueItem(item.task, item.window, leads, item.schedule))
    return tuple(kept)
