"""One recorded call in the office area: GET /biuro/{city}/{year}/ogloszenie/{key} (its
correction, results and withdrawal forms) and POST there (action=korekta, wyniki, wycofaj).

Every form carries `seen`, the fingerprint of the call as shown (files.call_blocks.
call_version): if someone changed or withdrew the call meanwhile, nothing is written and the
second editor sees the difference and chooses (409). A correction and a withdrawal are shown
back before they are saved; every saved change is in the audit log, before and after.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from notifier.core.call_alerts import AlertKind, call_alert_key, old_alert_key
from notifier.core.calls import Call
from notifier.core.polish import plural
from notifier.core.schedule import Schedule, ScheduleError
from notifier.files.call_blocks import (
    EditConflict,
    block_as_toml,
    call_as_toml,
    call_version,
    correct_call,
    find_call,
    new_call_of,
    record_results,
    withdraw_call,
)
from notifier.files.record_call import FileUnusable
from notifier.store.office_audit import CORRECTION, RESULTS, WITHDRAWAL
from notifier.store.office_figures import told_of_call
from notifier.web.office.call_forms import (
    CallForm,
    ResultsForm,
    call_warnings,
    form_errors,
    readable_problems,
    task_choices,
    task_titles,
)
from notifier.web.office.flash import SAVED, redirect_with
from notifier.web.office.session import notice, page
from notifier.web.office.writes import (
    Place,
    WriteFailed,
    conflict_page,
    file_unusable,
    log_change,
    place,
    posted_place,
    write,
    write_failed,
)
from notifier.web.state import app_state

router = APIRouter()
PATH = "/biuro/{city_id}/{year}/ogloszenie/{key}"


def _edit_page(
    here: Place,
    call: Call,
    status_code: int = 200,
    *,
    form: CallForm | None = None,
    results: ResultsForm | None = None,
    problems: list[str] | None = None,
    seen: str | None = None,
) -> HTMLResponse:
    """The call's page; a form sent back with errors keeps the `seen` it was sent with, so a
    change made meanwhile is still noticed when it is sent again."""
    form = form or CallForm.of(call)
    return page(
        "call_edit.html.j2",
        status_code,
        who=here.who,
        here=here,
        call=call,
        seen=seen or call_version(call),
        form=form,
        results=results or ResultsForm.of(call),
        problems=problems or [],
        departments=task_choices(here.entry.schedule, form.tasks),
        action=_url(here, call),
    )


def _gone(here: Place) -> HTMLResponse:
    return notice(
        here.who,
        "Nie ma takiego ogłoszenia",
        "To ogłoszenie nie jest zapisane w harmonogramie (mogło zostać wycofane albo "
        "poprawione – wtedy ma nowy adres). Dziennik zmian pokazuje, co się z nim stało.",
        status_code=404,
        links=((here.url, "Ogłoszenia"), (f"/biuro/{here.city.city_id}/dziennik", "Dziennik")),
    )


@router.get(PATH, response_class=HTMLResponse, include_in_schema=False)
async def call_page(request: Request, city_id: str, year: str, key: str) -> Response:
    """The call's forms: correct it, record its results, withdraw it."""
    here = await place(request, city_id, year)
    if isinstance(here, Response):
        return here
    call = find_call(here.entry.schedule, key)
    return _gone(here) if call is None else _edit_page(here, call)


@router.post(PATH, response_class=HTMLResponse, include_in_schema=False)
async def call_change(request: Request, city_id: str, year: str, key: str) -> Response:
    """action=korekta (step podglad / zapis / poprawki), wyniki, wycofaj (step podglad / zapis)."""
    placed = await posted_place(request, city_id, year)
    if isinstance(placed, Response):
        return placed
    here, form = placed
    call = find_call(here.entry.schedule, key)
    seen = (form.get("seen") or [""])[0]
    action = (form.get("action") or [""])[0]
    step = (form.get("step") or ["podglad"])[0]
    if call is None:
        return _gone(here)
    if action == "wyniki":
        return await _results(request, here, call, ResultsForm.sent(form), seen)
    if action == "wycofaj":
        return await _withdraw(request, here, call, seen, step)
    if action == "korekta":
        return await _correct(request, here, call, CallForm.sent(form), seen, step)
    return notice(here.who, "Nieznana czynność", "Nic nie zapisano.", status_code=400)


