"""Signing in to the office area by an emailed link: GET/POST /biuro/, /biuro/wejscie/{token},
/biuro/wyloguj.

No address enumeration: every well-formed address gets the same page, status and timing —
the link is minted and sent in a task of its own after the answer, and only to an address a
city's [office] names (notifier.core.office_access). The link's GET shows a button (mail
scanners open links); its POST, once, within 15 minutes, opens a fresh session.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from notifier.core.addresses import unsendable_problem
from notifier.core.input_rules import length_problem
from notifier.core.office_access import address_key, office_address, office_cities
from notifier.core.polish import count_minutes
from notifier.core.preferences import EMAIL_MAX
from notifier.mail.delivery import deliver
from notifier.mail.emails import office_signin_email
from notifier.store.office_auth import (
    LINK_TTL,
    SignInLinkError,
    check_signin_link,
    end_session,
    mint_signin_link,
    start_session,
    use_signin_link,
)
from notifier.store.ratelimit import count, over_limit
from notifier.web.forwarded import request_client
from notifier.web.office.session import (
    FORM_COOKIE,
    IDLE_HOURS,
    SESSION_COOKIE,
    Visitor,
    drop_cookie,
    my_cities,
    notice,
    page,
    posted,
    set_cookie,
    visitor,
)
from notifier.web.state import AppState, app_state, catalog_snapshot

log = logging.getLogger(__name__)
router = APIRouter()

_sending: set[asyncio.Task[None]] = set()  # sign-in emails this process has on the wire


@router.get("/biuro", include_in_schema=False)
def office_root() -> RedirectResponse:
    """/biuro → /biuro/."""
    return RedirectResponse("/biuro/", status_code=308)


@router.get("/biuro/", response_class=HTMLResponse, include_in_schema=False)
async def office_home(request: Request) -> Response:
    """The sign-in form; signed in: the one city's area, or the cities to pick from."""
    who = await visitor(request)
    if who.email is None:
        return who.keep(_signin_form(who), request)
    cities = my_cities(request, who)
    if len(cities) == 1:
        return RedirectResponse(f"/biuro/{cities[0].city_id}/", status_code=303)
    return page("cities.html.j2", who=who, cities=cities)


def _signin_form(
    who: Visitor, status_code: int = 200, *, email: str = "", error: str = ""
) -> HTMLResponse:
    return page("signin.html.j2", status_code, who=who, email=email, error=error)


