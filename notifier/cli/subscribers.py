"""`notifier subscribers add|list|remove`: the office's list of subscribers on the command
line (an address added in person, the table, an address unsubscribed)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import UTC, datetime

from notifier.cli.common import catalog_of, database
from notifier.core.errors import NotifierError
from notifier.settings import Settings


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier subscribers add`: an active subscriber at once (consent given in person)."""
    from notifier.core.catalog import cities_choice_text
    from notifier.core.placement import catalog_view, chosen_cities
    from notifier.core.polish import count_days
    from notifier.core.preferences import (
        InvalidPreferences,
        normalise_email,
        parse_preferences,
    )
    from notifier.core.signup_content import lead_days_text, topics_text
    from notifier.store.models import UNSUBSCRIBED
    from notifier.store.subscribers import add_active, find_by_email, local_date

    catalog = catalog_of(settings)
    schedule = catalog_view(catalog)
    email = normalise_email(args.email)
    try:
        prefs = parse_preferences(schedule, args.topic, args.lead_days, args.deadline_days)
        cities = chosen_cities(catalog, args.city)
    except InvalidPreferences as exc:
        if exc.field == "city":
            ids = ", ".join(c.city_id for c in catalog.cities())
            raise NotifierError(f"{exc}\nIdentyfikatory dla --city: {ids}") from None
        if exc.field != "topic":
            raise
        # On the command line topics are given by slug: list them too.
        raise NotifierError(f"{exc}\nSlugi dla --topic: {', '.join(schedule.topics)}") from None
    prefs = replace(prefs, cities=cities)
    with database(settings) as db, db.session() as session:
        known = find_by_email(session, email)
        left_on = None
        if known is not None and known.state == UNSUBSCRIBED and known.unsubscribed_at:
            left_on = local_date(known.unsubscribed_at)
        email = add_active(session, email, prefs, datetime.now(UTC)).email
    if left_on is not None:
        done = f"Ponownie zapisano {email} (wypisany {left_on}) jako aktywnego subskrybenta"
    elif known is not None:
        done = f"Zaktualizowano aktywnego subskrybenta {email}"
    else:
        done = f"Dodano aktywnego subskrybenta {email}"
    where = cities_choice_text([(c.city_id, c.name) for c in catalog.cities()], prefs.cities)
    print(
        f"{done}: {f'{where}; ' if where else ''}{topics_text(schedule, prefs.topics)}; "
        f"przypomnienie {lead_days_text(prefs.lead_days)} przed ogłoszeniem, "
        f"{count_days(prefs.deadline_days)} przed terminem składania ofert."
    )
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier subscribers` / `subscribers list`: every subscriber as a table (Polish)."""
    from notifier.store.subscribers import format_table, list_all

    with database(settings, create=False) as db, db.session() as session:
        print(format_table(list_all(session)))
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    """`notifier subscribers remove`: unsubscribe an address (kept in the delivery log)."""
    from notifier.core.preferences import normalise_email
    from notifier.store.models import UNSUBSCRIBED
    from notifier.store.subscribers import find_by_email, local_date, remove

    email = normalise_email(args.email)
    with database(settings) as db, db.session() as session:
        known = find_by_email(session, email)
        if known is not None and known.state == UNSUBSCRIBED:
            when = f" {local_date(known.unsubscribed_at)}" if known.unsubscribed_at else ""
            print(f"{known.email} był już wypisany{when} – nic nie zmieniono.")
            return 0
        subscriber = remove(session, email, datetime.now(UTC))
        print(f"Wypisano {subscriber.email} (dane zostają w rejestrze wysyłek).")
    return 0
