"""Email sign-up over HTTP: POST /subscribe, /confirm/{token}, /manage/{token}, /unsubscribe/{token}.

Links from emails never change anything on GET (mail scanners open them): GET shows a
button that POSTs. POST /unsubscribe/{token} is RFC 8058 one-click (no cookies, any body).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import object_session

from notifier.clock import wall_clock
from notifier.core.harmonogram_status import harmonogram_status
from notifier.core.preferences import (
    TOPIC_RULE,
    InvalidEmail,
    InvalidPreferences,
    parse_preferences,
)
from notifier.core.time import TIMEZONE, Clock
from notifier.mail.transports import DeliveryBackend, backend_from_settings
from notifier.signup import (
    MailUnavailable,
    RateLimited,
    lead_days_text,
    link,
    sign_up,
    topics_text,
)
from notifier.store.db import Database, open_database
from notifier.store.models import (
    ACTIVE,
    CONFIRM,
    MANAGE,
    UNSUBSCRIBE,
    UNSUBSCRIBED,
    Subscriber,
)
from notifier.store.subscribers import (
    TokenError,
    TokenUsed,
    confirm,
    mint_token,
    set_preferences,
    subscriber_for_token,
    unsubscribe,
    unsubscribe_with_token,
)
from notifier.templating import environment
from notifier.web.pages import LEAD_DAY_CHOICES, SignupForm, page_context, render_error, render_page
from notifier.web.state import app_state, snapshot

MAX_FORM_BYTES = 16 * 1024
MAX_FORM_FIELDS = 200


@dataclass
class SubscribeServices:
    """What the sign-up routes need besides settings: the database, the mail backend, a clock."""

    db: Database
    backend: DeliveryBackend
    clock: Clock = field(default=wall_clock)


_open_lock = threading.Lock()


def install(app: FastAPI, services: SubscribeServices) -> None:
    """Use these services (tests, or a process that already opened the database)."""
    app.state.subscribe_services = services


def services(app: FastAPI) -> SubscribeServices:
    """The app's services, opened from settings on first use (creating and migrating the DB)."""
    with _open_lock:
        current = getattr(app.state, "subscribe_services", None)
        if current is None:
            settings = app_state(app).settings
            current = SubscribeServices(
                open_database(settings.database_url), backend_from_settings(settings)
            )
            app.state.subscribe_services = current
        return current


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Open (and migrate) the database at start, not on the first sign-up.
    opened_here = getattr(app.state, "subscribe_services", None) is None
    current = await asyncio.to_thread(services, app)
    try:
        yield
    finally:
        if opened_here:
            current.db.dispose()
            app.state.subscribe_services = None


router = APIRouter(lifespan=_lifespan)


def _page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


def _message(heading: str, *paragraphs: str, status_code: int = 200, **form: Any) -> HTMLResponse:
    """A short Polish page; with `action`, one button that POSTs there."""
    return _page(
        "subscribe_message.html.j2",
        status_code,
        heading=heading,
        paragraphs=paragraphs,
        action=form.get("action"),
        button=form.get("button"),
        links=form.get("links", ()),
    )


def _error(status_code: int, heading: str, message: str) -> HTMLResponse:
    response = render_error(status_code, heading, message)
    response.headers["Cache-Control"] = "no-store"
    return response


