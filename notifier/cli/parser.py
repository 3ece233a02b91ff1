"""The `notifier` command line: its arguments and help, all in Polish (argparse's own words too).

City staff run these commands, so the help reads like the rest of the output. argparse looks
its fixed words ("usage: ", "options", its error messages) up through gettext at call time;
`polish_argparse()` answers those look-ups from POLISH while the parser is built and used.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from notifier.cli.arg_types import (
    amount_value,
    bounded,
    deadline_value,
    host_value,
    iso_date,
    path_value,
    schedule_path,
)
from notifier.core.input_rules import PORTS, WORKERS, YEARS
from notifier.core.preferences import DEADLINE_DAYS, LEAD_DAYS

Handler = Callable[[argparse.Namespace, Any], int]

# argparse's own messages (CPython 3.11–3.13 message ids) in Polish, "Państwo" register.
POLISH = {
    "usage: ": "użycie: ",
    "positional arguments": "argumenty",
    "options": "opcje",
    "optional arguments": "opcje",
    "show this help message and exit": "wyświetla tę pomoc i kończy działanie",
    "%(prog)s: error: %(message)s\n": "%(prog)s: błąd: %(message)s\n",
    "the following arguments are required: %s": "brak wymaganych argumentów: %s",
    "unrecognized arguments: %s": "nieznane argumenty: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "nieznana wartość %(value)r (do wyboru: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "expected one argument": "ta opcja wymaga wartości",
    "expected at most one argument": "ta opcja przyjmuje najwyżej jedną wartość",
    "expected at least one argument": "ta opcja wymaga co najmniej jednej wartości",
    "invalid %(type)s value: %(value)r": "nieprawidłowa wartość %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "niejednoznaczna opcja %(option)s – pasuje do: %(matches)s"
    ),
    "not allowed with argument %s": "nie można podać razem z %s",
    "one of the arguments %s is required": "wymagany jest jeden z argumentów: %s",
    "ignored explicit argument %r": "zbędna wartość %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "nieznane polecenie %(parser_name)r (do wyboru: %(choices)s)"
    ),
}
_PLURALS = {"expected %s argument": "oczekiwano argumentów: %s"}


def _translate(message: str) -> str:
    return POLISH.get(message, message)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return _PLURALS.get(singular, singular if n == 1 else plural)


@contextmanager
def polish_argparse() -> Iterator[None]:
    """Within this block argparse speaks Polish (its gettext look-ups answered from POLISH)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def build_parser(handlers: Mapping[str, Handler]) -> argparse.ArgumentParser:
    """The parser; `handlers` maps "check", "feed", … "subscribers remove" to their functions.

    Build and use it inside polish_argparse() for argparse's own words in Polish.
    """
    parser = argparse.ArgumentParser(
        prog="notifier",
        description=(
            "Kalendarz i przypomnienia e-mail o harmonogramie otwartych konkursów ofert "
            "(plik harmonogramu schedule.toml albo katalog takich plików). Ustawienia: zmienne "
            "NOTIFIER_* lub plik .env w bieżącym katalogu."
        ),
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="POLECENIE", title="polecenia"
    )

    # --schedule is accepted on every command and action; SUPPRESS keeps an action's parser
    # from overwriting a value given before the action ("subscribers --schedule F add …").
    def schedule_option(what: str, metavar: str) -> argparse.ArgumentParser:
        parent = argparse.ArgumentParser(add_help=False)
        parent.add_argument(
            "--schedule",
            type=schedule_path,
            default=argparse.SUPPRESS,
            metavar=metavar,
            help=f"{what} (domyślnie $NOTIFIER_SCHEDULE albo ./schedule.toml)",
        )
        return parent

    schedule = schedule_option("plik harmonogramu albo katalog plików *.toml", "ŚCIEŻKA")
    # feed, export and announce work on one harmonogram (notifier.cli._one_file refuses a
    # directory): their --schedule names one file.
    one_file = schedule_option("plik harmonogramu, jeden (nie katalog)", "PLIK")

    def command(name: str, help_text: str, *, one: bool = False) -> argparse.ArgumentParser:
        parents = [one_file if one else schedule]
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=parents)
        sub.set_defaults(handler=handlers[name])
        return sub

    check = command(
        "check", "sprawdza plik harmonogramu albo katalog plików i wypisuje podsumowanie"
    )
    check.add_argument(
        "path",
        nargs="?",
        type=path_value,
        metavar="ŚCIEŻKA",
        help="plik harmonogramu albo katalog plików *.toml (domyślnie --schedule)",
    )
    check.add_argument(
        "--as-of",
        type=iso_date,
        metavar="RRRR-MM-DD",
        help="ostrzeżenia o minionych terminach liczone na ten dzień (domyślnie: dziś)",
    )

    command(
        "topics",
        "wypisuje identyfikatory tematów: wspólne (z dawnymi nazwami) i własne tematy plików",
    )

    importing = command(
        "import",
        "czyta dokument miasta z harmonogramem (PDF, DOCX, ODT, XLSX, ODS, HTML, TXT), "
        "zapisuje plik harmonogramu i wypisuje, co trzeba sprawdzić",
    )
    importing.add_argument(
        "document", type=path_value, metavar="DOKUMENT", help="plik z harmonogramem miasta"
    )
    importing.add_argument(
        "-o",
        "--output",
        type=path_value,
        required=True,
        metavar="PLIK.toml",
        help="plik do zapisania",
    )
    importing.add_argument("--city", metavar="NAZWA", help="miasto (domyślnie z nazwy pliku)")
    importing.add_argument("--year", type=bounded(YEARS), metavar="RRRR", help="rok harmonogramu")
    importing.add_argument(
        "--as-of",
        type=iso_date,
        metavar="RRRR-MM-DD",
        help="stan na dzień (domyślnie z dokumentu: „stan na dzień …”)",
    )
    importing.add_argument(
        "--previous",
        type=path_value,
        metavar="PLIK.toml",
        help="wcześniejszy harmonogram miasta, którego identyfikatory wydziałów i zadań import "
        "zachowuje (domyślnie: najnowszy wcześniejszy rok tego miasta z NOTIFIER_SCHEDULE)",
    )
    importing.add_argument(
        "--source",
        metavar="URL",
        help="adres (https://…) dokumentu w BIP: strona harmonogramu poda go jako źródło "
        "(bez niego w pliku zostaje komentarz do uzupełnienia, nigdy nazwa pliku z dysku)",
    )

    feed = command("feed", "zapisuje kalendarz (iCalendar, .ics)", one=True)
    feed.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="SLUG",
        help="tylko ogłoszenia z zadaniem w tym temacie (można powtórzyć: dowolny z nich)",
    )
    feed.add_argument(
        "--department",
        action="append",
        default=[],
        metavar="ID",
        help="tylko ogłoszenia tego wydziału (można powtórzyć: dowolny z nich)",
    )
    feed.add_argument(
        "-o",
        "--output",
        type=path_value,
        metavar="PLIK",
        help="zapis do pliku (domyślnie: na ekran)",
    )

    announce = command(
        "announce",
        "dopisuje do pliku harmonogramu ogłoszony konkurs (sekcję [[calls]]) i sprawdza plik",
        one=True,
    )
    announce.add_argument(
        "tasks",
        nargs="+",
        metavar="WYDZIAŁ/ZADANIE",
        help="zadania objęte ogłoszeniem, np. kultura-sport/rozwoj-sportu (listę pokazuje "
        "`notifier export`)",
    )
    announce.add_argument(
        "--published",
        type=iso_date,
        required=True,
        metavar="RRRR-MM-DD",
        help="dzień ogłoszenia konkursu",
    )
    announce.add_argument(
        "--deadline",
        type=deadline_value,
        required=True,
        metavar="RRRR-MM-DD[TGG:MM]",
        help="termin składania ofert: dzień albo dzień z godziną (czas warszawski)",
    )
    announce.add_argument(
        "--as-of",
        type=iso_date,
        metavar="RRRR-MM-DD",
        help="dzisiejszy dzień (domyślnie: dziś); dzień ogłoszenia nie może być późniejszy",
    )
    announce.add_argument(
        "--url", required=True, metavar="ADRES", help="adres ogłoszenia (http:// lub https://)"
    )
    announce.add_argument(
        "--amount", type=amount_value, metavar="ZŁ", help="kwota przeznaczona na konkurs, w zł"
    )
    announce.add_argument("--title", metavar="TYTUŁ", help="nazwa ogłoszenia (nieobowiązkowa)")

    export = command("export", "wypisuje harmonogram jako JSON (= /api/tasks) albo CSV", one=True)
    export.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="format: json (jak /api/tasks) albo csv (wiersz na każdy termin, do Excela)",
    )
    export.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="SLUG",
        help="tylko zadania w tym temacie (można powtórzyć)",
    )
    export.add_argument(
        "--department",
        action="append",
        default=[],
        metavar="ID",
        help="tylko zadania tego wydziału (można powtórzyć)",
    )

    serve = command("serve", "uruchamia stronę i wysyłkę przypomnień w jednym procesie")
    web = command("web", "uruchamia samą stronę (bez wysyłki przypomnień)")
    for sub in (serve, web):
        sub.add_argument(
            "--host", type=host_value, default="127.0.0.1", metavar="ADRES", help="adres serwera"
        )
        sub.add_argument("--port", type=bounded(PORTS), default=8000, help="port serwera")
    web.add_argument(
        "--workers",
        type=bounded(WORKERS),
        default=1,
        metavar="N",
        help="liczba procesów serwera (domyślnie 1); każdy odpowiada na żądania, "
        "kalendarze i ich ETag/Last-Modified są w każdym te same",
    )
    publish = command(
        "publish", "zapisuje stronę i wszystkie kalendarze jako pliki dla serwera statycznego"
    )
    publish.add_argument(
        "--out",
        type=path_value,
        metavar="KATALOG",
        help="katalog docelowy (domyślnie $NOTIFIER_PUBLISH_DIR); niezmienione pliki "
        "zostają nietknięte",
    )
    publish.add_argument(
        "--verify",
        action="store_true",
        help="sprawdza też każdy opublikowany plik (treść, kopię .gz, brak dowiązań "
        "symbolicznych) i publikuje ponownie te, które ktoś zmienił, usunął lub podmienił",
    )
    command("worker", "uruchamia samą wysyłkę przypomnień (jedną na bazę danych)")

    remind = command("remind", "wysyła przypomnienia teraz (jedno przejście)")
    digest = command("digest", "wysyła teraz cotygodniowe podsumowanie do biura")
    for sub in (remind, digest):
        sub.add_argument(
            "--as-of",
            type=iso_date,
            metavar="RRRR-MM-DD",
            help="tak, jakby była godzina 08:00 tego dnia (domyślnie: teraz)",
        )
        sub.add_argument("--dry-run", action="store_true", help="tylko wypisuje, nic nie wysyła")
    command("jobs", "pokazuje najbliższe uruchomienia wysyłek i co wyślą")

    subscribers = command("subscribers", "subskrybenci przypomnień e-mail")
    actions = subscribers.add_subparsers(dest="action", metavar="CZYNNOŚĆ", title="czynności")
    add = actions.add_parser(
        "add",
        help="dodaje aktywnego subskrybenta (zgoda wyrażona osobiście)",
        description="dodaje aktywnego subskrybenta (zgoda wyrażona osobiście)",
        parents=[schedule],
    )
    add.add_argument("email", metavar="ADRES", help="adres e-mail")
    add.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="SLUG",
        help="temat (slug z [topics], listę pokazuje `notifier check`), można powtórzyć; "
        "'all' albo brak – wszystkie tematy",
    )
    add.add_argument(
        "--lead-days",
        action="append",
        type=bounded(LEAD_DAYS),
        default=[],
        metavar="N",
        help=f"ile dni przed ogłoszeniem przypomnieć, {LEAD_DAYS.low}–{LEAD_DAYS.high}, można "
        "powtórzyć (domyślnie: 7)",
    )
    add.add_argument(
        "--deadline-days",
        type=bounded(DEADLINE_DAYS),
        default=None,
        metavar="N",
        help="ile dni przed terminem składania ofert w ogłoszonym konkursie przypomnieć, "
        f"{DEADLINE_DAYS.low}–{DEADLINE_DAYS.high} (domyślnie: 3)",
    )
    add.add_argument(
        "--city",
        action="append",
        default=[],
        metavar="ID",
        help="miasto (city_id z [harmonogram]), można powtórzyć; brak – wszystkie miasta",
    )
    add.set_defaults(handler=handlers["subscribers add"])
    listing = actions.add_parser(
        "list", help="pokazuje listę subskrybentów", description="pokazuje listę subskrybentów",
        parents=[schedule],
    )  # fmt: skip
    listing.set_defaults(handler=handlers["subscribers list"])
    remove = actions.add_parser(
        "remove", help="wypisuje adres z przypomnień", description="wypisuje adres z przypomnień",
        parents=[schedule],
    )  # fmt: skip
    remove.add_argument("email", metavar="ADRES", help="adres e-mail")
    remove.set_defaults(handler=handlers["subscribers remove"])
    return parser
