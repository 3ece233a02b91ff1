"""If-Modified-Since in each of the three HTTP date forms (RFC 9110 §5.6.7: a recipient must
accept them all, each in GMT) gets the same answer (issue 25)."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime

import httpx
import pytest

pytestmark = pytest.mark.anyio

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _forms(moment_text: str, shift: timedelta = timedelta()) -> dict[str, str]:
    moment = parsedate_to_datetime(moment_text) + shift
    return {
        "IMF-fixdate": moment.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        "RFC 850": f"{DAYS[moment.weekday()]}, {moment.strftime('%d-%b-%y %H:%M:%S')} GMT",
        "asctime": f"{moment.strftime('%a %b')} {moment.day:2d} {moment.strftime('%H:%M:%S %Y')}",
    }


@pytest.mark.parametrize("path", ["/calendar.ics", "/feed.atom"])
async def test_each_http_date_form_gives_the_same_answer(
    client: httpx.AsyncClient, path: str
) -> None:
    modified = (await client.get(path)).headers["last-modified"]
    for form, since in _forms(modified).items():
        response = await client.get(path, headers={"If-Modified-Since": since})
        assert response.status_code == 304, (form, since)
    for form, since in _forms(modified, -timedelta(days=1)).items():
        response = await client.get(path, headers={"If-Modified-Since": since})
        assert response.status_code == 200, (form, since)
