"""The reminder pass's decide step in the database: due_windows' short list joined against the
subscriber tables, one indexed query per batch of subscriber ids.

The rule itself lives in notifier.core.due; this is its fast form for 100,000 subscribers.
tests/due_reference.py states the same decision in plain Python, and a property test holds
this SQL to it on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, TextClause, text

from notifier.core.due import DueItem, DueTask
from notifier.jobs.claims import Found, window_start
from notifier.store.models import ACTIVE


def _due_cte(windows: Sequence[DueTask]) -> tuple[str, dict[str, Any]]:
    """The small due list as two VALUES CTEs: due(task_key, window_start, min_lead, city_id)
    and due_topics(task_key, topic); task_key is the delivery log's reference (DueTask.ref),
    city_id '' for a task outside a catalog (no choice of cities applies)."""
    params: dict[str, Any] = {}
    due_rows, topic_rows = [], []
    for i, window in enumerate(windows):
        params[f"k{i}"] = window.ref
        params[f"w{i}"] = window_start(window.window)
        params[f"m{i}"] = window.min_lead
        params[f"c{i}"] = window.city_id
        due_rows.append(f"(:k{i}, :w{i}, CAST(:m{i} AS INTEGER), CAST(:c{i} AS VARCHAR(64)))")
        for j, topic in enumerate(window.task.topics):
            params[f"t{i}_{j}"] = topic
            topic_rows.append(f"(:k{i}, :t{i}_{j})")
    topics = (
        f"VALUES {', '.join(topic_rows)}"
        if topic_rows
        else "SELECT CAST(NULL AS VARCHAR(200)), CAST(NULL AS VARCHAR(64)) WHERE 1 = 0"
    )
    cte = (
        f"WITH due(task_key, window_start, min_lead, city_id) AS (VALUES {', '.join(due_rows)}), "
        f"due_topics(task_key, topic) AS ({topics}) "
    )
    return cte, params


# The tests both forms share: the task's city chosen (or every city), not yet in the log.
_CITY_AND_NOT_SENT = """
  AND (d.city_id = '' OR s.all_cities OR EXISTS (
        SELECT 1 FROM subscriber_cities AS sc
        WHERE sc.subscriber_id = s.id AND sc.city_id = d.city_id))
  AND NOT EXISTS (
        SELECT 1 FROM delivery_items AS di
        WHERE di.subscriber_id = s.id AND di.task_key = d.task_key
          AND di.window_start = d.window_start AND di.lead_days = l.days)
ORDER BY s.id
"""

# One indexed query per batch of subscriber ids: lead days >= the task's smallest due lead,
# a topic in common (or every topic), the task's city chosen (or every city; a subscriber not
# yet placed in a city, all_cities NULL, gets nothing), active, and not yet in the log.
# Written as a cross join filtered in WHERE so that the batch's id range drives the plan: with
# JOIN … ON, SQLite built a temporary index over every active subscriber for each batch, and
# the cost of a batch grew with the whole table.
_DUE_SELECT = (
    """
SELECT s.id, s.email, d.task_key, d.window_start, l.days
FROM subscribers AS s
CROSS JOIN subscriber_lead_days AS l
CROSS JOIN due AS d
WHERE l.subscriber_id = s.id AND l.days >= d.min_lead
  AND s.state = :active AND s.id > :after AND s.id <= :upto
  AND l.subscriber_id > :after AND l.subscriber_id <= :upto
  AND (s.all_topics OR EXISTS (
        SELECT 1 FROM subscriber_topics AS st
        JOIN due_topics AS dt ON dt.topic = st.topic
        WHERE st.subscriber_id = s.id AND dt.task_key = d.task_key))
"""
    + _CITY_AND_NOT_SENT
)

# PostgreSQL does not carry the id range from s.id over to l.subscriber_id (only equalities
# are), hence the range on both above: without it, it read every subscriber's lead days for
# each batch. It also runs the correlated topic test once per (subscriber, window) against
# an unindexed VALUES list (54 s per batch of 1,000 at 100,000 subscribers × 2,000 tasks):
# there the batch's topic matches are computed once, set-wise, and hash-joined.
_DUE_SELECT_POSTGRES = (
    """
