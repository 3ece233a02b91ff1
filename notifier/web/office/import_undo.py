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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from notifier.core.input_rules import YEARS
from notifier.core.polish import plural
from notifier.core.time import require_aware
from notifier.files.new_harmonogram import HarmonogramChanged, withdraw_new_harmonogram
from notifier.store.office_audit import IMPORT, UNDO_IMPORT, year_changes
from notifier.web.office.flash import UNDONE, redirect_with
from notifier.web.office.session import Visitor, notice, signed_in_city
from notifier.web.office.writes import Place, log_change, posted_place
from notifier.web.state import app_state

router = APIRouter()


@dataclass(frozen=True)
class _Logged:
    """One logged change of a year, as the refusal names it."""

    action: str
    subject: str
    actor: str
    at: datetime
    after: str | None

    def shown(self) -> str:
        when = require_aware(self.at).strftime("%Y-%m-%d %H:%M")
        return f"{self.action} „{self.subject}” ({when}, {self.actor})"


async def _year_log(request: Request, city_id: str, year: int) -> list[_Logged]:
    """The logged changes of the city's harmonogram for `year`, newest first."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def run() -> list[_Logged]:
        with db.session() as session:
            return [
                _Logged(e.action, e.subject, e.actor, e.at, e.after)
                for e in year_changes(session, city_id, year)
            ]

    return await asyncio.to_thread(run)


async def _last_action(request: Request, city_id: str, year: int) -> tuple[str, str | None]:
    """The action of the city's latest logged change of `year` ("" if none) and its text."""
    log = await _year_log(request, city_id, year)
    return ("", None) if not log else (log[0].action, log[0].after)


async def undoable(request: Request, here: Place) -> str | None:
    """The text the import wrote, when the year's file still holds it and was added by an
    import (the city's latest logged change of that year), else None."""
    if len(here.city.entries) < 2:
        return None
    action, text = await _last_action(request, here.city.city_id, here.entry.schedule.year)
    return text if action == IMPORT else None


async def _why_not(request: Request, here: Place) -> str:
    """Why the year's import cannot be undone, naming what changed since (blind round 11, M8:
    a year with a call recorded since its import was said "not from an import")."""
    year = here.entry.schedule.year
    if len(here.city.entries) < 2:
        return (
            f"Harmonogram {year} jest jedynym harmonogramem miasta – bez niego biuro nie "
            "mogłoby się zalogować; nic nie zmieniono."
        )
    log = await _year_log(request, here.city.city_id, year)
    imported = next((n for n, logged in enumerate(log) if logged.action == IMPORT), None)
    if imported is None:
        return (
            f"Harmonogram {year} nie pochodzi z importu w biurze (w dzienniku zmian nie ma "
            "jego importu); nic nie zmieniono."
        )
    since = log[:imported]
    others = len(since) - 1
    more = (
        f" (i jeszcze {others} {plural(others, 'zmiana', 'zmiany', 'zmian')} – w dzienniku zmian)"
    )
    more = more if others else ""
    return (
        f"Harmonogram {year} zmieniono po imporcie: {since[-1].shown()}{more}. Cofnięcie "
        "importu usunęłoby te zmiany; nic nie zmieniono – w razie potrzeby prosimy o pomoc "
        "administratora."
    )


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
            here.who, "Nie można cofnąć", await _why_not(request, here), status_code=409,
            links=back,
        )  # fmt: skip
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
            f"Harmonogram {here.entry.schedule.year} zmieniono po imporcie poza biurem: plik "
            "na serwerze nie jest już tym, który zapisał import (np. poprawiony ręcznie albo "
            "poleceniem notifier announce). Cofnięcie usunęłoby te zmiany; nic nie zmieniono – "
            "w razie potrzeby prosimy o pomoc administratora.",
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