@router.post("/biuro/wejscie", response_class=HTMLResponse, include_in_schema=False)
async def request_link(request: Request) -> Response:
    """POST /biuro/wejscie (email, csrf): the same page for every address; a link goes out
    only to an office address. 400 for text that is no address, 429 over the limits."""
    who = await visitor(request)
    form = await posted(request, who)
    if isinstance(form, Response):
        return form
    typed = (form.get("email") or [""])[0].strip()
    too_long = length_problem(typed, EMAIL_MAX)
    if too_long is not None:
        return _signin_form(who, 400, email=typed[:EMAIL_MAX], error=f"Adres e-mail {too_long}.")
    key = address_key(typed) if len(form.get("email", [])) == 1 else None
    if key is None:
        error = unsendable_problem(typed) or "Prosimy podać jeden poprawny adres e-mail."
        return _signin_form(who, 400, email=typed[:EMAIL_MAX], error=error)
    state = app_state(request.app)
    limits = [
        (
            "office-signin-client",
            request_client(request),
            state.settings.subscribe_limit_per_client,
        ),
        ("office-signin-address", key, state.settings.subscribe_limit_per_address),
    ]
    now = state.clock()
    db = await asyncio.to_thread(state.database)

    def limit() -> bool:
        with db.session() as session:
            if over_limit(session, limits, now) is not None:
                return False
            count(session, limits, now)
            return True

    if not await asyncio.to_thread(limit):
        response = _signin_form(
            who,
            429,
            email=typed,
            error="Za dużo próśb o link w ostatniej godzinie. Prosimy użyć linku z ostatniej "
            "wiadomości albo spróbować ponownie za godzinę.",
        )
        response.headers["Retry-After"] = "3600"
        return response
    today = state.today()
    cities = office_cities(catalog_snapshot(request).catalog, typed, today)
    address = office_address(cities[0], typed, today) if cities else None
    if address is not None:
        task = asyncio.create_task(_send_link(state, address))
        _sending.add(task)
        task.add_done_callback(_sending.discard)
    minutes = int(LINK_TTL.total_seconds() // 60)
    return notice(
        who,
        "Prosimy sprawdzić skrzynkę e-mail",
        "Jeśli ten adres jest wpisany jako adres biura w pliku harmonogramu miasta, wysłaliśmy "
        f"na niego link do logowania. Link jest ważny {count_minutes(minutes)} i działa jeden raz.",
        "Jeśli wiadomość nie dotrze w ciągu kilku minut, prosimy zajrzeć do folderu spam albo "
        "poprosić administratora o dopisanie adresu do listy staff w sekcji [office].",
    )


async def _send_link(state: AppState, address: str) -> None:
    """Mint a sign-in link for `address` and email it; the outcome is logged without the
    address or the link."""
    try:
        now = state.clock()
        db = await asyncio.to_thread(state.database)

        def mint() -> str:
            with db.session() as session:
                return mint_signin_link(session, address, now)

        token = await asyncio.to_thread(mint)
        url = f"{state.settings.base_url}/biuro/wejscie/{token}"
        minutes = int(LINK_TTL.total_seconds() // 60)
        message = office_signin_email(state.settings, address, url, minutes, now)
        [result] = await deliver(state.backend, [message], kind="office")
        log.info("office sign-in email: %s", result.status)
    except Exception:
        log.exception("office sign-in email not sent")


async def settle_signin_emails() -> None:
    """Wait until every sign-in email this process has on the wire is handed over."""
    while _sending:
        await asyncio.gather(*list(_sending), return_exceptions=True)


def _bad_link(who: Visitor, exc: SignInLinkError) -> HTMLResponse:
    return notice(
        who, "Link nie działa", str(exc), status_code=400, links=(("/biuro/", "Logowanie"),)
    )


@router.get("/biuro/wejscie/", response_class=HTMLResponse, include_in_schema=False)
async def link_cut_short(request: Request) -> Response:
    """/biuro/wejscie/ without its token: a link copied in part, not a city (m23)."""
    who = await visitor(request)
    return who.keep(
        notice(
            who, "Link jest niepełny",
            "W tym adresie brakuje końcówki z kodem. Prosimy skopiować z wiadomości e-mail cały "
            "link logowania, aż do końca, i wkleić go w pasek adresu – albo poprosić o nowy.",
            status_code=400, links=(("/biuro/", "Logowanie"),),
        ),
        request,
    )  # fmt: skip


@router.get("/biuro/wejscie/{token}", response_class=HTMLResponse, include_in_schema=False)
async def link_page(request: Request, token: str) -> Response:
    """The emailed link: a button that POSTs (a GET signs nobody in); 400 for a bad link."""
    who = await visitor(request)
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def check() -> str:
        with db.session() as session:
            return check_signin_link(session, token, state.clock())

    try:
        await asyncio.to_thread(check)
    except SignInLinkError as exc:
        return who.keep(_bad_link(who, exc), request)
    return who.keep(page("link.html.j2", who=who, action=f"/biuro/wejscie/{token}"), request)


@router.post("/biuro/wejscie/{token}", response_class=HTMLResponse, include_in_schema=False)
async def use_link(request: Request, token: str) -> Response:
    """Use the link: a new session (any earlier one of this browser ends), then /biuro/."""
    who = await visitor(request)
    form = await posted(request, who)
    if isinstance(form, Response):
        return form
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)
    catalog = catalog_snapshot(request).catalog
    old = request.cookies.get(SESSION_COOKIE, "")

    def run() -> str | None:
        now = state.clock()
        with db.session() as session:
            email = use_signin_link(session, token, now)
            end_session(session, old)
            if not office_cities(catalog, email, state.today()):
                return None  # taken off the city's file since the link was sent
            return start_session(session, email, now)

    try:
        value = await asyncio.to_thread(run)
    except SignInLinkError as exc:
        return _bad_link(who, exc)
    if value is None:
        response: Response = notice(
            Visitor(None, None, who.form_secret, False),
            "Brak dostępu",
            "Ten adres nie jest już wpisany w pliku harmonogramu żadnego miasta ([office] email "
            "albo staff). Prosimy zwrócić się do administratora.",
            status_code=403,
        )
        drop_cookie(response, request, SESSION_COOKIE)
        return response
    response = RedirectResponse("/biuro/", status_code=303)
    set_cookie(response, request, SESSION_COOKIE, value)
    drop_cookie(response, request, FORM_COOKIE)
    return response


@router.post("/biuro/wyloguj", response_class=HTMLResponse, include_in_schema=False)
async def sign_out(request: Request) -> Response:
    """Sign out: the session ends in the database and the cookie is dropped."""
    who = await visitor(request)
    form = await posted(request, who)
    if isinstance(form, Response):
        return form
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)
    value = request.cookies.get(SESSION_COOKIE, "")

    def run() -> None:
        with db.session() as session:
            end_session(session, value)

    await asyncio.to_thread(run)
    response = notice(
        Visitor(None, None, who.form_secret, False),
        "Wylogowano",
        "Sesja została zakończona. Aby zalogować się ponownie, wystarczy podać adres e-mail – "
        "wyślemy nowy link.",
        links=(("/biuro/", "Logowanie"), ("/", "Strona główna")),
    )
    drop_cookie(response, request, SESSION_COOKIE)
    return response


__all__ = ["IDLE_HOURS", "router", "settle_signin_emails"]
