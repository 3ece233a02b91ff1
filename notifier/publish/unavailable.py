"""The pages nginx shows while the app is down (502, 503, 504), published as files.

contrib/nginx/notifier.conf answers a request the app should have answered (the sign-up form,
a token link, a view with a query, a path not published) with one of these when the app
cannot be reached: `.notifier-unavailable/pl.html`, `en.html` or `uk.html`, chosen as the
app chooses a page's language (?lang=, the `lang` cookie, else the first of
Accept-Language; the office area always Polish). Each page says the same in the other two
languages below, so a guess nginx gets wrong still reads.

nginx shows the page also for a form it could not deliver, or whose answer did not come in
time: the form may or may not have gone through (blind 10b, F4), so the page says so and
that sending it again is safe — the app does nothing for a client that has gone, a second
sign-up of the same address adds nothing, and the office is told of a call already saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from notifier.core.language import LANGUAGES
from notifier.core.language import gettext as _
from notifier.i18n import speaking
from notifier.templating import environment
from notifier.web.security import with_policy_meta

FOLDER = ".notifier-unavailable"  # under the published directory; a dot: not the site's


@dataclass(frozen=True)
class Wording:
    """The page's heading and message in one language."""

    code: str
    heading: str
    message: str
    form: str  # what to do about a form just sent


def _wording(code: str) -> Wording:
    with speaking(code):
        return Wording(
            code,
            _("Serwis chwilowo niedostępny"),
            _(
                "Tej strony nie można teraz wyświetlić: serwis jest chwilowo niedostępny "
                "(na przykład w trakcie aktualizacji). Prosimy spróbować ponownie za kilka "
                "minut. Harmonogramy i kalendarze do subskrypcji są dostępne nadal."
            ),
            _(
                "Jeśli właśnie wysłali Państwo formularz, mógł on zostać przyjęty albo nie. "
                "Można go bezpiecznie wysłać ponownie za kilka minut: ponowny zapis tego samego "
                "adresu niczego nie podwaja (najwyżej przyjdzie drugi e-mail z linkiem "
                "potwierdzającym – wystarczy kliknąć którykolwiek), ustawienia zapisane drugi "
                "raz pozostają takie same, a ogłoszenie zapisane już w biurze formularz wskaże "
                "jako istniejące."
            ),
        )


def unavailable_pages() -> dict[str, bytes]:
    """Each page's file name under the published directory ("FOLDER/pl.html") and its
    UTF-8 HTML, one per language of LANGUAGES."""
    words = {code: _wording(code) for code in LANGUAGES}
    pages = {}
    for code in LANGUAGES:
        with speaking(code):
            html = (
                environment()
                .get_template("unavailable.html.j2")
                .render(
                    heading=words[code].heading,
                    message=words[code].message,
                    form=words[code].form,
                    others=[words[other] for other in LANGUAGES if other != code],
                )
            )
        pages[f"{FOLDER}/{code}.html"] = with_policy_meta(html).encode()
    return pages
