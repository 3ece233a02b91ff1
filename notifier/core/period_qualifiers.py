"""Qualifiers clerks add to a printed period that change no date, and two that must refuse.

- Adjectives of the framing word: "w nieprzekraczalnym terminie do 31 stycznia br.", "w
  ostatecznym terminie", "w terminie nieprzekraczalnym", "planowany termin: marzec 2025". They
  stress or name the date and change nothing: `drop_adjectives` removes them beside "termin",
  "okres" and "data" in any case. "planowany" and "przewidywany" too: every period of a
  harmonogram is planned (DOMAIN.md: "termin ogłoszenia (planowany)"), so the word makes no
  printed date vaguer than it is.
- Ordinal endings: "II-gie półrocze", "I-szy kwartał", "2-gi kwartał", "IV-ty kwartał",
  "w 1-szej połowie marca", "do 15-go marca". `drop_ordinal_endings` removes an ending that
  agrees with its number and refuses one that does not ("2-szy": the first or the second?).
- A number alone ("V", "IV", "XI–XII", "2", "15"): `lone_number` names the readings it may
  have (May of the harmonogram's year is a guess: the clerk writes the month or adds a window).
- A bound that contradicts its connective: "najpóźniej od 1 lutego" gives no first day (it may
  be earlier) and no last day; `contradiction` names it in the clerk's words.
"""

from __future__ import annotations

import re

from notifier.core.period_words import MONTH_NAMES, ROMAN, Invalid

_I = re.IGNORECASE
_ADJECTIVE = (
    r"(?:nieprzekraczaln|ostateczn|wyznaczon|ustalon|planowan|przewidywan|przewidzian)"
    r"(?:ym|ego|ej|ych|ymi|y|a|ą|e)"
)
_NOUN = r"(?:termin|okres|dat)[^\W\d_]*"
_BEFORE_NOUN = re.compile(rf"(?<![^\W\d_]){_ADJECTIVE}\s+(?={_NOUN}(?![^\W\d_]))", _I)
_AFTER_NOUN = re.compile(rf"(?<![^\W\d_])({_NOUN})\s+{_ADJECTIVE}(?![^\W\d_])", _I)

# An ordinal ending after an Arabic or Roman number ("2-gi", "IV-ty", "1-szej", "15-go").
_ORDINAL = re.compile(
    r"(?<![\w.])(\d{1,2}|[IVX]{1,4})-?"
    r"((?:sz|t|m)(?:y|a|e|ej|ego|ym)|(?:g|c)(?:i|ia|a|ie|iej|iego|im)|e?go)(?![^\W\d_])"
)
_STEMS = {1: "sz", 2: "g", 3: "c", 7: "m", 8: "m"}

_CONTRADICTION = re.compile(
    r"(?<![^\W\d_])(?:(?:najp[oó][zź]niej|nie\s+p[oó][zź]niej\s+ni[zż])\s+od"
    r"|(?:najwcze[sś]niej|nie\s+wcze[sś]niej\s+ni[zż])\s+do)(?![^\W\d_])",
    _I,
)


def drop_adjectives(text: str) -> str:
    text = _BEFORE_NOUN.sub("", text)
    return _AFTER_NOUN.sub(r"\1", text)


def _number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    return ROMAN.index(raw) if raw in ROMAN else None


def _stem(number: int) -> str:
    last = number % 10 if number > 20 or number < 10 else 0
    return _STEMS.get(last, "t")


def drop_ordinal_endings(text: str) -> str:
    """Remove each ordinal ending that agrees with its number; refuse one that does not."""

    def ending(match: re.Match[str]) -> str:
        raw, suffix = match.group(1), match.group(2)
        number = _number(raw)
        if number is None or number == 0:
            return match.group(0)
        if "-" not in match.group(0) and not raw.isdigit():
            return match.group(0)  # "IIgie" is no form anyone prints; "Ite" may be a word
        if suffix in ("go", "ego"):  # "15-go marca", "I-go": any number
            return raw
        if suffix.startswith(_stem(number)) and suffix[len(_stem(number)) :] in (
            "y", "a", "e", "ej", "ego", "ym", "i", "ie", "iej", "iego", "im", "ia",
        ):  # fmt: skip
            return raw
        raise Invalid(
            f"końcówka „-{suffix}” nie pasuje do liczby „{raw}” w „{match.group(0)}”: "
            "proszę wpisać samą liczbę, tę, o którą chodzi urzędowi"
        )

    return _ORDINAL.sub(ending, text)


