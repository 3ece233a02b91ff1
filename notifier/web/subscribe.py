"""Email sign-up over HTTP: POST /subscribe, /confirm/{token}, /manage/{token}, /unsubscribe/{token}.

Links from emails never change anything on GET (mail scanners open them): GET shows a
button that POSTs. POST /unsubscribe/{token} is RFC 8058 one-click (no cookies, any body).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import object_session

from notifier.core.harmonogram_status import harmonogram_status
from notifier.core.language import gettext as _
from notifier.core.placement import chosen_cities, kept_cities
from notifier.core.preferences import (
    InvalidEmail,
    InvalidPreferences,
    parse_preferences,
)
from notifier.core.signup_content import lead_days_text, topics_text
from notifier.core.time import warsaw_day
from notifier.jobs.signup import MailNotBuilt, MailUnavailable, RateLimited, sign_up
from notifier.mail.emails import link
from notifier.store.models import (
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
from notifier.web.cities import home_with_signup, offered_cities
from notifier.web.form_fields import lead_days_problem, require_offered_lead_days
from notifier.web.forwarded import request_client
from notifier.web.pages import LEAD_DAY_CHOICES, SignupForm
from notifier.web.signup_forms import (
    LEAVE_ACTION,
    FormError,
    error_page,
    manage_context,
    message,
    page,
    preference_problem,
    read_form,
    require_lead_days,
    settings_form_problem,
)
from notifier.web.state import app_state, catalog_snapshot, site_view
from notifier.web.token_language import in_their_language, posting_to

router = APIRouter()


@router.post("/subscribe", response_class=HTMLResponse, include_in_schema=False)
async def subscribe(request: Request) -> HTMLResponse:
    """POST /subscribe: sign up and send the confirmation email; the same answer for a known
    address. 400 or 429 show the form again with what to fix."""
    try:
        form = await read_form(request)
    except FormError as exc:
        return error_page(exc.status_code, _("Nie udało się zapisać"), str(exc))
    emails = form.get("email", [])  # one at most: read_form refuses a field sent twice
    if problem := lead_days_problem(form.get("lead_days", []), LEAD_DAY_CHOICES):  # M4
        return _signup_refused(request, form, 400, lead_days=problem)
    app = request.app
    state = app_state(app)
    db = await asyncio.to_thread(state.database)
    catalog = catalog_snapshot(request).catalog
    try:
        await sign_up(
            db,
            state.backend,
            state.settings,
            site_view(request),
            email=emails[0] if emails else "",
            topics=form.get("topic", []),
            lead_days=form.get("lead_days", []),
            deadline_days=(form.get("deadline_days") or [""])[0],
            cities=chosen_cities(catalog, form.get("city", [])),
            catalog=catalog,
            client=request_client(request),
            now=state.clock(),
        )
    except InvalidEmail as exc:
        return _signup_refused(request, form, 400, email=str(exc))
    except InvalidPreferences as exc:
        # A field the page does not show (cities, with one city served) is said above the form.
        field = "form" if exc.field == "city" and not offered_cities(request) else exc.field
        return _signup_refused(request, form, 400, **{field: str(exc)})
    except RateLimited as exc:
        response = _signup_refused(request, form, 429, form=str(exc))
        response.headers["Retry-After"] = "3600"
        return response
    except MailUnavailable as exc:  # the server refused this address for good
        return _signup_refused(request, form, 400, email=str(exc))
    except MailNotBuilt as exc:  # kept, but no confirmation could be sent now
        return _signup_refused(request, form, 503, form=str(exc))
    # The same answer whether or not the address was known: no address enumeration.
    return message(
        _("Prosimy sprawdzić skrzynkę e-mail"),
        _(
            "Wysłaliśmy wiadomość na podany adres. Aby zacząć otrzymywać przypomnienia, "
            "prosimy kliknąć link w tej wiadomości i potwierdzić zapis."
        ),
        _("Jeśli wiadomość nie dotrze w ciągu kilku minut, prosimy zajrzeć do folderu spam."),
        links=(("/", _("Powrót do harmonogramu")),),
    )


def _signup_refused(
    request: Request, sent: dict[str, list[str]], status_code: int, **errors: str
) -> HTMLResponse:
    """The page again with the form as it was sent and each message next to its field."""
    return home_with_signup(request, SignupForm.as_sent(sent, errors), status_code)


@router.api_route("/subscribe", methods=["GET", "HEAD"], include_in_schema=False)
def subscribe_form() -> RedirectResponse:
    """Someone typed the URL or went back after posting: show them the form."""
    return RedirectResponse("/#powiadomienia-email", status_code=303)


def _bad_link(exc: TokenError) -> HTMLResponse:
    return error_page(400, _("Link nie działa"), str(exc))


@dataclass(frozen=True)
class _Confirmed:
    """What the confirmed page says, and the subscriber's settings link."""

    paragraphs: tuple[str, ...]
    manage_url: str


