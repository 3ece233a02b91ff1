"""Importing next year's harmonogram in the office area: GET/POST /biuro/{city}/import (the
upload) and POST /biuro/{city}/import/szkic (the draft: check again, or save).

The upload is refused early when it declares more than the importer takes (MAX_BYTES, the
Content-Length, before a byte is read), and hostile documents (zip bombs, entity expansion)
are refused by the importer itself. The draft travels in the form (no server state); each
check re-reads every period server-side. The saved file passes `notifier check`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from notifier.core.catalog import City
from notifier.core.harmonogram_years import next_year_wanted, office_year_problem, office_years
from notifier.core.importing.carry_over import Previous, carry_over
from notifier.core.importing.document_place import cities_named, place_problems, printed_year
from notifier.core.importing.draft import (
    MAX_ROWS,
    DraftRow,
    draft_rows,
    imported_from_rows,
    row_control_problem,
    row_problems,
    shown_row,
)
from notifier.core.importing.repeated import merge_repeated
from notifier.core.importing.review import NO_PREVIOUS, build_import
from notifier.core.input_rules import (
    LINE_MAX,
    URL_MAX,
    length_problem,
    removed_char_problem,
    whole_number,
    without_forbidden_chars,
)
from notifier.core.schedule import Schedule
from notifier.core.shared_departments import silenced_departments
from notifier.documents import MAX_BYTES, DocumentError, ReaderUnavailable, import_document
from notifier.files.new_harmonogram import HarmonogramExists, next_year_path, write_new_harmonogram
from notifier.files.reading import shown_path
from notifier.store.office_audit import IMPORT
from notifier.web.office.draft_fields import (
    DraftRefused,
    day_range_problem,
    draft_day,
    draft_form,
    draft_year,
    is_utf8,
    one_line_problem,
    shown_field,
    tasks_count,
)
from notifier.web.office.flash import SAVED, redirect_with
from notifier.web.office.session import Visitor, notice, page, signed_in_city
from notifier.web.office.wording import office_wording
from notifier.web.office.writes import Place, log_change
from notifier.web.signup_forms import FormError, read_multipart
from notifier.web.state import app_state, catalog_snapshot

router = APIRouter()

ONE_FILE = (
    "Serwis czyta jeden plik harmonogramu (NOTIFIER_SCHEDULE wskazuje plik), więc importu nie "
    "można zapisać jako kolejnego roku – szkic można tylko wczytać i sprawdzić. Aby zapisać "
    "import, administrator serwera musi przenieść plik do katalogu harmonogramów i wskazać ten "
    "katalog w NOTIFIER_SCHEDULE (README, rozdział „A directory of harmonograms: years and "
    "cities”), a potem uruchomić serwis ponownie."
)
UPLOAD_OVERHEAD = 64 * 1024  # the multipart envelope around the document
UPLOAD_LIMIT = MAX_BYTES + UPLOAD_OVERHEAD  # notifier.web.body_limits
# department, scope, number, title, period, window, remarks
ROW_FIELDS = ("d", "s", "n", "t", "p", "w", "u")
Form = dict[str, list[str]]


def _target(request: Request, city: City, year: int) -> Path | None:
    """Where the city's harmonogram for `year` would be saved; None when the service reads one
    file (a second year cannot be added)."""
    root = Path(app_state(request.app).settings.schedule)
    return next_year_path(root, Path(city.entries[-1].source), city.city_id, year)


def _previous(city: City, year: int) -> Previous | None:
    """The city's newest harmonogram before `year`: the import keeps its ids."""
    earlier = [e for e in city.entries if e.schedule.year < year]
    if not earlier:
        return None
    newest = max(earlier, key=lambda e: e.schedule.year)
    return Previous(newest.schedule, Path(newest.source).name)


def _form(
    request: Request, who: Visitor, city: City, status_code: int = 200, error: str = ""
) -> HTMLResponse:
    today = app_state(request.app).today()
    first_year, last_year = office_years(today)
    year = min(next_year_wanted(city.latest.year, today), last_year)
    one_file = ONE_FILE if _target(request, city, year) is None else ""
    return page(
        "import.html.j2", status_code, who=who, city=city, year=year, error=office_wording(error),
        one_file=one_file, first_year=first_year, last_year=last_year,
    )  # fmt: skip


