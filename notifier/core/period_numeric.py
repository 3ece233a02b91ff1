"""Numeric, Roman and numbered forms of printed periods, rewritten before the grammar reads.

Tables print periods in short forms: "14.03.2025", "2025-03-14", "Q1 2025", "5.XII", "XII 2024 –
I 2025", "przełom III/IV", "kw. I i II 2025", "I kw. – II kw. 2025", "III kw. 2024 – I kw. 2025", "rok szkolny
2025/2026". `numeric_forms(text)` rewrites each into the grammar's own words (notifier.core.
period_words) and raises `Invalid` naming both readings where the print allows two: "03/04.2025"
(March–April, or 3 April), "10-12.2025" (October–December, or days 10–12 of a month the print lost), "III 2024 – I 2025" (months or
quarters), "I kw. III kw." (two rounds or the whole span), "sezon 2025/2026" (a season has no
fixed months). A form it does not know is left for the grammar to read or refuse.
"""

from __future__ import annotations

import re

from notifier.core.period_words import MONTH_NAMES, Invalid

_I = re.IGNORECASE
_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_ROMAN = "|".join(sorted(_ROMAN_MONTHS, key=len, reverse=True))
_NUMBER = r"(?:IV|I{1,3}|[1-4])"  # a quarter's or a half's number, Roman or Arabic
_QUARTER = r"(?:kwarta[łl][^\W\d_]*|kw\.?)"
_HALF = r"(?:p[oó][łl]rocz[^\W\d_]*|p[oó][łl]r\.)"
_SEP = r"(?:-|,|/|\bi\b|\boraz\b)"

