"""The reader's own examples of every form it reads, refuses or reads through.

The README's table of forms is generated from these (`scripts/period_forms.py` writes it
between its markers) and tests/core/test_period_examples.py reads every example with
notifier.core.periods and checks that the README holds exactly the generated text, so the
documentation can never promise a form the reader does not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notifier.core.spans import PeriodKind

K = PeriodKind
EXAMPLE_YEAR = 2025  # the harmonogram's year the examples are read in
EXAMPLE_AS_OF = date(2025, 1, 10)  # its "stan na dzień"
START, END = "<!-- period-forms:start -->", "<!-- period-forms:end -->"


@dataclass(frozen=True)
class Form:
    """One row of the table: the kinds its examples read as, and what their window is."""

    label: str
    kinds: tuple[PeriodKind, ...]
    examples: tuple[str, ...]
    window: str


# fmt: off
FORMS: tuple[Form, ...] = (
    Form(
        "day, days",
        (K.DAY, K.DAYS),
        (
            "15.03.2025", "15 marca 2025 r.", "20 XI 2025", "2025-03-14", "14/03/2025",
            "14.03.25", "3–14 listopada 2025", "od 05.05.2025 r. do 26.05.2025 r.",
            "01.03. – 31.03.2025", "pomiędzy 1.04.2025 a 30.04.2025",
            "nie wcześniej niż 1 marca i nie później niż 30 kwietnia 2025 r.",
            "3 marca 24 marca 2025 r.", "z dniem 1 marca 2025 r.", "5 XII", "5.XII",
            "28 XI – 9XII",
        ),
        "those days",
    ),
    Form(
        "month, months",
        (K.MONTH, K.MONTHS),
        (
            "Maj 2025", "05.2025", "Marzec/Kwiecień", "przełom marca i kwietnia",
            "w miesiącu kwietniu", "grudzień 2025 – styczeń 2026",
            "przełom III/IV", "XII 2025", "XII 2025 – I 2026", "XII.2025 – I.2026", "rok szkolny 2025/2026",
            "rok akademicki 2025/2026", "III kw. 2025 – I kw. 2026",
            "II półrocze 2025 – I półrocze 2026",
        ),
        'whole months (quarters and halves across a new year as their months); '
        '"rok szkolny" is September–August (Prawo oświatowe art. 94), '
        '"rok akademicki" October–September (Prawo o szkolnictwie wyższym art. 67)',
    ),
    Form(
        "half of a month",
        (K.HALF_MONTH,),
        ("w I połowie października", "w II połowie października"),
        "1st–15th / 16th–end",
    ),
    Form(
        "decade of a month",
        (K.DECADE,),
        ("I dekada kwietnia 2025", "w II dekadzie maja", "3-cia dekada marca"),
        "1st–10th / 11th–20th / 21st–end",
    ),
    Form(
        "quarter, half-year",
        (K.QUARTER, K.QUARTERS, K.HALF_YEAR),
        (
            "II kwartał", "II, III kwartał roku 2025", "IV kw. b.r.", "w drugim kwartale",
            "kw. II 2025", "2 kw. 2025", "kw. I i II 2025", "I kw. – II kw. 2025",
            "II połowa 2025 r.", "II poł. 2025", "w pierwszym półroczu", "II-gie półrocze",
            "2-gi kwartał", "I-szy kwartał", "Q2 2025",
        ),
        "whole quarters / halves",
    ),
    Form(
        "year, years",
        (K.YEAR, K.YEARS),
        (
            "cały rok", "w ciągu roku", "przez cały rok budżetowy", "2025",
            "w latach 2025–2027", "styczeń 2025 – grudzień 2027", "I i II półrocze 2025",
            "2025 2026", "W tym roku", "W tegorocznej edycji",
        ),
        "whole years",
    ),
    Form(
        "deadline",
        (K.DEADLINE,),
        (
            "do 20 marca 2025 roku", "do końca lutego", "do czerwca 2025",
            "najpóźniej do 20 marca 2025", "nie później niż 30 kwietnia 2025 r.",
            "do 15 kwietnia br., godz. 15:30", "od dnia ogłoszenia do 15 maja 2025 r.",
            "w ciągu 21 dni od dnia ogłoszenia, tj. do 10 marca 2025 r.",
            "30 dni od dnia ogłoszenia, tj. 15.03.2025",
            "Termin składania ofert upływa 15 kwietnia 2025 r.",
        ),
        'from `as_of` to the deadline (an hour or the event it starts at is kept as a note; '
        'a day after "tj." following a time limit counted from an event is the deadline); '
        'shown and reminded as "najpóźniej do 20 marca 2025"',
    ),
    Form(
        "rounds",
        (K.ROUNDS,),
        ("marzec, wrzesień 2025", "I nabór: marzec; II nabór: wrzesień"),
        "one window per round: its own event and reminder",
    ),
    Form(
        "continuous",
        (K.CONTINUOUS,),
        ("w trybie ciągłym", "na bieżąco", "przez cały rok (tryb ciągły)"),
        "the whole year (small grants, art. 19a)",
    ),
    Form(
        "open-ended",
        (K.OPEN_ENDED,),
        ("od marca 2025 r.", "nie wcześniej niż 1 marca 2025 r."),
        "to the end of that year; `notifier check` warns — add the end if the city gave one",
    ),
    Form(
        "undated",
        (K.UNDATED,),
        ("-", "Tryb ustawy o zatrudnieniu socjalnym", "w terminie 21 dni od dnia ogłoszenia"),
        "none (the words are shown as a note)",
    ),
)
# fmt: on

# Words around a window that change nothing: each reads exactly as the plain form beside it.
FRAMING: tuple[tuple[str, str], ...] = (
    ("w terminie od 1 do 10 marca 2025 r.", "1–10 marca 2025"),
    ("w okresie od: 2025-03-01 do: 2025-03-10", "1–10 marca 2025"),
    ("w dniach 5–9 maja br.", "5–9 maja 2025"),
    ("10 marca 2025 r. (poniedziałek)", "10 marca 2025"),
    ("Termin składania ofert: do 15.04.2025 r. do godz. 12.00", "do 15 kwietnia 2025"),
    ("do 15 kwietnia 2025 r. włącznie (decyduje data wpływu)", "do 15 kwietnia 2025"),
    ("Nabór trwa do 15 kwietnia 2025 r.", "do 15 kwietnia 2025"),
    ("m-c marzec 2025", "marzec 2025"),
    ("wrz.–paźdz. 2025", "wrzesień–październik 2025"),
    ("od 1 marca 2025 r. do wyczerpania środków", "od 1 marca 2025"),
    ("w nieprzekraczalnym terminie do 31 stycznia br.", "do 31 stycznia 2025"),
    ("w 2-giej połowie marca", "w II połowie marca"),
    ("ogłoszenie konkursu planowane na marzec 2025", "marzec 2025"),
    (
        (
            "realizacja może rozpocząć się nie wcześniej niż 01.03.2025 r. i nie może skończyć "
            "się później niż 30.04.2025 r."
        ),
        "1 marca – 30 kwietnia 2025",
    ),
    (
        "nie wcześniej niż od 1 marca 2025 r. i nie później niż do dnia 30.04.2025 r.",
        "1 marca – 30 kwietnia 2025",
    ),
    ("do 05.03.2025 r. do godziny 23:59:59", "do 5 marca 2025"),
    ("31.03.2025 10:00 31.03.2025 12:00", "31 marca 2025"),
    ("19 marca 2025 po godz. 18.00 (środa)", "19 marca 2025"),
    ("rusza 3 marca i potrwa do 24 marca 2025 r.", "3–24 marca 2025"),
    ("31 marca 2025 r. o godzinie 17.00", "31 marca 2025"),
    ("5 listopada 2025 r., do godziny 12.00", "do 5 listopada 2025"),  # until that hour
    ("do 15 marca 2025 r. godz. 0:00", "do 14 marca 2025"),  # midnight ends the day before
    ("od 1.03.2025 00:00 do 15.03.2025 00:00", "1–14 marca 2025"),
    ("do 15 marca 2025 r. godz. 24:00", "do 15 marca 2025"),
    ("od 14.03.2025 godz. 24:00 do 20.03.2025", "15–20 marca 2025"),  # 24:00 starts the next day
    ("do 15 marca b.r.", "do 15 marca 2025"),
    ("Dodano: 10 marca, 2025", "10 marca 2025"),
    ("za I kwartał 2025 roku", "I kwartał 2025"),
    ("okres od 1.02.2025 do 28.02.2025", "1–28 lutego 2025"),
    ("Termin składania wniosków kończy się 8.09.2025r.", "do 8 września 2025"),
    ("Nabór rozpoczyna się 1 marca i kończy się 31 marca 2025 r.", "1–31 marca 2025"),
    ("do 15 kwietnia 2025 r. do godz. 1500", "do 15 kwietnia 2025"),
    ("III dekada marca – I dekada kwietnia 2025", "21 marca – 10 kwietnia 2025"),
    ("od 1 marca 2025 r. do odwołania", "od 1 marca 2025"),
    ("marzec 2025:", "marzec 2025"),
    ("Termin składania ofert: 19 czerwca 2025", "do 19 czerwca 2025"),  # the last day for offers
    ("z końcem września", "do końca września 2025"),
    ("od stycznia do czerwca przyszłego roku", "styczeń–czerwiec 2026"),  # the harmonogram's + 1
    ("do 15 grudnia ubiegłego roku", "do 15 grudnia 2024"),
    (
        "w wybranym przez wykonawcę terminie od 1 lipca do 30 września 2025",
        "1 lipca – 30 września 2025",
    ),
    (
        "od 4 do 29 maja 2025 r. w dni robocze w godzinach od 8:00 do 15:00",
        "4–29 maja 2025",
    ),  # office hours stay in the note, the days are the window
    ("w terminie do dnia 15 marca 2025 r. w godzinach pracy Urzędu", "do 15 marca 2025"),
    ("w ostatnim kwartale roku w miarę posiadanych środków", "IV kwartał 2025"),
    ("od 1 lipca 2025 r, nie dłużej niż do 31 sierpnia 2025 r.", "1 lipca – 31 sierpnia 2025"),
    ("od 1 marca nabór trwa do 15 marca 2025", "1–15 marca 2025"),
    ("między III kwartałem 2025 a I kwartałem 2026", "lipiec 2025 – marzec 2026"),
    ("W tegorocznej edycji nabór trwa do 15 marca", "do 15 marca 2025"),
    ("konkurs zostanie ogłoszony w marcu 2025", "marzec 2025"),
    ("Etap I: 1–15 marca", "1–15 marca 2025"),  # the label is kept in the note
    ("nabór uzupełniający – 1–10 czerwca", "1–10 czerwca 2025"),
    ("MARZEC – zgłaszanie projektów (od 14 marca do 13 kwietnia)", "14 marca – 13 kwietnia 2025"),
    ("od 1 do 30 stycznia każdego roku", "1–30 stycznia 2025"),  # the harmonogram's year
    ("7 dni przed rozpoczęciem roku szkolnego (tj. do 24 sierpnia)", "do 24 sierpnia 2025"),
)

# Refused, never guessed: each error names what to write instead.
REFUSED: tuple[tuple[str, str], ...] = (
    ("na początku marca", "vague: give days, a half of the month or a deadline"),
    ("po 15 marca", "a word that changes the window (po, przed, około, ok.)"),
    ("10 marca 2025 r. (wtorek)", "the weekday is not the date's: both readings are named"),
    ("III 2025", "a month (marzec) or a quarter (III kwartał)? both are named"),
    ("10-12.2025", "months October–December, 10 December, or days 10–12 of a lost month? named"),
    ("03/04.2025", "months March–April, or 3 April with mixed separators? both are named"),
    ("2025 2027", "no sign between two years: the span 2025–2027 or two years? both named"),
    ("z 28 lutego roku, w którym …", "a year counted from an event: the year is asked for"),
    (
        "do 31 stycznia roku następnego po roku udzielenia dotacji",
        "a year after an event: asked for",
    ),
    ("Termin realizacji zadania: 30 czerwca", "the last day or that one day? both are named"),
    ("Termin składania ofert: czerwiec 2025", "the last day of June or all of June? both named"),
    ("Składanie ofert: 19 czerwca 2025", "the stage on that one day or its last day? both named"),
    (
        "MAJ – zgłaszanie projektów (od 14 marca do 13 kwietnia)",
        "a month heading the stage's dates do not fall in: both are named",
    ),
    ("nabór trwa po 15 marca", "a frame never takes a word that changes the window with it"),
    ("15.03.2025 do godz. 0:00", "one day until midnight: the end of 14 March or all of 15 March?"),
    (
        "po upływie 14 dni od ogłoszenia, tj. 15.03.2025",
        "the last day of the limit or the first after?",
    ),
    ("III 2025 – I 2026", "months (marzec–styczeń) or quarters (III–I kwartał)? both are named"),
    ("I kw. III kw. 2025", "no sign between: one span (I–III) or two rounds (I i III)? both named"),
    ("przełom 2025/2026", "the turn of a year, not two whole years: months are asked for"),
    ("sezon 2025/2026", "a season has no fixed months (sport: July–June; heating: Oct.–April)"),
    ("Mj 2025", 'a near miss gets its hint: czy chodziło o "maj"?'),
    (
        "XI – II 2025",
        "across the new year with one year: Nov. 2024–Feb. 2025 or Nov. 2025–Feb. 2026?",
    ),
    ("V", "a Roman number alone: May of which year (or a quarter, for I–IV)? never undated"),
    ("najpóźniej od 1 lutego", "neither a first nor a last day: write do … or od …"),
    ("2", "a bare number: a month (luty), a day or a quarter? all are named"),
    ("03.26", "only numbers: March 2026 or 26 March? both named, never undated"),
    ("druga dekada", "a decade without its month: the month is asked for"),
    ("ok. 15 marca", "an estimate (ok., około, orientacyjnie): the window is asked for beside it"),
    (
        "do 30 listopada 2025 r. lub do wyczerpania środków",
        "the printed end or the day the funds run out? the window is asked for beside it",
    ),
    (
        "do 24 kwietnia 2025 r., z możliwością przedłużenia",
        "the printed end may still move (przedłużenie, wstrzymanie, zmiana, odwołanie): asked",
    ),
)


def _quoted(texts: tuple[str, ...]) -> str:
    return ", ".join(f'"{t}"' for t in texts)


def forms_markdown() -> str:
    """The README's tables of forms, framing words and refusals (Markdown, between START and
    END markers)."""
    lines = [START, "| kind | as printed | window |", "|---|---|---|"]
    lines += [f"| {f.label} | {_quoted(f.examples)} | {f.window} |" for f in FORMS]
    lines += ["", "| framed as printed | reads as |", "|---|---|"]
    lines += [f'| "{printed}" | "{plain}" |' for printed, plain in FRAMING]
    lines += ["", "| refused | why |", "|---|---|"]
    lines += [f'| "{printed}" | {why} |' for printed, why in REFUSED]
    lines.append(END)
    return "\n".join(lines)
