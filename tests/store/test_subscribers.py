"""Subscriber store: addresses, preferences, tokens, confirm/unsubscribe, delivery log, limits."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from notifier.core.preferences import (
    InvalidEmail,
    InvalidPreferences,
    Preferences,
    normalise_email,
    parse_preferences,
)
from notifier.core.schedule import Schedule
from notifier.store.db import Database
from notifier.store.models import (
    ACTIVE,
    MANAGE,
    PENDING,
    UNSUBSCRIBE,
    UNSUBSCRIBED,
    Subscriber,
    SubscriberToken,
)
from notifier.store.ratelimit import Limits, count, over_limit
from notifier.store.subscribers import (
    TokenError,
    TokenUsed,
    UnknownSubscriber,
    add_active,
    confirm,
    find_by_email,
    format_table,
    list_all,
    mint_token,
    remove,
    request_subscription,
    subscriber_for_token,
    unsubscribe_with_token,
)

NOW = datetime(2024, 4, 24, 6, 0, tzinfo=UTC)
SPORT = Preferences(frozenset({"sport"}), (7,))


def test_addresses_are_normalised_and_compared_case_insensitively(db: Database) -> None:
    assert normalise_email("  Jan.Kowalski@EXAMPLE.org ") == "Jan.Kowalski@example.org"
    with db.session() as session:
        request_subscription(session, "Jan.Kowalski@Example.org", SPORT, NOW)
    with db.session() as session:
        again = request_subscription(session, "jan.kowalski@example.ORG", SPORT, NOW)
        assert len(list_all(session)) == 1
        assert again.subscriber.email == "Jan.Kowalski@example.org"


@pytest.mark.parametrize(
    "bad", ["", "jan", "jan@", "@example.org", "jan kowalski@example.org", "a" * 250 + "@ex.pl"]
)
def test_invalid_addresses_are_refused_in_polish(bad: str) -> None:
    with pytest.raises(InvalidEmail, match=r"(?i)adres|Podaj"):
        normalise_email(bad)


def test_an_invisible_character_in_a_refused_address_is_shown_by_its_code_point() -> None:
    """blind4 n10: "a\u200b@b.pl" was refused quoting „a@b.pl”, an address that looks valid."""
    for bad, shown in (("a\u200b@b.pl", "a⟨U+200B⟩@b.pl"), ("a\u202e@b.pl", "a⟨U+202E⟩@b.pl")):
        with pytest.raises(InvalidEmail) as caught:
            normalise_email(bad)
        assert f"„{shown}”" in str(caught.value)


def test_preferences_default_to_every_topic_and_seven_days(leszno: Schedule) -> None:
    assert parse_preferences(leszno, [], []) == Preferences(None, (7,))
    assert parse_preferences(leszno, ["all"], ["1"]) == Preferences(None, (1,))
    assert parse_preferences(leszno, ["sport", "seniorzy"], ["14", "1", "14"]) == Preferences(
        frozenset({"sport", "seniorzy"}), (1, 14)
    )


@pytest.mark.parametrize(
    "topics", [["all", "sport"], ["sport", "all"], ["all", "sport", "all", "seniorzy"]]
)
def test_specific_topics_win_over_all_when_both_are_sent(
    leszno: Schedule, topics: list[str]
) -> None:
    """The page's "Wszystkie tematy" box stays ticked when someone also ticks "Sport"."""
    expected = frozenset(t for t in topics if t != "all")
    assert parse_preferences(leszno, topics, []).topics == expected


def test_echoed_input_has_no_control_characters(leszno: Schedule) -> None:
    with pytest.raises(InvalidEmail) as bad_email:
        normalise_email("jan\x00\x1b[31m\u202e@example.org")
    assert "jan⟨U+0000⟩⟨U+001B⟩[31m⟨U+202E⟩@example.org" in str(bad_email.value)
    with pytest.raises(InvalidPreferences) as bad_days:
        parse_preferences(leszno, [], ["7\x00"])
    with pytest.raises(InvalidPreferences) as bad_topic:
        parse_preferences(leszno, ["pi\x07lka"], [])
    for message in (str(bad_email.value), str(bad_days.value), str(bad_topic.value)):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in message)


def test_too_long_an_address_counts_characters_in_polish() -> None:
    with pytest.raises(InvalidEmail, match=r"najwyżej 254 znaki\)"):
        normalise_email("a" * 300 + "@example.org")