# "XII 2024 – I 2025", "XII.2024 – I.2025": Roman numbers with a year on both sides.
_ROMAN_RANGE = re.compile(
    rf"(?<![^\W\d_])({_ROMAN})\.?\s*(\d{{4}})\s*-\s*({_ROMAN})\.?\s*(\d{{4}})(?!\d)"
)
# "03-04.2025", "03/04.2025", "10-12.2025", "03/04 2025": two numbers joined by a dash or a
# slash, then a year: two months, or a day and its month with the separators mixed.
_MONTH_RUN = re.compile(
    r"(?<![\d./-])(\d{1,2})\.?\s*([-/])\s*(\d{1,2})(?:\.|\s+)(\d{4})(?![\d.])(?!\s*[-/.]\s*\d)"
)
# "5-XII", "9XII", "5.XII": a day glued to a Roman month ("28 XI - 9XII"), not a range to it.
_DAY_ROMAN = re.compile(
    rf"(?<![\d./-])(\d{{1,2}})(?:-|\.)?({_ROMAN})(?![^\W\d_])(?!\.?\s*(?:kw|p[oó][łl]))", _I
)
# "przełom III/IV", "na przełomie III i IV": the turn of two months in Roman numerals.
_TURN_OF_ROMAN = re.compile(
    rf"((?i:prze[łl]om)[^\W\d_]*)\s+({_ROMAN})\s*(?:/|-|\bi\b)\s*({_ROMAN})(?![^\W\d_])"
    r"(?!\.?\s*(?:kw|p[oó][łl]))"
)
# "kw. II 2025", "kwartał I i II": the numbers after the word, as in a table's heading.
_QUARTER_FIRST = re.compile(
    rf"(?<![^\W\d_])({_QUARTER}|{_HALF})\s+({_NUMBER}(?:\s*{_SEP}\s*{_NUMBER})*)(?![\w.]|\s+kw)",
    _I,
)
# "I kw. II kw. 2025", "I kw. 2025 – II kw. 2025", "II półrocze 2024 – I półrocze 2025",
# "od III kwartału 2022 do II kwartału 2023", "między III kwartałem 2022 a II kwartałem 2023":
# the unit word printed after each number.
_UNIT_TWICE = re.compile(
    rf"(?<![\w.])(?P<a>{_NUMBER})\s*(?P<u>{_QUARTER}|{_HALF})\s*(?:(?P<y1>\d{{4}})\s*"
    rf"(?:r\.|roku\b)?)?\s*(?P<sep>{_SEP}|\bdo\b|\ba\b)?\s*(?P<b>{_NUMBER})\s*(?P<u2>{_QUARTER}|{_HALF})"
    rf"(?:\s*(?P<y2>\d{{4}})(?!\d))?",
    _I,
)
# "rok szkolny 2025/2026": 1 September to 31 August (Prawo oświatowe, art. 94 ust. 1);
# "rok akademicki 2025/2026": 1 October to 30 September (Prawo o szkolnictwie wyższym, art. 67).
_SCHOOL_YEAR = re.compile(
    r"(?:\bw\s+)?\brok(?:u|iem)?\s+(szkoln|akademick)[^\W\d_]*\s+(\d{4})\s*[/-]\s*(\d{4}|\d{2})(?!\d)",
    _I,
)
# "sezon 2025/2026", "w sezonie 2025/26", "sezon sportowy 2025/2026".
_SEASON = re.compile(
    r"\bsezon[^\W\d_]*\s+(?:[^\W\d_]+\s+)?(\d{4})\s*[/-]\s*(\d{4}|\d{2})(?!\d)", _I
)
# "przełom 2024/2025": the turn of a year, not two whole years.
_TURN_OF_YEAR = re.compile(
    r"\bprze[łl]om[^\W\d_]*\s+(?:(?:roku|lat)\s+)?(\d{4})\s*[/-]\s*(\d{4}|\d{2})(?!\d)", _I
)
# "2024-12": an ISO month ("2024-25" is no month; "2011-12" could be two years too).
# Not before a word: in "1 stycznia 2025-10 lutego 2025" the 10 is the next date's day.
_ISO_MONTH = re.compile(r"(?<![\d./-])(\d{4})-(\d{2})(?![\d./-])(?!\s*[^\W\d_])")
# "2025/26", "2025-26": a year and the next one in two digits ("2011-12" is refused above).
# Written together, and not before a word ("2024 – 25 marca" is a day, "2025/26 r." a year).
_SHORT_NEXT_YEAR = re.compile(
    r"(?<![\d./-])(\d{4})([-/])(\d{2})(?![\d./-])(?!\s*(?!r\.|r\b|rok|roku\b)[^\W\d_])",
    re.IGNORECASE,
)
# Numeric dates in every order a form or a PDF prints them become "14.03.2025".
_NUMERIC = (
    re.compile(r"(?<![\d.])(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d|\.\d)"),
    re.compile(r"(?<![\d.-])(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})(?!\d)"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2})(?!\d|\.\d)"),
    re.compile(r"(?<![\d/])(?P<d>\d{1,2}) +/ +(?P<m>\d{1,2}) +/ +(?P<y>\d{4})(?!\d)"),
)
# "Q1 2025", "Q3": a quarter as spreadsheets and English-trained clerks print it.
# "1.07.02024 r.": a year padded with a zero is that year (a typo no reader doubts).
_ZERO_YEAR = re.compile(r"(?<!\d)(\d{1,2}[./-]\d{1,2}[./-])0(?=(?:19|20)\d\d(?!\d))")
_Q = re.compile(r"(?<![^\W\d_])Q([1-4])(?![^\W\d_]|\d)", _I)
_DAY_MONTH = re.compile(r"(?<![\d.:/])(\d{1,2})\.(\d{2})\.?(?!\d|\.\d)")


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else _ROMAN_MONTHS.index(raw.upper()) + 1


def _month(number: int) -> str:
    return MONTH_NAMES[number - 1][0]


def _roman_range(match: re.Match[str]) -> str:
    """ "XII 2024 – I 2025" is December–January when one end can only be a month (V–XII); with
    both ends I–IV it could be quarters too, and both readings are named."""
    first, second = (_ROMAN_MONTHS.index(match.group(n)) + 1 for n in (1, 3))
    y1, y2 = match.group(2), match.group(4)
    if max(first, second) > 4:
        return f" {first:02d}.{y1} - {second:02d}.{y2} "
    raise Invalid(
        f"„{match.group(0).strip()}” to miesiące ({_month(first)} {y1} – {_month(second)} {y2}) "
        f"czy kwartały ({match.group(1)} kwartał {y1} – {match.group(3)} kwartał {y2})? "
        "Proszę dopisać nazwę miesiąca albo słowo „kwartał”"
    )


