"""Moved windows: what "Zmiana terminu" compares and says.

A `TaskWindows` is a task's expected windows as seen at one moment (the store keeps the last
one per task); `moved_or_removed` compares two sightings; a `WindowChange` is one recorded
difference (old -> new, or the task gone from the schedule). Pure data and rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from notifier.core.language import gettext as _
from notifier.core.language import quoted
from notifier.core.polish import format_span
from notifier.core.schedule import Schedule
from notifier.core.spans import Span, period_with_wording


def encode_windows(windows: tuple[Span, ...]) -> str:
    """'2024-06-01/2024-07-01;…' (ISO days, end exclusive); '' for an undated task."""
    return ";".join(f"{w.start.isoformat()}/{w.end.isoformat()}" for w in windows)


def decode_windows(text: str) -> tuple[Span, ...]:
    """The inverse of encode_windows; ValueError for text it did not write."""
    if not text:
        return ()
    spans = []
    for part in text.split(";"):
        start, end = part.split("/")
        spans.append(Span(date.fromisoformat(start), date.fromisoformat(end)))
    return tuple(spans)


@dataclass(frozen=True)
class TaskWindows:
    """One task as seen: its key, title (as in email subjects), topics, period as printed and
    windows (empty when undated)."""

    task_key: str
    title: str
    topics: tuple[str, ...]
    period: str
    windows: tuple[Span, ...]


def sightings(schedule: Schedule) -> dict[str, TaskWindows]:
    """Every task of the schedule as seen now, by key."""
    out = {}
    for department in schedule.departments:
        for task in department.tasks:
            out[task.key] = TaskWindows(
                task.key, department.title_of(task), task.topics, task.period.text, task.windows
            )
    return out


def moved_or_removed(
    before: Mapping[str, TaskWindows], now: Mapping[str, TaskWindows]
) -> list[tuple[TaskWindows, TaskWindows | None]]:
    """(before, now) for each task whose windows changed, (before, None) for each task gone.

    A reworded period with the same windows ("Czerwiec 2024" -> "06.2024") is no change; a
    new task is none either (nobody expected it yet).
    """
    out: list[tuple[TaskWindows, TaskWindows | None]] = []
    for key, old in before.items():
        new = now.get(key)
        if new is None or new.windows != old.windows:
            out.append((old, new))
    return out


def net_change(
    told: TaskWindows, now: TaskWindows | None
) -> tuple[TaskWindows, TaskWindows | None] | None:
    """The one change to tell of a task whose notices have not gone out yet: from `told`
    (its windows as subscribers were last told, the oldest untold change's old side) to
    `now` (None: gone from the harmonogram) — or None when the windows are `told`'s again (a
    task removed or moved, then put back before anyone was emailed: nothing to tell).

    So a file read half-written, then whole (issue 25, F19), leaves no notice; and two moves
    in a row are one notice, from the first window to the last."""
    if now is not None and now.windows == told.windows:
        return None
    return told, now


@dataclass(frozen=True, kw_only=True)
class WindowChange:
    """A recorded change: `new` is None when the task left the schedule; `detected_at` aware."""

    id: int
    old: TaskWindows
    new: TaskWindows | None
    detected_at: datetime

    @property
    def task_key(self) -> str:
        """The changed task's key, "department/task"."""
        return self.old.task_key

    @property
    def department_id(self) -> str:
        """The id of the changed task's department (the key's first part)."""
        return self.old.task_key.split("/", 1)[0]

    @property
    def topics(self) -> tuple[str, ...]:
        """The task's topics now, or as last seen when it left the schedule."""
        return self.new.topics if self.new is not None else self.old.topics

    @property
    def title(self) -> str:
        """The task's title now, or as last seen when it left the schedule."""
        return self.new.title if self.new is not None else self.old.title

    @property
    def removed(self) -> bool:
        """The task left the schedule (there is no new window)."""
        return self.new is None

    def describe(self) -> str:
        """'„Czerwiec 2024” (1 czerwca – 30 czerwca 2024) → „Lipiec 2024” (1 lipca – 31 lipca
        2024)', or '„Czerwiec 2024” (…) → usunięte z harmonogramu'."""
        old = _wording(self.old)
        if self.new is None:
            return _("%(old)s → usunięte z harmonogramu") % {"old": old}
        return f"{old} → {_wording(self.new)}"

    def still_ahead(self, today: date) -> bool:
        """Whether the old or the new window has not passed on `today` (a Warsaw day): only
        then is the change worth an email."""
        windows = self.old.windows + (self.new.windows if self.new is not None else ())
        return not windows or any(today < w.end for w in windows)


def _wording(seen: TaskWindows) -> str:
    spans = ", ".join(format_span(w.start, w.end) for w in seen.windows)
    if not spans:
        return f"{quoted(seen.period)} ({_('bez terminu')})"
    return period_with_wording(seen.period, spans, quote=True)