@pytest.mark.parametrize(
    ("topics", "days", "message"),
    [
        (
            ["pilka-nozna"],
            [],
            "Tematu „pilka-nozna” nie ma w harmonogramie .* spośród: Pomoc społeczna, Rodzina,",
        ),
        ([], ["0"], "od 1 do 60"),
        ([], ["61"], "od 1 do 60"),
        ([], ["siedem"], "od 1 do 60"),
        ([], ["9" * 5000], "od 1 do 60"),
        ([], ["٣"], "od 1 do 60"),  # int() reads Arabic-Indic 3: a number is ASCII digits
        ([], ["５"], "od 1 do 60"),
        ([], ["²"], "od 1 do 60"),
        (["x" * 500], [], "Za dużo lub za długie"),
        (["sport"] * 100, [], "Za dużo lub za długie"),
        ([], ["7"] * 61, "Za dużo wartości"),
    ],
)
def test_bad_preferences_are_refused_in_polish(
    leszno: Schedule, topics: list[str], days: list[str], message: str
) -> None:
    with pytest.raises(InvalidPreferences, match=message):
        parse_preferences(leszno, topics, days)


def test_sign_up_then_confirm_makes_the_subscriber_active(db: Database) -> None:
    with db.session() as session:
        subscriber = request_subscription(session, "ngo@example.org", SPORT, NOW).subscriber
        assert subscriber.state == PENDING
        assert subscriber.consented_at == NOW
        token = mint_token(session, subscriber, "confirm", NOW)
    later = NOW + timedelta(hours=3)
    with db.session() as session:
        confirmed = confirm(session, token, later)
    with db.session() as session:
        stored = find_by_email(session, "ngo@example.org")
        assert stored is not None
        assert (stored.state, stored.confirmed_at) == (ACTIVE, later)
        assert stored.topic_slugs == frozenset({"sport"})
        assert stored.lead_day_values == (7,)
    assert confirmed.id == stored.id


def test_only_the_hash_of_a_token_is_stored(db: Database) -> None:
    with db.session() as session:
        subscriber = request_subscription(session, "ngo@example.org", SPORT, NOW).subscriber
        token = mint_token(session, subscriber, "confirm", NOW)
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM subscriber_tokens")).all()
    dumped = repr(rows)
    assert token not in dumped
    assert hashlib.sha256(token.encode()).hexdigest() in dumped
    assert len(token) >= 43


def test_a_confirm_link_works_once(db: Database) -> None:
    with db.session() as session:
        subscriber = request_subscription(session, "ngo@example.org", SPORT, NOW).subscriber
        token = mint_token(session, subscriber, "confirm", NOW)
    with db.session() as session:
        confirm(session, token, NOW)
    with pytest.raises(TokenUsed, match="został już użyty") as used, db.session() as session:
        confirm(session, token, NOW + timedelta(minutes=1))
    assert used.value.active
    with db.session() as session:
        remove(session, "ngo@example.org", NOW + timedelta(minutes=2))
    with pytest.raises(TokenUsed) as used_after_leaving, db.session() as session:
        subscriber_for_token(session, token, "confirm", NOW + timedelta(minutes=3))
    assert not used_after_leaving.value.active


def test_a_confirm_link_expires_after_seven_days(db: Database) -> None:
    with db.session() as session:
        subscriber = request_subscription(session, "ngo@example.org", SPORT, NOW).subscriber
        old = mint_token(session, subscriber, "confirm", NOW)
        fresh = mint_token(session, subscriber, "confirm", NOW)
    with pytest.raises(TokenError, match="wygasł"), db.session() as session:
        confirm(session, old, NOW + timedelta(days=7))
    with db.session() as session:
        assert (
            confirm(session, fresh, NOW + timedelta(days=7) - timedelta(seconds=1)).state == ACTIVE
        )


@pytest.mark.parametrize("token", ["", "nope", "x" * 5000, "ąę" * 10, "../../etc/passwd"])
def test_unknown_or_malformed_tokens_are_refused(db: Database, token: str) -> None:
    with pytest.raises(TokenError, match="nieprawidłowy"), db.session() as session:
        confirm(session, token, NOW)


def test_a_token_only_works_for_its_own_purpose(db: Database) -> None:
    with db.session() as session:
        subscriber = add_active(session, "ngo@example.org", SPORT, NOW)
        manage = mint_token(session, subscriber, MANAGE, NOW)
    with pytest.raises(TokenError), db.session() as session:
        unsubscribe_with_token(session, manage, NOW)
    with db.session() as session:
        assert subscriber_for_token(session, manage, MANAGE, NOW).state == ACTIVE


