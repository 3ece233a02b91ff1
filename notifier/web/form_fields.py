"""The fields of the site's forms as their users see them (blind 10b, M4 and M28).

A refusal names a field by the label on the page ("Dzień ogłoszenia"), never by the name it
is sent under ("published"); a field without a label (a hidden one) is not named at all.
The lead days of the sign-up and settings forms are the boxes the page offers, not any
number the rule of the command line allows: `lead_days=1…60` sent by hand would mean up to
60 reminders per task.
"""

from __future__ import annotations

from collections.abc import Collection

from notifier.core.echo import printable
from notifier.core.input_rules import whole_number
from notifier.core.language import N_, quoted
from notifier.core.language import gettext as _
from notifier.core.preferences import LEAD_DAYS_RANGE, InvalidPreferences
from notifier.web.pages import LEAD_DAY_CHOICES

# The pages' own labels: translated where the page is (sign-up, settings), as they are
# where it is Polish only (the office area).
_TRANSLATED = {
    "email": N_("Adres e-mail"),
    "deadline_days": N_("Przypomnienie o terminie składania ofert, gdy konkurs zostanie ogłoszony"),
    "language": N_("Język wiadomości e-mail"),
    "lead_days": N_("Przypomnienia przed planowanym ogłoszeniem – można zaznaczyć kilka"),
}
_OFFICE = {
    "published": "Dzień ogłoszenia",
    "deadline": "Termin składania ofert",
    "url": "Adres ogłoszenia",
    "amount": "Kwota w zł",
    "title": "Nazwa ogłoszenia",
    "results_date": "Dzień ogłoszenia wyników",
    "results_url": "Adres ogłoszenia wyników",
    "document": "Dokument",
    "year": "Rok harmonogramu",
    "as_of": "Stan na dzień",
    "source_url": "Adres dokumentu w BIP",
}


def field_label(name: str) -> str | None:
    """The label a form's field has on its page, None for a field without one."""
    if name in _TRANSLATED:
        return _(_TRANSLATED[name])
    return _OFFICE.get(name)


def repeated_field_message(name: str | None) -> str:
    """The refusal of a field sent twice, naming it as the page does (None: a hidden one)."""
    label = None if name is None else field_label(name)
    if label is None:
        return _(
            "Jedno z ukrytych pól formularza przyszło więcej niż raz – prosimy wysłać "
            "formularz ponownie ze strony; nic nie zapisano."
        )
    return _(
        "Pole %(name)s przyszło w formularzu więcej niż raz – prosimy wysłać formularz "
        "ponownie ze strony; nic nie zapisano."
    ) % {"name": quoted(label)}


def lead_days_problem(sent: list[str], offered: Collection[int]) -> str | None:
    """Why the lead days sent are not the boxes `offered` (the first one that is not), else
    None; values the 1–60 rule refuses are left to it (parse_preferences)."""
    for value in sent:
        number = whole_number(value.strip(), 4)
        if number in LEAD_DAYS_RANGE and number not in offered:
            choices = ", ".join(str(days) for days in sorted(offered))
            return _(
                "W polu %(label)s można zaznaczyć tylko podane możliwości: %(choices)s dni "
                "wcześniej (podano: „%(given)s”)."
            ) % {
                "label": quoted(_(_TRANSLATED["lead_days"]).split(" – ")[0]),
                "choices": choices,
                "given": printable(value, limit=20),
            }
    return None


def require_offered_lead_days(form: dict[str, list[str]], current: Collection[int]) -> None:
    """InvalidPreferences (field "lead_days") for a lead day the settings form does not offer:
    its boxes are the sign-up's and the subscriber's `current` days."""
    problem = lead_days_problem(form.get("lead_days", []), {*LEAD_DAY_CHOICES, *current})
    if problem is not None:
        raise InvalidPreferences(problem, field="lead_days")
