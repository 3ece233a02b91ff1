"""The language of the pages an email's link opens (/confirm, /manage, /unsubscribe): the
subscriber's own when neither ?lang= nor the `lang` cookie chooses one (a link copied without
its query, a Polish email's link after they chose Ukrainian), and every form of those pages
posts back with ?lang= so its answer stays in that language (blind round 37, M5)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from notifier.core.language import LANGUAGES, current_language
from notifier.web.language import COOKIE, request_language


def chosen_by_visitor(request: Request) -> bool:
    """Whether ?lang= (or a /en/-style address) or the `lang` cookie chose the language."""
    _lang, asked = request_language(request.scope)
    return asked or request.cookies.get(COOKIE) in LANGUAGES


def in_their_language(request: Request, language: str) -> RedirectResponse | None:
    """A redirect to this GET address with ?lang=`language` (the subscriber's) when nothing
    the visitor sent chose one and the page would otherwise answer in another; else None."""
    if language not in LANGUAGES or language == current_language():
        return None
    if chosen_by_visitor(request):
        return None
    return RedirectResponse(f"{request.url.path}?lang={language}", status_code=303)


def posting_to(path: str) -> str:
    """A form's action: `path` with the page's language, so the answer speaks it too."""
    return f"{path}?lang={current_language()}"