def test_unsubscribe_links_are_long_lived_reusable_and_idempotent(db: Database) -> None:
    with db.session() as session:
        subscriber = add_active(session, "ngo@example.org", SPORT, NOW)
        token = mint_token(session, subscriber, UNSUBSCRIBE, NOW)
    a_year_later = NOW + timedelta(days=365)
    with db.session() as session:
        assert unsubscribe_with_token(session, token, a_year_later).state == UNSUBSCRIBED
    with db.session() as session:
        again = unsubscribe_with_token(session, token, a_year_later + timedelta(days=1))
        assert again.unsubscribed_at == a_year_later


def test_a_sign_up_for_an_active_address_changes_nothing(db: Database) -> None:
    with db.session() as session:
        add_active(session, "ngo@example.org", SPORT, NOW)
    with db.session() as session:
        request = request_subscription(
            session, "NGO@example.org", Preferences(None, (1, 30)), NOW + timedelta(days=1)
        )
        assert request.already_active
    with db.session() as session:
        stored = find_by_email(session, "ngo@example.org")
        assert stored is not None
        assert (stored.state, stored.topic_slugs, stored.lead_day_values) == (
            ACTIVE,
            frozenset({"sport"}),
            (7,),
        )


def test_an_unsubscribed_address_can_sign_up_again(db: Database) -> None:
    with db.session() as session:
        add_active(session, "ngo@example.org", SPORT, NOW)
        remove(session, "ngo@example.org", NOW)
    with db.session() as session:
        request = request_subscription(session, "ngo@example.org", Preferences(None, (3,)), NOW)
        assert not request.already_active
        assert request.subscriber.state == PENDING
        assert request.subscriber.topic_slugs is None


def test_office_re_adding_an_unsubscribed_address_keeps_its_first_sign_up(db: Database) -> None:
    left = NOW + timedelta(days=3)
    back = NOW + timedelta(days=30)
    with db.session() as session:
        add_active(session, "ngo@example.org", SPORT, NOW)
        remove(session, "ngo@example.org", left)
    with db.session() as session:
        subscriber = add_active(session, "NGO@example.org", Preferences(None, (3,)), back)
    with db.session() as session:
        [stored] = list_all(session)
        assert stored.state == ACTIVE
        assert (stored.created_at, stored.consented_at, stored.confirmed_at) == (NOW, back, back)
        assert stored.unsubscribed_at is None
        assert stored.id == subscriber.id
        table = format_table([stored])
    assert "2024-04-24 08:00" in table.splitlines()[2]  # "zapisany": the first sign-up


def test_remove_keeps_the_row_and_unknown_addresses_get_a_clear_message(db: Database) -> None:
    with db.session() as session:
        add_active(session, "ngo@example.org", SPORT, NOW)
        remove(session, "NGO@example.org", NOW + timedelta(days=2))
    with (
        pytest.raises(UnknownSubscriber, match=r"Nie ma subskrybenta o adresie kto@example\.org"),
        db.session() as session,
    ):
        remove(session, "kto@example.org", NOW)
    with db.session() as session:
        [stored] = list_all(session)
        assert (stored.state, stored.unsubscribed_at) == (UNSUBSCRIBED, NOW + timedelta(days=2))


def test_topics_and_lead_days_are_stored_relationally(db: Database) -> None:
    with db.session() as session:
        add_active(
            session, "a@example.org", Preferences(frozenset({"sport", "seniorzy"}), (1, 7)), NOW
        )
        add_active(session, "b@example.org", Preferences(None, (14,)), NOW)
    with db.engine.connect() as connection:
        topics = connection.execute(
            text("SELECT topic FROM subscriber_topics ORDER BY topic")
        ).all()
        days = connection.execute(text("SELECT days FROM subscriber_lead_days ORDER BY days")).all()
        all_flags = connection.execute(
            text("SELECT email, all_topics FROM subscribers ORDER BY email")
        ).all()
    assert [t for (t,) in topics] == ["seniorzy", "sport"]
    assert [d for (d,) in days] == [1, 7, 14]
    assert [(e, bool(f)) for e, f in all_flags] == [
        ("a@example.org", False),
        ("b@example.org", True),
    ]


def test_the_office_table_is_polish_and_shows_every_subscriber(db: Database) -> None:
    with db.session() as session:
        add_active(session, "a@example.org", Preferences(frozenset({"sport"}), (1, 7)), NOW)
        request_subscription(session, "b@example.org", Preferences(None, (7,)), NOW)
        table = format_table(list_all(session))
    lines = table.splitlines()
    assert lines[0].split() == [
        "e-mail",
        "stan",
        "tematy",
        "dni",
        "zapisany",
        "potwierdzony",
        "wypisany",
    ]
    assert lines[2].split()[:4] == ["a@example.org", "aktywny", "sport", "1,"]
    assert "2024-04-24 08:00" in lines[2]  # Europe/Warsaw, summer time
    assert lines[3].split()[:4] == ["b@example.org", "oczekuje", "wszystkie", "7"]
    assert lines[-1] == "Razem: oczekuje 1, aktywny 1, wypisany 0"
    assert format_table([]) == "Brak subskrybentów."


