"""What any value entering the service must be, one rule per kind, whichever door it comes
through (a harmonogram file, `announce`, a form, a query, the importer):

- text holds no control characters: C0 but tab, line feed and carriage return, DEL, C1, and
  U+FFFE/U+FFFF — XML (Atom) refuses them, RFC 5545 forbids them in calendars (strict clients
  drop the whole feed), and an ESC sequence would reach the operator's terminal;
- nor the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
  one left open in a title reverses whatever a page, an email subject, a calendar or a
  terminal prints after it (Unicode TR #9; "Trojan Source", CVE-2021-42574). Refused at
  entry, like the C0 controls, so one rule covers every output; the marks LRM, RLM and ALM
  (U+200E, U+200F, U+061C) stay allowed: they reorder nothing after them, and right-to-left
  text needs them;
- a whole number is ASCII digits only, and not many: `str.isdigit()` accepts "²" and "①",
  which `int()` refuses, and `int()` of 5,000 digits is slow or refused;
- a day lies in MIN_YEAR–MAX_YEAR, so that every feed, page and email can render it (a day
  at the end of year 9999 has no next day, and calendars and Atom feeds compute some);
- a text is at most as long as its kind allows (URL_MAX for a link, LINE_MAX for a name, a
  title or a period as printed, TEXT_MAX for a task's description; a call's title is
  calls_toml.TITLE_MAX, a short name task_fields.SHORT_MAX, an address preferences.EMAIL_MAX),
  said by length_problem wherever it is typed — a longer one is refused, never cut;
- every other number lies in the Bound of its kind (YEARS, AMOUNTS, PORTS, WORKERS; the
  reminder and alarm days are notifier.core.preferences' ranges): `1e308` złoty parses, and
  then cannot be written into a file, shown or summed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from notifier.core.echo import echoed
from notifier.core.polish import plural

MIN_YEAR = 1900
MAX_YEAR = 2199

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# and lone surrogates: what a byte that is not UTF-8 becomes under surrogateescape (a mail
# server's reply, a file's name), which no database, file or page can encode
_FORBIDDEN_RE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{_BIDI_CONTROLS}]"
)
_BIDI_RE = re.compile(f"[{_BIDI_CONTROLS}]")
_WHOLE_NUMBER_RE = re.compile(r"[0-9]+")
_ADDRESS_NUMBER_RE = re.compile(r"0|[1-9][0-9]*")


PATH_PART_MAX = 200  # characters of one path part or query value the web routes take
# An id (city, department, task, topic) is a path part with ".atom"/".ics" after it, and a
# query value (?city=…): the longest one every link made of it still passes the routes' rule.
ID_MAX = PATH_PART_MAX - len(".atom")
URL_MAX = 2000  # characters of a link: what browsers, servers and search engines all keep
LINE_MAX = 300  # characters of a name, a title or a period as printed
TEXT_MAX = 2000  # characters of a task's title or scope as the city wrote it


def count_chars(n: int) -> str:
    """ "1 znak", "2 znaki", "5 znaków", "22 znaki" (Polish)."""
    return f"{n} {plural(n, 'znak', 'znaki', 'znaków')}"


def id_length_problem(value: str) -> str | None:
    """ "ma 240 znaków – najwyżej 195 (…)" (Polish) for an id too long for its links."""
    if len(value) <= ID_MAX:
        return None
    return (
        f"ma {count_chars(len(value))} – najwyżej {ID_MAX} (identyfikator jest częścią adresów "
        "stron i kalendarzy)"
    )


def length_problem(text: str, most: int) -> str | None:
    """ "ma 5000 znaków – najwyżej 2000" (Polish) when `text` is longer than `most`
    characters; None otherwise."""
    if len(text) <= most:
        return None
    return f"ma {count_chars(len(text))} – najwyżej {most}"


def forbidden_char_problem(text: str) -> str | None:
    """Why `text` is refused (Polish, naming the first forbidden character and where it is),
    or None if it may be taken."""
    found = _FORBIDDEN_RE.search(text)
    if found is None:
        return None
    kind = "znak sterujący kierunkiem pisma" if _BIDI_RE.match(found[0]) else "znak sterujący"
    return (
        f"zawiera niedozwolony {kind} U+{ord(found[0]):04X} (na pozycji "
        f"{found.start() + 1}) – proszę go usunąć"
    )


def removed_char_problem(text: str) -> str | None:
    """What to tell whoever sent `text` in a form that is refused for its forbidden characters
    (Polish, the first one named; the form is shown back without them), or None if it has
    none. Nothing was saved, so nothing is said to be removed (m11)."""
    found = forbidden_char_problem(text)
    if found is None:
        return None
    return found.replace(" – proszę go usunąć", f" – {REFUSED_FIELD}")


# The end of a refused field's message: the form is shown back cleaned, nothing was saved.
REFUSED_FIELD = (
    "nic nie zapisano; w polu pokazujemy tekst już bez niego – prosimy sprawdzić pole i "
    "wysłać ponownie"
)


def without_forbidden_chars(text: str) -> tuple[str, int]:
    """`text` with every forbidden character removed, and how many were."""
    return _FORBIDDEN_RE.subn("", text)


# Format characters (Unicode category Cf) nobody sees, which copies from Word, PDFs and web
# pages leave inside words: the soft hyphen, the zero-width space, non-joiner and joiner, the
# word joiner, the byte order mark, invisible operators, tags… A name holding one looks like
# the name without it, yet no search for the name finds it. They are removed wherever text
# enters (a harmonogram file, `announce`, a form, the importer), saying so; the bidi controls
# are refused instead (_FORBIDDEN_RE), the marks LRM, RLM and ALM kept (see above).
_MARKS = "\u061c\u200e\u200f"
_INVISIBLE_CHARS = (
    "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200d\u2060-\u2064"
    "\u206a-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE_CHARS}]")
_INVISIBLE_OR_MARK_RE = re.compile(f"[{_INVISIBLE_CHARS}{_MARKS}]")
INVISIBLE_NAMES = {
    0x00AD: "miękki dywiz",
    0x200B: "spacja o zerowej szerokości",
    0x200C: "rozdzielacz o zerowej szerokości",
    0x200D: "łącznik o zerowej szerokości",
    0x200E: "znak kierunku od lewej do prawej",
    0x200F: "znak kierunku od prawej do lewej",
    0x2060: "łącznik słów",
    0xFEFF: "znak kolejności bajtów, BOM",
}


_NO_TEXT_RE = re.compile(f"{_FORBIDDEN_RE.pattern}|{_INVISIBLE_OR_MARK_RE.pattern}")


def no_text_chars(text: str) -> tuple[str, str]:
    """`text` without its forbidden characters and invisible ones (the marks LRM, RLM and ALM
    too), and those removed, in order: what a document's text keeps of a cell (the importer)."""
    removed = "".join(_NO_TEXT_RE.findall(text))
    return (_NO_TEXT_RE.sub("", text) if removed else text), removed