def contradiction(text: str) -> None:
    """Refuse "najpóźniej od 1 lutego", "najwcześniej do 1 lutego": a bound whose word says
    the opposite of its connective gives neither a first nor a last day."""
    match = _CONTRADICTION.search(text)
    if match is None:
        return
    later = match.group(0).lower().endswith("od")
    raise Invalid(
        f"„{match.group(0)}” nie podaje ani pierwszego, ani ostatniego dnia "
        f"({'początek może być wcześniej' if later else 'koniec może być później'}): jeśli "
        "to ostatni dzień, proszę wpisać „do …”, jeśli pierwszy — „od …”"
    )


_ROMAN_ALONE = re.compile(
    r"\s*(?:(?i:w|we|na|przez|do|od)\s+)?"  # "w I", "do V": a connective changes no reading
    r"(X{0,1}(?:IX|IV|V?I{0,3}))(?:\s*[-,/]\s*(X{0,1}(?:IX|IV|V?I{0,3})))?\s*"
)


_ARABIC_ALONE = re.compile(r"\s*(\d{1,2})\.?\s*")


def lone_number(text: str) -> str | None:
    """What a cell of only a number may mean ("V", "IV", "XI-XII", "2", "15"), for the refusal
    that keeps it from being read as undated; None for any other cell. A bare Arabic number in a
    table's period column is a month to one reader and a day or a quarter to another: named,
    never guessed."""
    arabic = _ARABIC_ALONE.fullmatch(text)
    if arabic is not None and 1 <= int(arabic.group(1)) <= 31:
        return _arabic_alone(int(arabic.group(1)))
    match = _ROMAN_ALONE.fullmatch(text)
    if match is None or not match.group(1):
        return None
    numbers = [_number(g) for g in match.groups() if g]
    if any(n is None or not 1 <= n <= 12 for n in numbers):
        return None
    months = " – ".join(MONTH_NAMES[n - 1][0] for n in numbers if n)
    readings = [f"{months} {{YEAR}}"]
    if all(n and n <= 4 for n in numbers):
        readings.append(f"{text[match.start(1) :].strip()} kwartał {{YEAR}}")
    if all(n and n <= 2 for n in numbers):
        readings.append(f"{text[match.start(1) :].strip()} półrocze {{YEAR}}")
    return (
        f"sam numer rzymski „{text.strip()}”, bez słowa i roku: czy chodziło o "
        f"{' czy o '.join(readings)}? Proszę dopisać słowo lub rok (np. „{readings[0]}”) albo "
        "zostawić druk i dopisać obok window"
    )


# "realizacja może rozpocząć się nie wcześniej niż 01.10.2020 r. i nie może skończyć się później
# niż 31.12.2020 r.": the verbs around the bounds say what the bounds already say.
_MODAL = re.compile(
    r"(?<![^\W\d_])(?:mo[zż]e|mog[aą]|musi|musz[aą]|powinn[aoy])\s+"
    r"(?=(?:rozpocz|zacz)[^\W\d_]*\s+si[eę]\s+nie\s+wcze)",
    _I,
)
_STARTS_NOT_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:rozpocz[aą][cć]|rozpoczyna[cć]|zacz[aą][cć])\s+si[eę]\s+(?=nie\s+wcze)", _I
)
_ENDS_NOT_AFTER = re.compile(
    r"(?<![^\W\d_])nie\s+(?:mo[zż]e|mog[aą]|musi|powinn[aoy])\s+(?:sko[nń]czy[cć]|zako[nń]czy[cć])"
    r"\s+si[eę]\s+(?=p[oó][zź]niej\s+ni[zż])",
    _I,
)