def _confirmed(request: Request, first: str, subscriber: Subscriber, now: datetime) -> _Confirmed:
    """The confirmed page's text: the choice, the settings, a harmonogram that is over.

    Mints a manage link in the subscriber's session (the caller commits it).
    """
    settings = app_state(request.app).settings
    schedule = site_view(request)
    session = object_session(subscriber)
    assert session is not None
    manage = link(settings, MANAGE, mint_token(session, subscriber, MANAGE, now))
    topics = topics_text(schedule, subscriber.topic_slugs)
    days = lead_days_text(subscriber.lead_day_values)
    paragraphs = [
        first,
        _("Będziemy przypominać o konkursach: %(topics)s, %(days)s przed planowanym ogłoszeniem.")
        % {"topics": topics, "days": days},
        _(
            "Tematy i termin przypomnień można zmienić w ustawieniach – link do nich jest "
            "też w każdej wiadomości od nas, razem z linkiem do wypisania się."
        ),
    ]
    notice = harmonogram_status(schedule, warsaw_day(now)).notice()
    if notice:
        paragraphs.append(
            f"{notice} " + _("Przypomnienia przyjdą, gdy urząd opublikuje tu nowy harmonogram.")
        )
    return _Confirmed(tuple(paragraphs), manage)


def _confirmed_page(heading: str, confirmed: _Confirmed) -> HTMLResponse:
    return message(
        heading,
        *confirmed.paragraphs,
        links=(
            (confirmed.manage_url, _("Ustawienia przypomnień")),
            ("/", _("Powrót do harmonogramu")),
        ),
    )


async def _confirm_link_used(request: Request, exc: TokenError) -> HTMLResponse:
    """A confirm link opened again: for an active subscriber, the confirmed page once more."""
    if not (isinstance(exc, TokenUsed) and exc.active):
        return _bad_link(exc)
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def run() -> _Confirmed:
        now = state.clock()
        with db.session() as session:
            subscriber = session.get(Subscriber, exc.subscriber_id)
            assert subscriber is not None
            return _confirmed(
                request,
                _("Ten link został już użyty i zapis jest aktywny – nic więcej nie trzeba robić."),
                subscriber,
                now,
            )

    return _confirmed_page(_("Adres jest już potwierdzony"), await asyncio.to_thread(run))


@router.get("/confirm/{token}", response_class=HTMLResponse, include_in_schema=False)
async def confirm_page(request: Request, token: str) -> Response:
    """GET /confirm/{token}: a button that POSTs the confirmation (GET changes nothing); a link
    used already by an active subscriber: the confirmed page again; other bad links: 400."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def check() -> str:
        with db.session() as session:
            return subscriber_for_token(session, token, CONFIRM, state.clock()).language

    try:
        language = await asyncio.to_thread(check)
    except TokenError as exc:
        return await _confirm_link_used(request, exc)
    if (theirs := in_their_language(request, language)) is not None:
        return theirs
    return message(
        _("Potwierdzenie zapisu na przypomnienia"),
        _(
            "Prosimy kliknąć przycisk, aby potwierdzić, że chcą Państwo dostawać przypomnienia "
            "e-mail o otwartych konkursach ofert."
        ),
        action=posting_to(f"/confirm/{token}"),
        button=_("Potwierdzam zapis"),
    )


@router.post("/confirm/{token}", response_class=HTMLResponse, include_in_schema=False)
async def confirm_action(request: Request, token: str) -> HTMLResponse:
    """POST /confirm/{token}: activate the subscription and show the choice and a settings link;
    bad links as on GET."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def run() -> _Confirmed:
        now = state.clock()
        with db.session() as session:
            return _confirmed(request, _("Dziękujemy!"), confirm(session, token, now), now)

    try:
        confirmed = await asyncio.to_thread(run)
    except TokenError as exc:
        return await _confirm_link_used(request, exc)
    return _confirmed_page(_("Zapis potwierdzony"), confirmed)


@router.get("/unsubscribe/{token}", response_class=HTMLResponse, include_in_schema=False)
async def unsubscribe_page(request: Request, token: str) -> Response:
    """GET /unsubscribe/{token}: a button that POSTs the unsubscription (GET changes nothing);
    400 for a bad link."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def check() -> tuple[str, str]:
        with db.session() as session:
            subscriber = subscriber_for_token(session, token, UNSUBSCRIBE, state.clock())
            return subscriber.state, subscriber.language

    try:
        subscriber_state, language = await asyncio.to_thread(check)
    except TokenError as exc:
        return _bad_link(exc)
    if (theirs := in_their_language(request, language)) is not None:
        return theirs
    if subscriber_state == UNSUBSCRIBED:
        return message(_("Adres jest już wypisany"), _("Nie wyślemy na niego więcej przypomnień."))
    return message(
        _("Wypisanie się z przypomnień"),
        _("Prosimy kliknąć przycisk, aby przestać dostawać od nas wiadomości e-mail."),
        action=posting_to(f"/unsubscribe/{token}"),
        button=_("Wypisz mnie"),
    )


@router.post("/unsubscribe/{token}", response_class=HTMLResponse, include_in_schema=False)
async def unsubscribe_action(request: Request, token: str) -> HTMLResponse:
    """RFC 8058 one-click: works without cookies, whatever the body (usually List-Unsubscribe=One-Click)."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)

    def run() -> None:
        with db.session() as session:
            unsubscribe_with_token(session, token, state.clock())

    try:
        await asyncio.to_thread(run)
    except TokenError as exc:
        return _bad_link(exc)
    return message(
        _("Wypisano"),
        _(
            "Ten adres nie będzie już dostawać przypomnień. W razie zmiany zdania można zapisać "
            "się ponownie na stronie harmonogramu."
        ),
        links=(("/", _("Powrót do harmonogramu")),),
    )


