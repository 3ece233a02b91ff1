"""Hours printed inside a period cell, set aside so they never widen or shift a day window.

"do 15 kwietnia 2025 r., godz. 15:30", "od 03.03.2025 r. godz. 8:00 do 24.03.2025 r. godz.
16:00", "do 05.08.2020 r. do godziny 23:59:59", "19 września 2018 po godz. 18.00 (środa)",
"31.03.2026 10:00 31.03.2026 12:00", "31 marca 2016 r. o godzinie 17.00". `strip_hours(text, kept)` removes each hour that follows
a date or is named "godz." and appends it to `kept` for the period's note ("godz. 15:30",
"po godz. 18:00"): an offer deadline keeps its hour, the window stays whole days. "po" and
"przed" are read only before a named hour ("po godz. 18.00"): they bound the hour of that day,
not the day, and stay in the note; "po 18 marca" is left for the grammar to refuse.
"""

from __future__ import annotations

import re

from notifier.core.period_words import MONTH_NAMES, Invalid

_I = re.IGNORECASE
# "14:00", "g.14.00", "godz: 16:15", "23:59:59" (the seconds change nothing a day window shows)
_TIME = r"(?<![\d:/])(?<!\d\.)(\d{1,2})[:.](\d{2})(?::\d{2})?(?![\d:/]|\.\d)"
_HOUR = re.compile(
    r",?\s*(?:\b(od|do|w|o|po|przed)\s+)?(godz[.:]?|godziny|godzinie|godzinach|g\.)?\s*"
    rf"{_TIME}(?:\s*-\s*{_TIME})?(?:\s*(?:godz\.?|h)(?![^\W\d_]))?",
    _I,
)
# "do godz. 1500", "godz. 1530" (a superscript the PDF lost), "do godziny 12." (the hour alone):
# read only after a word naming the hour, never before a month ("godz. 15 marca" is no hour).
_NAMED_HOUR = re.compile(
    r",?\s*(?:\b(od|do|w|o|po|przed)\s+)?(godz[.:]?|godziny|godzinie|g\.)\s*"
    r"(?<![\d:/])(?<!\d\.)(\d{1,2})(\d{2})?(?![\d:/]|\.\d)\.?"
    rf"(?!\s*(?:{'|'.join(w for forms in MONTH_NAMES for w in forms)})(?![^\W\d_]))",
    _I,
)
# "do końca dnia", "do północy" beside a date: the hour the day ends, kept in the note.
_END_OF_DAY = re.compile(r",?\s*\b(do)\s+(ko[nń]ca\s+dnia|p[oó][łl]nocy)(?![^\W\d_])", _I)
_HOUR_AFTER_DATE = re.compile(
    r"(?:\d{4}|r\.|roku|\b(?!(?:od|do|w)\b)[^\W\d_]{2,}\.?)\s*,?\s*\(?\s*$", _I
)
_DATE_AFTER_HOUR = re.compile(r"\s*,?\s*(?:dnia\s+)?\d{1,2}(?:\.\d{1,2}\.|\s+[^\W\d_]{3,})", _I)
_BOUNDS_OF_HOUR = ("po", "przed")  # kept in the note with the hour they bound


def strip_hours(text: str, kept: list[str], bounds: list[str] | None = None) -> str:
    """`text` without its hours; each removed hour is appended to `kept` ("godz. 15:30"), and
    to `bounds` the connective of each hour printed after a date ("do" in "30 czerwca do godz.
    16:00", "od", "o", "" for a bare "godz. 16:00"): see `until_hour`."""
    bounds = [] if bounds is None else bounds
    out: list[str] = []
    pos = 0
    for match in _HOUR.finditer(text):
        connective, named = (match.group(1) or "").lower(), match.group(2)
        times = [(match.group(n), match.group(n + 1)) for n in (3, 5) if match.group(n)]
        if not all(_is_time(int(h), int(m)) for h, m in times):
            if named or ":" in match.group(0):  # blind11 M2: the hour is wrong, not "godz"
                h, m = next((h, m) for h, m in times if not _is_time(int(h), int(m)))
                raise Invalid(
                    f"nie ma takiej godziny: {int(h)}:{m} (godzina od 0:00 do 24:00, minuty "
                    "od 00 do 59)"
                )
            continue
        if connective in _BOUNDS_OF_HOUR and not named:
            continue  # "po 18.00" without "godz.": left to the grammar, which refuses "po"
        after_date = _after_date(text, match.start())
        before_date = bool(_DATE_AFTER_HOUR.match(text, match.end()))
        spoken = named or ":" in match.group(0) or connective == "o"  # "o 16.15": an hour
        if not spoken or not (named or after_date or before_date):
            continue
        out.append(text[pos : match.start()])
        midnight = (int(times[-1][0]), int(times[-1][1])) == (0, 0)  # period_checks asks
        bounds.append(connective if after_date and not midnight else f"{connective}:other")
        if connective in ("od", "do") and not after_date:
            out.append(f" {connective} ")  # "do godz. 15:30 dnia 15 kwietnia": still a deadline
        hour = "godz. " + "–".join(f"{int(h)}:{m}" for h, m in times)
        kept.append(f"{connective} {hour}" if connective in _BOUNDS_OF_HOUR else hour)
        pos = match.end()
    out.append(text[pos:])
    out_text = _NAMED_HOUR.sub(lambda m: _named(m, kept, bounds), " ".join(out))
    return _END_OF_DAY.sub(lambda m: _named(m, kept, []), out_text)


