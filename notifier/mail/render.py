"""Render an email's subject, text body and HTML body from one named template set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from notifier.core.language import POLISH, current_language
from notifier.templating import environment


@dataclass(frozen=True)
class RenderedEmail:
    """An email's three parts from its templates: subject, plain text and HTML; `language`
    the code ("pl", "en", "uk") they were rendered in (the Content-Language header)."""

    subject: str
    text: str
    html: str
    language: str = POLISH


def render_email(kind: str, **context: Any) -> RenderedEmail:
    """Render templates/emails/<kind>.subject.j2, <kind>.txt.j2 and <kind>.html.j2."""
    env = environment()
    subject = env.get_template(f"emails/{kind}.subject.j2").render(**context)
    return RenderedEmail(
        subject=" ".join(subject.split()),  # one line, however the template wraps it
        text=env.get_template(f"emails/{kind}.txt.j2").render(**context),
        html=env.get_template(f"emails/{kind}.html.j2").render(**context),
        language=current_language(),
    )
