"""What a process that serves or sends looks at before it starts, beyond the settings' own
checks (blind10a M12): the Maildir outbox it will write every email into, made as the outbox
makes it and written once — a path that cannot be created or written (/proc/outbox, a file,
a read-only folder) stops start-up with one Polish line naming NOTIFIER_OUTBOX, instead of a
service whose sign-up page says "Wysłaliśmy wiadomość" while every email fails."""

from __future__ import annotations

from notifier.files.reading import shown_path
from notifier.mail.outbox_probe import outbox_problem
from notifier.settings import Settings, SettingsError


def check_mail_place(settings: Settings) -> None:
    """SettingsError (as load_settings words it) when the emails of this process would have
    nowhere to go: with no NOTIFIER_SMTP_URL, an outbox that cannot be written."""
    if settings.smtp_url is not None:
        return
    problem = outbox_problem(settings.outbox)
    if problem is not None:
        raise SettingsError(
            f"Błędna konfiguracja:\n  NOTIFIER_OUTBOX={shown_path(settings.outbox)}: {problem}"
        )