# "rusza 8 kwietnia i potrwa do 9 maja 2017 r.": the start and the end in two verbs.
_STARTS_AND_LASTS = re.compile(
    r"(?<![^\W\d_])(?:rusza|ruszy|startuje|wystartuje|rozpoczyna\s+si[eę]|rozpocznie\s+si[eę])"
    r"\s+(?=\d)(.+?)\s*(?:,|\bi\b|\ba\b)\s+(?:potrwa|trwa|b[eę]dzie\s+trwa[łl]\w*)\s+do\s+",
    _I,
)
# "do do 1 marca" (a doubled word as printed), "z dnia 18 lutego 2025 r." (a document's date).
_DOUBLED = re.compile(r"(?<![^\W\d_])(do|od|dnia)\s+\1(?![^\W\d_])", _I)
_OF_DAY = re.compile(r"(?<![^\W\d_])z\s+(?=(?:dnia\s+)?\d)", _I)
# "z dniem 1 stycznia 2017 r.": that day (a start when an end follows: "z dniem 1 marca do …").
_WITH_DAY = re.compile(r"(?<![^\W\d_])z\s+dniem(?![^\W\d_])", _I)
# "10 marca, 2022": a comma a CMS puts between the month and its year.
_MONTH_COMMA_YEAR = re.compile(
    r"(?<![^\W\d_])("
    + "|".join(f for forms in MONTH_NAMES for f in forms)
    + r")\s*,\s*(\d{4})(?!\d|[-/]\d)",
    _I,
)


def plain_phrasing(text: str) -> str:
    """The phrasings around dates that say what a plain form says, in that plain form:
    "może rozpocząć się nie wcześniej niż X i nie może skończyć się później niż Y" (the bounds
    X–Y), "rusza X i potrwa do Y" (X–Y), "z dniem X" (the day X; "od X" before a "do"),
    "z dnia X" (X), "do do X" (do X), "10 marca, 2022" (10 marca 2022)."""
    text = _STARTS_NOT_BEFORE.sub("", _MODAL.sub("", text))
    text = _ENDS_NOT_AFTER.sub("nie ", text)
    text = _STARTS_AND_LASTS.sub(r"od \1 do ", text)
    text = _OF_DAY.sub("", _DOUBLED.sub(r"\1", text))
    with_day = _WITH_DAY.search(text)
    if with_day is not None:
        start = re.search(
            r"(?<![^\W\d_])do\s+(?!godz|g\.|ko[nń]ca\s+dnia|p[oó][łl]nocy)",
            text[with_day.end() :],
            _I,
        )
        text = _WITH_DAY.sub("od" if start else "", text)
    return _MONTH_COMMA_YEAR.sub(r"\1 \2", text)


def _arabic_alone(number: int) -> str:
    readings = [f"{MONTH_NAMES[number - 1][0]} {{YEAR}}"] if number <= 12 else []
    readings.append(f"{number}. dzień miesiąca, którego w druku brak")
    if number <= 4:
        readings.append(f"{ROMAN[number]} kwartał {{YEAR}}")
    fix = "albo zostawić druk i dopisać obok window"
    if number > 12:
        return (
            f"sama liczba „{number}” to dzień, ale bez miesiąca i roku — proszę wpisać datę "
            f"(np. „{number} marca {{YEAR}}”) {fix}"
        )
    return (
        f"sama liczba „{number}”, bez miesiąca i roku: czy chodziło o {' czy o '.join(readings)}? "
        f"Proszę wpisać termin słowami (np. „{readings[0]}”) {fix}"
    )


