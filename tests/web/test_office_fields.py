"""Every office form says what is wrong next to the field, by the field's label, never by a
file's place ("calls[1].title"), for every kind of value the service refuses: control
characters, far days, huge or malformed amounts, addresses that are not http(s), over-long
titles, a deadline before the publication (issue 25)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from office_helpers import OfficeSite, office_site

from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule
from notifier.files.reading import load_schedule
from notifier.web.office.call_forms import form_errors

pytestmark = pytest.mark.anyio
NEW = "/biuro/leszno/2024/ogloszenie"
GOOD = {
    "task": ["kultura-sport/rozwoj-sportu"],
    "published": "2024-05-06",
    "deadline": "2024-05-28T15:30",
    "url": "https://bip.example.org/ogloszenie-123",
    "amount": "150 000",
    "title": "Sport 2024",
}
# (field, value sent, what its error says next to it)
HOSTILE = [
    ("title", "Sport\x07", "Nazwa ogłoszenia: zawiera niedozwolony znak sterujący U+0007"),
    ("title", "x" * 400, "Nazwa ogłoszenia: ma 400 znaków – najwyżej 300"),
    ("url", "https://bip.example.org/\x1b[2J", "Adres ogłoszenia: zawiera niedozwolony znak"),
    ("url", "javascript:alert(1)", "Adres ogłoszenia: „javascript:alert(1)” nie jest adresem"),
    ("amount", "1e308", "Kwota: to nie jest kwota w złotych"),
    ("amount", "1000000000000", "najwyżej 999 999 999 999,99 zł"),
    ("amount", "12,345", "Kwota: to nie jest kwota w złotych"),
    ("published", "0001-01-01", "Dzień ogłoszenia: data 0001-01-01 spoza zakresu lat"),
    ("deadline", "9999-12-31T10:00", "Termin składania ofert: data 9999-12-31 spoza zakresu"),
    ("deadline", "2024-05-01", "Termin składania ofert (1 maja 2024) musi być po dniu ogłoszenia"),
]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


_tokens: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _fresh_tokens() -> None:
    _tokens.clear()


def field_error(page: str, name: str) -> str:
    """The text of the error shown next to field `name` of a call form ("" if none); the
    page shows the values sent back without their control characters."""
    found = re.search(rf'<span class="field-error" id="call-{name}-error"[^>]*>([^<]*)<', page)
    return html.unescape(found[1]) if found else ""


def assert_no_file_places(page: str) -> None:
    """No file's places, and the office's one voice (m11, m13): „…” quotes, "prosimy", no
    "usunięto" for a refused value, no file key."""
    assert not re.search(r"calls\[\d|\[\[calls\]\]|published =|U\+0007\)\s*$", page)
    said = " ".join(re.findall(r'class="field-error"[^>]*>([^<]*)<', page))
    said = html.unescape(said)
    assert not re.search(r"(?<!\w)'|[Pp]roszę|usunięto|\b(source|url|amount|title)\b", said), said
    assert "\x07" not in page
    assert "\x1b" not in page


async def _post(site: OfficeSite, path: str, data: dict[str, str | list[str]]) -> str:
    """The 400 page answering `data` posted to `path` (the form's token read once per page)."""
    token = _tokens.get(path) or await site.csrf(path)
    _tokens[path] = token
    answer = await site.client.post(path, data={**data, "csrf": token})
    assert answer.status_code == 400, answer.text[:300]
    return answer.text


async def test_new_call_and_correction_forms_name_the_field(
    schedule_file: Path, tmp_path: Path
) -> None:
    async with office_site(schedule_file, tmp_path) as site:
        await site.sign_in()
        before = schedule_file.read_bytes()  # noqa: ASYNC240
        for name, value, words in HOSTILE:
            page = await _post(site, NEW, GOOD | {name: value, "step": "zapis"})
            assert words in field_error(page, name), (name, value)
            assert_no_file_places(page)
        assert schedule_file.read_bytes() == before  # noqa: ASYNC240
        saved = await site.client.post(
            NEW, data=GOOD | {"step": "zapis", "csrf": await site.csrf(NEW)}
        )
        assert saved.status_code == 303, saved.text
        [call] = load_schedule(schedule_file).calls
        path = f"{NEW}/{call.key}"
        seen = re.search(r'name="seen" value="([0-9a-f]+)"', (await site.client.get(path)).text)
        assert seen
        edited = schedule_file.read_bytes()  # noqa: ASYNC240
        for name, value, words in HOSTILE[::3]:  # the same reading as a new call's
            sent = GOOD | {name: value, "action": "korekta", "step": "zapis", "seen": seen[1]}
            page = await _post(site, path, sent)
            assert words in field_error(page, name), (name, value)
            assert_no_file_places(page)
        for value, words in [
            ("https://b.example.org/w\x07", "Adres ogłoszenia wyników: zawiera niedozwolony"),
            ("mailto:x@example.org", "Adres ogłoszenia wyników: „mailto:x@example.org” nie"),
        ]:
            sent = {"results_date": "2024-06-20", "results_url": value, "action": "wyniki"}
            page = await _post(site, path, sent | {"seen": seen[1]})
            found = re.search(r'id="results-url-error"[^>]*>([^<]*)<', page)
            assert found
            assert words in html.unescape(found[1])
            assert_no_file_places(page)
        assert schedule_file.read_bytes() == edited  # noqa: ASYNC240


def test_checks_problems_of_the_call_go_to_its_fields(seed_schedule_path: Path) -> None:
    """What `check` says about a call's values in a file, put next to the form's fields: the
    text rule's place (calls[2].title) and the calls' own rules ("ogłoszenie [[calls]] nr 2:
    url …"); another call's problems stay above the form."""
    block = (
        '\n[[calls]]\ntasks = ["kultura-sport/rozwoj-sportu"]\npublished = 2024-05-06\n'
        'deadline = 2024-05-28\nurl = "https://b.example.org/1"\n'
        '\n[[calls]]\ntasks = ["mopr/wsparcie-seniorow"]\npublished = 2024-05-06\n'
        'deadline = 2024-05-28\nurl = "{url}"\ntitle = "{title}"\namount = {amount}\n'
    )
    text = seed_schedule_path.read_text(encoding="utf-8")
    for fields, field, words in [
        ({"title": "a\\u0007"}, "title", "Nazwa ogłoszenia: zawiera niedozwolony znak"),
        ({"url": "ftp://x"}, "url", "Adres ogłoszenia: „ftp://x” nie jest adresem strony"),
        ({"url": URL}, "url", f"Adres ogłoszenia: ma {LONG} znaków – najwyżej 2000"),
        ({"amount": "1e308"}, "amount", "Kwota spoza zakresu 0–999 999 999 999,99"),
        ({"amount": "0.001"}, "amount", "Kwota 0,001 ma więcej niż dwa miejsca"),
    ]:
        values = {"url": "https://b.example.org/2", "title": "T", "amount": "1"} | fields
        with pytest.raises(ScheduleError) as caught:
            parse_schedule(text + block.format(**values))
        errors, rest = form_errors(caught.value.problems, 2)
        assert words in errors[field], caught.value.problems
        assert not rest
        errors, rest = form_errors(caught.value.problems, 1)
        assert not errors
        assert rest[0].startswith("inne ogłoszenie (nr 2): ")


async def test_import_draft_names_the_column_of_a_control_character(
    tmp_path: Path, catalog_dir: Path
) -> None:
    async with office_site(catalog_dir, tmp_path) as site:
        await site.sign_in()
        path = "/biuro/leszno/import/szkic"
        token = await site.csrf("/biuro/leszno/import")
        rows = {"d": ["Wydział\x07"], "s": [""], "n": ["1"], "t": ["Sport"], "p": ["I kwartał"]}
        data = {**rows, "year": "2025", "title": "H", "source": "x.pdf", "csrf": token}
        before = sorted(catalog_dir.rglob("*"))  # noqa: ASYNC240
        for step in ("podglad", "zapis"):
            answer = await site.client.post(path, data={**data, "step": step})
            assert "Komórka: zawiera niedozwolony znak sterujący U+0007" in answer.text
            assert "\x07" not in answer.text
        assert answer.status_code == 400
        assert sorted(catalog_dir.rglob("*")) == before  # noqa: ASYNC240
        for year in ("²⁰²⁶", "99999", "1e3"):
            answer = await site.client.post(path, data={**data, "year": year, "step": "zapis"})
            assert answer.status_code == 400
            assert "to nie rok (RRRR" in answer.text  # the draft shown back, rows kept


async def test_a_draft_with_more_fields_than_rows_can_hold_is_a_polish_refusal(
    tmp_path: Path, catalog_dir: Path
) -> None:
    """blind4 n17: a draft posted back with 5 000 rows (30 006 fields) was an English 500;
    it is the Polish form refusal, nothing saved. Bytes that are not UTF-8 (n12) save
    nothing either."""
    async with office_site(catalog_dir, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf("/biuro/leszno/import")
        before = sorted(catalog_dir.rglob("*"))  # noqa: ASYNC240
        row = [("d", "W"), ("s", ""), ("n", "1"), ("t", "Zadanie"), ("p", "Maj 2025"), ("w", "")]
        fields = [("csrf", token), ("year", "2025"), ("step", "zapis"), *row * 5000]
        answer = await site.client.post(
            "/biuro/leszno/import/szkic",
            content=urlencode(fields),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert answer.status_code == 413
        assert "Nie udało się wysłać formularza" in answer.text
        assert "za dużo pól" in answer.text
        row = "d=W&s=&n=1&t=zad%FFanie&p=Maj+2026&w="
        raw = f"csrf={token}&year=2026&step=zapis&title=T&{row}"
        answer = await site.client.post(
            "/biuro/leszno/import/szkic",
            content=raw,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert answer.status_code == 400, answer.text
        assert "Pole „t” zawiera bajty, które nie są tekstem UTF-8" in answer.text
        answer = await site.client.post(  # the call form (and every other form) likewise
            "/biuro/leszno/2024/ogloszenie",
            content=f"csrf={token}&title=Fest%FFyn",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert answer.status_code == 400
        assert "Formularz zawiera nieprawidłowe dane." in answer.text
        assert sorted(catalog_dir.rglob("*")) == before  # noqa: ASYNC240


async def test_a_draft_title_with_a_line_break_is_refused(
    tmp_path: Path, catalog_dir: Path
) -> None:
    """blind4 n5: a title 'A\\n[office]\\nemail = …' was saved (escaped) and shown in the
    page's heading; a title, a source and an address are one line each."""
    async with office_site(catalog_dir, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf("/biuro/leszno/import")
        before = sorted(catalog_dir.rglob("*"))  # noqa: ASYNC240
        row = {"d": "W", "s": "", "n": "1", "t": "Zadanie", "p": "Maj 2025", "w": ""}
        data = row | {"csrf": token, "year": "2025", "source": "x.pdf", "step": "zapis"}
        title = 'A\n[office]\nemail = "x@evil.pl"'
        answer = await site.client.post("/biuro/leszno/import/szkic", data=data | {"title": title})
        assert answer.status_code == 400
        assert "Tytuł harmonogramu: ma więcej niż jeden wiersz" in answer.text
        assert sorted(catalog_dir.rglob("*")) == before  # noqa: ASYNC240


async def test_no_page_shows_back_a_control_character_typed_into_it(
    schedule_file: Path, tmp_path: Path
) -> None:
    """What a form sends back — the office's sign-in, the NGO's sign-up — and an error quoting
    what was typed reach the page without control characters (the templates write none)."""
    async with office_site(schedule_file, tmp_path) as site:
        for typed in ("anna\x07@example.org", "anna@exa\x1b[2Jmple.org"):
            answer = await site.ask_link(typed)
            assert answer.status_code == 400
            assert "\x07" not in answer.text
            assert "\x1b" not in answer.text
        page = await site.client.get("/")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        data = {"email": "ngo\x07\x1b[2J@example.org", "topic": "all"}
        answer = await site.client.post(
            "/subscribe", data=data | ({"csrf": token[1]} if token else {})
        )
        assert answer.status_code in (200, 400, 422)
        assert "\x07" not in answer.text
        assert "\x1b" not in answer.text


LONG = 5000  # characters: far over every field's limit (a browser's maxlength is not a check)
URL = "https://bip.example.org/" + "a" * (LONG - 24)
# Every typed text field of the office's forms and of the NGO sign-up, too long by LONG
# characters: (form, field, the limit the error names, its label). Each is refused next to
# the field with "Label: ma 5000 znaków – najwyżej N" (core.input_rules.length_problem).
TOO_LONG = [
    *(
        (form, field, limit, label)
        for form in ("nowe", "korekta")
        for field, limit, label in [
            ("published", 10, "Dzień ogłoszenia"),
            ("deadline", 16, "Termin składania ofert"),
            ("url", 2000, "Adres ogłoszenia"),
            ("amount", 20, "Kwota"),
            ("title", 300, "Nazwa ogłoszenia"),
        ]
    ),
    ("wyniki", "results_date", 10, "Dzień ogłoszenia wyników"),
    ("wyniki", "results_url", 2000, "Adres ogłoszenia wyników"),
    ("szkic", "d", 300, "Komórka"),
    ("szkic", "s", 2000, "Komórka (zakres)"),
    ("szkic", "n", 20, "Numer"),
    ("szkic", "t", 2000, "Zadanie"),
    ("szkic", "p", 300, "Termin"),
    ("szkic", "title", 300, "Tytuł harmonogramu"),
    ("szkic", "source", 300, "Źródło"),
    ("wejście", "email", 254, "Adres e-mail"),
]


async def test_every_text_field_is_length_checked_by_the_server(
    schedule_file: Path, tmp_path: Path, catalog_dir: Path
) -> None:
    """A field longer than its limit is refused with the limit next to the field, never cut
    and saved (a 5,000-character address used to be saved cut to 2,000), nothing is written;
    the NGO sign-up says the same of its address."""
    async with office_site(schedule_file, tmp_path / "one") as site:
        await site.sign_in()
        await site.client.post(NEW, data=GOOD | {"step": "zapis", "csrf": await site.csrf(NEW)})
        [call] = load_schedule(schedule_file).calls
        path = f"{NEW}/{call.key}"
        seen = re.search(r'name="seen" value="([0-9a-f]+)"', (await site.client.get(path)).text)
        assert seen
        before = schedule_file.read_bytes()  # noqa: ASYNC240
        sent = {
            "nowe": (NEW, GOOD | {"step": "zapis"}),
            "korekta": (path, GOOD | {"action": "korekta", "step": "zapis", "seen": seen[1]}),
            "wyniki": (path, RESULTS | {"action": "wyniki", "seen": seen[1]}),
        }
        for form, field, limit, label in TOO_LONG:
            if form not in sent:
                continue
            where, data = sent[form]
            value = URL if "url" in field else "2" * LONG
            page = await _post(site, where, data | {field: value})
            shown = field_error(page, field) if form != "wyniki" else results_error(page, field)
            assert shown == f"{label}: ma {LONG} znaków – najwyżej {limit}", (form, field)
            assert value[: limit + 1] not in page, (form, field)  # shown back cut to the limit
        assert schedule_file.read_bytes() == before  # noqa: ASYNC240
        answer = await site.ask_link("a" * LONG + "@example.org")
        assert answer.status_code == 400
        assert f"Adres e-mail ma {LONG + 12} znaków – najwyżej 254." in answer.text
        token = re.search(r'name="csrf" value="([^"]+)"', (await site.client.get("/")).text)
        data = {"email": "a" * LONG + "@example.org", "topic": "all"}
        answer = await site.client.post(
            "/subscribe", data=data | ({"csrf": token[1]} if token else {})
        )
        assert answer.status_code == 400
        assert "Adres e-mail jest za długi (najwyżej 254 znaki)." in answer.text
    async with office_site(catalog_dir, tmp_path / "many") as site:
        await site.sign_in()
        token = await site.csrf("/biuro/leszno/import")
        row = {"d": "Wydział", "s": "", "n": "1", "t": "Sport", "p": "I kwartał"}
        before = sorted(catalog_dir.rglob("*"))  # noqa: ASYNC240
        for form, field, limit, label in TOO_LONG:
            if form != "szkic":
                continue
            data = row | {"year": "2025", "title": "H", "source": "x.pdf", "csrf": token}
            answer = await site.client.post(
                "/biuro/leszno/import/szkic", data=data | {field: "2" * LONG, "step": "zapis"}
            )
            assert answer.status_code == 400, field
            assert f"{label}: ma {LONG} znaków – najwyżej {limit}" in answer.text, field
            assert "2" * (limit + 1) not in answer.text, field
        assert sorted(catalog_dir.rglob("*")) == before  # noqa: ASYNC240


RESULTS = {"results_date": "2024-06-20", "results_url": "https://bip.example.org/wyniki"}


def results_error(page: str, field: str) -> str:
    """The error shown next to a field of the results form ("" if none)."""
    name = field.replace("_", "-")
    found = re.search(rf'id="{name}-error"[^>]*>([^<]*)<', page)
    return html.unescape(found[1]) if found else ""


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("javascript:x", "Adres źródła: „javascript:x” nie jest adresem strony – prosimy wpisać"),
        ("https://bip.example.org/\u202eb", "Adres dokumentu: zawiera niedozwolony znak sterujący"),
    ],
)
async def test_the_import_draft_names_its_fields_in_polish_and_quotes_as_the_office_does(
    tmp_path: Path, catalog_dir: Path, url: str, said: str
) -> None:
    """m13 (blind 8b): "Adres źródła: source 'javascript:x' nie jest adresem strony"."""
    async with office_site(catalog_dir, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf("/biuro/leszno/import")
        rows = {"d": ["Wydział"], "s": [""], "n": ["1"], "t": ["Sport"], "p": ["Maj 2025"]}
        data = {**rows, "year": "2025", "title": "H", "source": "x.pdf", "csrf": token}
        data |= {"source_url": url, "step": "zapis", "potwierdzam": "1"}
        answer = await site.client.post("/biuro/leszno/import/szkic", data=data)
        assert answer.status_code == 400
        text = html.unescape(answer.text)
        assert said in text
        assert "source '" not in text
        assert "proszę" not in text.lower()
        assert "usunięto" not in text