def until_hour(bounds: list[str]) -> bool:
    """Whether the cell's one hour ends offers on its date: "5 listopada 2015 r., do godziny
    12.00", "30 czerwca do godz. 16:00" print a deadline at that hour, not a one-day window.
    "o godz. 17:00" (at), "od godz. 8:00 do godz. 16:00" (office hours of the day) and a bare
    "godz. 16:00" stay the day, and "do godz. 0:00" is left to period_checks, which names both
    days it may mean; whether the date is a single day is the caller's to check."""
    return bounds == ["do"]


def _named(match: re.Match[str], kept: list[str], bounds: list[str]) -> str:
    connective = (match.group(1) or "").lower()
    if match.re is _END_OF_DAY:  # "19 października 2022 r. do końca dnia": that day
        text = f"do {match.group(2).lower()}"
    elif (
        match.group(4)
        and 19 <= int(match.group(3)) <= 21
        and not _after_date(match.string, match.start())
    ):
        return match.group(0)  # "godziny 2025": a year as likely as 20:25
    elif _is_time(int(match.group(3)), int(match.group(4) or 0)):
        text = f"godz. {int(match.group(3))}:{match.group(4) or '00'}"
        after = _after_date(match.string, match.start()) and int(match.group(3)) != 0
        bounds.append(connective if after else f"{connective}:other")
    else:
        return match.group(0)
    kept.append(f"{connective} {text}" if connective in _BOUNDS_OF_HOUR else text)
    return (
        f" {connective} "
        if connective in ("od", "do") and not _after_date(match.string, match.start())
        else " "
    )


def _after_date(text: str, end: int) -> bool:
    """Whether `text[:end]` ends with a date's last word. Only its tail is searched: the
    pattern ends at "$", and searching the whole head for each hour made a cell of one hour
    pasted n times cost n² (16,000 times held a scan for minutes, blind4 G0). The tail is
    longer than anything the pattern can match at the end but a word, and a word's tail is
    still a word."""
    return bool(_HOUR_AFTER_DATE.search(text[max(0, end - _TAIL) : end]))


_TAIL = 40


def _is_time(hour: int, minute: int) -> bool:
    return (hour <= 23 and minute <= 59) or (hour, minute) == (24, 0)


_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_MINUTES = re.compile(
    rf"((?:godz\.?|godziny|godzinie|g\.)\s*\d{{1,2}})\s*([{_SUPERSCRIPT}]{{2}})(?![{_SUPERSCRIPT}])",
    _I,
)


def superscript_minutes(text: str) -> str:
    """ "do godz. 15³⁰" as "do godz. 15:30": the minutes a document sets in superscript."""
    return _SUPERSCRIPT_MINUTES.sub(
        lambda m: f"{m.group(1)}:{m.group(2).translate(str.maketrans(_SUPERSCRIPT, '0123456789'))}",
        text,
    )


_ANY_TIME = re.compile(_TIME)


def ends_at_midnight(text: str) -> str | None:
    """ "until" when the cell's last hour is midnight ("0:00", "00.00") after "do" ("do godz.
    0:00"), "at" for any other midnight, None when the last hour is another or a date follows it:
    "do 15.03.2025 godz. 0:00" ends when 14 March does (notifier.core.period_checks)."""
    times = list(_ANY_TIME.finditer(text))
    if not times or re.search(r"\d", text[times[-1].end() :]):
        return None
    if (int(times[-1].group(1)), int(times[-1].group(2))) != (0, 0):
        return None
    until = re.search(
        r"(?<![^\W\d_])do\s+(?:godz\.?|godziny|g\.)?\s*$", text[: times[-1].start()], re.IGNORECASE
    )
    return "until" if until else "at"


def starts_at_day_end(text: str) -> bool:
    """The cell's first hour is 24:00 after a date that starts the period ("od 14.03.2025 godz.
    24:00 …"): the window begins when 15 March does."""
    times = list(_ANY_TIME.finditer(text))
    if not times or (int(times[0].group(1)), int(times[0].group(2))) != (24, 0):
        return False
    return len(times) > 1 or re.match(r"\s*od\b", text, re.IGNORECASE) is not None
