"""What a subscriber may ask for: a valid address, topics, lead days (pure validation).

Errors are Polish, meant for the person filling the form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from notifier.core.addresses import AddressError, UnsendableAddress, normalised_address
from notifier.core.echo import printable
from notifier.core.errors import NotifierError
from notifier.core.input_rules import Bound, whole_number
from notifier.core.language import N_, quoted, tr_plural
from notifier.core.language import gettext as _
from notifier.core.schedule import Schedule
from notifier.core.topic_vocabulary import canonical_topic

MIN_LEAD_DAYS = 1  # days before a window opens: the earliest reminder is the day before…
MAX_LEAD_DAYS = 60  # …and the latest two months ahead
LEAD_DAYS_RANGE = range(MIN_LEAD_DAYS, MAX_LEAD_DAYS + 1)
EMAIL_MAX = 254  # characters: the RFC 5321 (section 4.5.3.1.3) path limit
TOPIC_MAX = 64  # characters of a topic slug

ALL = "all"  # the form's and the CLI's value for "every topic"
DEFAULT_LEAD_DAYS = (7,)  # days, when none is chosen
MIN_DEADLINE_DAYS = 1  # days before a call's termin składania ofert…
MAX_DEADLINE_DAYS = 14  # …at most two weeks ahead (offers get at least 21 days, art. 13)
DEFAULT_DEADLINE_DAYS = 3
DEADLINE_DAYS_RANGE = range(MIN_DEADLINE_DAYS, MAX_DEADLINE_DAYS + 1)
# The ranges as every entry point names them (the CLI's --lead-days and --deadline-days, the
# forms): one source, so no message names another range (blind round three, m3).
LEAD_DAYS = Bound("liczba dni przed ogłoszeniem", MIN_LEAD_DAYS, MAX_LEAD_DAYS)
DEADLINE_DAYS = Bound(
    "liczba dni przed terminem składania ofert", MIN_DEADLINE_DAYS, MAX_DEADLINE_DAYS
)


class SubscriberError(NotifierError):
    """A subscriber operation that cannot be done; the message (Polish) says why."""


class InvalidEmail(SubscriberError):
    """The address is empty, too long or not an email address (message in Polish)."""


class InvalidPreferences(SubscriberError):
    """Unknown topics or cities, lead days outside 1–60 or a deadline lead outside 1–14
    (Polish); `field` is "topic", "city", "lead_days" or "deadline_days"."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Preferences:
    """What a subscriber wants: topic slugs (None = every topic, never empty otherwise),
    lead times in days, each in 1..60, ascending, without repeats, how many days (1..14)
    before a call's termin składania ofert to be reminded of it, and `cities` the city ids
    whose tasks they want (None = every city, never empty otherwise)."""

    topics: frozenset[str] | None
    lead_days: tuple[int, ...]
    deadline_days: int = DEFAULT_DEADLINE_DAYS
    cities: frozenset[str] | None = None  # city ids; None = every city


def normalise_email(text: str) -> str:
    """The address as stored: trimmed, the domain IDNA-encoded (ASCII) where it can be.

    InvalidEmail (Polish message) when empty, longer than EMAIL_MAX characters, or not an
    address (no deliverability check: no network). Compare addresses with email_key().
    """
    text = text.strip()
    if not text:
        raise InvalidEmail(_("Prosimy podać adres e-mail."))
    if len(text) > EMAIL_MAX:
        raise InvalidEmail(
            tr_plural(
                EMAIL_MAX,
                "Adres e-mail jest za długi (najwyżej %(n)s znak).",
                "Adres e-mail jest za długi (najwyżej %(n)s znaki).",
                "Adres e-mail jest za długi (najwyżej %(n)s znaków).",
            )
            % {"n": EMAIL_MAX}
        )
    try:
        return normalised_address(text, ascii_only=True)
    except UnsendableAddress as exc:  # "żaneta@…": an address, but not one mail can go to
        raise InvalidEmail(str(exc)) from None
    except AddressError:
        raise InvalidEmail(
            _(
                "„%(address)s” nie jest poprawnym adresem e-mail. "
                "Prosimy sprawdzić, czy nie ma literówki."
            )
            % {"address": printable(text)}
        ) from None


def email_key(email: str) -> str:
    """The case-insensitive unique key of a normalised address."""
    return email.lower()


# Domains that deliver every spelling of a local part with dots added or removed to one inbox.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def mailbox_key(email: str) -> str:
    """The inbox a normalised address reaches, for counting emails per person (rate limits).

    Case-insensitive; a `+tag` (sub-addressing, RFC 5233) is dropped for every domain;
    Gmail ignores dots in the local part and treats googlemail.com as gmail.com. Used only
    to group, never to send: two addresses with one key may still be two people, who then
    share a limit — the safer side for a limit meant to stop flooding one inbox.
    """
    local, _, domain = email_key(email).rpartition("@")
    local = local.partition("+")[0] or local
    domain = domain.rstrip(".")
    if domain in _DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), _DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


