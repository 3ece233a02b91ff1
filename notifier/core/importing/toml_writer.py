"""Write an imported harmonogram as a file in the format of schedule.toml (tomlkit).

Ids are ascii slugs of the printed names (stable for the same document, made unique by a
number); titles and periods are written as printed; topics are guessed and each guess is
marked by a comment; a period the reader could not read is written as printed with a
comment; the [office] address is a marked placeholder; a department printed in capitals
gets a readable name with the printed form in a comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import tomlkit
from tomlkit.items import Table

from notifier.core.echo import clipped
from notifier.core.head_lint import PLACEHOLDER_EMAIL
from notifier.core.importing.carry_over import Carried
from notifier.core.importing.cells import dates_printed_in, period_problem, year_assumed
from notifier.core.importing.model import ImportedSchedule, ImportedTask
from notifier.core.importing.quoting import printed as quote
from notifier.core.importing.sanity import title_problem
from notifier.core.importing.topic_guess import guess_topics
from notifier.core.periods import MAX_PERIOD_CHARS, too_long
from notifier.core.polish import plural
from notifier.core.schedule import CITY_KEYS, Schedule, ascii_slug
from notifier.core.task_period import is_vague, read_period, window_example
from notifier.core.topic_vocabulary import SHARED_TOPICS
from notifier.core.undated_wording import period_wording_problem

ID_WORDS = 5  # words of the printed name kept in an id
ID_WORD_CHARS = 30  # of each word: a run of letters with no space ("xxxx…") keeps ids short
MISSING_PERIOD = "-"
OTHER_TOPIC = "inne"  # a local topic for a task whose words match no shared topic
OTHER_LABEL = "Inne zadania"
SOURCE_PLACEHOLDER = (
    'source = "https://…"  ← DO UZUPEŁNIENIA: proszę wpisać adres (URL) dokumentu w BIP i usunąć '
    "znak # (strona harmonogramu pokaże go jako źródło)"
)
YEAR_ASSUMED = "bez roku: rok przyjęty z nagłówka: proszę sprawdzić"


def slug_id(text: str, taken: set[str], fallback: str) -> str:
    """An ascii slug of the first ID_WORDS words of `text` (each cut to ID_WORD_CHARS),
    unique among `taken` (added)."""
    words = [w[:ID_WORD_CHARS] for w in ascii_slug(text).split("-") if w][:ID_WORDS]
    while len(words) > 1 and len(words[-1]) <= 2:  # never end on "i", "w", "na", …
        words.pop()
    base = "-".join(words) or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _task_table(
    task: ImportedTask,
    ids: set[str],
    scope: str,
    year: int,
    as_of: date,
    warnings: list[str],
    kept: tuple[str, tuple[str, ...], str, str | None] | None = None,
) -> Table:
    """One task's table; `kept` is (id, topics, file, short) carried over from the earlier
    year."""
    table = tomlkit.table()
    table.add("id", kept[0] if kept else slug_id(task.title, ids, "zadanie"))
    if task.number:
        table.add("number", task.number)
    table.add("title", task.title)
    odd = title_problem(task.title, year)
    said = [f"w dokumencie wielkimi literami: {task.printed}"] if task.printed else []
    if odd:
        said.append(f"proszę sprawdzić: {odd}")
    if said:
        table["title"].comment("; ".join(said))
    if kept and kept[3]:  # the short name subscribers see in calendar titles, kept
        table.add("short", kept[3])
        table["short"].comment(f"krótka nazwa z {kept[2]}: proszę sprawdzić, czy pasuje")
    if odd:
        warnings.append(f"{task.where}: zadanie {quote(task.title, 60)} {odd}: czy to zadanie?")
    period = task.period or MISSING_PERIOD
    table.add("period", period)
    if task.window:  # the clerk's dates beside the print (the office's draft checked them)
        table.add("window", task.window)
        table["window"].comment("okno dat dopisane przez urząd obok terminu z druku")
    elif task.period is None:
        table["period"].comment("brak terminu w dokumencie: proszę uzupełnić")
        warnings.append(
            f"{task.where}: zadanie {quote(task.title, 60)} nie ma terminu (wpisano „-”)"
        )
    else:
        problem = period_problem(period, year, as_of)
        odd = None if problem else period_wording_problem(period, year, as_of)
        if problem:
            _unread_period(table, task, problem, year, as_of, warnings)
        elif odd:
            table["period"].comment("proszę sprawdzić: to nie wygląda na termin")
            where = task.period_where or task.where
            warnings.append(f"{where}: zadanie {quote(task.title, 60)}: {odd}")
        else:
            said = (
                ["wydrukowany raz dla kilku zadań (scalona komórka tabeli)"] if task.merged else []
            )
            if year_assumed(period, year):
                said.append(YEAR_ASSUMED)
            if said:
                table["period"].comment("termin " + "; ".join(said))
    if task.remark:
        _remark(table, task.remark, warnings, task)
    if kept and kept[1]:
        table.add("topics", list(kept[1]))
        table["topics"].comment(f"id i tematy z {kept[2]}")
        return table
    topics = guess_topics(task.title) or guess_topics(scope)
    table.add("topics", topics or [OTHER_TOPIC])
    if topics:
        table["topics"].comment("tematy zgadnięte po słowach zadania: proszę sprawdzić")
    else:
        table["topics"].comment("tematu nie odgadnięto: proszę wybrać")
    return table


# a remark naming how the task is funded (notifier.core.schedule.Mode), the first that matches
_MODES = (
    ("maly-grant", re.compile(r"19\s*a|mał(y|e|ych)\s+grant|mikrogrant", re.IGNORECASE)),
    ("wieloletni", re.compile(r"wielolet|dwulet|trzylet|\bna lata\b", re.IGNORECASE)),
    ("powierzenie", re.compile(r"powierz", re.IGNORECASE)),
    ("wsparcie", re.compile(r"^wsparcie\b|forma wsparcia", re.IGNORECASE)),
)


def remark_mode(remark: str) -> str | None:
    """The funding mode a remarks column's text names ("art. 19a – małe granty" →
    "maly-grant"), or None."""
    return next((m for m, pattern in _MODES if pattern.search(remark)), None)


def _remark(table: Table, remark: str, warnings: list[str], task: ImportedTask) -> None:
    """The remarks column's text: kept as a comment on the task (the format has no remark
    field); when it names the funding mode ("art. 19a – małe granty", "konkurs wieloletni",
    "powierzenie"), `mode` is set, marked as read from the remark."""
    mode = remark_mode(remark)
    number = f"{task.number}) " if task.number else ""
    if mode is not None:
        table.add("mode", mode)
        table["mode"].comment(f"z uwag w dokumencie: {remark}")
    else:
        table.add(tomlkit.comment(f"uwagi w dokumencie: {remark}"))
    rounds = (
        " (proszę sprawdzić, czy to kilka naborów w jednym terminie)"
        if re.search(r"\b(dwa|trzy|kilka|dwóch|II)\s+nab", remark, re.IGNORECASE)
        else ""
    )
    warnings.append(
        f"{task.where}: uwagi przy zadaniu {number}{quote(task.title, 40)}: "
        f"{quote(remark, 60)}"
        + (f" → mode = „{mode}”" if mode else " (w pliku jako komentarz)")
        + rounds
    )


def _unread_period(
    table: Table, task: ImportedTask, problem: str, year: int, as_of: date, warnings: list[str]
) -> None:
    """A period cell that does not read. When it prints one stretch of dates among other words
    ("Konkurs ofert (termin ogłoszenia:Styczeń/luty 2022)"), the period stays as printed and
    those dates become its `window`; otherwise nothing printed gives dates, so the file says
    period = "-" with the printed words in a comment (never a guessed window: the file must
    pass `notifier check`) and the review suggests a `window` for a vague one."""
    printed = task.period or ""
    where = task.period_where or task.where
    unread = is_vague(problem) or too_long(printed)  # a whole page is no period (blind4 G0)
    dates = None if unread else dates_printed_in(printed, year, as_of)
    if dates is not None and _window_refused(printed, dates, year, as_of):
        dates = None  # "29 lutego 2027": `check` would refuse "lutego 2027" beside it
    if dates is not None:
        table.add("window", dates)
        table["window"].comment(
            "okno z dat wydrukowanych w tej komórce, nie zgadnięte: proszę potwierdzić"
        )
        warnings.append(
            f"{where}: termin {quote(printed)} nie czyta się w całości; wpisano window = "
            f"„{dates}” (daty z tej komórki) — okno wzięto wyłącznie z dat wydrukowanych w tej "
            "samej komórce, niczego nie zgadując; reszty słów import nie odczytał: proszę "
            "potwierdzić to okno albo je poprawić"
        )
        return
    table["period"] = MISSING_PERIOD
    shown = clipped(printed, MAX_PERIOD_CHARS)
    table["period"].comment(f"w dokumencie: {shown} (nieodczytane): proszę poprawić")
    hint = (
        "; termin nieprecyzyjny: gdy urząd poda dni, proszę przywrócić druk w period i dopisać "
        f"window z tymi dniami (np. window = „{window_example(printed, year)}”)"
        if is_vague(problem)
        else ""
    )
    warnings.append(f"{where}: {problem} — w pliku period = „-”, druk w komentarzu obok{hint}")


def _window_refused(printed: str, window: str, year: int, as_of: date) -> bool:
    """Whether `check` (notifier.core.task_period.read_period, the one rule of every file)
    refuses `window` beside the printed period: a day not in the calendar, an invisible
    character."""
    problems: list[str] = []
    table = {"period": printed, "window": window}
    read_period(table, "", year, as_of, lambda _where, why: problems.append(why))
    return bool(problems)


def write_toml(
    imported: ImportedSchedule,
    *,
    city: str,
    year: int,
    as_of: date,
    source: str,
    carried: Carried | None = None,
    source_url: str | None = None,
    city_fields: Schedule | None = None,
) -> tuple[str, list[str]]:
    """The harmonogram file's text and the warnings (Polish, each with its place) for the review.

    `city`, `year` and `as_of` are the values to write (the caller resolves them from the
    document and the user's options); `source` names the document (a comment only: a local
    file's name is no source to publish); `source_url` is its address, else the file says in
    a comment where to write one; `carried` the ids and topics kept from the city's earlier
    harmonogram (notifier.core.importing.carry_over): other ids are slugs that never take
    one of the earlier file's; `city_fields` the city's earlier harmonogram, whose city-level
    fields the file keeps: its [office] (name, email, staff) instead of the placeholder, and
    in [harmonogram] the city's id, `region` and `announcements_url` — next year's file keeps
    who may sign in, the city's address in links, its region's feed and where its calls are
    published. Title, year, "stan na dzień" and source are the new document's own.
    """
    warnings: list[str] = []
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Harmonogram zaimportowany z dokumentu {source} (notifier import)."))
    doc.add(tomlkit.comment("Proszę przejrzeć uwagi w komentarzach, potem: notifier check"))
    doc.add(tomlkit.nl())
    head = tomlkit.table()
    head.add("title", imported.title or f"Harmonogram otwartych konkursów ofert na {year} rok")
    head.add("city", city)
    head.add("year", year)
    head.add("as_of", as_of)
    if source_url:
        head.add("source", source_url)
    else:
        head.add(tomlkit.comment(SOURCE_PLACEHOLDER))
    if city_fields is not None:
        for key in CITY_KEYS:
            if (value := getattr(city_fields, key)) is not None:
                head.add(key, value)
    doc.add("harmonogram", head)
    if city_fields is not None:
        kept_office = city_fields.office
        doc.add("office", office_table(kept_office.name, kept_office.email, kept_office.staff))
    else:
        placeholder = office_table(f"Urząd Miasta {city}", PLACEHOLDER_EMAIL)
        placeholder["email"].comment(
            "ZASTĘPCZY ADRES: proszę wpisać adres biura przed uruchomieniem"
        )
        doc.add("office", placeholder)
    departments = tomlkit.aot()
    department_ids: set[str] = set()
    if carried:
        department_ids |= {*carried.departments.values(), *carried.reserved_departments}
    used: list[str] = []
    for n, department in enumerate(imported.departments):
        table = tomlkit.table()
        kept_id = carried.departments.get(n) if carried else None
        table.add("id", kept_id or slug_id(department.name, department_ids, "komorka"))
        table.add("name", department.name)
        if department.printed and department.printed != department.name:
            table["name"].comment(f"w dokumencie: {department.printed}")
        if department.scope:
            table.add("scope", department.scope)
        tasks = tomlkit.aot()
        ids, kept = _kept_tasks(carried, n)
        for t, task in enumerate(department.tasks):
            row = _task_table(task, ids, department.scope or "", year, as_of, warnings, kept.get(t))
            used += [t for t in row.get("topics", []) if t not in used]
            tasks.append(row)
        table.add("tasks", tasks)
        departments.append(table)
    topics = tomlkit.table()
    order = [*SHARED_TOPICS, OTHER_TOPIC]
    earlier = carried.topic_labels if carried else {}
    for slug in sorted(used, key=lambda s: order.index(s) if s in order else len(order)):
        topics.add(slug, earlier.get(slug) or SHARED_TOPICS.get(slug, OTHER_LABEL))
    doc.add("topics", topics)
    doc.add("departments", departments)
    return tomlkit.dumps(doc), warnings + _years_assumed(imported, year, as_of)


def _kept_tasks(
    carried: Carried | None, n: int
) -> tuple[set[str], dict[int, tuple[str, tuple[str, ...], str, str | None]]]:
    """The ids taken in department `n` before new ones are made, and its carried tasks."""
    if carried is None:
        return set(), {}
    file = carried.previous.source
    kept = {
        t: (i, carried.topics[d, t], file, carried.shorts.get((d, t)))
        for (d, t), i in carried.tasks.items()
        if d == n
    }
    return {*(k[0] for k in kept.values()), *carried.reserved_tasks.get(n, set())}, kept


def _years_assumed(imported: ImportedSchedule, year: int, as_of: date) -> list[str]:
    """One warning per period cell read without a printed year, naming its tasks."""
    cells: dict[tuple[str, str], list[ImportedTask]] = {}
    for task in imported.tasks():
        period = task.period
        if period and not period_problem(period, year, as_of) and year_assumed(period, year):
            cells.setdefault((period, str(task.period_where or task.where)), []).append(task)
    if not cells:
        return []
    shown = [f"{quote(period)} ({where})" for period, where in list(cells)[:5]]
    more = f" i {len(cells) - 5} innych" if len(cells) > 5 else ""
    count = len(cells)
    what = plural(count, "termin", "terminy", "terminów")
    said = (
        f"{count} {what} bez roku: {', '.join(shown)}{more} — przyjęto rok {year} z nagłówka "
        f"harmonogramu (rok przyjęty z nagłówka: proszę sprawdzić — plan na {year} przyjęty "
        f"jesienią {year - 1} może mieć na myśli {year - 1})"
    )
    return [said]


def office_table(name: str, email: str, staff: Sequence[str] = ()) -> Table:
    """The [office] table of a written harmonogram file: `name`, `email` and, when there are
    any, `staff` (the importer's placeholder and the office carried from an earlier year)."""
    table = tomlkit.table()
    table.add("name", name)
    table.add("email", email)
    if staff:
        table.add("staff", list(staff))
    return table