def _month_run(match: re.Match[str]) -> str:
    """ "03-04.2025", "03/04.2025": March–April 2025, or 3 April 2025 printed with mixed
    separators ("10-12.2025" also days 10–12 of a month the print lost): every reading named,
    none taken."""
    first, sep, second, year = match.groups()
    a, b = int(first), int(second)
    if not 1 <= a < b <= 12:
        return match.group(0)
    months = f"{_month(a)}–{_month(b)} {year}"
    day = f"{a} {MONTH_NAMES[b - 1][1]} {year}"
    days = f", dzień ({day}) czy dni {a}–{b} miesiąca, którego w druku brak"
    raise Invalid(
        f"„{match.group(0).strip()}” to miesiące ({months})"
        f"{days if sep == '-' else f' czy dzień ({day})'}? "
        f"Proszę wpisać „{months}” albo „{day}”"
    )


def _day_roman(match: re.Match[str]) -> str:
    if not 1 <= int(match.group(1)) <= 31 or match.group(2) != match.group(2).upper():
        return match.group(0)
    return f"{match.group(1)} {match.group(2)}"


def _turn_of_roman(match: re.Match[str]) -> str:
    """ "przełom III/IV" is "przełom marca i kwietnia"; two months that do not meet are no turn."""
    a, b = (_ROMAN_MONTHS.index(match.group(n)) + 1 for n in (2, 3))
    if b != a % 12 + 1:
        raise Invalid(
            f"„{match.group(0)}”: przełom to granica dwóch kolejnych miesięcy, a {_month(a)} "
            f"i {_month(b)} nie następują po sobie — proszę podać miesiące albo dni"
        )
    return f"{match.group(1)} {MONTH_NAMES[a - 1][1]} i {MONTH_NAMES[b - 1][1]}"


def _quarter_first(match: re.Match[str]) -> str:
    """ "kw. I i II 2025" is "I i II kw. 2025", unless a number already stands before the word."""
    if re.search(rf"\b{_NUMBER}\s*$", match.string[: match.start()], _I):
        return match.group(0)
    return f"{match.group(2)} {match.group(1)}"


def _unit_twice(match: re.Match[str]) -> str:
    """ "I kw. – II kw. 2025" is "I–II kw. 2025"; across years ("III kw. 2024 – I kw. 2025")
    the months are written out; without a sign between them ("I kw. III kw.") a list and a
    range differ unless the two follow one another, so both readings are named."""
    a, b = _number(match["a"]), _number(match["b"])
    quarter = match["u"].lower().startswith("kw")
    if quarter != match["u2"].lower().startswith("kw"):
        return match.group(0)
    size = 3 if quarter else 6
    sep, y1, y2 = match["sep"], match["y1"], match["y2"]
    if sep is None and b != a + 1:
        unit = "kwartał" if quarter else "półrocze"
        raise Invalid(
            f"między „{match['a']} {match['u']}” a „{match['b']} {match['u2']}” brakuje znaku: "
            f"„{match['a']}–{match['b']} {unit}” (cały okres) czy „{match['a']} i {match['b']} "
            f"{unit}” (dwa nabory)? Proszę wpisać myślnik albo przecinek"
        )
    sep = sep or "-"
    if y1 is None or y2 is None or y1 == y2:
        return f" {match['a']} {sep} {match['b']} {match['u2']} {y2 or y1 or ''} "

    def span(n: int, year: str) -> str:
        return f"{size * n - size + 1:02d}.{year} - {size * n:02d}.{year}"

    if sep in ("-", "do", "a"):  # "od III kwartału 2022 do II kwartału 2023", "między … a …"
        return f" {size * a - size + 1:02d}.{y1} {sep} {size * b:02d}.{y2} "
    return f" {span(a, y1)} , {span(b, y2)} "


