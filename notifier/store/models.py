"""SQLAlchemy 2 ORM models: subscribers, their topics/lead days/tokens, the delivery log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from notifier.core.language import LANGUAGES, POLISH
from notifier.core.preferences import (
    DEFAULT_DEADLINE_DAYS,
    EMAIL_MAX,
    MAX_DEADLINE_DAYS,
    MAX_LEAD_DAYS,
    MIN_DEADLINE_DAYS,
    MIN_LEAD_DAYS,
    TOPIC_MAX,
)
from notifier.core.topic_vocabulary import canonical_topics

# Subscriber states.
PENDING = "pending"
ACTIVE = "active"
UNSUBSCRIBED = "unsubscribed"
STATES = (PENDING, ACTIVE, UNSUBSCRIBED)

# Token purposes.
CONFIRM = "confirm"
MANAGE = "manage"
UNSUBSCRIBE = "unsubscribe"

# Delivery statuses: "failed" will be retried, "rejected" is permanent.
CLAIMED = "claimed"
SENT = "sent"
FAILED = "failed"
REJECTED = "rejected"
DELIVERY_STATUSES = (CLAIMED, SENT, FAILED, REJECTED)

TASK_KEY_MAX = 200  # "city:department/task" (notifier.core.catalog.task_ref)
CITY_ID_MAX = 64

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def as_utc(value: datetime | None) -> datetime | None:
    """The one place timestamps are normalised: naive values (SQLite) are UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """DateTime(timezone=True) that refuses naive input and always returns aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        """An aware datetime as stored: UTC (naive UTC on SQLite, for ordering); ValueError for
        a naive one."""
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"timestamps must be timezone-aware, got {value!r}")
        value = value.astimezone(UTC)
        # SQLite stores text without an offset; keep it naive UTC there so ordering works.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """The stored value as an aware UTC datetime (as_utc); None stays None."""
        return as_utc(value)


class Base(DeclarativeBase):
    """The models' declarative base; its metadata names constraints and indexes by NAMING."""

    metadata = MetaData(naming_convention=NAMING)


def table_of(model: type[Base]) -> Table:
    """The Core table behind a model, typed as a Table (SQLAlchemy types it as a FromClause)."""
    return cast(Table, model.__table__)


class Subscriber(Base):
    """An email address signed up for reminders: its state (pending, active, unsubscribed), its
    choice of topics, cities, lead and deadline days, and each step's time (aware UTC)."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    # Lower-cased normalised address: the unique key, so addresses compare case-insensitively.
    email_key: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    all_topics: Mapped[bool] = mapped_column(Boolean, default=False)
    # True: every city; False: those in subscriber_cities; NULL: signed up before cities
    # existed and not yet placed in the city they signed up in (store/city_placement.py).
    all_cities: Mapped[bool | None] = mapped_column(Boolean, nullable=True, default=True)
    # Days before a call's termin składania ofert to remind (1–14).
    deadline_days: Mapped[int] = mapped_column(
        SmallInteger, default=DEFAULT_DEADLINE_DAYS, server_default=str(DEFAULT_DEADLINE_DAYS)
    )
    # The language of every email to them ("pl", "en", "uk"): the page's at sign-up, then
    # their choice on the settings page (notifier.core.language.LANGUAGES).
    language: Mapped[str] = mapped_column(String(8), default=POLISH, server_default=POLISH)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    topics: Mapped[list[SubscriberTopic]] = relationship(
        back_populates="subscriber", cascade="all, delete-orphan", lazy="selectin"
    )
    lead_days: Mapped[list[SubscriberLeadDays]] = relationship(
        back_populates="subscriber", cascade="all, delete-orphan", lazy="selectin"
    )
    cities: Mapped[list[SubscriberCity]] = relationship(
        back_populates="subscriber", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint(_one_of("state", STATES), name="state"),
        CheckConstraint(_one_of("language", LANGUAGES), name="language"),
        CheckConstraint(
            f"deadline_days BETWEEN {MIN_DEADLINE_DAYS} AND {MAX_DEADLINE_DAYS}",
            name="deadline_days_range",
        ),
        Index(None, "state", "all_topics"),
    )

    @property
    def topic_slugs(self) -> frozenset[str] | None:
        """The chosen topic slugs, or None for every topic."""
        return None if self.all_topics else canonical_topics(t.topic for t in self.topics)

    @property
    def city_ids(self) -> frozenset[str] | None:
        """The chosen cities' ids, or None for every city."""
        return None if self.all_cities is not False else frozenset(c.city_id for c in self.cities)

    @property
    def lead_day_values(self) -> tuple[int, ...]:
        """The chosen days before an expected call to remind (1–60), ascending."""
        return tuple(sorted(d.days for d in self.lead_days))


class SubscriberTopic(Base):
    """A topic slug whose tasks the subscriber wants (used unless `all_topics`)."""

    __tablename__ = "subscriber_topics"

    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(TOPIC_MAX), primary_key=True)

    subscriber: Mapped[Subscriber] = relationship(back_populates="topics")

    # The worker joins due tasks' topics to subscribers: look up by topic first.
    __table_args__ = (Index(None, "topic", "subscriber_id"),)


