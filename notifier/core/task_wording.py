"""A task's details in the reader's language, one line each, as the calendar, the page and emails show them."""

from __future__ import annotations

from notifier.core.language import gettext as _
from notifier.core.polish import format_amount
from notifier.core.schedule import Mode, Task


def task_details(task: Task, *, with_url: bool = True) -> list[str]:
    """What a reader needs beyond the title, one Polish line each (none for a plain task).

    Without `with_url` the page's address is left out, for views that link the title to it.
    """
    out = []
    if task.mode != Mode.KONKURS:
        out.append(_("Tryb: %(mode)s") % {"mode": task.mode.label})
    if task.amount is not None or task.amount_note:
        amount = format_amount(task.amount) if task.amount is not None else ""
        amounts = " – ".join(p for p in (amount, task.amount_note) if p)
        out.append(_("Planowana kwota: %(amount)s") % {"amount": amounts})
    if task.realization is not None:
        out.append(_("Realizacja: %(period)s") % {"period": task.realization.text})
    if task.period.note:
        out.append(_("Uwaga do terminu: %(note)s") % {"note": task.period.note})
    if task.url and with_url:
        out.append(_("Strona: %(url)s") % {"url": task.url})
    if task.contact:
        out.append(_("Kontakt: %(contact)s") % {"contact": task.contact.describe()})
    return out
