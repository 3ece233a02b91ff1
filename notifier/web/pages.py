"""The harmonogram page (GET /) and the Polish error pages, rendered server-side with jinja2."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from notifier.core.announcements import (
    EVERYTHING,
    FilterError,
    TaskFilter,
    group_announcements,
    make_filter,
    select,
)
from notifier.core.feed import calendar_name
from notifier.core.feed_spec import validate_spec
from notifier.core.harmonogram_status import harmonogram_status
from notifier.core.input_rules import whole_number
from notifier.core.language import gettext as _
from notifier.core.placement import placement
from notifier.core.polish import count_days, count_tasks, format_as_of, format_total
from notifier.core.preferences import (
    ALL,
    DEADLINE_DAYS_RANGE,
    DEFAULT_DEADLINE_DAYS,
    DEFAULT_LEAD_DAYS,
    TOPIC_RULE,
)
from notifier.core.schedule import Schedule, Task
from notifier.core.signup_content import lead_days_text
from notifier.core.spans import window_wording
from notifier.core.task_status import task_status
from notifier.core.task_wording import task_details
from notifier.templating import environment
from notifier.web.feeds import BadRequest, alarm_range_text, parse_alarm
from notifier.web.language import language_links
from notifier.web.links import feed_path as plain_feed_path
from notifier.web.links import page_path as plain_page_path
from notifier.web.links import subscribe_links, webcal_url
from notifier.web.page_calls import (
    StatusView,
    bar_state,
    deadline_marks,
    open_call_views,
    status_view,
)
from notifier.web.page_place import PagePlace
from notifier.web.recent import recent_view
from notifier.web.security import with_policy_meta
from notifier.web.state import app_state, catalog_snapshot, today
from notifier.web.timeline import build_timeline

LEAD_DAY_CHOICES = (1, 3, 7, 14, 30)  # what the forms offer (any 1–60 is valid)


def default_lead_days_text() -> str:
    """'7 dni' ('7 days'): what no lead day ticked means, in the reader's language."""
    return lead_days_text(DEFAULT_LEAD_DAYS)


ALARM_CHOICES = (None, 1, 3, 7, 14)  # calendar alarms the page offers (?alarm=N, 1–60)


@dataclass(frozen=True)
class TopicLink:
    """A topic chip: its task count in the view's departments, its link, whether it is the view."""

    slug: str
    label: str
    count: int
    href: str
    active: bool

    @property
    def count_text(self) -> str:
        """'5 zadań': what a screen reader says after the label."""
        return count_tasks(self.count)


@dataclass(frozen=True)
class AlarmChoice:
    """A calendar alarm on offer: `days` before (None: no alarm), its link, whether chosen."""

    days: int | None
    label: str
    href: str
    active: bool


@dataclass(frozen=True)
class SignupForm:
    """The sign-up form's values (as sent, after a refused post) and errors by field.

    Fields: "email", "topic", "lead_days", and "form" for what concerns the whole form.
    """

    email: str = ""
    topics: frozenset[str] = frozenset({ALL})
    cities: frozenset[str] = frozenset()
    lead_days: frozenset[int] = frozenset(DEFAULT_LEAD_DAYS)
    deadline_days: int = DEFAULT_DEADLINE_DAYS
    errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def all_topics(self) -> bool:
        """Whether "Wszystkie tematy" is ticked: only when no specific topic is (the topic
        rule of parse_preferences: a specific topic wins over "all")."""
        return self.topics == {ALL}

    @classmethod
    def for_view(cls, task_filter: TaskFilter) -> SignupForm:
        """Fresh form: the view's single topic ticked, or "Wszystkie tematy"."""
        if task_filter.is_everything:
            return cls()
        if len(task_filter.topics) == 1 and not task_filter.departments:
            return cls(topics=task_filter.topics)
        return cls(topics=frozenset())

    @classmethod
    def as_sent(cls, form: Mapping[str, Sequence[str]], errors: Mapping[str, str]) -> SignupForm:
        """The values a refused post carried, shown again so nothing has to be retyped."""
        emails = form.get("email", [])
        return cls(
            email=_CONTROL.sub("", emails[0].strip())[:254] if emails else "",
            topics=frozenset(form.get("topic", [])),
            cities=frozenset(form.get("city", [])),
            lead_days=frozenset(
                d for d in (whole_number(t, 2) for t in form.get("lead_days", [])) if d is not None
            ),
            deadline_days=_int(form.get("deadline_days", [""])[0], DEFAULT_DEADLINE_DAYS),
            errors=errors,
        )


def _int(text: str, default: int) -> int:
    number = whole_number(text, 3)
    return default if number is None else number