# The kinds of token a cell of only numbers is made of ("03.26", "III.26", "do 03.26 r.").
_NUMERIC_KINDS = frozenset(
    ("num", "year", "range", "list", "to", "from", "yearword", "and", "round_sep", "colon")
)
_GLUED = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")
_NUMBER_DOT_TWO = re.compile(r"(?<![\w.])(\d{1,2}|[IVX]{1,4})\s*[./]\s*(\d{2})(?![\w.])", _I)


def numbers_only(text: str, kinds: list[str]) -> str | None:
    """What a cell of only numbers that reads as no date may mean ("03.26", "05.26", "III.26",
    month and two-digit year as some offices print them), for the refusal that keeps it from
    being read as undated and leaving every calendar; None for a cell with any word in it.
    "03.26" is March 2026 to one reader and 26 March to another, "III.26" March or the third
    quarter of 2026 ("III.2026" is refused for that too): named, never guessed."""
    if not any(k == "num" for k in kinds) or any(k not in _NUMERIC_KINDS for k in kinds):
        return None
    if _GLUED.search(text):  # "x1": a typo or a code, not a date (a warning names it)
        return None
    shown = " ".join(text.split())
    match = _NUMBER_DOT_TWO.search(text)
    first = match.group(1).upper() if match else ""
    month = int(first) if first.isdigit() else ROMAN.index(first) if first in ROMAN else 0
    if match is None or not 1 <= month <= 12:
        return (
            f"same liczby „{shown}” bez nazwy miesiąca nie układają się w datę — proszę wpisać "
            "miesiąc słowem i rok (np. „marzec {YEAR}”) albo zostawić druk i dopisać obok window"
        )
    two = int(match.group(2))
    readings = [f"{MONTH_NAMES[month - 1][0]} {2000 + two}"]
    if not first.isdigit() and month <= 4:
        readings.append(f"{first} kwartał {2000 + two}")
    if 1 <= two <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        readings.append(f"{two} {MONTH_NAMES[month - 1][1]} {{YEAR}}")
    return (
        f"„{match.group(0)}” to same liczby: czy chodziło o „{'” czy o „'.join(readings)}”? "
        f"Proszę wpisać miesiąc słowem (np. „{readings[0]}”) albo zostawić druk i dopisać obok "
        "window z dniami, które mają trafić do kalendarza"
    )