class _FormError(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code


async def _read_form(request: Request) -> dict[str, list[str]]:
    """A size-capped application/x-www-form-urlencoded body (an empty body is an empty form)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise _FormError(413, "Formularz jest za duży.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise _FormError(413, "Formularz jest za duży.")
    if not body:
        return {}
    if content_type not in ("application/x-www-form-urlencoded", ""):
        raise _FormError(
            415,
            "Formularz trzeba wysłać jako application/x-www-form-urlencoded (zwykły formularz).",
        )
    try:
        text = body.decode("utf-8")
        return parse_qs(text, keep_blank_values=False, max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise _FormError(400, "Formularz zawiera nieprawidłowe dane.") from None


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/subscribe", response_class=HTMLResponse, include_in_schema=False)
async def subscribe(request: Request) -> HTMLResponse:
    try:
        form = await _read_form(request)
    except _FormError as exc:
        return _error(exc.status_code, "Nie udało się zapisać", str(exc))
    emails = form.get("email", [])
    if len(emails) > 1:
        return _signup_refused(request, form, 400, email="Prosimy podać jeden adres e-mail.")
    app = request.app
    current = await asyncio.to_thread(services, app)
    try:
        await sign_up(
            current.db,
            current.backend,
            app_state(app).settings,
            snapshot(request).schedule,
            email=emails[0] if emails else "",
            topics=form.get("topic", []),
            lead_days=form.get("lead_days", []),
            client=_client(request),
            now=current.clock(),
        )
    except InvalidEmail as exc:
        return _signup_refused(request, form, 400, email=str(exc))
    except InvalidPreferences as exc:
        return _signup_refused(request, form, 400, **{exc.field: str(exc)})
    except RateLimited as exc:
        response = _signup_refused(request, form, 429, form=str(exc))
        response.headers["Retry-After"] = "3600"
        return response
    except MailUnavailable as exc:
        return _signup_refused(request, form, 503, form=str(exc))
    # The same answer whether or not the address was known: no address enumeration.
    return _message(
        "Prosimy sprawdzić skrzynkę e-mail",
        "Wysłaliśmy wiadomość na podany adres. Aby zacząć otrzymywać przypomnienia, "
        "prosimy kliknąć link w tej wiadomości i potwierdzić zapis.",
        "Jeśli wiadomość nie dotrze w ciągu kilku minut, prosimy zajrzeć do folderu spam.",
        links=(("/", "Powrót do harmonogramu"),),
    )


def _signup_refused(
    request: Request, sent: dict[str, list[str]], status_code: int, **errors: str
) -> HTMLResponse:
    """The page again with the form as it was sent and each message next to its field."""
    signup = SignupForm.as_sent(sent, errors)
    context = page_context(request, snapshot(request).schedule, signup=signup)
    html = render_page("page.html.j2", context)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


@router.api_route("/subscribe", methods=["GET", "HEAD"], include_in_schema=False)
def subscribe_form() -> RedirectResponse:
    """Someone typed the URL or went back after posting: show them the form."""
    return RedirectResponse("/#powiadomienia-email", status_code=303)


def _bad_link(exc: TokenError) -> HTMLResponse:
    return _error(400, "Link nie działa", str(exc))


def _confirmed(
    request: Request, heading: str, first: str, subscriber: Subscriber, now: datetime
) -> tuple[str, ...]:
    """What the confirmed page says: the choice, the settings link, a past harmonogram.

    Mints a manage link (the caller's session commits it) and returns the paragraphs and
    the link as the last item.
    """
    settings = app_state(request.app).settings
    schedule = snapshot(request).schedule
    session = object_session(subscriber)
    assert session is not None
    manage = link(settings, MANAGE, mint_token(session, subscriber, MANAGE, now))
    topics = topics_text(schedule, subscriber.topic_slugs)
    days = lead_days_text(subscriber.lead_day_values)
    paragraphs = [
        first,
        f"Będziemy przypominać o konkursach: {topics}, {days} przed planowanym ogłoszeniem.",
        (
            "Tematy i termin przypomnień można zmienić w ustawieniach – link do nich jest "
            "też w każdej wiadomości od nas, razem z linkiem do wypisania się."
        ),
    ]
    notice = harmonogram_status(schedule, now.astimezone(TIMEZONE).date()).notice()
    if notice:
        paragraphs.append(
            f"{notice} Przypomnienia przyjdą, gdy urząd opublikuje tu nowy harmonogram."
        )
    return (heading, *paragraphs, manage)


def _confirmed_page(parts: tuple[str, ...]) -> HTMLResponse:
    heading, *paragraphs, manage_url = parts
    return _message(
        heading,
        *paragraphs,
        links=(
            (manage_url, "Ustawienia przypomnień"),
            ("/", "Powrót do harmonogramu"),
        ),
    )


async def _confirm_link_used(request: Request, exc: TokenError) -> HTMLResponse:
    """A confirm link opened again: for an active subscriber, the confirmed page once more."""
    if not (isinstance(exc, TokenUsed) and exc.active):
        return _bad_link(exc)
    current = await asyncio.to_thread(services, request.app)

    def run() -> tuple[str, ...]:
        now = current.clock()
        with current.db.session() as session:
            subscriber = session.get(Subscriber, exc.subscriber_id)
            assert subscriber is not None
            return _confirmed(
                request,
                "Adres jest już potwierdzony",
                "Ten link został już użyty i zapis jest aktywny – nic więcej nie trzeba robić.",
                subscriber,
                now,
            )

    return _confirmed_page(await asyncio.to_thread(run))


@router.get("/confirm/{token}", response_class=HTMLResponse, include_in_schema=False)
async def confirm_page(request: Request, token: str) -> HTMLResponse:
    current = await asyncio.to_thread(services, request.app)

    def check() -> None:
        with current.db.session() as session:
            subscriber_for_token(session, token, CONFIRM, current.clock())

    try:
        await asyncio.to_thread(check)
    except TokenError as exc:
        return await _confirm_link_used(request, exc)
    return _message(
        "Potwierdzenie zapisu na przypomnienia",
        "Prosimy kliknąć przycisk, aby potwierdzić, że chcą Państwo dostawać przypomnienia "
        "e-mail o otwartych konkursach ofert.",
        action=f"/confirm/{token}",
        button="Potwierdzam zapis",
    )


@router.post("/confirm/{token}", response_class=HTMLResponse, include_in_schema=False)
async def confirm_action(request: Request, token: str) -> HTMLResponse:
    current = await asyncio.to_thread(services, request.app)

    def run() -> tuple[str, ...]:
        now = current.clock()
        with current.db.session() as session:
            subscriber = confirm(session, token, now)
            return _confirmed(request, "Zapis potwierdzony", "Dziękujemy!", subscriber, now)

    try:
        parts = await asyncio.to_thread(run)
    except TokenError as exc:
        return await _confirm_link_used(request, exc)
    return _confirmed_page(parts)


@router.get("/unsubscribe/{token}", response_class=HTMLResponse, include_in_schema=False)
async def unsubscribe_page(request: Request, token: str) -> HTMLResponse:
    current = await asyncio.to_thread(services, request.app)

    def check() -> str:
        with current.db.session() as session:
            return subscriber_for_token(session, token, UNSUBSCRIBE, current.clock()).state

    try:
        state = await asyncio.to_thread(check)
    except TokenError as exc:
        return _bad_link(exc)
    if state == UNSUBSCRIBED:
        return _message("Adres jest już wypisany", "Nie wyślemy na niego więcej przypomnień.")
    return _message(
        "Wypisanie się z przypomnień",
        "Prosimy kliknąć przycisk, aby przestać dostawać od nas wiadomości e-mail.",
        action=f"/unsubscribe/{token}",
        button="Wypisz mnie",
    )


@router.post("/unsubscribe/{token}", response_class=HTMLResponse, include_in_schema=False)
async def unsubscribe_action(request: Request, token: str) -> HTMLResponse:
    """RFC 8058 one-click: works without cookies, whatever the body (usually List-Unsubscribe=One-Click)."""
    current = await asyncio.to_thread(services, request.app)

    def run() -> None:
        with current.db.session() as session:
            unsubscribe_with_token(session, token, current.clock())

    try:
        await asyncio.to_thread(run)
    except TokenError as exc:
        return _bad_link(exc)
    return _message(
        "Wypisano",
        "Ten adres nie będzie już dostawać przypomnień. W razie zmiany zdania można zapisać "
        "się ponownie na stronie harmonogramu.",
        links=(("/", "Powrót do harmonogramu"),),
    )


def _manage_context(
    schedule: Any, subscriber: Any, token: str, form: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """What the manage page shows; with `form`, the boxes are ticked as the person sent them."""
    chosen = subscriber.topic_slugs
    days = subscriber.lead_day_values
    all_ticked = chosen is None
    ticked_topics = chosen or frozenset()
    ticked_days = set(days)
    if form is not None:
        sent_topics = set(form.get("topic", []))
        all_ticked = "all" in sent_topics
        ticked_topics = frozenset(sent_topics)
        sent_days = form.get("lead_days", [])
        ticked_days = {int(d) for d in sent_days if d.isdigit() and int(d) in LEAD_DAY_CHOICES}
    return {
        "token": token,
        "email": subscriber.email,
        "active": subscriber.state == ACTIVE,
        "state": subscriber.state,
        "all_topics": all_ticked,
        "topics": [(slug, label, slug in ticked_topics) for slug, label in schedule.topics.items()],
        "lead_days": [(d, d in ticked_days) for d in sorted(set(LEAD_DAY_CHOICES) | set(days))],
        "topics_text": topics_text(schedule, chosen),
        "lead_days_text": lead_days_text(days),
        "topic_rule": TOPIC_RULE,
        "errors": {},
    }


@router.get("/manage/{token}", response_class=HTMLResponse, include_in_schema=False)
async def manage_page(request: Request, token: str) -> HTMLResponse:
    current = await asyncio.to_thread(services, request.app)
    schedule = snapshot(request).schedule

    def load() -> dict[str, Any]:
        with current.db.session() as session:
            subscriber = subscriber_for_token(session, token, MANAGE, current.clock())
            return _manage_context(schedule, subscriber, token)

    try:
        context = await asyncio.to_thread(load)
    except TokenError as exc:
        return _bad_link(exc)
    return _page("subscribe_manage.html.j2", saved=False, **context)


@router.post("/manage/{token}", response_class=HTMLResponse, include_in_schema=False)
async def manage_save(request: Request, token: str) -> HTMLResponse:
    current = await asyncio.to_thread(services, request.app)
    schedule = snapshot(request).schedule
    try:
        form = await _read_form(request)
    except _FormError as exc:
        return _error(exc.status_code, "Nie udało się zapisać ustawień", str(exc))
    leaving = form.get("action") == ["unsubscribe"]

    def save() -> dict[str, Any]:
        now = current.clock()
        with current.db.session() as session:
            subscriber = subscriber_for_token(session, token, MANAGE, now)
            if leaving:
                unsubscribe(subscriber, now)
                return {}
            try:
                prefs = parse_preferences(
                    schedule, form.get("topic", []), form.get("lead_days", [])
                )
            except InvalidPreferences as exc:
                # Show the form again as it was sent, with what to fix; nothing is saved.
                context = _manage_context(schedule, subscriber, token, form)
                return context | {"errors": {exc.field: str(exc)}}
            set_preferences(session, subscriber, prefs)
            return _manage_context(schedule, subscriber, token)

    try:
        context = await asyncio.to_thread(save)
    except TokenError as exc:
        return _bad_link(exc)
    if context.get("errors"):
        return _page("subscribe_manage.html.j2", 400, saved=False, **context)
    if leaving:
        return _message("Wypisano", "Ten adres nie będzie już dostawać przypomnień.")
    return _page("subscribe_manage.html.j2", saved=True, **context)