@dataclass(frozen=True)
class TaskRow:
    """One task as the department's table shows it."""

    key: str
    number: str | None
    title: str
    period: str  # as printed
    span: str | None  # "1 maja – 31 maja 2024" ("; " between rounds), None when undated
    note: str | None
    topics: tuple[tuple[str, str], ...]  # (slug, label)
    details: tuple[str, ...] = ()  # mode, amount, realization, url, contact (Polish lines)
    url: str | None = None
    status: StatusView | None = None


@dataclass(frozen=True)
class DepartmentSection:
    """A department on the page: its tasks in the view and its own calendar feed."""

    id: str
    name: str
    scope: str | None
    tasks: tuple[TaskRow, ...]
    feed_url: str  # the department's own calendar (https:// or http://, as base_url)
    webcal_url: str
    planned_total: str | None = None  # "Łącznie planowane: 2,3 mln zł" figure, or None


def harmonogram_page(request: Request, schedule: Schedule) -> HTMLResponse:
    """The page of the service's one harmonogram at "/" (?topic=, ?department=, ?alarm=
    choose the view; an unknown one is a 404 page offering the others)."""
    params = request.query_params
    try:
        task_filter = make_filter(schedule, params.getlist("topic"), params.getlist("department"))
    except FilterError:
        return _unknown_view(request, schedule)
    try:
        alarm_days = parse_alarm(request.query_params.get("alarm"))
    except BadRequest:
        return render_error(
            400,
            _("Nie ma takiego przypomnienia"),
            alarm_range_text(),
            links=((plain_page_path(task_filter), _("Ten widok bez przypomnienia")),),
        )
    context = page_context(request, schedule, task_filter, alarm_days=alarm_days)
    return HTMLResponse(render_page("page.html.j2", context))


def _unknown_view(request: Request, schedule: Schedule) -> HTMLResponse:
    """A view naming a topic or department the harmonogram does not have: what there is."""
    params = request.query_params
    topics = [t for t in params.getlist("topic") if t not in schedule.topics]
    known_departments = {d.id for d in schedule.departments}
    departments = [d for d in params.getlist("department") if d not in known_departments]
    lines = [_("Nie ma tematu „%(id)s” w tym harmonogramie.") % {"id": t} for t in topics if t]
    lines += [_("Nie ma wydziału „%(id)s” w tym harmonogramie.") % {"id": d} for d in departments if d]  # fmt: skip
    if "" in topics:  # ?topic= without a value (blind round five, k2)
        lines.append(_("Parametr topic= w adresie jest pusty – nie wybrano tematu."))
    if "" in departments:
        lines.append(_("Parametr department= w adresie jest pusty – nie wybrano wydziału."))
    lines.append(_("Prosimy wybrać temat z listy poniżej albo obejrzeć cały harmonogram."))
    links = [("/", _("Cały harmonogram"))]
    links += [
        (plain_page_path(TaskFilter(frozenset({slug}))), label)
        for slug, label in schedule.topics.items()
    ]
    return render_error(400, _("Nie ma takiego widoku"), "\n".join(lines), links=links)


def page_context(
    request: Request,
    schedule: Schedule,
    task_filter: TaskFilter = EVERYTHING,
    *,
    alarm_days: int | None = None,
    signup: SignupForm | None = None,
    place: PagePlace | None = None,
) -> dict[str, Any]:
    """Everything page.html.j2 shows for one view of the schedule (`signup`: the form's state;
    `place`: where a city's page is, when it is not the site's one harmonogram at "/")."""
    place = place or PagePlace()
    base_url = app_state(request.app).settings.base_url
    day = today(request)

    def page_path(task_filter: TaskFilter, alarm_days: int | None = None) -> str:
        return place.page + plain_page_path(task_filter, alarm_days)

    def feed_path(task_filter: TaskFilter, alarm_days: int | None = None) -> str:
        return place.feeds + plain_feed_path(task_filter, alarm_days)

    status = harmonogram_status(schedule, day, place.others)
    tasks = [t for t in schedule.tasks() if task_filter.matches(t)]
    selected = select(group_announcements(schedule), task_filter)
    name = _feed_name(request, schedule, task_filter, place)
    feed_url = base_url + feed_path(task_filter, alarm_days)
    in_departments = TaskFilter(departments=task_filter.departments)
    topics = [
        TopicLink(
            slug=slug,
            label=label,
            count=sum(
                1 for t in schedule.tasks() if slug in t.topics and in_departments.matches(t)
            ),
            href=page_path(TaskFilter(frozenset({slug}), task_filter.departments), alarm_days),
            active=task_filter.topics == {slug},
        )
        for slug, label in schedule.topics.items()
    ]
    return {
        "schedule": schedule,
        "as_of": format_as_of(schedule.as_of),
        "filter_label": task_filter.describe(schedule),
        "is_everything": task_filter.is_everything,
        "all_topics_href": page_path(in_departments, alarm_days),
        "all_href": place.page + "/",
        "topics": [t for t in topics if t.count],
        "departments": _sections(schedule, task_filter, base_url + place.feeds, day),
        "open_calls": open_call_views(schedule, task_filter, day),
        "task_count": count_tasks(len(tasks)),
        "undated_count": sum(1 for t in tasks if not t.period.dated),
        "timeline": build_timeline(
            schedule.year,
            selected,
            day,
            deadline_marks(schedule, task_filter),
            lambda item: bar_state(schedule, item, day),
        ),
        "calendar_name": name,
        "feed_has_events": any(t.period.dated for t in tasks),
        "feed_url": feed_url,
        "links": subscribe_links(feed_url, name),
        "base_url": base_url,
        "alarm_choices": _alarm_choices(task_filter, alarm_days, place.page),
        "past_notice": status.notice(with_url=False),
        "newer": status.newest,
        "page_base": place.page,
        "years": place.years,
        "signup_cities": place.signup_cities,
        "api_url": place.api,
        "signup": signup
        or replace(
            SignupForm.for_view(task_filter),
            cities=frozenset(c for c, _ in place.signup_cities),
        ),
        "topic_rule": _(TOPIC_RULE),
        "lead_day_choices": LEAD_DAY_CHOICES,
        "default_lead_days_text": default_lead_days_text(),
        "deadline_day_choices": DEADLINE_DAYS_RANGE,
        "planned_total": _total(schedule.planned_amount),
        "csv_url": "/api/tasks.csv" + place.api_query,
        "recent": recent_view(request, place.feeds, task_filter),
    }


