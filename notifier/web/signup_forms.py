"""The sign-up flow's forms and short pages: reading a posted form, the message pages, and
what the settings (manage) page shows. Used by notifier/web/subscribe.py.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any
from urllib.parse import parse_qs

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from notifier.core.catalog import Catalog, cities_choice_text
from notifier.core.echo import printable
from notifier.core.input_rules import whole_number
from notifier.core.language import LANGUAGE_NAMES, LANGUAGES, quoted
from notifier.core.language import gettext as _
from notifier.core.placement import chosen_cities
from notifier.core.polish import count_days
from notifier.core.preferences import (
    ALL,
    DEADLINE_DAYS_RANGE,
    TOPIC_RULE,
    InvalidPreferences,
    parse_preferences,
)
from notifier.core.schedule import Schedule
from notifier.core.signup_content import lead_days_text, topics_text
from notifier.store.models import ACTIVE, Subscriber
from notifier.web.disconnects import require_client
from notifier.web.form_fields import repeated_field_message
from notifier.web.pages import LEAD_DAY_CHOICES, default_lead_days_text, render_error, render_page
from notifier.web.token_language import posting_to

MAX_FORM_BYTES = 16 * 1024
MAX_FORM_FIELDS = 200
# The fields a form of the site may send more than once (checkboxes, the import draft's rows:
# notifier.web.office.importing.ROW_FIELDS). Every other field given twice is refused by
# read_form and read_multipart, whichever form it is (issue 25, m5: "deadline_days=3&
# deadline_days=4" was taken as 3 while a second "email" was refused).
REPEATABLE_FIELDS = frozenset({"topic", "city", "lead_days", "task", *"dsntpwu"})


def page(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The template rendered as an HTML answer, never cached (Cache-Control: no-store)."""
    html = render_page(template, context)
    return HTMLResponse(html, status_code=status_code, headers={"Cache-Control": "no-store"})


def message(heading: str, *paragraphs: str, status_code: int = 200, **form: Any) -> HTMLResponse:
    """A short Polish page; with `action`, one button that POSTs there."""
    return page(
        "subscribe_message.html.j2",
        status_code,
        heading=heading,
        paragraphs=paragraphs,
        action=form.get("action"),
        button=form.get("button"),
        links=form.get("links", ()),
    )


def error_page(status_code: int, heading: str, message: str) -> HTMLResponse:
    """render_error's Polish error page, never cached (Cache-Control: no-store)."""
    response = render_error(status_code, heading, message)
    response.headers["Cache-Control"] = "no-store"
    return response


class FormError(Exception):
    """An unreadable posted form: its HTTP status (413, 415 or 400) and a Polish message."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code


async def read_form(request: Request) -> dict[str, list[str]]:
    """A size-capped application/x-www-form-urlencoded body (an empty body is an empty form)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length", "")
    length = whole_number(declared, 18)
    if length is not None and length > MAX_FORM_BYTES:
        raise FormError(413, _("Formularz jest za duży."))
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormError(413, _("Formularz jest za duży."))
    await require_client(request)  # F4: gone by now, nothing of it is done
    if not body:
        return {}
    if content_type not in ("application/x-www-form-urlencoded", ""):
        raise FormError(
            415,
            _("Formularz trzeba wysłać jako application/x-www-form-urlencoded (zwykły formularz)."),
        )
    try:
        text = body.decode("utf-8")
        # strict: a percent-escaped byte that is not UTF-8 is refused, never kept as "�"
        form = parse_qs(
            text, keep_blank_values=False, max_num_fields=MAX_FORM_FIELDS, errors="strict"
        )
    except (UnicodeDecodeError, ValueError):
        raise FormError(400, _("Formularz zawiera nieprawidłowe dane.")) from None
    refuse_repeated(name for name, values in form.items() for _value in values)
    return form


def refuse_repeated(names: Iterable[str], hidden: Collection[str] = ()) -> None:
    """FormError (400) naming the first field of `names` (a form's, one per value sent) that
    comes twice and may not (REPEATABLE_FIELDS): the one rule of every form. A field in
    `hidden` has no label on its form (another form's field of that name may have one)."""
    seen: set[str] = set()
    for name in names:
        if name in seen and name not in REPEATABLE_FIELDS:
            shown = None if name in hidden else name
            raise FormError(400, repeated_field_message(shown))  # M28: its label
        seen.add(name)


# Starlette's multipart parser refuses a body in English ("Too many files. Maximum number of
# files is 1.", "Missing boundary in multipart."): its words, by the start of its message.
_MULTIPART_PROBLEMS = (
    ("Too many files", 413, "Formularz zawiera za dużo plików – prosimy wysłać jeden."),
    ("Too many fields", 413, "Formularz zawiera za dużo pól."),
    ("Part exceeded", 413, "Jedno z pól formularza jest za duże."),
    ("Field exceeded", 413, "Jedno z pól formularza jest za duże."),
)


async def read_multipart(
    request: Request, *, max_files: int, max_fields: int, max_part_size: int
) -> FormData:
    """A multipart (or urlencoded) form read by Starlette within these limits; a body it
    cannot read, or over a limit, is a FormError in Polish (400, or 413 over a limit), never
    the parser's English text. The caller closes the form (its files)."""
    try:
        form = await request.form(
            max_files=max_files, max_fields=max_fields, max_part_size=max_part_size
        )
    except HTTPException as exc:
        detail = str(exc.detail)
        for start, status, text in _MULTIPART_PROBLEMS:
            if detail.startswith(start):
                raise FormError(status, text) from None
        raise FormError(400, "Formularz dotarł uszkodzony – prosimy wysłać go ponownie.") from None
    try:
        await require_client(request)  # F4: gone by now, nothing of it is done
        refuse_repeated(name for name, _value in form.multi_items())
    except (FormError, ClientDisconnect):
        await form.close()
        raise
    return form


