"""The office overview's figures counted in the database (SQLite and PostgreSQL): followers
per department of a city, and emails by kind and status since a moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notifier.core.preferences import Preferences
from notifier.store.db import Database
from notifier.store.delivery_log import deliveries
from notifier.store.models import CLAIMED, FAILED, REJECTED, SENT
from notifier.store.office_figures import email_counts, followers_per_department
from notifier.store.subscribers import add_active, remove

NOW = datetime(2024, 5, 10, 8, 0, tzinfo=UTC)
TOPICS = {"sport": ("sport", "zdrowie"), "kultura": ("kultura",), "puste": ()}


def _people(db: Database) -> dict[str, int]:
    def prefs(topics: set[str] | None, cities: set[str] | None) -> Preferences:
        return Preferences(
            frozenset(topics) if topics is not None else None, (7,),
            cities=frozenset(cities) if cities is not None else None,
        )  # fmt: skip

    ago = NOW - timedelta(days=40)
    with db.session() as session:
        people = {
            "sport-and-health@x.pl": add_active(session, "sport-and-health@x.pl", prefs({"sport", "zdrowie"}, {"leszno"}), ago),
            "all-topics@x.pl": add_active(session, "all-topics@x.pl", prefs(None, None), ago),
            "culture@x.pl": add_active(session, "culture@x.pl", prefs({"kultura"}, {"leszno", "gniezno"}), ago),
            "other-city@x.pl": add_active(session, "other-city@x.pl", prefs({"sport"}, {"gniezno"}), ago),
            "gone@x.pl": add_active(session, "gone@x.pl", prefs({"sport"}, {"leszno"}), ago),
        }  # fmt: skip
        remove(session, "gone@x.pl", ago + timedelta(days=1))
        session.flush()
        return {email: s.id for email, s in people.items()}


def test_followers_per_department_count_each_active_subscriber_once(db: Database) -> None:
    _people(db)
    with db.engine.connect() as connection:
        leszno = followers_per_department(connection, "leszno", TOPICS)
        everyone = followers_per_department(connection, None, TOPICS)
    assert leszno == {"sport": 2, "kultura": 2, "puste": 1}
    assert everyone == {"sport": 3, "kultura": 2, "puste": 1}


def test_emails_since_a_moment_by_kind_and_status(db: Database) -> None:
    ids = _people(db)
    rows = [
        ("reminder", SENT, ids["sport-and-health@x.pl"], None, NOW - timedelta(days=2)),
        ("reminder", FAILED, ids["all-topics@x.pl"], None, NOW - timedelta(days=29)),
        ("reminder", REJECTED, ids["culture@x.pl"], None, NOW - timedelta(days=1)),
        ("reminder", SENT, ids["culture@x.pl"], None, NOW - timedelta(days=31)),  # too old
        ("reminder", CLAIMED, ids["culture@x.pl"], None, NOW - timedelta(days=1)),
        ("call", SENT, ids["other-city@x.pl"], None, NOW - timedelta(days=3)),
        ("digest", SENT, None, "digest:2024-W18:leszno", NOW - timedelta(days=7)),
    ]
    with db.engine.begin() as connection:
        connection.execute(
            deliveries.insert(),
            [
                {"kind": kind, "recipient": "r@x.pl", "subscriber_id": sid, "dedupe_key": key,
                 "status": status, "attempts": 1, "created_at": at, "last_attempt_at": at}
                for kind, status, sid, key, at in rows
            ],
        )  # fmt: skip
    with db.engine.connect() as connection:
        found = email_counts(connection, NOW - timedelta(days=30))
    assert found == {
        "reminder": {SENT: 1, FAILED: 1, REJECTED: 1, CLAIMED: 1},
        "call": {SENT: 1},
        "digest": {SENT: 1},
    }