@router.get("/biuro/{city_id}/import", response_class=HTMLResponse, include_in_schema=False)
async def import_form(request: Request, city_id: str) -> Response:
    """The upload form: the city's document and the year."""
    found = await signed_in_city(request, city_id)
    if isinstance(found, Response):
        return found
    return _form(request, *found)


@router.post("/biuro/{city_id}/import", response_class=HTMLResponse, include_in_schema=False)
async def upload(request: Request, city_id: str) -> Response:
    """Read the uploaded document into a draft; 413 before reading when it is too large, 411
    without a declared length, 400 for a document the importer refuses."""
    found = await signed_in_city(request, city_id)
    if isinstance(found, Response):
        return found
    who, city = found
    declared = request.headers.get("content-length", "")
    size = whole_number(declared, 18)
    if size is None:
        return _form(
            request, who, city, 411, "Przeglądarka nie podała rozmiaru pliku; nic nie wczytano."
        )
    if size > UPLOAD_LIMIT:
        mb = MAX_BYTES // 1024 // 1024
        return _form(
            request, who, city, 413, f"Plik jest za duży: import przyjmuje dokumenty do {mb} MB."
        )
    try:
        form = await read_multipart(request, max_files=1, max_fields=5, max_part_size=64 * 1024)
    except FormError as exc:
        return _form(request, who, city, exc.status_code, str(exc))
    try:
        if not who.csrf_ok({"csrf": [str(form.get("csrf", ""))]}):
            return _form(
                request, who, city, 403, "Formularz wygasł – prosimy wysłać plik ponownie."
            )
        document = form.get("document")
        year = draft_year(str(form.get("year", "")))
        if not isinstance(document, UploadFile) or not document.filename:
            return _form(request, who, city, 400, "Prosimy wybrać plik z harmonogramem.")
        if year is None:
            return _form(request, who, city, 400, "Prosimy podać rok harmonogramu (RRRR).")
        if far := office_year_problem(year, app_state(request.app).today()):
            return _form(request, who, city, 400, far)
        data = await document.read(MAX_BYTES + 1)
        name = shown_path(Path(document.filename).name)[:200]
    finally:
        await form.close()
    try:
        result = await asyncio.to_thread(
            import_document, data, name, city=city.name, year=year,
            previous=_previous(city, year), today=app_state(request.app).today(),
        )  # fmt: skip
    except DocumentError as exc:  # 503: the server cannot read documents now
        return _form(
            request, who, city, 503 if isinstance(exc, ReaderUnavailable) else 400, str(exc)
        )
    imported = result.imported
    rows = draft_rows(imported)
    as_of = result.schedule.as_of
    described = Document(
        "\n".join(n[1] for n in imported.named),
        f"{imported.year}|{imported.year_from or ''}" if imported.year else "",
    )
    return _draft(
        request, who, city, rows, year, as_of, imported.title or "", name,
        [*imported.notes, *result.ids, *result.warnings], document=described,
        schedule=result.schedule,
    )  # fmt: skip


@dataclass(frozen=True)
class Document:
    """What the uploaded document says of itself, carried by the draft form (hidden fields):
    the phrases naming cities, and its own year with where it was read ("2027|tytuł „…”")."""

    named: str = ""
    year: str = ""
    confirmed: bool = False  # the office confirmed it is the city's harmonogram for the year

    def problems(self, city: City, year: int, rows: list[DraftRow]) -> list[str]:
        """What says the document is another city's or year's (document_place)."""
        periods = [r.period for r in rows if r.period.strip()]
        named = cities_named(self.named.replace("\r\n", "\n"))
        return place_problems(city.name, year, named, printed_year(self.year), periods)


