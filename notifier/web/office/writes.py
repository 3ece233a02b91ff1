"""What every office page of one harmonogram needs: who may see it, writing a change into the
city's file (off the event loop), logging it, and the pages for a refused or conflicting
change. Used by notifier/web/office/calls.py and call_edit.py."""

from __future__ import annotations

import asyncio
import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from notifier.core.catalog import City, Entry
from notifier.core.errors import NotifierError
from notifier.core.input_rules import YEARS
from notifier.core.system_errors import system_reason
from notifier.files.record_call import FileUnusable
from notifier.store.office_audit import Change, record_change
from notifier.web.office.session import Visitor, notice, page, posted, signed_in_city
from notifier.web.state import app_state

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Place:
    """A signed-in person at one harmonogram of a city they may act for."""

    who: Visitor
    city: City
    entry: Entry

    @property
    def path(self) -> Path:
        """The harmonogram's file."""
        return Path(self.entry.source)

    @property
    def url(self) -> str:
        """The harmonogram's office page: /biuro/{city}/{year}/."""
        return f"/biuro/{self.city.city_id}/{self.entry.schedule.year}/"


async def place(request: Request, city_id: str, year: str) -> Place | Response:
    """The Place, or the answer for a visitor who may not be there: to sign in (303), 403
    for a city that does not name them (checked before anything else), 404 for a year the
    city has no harmonogram of."""
    found = await signed_in_city(request, city_id)
    if isinstance(found, Response):
        return found
    who, city = found
    number = YEARS.whole(year)
    entry = city.year(number) if number is not None else None
    if entry is None:
        return notice(
            who,
            "Nie ma takiego harmonogramu",
            f"{city.name} nie ma harmonogramu na rok {year[:8]}.",
            status_code=404,
            links=((f"/biuro/{city.city_id}/", city.name),),
        )
    return Place(who, city, entry)


async def posted_place(
    request: Request, city_id: str, year: str
) -> tuple[Place, dict[str, list[str]]] | Response:
    """The Place and its posted form (place, then session.posted): or the answer for a visitor
    who may not be there, a form that cannot be read, or an expired CSRF token."""
    here = await place(request, city_id, year)
    if isinstance(here, Response):
        return here
    form = await posted(request, here.who)
    if isinstance(form, Response):
        return form
    return here, form


class WriteFailed(NotifierError):
    """The file could not be written (disk full, no permission); the message is Polish."""


async def write(request: Request, path: Path, run: Callable[[], T]) -> T:
    """Run a change of the file `path` in a thread; then re-read the catalog so the next page
    (and this process's feeds) show it at once: written whole, it needs no settling (other
    processes take it once settled, NOTIFIER_SCHEDULE_SETTLE seconds later).
    WriteFailed for an OSError; ScheduleError and EditConflict pass through."""
    state = app_state(request.app)
    try:
        result = await asyncio.to_thread(run)
    except OSError as exc:
        log.error("office edit not written: %s", exc)
        raise WriteFailed(
            f"Nie udało się zapisać pliku harmonogramu na serwerze ({system_reason(exc)}). "
            "Nic nie zmieniono – prosimy spróbować później albo zgłosić to administratorowi."
        ) from None
    await asyncio.to_thread(state.catalog_source.settle, [path])
    return result


async def log_change(
    request: Request, here: Place, action: str, subject: str, **texts: Any
) -> None:
    """Add the change to the audit log (who: the signed-in address, when: now)."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)
    assert here.who.email is not None
    change = Change(
        here.city.city_id,
        here.entry.schedule.year,
        here.who.email,
        action,
        subject,
        texts.get("before"),
        texts.get("after"),
    )

    def run() -> None:
        with db.session() as session:
            record_change(session, change, state.clock())

    await asyncio.to_thread(run)


def write_failed(here: Place, exc: WriteFailed) -> HTMLResponse:
    """503: the file could not be written."""
    return notice(
        here.who, "Nie zapisano", str(exc), status_code=503, links=((here.url, "Powrót"),)
    )


def file_unusable(here: Place, exc: FileUnusable) -> HTMLResponse:
    """409: the city's file itself cannot take the change, whatever the form says: removed
    meanwhile (an undone import of the year), or broken by someone (only the administrator can
    fix it). Nothing was written; the form was not at fault, so it is not shown again."""
    name = f"{here.city.name} na rok {here.entry.schedule.year}"
    if exc.gone:
        text = (
            f"Plik harmonogramu {name} został przed chwilą usunięty (np. cofnięto import "
            "tego roku), więc nie ma gdzie zapisać zmiany. Nic nie zapisano."
        )
        links: tuple[tuple[str, str], ...] = ((f"/biuro/{here.city.city_id}/", here.city.name),)
        return notice(here.who, "Nie zapisano", text, status_code=409, links=links)
    text = (
        f"Plik harmonogramu {name} na serwerze zawiera błąd, którego nie da się poprawić "
        "w tym formularzu – musi go poprawić administrator. Nic nie zapisano."
    )
    detail = f"Błąd w pliku {here.path.name}: " + "; ".join(exc.problems[:3])
    return notice(
        here.who, "Nie zapisano", text, detail, status_code=409, links=((here.url, "Powrót"),)
    )


def conflict_page(
    here: Place, current: str | None, mine: str, again: list[tuple[str, str]], action: str
) -> HTMLResponse:
    """409: someone changed (or withdrew) the call since the form was shown. Shows the
    difference between the file now and this person's version, and lets them choose: save
    theirs over it (`again`: the form's fields, with the new fingerprint) or start from the
    current one."""
    diff = list(
        difflib.unified_diff(
            (current or "").splitlines(),
            mine.splitlines(),
            "w pliku teraz",
            "Państwa wersja",
            lineterm="",
        )
    )
    return page(
        "conflict.html.j2",
        409,
        who=here.who,
        here=here,
        current=current,
        mine=mine,
        diff=diff[2:],
        again=again,
        action=action,
    )
