"""A harmonogram's calls in the office area: GET /biuro/{city}/{year}/ (the calls recorded),
GET and POST /biuro/{city}/{year}/ogloszenie (record a call: the form, the call shown back,
then saved), GET /biuro/{city}/dziennik (the audit log).

A call is written into the city's file exactly as `notifier announce` writes it
(notifier.files.record_call), so it reaches the feeds, pages, Atom and the alerts as any
[[calls]] block does.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from notifier.core.schedule import ScheduleError
from notifier.core.task_status import Status, task_status
from notifier.core.time import require_aware
from notifier.files.call_blocks import call_as_toml
from notifier.files.record_call import AlreadyRecorded, FileUnusable, announce
from notifier.store.office_audit import NEW_CALL, changes
from notifier.web.office.call_forms import (
    CallForm,
    call_warnings,
    form_errors,
    task_choices,
    task_titles,
)
from notifier.web.office.flash import ALREADY_SAVED, SAVED, redirect_with, shown, taken
from notifier.web.office.import_undo import undoable
from notifier.web.office.session import page, signed_in_city
from notifier.web.office.writes import (
    Place,
    WriteFailed,
    file_unusable,
    log_change,
    place,
    posted_place,
    write,
    write_failed,
)
from notifier.web.state import app_state

router = APIRouter()


@router.get("/biuro/{city_id}/{year}/", response_class=HTMLResponse, include_in_schema=False)
async def harmonogram_page(request: Request, city_id: str, year: str) -> Response:
    """The harmonogram's recorded calls, each with its edit page, and the new-call form."""
    here = await place(request, city_id, year)
    if isinstance(here, Response):
        return here
    schedule = here.entry.schedule
    today = app_state(request.app).today()
    late = [
        (department, task)
        for department in schedule.departments
        for task in department.tasks
        if task_status(schedule, task, today).status is Status.LATE
    ]
    flash = taken(request, here.who, here.url)
    answer = page(
        "harmonogram.html.j2",
        who=here.who,
        here=here,
        calls=sorted(schedule.calls, key=lambda c: (c.published, c.index), reverse=True),
        titles=task_titles(schedule),
        late=late,
        saved=flash == SAVED,
        already=flash == ALREADY_SAVED,
        undo=await undoable(request, here) is not None,
    )
    return shown(request, answer)


def _form_page(here: Place, form: CallForm, status_code: int = 200) -> HTMLResponse:
    return page(
        "call_new.html.j2",
        status_code,
        who=here.who,
        here=here,
        form=form,
        departments=task_choices(here.entry.schedule, form.tasks),
    )


@router.get(
    "/biuro/{city_id}/{year}/ogloszenie", response_class=HTMLResponse, include_in_schema=False
)
async def new_call_form(request: Request, city_id: str, year: str) -> Response:
    """The form for a call just published (tasks ticked by ?task=…, if given)."""
    here = await place(request, city_id, year)
    if isinstance(here, Response):
        return here
    return _form_page(here, CallForm(tasks=request.query_params.getlist("task")))


@router.post(
    "/biuro/{city_id}/{year}/ogloszenie", response_class=HTMLResponse, include_in_schema=False
)
async def new_call(request: Request, city_id: str, year: str) -> Response:
    """step=podglad: the call shown back as it will be published, with check's warnings;
    step=zapis: written into the file (validated again under the lock) and logged;
    step=poprawki: the form again. 400 with every problem when the call is not valid."""
    placed = await posted_place(request, city_id, year)
    if isinstance(placed, Response):
        return placed
    here, form = placed
    sent = CallForm.sent(form)
    step = (form.get("step") or ["podglad"])[0]
    new = sent.new_call()
    if step == "poprawki" or new is None:
        return _form_page(here, sent, 200 if step == "poprawki" else 400)
    today = app_state(request.app).today()
    saving = step == "zapis"
    try:
        schedule, call = await (
            write(request, here.path, lambda: announce(here.path, new, today))
            if saving
            else asyncio.to_thread(announce, here.path, new, today, dry_run=True)
        )
    except AlreadyRecorded:  # the form sent again (a double click): the save it repeats
        return redirect_with(request, here.who, here.url, ALREADY_SAVED)
    except FileUnusable as exc:
        return file_unusable(here, exc)
    except ScheduleError as exc:  # the new call is the file's last
        sent.errors, sent.problems = form_errors(exc.problems, len(here.entry.schedule.calls) + 1)
        return _form_page(here, sent, 400)
    except WriteFailed as exc:
        return write_failed(here, exc)
    if saving:
        subject = f"ogłoszenie z {call.published.isoformat()}: {', '.join(call.tasks)}"
        await log_change(request, here, NEW_CALL, subject, after=call_as_toml(call))
        return redirect_with(request, here.who, here.url, SAVED)
    return page(
        "call_preview.html.j2",
        who=here.who,
        here=here,
        call=call,
        warnings=call_warnings(schedule, call),
        hidden=sent.hidden(),
        action=f"{here.url}ogloszenie",
        titles=task_titles(here.entry.schedule),
    )


@router.get("/biuro/{city_id}/dziennik", response_class=HTMLResponse, include_in_schema=False)
async def audit_log(request: Request, city_id: str) -> Response:
    """Every change the office made to the city's harmonograms, newest first."""
    found = await signed_in_city(request, city_id)
    if isinstance(found, Response):
        return found
    who, city = found
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def load() -> list[object]:
        with db.session() as session:
            return list(changes(session, city.city_id))

    return page(
        "audit.html.j2", who=who, city=city, entries=await asyncio.to_thread(load),
        warsaw=require_aware,
    )  # fmt: skip