TOPIC_RULE = N_(
    "Zaznaczenie konkretnych tematów oznacza przypomnienia tylko o nich (pole „Wszystkie "
    "tematy” jest wtedy pomijane). Samo to pole albo brak zaznaczonego tematu oznacza "
    "przypomnienia o wszystkich tematach."
)
"""The topic rule of parse_preferences, as the sign-up and the settings forms state it
(translate it where it is shown: `_(TOPIC_RULE)`)."""


def parse_preferences(
    schedule: Schedule,
    topics: Iterable[str],
    lead_days: Iterable[int | str],
    deadline_days: int | str | None = None,
) -> Preferences:
    """Validate topics against the schedule and lead days (1–60); InvalidPreferences in Polish.

    One rule for every form and the command line (TOPIC_RULE): specific topics win over
    "all" when both are given (a form whose "all" box stayed ticked); "all" alone, or no
    topic at all, means every topic. No lead day means 7; no deadline lead means 3 (days
    before a call's termin składania ofert, 1–14; field "deadline_days"). An unknown topic is
    named with the schedule's topic labels, never its internal slugs.
    """
    topic_list = [t.strip() for t in topics if t.strip()]
    if len(topic_list) > len(schedule.topics) + 1 or any(len(t) > TOPIC_MAX for t in topic_list):
        raise InvalidPreferences(_("Za dużo lub za długie wartości w polu tematów."), field="topic")
    specific = [canonical_topic(t) for t in topic_list if t != ALL]
    unknown = sorted({t for t in specific if t not in schedule.topics})
    if unknown:
        names = ", ".join(quoted(printable(t)) for t in unknown)
        message = tr_plural(
            len(unknown),
            "Tematu %(names)s nie ma w harmonogramie (mógł zostać usunięty). "
            "Prosimy wybrać spośród: %(known)s.",
            "Tematów %(names)s nie ma w harmonogramie (mógł zostać usunięty). "
            "Prosimy wybrać spośród: %(known)s.",
            "Tematów %(names)s nie ma w harmonogramie (mógł zostać usunięty). "
            "Prosimy wybrać spośród: %(known)s.",
        )
        raise InvalidPreferences(
            message % {"names": names, "known": ", ".join(schedule.topics.values())},
            field="topic",
        )
    chosen = frozenset(specific) if specific else None

    day_list = list(lead_days)
    if len(day_list) > MAX_LEAD_DAYS:
        raise InvalidPreferences(
            _("Za dużo wartości w polu „ile dni wcześniej”."), field="lead_days"
        )
    days: set[int] = set()
    for value in day_list:
        number = whole_number(str(value), 4)  # ASCII digits: int() takes "٣" for 3
        if number is None or not MIN_LEAD_DAYS <= number <= MAX_LEAD_DAYS:
            raise InvalidPreferences(
                _(
                    "Liczba dni przed ogłoszeniem musi być liczbą od %(min)s do %(max)s "
                    "(podano: „%(given)s”)."
                )
                % {
                    "min": MIN_LEAD_DAYS,
                    "max": MAX_LEAD_DAYS,
                    "given": printable(str(value), limit=20),
                },
                field="lead_days",
            )
        days.add(number)
    return Preferences(
        chosen, tuple(sorted(days)) or DEFAULT_LEAD_DAYS, _deadline_days(deadline_days)
    )


def parse_cities(known: Mapping[str, str], cities: Iterable[str]) -> frozenset[str] | None:
    """The chosen city ids (None: none chosen, every city); `known` maps id -> name.
    InvalidPreferences (field "city", Polish) names an unknown one and lists the cities."""
    chosen = [c.strip() for c in cities if c.strip()]
    if len(chosen) > len(known) or any(len(c) > TOPIC_MAX for c in chosen):
        raise InvalidPreferences(_("Za dużo lub za długie wartości w polu miast."), field="city")
    unknown = sorted({c for c in chosen if c not in known})
    if unknown:
        names = ", ".join(quoted(printable(c)) for c in unknown)
        listed = (
            ", ".join(known.values())
            if len(known) <= 20
            else tr_plural(len(known), "%(n)s miasto", "%(n)s miasta", "%(n)s miast")
            % {"n": len(known)}
        )
        message = tr_plural(
            len(unknown),
            "Miasta %(names)s nie ma w serwisie. Prosimy wybrać spośród: %(known)s.",
            "Miast %(names)s nie ma w serwisie. Prosimy wybrać spośród: %(known)s.",
            "Miast %(names)s nie ma w serwisie. Prosimy wybrać spośród: %(known)s.",
        )
        raise InvalidPreferences(message % {"names": names, "known": listed}, field="city")
    return frozenset(chosen) or None


def _deadline_days(value: int | str | None) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return DEFAULT_DEADLINE_DAYS
    text = str(value).strip()
    number = whole_number(text, 2)
    if number is None or number not in DEADLINE_DAYS_RANGE:
        raise InvalidPreferences(
            _(
                "Liczba dni przed terminem składania ofert musi być liczbą od %(min)s do %(max)s "
                "(podano: „%(given)s”)."
            )
            % {
                "min": MIN_DEADLINE_DAYS,
                "max": MAX_DEADLINE_DAYS,
                "given": printable(text, limit=20),
            },
            field="deadline_days",
        )
    return number