def _school_year(match: re.Match[str]) -> str:
    kind, first, second = match.group(1).lower(), int(match.group(2)), match.group(3)
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last != first + 1:  # blind11 M2: not "nieznane słowo szkolny", the years are wrong
        name = "szkolny" if kind.startswith("szkoln") else "akademicki"
        raise Invalid(
            f"„{match.group(0).strip()}”: rok {name} trwa od jesieni {first} do lata roku "
            f"następnego, więc po {first} powinien być {first + 1} (np. „rok {name} "
            f"{first}/{first + 1}”), a nie {second}"
        )
    if kind.startswith("szkoln"):
        return f" wrzesień {first} - sierpień {last} "
    return f" październik {first} - wrzesień {last} "


def _season(match: re.Match[str]) -> str:
    """A season ("sezon 2025/2026") has no months fixed by law, unlike a school year."""
    first = int(match.group(1))
    raise Invalid(
        f"„{match.group(0).strip()}” nie ma stałych miesięcy: sezon sportowy to zwykle lipiec "
        f"{first} – czerwiec {first + 1}, grzewczy październik {first} – kwiecień {first + 1} — "
        f"proszę podać miesiące, np. „wrzesień {first} – czerwiec {first + 1}”"
    )


def _turn_of_year(match: re.Match[str]) -> str:
    first = int(match.group(1))
    raise Invalid(
        f"„{match.group(0).strip()}” to okolice przełomu roku, nie dwa całe lata — proszę podać "
        f"miesiące, np. „grudzień {first} – styczeń {first + 1}”, albo „w latach {first}–"
        f"{first + 1}”"
    )


def _iso_month(match: re.Match[str]) -> str:
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return match.group(0)
    if month == (year + 1) % 100:
        raise Invalid(
            f"„{match.group(0)}” to miesiąc ({_month(month)} {year}) czy lata ({year}–{year + 1})? "
            f"Proszę wpisać „{_month(month)} {year}” albo „w latach {year}–{year + 1}”"
        )
    return f" {month:02d}.{year} "


def _next_year(match: re.Match[str]) -> str:
    first, sep, second = int(match.group(1)), match.group(2), int(match.group(3))
    if second != (first + 1) % 100:
        return match.group(0)
    return f"{first}{sep}{first + 1}"


def _numeric_date(match: re.Match[str]) -> str:
    day, month, year = match.group("d"), match.group("m"), match.group("y")
    if not 1 <= int(month) <= 12:
        return match.group(0)
    return f"{day}.{month}.{'20' + year if len(year) == 2 else year}"


def _day_month(match: re.Match[str]) -> str:
    """ "15.04" (no year) is "15 kwietnia", unless it follows "godz." (an hour)."""
    day, month = int(match.group(1)), int(match.group(2))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return match.group(0)
    if re.search(r"godz[^\W\d_]*\.?\s*$", match.string[: match.start()], _I):
        return match.group(0)
    return f"{day} {MONTH_NAMES[month - 1][1]} "


def numeric_forms(text: str) -> str:
    """`text` with its numeric, Roman and numbered forms in the grammar's words; Invalid
    (Polish, naming both readings) where the print allows two."""
    out = _ZERO_YEAR.sub(r"\1", text)
    out = _Q.sub(r" \1 kwartał ", out)
    out = _SCHOOL_YEAR.sub(_school_year, out)
    out = _SEASON.sub(_season, out)
    out = _TURN_OF_YEAR.sub(_turn_of_year, out)
    out = _ROMAN_RANGE.sub(_roman_range, out)
    out = _MONTH_RUN.sub(_month_run, out)
    out = _TURN_OF_ROMAN.sub(_turn_of_roman, out)
    out = _DAY_ROMAN.sub(_day_roman, out)
    out = _QUARTER_FIRST.sub(_quarter_first, out)
    while True:  # "I kw. II kw. III kw.": one pair at a time
        joined = _UNIT_TWICE.sub(_unit_twice, out, count=1)
        if joined == out:
            break
        out = joined
    for pattern in _NUMERIC:
        out = pattern.sub(_numeric_date, out)
    out = _ISO_MONTH.sub(_iso_month, out)
    out = _SHORT_NEXT_YEAR.sub(_next_year, out)
    return _DAY_MONTH.sub(_day_month, out)
