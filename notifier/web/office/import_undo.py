"""Undoing an office import: POST /biuro/{city}/{year}/cofnij-import takes the year's file that
the import wrote out of the service again, while nothing changed it since (no call recorded,
no hand edit): the file's text must still be the one the audit log recorded for the import.

The file is not deleted but moved aside beside itself (`2028.toml.cofniety-20261207T051500`),
which the service does not read (only *.toml files are), so an administrator can bring it back;
the catalog is re-read at once and the audit log records the undo with the text taken away.
The city's only harmonogram is never taken away (the office would lose its sign-in).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from notifier.core.input_rules import YEARS
from notifier.files.new_harmonogram import HarmonogramChanged, withdraw_new_harmonogram
from notifier.store.office_audit import IMPORT, UNDO_IMPORT, last_change
from notifier.web.office.flash import UNDONE, redirect_with
from notifier.web.office.session import Visitor, notice, signed_in_city
from notifier.web.office.writes import Place, log_change, posted_place
from notifier.web.state import app_state

router = APIRouter()


async def _last_action(request: Request, city_id: str, year: int) -> tuple[str, str | None]:
    """The action of the city's latest logged change of `year` ("" if none) and its text."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def run() -> tuple[str, str | None]:
        with db.session() as session:
            entry = last_change(session, city_id, year)
            return ("", None) if entry is None else (entry.action, entry.after)

    return await asyncio.to_thread(run)


async def undoable(request: Request, here: Place) -> str | None:
    """The text the import wrote, when the year's file still holds it and was added by an
    import (the city's latest logged change of that year), else None."""
    if len(here.city.entries) < 2:
        return None
    action, text = await _last_action(request, here.city.city_id, here.entry.schedule.year)
    return text if action == IMPORT else None


async def _already_undone(request: Request, city_id: str, year: str) -> Response | None:
    """The answer to an undo clicked again: the import of that year was undone already (the
    city's latest logged change says so); else None (m16)."""
    found = await signed_in_city(request, city_id)
    number = YEARS.whole(year)
    if isinstance(found, Response) or number is None:
        return None
    who, city = found
    if (await _last_action(request, city.city_id, number))[0] != UNDO_IMPORT:
        return None
    return _undone(who, city.city_id, city.name, number)


def _undone(who: Visitor, city_id: str, name: str, year: int) -> HTMLResponse:
    return notice(
        who,
        "Import już cofnięty",
        f"Import harmonogramu {year} został już cofnięty (np. drugim kliknięciem albo przez "
        "inną osobę; wpis jest w dzienniku zmian). Nic więcej nie trzeba robić.",
        status_code=409,
        links=((f"/biuro/{city_id}/", name),),
    )


@router.post(
    "/biuro/{city_id}/{year}/cofnij-import", response_class=HTMLResponse, include_in_schema=False
)
async def undo_import(request: Request, city_id: str, year: str) -> Response:
    """Take the imported year's file away again (see the module); 409 when it changed since."""
    placed = await posted_place(request, city_id, year)
    if isinstance(placed, Response):  # 404 for a year whose file is gone: undone already?
        again = await _already_undone(request, city_id, year) if placed.status_code == 404 else None
        return again or placed
    here, _ = placed  # the form only carries the CSRF token
    back = ((here.url, "Powrót"),)
    text = await undoable(request, here)
    if text is None:
        return await _already_undone(request, city_id, year) or notice(
            here.who,
            "Nie można cofnąć",
            "Ten harmonogram nie pochodzi z importu w biurze albo jest jedynym harmonogramem "
            "miasta; nic nie zmieniono.",
            status_code=409,
            links=back,
        )
    state = app_state(request.app)
    stamp = state.clock().strftime("%Y%m%dT%H%M%S")
    try:
        aside = await asyncio.to_thread(withdraw_new_harmonogram, here.path, text, stamp)
    except HarmonogramChanged:
        if not here.path.exists():  # another request took it away a moment ago
            return _undone(here.who, here.city.city_id, here.city.name, here.entry.schedule.year)
        return notice(
            here.who,
            "Nie można cofnąć",
            "Harmonogram zmieniono po imporcie (np. zapisano ogłoszenie): cofnięcie usunęłoby "
            "te zmiany. Nic nie zmieniono – w razie potrzeby prosimy o pomoc administratora.",
            status_code=409,
            links=back,
        )
    except OSError:
        return notice(
            here.who, "Nie można cofnąć", "Nie udało się przenieść pliku; nic nie zmieniono.",
            status_code=503, links=back,
        )  # fmt: skip
    await asyncio.to_thread(state.catalog_source.settle)
    subject = f"cofnięto import harmonogramu {here.entry.schedule.year} (plik: {Path(aside).name})"
    await log_change(request, here, UNDO_IMPORT, subject, before=text)
    done = f"{UNDONE}{here.entry.schedule.year}"
    return redirect_with(request, here.who, f"/biuro/{here.city.city_id}/", done)


__all__ = ["router", "undoable"]
