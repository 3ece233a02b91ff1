"""The office area's cookies, CSRF tokens, pages and who is signed in (notifier/web/office).

Two cookies, both `HttpOnly`, `SameSite=Lax`, path `/biuro`, `Secure` when the site is
served over https: `biuro_sesja` holds a signed-in person's session (notifier.store.
office_auth), `biuro_formularz` a random value given to anyone who opens a form before
signing in. Every form carries a CSRF token derived from one of them (sha256 of a fixed
label and the cookie's secret value: a page on another site can neither read nor compute it)
and every POST checks it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from notifier.core.catalog import City
from notifier.core.office_access import office_cities, office_city
from notifier.core.preferences import printable
from notifier.store.office_auth import IDLE_TTL, end_session, session_email
from notifier.store.tokens import new_token
from notifier.templating import environment
from notifier.web.security import with_policy_meta
from notifier.web.signup_forms import FormError, read_form
from notifier.web.state import app_state, catalog_snapshot

SESSION_COOKIE = "biuro_sesja"
FORM_COOKIE = "biuro_formularz"
COOKIE_PATH = "/biuro"


def secure_cookies(request: Request) -> bool:
    """Whether cookies get `Secure`: the public address or this request is https."""
    settings = app_state(request.app).settings
    return settings.base_url.startswith("https://") or request.url.scheme == "https"


def set_cookie(response: Response, request: Request, name: str, value: str) -> None:
    """The cookie with this module's attributes (a session cookie: gone with the browser)."""
    response.set_cookie(
        name,
        value,
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
    )


def drop_cookie(response: Response, request: Request, name: str) -> None:
    """Tell the browser to forget the cookie."""
    response.delete_cookie(
        name, path=COOKIE_PATH, httponly=True, samesite="lax", secure=secure_cookies(request)
    )


def _derive(secret: str) -> str:
    return hashlib.sha256(f"notifier-office-csrf\0{secret}".encode()).hexdigest()


@dataclass
class Visitor:
    """Who asks: the signed-in address (None: nobody), the cookies' values, the CSRF token."""

    email: str | None
    session: str | None
    form_secret: str
    new_form_secret: bool
    ended: bool = False  # a session ended by this request: its address is on no file now

    @property
    def csrf(self) -> str:
        """The token every form of this visitor carries."""
        return _derive(self.session if self.email and self.session else self.form_secret)

    def csrf_ok(self, form: dict[str, list[str]]) -> bool:
        """Whether the posted form carries this visitor's token (compared in constant time)."""
        sent = form.get("csrf", [""])
        return len(sent) == 1 and hmac.compare_digest(sent[0].encode(), self.csrf.encode())

    def keep(self, response: Response, request: Request) -> Response:
        """The response with the form cookie set when it was new."""
        if self.new_form_secret and not (self.email and self.session):
            set_cookie(response, request, FORM_COOKIE, self.form_secret)
        return response


async def visitor(request: Request) -> Visitor:
    """The visitor of this request (a live session's address restarts its idle time).

    A session whose address no file in force names any more ([office] email or staff) is
    ended here, in the store (M12: it was only refused, and the same cookie worked again
    once the address was put back): the visitor is nobody, `ended` says why."""
    state = app_state(request.app)
    value = request.cookies.get(SESSION_COOKIE)
    email = None
    ended = False
    if value:
        db = await asyncio.to_thread(state.database)
        catalog = catalog_snapshot(request).catalog

        def look() -> tuple[str | None, bool]:
            with db.session() as session:
                found = session_email(session, value, state.clock())
                if found is not None and not office_cities(catalog, found, state.today()):
                    end_session(session, value)
                    return None, True
                return found, False

        email, ended = await asyncio.to_thread(look)
    secret = request.cookies.get(FORM_COOKIE, "")
    fresh = len(secret) < 32 or len(secret) > 128
    return Visitor(email, value if email else None, new_token() if fresh else secret, fresh, ended)


def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """An office page (templates/office/), never cached, never indexed."""
    html = with_policy_meta(environment().get_template(f"office/{template}").render(**context))
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


