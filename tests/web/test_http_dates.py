"""If-Modified-Since in each of the three HTTP date forms (RFC 9110 §5.6.7: a recipient must
accept them all, each in GMT) gets the same answer (issue 25)."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.web.conditional import http_date_or_none

pytestmark = pytest.mark.anyio

# An IMF-fixdate's shape with numbers of any length and any zone: the parser's hard cases.
HTTP_DATE_LIKE = r"(Mon, )?[0-9]{1,25} (Dec|Foo) [0-9]{1,25} [0-9]{1,25}:[0-9]{1,25}(:[0-9]{1,25})? (GMT|[+-][0-9]{1,6})"
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


@pytest.mark.parametrize(
    "since",
    [
        "Mon, 07 Dec 99999999999 01:30:12 GMT",  # OverflowError in the C library: was a 500
        "Mon, 07 Dec 2026 99999999999999999999:30:12 GMT",
        "Mon, 07 Dec 10000 01:30:12 GMT",
        "Fri, 31 Dec 9999 23:59:59 -2359",
        "Mon, 07 Dec 2026 25:00:00 GMT",
        "wczoraj",
    ],
)
async def test_an_unreadable_if_modified_since_is_ignored(
    client: httpx.AsyncClient, since: str
) -> None:
    """RFC 9110 §13.1.3: a date the server cannot read is treated as absent: 200, never 500."""
    response = await client.get("/leszno/calendar.ics", headers={"If-Modified-Since": since})
    assert response.status_code == 200


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.from_regex(HTTP_DATE_LIKE, fullmatch=True))
def test_the_http_date_reader_never_raises(text: str) -> None:
    found = http_date_or_none(text)
    assert found is None or found.tzinfo is not None
