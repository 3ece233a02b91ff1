"""Find the jinja2 templates (repo `templates/`, or `notifier/templates` inside a wheel)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

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
    return Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
