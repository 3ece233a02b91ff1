"""The office's "send the digest now" on another year's page sends what the worker sends:
the city's current harmonogram's digest, under the week's one key (so the worker then sends
nothing that week)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from office_helpers import LESZNO_OFFICE, office_site

from notifier.jobs.digest_pass import run_digests
from notifier.jobs.run_context import RunContext
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio


def _digests(emails: list[EmailMessage]) -> list[EmailMessage]:
    """Leszno's digests among the emails (every city's office gets its own)."""
    return [m for m in emails if m["Subject"].startswith("Podsumowanie – Leszno")]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_next_years_page_previews_and_sends_the_current_harmonograms_digest(
    catalog_dir: Path, tmp_path: Path
) -> None:
    async with office_site(catalog_dir, tmp_path) as site:  # 10 May 2024
        await site.sign_in()
        page = await site.client.get("/biuro/leszno/2025/przeglad")
        assert page.status_code == 200
        assert "dotyczy bieżącego harmonogramu (2024)" in page.text
        assert "konkursów ofert na 2024 rok" in page.text
        before = len(site.emails())  # the sign-in email
        token = await site.csrf("/biuro/leszno/2025/przeglad")
        sent = await site.client.post("/biuro/leszno/2025/podsumowanie", data={"csrf": token})
        assert sent.status_code == 200
        assert "wysłano" in sent.text
        [digest] = _digests(site.emails())
        assert len(site.emails()) == before + 1
        assert digest["To"] == LESZNO_OFFICE
        assert "na 2024 rok" in digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        state = app_state(site.app)
        run = RunContext(
            state.settings, state.database(), state.backend,
            state.catalog_source.snapshot().catalog, site.clock(), wall=site.clock,
        )  # fmt: skip
        reports = {r.city: r.status for r in await run_digests(run)}
        assert reports["Leszno"] == "already"
        assert len(_digests(site.emails())) == 1  # the other cities' digests went out
