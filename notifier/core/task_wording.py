"""A task's details in Polish, one line each, as the calendar, the page and emails show them."""

from __future__ import annotations

from notifier.core.polish import format_amount
from notifier.core.schedule import Mode, Task


def task_details(task: Task, *, with_url: bool = True) -> list[str]:
    """What a reader needs beyond the title, one Polish line each (none for a plain task).

    Without `with_url` the page's address is left out, for views that link the title to it.
    """
    out = []
    if task.mode != Mode.KONKURS:
        out.append(f"Tryb: {task.mode.label}")
    if task.amount is not None or task.amount_note:
        amount = format_amount(task.amount) if task.amount is not None else ""
        out.append("Planowana kwota: " + " – ".join(p for p in (amount, task.amount_note) if p))
    if task.realization is not None:
        out.append(f"Realizacja: {task.realization.text}")
    if task.period.note:
        out.append(f"Uwaga do terminu: {task.period.note}")
    if task.url and with_url:
        out.append(f"Strona: {task.url}")
    if task.contact:
        out.append(f"Kontakt: {task.contact.describe()}")
    return out
