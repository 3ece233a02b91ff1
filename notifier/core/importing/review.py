"""Turn what was read into the file and its review (Polish): the core's one entry for import.

`build_import` resolves city, year and `as_of` (the user's options first, then the document),
writes the file (toml_writer), validates it with the schedule reader so a written file always
passes `notifier check`, and lists what a person should check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notifier.core.importing.carry_over import Carried, Previous, carry_over
from notifier.core.importing.document_dates import year_in_name
from notifier.core.importing.document_place import Named, place_problems
from notifier.core.importing.letter_case import readable_title
from notifier.core.importing.model import DocumentError, ImportedSchedule
from notifier.core.importing.quoting import excerpt, printed
from notifier.core.importing.repeated import merge_repeated
from notifier.core.importing.sanity import period_oddity, title_problem
from notifier.core.importing.table_kinds import SKIPPED
from notifier.core.importing.toml_writer import write_toml
from notifier.core.importing.unwritable import unwritable
from notifier.core.input_rules import without_forbidden_chars
from notifier.core.polish import plural
from notifier.core.schedule import Schedule, ScheduleError, ascii_slug
from notifier.core.schedule_toml import parse_schedule
from notifier.core.task_fields import read_url


@dataclass(frozen=True)
class ImportResult:
    """The file text (`toml`), its validated Schedule, what was read, and the Polish review."""

    toml: str
    schedule: Schedule
    imported: ImportedSchedule
    review: str
    warnings: tuple[str, ...]
    ids: tuple[str, ...] = ()  # which ids came from the earlier harmonogram, which are new
    # what says the document is another city's or another year's (Polish; the office's draft
    # asks for a confirmation before saving such a document)
    mismatch: tuple[str, ...] = ()


def _one_line(text: str) -> str:
    return " ".join(without_forbidden_chars(text)[0].split())


def build_import(
    imported: ImportedSchedule,
    *,
    source: str,
    city: str | None,
    year: int | None,
    as_of: date | None,
    previous: Previous | None = None,
    city_fields: Schedule | None = None,
    source_url: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """The harmonogram file and review for `imported`; DocumentError (Polish) if the document
    has no task with a period (no harmonogram-like table), or no city or year is known.
    `year`/`as_of` given by the user win over the document's; without either, `as_of` is 1
    January of the year, with a warning. `source` and `city` (a file's name, a form's field)
    are taken as one line without control characters (they go into a TOML comment and
    strings). `previous`, the city's earlier harmonogram, gives its ids to the departments
    and tasks printed again (notifier.core.importing.carry_over); DocumentError if it is
    another city's; its city-level fields ([office], the city's id, region; see
    toml_writer.write_toml) are carried into the file, or else those of `city_fields`
    (the city's latest harmonogram, when it has no earlier one). `source_url` is the document's address (http(s)) for the file's `source`,
    shown on the page as the harmonogram's source; without it the file has a marked
    placeholder in a comment (never the local file's name); DocumentError for an address
    that is no URL. `today` (the caller's day): the `as_of` proposed without one is never
    after it (blind7 M8: 1 January 2027 for a document adopted in November 2026)."""
    source, city = _one_line(source)[:200], _one_line(city or "") or None
    imported = merge_repeated(imported)
    source_url = _source_url(source_url)
    if not any(task.period for task in imported.tasks()):
        seen = [n for n in imported.notes if SKIPPED in n][:3]
        raise DocumentError(
            f"W dokumencie {source} nie znaleziono tabeli harmonogramu (kolumna zadań i kolumna "
            "terminów ogłoszenia konkursów). Proszę sprawdzić, czy to właściwy dokument."
            + "".join(f"\n  - {n}" for n in seen)
        )
    _refuse_nonsense(imported, source, year or imported.year or 2000)
    if not city:
        named = "".join(f", {printed(n[1])}" for n in imported.named[:3])
        raise DocumentError(
            "Proszę podać nazwę miasta: --city NAZWA (w dokumencie jej nie ma"
            + (f" w mianowniku; dokument wymienia{named[1:]})." if named else ").")
        )
    notes = list(imported.notes)
    year, said = year_and_source(imported, year, as_of, source)
    notes += said
    if year is None:
        raise DocumentError("Proszę podać rok harmonogramu: --year RRRR (w dokumencie go nie ma).")
    if as_of is None:
        as_of = imported.as_of
    if as_of is None:
        as_of = date(year, 1, 1) if today is None else min(date(year, 1, 1), today)
        notes.append(
            f"{imported.as_of_unread}: znaleziono „stan na dzień”, ale jego daty nie da się "
            f"odczytać – wpisano as_of = {as_of.isoformat()}; proszę wpisać właściwą datę"
            if imported.as_of_unread
            else f"w dokumencie nie ma „stan na dzień”: wpisano as_of = {as_of.isoformat()}"
        )
    _readable_titles(imported, notes)
    carried = _carried(imported, previous, city)
    text, warnings = write_toml(
        imported,
        city=city,
        year=year,
        as_of=as_of,
        source=source,
        carried=carried,
        source_url=source_url,
        # next year keeps the city's office, id, region (CLI and office)
        city_fields=previous.schedule if previous is not None else city_fields,
    )
    try:
        schedule = parse_schedule(text, source=source)
    except ScheduleError as exc:  # a bug of the importer: never write such a file
        raise DocumentError(unwritable(exc.problems, text, imported, source)) from None
    mismatch = document_problems(imported, city, year)
    review = _review(imported, notes, warnings, carried, source_url)
    if previous is not None:
        review = review.replace(
            OFFICE_PLACEHOLDER,
            f"[office] (przepisane z {previous.source}: proszę sprawdzić, czy aktualne),",
        )
    if mismatch:
        review = "\n".join([MISMATCH, *(f"  - {m}" for m in mismatch), "", review])
    ids = tuple(carried.lines if carried else [NO_PREVIOUS])
    return ImportResult(text, schedule, imported, review, tuple(warnings), ids, tuple(mismatch))


MISMATCH = "UWAGA – czy to właściwy dokument?"
OFFICE_PLACEHOLDER = "adres e-mail biura w [office] (wpisano adres zastępczy),"


def document_problems(imported: ImportedSchedule, city: str, year: int) -> list[str]:
    """What says `imported` is not `city`'s harmonogram for `year` (document_place)."""
    printed = (imported.year, imported.year_from or "tekst dokumentu") if imported.year else None
    return place_problems(
        city,
        year,
        [Named(*n) for n in imported.named],
        printed,
        [t.period for t in imported.tasks() if t.period],
    )


def harmonogram_year(
    imported: ImportedSchedule, year: int | None, as_of: date | None, source: str = ""
) -> int | None:
    """The harmonogram's year (see year_and_source)."""
    return year_and_source(imported, year, as_of, source)[0]


def year_and_source(
    imported: ImportedSchedule, year: int | None, as_of: date | None, source: str
) -> tuple[int | None, list[str]]:
    """The harmonogram's year and the review's notes (Polish) on where it came from: the
    user's `year`, else the document's text (title, a phrase such as "na rok 2027"), else the
    file name `source` ("harmonogram_2027.xlsx"), else the year of `as_of`. When the sources
    disagree the notes say so; the document's text wins over the file name."""
    named = year_in_name(source)
    printed = imported.year
    where = imported.year_from or "tekst dokumentu"
    if year is not None:
        if printed is not None and printed != year:
            return year, [
                f"rok {year} podany przy imporcie, choć dokument podaje {printed} ({where})"
            ]
        return year, []
    if printed is not None:
        notes = [f"rok {printed} z dokumentu: {where}"]
        if named is not None and named != printed:
            notes.append(
                f"nazwa pliku {source} podaje rok {named}, a treść dokumentu {printed}: przyjęto "
                f"{printed} z treści dokumentu — proszę sprawdzić"
            )
        return printed, notes
    if named is not None:
        return named, [
            (
                f"rok {named} z nazwy pliku {source}: w treści dokumentu roku nie znaleziono — "
                "proszę sprawdzić"
            )
        ]
    if as_of is not None:
        return as_of.year, [f"rok {as_of.year} z daty „stan na dzień” — proszę sprawdzić"]
    return None, []


def _carried(imported: ImportedSchedule, previous: Previous | None, city: str) -> Carried | None:
    if previous is None:
        return None
    earlier = previous.schedule
    if ascii_slug(city) not in (earlier.city_id, ascii_slug(earlier.city)):
        raise DocumentError(
            f"Wcześniejszy harmonogram {previous.source} jest harmonogramem miasta {earlier.city}, "
            f"a import dotyczy miasta {city}. Proszę wskazać plik tego samego miasta."
        )
    return carry_over(imported, previous)


def _source_url(value: str | None) -> str | None:
    """The document's address as given (--source, a form's field), checked like the file's
    other addresses; DocumentError (Polish) when it is no http(s) URL."""
    if value is None or not value.strip():
        return None
    problems: list[str] = []
    url = read_url(
        {"source": _one_line(value)}, "source", "--source", lambda _, p: problems.append(p)
    )
    if url is None:
        raise DocumentError(f"Adres źródła: {problems[0].removeprefix('source ')}.")
    return url


def _readable_titles(imported: ImportedSchedule, notes: list[str]) -> None:
    """Task titles printed in capitals get a readable case (notifier.core.importing.letter_case);
    the printed form stays in `printed` (a comment in the file) and a note says so."""
    changed = 0
    for task in imported.tasks():
        readable = readable_title(task.title)
        if task.printed is None and readable != task.title:
            task.printed, task.title = task.title, readable
            changed += 1
    if changed:
        notes.append(
            f"{changed} {plural(changed, 'tytuł zadania', 'tytuły zadań', 'tytułów zadań')} "
            "wydrukowano wielkimi literami: w pliku zapisano je zwykłą pisownią (skróty takie jak "
            "MOPS zostały), postać z dokumentu jest w komentarzu obok"
        )


def _refuse_nonsense(imported: ImportedSchedule, source: str, year: int) -> None:
    """DocumentError when most "tasks" read are no tasks (notifier.core.importing.sanity): a
    label, a date, a number or a fragment for a title, or a sentence for a period."""
    tasks = imported.tasks()
    odd = [
        (task, why)
        for task in tasks
        if (why := title_problem(task.title, year) or period_oddity(task.period or "", year))
    ]
    if len(odd) * 2 <= len(tasks):
        return
    task, why = odd[0]
    raise DocumentError(
        f"Z dokumentu {source} odczytano {len(tasks)} "
        f"{plural(len(tasks), 'zadanie', 'zadania', 'zadań')}, ale {len(odd)} z nich nie "
        f"{plural(len(odd), 'wygląda', 'wyglądają', 'wygląda')} na zadania harmonogramu, np. {printed(task.title, 60)} ({task.where}): {why}. "
        "Import nie zapisuje takiego pliku: to chyba nie tabela harmonogramu (zadanie, termin "
        "ogłoszenia), albo tekst, którego import nie umie podzielić na zadania. Proszę sprawdzić "
        "dokument albo przygotować harmonogram jako tabelę."
    )


NO_PREVIOUS = (
    "Nie wskazano wcześniejszego harmonogramu tego miasta: wszystkie identyfikatory (id) są "
    "nowe. Jeśli miasto ma już harmonogram z wcześniejszego roku, proszę go wskazać — inaczej "
    "subskrybenci jego wydziałów i zadań nie dostaną zadań z tego pliku."
)


def _review(
    imported: ImportedSchedule,
    notes: list[str],
    warnings: list[str],
    carried: Carried | None,
    source_url: str | None,
) -> str:
    departments = len(imported.departments)
    tasks = imported.tasks()
    lines = [
        (
            f"Znaleziono {departments} {plural(departments, 'komórkę', 'komórki', 'komórek')} "
            f"i {len(tasks)} {plural(len(tasks), 'zadanie', 'zadania', 'zadań')}:"
        )
    ]
    for department in imported.departments:
        lines.append(f"  {excerpt(department.name)} ({department.where}): {len(department.tasks)}")
        for task in department.tasks:
            number = f"{task.number}) " if task.number else ""
            lines.append(
                f"    - {number}{excerpt(task.title, 70)} — {excerpt(task.period or 'BRAK TERMINU')}"
            )
    if notes:
        lines += ["", "Decyzje importu:", *(f"  - {n}" for n in notes)]
    lines += ["", *(carried.lines if carried else ["Identyfikatory: " + NO_PREVIOUS])]
    if warnings:
        lines += ["", "Ostrzeżenia:", *(f"  - {w}" for w in warnings)]
    checks = [
        OFFICE_PLACEHOLDER,
        *(
            []
            if source_url
            else [
                "adres dokumentu w BIP: source (w pliku komentarz do uzupełnienia, --source URL),"
            ]
        ),
        "tematy zadań (zgadnięte po słowach, oznaczone w pliku komentarzem),",
    ]
    if any(task.merged for task in tasks):
        checks.append("terminy wydrukowane raz dla kilku zadań (w decyzjach wyżej, z miejscem),")
    if any(task.printed for task in tasks):
        checks.append("tytuły zadań przepisane z wielkich liter (postać z dokumentu obok),")
    if any(d.printed and d.printed != d.name for d in imported.departments):
        checks.append("nazwy komórek przepisane z wielkich liter (postać z dokumentu obok),")
    if warnings:
        checks.append("terminy z ostrzeżeń wyżej (wpisane tak, jak w dokumencie),")
    if any("rok przyjęty z nagłówka" in w for w in warnings):
        checks.append("terminy bez roku: rok przyjęty z nagłówka (ostrzeżenia wyżej),")
    checks.append("identyfikatory (id) zadań: po publikacji nie wolno ich zmieniać.")
    lines += ["", "Proszę sprawdzić przed użyciem:", *(f"  - {c}" for c in checks)]
    return "\n".join(lines)
