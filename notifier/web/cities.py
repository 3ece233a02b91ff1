"""The pages of a catalog: /{city_id}/ (the city's current year, with links to the others),
/{city_id}/{year}/ (one year), and with several cities "/" listing them by region."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from notifier.core.announcements import EVERYTHING, FilterError, make_filter
from notifier.core.catalog import City
from notifier.core.input_rules import address_number
from notifier.core.language import gettext as _
from notifier.core.placement import catalog_view, placement
from notifier.core.polish import count_tasks
from notifier.core.preferences import DEADLINE_DAYS_RANGE, TOPIC_RULE
from notifier.core.schedule import ascii_slug
from notifier.web.calendar_choice import calendar_choice
from notifier.web.feeds import BadRequest, parse_alarm
from notifier.web.links import language_query, subscribe_links
from notifier.web.page_place import PagePlace
from notifier.web.pages import (
    LEAD_DAY_CHOICES,
    SignupForm,
    default_lead_days_text,
    harmonogram_page,
    page_context,
    render_error,
    render_page,
)
from notifier.web.recent import recent_view
from notifier.web.routes import CityRoute
from notifier.web.state import app_state, catalog_snapshot, today

router = APIRouter(route_class=CityRoute)  # /api/… is never a city (m1)


@dataclass(frozen=True)
class CityRow:
    """A city in the index: its years, the current year's task count and its page."""

    city_id: str
    name: str
    years: tuple[int, ...]
    tasks: str  # "31 zadań" in the current year
    href: str


@dataclass(frozen=True)
class RegionGroup:
    """A region's cities in the index ("Bez regionu" for those without one)."""

    name: str
    cities: tuple[CityRow, ...]


@dataclass(frozen=True)
class TopicFeed:
    """One topic's calendar across every city: https:// and webcal:// links."""

    slug: str
    label: str
    https: str
    webcal: str


