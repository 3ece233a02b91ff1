"""One rule for a field sent twice, in every form of the site (issue 25, m5): the sign-up form
took "deadline_days=3&deadline_days=4" as 3 while a second "email" was refused. Now every
single-valued field given twice is a Polish 400 naming it by its label on the page (blind 10b,
M28: "Pole „published”…" named the field the form sends, not "Dzień ogłoszenia"; a hidden
field is not named), and nothing is saved — the
sign-up, the office's sign-in, call and import forms (the settings page's:
tests/web/subscribe/test_manage_refusals.py); the fields a form does repeat (checkboxes, the
import draft's rows) still may."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from office_helpers import LESZNO_OFFICE, office_site

from notifier.web.office.importing import ROW_FIELDS
from notifier.web.signup_forms import REPEATABLE_FIELDS

pytestmark = pytest.mark.anyio

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


HIDDEN = "Jedno z ukrytych pól formularza przyszło więcej niż raz"
LABELS = {
    "email": "Adres e-mail",
    "deadline_days": "Przypomnienie o terminie składania ofert, gdy konkurs zostanie ogłoszony",
    "language": "Język wiadomości e-mail",
    "deadline": "Termin składania ofert",
    "published": "Dzień ogłoszenia",
    "year": "Rok harmonogramu",
    "as_of": "Stan na dzień",
}


def _twice(message: str, name: str) -> None:
    if name not in LABELS:
        assert HIDDEN in message, message
        return
    assert f"Pole „{LABELS[name]}” przyszło w formularzu więcej niż raz" in message, message
    assert f"„{name}”" not in message


@pytest.mark.parametrize(
    "fields",
    [
        [("email", "a@example.org"), ("deadline_days", "3"), ("deadline_days", "4")],
        [("email", "a@example.org"), ("email", "b@example.org")],
        [("email", "a@example.org"), ("cities_offered", "1"), ("cities_offered", "1")],
        [("email", "a@example.org"), ("language", "en"), ("language", "pl")],
    ],
    ids=["deadline_days", "email", "cities_offered", "language"],
)
async def test_a_sign_up_with_a_field_sent_twice_is_refused_naming_it(
    client: httpx.AsyncClient, fields: list[tuple[str, str]]
) -> None:
    answer = await client.post(
        "/subscribe", content=urlencode([*fields, ("topic", ALL_TOPICS)]), headers=FORM
    )
    assert answer.status_code == 400
    _twice(answer.text, fields[-1][0])
    assert "Prosimy sprawdzić pocztę" not in answer.text


ALL_TOPICS = "wszystkie"


async def test_a_sign_up_may_repeat_the_checkboxes(client: httpx.AsyncClient) -> None:
    fields = [("email", "a@example.org"), ("topic", "sport"), ("topic", "seniorzy")]
    fields += [("lead_days", "7"), ("lead_days", "14")]
    answer = await client.post("/subscribe", content=urlencode(fields), headers=FORM)
    assert "więcej niż raz" not in answer.text
    assert answer.status_code in (200, 400, 503), answer.status_code  # not refused for it


async def test_the_office_forms_refuse_a_field_sent_twice(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        token = await site.csrf()
        twice = [("email", LESZNO_OFFICE), ("email", LESZNO_OFFICE), ("csrf", token)]
        signin = await site.client.post("/biuro/wejscie", content=urlencode(twice), headers=FORM)
        assert signin.status_code == 400
        _twice(signin.text, "email")
        assert site.emails() == []
        await site.sign_in()
        before = schedule_file.read_bytes()  # noqa: ASYNC240
        new = "/biuro/leszno/2024/ogloszenie"
        token = await site.csrf(new)
        call = [
            ("csrf", token),
            ("task", "kultura-sport/rozwoj-sportu"),
            ("published", "2024-05-06"),
            ("deadline", "2024-05-28T15:30"),
            ("published", "2024-05-07"),
            ("url", "https://bip.example.org/ogloszenie-123"),
            ("step", "zapis"),
        ]
        saved = await site.client.post(new, content=urlencode(call), headers=FORM)
        assert saved.status_code == 400
        _twice(saved.text, "published")
        twice_csrf = [("csrf", token), *call]
        assert (
            await site.client.post(new, content=urlencode(twice_csrf), headers=FORM)
        ).status_code == 400
        assert schedule_file.read_bytes() == before  # noqa: ASYNC240
        token = await site.csrf("/biuro/leszno/import")
        upload = await site.client.post(
            "/biuro/leszno/import",
            data={"csrf": token, "year": ["2025", "2026"]},
            files={"document": ("plan.html", b"<p>x</p>", "text/html")},
        )
        assert upload.status_code == 400
        _twice(upload.text, "year")


def test_the_import_drafts_rows_are_fields_a_form_may_repeat() -> None:
    assert set(ROW_FIELDS) <= REPEATABLE_FIELDS


@pytest.mark.parametrize(
    ("name", "second"),
    [("year", "2026"), ("as_of", "2024-12-01"), ("title", "Inny"), ("step", "zapis")],
)
async def test_the_import_draft_refuses_a_field_sent_twice_and_saves_nothing(
    seed_schedule_path: Path, tmp_path: Path, name: str, second: str
) -> None:
    """Blind round 11, F4: `year=2025&year=2026` with step=zapis was saved as 2025 (the first
    value won), a 200 preview with step=podglad. The draft reads its body itself: now through
    the same rule as every other form."""
    folder = tmp_path / "harmonogramy"
    (folder / "leszno").mkdir(parents=True)
    shutil.copy(seed_schedule_path, folder / "leszno" / "2024.toml")
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf("/biuro/leszno/import")
        document = "Harmonogram 2025\n\nopieka nad dziećmi\n\nMaj 2025\n\nsport\n\nCzerwiec 2025\n"
        draft = await site.client.post(
            "/biuro/leszno/import",
            data={"csrf": token, "year": "2025"},
            files={"document": ("plan.txt", document.encode(), "text/plain")},
        )
        assert draft.status_code == 200, draft.text
        form = draft.text.split('action="/biuro/leszno/import/szkic"', 1)[1]
        found = re.findall(r'<input type="(?:text|hidden)" name="(\w+)" value="([^"]*)"', form)
        fields = [(k, html.unescape(v)) for k, v in found]
        assert [k for k, _ in fields].count("d") == 2  # the rows repeat their fields
        for step in ("podglad", "zapis"):
            sent = [*fields, ("potwierdzam", "1"), ("step", step), (name, second)]
            answer = await site.client.post(
                "/biuro/leszno/import/szkic", content=urlencode(sent), headers=FORM
            )
            assert answer.status_code == 400, answer.text
            _twice(html.unescape(answer.text), "hidden" if name == "title" else name)
            assert sorted(p.name for p in (folder / "leszno").iterdir()) == ["2024.toml"]
        sent = [*fields, ("potwierdzam", "1"), ("step", "zapis")]
        saved = await site.client.post(
            "/biuro/leszno/import/szkic", content=urlencode(sent), headers=FORM
        )
        assert saved.status_code == 303, saved.text  # once each, with two rows: saved