def without_invisible_chars(text: str, *, marks: bool = True) -> tuple[str, int]:
    """`text` with every invisible format character removed (and, unless `marks` is False,
    the marks LRM, RLM and ALM: a document's text has no use for them), and how many were."""
    return (_INVISIBLE_OR_MARK_RE if marks else _INVISIBLE_RE).subn("", text)


def invisible_char_note(text: str, *, refused: bool = False) -> str | None:
    """What to tell whoever typed `text` when its invisible format characters are removed
    (Polish, the first one named, with how many there were), or None if it has none. The
    marks LRM, RLM and ALM are no such characters here (right-to-left text needs them).
    `refused`: for a form refused for them (nothing saved, nothing "removed")."""
    found = list(_INVISIBLE_RE.finditer(text))
    if not found:
        return None
    first = ord(found[0][0])
    name = INVISIBLE_NAMES.get(first)
    shown = f"U+{first:04X}" + (f" ({name})" if name else "")
    more = len(found) - 1
    others = f" i {more} {plural(more, 'inny', 'inne', 'innych')}" if more else ""
    if refused:
        return (
            f"zawiera niewidoczny znak {shown} na pozycji {found[0].start() + 1}{others} – "
            f"{REFUSED_FIELD}"
        )
    return (
        f"usunięto niewidoczny znak {shown} z pozycji {found[0].start() + 1}{others} – taki "
        "znak nie jest widoczny, a przeszkadza w wyszukiwaniu"
    )


def visible_text(text: str) -> tuple[str, str | None]:
    """`text` without its invisible format characters, and the note saying so
    (invisible_char_note; None when there were none): the one cleaning of typed text."""
    return _INVISIBLE_RE.sub("", text), invisible_char_note(text)


def escaped_forbidden_chars(text: str) -> str:
    """`text` with every forbidden character written as its escape ("\\x07", "\\u202e", a
    byte that was not UTF-8 as "\\xb3"): for what is shown but not taken, such as a file's
    name, a mail server's reply or a log line."""
    return _FORBIDDEN_RE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found[0])
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for the byte code - 0xDC00
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def whole_number(text: str, max_digits: int = 9) -> int | None:
    """The whole number `text` spells in ASCII digits (surrounding spaces allowed), at most
    `max_digits` of them; None for anything else ("", "-1", "²", "①", "1e3", 5,000 digits)."""
    text = text.strip()
    if len(text) > max_digits or not _WHOLE_NUMBER_RE.fullmatch(text):
        return None
    return int(text)