def allow(session: Session, limits: Limits, now: datetime) -> str | None:
    """What the sign-up flow does with the limits: refuse over a limit, else count one."""
    scope = over_limit(session, limits, now)
    if scope is None:
        count(session, limits, now)
    return scope


def test_rate_limits_count_per_key_within_an_hour(db: Database) -> None:
    limits = [("client", "10.0.0.1", 3), ("address", "a@example.org", 2)]
    with db.session() as session:
        assert allow(session, limits, NOW) is None
        assert allow(session, limits, NOW + timedelta(minutes=1)) is None
        assert allow(session, limits, NOW + timedelta(minutes=2)) == "address"
        other = [("client", "10.0.0.1", 3), ("address", "b@example.org", 2)]
        assert allow(session, other, NOW + timedelta(minutes=3)) is None
        assert allow(session, other, NOW + timedelta(minutes=4)) == "client"
        # An hour after the first two, they no longer count.
        assert allow(session, limits, NOW + timedelta(minutes=61)) is None
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT key_hash FROM rate_limit_events")).all()
    assert "a@example.org" not in repr(stored)


def test_manage_tokens_never_expire(db: Database) -> None:
    with db.session() as session:
        subscriber = add_active(session, "a@example.org", SPORT, NOW)
        mint_token(session, subscriber, MANAGE, NOW)
    with db.session() as session:
        from notifier.store.models import SubscriberToken

        [row] = session.scalars(select(SubscriberToken)).all()
        assert (row.purpose, row.expires_at) == (MANAGE, None)


# --- concurrent requests: each state change is guarded in the database ---------------------
# Two sessions are interleaved by hand: A reads, B changes and commits, then A acts on what it
# read (and still holds, as a request in progress does). Each guarded UPDATE sees B's change;
# an unguarded one would let both win.


def _read_everything(session: object) -> list[object]:
    """What a request has loaded, kept alive (the session's identity map holds it weakly)."""
    assert isinstance(session, Session)
    return [*session.scalars(select(SubscriberToken)), *session.scalars(select(Subscriber))]


def _pending_with_confirm_token(db: Database) -> str:
    with db.session() as session:
        subscriber = request_subscription(session, "ngo@example.org", SPORT, NOW).subscriber
        return mint_token(session, subscriber, "confirm", NOW)


def test_two_concurrent_clicks_on_a_confirm_link_confirm_once(db: Database) -> None:
    token = _pending_with_confirm_token(db)
    first, second = NOW + timedelta(minutes=1), NOW + timedelta(minutes=2)
    with db.session() as a:
        seen = _read_everything(a)  # A has read the unused token
        with db.session() as b:
            confirm(b, token, first)
        with pytest.raises(TokenUsed) as lost:
            confirm(a, token, second)
        assert lost.value.active
        assert seen
    with db.session() as session:
        stored = find_by_email(session, "ngo@example.org")
        assert stored is not None
        assert (stored.state, stored.confirmed_at) == (ACTIVE, first)


def test_a_sign_up_racing_a_confirmation_does_not_make_the_subscriber_pending_again(
    db: Database,
) -> None:
    token = _pending_with_confirm_token(db)
    with db.session() as a:
        seen = _read_everything(a)  # A has read "pending"
        with db.session() as b:
            confirm(b, token, NOW + timedelta(minutes=1))
        request = request_subscription(a, "ngo@example.org", SPORT, NOW + timedelta(minutes=2))
        assert request.already_active
        assert request.subscriber.state == ACTIVE
        assert seen
    with db.session() as session:
        stored = find_by_email(session, "ngo@example.org")
        assert stored is not None
        assert stored.state == ACTIVE


def test_two_concurrent_unsubscribes_keep_the_first_moment(db: Database) -> None:
    with db.session() as session:
        subscriber = add_active(session, "ngo@example.org", SPORT, NOW)
        token = mint_token(session, subscriber, UNSUBSCRIBE, NOW)
    first, second = NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    with db.session() as a:
        seen = _read_everything(a)  # A has read "active"
        with db.session() as b:
            unsubscribe_with_token(b, token, first)
        assert unsubscribe_with_token(a, token, second).unsubscribed_at == first
        assert seen
    with db.session() as session:
        stored = find_by_email(session, "ngo@example.org")
        assert stored is not None
        assert (stored.state, stored.unsubscribed_at) == (UNSUBSCRIBED, first)
