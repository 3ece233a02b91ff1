"""A POST to the settings page that is not its form — empty, an unknown action, a client's
one-click unsubscribe sent to the wrong address, a language not offered — changes nothing
and says what is wrong, in the page's language (blind round six, F7). Real ASGI app, real
SQLite, real SMTP server."""

from __future__ import annotations

import pytest
from subscribe_site import SELECTS, Site, confirmed_manage_path

from notifier.store.models import ACTIVE
from notifier.store.subscribers import find_by_email

pytestmark = pytest.mark.anyio

EMAIL = "biuro@fundacja.example.org"
CHOSEN = {"topic": ["seniorzy"], "lead_days": ["14", "30"], "deadline_days": "5", "language": "uk"}
FORM = "application/x-www-form-urlencoded"
LABELS = {
    "deadline_days": "Przypomnienie o terminie składania ofert, gdy konkurs zostanie ogłoszony",
    "language": "Język wiadomości e-mail",
}


def _settings(site: Site) -> tuple[object, ...]:
    with site.db.session() as session:
        subscriber = find_by_email(session, EMAIL)
        assert subscriber is not None
        return (
            subscriber.topic_slugs,
            subscriber.lead_day_values,
            subscriber.deadline_days,
            subscriber.language,
            subscriber.state,
        )


async def _chosen(site: Site) -> str:
    path = await confirmed_manage_path(site)
    saved = await site.client.post(path, data=CHOSEN)
    assert saved.status_code == 200
    assert _settings(site) == (frozenset({"seniorzy"}), (14, 30), 5, "uk", ACTIVE)
    return path


@pytest.mark.parametrize(
    "body",
    [
        "",
        "action=frobnicate",
        "List-Unsubscribe=One-Click",
        "topic=sport",
        "topic=sport&lead_days=7&deadline_days=3",
        "deadline_days=3&language=pl&action=save",
        "x=1",
    ],
)
async def test_a_post_that_is_not_the_settings_form_changes_nothing_and_says_so(
    site: Site, body: str
) -> None:
    path = await _chosen(site)
    refused = await site.client.post(path, content=body, headers={"Content-Type": FORM})
    assert refused.status_code == 400
    assert "Zapisano ustawienia" not in refused.text
    assert "Formularz ustawień dotarł niepełny albo z nieznanym działaniem" in refused.text
    assert "Nic nie zostało zmienione." in refused.text
    assert 'name="topic" value="seniorzy" checked' in refused.text  # the settings as they are
    assert _settings(site) == (frozenset({"seniorzy"}), (14, 30), 5, "uk", ACTIVE)


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("action=unsubscribe&action=frobnicate", "action"),
        ("action=unsubscribe&action=unsubscribe", "action"),
        ("deadline_days=3&deadline_days=4&language=pl&lead_days=7", "deadline_days"),
        ("deadline_days=3&language=pl&language=en&lead_days=7", "language"),
    ],
)
async def test_a_field_sent_twice_changes_nothing_and_names_the_field(
    site: Site, body: str, name: str
) -> None:
    """m5 (issue 25): a repeated single-valued field is refused by the one rule of every form
    (notifier.web.signup_forms.REPEATABLE_FIELDS), naming it; the settings stay as they are
    (a repeated "unsubscribe" too: no page sends it twice)."""
    path = await _chosen(site)
    refused = await site.client.post(path, content=body, headers={"Content-Type": FORM})
    assert refused.status_code == 400
    if name in LABELS:  # M28: named by its label on the page, never as the form sends it
        assert f"Pole „{LABELS[name]}” przyszło w formularzu więcej niż raz" in refused.text
    else:  # a hidden field has no name the reader would know
        assert "Jedno z ukrytych pól formularza przyszło więcej niż raz" in refused.text
    assert f"„{name}”" not in refused.text
    assert _settings(site) == (frozenset({"seniorzy"}), (14, 30), 5, "uk", ACTIVE)


async def test_a_language_not_offered_is_refused_naming_the_field(site: Site) -> None:
    path = await _chosen(site)
    refused = await site.client.post(path, data={**CHOSEN, "language": "xx"})
    assert refused.status_code == 400
    assert 'aria-describedby="manage-language-error"' in refused.text
    assert "Nie ma takiego języka wiadomości" in refused.text
    assert _settings(site) == (frozenset({"seniorzy"}), (14, 30), 5, "uk", ACTIVE)


@pytest.mark.parametrize("unticked", [[], [""]])
async def test_every_lead_day_unticked_is_refused_by_the_field_not_saved_as_seven(
    site: Site, unticked: list[str]
) -> None:
    """m12 (blind 8b): the boxes show the subscriber's choice, so unticking them all is a
    decision; it was saved as the sign-up's default of 7 days without a word."""
    path = await _chosen(site)
    refused = await site.client.post(path, data={**CHOSEN, "lead_days": unticked})
    assert refused.status_code == 400
    assert 'aria-describedby="manage-lead_days-error"' in refused.text
    assert "Prosimy zaznaczyć co najmniej jeden termin przypomnienia przed ogłoszeniem" in (
        refused.text
    )
    assert "bez zaznaczenia" not in refused.text
    assert _settings(site) == (frozenset({"seniorzy"}), (14, 30), 5, "uk", ACTIVE)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "The settings form arrived incomplete or with an unknown action"),
        ("uk", "Форма налаштувань надійшла неповною або з невідомою дією"),
    ],
)
async def test_the_refusal_speaks_the_pages_language(site: Site, lang: str, said: str) -> None:
    path = await _chosen(site)
    refused = await site.client.post(
        f"{path}?lang={lang}", content="", headers={"Content-Type": FORM}
    )
    assert refused.status_code == 400
    assert said in refused.text
    assert _settings(site) == (frozenset({"seniorzy"}), (14, 30), 5, "uk", ACTIVE)


async def test_the_whole_form_and_the_unsubscribe_button_still_work(site: Site) -> None:
    path = await _chosen(site)
    everything = await site.client.post(
        path, data={"topic": ["sport"], "lead_days": ["7"], **SELECTS}
    )
    assert everything.status_code == 200
    assert "Zapisano ustawienia." in everything.text
    assert _settings(site) == (frozenset({"sport"}), (7,), 3, "pl", ACTIVE)
    left = await site.client.post(
        path, content="action=unsubscribe", headers={"Content-Type": FORM}
    )
    assert left.status_code == 200
    assert _settings(site)[-1] == "unsubscribed"


@pytest.mark.parametrize(
    "lead_days",
    [["5"], ["7", "21"], [str(days) for days in range(1, 61)]],
    ids=["five", "seven-and-21", "all-sixty"],
)
async def test_lead_days_the_page_does_not_offer_are_refused_naming_the_field(
    site: Site, lead_days: list[str]
) -> None:
    """Blind 10b, M4: the boxes are 1, 3, 7, 14 and 30 days (and the subscriber's own, set
    by the office's command line); any other number of 1–60 sent by hand is refused."""
    path = await _chosen(site)
    refused = await site.client.post(path, data={**CHOSEN, "lead_days": lead_days})
    assert refused.status_code == 400
    assert 'aria-describedby="manage-lead_days-error"' in refused.text
    assert "W polu „Przypomnienia przed planowanym ogłoszeniem” można zaznaczyć tylko" in (
        refused.text
    )
    assert "1, 3, 7, 14, 30 dni wcześniej" in refused.text
    assert _settings(site) == (frozenset({"seniorzy"}), (14, 30), 5, "uk", ACTIVE)