, topic_match(subscriber_id, task_key) AS MATERIALIZED (
  SELECT DISTINCT st.subscriber_id, dt.task_key
  FROM subscriber_topics AS st JOIN due_topics AS dt ON dt.topic = st.topic
  WHERE st.subscriber_id > :after AND st.subscriber_id <= :upto)
SELECT s.id, s.email, d.task_key, d.window_start, l.days
FROM subscribers AS s
JOIN subscriber_lead_days AS l ON l.subscriber_id = s.id
JOIN due AS d ON l.days >= d.min_lead
LEFT JOIN topic_match AS tm ON tm.subscriber_id = s.id AND tm.task_key = d.task_key
WHERE s.state = :active AND s.id > :after AND s.id <= :upto
  AND l.subscriber_id > :after AND l.subscriber_id <= :upto
  AND (s.all_topics OR tm.subscriber_id IS NOT NULL)
"""
    + _CITY_AND_NOT_SENT
)

_NEXT_BATCH_SQL = text("""
SELECT MAX(id) FROM (
  SELECT id FROM subscribers WHERE state = :active AND id > :after ORDER BY id LIMIT :size
) AS batch
""")


@dataclass(frozen=True)
class DueQuery:
    """The decide step for one moment: due_windows' short list joined against the subscriber
    tables in the database, one indexed query per batch of subscriber ids."""

    windows: Sequence[DueTask]
    sql: TextClause
    params: dict[str, Any]
    postgres_sql: TextClause

    @classmethod
    def prepare(cls, windows: Sequence[DueTask]) -> DueQuery:
        cte, params = _due_cte(windows)
        postgres = text(cte.rstrip() + _DUE_SELECT_POSTGRES)
        return cls(windows, text(cte + _DUE_SELECT), params, postgres)

    def batch(
        self, connection: Connection, after: int, size: int
    ) -> tuple[int | None, list[Found]]:
        """The next `size` active subscribers after id `after`: (last id, those with something
        due); (None, []) when no subscriber is left."""
        upto = connection.execute(
            _NEXT_BATCH_SQL, {"active": ACTIVE, "after": after, "size": size}
        ).scalar()
        if upto is None:
            return None, []
        sql = self.postgres_sql if connection.dialect.name == "postgresql" else self.sql
        params = {**self.params, "active": ACTIVE, "after": after, "upto": upto}
        if connection.dialect.name == "postgresql":
            # Its row estimates for `days >= min_lead` are far off, and it then merge-joins
            # the topic matches on the subscriber alone (15 million rows filtered per batch).
            connection.execute(text("SET LOCAL enable_mergejoin = off"))
        rows = connection.execute(sql, params).all()
        return int(upto), group_due_rows(rows, self.windows)


def group_due_rows(rows: Iterable[Any], windows: Sequence[DueTask]) -> list[Found]:
    """Rows (subscriber, email, task_key, window_start, lead) → per subscriber, the due items
    in window order."""
    order = {(w.ref, window_start(w.window)): (i, w) for i, w in enumerate(windows)}
    per: dict[int, tuple[str, dict[tuple[str, str], set[int]]]] = {}
    for subscriber_id, email, task_key, start, lead in rows:
        due = per.setdefault(subscriber_id, (email, {}))[1]
        due.setdefault((task_key, start), set()).add(int(lead))
    out = []
    for subscriber_id, (email, tasks) in per.items():
        keys = sorted(tasks, key=lambda k: order[k][0])
        items = tuple(
            DueItem(
                order[k][1].task,
                order[k][1].window,
                tuple(sorted(tasks[k])),
                order[k][1].schedule,
            )
            for k in keys
        )
        out.append((subscriber_id, email, items))
    return out