_SLASHED_YEARS = re.compile(
    r"(?<![\d/])(\d{4})(?:\s*/\s*(\d{4})|/(\d{2})(?!\s*(?!r\.|r\b|rok|roku\b)[^\W\d_]))(?![\d/])",
    _I,
)
# words that already say what a slashed pair of years is: years, a school or academic year,
# a season, the turn of the year (read or refused by their own rules)
_YEARS_WORD = re.compile(
    r"(?<![^\W\d_])(?:lat|lata|latach|latami|szkoln|akademick|sezon|przełom)", _I
)
_NOMINATIVE = "|".join(names[0] for names in MONTH_NAMES)
_LIST_MARK = re.compile(rf"(?<![\w.])(\d{{1,2}})(?:\)|\.)\s*(?:{_NOMINATIVE})(?![^\W\d_])", _I)
_DAY = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}(?:\.\d{4})?|\d{1,2}\s+[^\W\d_]+(?:\s+\d{4})?)"
_SLASHED_DAYS = re.compile(rf"(?<![\w.]){_DAY}\s*/\s*{_DAY}(?![\w.])")
# a date with its year, then "D.MM" with no year and no word between: an hour printed without
# "godz." ("do 15.04.2026 9.05") as often as a second date
_BARE_HOUR = re.compile(r"\d{4}(?:\s*r\.)?\s+(\d{1,2}\.\d{2})(?![\d.])")
_GENITIVE = "|".join(names[1] for names in MONTH_NAMES)
_MONTH_NUMBER = {names[1]: n for n, names in enumerate(MONTH_NAMES, 1)}
_TURN = re.compile(r"(?<![^\W\d_])przełom\w*", _I)
# "przełom marca i kwietnia", "przełom III/IV": two months, the only turn that is a window
_TURN_OF_MONTHS = re.compile(
    rf"przełom\w*\s+(?:(?P<a>{_GENITIVE})\s*(?:i|/|-|–)\s*(?P<b>{_GENITIVE})"
    r"|[IVX]{1,4}\s*(?:/|-|–|\bi\b)\s*[IVX]{1,4}(?![IVX])(?!\s*(?:kw|p[oó][lł])))",
    _I,
)
# a month, then an open end after a dash or a comma: "marzec – do wyczerpania środków"
_OPEN_AFTER = re.compile(
    r"(?:–|-|,|\()\s*(?:do\s+wyczerpania|do\s+odwołania|na\s+bieżąco|w\s+trybie\s+ciągłym)",
    _I,
)
# a month named before the open end ("W tym roku (w trybie ciągłym)" names none: the whole year)
_MONTH_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(f for names in MONTH_NAMES for f in names)
    + r"|[IVX]{1,4})(?![^\W\d_])|\d{1,2}[./-]\d{1,2}",
    _I,
)
# "15.03 9.05", "20 marca 10.05": a day, then "H.MM" with no word between — an hour printed
# without "godz." or a second day whose dash was lost
_DAY_THEN_HOUR = re.compile(
    rf"(?:\d{{1,2}}\.\d{{1,2}}\.?|\d{{1,2}}\s+(?:{_GENITIVE}))\s+((?:[01]?\d|2[0-3])\.[0-5]\d)(?![\d.])",
    _I,
)
# "z 28 lutego roku, w którym …", "do 30 listopada roku poprzedzającego …": a year counted from
# an event, which the harmonogram's year need not be
_RELATIVE = r"(?:nast[eę]pn|przysz[łl]|poprzedni|kolejn|ubieg[łl]|zesz[łl])\w*"
_EVENT_YEAR = re.compile(
    r"(?<![^\W\d_])(?:roku|r\.)\s*,?\s*(?:w\s+(?:którym|jakim)|którego|na\s+który"
    r"|poprzedzaj[aą]c\w*|nast[eę]puj[aą]c\w*|przed\s+rokiem|po\s+roku)(?![^\W\d_])"
    # "roku następnego po roku udzielenia dotacji": next after an event, not the harmonogram's
    rf"|(?<![^\W\d_])(?:(?:roku|r\.)\s+{_RELATIVE}|{_RELATIVE}\s+roku)"
    r"(?:\s+bud[zż]etow\w*)?\s*,?\s*(?:po|przed|od|w\s+kt[oó]rym)(?![^\W\d_])"
    # "do 15 marca każdego roku następnego": every year after, not one year
    rf"|(?<![^\W\d_])(?:ka[zż]d\w+|co)\s+(?:roku\s+)?(?:nast[eę]pn|kolejn)\w*",
    _I,
)
_DAY_BEFORE = re.compile(rf"(?:(\d{{1,2}})\s+)?({_GENITIVE})\s*(?:\(\w+\)\s*)?$", _I)
_STAGE = re.compile(
    r"\([^)]*(?<![^\W\d_])(?:rozstrzygni|ocen|wyb[oó]r|podpisani|um[oó]w|sk[lł]adani"
    r"|sprawozda|rozliczeni)[^)]*\)",
    _I,
)