LEAVE_ACTION = "unsubscribe"  # the value of the page's second form's hidden "action"
# The fields the settings form always sends (two selects): a POST without them is not that
# form (an empty body, a client's one-click unsubscribe sent here, a form of another page),
# and saving it would reset the subscriber's choices to the defaults. Blind round six, F7.
_ALWAYS_SENT = ("deadline_days", "language")


def require_lead_days(form: dict[str, list[str]]) -> None:
    """InvalidPreferences (field "lead_days") when the settings form comes back with every
    "before the announcement" box unticked (m12). The boxes show the subscriber's choice, so
    unticking all of them is a decision, never a wish for the default 7 days the sign-up form
    offers: they are asked to tick one, and told how to stop every email."""
    if not [days for days in form.get("lead_days", []) if days.strip()]:
        raise InvalidPreferences(
            _(
                "Prosimy zaznaczyć co najmniej jeden termin przypomnienia przed ogłoszeniem. "
                "Jeśli nie chcą Państwo dostawać żadnych wiadomości, można wypisać się "
                "przyciskiem „Wypisz mnie ze wszystkich przypomnień” na dole strony."
            ),
            field="lead_days",
        )


def preference_problem(
    schedule: Schedule, catalog: Catalog, form: dict[str, list[str]]
) -> tuple[str, str] | None:
    """(field, why) for the first value the sign-up form would refuse — topics, lead days,
    deadline days, cities, by the sign-up's own checks — else None: the one per-field rule
    of both forms, so the settings form names the field and value as the sign-up form does
    (blind round 37, M14)."""
    try:
        parse_preferences(
            schedule,
            form.get("topic", []),
            form.get("lead_days", []),
            (form.get("deadline_days") or [""])[0],
        )
        chosen_cities(catalog, form.get("city", []))
    except InvalidPreferences as exc:
        return exc.field, str(exc)
    return None


def settings_form_problem(form: dict[str, list[str]]) -> tuple[str, str] | None:
    """(field, why) when `form` is not the settings form as the page sends it — an unknown
    action, a field it always sends missing or repeated, a language not offered — else None.
    Nothing is saved then."""
    incomplete = _(
        "Formularz ustawień dotarł niepełny albo z nieznanym działaniem – prosimy zaznaczyć "
        "ustawienia na tej stronie i zapisać je ponownie."
    )
    actions = form.get("action", [])
    if actions:  # named, as every other field's bad value is (blind round 37, M14)
        return "form", f"{incomplete} (action = {quoted(printable(actions[0], 40))})"
    if any(len(form.get(name, [])) != 1 for name in _ALWAYS_SENT):
        return "form", incomplete
    if form["language"][0] not in LANGUAGES:
        return "language", _("Nie ma takiego języka wiadomości – prosimy wybrać go z listy.")
    return None


def manage_context(
    schedule: Schedule,
    subscriber: Subscriber,
    token: str,
    form: dict[str, list[str]] | None = None,
    *,
    cities: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """What the manage page shows; with `form`, the boxes are ticked as the person sent them.
    `cities` (id, name) are offered as boxes when several cities are served."""
    ticked_cities = subscriber.city_ids or frozenset()
    if form is not None and form.get("cities_offered"):
        ticked_cities = frozenset(form.get("city", []))
    chosen = subscriber.topic_slugs
    days = subscriber.lead_day_values
    all_ticked = chosen is None
    ticked_topics = chosen or frozenset()
    ticked_days = set(days)
    deadline_days = subscriber.deadline_days
    if form is not None:
        sent = form.get("deadline_days", [""])[0]
        deadline_days = whole_number(sent, 2) or deadline_days
        sent_topics = set(form.get("topic", []))
        ticked_topics = frozenset(sent_topics - {ALL})
        all_ticked = ALL in sent_topics and not ticked_topics  # a specific topic wins
        sent_days = form.get("lead_days", [])
        ticked_days = {d for d in map(whole_number, sent_days) if d in LEAD_DAY_CHOICES}
    return {
        "token": token,
        "action": posting_to(f"/manage/{token}"),
        "email": subscriber.email,
        "active": subscriber.state == ACTIVE,
        "state": subscriber.state,
        "all_topics": all_ticked,
        "topics": [(slug, label, slug in ticked_topics) for slug, label in schedule.topics.items()],
        "default_lead_days_text": default_lead_days_text(),
        "lead_days": [(d, d in ticked_days) for d in sorted(set(LEAD_DAY_CHOICES) | set(days))],
        "topics_text": topics_text(schedule, chosen),
        "cities_text": cities_choice_text(cities, subscriber.city_ids),
        "cities": [(city_id, name, city_id in ticked_cities) for city_id, name in cities],
        "lead_days_text": lead_days_text(days),
        "deadline_days": deadline_days,
        "deadline_days_text": count_days(subscriber.deadline_days),
        "deadline_day_choices": DEADLINE_DAYS_RANGE,
        "topic_rule": _(TOPIC_RULE),
        "email_languages": [
            (code, LANGUAGE_NAMES[code], code == _email_language(subscriber, form))
            for code in LANGUAGES
        ],
        "errors": {},
    }


def _email_language(subscriber: Subscriber, form: dict[str, list[str]] | None) -> str:
    """The language the settings form shows chosen: as sent, else the subscriber's."""
    sent = (form or {}).get("language", [""])[0]
    return sent if sent in LANGUAGES else subscriber.language