@router.api_route(
    "/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
def home(request: Request) -> HTMLResponse:
    """ "/": the service's one harmonogram's page; with several, the list of cities."""
    lone = placement(catalog_snapshot(request).catalog).lone
    return harmonogram_page(request, lone) if lone is not None else city_index(request)


def home_with_signup(request: Request, signup: SignupForm, status_code: int) -> HTMLResponse:
    """ "/" again with the sign-up form as it was sent and each message by its field."""
    lone = placement(catalog_snapshot(request).catalog).lone
    if lone is None:
        response = city_index(request, signup)
    else:
        context = page_context(request, lone, signup=signup)
        response = HTMLResponse(render_page("page.html.j2", context))
    response.status_code = status_code
    response.headers["Cache-Control"] = "no-store"
    return response


def _not_found(what: str) -> HTMLResponse:
    return render_error(404, _("Nie ma takiego miasta"), what, links=(("/", _("Lista miast")),))


@router.api_route(
    "/{city_id}", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
def city_without_slash(request: Request, city_id: str) -> Response:
    """/leszno leads to /leszno/; any other single segment is not a page."""
    if catalog_snapshot(request).catalog.city(city_id) is None:
        return render_error(
            404,
            _("Nie znaleziono strony"),
            _("Pod tym adresem nic nie ma. Harmonogram konkursów jest na stronie głównej."),
        )
    return RedirectResponse(f"/{city_id}/", status_code=308)


@router.api_route(
    "/{city_id}/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False
)
def city_page(request: Request, city_id: str) -> HTMLResponse:
    """/{city_id}/: the city's current year (?topic=, ?department=, ?alarm= choose the view; 400
    for an unknown one); 404 for an unknown city."""
    city = catalog_snapshot(request).catalog.city(city_id)
    if city is None:
        if city_id in TOKEN_SEGMENTS:  # /confirm/ is a link cut short, not a city's name
            return _link_incomplete()
        return _not_found(_("Nie mamy harmonogramu miasta „%(city)s”.") % {"city": city_id})
    return _year_page(request, city, city.current(today(request)).schedule.year, current=True)


# The first segments of the links sent by email, each followed by a token (/confirm/{token}).
TOKEN_SEGMENTS = frozenset({"confirm", "manage", "unsubscribe"})


def _link_incomplete() -> HTMLResponse:
    return render_error(
        404,
        _("Link jest niepełny"),
        _(
            "W tym adresie brakuje końcówki z kodem. Prosimy skopiować z wiadomości e-mail "
            "cały link, aż do końca, i wkleić go w pasek adresu."
        ),
    )


@router.api_route(
    "/{city_id}/{year}/",
    methods=["GET", "HEAD"],
    response_class=HTMLResponse,
    include_in_schema=False,
)
def city_year_page(request: Request, city_id: str, year: str) -> HTMLResponse:
    """/{city_id}/{year}/: one year of a city, with the same views as city_page; 404 for an
    unknown city or year."""
    city = catalog_snapshot(request).catalog.city(city_id)
    if city is None:
        return _not_found(_("Nie mamy harmonogramu miasta „%(city)s”.") % {"city": city_id})
    number = address_number(year, 4)
    if number is None or city.year(number) is None:
        years = ", ".join(str(y) for y in city.years)
        return render_error(
            404,
            _("Nie ma harmonogramu z tego roku"),
            _("Dla miasta %(city)s mamy harmonogramy z lat: %(years)s.")
            % {"city": city.name, "years": years},
            links=((f"/{city.city_id}/", city.name),),
        )
    return _year_page(request, city, number, current=False)


def year_without_slash(request: Request) -> Response | None:
    """/leszno/2024 leads to /leszno/2024/ as /leszno leads to /leszno/ (m9; nginx's block
    passes the path to the app, so it does the same); None for any other path. Asked by the
    app's 404 (no route of its own: a route would make POST /x/y a 405)."""
    if request.method not in ("GET", "HEAD"):
        return None
    parts = request.scope["path"].split("/")
    if len(parts) != 3 or parts[0]:
        return None
    city_id, year = parts[1], parts[2]
    city = catalog_snapshot(request).catalog.city(city_id)
    number = address_number(year, 4)
    if city is None or number is None or city.year(number) is None:
        return None
    query = request.url.query
    return RedirectResponse(f"/{city_id}/{number}/" + (f"?{query}" if query else ""), 308)


def _year_page(request: Request, city: City, year: int, *, current: bool) -> HTMLResponse:
    entry = city.year(year)
    assert entry is not None
    schedule = entry.schedule
    base_url = app_state(request.app).settings.base_url
    place = PagePlace.city_year(city, year, base_url, current=current)
    params = request.query_params
    try:
        task_filter = make_filter(schedule, params.getlist("topic"), params.getlist("department"))
        alarm_days = parse_alarm(params.get("alarm"))
    except (FilterError, BadRequest) as exc:
        # the topic hint only where a topic or department was wrong, not a bad ?alarm=
        hint = _("Prosimy wybrać temat z listy na stronie miasta.")
        return render_error(
            400,
            _("Nie ma takiego widoku"),
            f"{exc}\n{hint}" if isinstance(exc, FilterError) else str(exc),
            links=((f"{place.page}/", f"{city.name} {year}"),),
        )
    context = page_context(request, schedule, task_filter, alarm_days=alarm_days, place=place)
    return HTMLResponse(render_page("page.html.j2", context))


def city_index(request: Request, signup: SignupForm | None = None) -> HTMLResponse:
    """ "/" with several cities: the cities by region (?q= finds them by name), the topic
    feeds across every city, and the sign-up form with a choice of cities."""
    snap = catalog_snapshot(request)
    catalog = snap.catalog
    base_url = app_state(request.app).settings.base_url
    day = today(request)
    query = request.query_params.get("q", "").strip()[:80]
    wanted = ascii_slug(query)
    groups: dict[str, list[CityRow]] = {}
    for city in catalog.cities():
        if wanted and wanted not in city.city_id and wanted not in ascii_slug(city.name):
            continue
        schedule = city.current(day).schedule
        groups.setdefault(city.region or _("Bez regionu"), []).append(
            CityRow(
                city.city_id,
                city.name,
                city.years,
                count_tasks(sum(1 for _ in schedule.tasks())),
                f"/{city.city_id}/",
            )
        )
    try:
        choice = calendar_choice(catalog, request.query_params, base_url)
    except (FilterError, BadRequest) as exc:
        return render_error(
            400,
            _("Nie ma takiego kalendarza"),
            f"{exc}\n" + _("Prosimy zaznaczyć miasta i temat w formularzu na stronie głównej."),
            links=(("/#kalendarz", _("Wybór kalendarza")),),
        )
    topics = []
    for slug, label in catalog.topics().items():
        in_language = f"?{urlencode(language_query())}" if language_query() else ""
        links = subscribe_links(
            f"{base_url}/topics/{slug}.ics{in_language}",
            _("Konkursy ofert – %(topic)s") % {"topic": label},
        )
        topics.append(TopicFeed(slug, label, links.https, links.webcal))
    view = catalog_view(catalog)
    context = {
        "schedule": view,
        "regions": [RegionGroup(name, tuple(rows)) for name, rows in sorted(groups.items())],
        "query": query,
        "city_count": len(catalog.cities()),
        "topic_feeds": topics,
        "all_feed": f"{base_url}/calendar.ics"
        + (f"?{urlencode(language_query())}" if language_query() else ""),
        "choice": choice,
        "signup": signup or SignupForm(),
        "signup_cities": [(c.city_id, c.name) for c in catalog.cities()],
        "topic_rule": _(TOPIC_RULE),
        "lead_day_choices": LEAD_DAY_CHOICES,
        "default_lead_days_text": default_lead_days_text(),
        "deadline_day_choices": DEADLINE_DAYS_RANGE,
        "past_notice": None,
        "newer": None,
        "recent": recent_view(request, "", EVERYTHING),
    }
    status = 200 if signup is None or not signup.errors else 400
    return HTMLResponse(render_page("cities.html.j2", context), status_code=status)


def offered_cities(request: Request) -> list[tuple[str, str]]:
    """The cities the sign-up and settings forms offer as boxes: (id, name) of every one
    when several are served, else none (then a city is not a field the page shows)."""
    cities = catalog_snapshot(request).catalog.cities()
    return [(c.city_id, c.name) for c in cities] if len(cities) > 1 else []