@router.get("/manage/{token}", response_class=HTMLResponse, include_in_schema=False)
async def manage_page(request: Request, token: str) -> Response:
    """GET /manage/{token}: the subscriber's settings form; 400 for a bad link."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)
    schedule = site_view(request)
    cities = offered_cities(request)

    def load() -> tuple[dict[str, Any], str]:
        with db.session() as session:
            subscriber = subscriber_for_token(session, token, MANAGE, state.clock())
            return manage_context(schedule, subscriber, token, cities=cities), subscriber.language

    try:
        context, language = await asyncio.to_thread(load)
    except TokenError as exc:
        return _bad_link(exc)
    if (theirs := in_their_language(request, language)) is not None:
        return theirs
    return page("subscribe_manage.html.j2", saved=False, **context)


@router.post("/manage/{token}", response_class=HTMLResponse, include_in_schema=False)
async def manage_save(request: Request, token: str) -> HTMLResponse:
    """POST /manage/{token}: save the settings, or unsubscribe (action=unsubscribe); 400 with
    the form again when a choice is invalid."""
    state = app_state(request.app)
    db = await asyncio.to_thread(state.database)
    schedule = site_view(request)
    try:
        form = await read_form(request)
    except FormError as exc:
        return error_page(exc.status_code, _("Nie udało się zapisać ustawień"), str(exc))
    actions = form.get("action", [])
    leaving = bool(actions) and set(actions) == {LEAVE_ACTION}
    catalog = catalog_snapshot(request).catalog
    cities = offered_cities(request)
    # A bad value is named per field as the sign-up form names it, before the form's
    # completeness; a field the page does not show (cities, with one city) is said above it.
    bad_value = None if leaving else preference_problem(schedule, catalog, form)
    refusal = bad_value or (None if leaving else settings_form_problem(form))
    if refusal is not None and refusal[0] == "city" and not cities:
        refusal = ("form", refusal[1])
    offered = bool(cities) and bool(form.get("cities_offered"))

    def save() -> dict[str, Any]:
        now = state.clock()
        with db.session() as session:
            subscriber = subscriber_for_token(session, token, MANAGE, now)
            if leaving:
                unsubscribe(subscriber, now)
                return {}
            if subscriber.state == UNSUBSCRIBED:  # the page offers no form: nothing to save
                return manage_context(schedule, subscriber, token, cities=cities)
            if refusal is not None:  # shown as sent (a bad value) or as they are (no form)
                sent = form if bad_value else None
                context = manage_context(schedule, subscriber, token, sent, cities=cities)
                return context | {"errors": {refusal[0]: refusal[1]}}
            try:
                prefs = parse_preferences(
                    schedule,
                    form.get("topic", []),
                    form.get("lead_days", []),
                    (form.get("deadline_days") or [""])[0],
                )
                require_lead_days(form)
                require_offered_lead_days(form, subscriber.lead_day_values)  # M4
                if offered:
                    chosen = chosen_cities(catalog, form.get("city", []))
                    kept = kept_cities(catalog, chosen, subscriber.city_ids)
                    prefs = replace(prefs, cities=kept)
            except InvalidPreferences as exc:
                # Show the form again as it was sent, with what to fix; nothing is saved.
                context = manage_context(schedule, subscriber, token, form, cities=cities)
                return context | {"errors": {exc.field: str(exc)}}
            # With one city the page offers no choice of cities: theirs stay as they are.
            set_preferences(session, subscriber, prefs, cities=offered)
            subscriber.language = form["language"][0]  # checked: one of LANGUAGES
            return manage_context(schedule, subscriber, token, cities=cities)

    try:
        context = await asyncio.to_thread(save)
    except TokenError as exc:
        return _bad_link(exc)
    if context.get("errors"):
        return page("subscribe_manage.html.j2", 400, saved=False, **context)
    if leaving:
        return message(_("Wypisano"), _("Ten adres nie będzie już dostawać przypomnień."))
    saved = context["state"] != UNSUBSCRIBED
    return page("subscribe_manage.html.j2", saved=saved, **context)