def notice(
    who: Visitor, heading: str, *paragraphs: str, status_code: int = 200, links: Any = ()
) -> HTMLResponse:
    """A short office page: a heading, paragraphs and links on."""
    return page(
        "message.html.j2", status_code, who=who, heading=heading, paragraphs=paragraphs,
        links=links,
    )  # fmt: skip


def refused(who: Visitor) -> HTMLResponse:
    """403 for a city the visitor may not act for (an unknown city: no_city)."""
    return notice(
        who,
        "Brak dostępu",
        "Ten adres e-mail nie jest wpisany w pliku harmonogramu tego miasta ([office] email "
        "albo staff), więc nie może oglądać ani zmieniać jego danych.",
        status_code=403,
        links=(("/biuro/", "Obszar biura"),),
    )


def expired_form(who: Visitor) -> HTMLResponse:
    """403 for a POST without this visitor's CSRF token."""
    return notice(
        who,
        "Formularz wygasł",
        "Ten formularz nie pochodzi z aktualnej strony (np. po wylogowaniu albo z innej "
        "karty). Nic nie zapisano. Prosimy otworzyć stronę jeszcze raz i wysłać go ponownie.",
        status_code=403,
        links=(("/biuro/", "Obszar biura"),),
    )


def to_signin() -> RedirectResponse:
    """Not signed in: to the sign-in form."""
    return RedirectResponse("/biuro/", status_code=303)


def my_cities(request: Request, who: Visitor) -> list[City]:
    """The cities the signed-in visitor may act for, by the catalog as it is now."""
    if who.email is None:
        return []
    today = app_state(request.app).today()
    return office_cities(catalog_snapshot(request).catalog, who.email, today)


def my_city(request: Request, who: Visitor, city_id: str) -> City | None:
    """The city if the signed-in visitor may act for it, else None."""
    if who.email is None:
        return None
    today = app_state(request.app).today()
    return office_city(catalog_snapshot(request).catalog, city_id, who.email, today)


async def signed_in_city(request: Request, city_id: str) -> tuple[Visitor, City] | Response:
    """The visitor and the city they act for, or the answer for one who may not: to sign in
    (303) when not signed in, 403 for a city whose file does not name them."""
    who = await visitor(request)
    if who.ended:
        response = refused(who)
        drop_cookie(response, request, SESSION_COOKIE)
        return response
    if who.email is None:
        return to_signin()
    city = my_city(request, who, city_id)
    if city is not None:
        return who, city
    catalog = catalog_snapshot(request).catalog
    return refused(who) if catalog.city(city_id) is not None else no_city(request, who, city_id)


def no_city(request: Request, who: Visitor, city_id: str) -> HTMLResponse:
    """404 for a city the service does not have (m23: not "your address is not listed"),
    naming the right address when only the letters' case is wrong (/biuro/LESZNO/)."""
    known = catalog_snapshot(request).catalog.cities()
    near = [c for c in known if c.city_id.casefold() == city_id.casefold()]
    said = [f"W serwisie nie ma miasta o adresie „{printable(city_id, 40)}”."]
    if near:
        said.append(f"Adresy miast piszemy małymi literami: /biuro/{near[0].city_id}/.")
    links = [(f"/biuro/{c.city_id}/", c.name) for c in [*near[:1], *my_cities(request, who)]]
    return notice(
        who, "Nie ma takiego miasta", *said, status_code=404,
        links=(*dict(links).items(), ("/biuro/", "Obszar biura")),
    )  # fmt: skip


async def posted(request: Request, who: Visitor) -> dict[str, list[str]] | Response:
    """The posted form if its CSRF token is the visitor's; else the page to answer with."""
    try:
        form = await read_form(request)
    except FormError as exc:
        return notice(who, "Nie udało się wysłać formularza", str(exc), status_code=exc.status_code)
    if not who.csrf_ok(form):
        return expired_form(who)
    return form


IDLE_HOURS = int(IDLE_TTL.total_seconds() // 3600)