class SubscriberCity(Base):
    """A city whose tasks the subscriber wants (their choice of cities; none = every city)."""

    __tablename__ = "subscriber_cities"

    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    city_id: Mapped[str] = mapped_column(String(CITY_ID_MAX), primary_key=True)

    subscriber: Mapped[Subscriber] = relationship(back_populates="cities")

    # The worker joins due tasks' cities to subscribers: look up by city first.
    __table_args__ = (Index(None, "city_id", "subscriber_id"),)


class SubscriberLeadDays(Base):
    """One chosen lead: remind this many days (1–60) before a call is expected."""

    __tablename__ = "subscriber_lead_days"

    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    days: Mapped[int] = mapped_column(SmallInteger, primary_key=True)

    subscriber: Mapped[Subscriber] = relationship(back_populates="lead_days")

    __table_args__ = (
        CheckConstraint(f"days BETWEEN {MIN_LEAD_DAYS} AND {MAX_LEAD_DAYS}", name="days_range"),
        Index(None, "days", "subscriber_id"),
    )


class SubscriberToken(Base):
    """A confirm/manage/unsubscribe link token; only its sha256 hash is stored."""

    __tablename__ = "subscriber_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A confirm token's sign-up choices as its email described them (JSON, see
    # notifier.store.confirm_choices); NULL for other tokens and those minted before.
    choices: Mapped[str | None] = mapped_column(Text, nullable=True)

    subscriber: Mapped[Subscriber] = relationship(lazy="joined")


class Delivery(Base):
    """One email sent, being sent or failed: the log and the worker's claim record."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(EMAIL_MAX))
    subscriber_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscribers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    dedupe_key: Mapped[str | None] = mapped_column(String(200), nullable=True, unique=True)
    status: Mapped[str] = mapped_column(String(16), default=CLAIMED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    smtp_response: Mapped[str | None] = mapped_column(Text, nullable=True)
    message_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # host:pid:random of the pass holding a "claimed" row (see jobs/claim_owners.py).
    claimed_by: Mapped[str | None] = mapped_column(String(255), nullable=True)

    items: Mapped[list[DeliveryItem]] = relationship(
        back_populates="delivery", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint(_one_of("status", DELIVERY_STATUSES), name="status"),
        Index(None, "status", "next_attempt_at"),
    )


class DeliveryItem(Base):
    """One (subscriber, task window, lead time) covered by a delivery; unique = claimed once."""

    __tablename__ = "delivery_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), index=True
    )
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    task_key: Mapped[str] = mapped_column(String(TASK_KEY_MAX))
    # ISO date the task's window started on when claimed: if the city moves the window,
    # subscribers are reminded of the new one.
    window_start: Mapped[str] = mapped_column(String(10))
    lead_days: Mapped[int] = mapped_column(SmallInteger)

    delivery: Mapped[Delivery] = relationship(back_populates="items")

    __table_args__ = (UniqueConstraint("subscriber_id", "task_key", "window_start", "lead_days"),)


class RateLimitEvent(Base):
    """One counted action (e.g. a sign-up form post) for per-address / per-client limits."""

    __tablename__ = "rate_limit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(32))
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # The sign-up email this event counts; it stops counting if that email is not accepted.
    delivery_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)

    __table_args__ = (Index(None, "scope", "key_hash", "created_at"),)


class WorkerLock(Base):
    """The single-worker lock: one row per lock name, held by `owner` while its heartbeat is fresh."""

    __tablename__ = "worker_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(255))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedEventVersion(Base):
    """The version of one calendar event (by UID), or of the whole feed (FEED_VERSION_KEY):
    the hash of its content, its SEQUENCE and when it last changed (LAST-MODIFIED)."""

    __tablename__ = "feed_event_versions"

    uid: Mapped[str] = mapped_column(String(255), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime())


class TaskWindowSnapshot(Base):
    """A task's expected windows as last seen in the schedule: what "Zmiana terminu" compares."""

    __tablename__ = "task_window_snapshots"

    task_key: Mapped[str] = mapped_column(String(TASK_KEY_MAX), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    topics: Mapped[str] = mapped_column(Text)  # slugs joined by ","
    period: Mapped[str] = mapped_column(Text)  # as printed
    windows: Mapped[str] = mapped_column(Text)  # "start/end" ISO days joined by ";"
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WindowChange(Base):
    """A task's window moved (old -> new) or the task left the schedule (new_* are NULL)."""

    __tablename__ = "window_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_key: Mapped[str] = mapped_column(String(TASK_KEY_MAX), index=True)
    title: Mapped[str] = mapped_column(Text)
    topics: Mapped[str] = mapped_column(Text)
    old_period: Mapped[str] = mapped_column(Text)
    old_windows: Mapped[str] = mapped_column(Text)
    new_period: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_windows: Mapped[str | None] = mapped_column(Text, nullable=True)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ServedFile(Base):
    """Which file serves a city's year (notifier.core.served_files): its path relative to the
    served directory, recorded when first chosen, so no edit or restart hands it to a copy."""

    __tablename__ = "served_files"

    city_id: Mapped[str] = mapped_column(String(CITY_ID_MAX), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(Text)
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime())


class KeptFile(Base):
    """The last good content of a served harmonogram file (notifier.files.kept), named as in
    served_files: a process started while the file does not validate serves this version."""

    __tablename__ = "kept_files"

    source: Mapped[str] = mapped_column(Text, primary_key=True)
    version: Mapped[str] = mapped_column(String(12))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime())