def address_number(text: str, max_digits: int) -> int | None:
    """The whole number a query or path parameter (?year=, ?alarm=, /{city}/{year}/) spells,
    by the one rule of every address: ASCII digits only, no space, no leading zero (one
    spelling per number, so one address per feed), at most `max_digits`; None for anything
    else (" 7", "07", "0007", "02024", "²", "①", 5,000 digits)."""
    if len(text) > max_digits or not _ADDRESS_NUMBER_RE.fullmatch(text):
        return None
    return int(text)


def day_problem(day: date) -> str | None:
    """Why `day` is refused (Polish), or None if it lies in MIN_YEAR–MAX_YEAR."""
    if MIN_YEAR <= day.year <= MAX_YEAR:
        return None
    return f"data {day.isoformat()} spoza zakresu lat {MIN_YEAR}–{MAX_YEAR}"


@dataclass(frozen=True)
class Bound:
    """The range (both ends included) a number of one kind must lie in, and the kind's
    name in messages (Polish)."""

    what: str
    low: int
    high: int | Decimal

    def problem(self, value: int | Decimal) -> str | None:
        """Why `value` is refused (Polish), or None if it lies in the range."""
        if self.low <= value <= self.high:
            return None
        shown = shown_number(value)
        given = f" ({shown})" if len(shown) <= 20 else ""
        return (
            f"{self.what}{given} spoza zakresu {shown_number(self.low)}–{shown_number(self.high)}"
        )

    def expected(self, text: str) -> str:
        """What was expected instead of `text` (Polish; `text` quoted by echoed, cut to 20
        characters)."""
        return (
            f"{self.what}: prosimy podać liczbę całkowitą od {shown_number(self.low)} do "
            f"{shown_number(self.high)}, a nie {echoed(text, 20)}"
        )

    def whole(self, text: str) -> int | None:
        """The whole number `text` spells (whole_number) if it lies in the range; None
        otherwise (say why with `expected`)."""
        digits = len(str(int(self.high)))
        number = whole_number(text, digits)
        return number if number is not None and self.problem(number) is None else None


def shown_megabytes(size: int) -> str:
    """A size in bytes as megabytes with one decimal and a decimal comma: "77,1 MB"."""
    megabytes = (Decimal(size) / 1024 / 1024).quantize(Decimal("0.1"))
    return f"{shown_number(megabytes)} MB"


def shown_number(value: int | Decimal) -> str:
    """A number as Polish prints it: above four digits in groups of three split by a space,
    a decimal comma ("999 999 999 999,99", "2199", "-5")."""
    text = str(value) if isinstance(value, int) else format(value, "f")
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    if len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", " ")
    return sign + (f"{whole},{fraction}" if fraction else whole)


YEARS = Bound("rok", MIN_YEAR, MAX_YEAR)
AMOUNTS = Bound("kwota", 0, Decimal("999999999999.99"))  # PLN; a city's budget is far less
PORTS = Bound("port", 1, 65535)
WORKERS = Bound("liczba procesów", 1, 64)

_AMOUNT_TEXT_RE = re.compile(r"[0-9]{1,15}(?:[.,][0-9]{1,2})?")
_AMOUNT_SPACES_RE = re.compile(r"[\s\u00a0\u2007\u202f]+")


def amount_problem(amount: Decimal) -> str | None:
    """Why an amount in PLN is refused (Polish): out of AMOUNTS, or more than two decimals
    (grosze); None if it may be taken."""
    if not amount.is_finite():
        return "kwota musi być liczbą złotych"
    problem = AMOUNTS.problem(amount)
    if problem is not None:
        return problem
    if amount != amount.quantize(Decimal("0.01")):
        return f"kwota {shown_number(amount)} ma więcej niż dwa miejsca po przecinku (grosze)"
    return None


def amount_from_text(text: str) -> Decimal | None:
    """A sum in złoty as people type it ("250000", "250 000", "12 500,50", "12500.5"): digits,
    spaces between groups, at most two decimals after a comma or dot, within AMOUNTS; None
    for anything else ("1e308", "NaN", "-5", "0x10", "²")."""
    cleaned = _AMOUNT_SPACES_RE.sub("", text)
    if not _AMOUNT_TEXT_RE.fullmatch(cleaned):
        return None
    try:
        amount = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None
    return amount if amount_problem(amount) is None else None