def _alarm_choices(
    task_filter: TaskFilter, current: int | None, page: str = ""
) -> list[AlarmChoice]:
    offered = list(ALARM_CHOICES)
    if current not in offered:
        offered.append(current)
    return [
        AlarmChoice(
            days,
            _("%(days)s wcześniej") % {"days": count_days(days)}
            if days
            else _("bez przypomnienia"),
            page + plain_page_path(task_filter, days) + "#kalendarz",
            days == current,
        )
        for days in offered
    ]


def _feed_name(
    request: Request, schedule: Schedule, task_filter: TaskFilter, place: PagePlace
) -> str:
    """The name the page's feed gives itself (X-WR-CALNAME), so a calendar subscribed from
    the page is labelled as the feed is: one harmonogram's ("Konkursy ofert Leszno 2024"),
    or a city's every year ("Konkursy ofert Leszno", notifier.core.placement)."""
    if not place.feeds:
        return calendar_name(schedule, task_filter)
    catalog = catalog_snapshot(request).catalog
    spec = validate_spec(
        catalog, [place.feeds.strip("/")], (), task_filter.topics, task_filter.departments
    )
    return placement(catalog).feed_name(spec)


def _sections(
    schedule: Schedule, task_filter: TaskFilter, base_url: str, day: date
) -> list[DepartmentSection]:
    sections = []
    for department in schedule.departments:
        rows = tuple(_row(schedule, t, day) for t in department.tasks if task_filter.matches(t))
        if rows:
            url = base_url + plain_feed_path(TaskFilter(departments=frozenset({department.id})))
            sections.append(
                DepartmentSection(
                    department.id,
                    department.name,
                    department.scope,
                    rows,
                    feed_url=url,
                    webcal_url=webcal_url(url),
                    planned_total=_total(department.planned_amount),
                )
            )
    return sections


def _total(amount: Decimal | None) -> str | None:
    return format_total(amount) if amount is not None else None


def _row(schedule: Schedule, task: Task, day: date) -> TaskRow:
    period = task.period
    return TaskRow(
        key=task.key,
        number=task.number,
        title=task.title,
        period=period.text,
        span="; ".join(window_wording(period.kind, w) for w in period.windows) or None,
        note=period.note,
        topics=tuple((slug, schedule.topics[slug]) for slug in task.topics),
        details=tuple(task_details(task, with_url=False)),
        url=task.url,
        status=status_view(task_status(schedule, task, day)),
    )


def render_page(template: str, context: dict[str, Any]) -> str:
    """templates/`template` with `context`, the request's language and language switch."""
    page = environment().get_template(template).render(language_links=language_links(), **context)
    return with_policy_meta(page)


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def render_error(
    status_code: int, heading: str, message: str, links: Sequence[tuple[str, str]] = ()
) -> HTMLResponse:
    """A Polish error page in the site's layout (no control characters echoed, line breaks kept).

    `links` are (href, label) pairs offered as ways on; the home page is always one.
    """
    context = {"status_code": status_code, "heading": heading, "links": links}
    html = render_page("error.html.j2", context | {"message": _CONTROL.sub("", message)})
    return HTMLResponse(html, status_code=status_code)