def _draft(
    request: Request,
    who: Visitor,
    city: City,
    rows: list[DraftRow],
    year: int,
    as_of: date | None,
    title: str,
    source: str,
    notes: list[str],
    status_code: int = 200,
    error: str = "",
    shown: tuple[str, str] | None = None,
    source_url: str = "",
    document: Document | None = None,
    schedule: Schedule | None = None,
) -> HTMLResponse:
    """The draft page; `shown` is the year and "stan na dzień" as sent (shown back as typed);
    `document` what the document says of its city and year (a confirmation is asked for when
    that disagrees with the city and year); `schedule` the draft as it would be saved, to
    name the department addresses it would silence (M17)."""
    problems = row_problems(rows, year, as_of)
    served = catalog_snapshot(request).catalog.entries
    silenced = silenced_departments(served, schedule) if schedule is not None else []
    document = document or Document()
    year_text, as_of_text = shown or (str(year), as_of.isoformat() if as_of else "")
    return page(
        "import_draft.html.j2",
        status_code,
        who=who,
        city=city,
        rows=list(zip(rows, map(office_wording, problems), strict=True)),
        year=year,
        year_text=year_text,
        as_of=as_of_text,
        title=title,
        source=source,
        source_url=source_url,
        notes=notes,
        error=office_wording(error),
        count=sum(1 for p in problems if p),
        tasks=tasks_count(len(rows)),
        one_file=ONE_FILE if _target(request, city, year) is None else "",
        document=document,
        mismatch=document.problems(city, year, rows),
        silenced=silenced,
    )


@router.post("/biuro/{city_id}/import/szkic", response_class=HTMLResponse, include_in_schema=False)
async def draft(request: Request, city_id: str) -> Response:
    """step=podglad: the draft again, every period re-read; step=zapis: written as the city's
    harmonogram for the year (refused when the year's file exists or the catalog is one file)."""
    found = await signed_in_city(request, city_id)
    if isinstance(found, Response):
        return found
    who, city = found
    try:
        form = await draft_form(request)
    except DraftRefused as exc:  # too large, too many fields, a field given twice (F4)
        return notice(who, exc.heading, str(exc), status_code=exc.status_code)
    if not who.csrf_ok(form):
        return notice(who, "Formularz wygasł", "Nic nie zapisano.", status_code=403)
    if broken := next((k for k, vs in form.items() if not is_utf8(k, *vs)), None):
        return notice(
            who,
            "Nie udało się wysłać formularza",
            f"Pole „{shown_field(broken)}” zawiera bajty, które nie są tekstem UTF-8; nic nie zapisano.",
            status_code=400,
        )
    checked = await asyncio.to_thread(_checked, request, who, city, form)
    if isinstance(checked, Response):
        return checked  # a refusal or the draft again
    target, year, late = checked.target, checked.year, checked.late  # late refusals: a page
    try:
        await asyncio.to_thread(write_new_harmonogram, target, checked.toml)
    except HarmonogramExists:
        return await late(409, f"Harmonogram {city.name} na rok {year} już jest w serwisie; "
                          "import go nie nadpisuje.")  # fmt: skip
    except OSError:
        return await late(503, "Nie udało się zapisać pliku harmonogramu na serwerze. Nic nie "
                          "zmieniono.")  # fmt: skip
    snapshot = await asyncio.to_thread(app_state(request.app).catalog_source.settle, [target])
    entry = snapshot.catalog.entry(city.city_id, year)
    if entry is None:  # the new file clashes with the catalog: take it away again
        problems = snapshot.problems.get(str(target), ())
        target.unlink(missing_ok=True)
        await asyncio.to_thread(app_state(request.app).catalog_source.settle, [target])
        return await late(400, "Harmonogram nie został dodany: " + "; ".join(problems))
    here = Place(who, city, entry)
    await log_change(request, here, IMPORT, checked.subject, after=checked.toml)
    return redirect_with(request, who, here.url, SAVED)


@dataclass(frozen=True)
class _Save:  # a checked draft the async tail writes: the file, a page for a late refusal, the log
    target: Path
    toml: str
    year: int
    subject: str
    late: Callable[[int, str], Awaitable[HTMLResponse]]  # the draft page, off the event loop


