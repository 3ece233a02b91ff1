"""Value types of a period: a dated span of whole days, dated and undated periods.

A `Span` is always dated (the type refuses an empty or backwards span), so code that holds one
never checks `start is not None`. A printed period parses to a `DatedPeriod` (one window, or
several rounds) or an `UndatedPeriod` (no window at all): "undated" is a different type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from notifier.core.errors import NotifierError
from notifier.core.language import gettext as _
from notifier.core.language import quoted
from notifier.core.polish import format_date, format_span


class PeriodKind(StrEnum):
    """How a period was worded; decides how it is shown ("najpóźniej do …", "w trybie ciągłym")."""

    DAY = "day"  # "15.03.2025", "20 XI 2025"
    DAYS = "days"  # "3–14 listopada 2025", "od 05.05.2025 do 26.05.2025"
    HALF_MONTH = "half-month"  # "w I połowie października" (1st–15th), "w II połowie" (16th–end)
    DECADE = "decade"  # "I dekada kwietnia" (1st–10th), "II dekada" (11th–20th), "III" (21st–end)
    MONTH = "month"
    MONTHS = "months"
    QUARTER = "quarter"
    QUARTERS = "quarters"
    HALF_YEAR = "half-year"
    YEAR = "year"
    YEARS = "years"  # "w latach 2025–2027", "styczeń 2025 – grudzień 2027"
    DEADLINE = "deadline"  # "do 20 marca 2025": from the harmonogram's as_of to the deadline
    OPEN_ENDED = "open-ended"  # "od marca 2025 r.": to the end of that year (check warns)
    CONTINUOUS = "continuous"  # "w trybie ciągłym", "na bieżąco" (small grants, art. 19a)
    ROUNDS = "rounds"  # "marzec, wrzesień", "I nabór: marzec; II nabór: wrzesień"
    UNDATED = "undated"

    @property
    def label(self) -> str:
        """Polish, for people reading an export: "termin „do …” (najpóźniej do dnia)"."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    PeriodKind.DAY: "dzień",
    PeriodKind.DAYS: "dni",
    PeriodKind.HALF_MONTH: "połowa miesiąca",
    PeriodKind.DECADE: "dekada miesiąca",
    PeriodKind.MONTH: "miesiąc",
    PeriodKind.MONTHS: "miesiące",
    PeriodKind.QUARTER: "kwartał",
    PeriodKind.QUARTERS: "kwartały",
    PeriodKind.HALF_YEAR: "półrocze",
    PeriodKind.YEAR: "cały rok",
    PeriodKind.YEARS: "kilka lat",
    PeriodKind.DEADLINE: "termin „do …” (najpóźniej do dnia)",
    PeriodKind.OPEN_ENDED: "od … (bez końca, do końca roku)",
    PeriodKind.CONTINUOUS: "tryb ciągły",
    PeriodKind.ROUNDS: "kilka naborów",
    PeriodKind.UNDATED: "bez terminu",
}


class PeriodError(NotifierError):
    """The printed text is not a period we understand; the message (Polish) names the text."""


@dataclass(frozen=True, order=True)
class Span:
    """A half-open span [start, end) of whole days (calendar dates, Europe/Warsaw).

    Raises ValueError if `end` is not after `start`: a span holds at least one day.
    """

    start: date
    end: date  # exclusive: the day after the last day

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"empty span [{self.start}, {self.end})")

    @property
    def last_day(self) -> date:
        """The last day in the span (the day before `end`)."""
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        """How many days the span holds (≥ 1)."""
        return (self.end - self.start).days

    def __contains__(self, day: date) -> bool:
        return self.start <= day < self.end


@dataclass(frozen=True)
class DatedPeriod:
    """A printed period with one window or several (rounds), ascending and not overlapping.

    `text` is the period as printed. `note` keeps what the text says beyond its dates: a
    footnote mark ("**" in "do 24.04.2025 r.**") or "konkurs wieloletni"/"trzyletni".
    `window` is the clerk's reading given beside a vague printed text (the file's `window =
    "1–10 marca 2025"`): the windows are its, the text stays the printed one.
    """

    text: str
    kind: PeriodKind
    windows: tuple[Span, ...]
    note: str | None = None
    window: str | None = None

    def __post_init__(self) -> None:
        if not self.windows:
            raise ValueError("a dated period has at least one window")
        if any(a.end > b.start for a, b in zip(self.windows, self.windows[1:], strict=False)):
            raise ValueError(f"windows overlap or are out of order: {self.windows}")

    @property
    def dated(self) -> bool:
        """Always True: a dated period has at least one window."""
        return True

    @property
    def start(self) -> date:
        """First day of the first window."""
        return self.windows[0].start

    @property
    def end(self) -> date:
        """Day after the last day of the last window (exclusive)."""
        return self.windows[-1].end

    def wording(self, window: Span) -> str:
        """One window as readers see it: "1 maja – 31 maja 2024", "najpóźniej do 20 marca 2025"."""
        return window_wording(self.kind, window)


@dataclass(frozen=True)
class UndatedPeriod:
    """A period with no date ("-", or a phrase kept in `note`, e.g. "Tryb ustawy o …")."""

    text: str
    note: str | None = None

    @property
    def kind(self) -> PeriodKind:
        """Always PeriodKind.UNDATED."""
        return PeriodKind.UNDATED

    @property
    def dated(self) -> bool:
        """Always False: an undated period has no window."""
        return False

    @property
    def windows(self) -> tuple[Span, ...]:
        """Always empty: an undated period has no window."""
        return ()


Period = DatedPeriod | UndatedPeriod


def window_wording(kind: PeriodKind, window: Span) -> str:
    """The wording of one window of a period of this kind (in the current language)."""
    if kind == PeriodKind.DEADLINE:
        return _("najpóźniej do %(day)s") % {"day": format_date(window.last_day)}
    if kind == PeriodKind.CONTINUOUS:
        return _("w trybie ciągłym, %(span)s") % {"span": format_span(window.start, window.end)}
    return format_span(window.start, window.end)


_FILLER = re.compile(r"\b(r\.|roku|rok|najpóźniej)(?=\W|$)|[„”\"'.,;:()]", re.IGNORECASE)


def _words(text: str) -> str:
    return " ".join(_FILLER.sub(" ", text).lower().split())


def period_with_wording(printed: str, wording: str, *, quote: bool = False) -> str:
    """The period as printed with its window as worded, saying nothing twice:
    "Maj 2024 (1 maja – 31 maja 2024)"; "w trybie ciągłym (1 stycznia – 31 grudnia 2027)",
    not "w trybie ciągłym (w trybie ciągłym, …)"; "najpóźniej do 31 stycznia 2027" alone
    when the printed "do 31 stycznia 2027 r." says the same. `quote` puts the printed text
    in the reader's quotation marks (only when it is shown)."""
    shown = quoted(printed) if quote else printed
    said, worded = _words(printed), _words(wording)
    if not said or said == worded or (said in worded and worded.endswith(said)):
        return wording
    if said.startswith("do ") and worded.endswith(said[3:]) and " – " in wording:
        return f"{shown} (od {wording.split(' – ', 1)[0]})"  # "do 31 stycznia" from as_of
    if worded.startswith(said) and "," in wording:
        head, rest = wording.split(",", 1)
        if _words(head) == said:
            return f"{shown} ({rest.strip()})"
    return f"{shown} ({wording})"