async def _correct(
    request: Request, here: Place, call: Call, sent: CallForm, seen: str, step: str
) -> Response:
    new = sent.new_call()
    if step == "poprawki" or new is None:
        return _edit_page(here, call, 200 if step == "poprawki" else 400, form=sent, seen=seen)
    today = app_state(request.app).today()
    saving = step == "zapis"

    def run() -> tuple[Any, Call]:
        return correct_call(here.path, call.key, seen, new, today, dry_run=not saving)

    try:
        schedule, before = await (
            write(request, here.path, run) if saving else asyncio.to_thread(run)
        )
    except EditConflict as exc:
        again = [*sent.hidden(), ("action", "korekta"), ("step", "podglad"), ("seen", exc.version)]
        mine = block_as_toml(new, call.results)
        return conflict_page(here, exc.current, mine, again, _url(here, call))
    except FileUnusable as exc:
        return file_unusable(here, exc)
    except ScheduleError as exc:
        sent.errors, problems = form_errors(exc.problems, call.index)
        return _edit_page(here, call, 400, form=sent, problems=problems, seen=seen)
    except WriteFailed as exc:
        return write_failed(here, exc)
    after = next(c for c in schedule.calls if c.index == before.index)
    if saving:
        subject = f"ogłoszenie z {after.published.isoformat()}: {', '.join(after.tasks)}"
        await log_change(
            request, here, CORRECTION, subject, before=call_as_toml(before),
            after=call_as_toml(after),
        )  # fmt: skip
        return redirect_with(request, here.who, here.url, SAVED)
    return page(
        "call_preview.html.j2",
        who=here.who,
        here=here,
        call=after,
        warnings=call_warnings(schedule, after),
        hidden=[*sent.hidden(), ("seen", seen), ("action", "korekta")],
        action=_url(here, call),
        titles=task_titles(here.entry.schedule),
    )


async def _results(
    request: Request, here: Place, call: Call, sent: ResultsForm, seen: str
) -> Response:
    results = sent.results()
    if results is None:
        return _edit_page(here, call, 400, results=sent, seen=seen)
    today = app_state(request.app).today()
    try:
        schedule, before = await write(
            request, here.path, lambda: record_results(here.path, call.key, seen, results, today)
        )
    except EditConflict as exc:
        again = [
            ("results_date", sent.results_date), ("results_url", sent.results_url),
            ("action", "wyniki"), ("seen", exc.version),
        ]  # fmt: skip
        mine = block_as_toml(new_call_of(call), results)
        return conflict_page(here, exc.current, mine, again, _url(here, call))
    except FileUnusable as exc:
        return file_unusable(here, exc)
    except ScheduleError as exc:
        sent.errors, problems = form_errors(exc.problems, call.index)
        return _edit_page(here, call, 400, results=sent, problems=problems, seen=seen)
    except WriteFailed as exc:
        return write_failed(here, exc)
    after = next(c for c in schedule.calls if c.index == before.index)
    subject = f"wyniki ogłoszenia z {after.published.isoformat()}: {', '.join(after.tasks)}"
    await log_change(
        request, here, RESULTS, subject, before=call_as_toml(before), after=call_as_toml(after)
    )
    return redirect_with(request, here.who, here.url, SAVED)


def _url(here: Place, call: Call) -> str:
    return f"{here.url}ogloszenie/{call.key}"


async def _withdraw(request: Request, here: Place, call: Call, seen: str, step: str) -> Response:
    if step != "zapis":
        return page(
            "call_withdraw.html.j2",
            who=here.who,
            here=here,
            call=call,
            seen=seen,
            action=_url(here, call),
            told=await asyncio.to_thread(_told, request, here.entry.schedule, call),
        )
    today = app_state(request.app).today()
    try:
        _, before = await write(
            request, here.path, lambda: withdraw_call(here.path, call.key, seen, today)
        )
    except EditConflict as exc:
        again = [("action", "wycofaj"), ("step", "zapis"), ("seen", exc.version)]
        return conflict_page(here, exc.current, "", again, _url(here, call))
    except FileUnusable as exc:
        return file_unusable(here, exc)
    except ScheduleError as exc:
        return _edit_page(here, call, 400, problems=readable_problems(exc.problems), seen=seen)
    except WriteFailed as exc:
        return write_failed(here, exc)
    subject = f"ogłoszenie z {before.published.isoformat()}: {', '.join(before.tasks)}"
    await log_change(request, here, WITHDRAWAL, subject, before=call_as_toml(before))
    return redirect_with(request, here.who, here.url, SAVED)


def _told(request: Request, schedule: Schedule, call: Call) -> str:
    """Who was emailed "Ogłoszono konkurs" of `call`, as the withdrawal's question says it:
    the service does not tell them of a withdrawal (a withdrawal in the office may as well
    undo a call entered by mistake; only the office knows whether the city revoked it)."""
    with app_state(request.app).database().engine.connect() as connection:
        key = call_alert_key(schedule, call)
        count = told_of_call(connection, key, old_alert_key(AlertKind.CALL, call.key))
    if not count:
        return ""
    people = plural(count, "osoba dostała", "osoby dostały", "osób dostało")
    return f"{count} {people} e-mail „Ogłoszono konkurs” o tym naborze."