def _checked(request: Request, who: Visitor, city: City, form: Form) -> Response | _Save:
    """A draft's CPU work, off the event loop (~14 ms a row): the page to give, or what to save."""
    one = lambda name: (form.get(name) or [""])[0].strip()
    sent_year, sent_as_of = one("year")[:40], one("as_of")[:40]
    year, as_of = draft_year(sent_year), draft_day(sent_as_of)
    field_error = ""
    if year is None:
        field_error = (
            f"Rok harmonogramu „{sent_year}” to nie rok (RRRR, np. 2027); nic nie zapisano."
        )
        year = next_year_wanted(city.latest.year, app_state(request.app).today())
    elif far := office_year_problem(year, app_state(request.app).today()):
        field_error = far
    elif sent_as_of and as_of is None:  # m4: a date out of range is named as such
        why = day_range_problem(sent_as_of) or f"to nie data (RRRR-MM-DD, np. {year - 1}-11-30)"
        field_error = f"„Stan na dzień” „{sent_as_of}” – {why}; nic nie zapisano."
    columns = [form.get(name, []) for name in ROW_FIELDS]
    for late in (-2, -1):  # window and remarks: a form of an older page may lack them
        columns[late] = columns[late] + [""] * (len(columns[0]) - len(columns[late]))
    if len({len(column) for column in columns}) > 1 and not field_error:  # blind7 M8
        field_error = (
            "Formularz dotarł niekompletny (kolumny szkicu mają różną liczbę wierszy); proszę "
            "wrócić do szkicu i wysłać go ponownie – nic nie zapisano."
        )
    sent_rows = [
        DraftRow(d, t, p, n, s, w, u) for d, s, n, t, p, w, u in zip(*columns, strict=False)
    ]
    sent_title, source, sent_url = one("title"), one("source"), one("source_url")
    # Text over its limit is refused and control characters removed, each said so; what is
    # shown back is cut and cleaned.
    controls = [
        f"wiersz {i}, {p}" for i, p in enumerate(map(row_control_problem, sent_rows), 1) if p
    ]
    if len(sent_rows) > MAX_ROWS:
        controls.insert(0, f"szkic ma {len(sent_rows)} wierszy – najwyżej {MAX_ROWS}")
    for label, text, most in (
        ("Tytuł harmonogramu", sent_title, LINE_MAX),
        ("Źródło", source, LINE_MAX),
        ("Adres dokumentu", sent_url, URL_MAX),
    ):
        problem = length_problem(text, most) or removed_char_problem(text) or one_line_problem(text)
        if problem is not None:
            controls.insert(0, f"{label}: {problem}")
    rows = [shown_row(row) for row in sent_rows[:MAX_ROWS]]
    title, source = (without_forbidden_chars(t[:LINE_MAX])[0] for t in (sent_title, source))
    source_url = without_forbidden_chars(sent_url[:URL_MAX])[0]  # the file's source
    imported = imported_from_rows(rows, title=title or None, year=year, as_of=as_of)
    previous = _previous(city, year)
    ids = carry_over(merge_repeated(imported), previous).lines if previous else [NO_PREVIOUS]
    shown = (without_forbidden_chars(sent_year)[0], without_forbidden_chars(sent_as_of)[0])
    document = Document(
        one("miasta")[:LINE_MAX], one("rok_dokumentu")[:LINE_MAX], one("potwierdzam") == "1"
    )
    show = lambda status, error="", saved=None: _draft(request, who, city, rows, year, as_of,
        title, source, ids, status, error, shown, source_url, document, saved)  # fmt: skip
    if field_error:
        return show(400, field_error)
    if controls:
        return show(400, "Nie zapisano – " + controls[0])
    saving = one("step") == "zapis"
    windows = [(n, p) for n, (r, p) in enumerate(zip(rows, row_problems(rows, year, as_of),
               strict=True), start=1) if r.window.strip() and p] if saving else []  # fmt: skip
    if windows:  # a window that does not give its row dates would make the file unreadable
        return show(400, f"Nie zapisano – wiersz {windows[0][0]}: {windows[0][1]}")
    try:  # also for the preview: the department addresses the file would silence (M17)
        result = build_import(
            imported,
            source=source or "import",
            city=city.name,
            year=year,
            as_of=as_of,
            previous=previous,
            city_fields=city.latest,
            source_url=source_url or None,
            today=app_state(request.app).today(),
        )
    except DocumentError as exc:
        return show(400, str(exc)) if saving else show(200)
    if not saving:
        return show(200, "", result.schedule)
    if document.problems(city, year, rows) and not document.confirmed:
        return show(
            400,
            f"Nie zapisano – dokument nie wygląda na harmonogram {city.name} na rok {year} "
            "(powody w ramce „Uwaga” poniżej). Proszę sprawdzić dokument i rok albo zaznaczyć "
            "potwierdzenie.",
        )
    target = _target(request, city, year)
    if target is None:
        return show(409, ONE_FILE)
    subject = f"harmonogram {year}: {tasks_count(len(result.imported.tasks()))} z {source}"
    return _Save(target, result.toml, year, subject, lambda s, w: asyncio.to_thread(show, s, w))


__all__ = ["router"]
