"""The choices a confirmation link confirms: those its email described, stored with its token.

A pending address's settings can be changed by anyone who types the address into the form
(the form cannot know who is typing); each sign-up email describes the choices of the moment
it was written, so its confirm link carries exactly those, and confirming applies them. The
owner's link then confirms what the owner read, whatever a later sign-up left meanwhile
(blind round 37, M18). Tokens minted before this have no choices stored: they confirm the
address's current settings, as they did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, update

from notifier.core.language import LANGUAGES, POLISH
from notifier.core.preferences import Preferences
from notifier.store.models import CONFIRM, Subscriber, SubscriberToken
from notifier.store.tokens import hash_token


@dataclass(frozen=True)
class Choices:
    """A sign-up's choices: the preferences, whether cities were ever placed (None: from
    before cities, as Subscriber.all_cities), and the language of its emails."""

    prefs: Preferences
    placed: bool
    language: str


def choices_text(subscriber: Subscriber) -> str:
    """The subscriber's current choices, as stored with a confirm token (JSON)."""
    topics = subscriber.topic_slugs
    cities = subscriber.city_ids
    return json.dumps(
        {
            "topics": None if topics is None else sorted(topics),
            "cities": None if cities is None else sorted(cities),
            "placed": subscriber.all_cities is not None,
            "lead_days": list(subscriber.lead_day_values),
            "deadline_days": subscriber.deadline_days,
            "language": subscriber.language,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def read_choices(text: str) -> Choices:
    """The choices choices_text wrote."""
    data = json.loads(text)
    topics, cities = data["topics"], data["cities"]
    language = data["language"] if data["language"] in LANGUAGES else POLISH
    prefs = Preferences(
        topics=None if topics is None else frozenset(topics),
        lead_days=tuple(int(d) for d in data["lead_days"]),
        deadline_days=int(data["deadline_days"]),
        cities=None if cities is None else frozenset(cities),
    )
    return Choices(prefs, bool(data["placed"]), language)


def bind_choices(connection: Connection, token: str, subscriber: Subscriber) -> None:
    """Store the subscriber's current choices with this (just minted) confirm token."""
    connection.execute(
        update(SubscriberToken)
        .where(SubscriberToken.token_hash == hash_token(token), SubscriberToken.purpose == CONFIRM)
        .values(choices=choices_text(subscriber))
    )
