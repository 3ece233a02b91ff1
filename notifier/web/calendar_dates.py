"""The calendars' dates as a process answers them (notifier.core.feed_dates, recorded by
notifier.store.feed_dates): what is recorded is read once per rendering generation (one
query, not one per calendar), a calendar whose bytes are as recorded is answered from it,
and the dates of calendars first seen while a publication renders are recorded together at
its end (one statement for thousands of calendars, not a transaction each). A row another
process moves meanwhile is found again when the bytes a process renders change."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from notifier.core.feed_dates import RecordedDate, feed_date
from notifier.store.db import Database
from notifier.store.feed_dates import record_digest_date, record_first_dates, recorded_dates


class CalendarDates:
    """One generation's view of the recorded calendar dates (see the module): `date` raises
    SQLAlchemyError when the database fails; a batch's recording failing at its end is given
    to `unstored` (the dates are recorded by a later rendering)."""

    def __init__(
        self,
        database: Callable[[], Database],
        clock: Callable[[], datetime],
        unstored: Callable[[SQLAlchemyError], None],
    ) -> None:
        self._database, self._clock, self._unstored = database, clock, unstored
        self._known: dict[str, RecordedDate] | None = None
        self._first: dict[str, RecordedDate] = {}
        self._batched = 0
        self._lock = threading.Lock()

    def date(self, key: str, digest: str, content_date: datetime) -> datetime:
        """The date of the calendar `key` whose bytes' SHA-256 is `digest`."""
        with self._lock:
            if self._known is None:
                self._known = recorded_dates(self._database())
            known = self._known.get(key) or self._first.get(key)
            if known is not None and known.digest == digest:
                return known.date
            if known is None:
                seen = RecordedDate(digest, feed_date(None, digest, content_date, self._clock()))
                self._first[key] = seen
                if not self._batched:
                    self._flush()
                return seen.date
        moment = record_digest_date(self._database(), key, digest, content_date, self._clock())
        with self._lock:
            assert self._known is not None
            self._known[key] = RecordedDate(digest, moment)
        return moment

    @contextmanager
    def batched(self) -> Iterator[None]:
        """While a publication renders: first seen dates are recorded at its end."""
        with self._lock:
            self._batched += 1
        try:
            yield
        finally:
            with self._lock:
                self._batched -= 1
                try:
                    if not self._batched and self._known is not None:
                        self._flush()
                except SQLAlchemyError as exc:
                    self._unstored(exc)

    def _flush(self) -> None:
        first, self._first = self._first, {}
        record_first_dates(self._database(), first)
        assert self._known is not None
        self._known.update(first)