def refuse_doubtful(text: str) -> None:
    """Raise Invalid for shapes that read as dates but often mean something else, naming the
    readings (a new clerk's trial found each read wrong): "2025/2026" (two whole years, or a
    school year or season across them), "1) marzec 2) wrzesień" and "3. marzec" (a list's
    numbers, or days), two days with a slash (two days, or a span?), an hour printed without
    "godz." after a date ("15.04.2026 9.05": 9 May?), and a bracket naming a later stage ("marzec (ogłoszenie), kwiecień
    (rozstrzygnięcie)": only the announcement is the task's period)."""
    for match in _SLASHED_YEARS.finditer(text):
        first = int(match.group(1))
        second = int(match.group(2) or first // 100 * 100 + int(match.group(3)))  # "2025/26"
        if second == first + 1 and not _YEARS_WORD.search(text):
            raise Invalid(
                f"„{match.group(0)}” to lata {first}–{second} albo rok szkolny lub sezon "
                f"{first}/{second} (od jesieni do lata): proszę napisać „lata {first}–{second}” "
                "albo podać miesiące"
            )
    if mark := _LIST_MARK.search(text):
        raise Invalid(
            f"„{mark.group(0)}” to numer na liście albo dzień {mark.group(1)}.: proszę wpisać "
            f"dzień z miesiącem w dopełniaczu (np. „{mark.group(1)} marca”) albo usunąć numery"
        )
    if pair := _SLASHED_DAYS.search(text):
        raise Invalid(
            f"„{pair.group(0)}” to dwa dni albo okres od pierwszego do drugiego: proszę napisać "
            "„od … do …” albo oba dni osobno, np. z przecinkiem"
        )
    if hour := _BARE_HOUR.search(text):
        raise Invalid(
            f"„{hour.group(1)}” po dacie z rokiem to godzina albo dzień i miesiąc: godzinę "
            f"proszę poprzedzić „godz.” (np. „godz. {hour.group(1).replace('.', ':')}”)"
        )
    turn = _TURN_OF_MONTHS.search(text)
    if (
        turn is not None
        and turn["a"]
        and _MONTH_NUMBER[turn["b"].lower()] != (_MONTH_NUMBER[turn["a"].lower()] % 12 + 1)
    ):  # "przełom marca i maja": no turn of two months that do not meet
        raise Invalid(
            f"„{turn.group(0)}”: przełom to granica dwóch kolejnych miesięcy, a te nie następują "
            "po sobie — proszę podać miesiące albo dni"
        )
    if _TURN.search(text) and turn is None:
        raise Invalid(
            "„przełom” to kilka tygodni wokół granicy dwóch miesięcy, nie całe kwartały, "
            "półrocza ani lata: proszę podać oba miesiące (np. „przełom marca i kwietnia”) "
            "albo zostawić druk i dopisać obok window"
        )
    after = _OPEN_AFTER.search(text)
    if after and _MONTH_BEFORE.search(text[: after.start()]) and not re.match(r"\s*od\b", text, _I):
        raise Invalid(
            "miesiąc, a po nim koniec otwarty: to ogłoszenie w tym miesiącu czy nabór od tego "
            "miesiąca? Proszę napisać „od marca do wyczerpania środków” albo zostawić sam miesiąc"
        )
    if hour := _DAY_THEN_HOUR.search(text):
        raise Invalid(
            f"„{hour.group(1)}” po dniu to godzina albo drugi dzień: godzinę proszę poprzedzić "
            f"„godz.”, a okres napisać „od … do …”"
        )
    for event in _EVENT_YEAR.finditer(text):
        if re.search(r"\d{4}\s*$", text[: event.start()]):
            continue  # "do 15 marca 2025 r., w którym …": the year is printed
        day = _DAY_BEFORE.search(text[: event.start()])
        year = "{NEXT}" if re.search(r"nast[eę]pn|przysz|kolejn", event.group(0), _I) else "{YEAR}"
        if day and day.group(1):
            example = f"{day.group(1)} {day.group(2).lower()} {year}"
        elif day:  # "od stycznia do czerwca roku, w którym …": the month in the nominative
            example = f"{MONTH_NAMES[_MONTH_NUMBER[day.group(2).lower()] - 1][0]} {year}"
        else:
            example = f"marzec {year}"
        raise Invalid(
            f"„{event.group(0)} …” to rok liczony od zdarzenia, a nie podany w druku — proszę "
            f"wpisać rok (np. „{example}”) albo zostawić druk i dopisać obok window"
        )
    if stage := _STAGE.search(text):
        raise Invalid(
            f"w nawiasie „{stage.group(0)}” jest inny etap konkursu niż ogłoszenie: proszę "
            "zostawić w terminie tylko termin ogłoszenia (albo dopisać obok window)"
        )
