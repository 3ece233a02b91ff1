"""A city's office area: GET /biuro/{city_id}/ — its harmonograms and where to act."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from notifier.web.office.flash import UNDONE, shown, taken
from notifier.web.office.session import my_cities, page, signed_in_city

router = APIRouter()


@router.get("/biuro/{city_id}", include_in_schema=False)
def city_root(city_id: str) -> RedirectResponse:
    """/biuro/leszno → /biuro/leszno/."""
    return RedirectResponse(f"/biuro/{city_id}/", status_code=308)


@router.get("/biuro/{city_id}/", response_class=HTMLResponse, include_in_schema=False)
async def city_home(request: Request, city_id: str) -> Response:
    """The city's area for a signed-in person its file names; 403 for anyone else."""
    found = await signed_in_city(request, city_id)
    if isinstance(found, Response):
        return found
    who, city = found
    message = taken(request, who, f"/biuro/{city.city_id}/")
    answer = page(
        "city.html.j2",
        who=who,
        city=city,
        others=len(my_cities(request, who)) > 1,
        undone=message.removeprefix(UNDONE) if message.startswith(UNDONE) else "",
    )
    return shown(request, answer)
