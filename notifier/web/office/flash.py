"""One-time office messages ("Zapisano.", "Cofnięto import harmonogramu 2027 …"): the request
that did the thing sets them on its redirect, and the page it leads to shows them once. They
live in a cookie signed with the visitor's session (HMAC of the page's address and the
message), never in the query string: a link anyone can send staff cannot make a page claim a
save or an undo that did not happen, nor echo a value of its own (blind round 8b, m22)."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from notifier.web.office.session import Visitor, drop_cookie, set_cookie

FLASH_COOKIE = "biuro_komunikat"
SAVED = "zapisano"
ALREADY_SAVED = "juz-zapisano"  # the same form sent again: its save had happened already
UNDONE = "cofnieto-"  # + the year whose import was undone


def _mac(who: Visitor, url: str, message: str) -> str:
    key = (who.session or "").encode()
    return hmac.new(key, f"{url}\0{message}".encode(), hashlib.sha256).hexdigest()


def redirect_with(request: Request, who: Visitor, url: str, message: str) -> RedirectResponse:
    """303 to `url`, whose page is to show `message` (SAVED, UNDONE + year) once."""
    response = RedirectResponse(url, status_code=303)
    if who.email and who.session:
        set_cookie(response, request, FLASH_COOKIE, f"{message}.{_mac(who, url, message)}")
    return response


def taken(request: Request, who: Visitor, url: str) -> str:
    """The message set for this visitor's page `url` ("" when none or not theirs)."""
    message, _, mac = request.cookies.get(FLASH_COOKIE, "").rpartition(".")
    if not (message and who.email and who.session):
        return ""
    return message if hmac.compare_digest(mac, _mac(who, url, message)) else ""


def shown(request: Request, response: Response) -> Response:
    """The page's response, the message cookie dropped (it is shown once)."""
    if FLASH_COOKIE in request.cookies:
        drop_cookie(response, request, FLASH_COOKIE)
    return response
