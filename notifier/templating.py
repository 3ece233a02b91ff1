"""Find the jinja2 templates (repo `templates/`, or `notifier/templates` inside a wheel).

Templates mark their texts with `_("…")` (new-style gettext: `_("Oferty do %(day)s", day=d)`,
escaped in HTML) and counts with `tr_plural(n, one, few, many)`; both write in the language
the caller is speaking (`notifier.i18n.speaking`), Polish by default.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from notifier.core import language
from notifier.core.input_rules import without_forbidden_chars

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    """`notifier/templates` in an installed wheel, else `templates/` of the source checkout."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("templates directory not found next to the notifier package")


@cache
def environment() -> Environment:
    """One shared environment; HTML templates are autoescaped, text ones are not."""
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        finalize=without_controls,
    )
    env.install_gettext_translations(_CurrentTranslations(), newstyle=True)  # type: ignore[attr-defined]
    env.globals["tr_plural"] = language.tr_plural
    env.globals["current_language"] = language.current_language
    return env


def without_controls(value: object) -> object:
    """Every value a template writes, without control characters (C0 but tab and line
    breaks, DEL, C1; notifier.core.input_rules): a value a form sends back, a file's name, an
    error quoting what was typed — no page or email carries a BEL or an ESC sequence."""
    if isinstance(value, str):
        cleaned, removed = without_forbidden_chars(value)
        if removed:
            return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


class _CurrentTranslations:
    """The translations of the language being spoken when a template renders."""

    def gettext(self, message: str) -> str:
        return language.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return language.tr_plural(n, singular, plural, plural)
