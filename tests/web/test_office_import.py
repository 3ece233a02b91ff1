"""Importing next year's harmonogram in the office area over HTTP: the upload, the draft with
its problems marked, a cell fixed and re-read, the file saved (and accepted by `check`), and
the refusals: a huge upload before it is read, a zip bomb, a year that is there already."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from office_helpers import LESZNO_OFFICE, OfficeSite, office_site

from notifier.cli.check import check_harmonograms
from notifier.files.reading import load_schedule

pytestmark = pytest.mark.anyio
FIXTURES = Path(__file__).resolve().parent.parent / "documents" / "fixtures"
_FIELD = re.compile(r'<input type="(?:text|hidden)" name="(\w+)" value="([^"]*)"')


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


CITY_FIELDS = (
    'city_id = "leszno"\nregion = "wielkopolskie"\n'
    'announcements_url = "https://bip.leszno.pl/ogloszenia"'
)


@pytest.fixture
def folder(tmp_path: Path, seed_schedule_path: Path) -> Path:
    folder = tmp_path / "harmonogramy"
    (folder / "leszno").mkdir(parents=True)
    text = seed_schedule_path.read_text(encoding="utf-8")
    staff = f'email = "{LESZNO_OFFICE}"\nstaff = ["anna.nowak@example.org"]'
    # Every city-level field a file may carry (next year's import keeps them all).
    city = f"{CITY_FIELDS}\n\n[office]"
    text = text.replace(f'email = "{LESZNO_OFFICE}"', staff).replace("[office]", city, 1)
    (folder / "leszno" / "2024.toml").write_text(text, encoding="utf-8")
    return folder


async def _upload(site: OfficeSite, name: str, data: bytes, year: str = "2025") -> str | int:
    token = await site.csrf("/biuro/leszno/import")
    answer = await site.client.post(
        "/biuro/leszno/import",
        data={"csrf": token, "year": year},
        files={"document": (name, data, "application/octet-stream")},
    )
    return answer.text if answer.status_code == 200 else answer.status_code


async def _send(
    site: OfficeSite, fields: list[tuple[str, str]], step: str, *, confirm: bool = True
) -> httpx.Response:
    """Post the draft; `confirm`: the box "Potwierdzam: to harmonogram …" ticked (these tests
    save Leszno's 2024 documents as later years, which the draft asks to confirm)."""
    confirmed = [("potwierdzam", "1")] if confirm else []
    return await site.client.post(
        "/biuro/leszno/import/szkic",
        content=urlencode([*fields, *confirmed, ("step", step)]),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )


def _fields(html: str) -> list[tuple[str, str]]:
    import html as markup

    form = html.split('action="/biuro/leszno/import/szkic"', 1)[1]
    return [(k, markup.unescape(v)) for k, v in _FIELD.findall(form)]


async def test_a_document_becomes_next_years_harmonogram(folder: Path, tmp_path: Path) -> None:
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        one = await _upload(
            site, "jedno.txt", "Harmonogram 2025\n\nopieka nad dziećmi\n\nMaj 2025\n".encode()
        )
        assert isinstance(one, str), one
        assert "1 zadanie z dokumentu jedno.txt" in one  # the plural helper, not "1 zadań"
        draft = await _upload(
            site, "harmonogram-2025.xlsx", (FIXTURES / "leszno-2024.xlsx").read_bytes()
        )
        assert isinstance(draft, str), draft
        assert "28 zadań z dokumentu" in draft
        fields = _fields(draft)
        periods = [i for i, (k, _) in enumerate(fields) if k == "p"]
        assert len(periods) > 20
        fields[periods[0]] = ("p", "Mająąą 2025")  # a typo: marked, with the reader's words
        again = await _send(site, fields, "podglad")
        assert again.status_code == 200
        assert 'aria-invalid="true"' in again.text
        fields[periods[0]] = ("p", "Maj 2025")
        assert "Identyfikatory z wcześniejszego harmonogramu 2024.toml (2024)" in draft
        assert 'id="draft-as-of"' in draft  # "stan na dzień" and the year: editable fields
        as_of = next(i for i, (k, _) in enumerate(fields) if k == "as_of")
        fields[as_of] = ("as_of", "30 listopada")
        wrong = await _send(site, fields, "zapis")
        assert wrong.status_code == 400
        assert "to nie data (RRRR-MM-DD" in wrong.text
        assert 'value="30 listopada"' in wrong.text  # shown back as typed, the rows kept
        # A day out of the years the service renders is named so, never replaced (m4).
        fields[as_of] = ("as_of", "9999-01-01")
        far = await _send(site, fields, "zapis")
        assert far.status_code == 400
        assert "„9999-01-01” – data 9999-01-01 spoza zakresu lat 1900–2199; nic nie" in far.text
        fields[as_of] = ("as_of", "2024-11-30")
        assert 'name="source_url"' in draft  # the document's address, never the file's name
        local = await _send(site, [*fields, ("source_url", "C:\\Pobrane\\zal1.pdf")], "zapis")
        assert local.status_code == 400
        assert "nie jest adresem strony" in local.text
        fields.append(("source_url", "https://bip.leszno.pl/harmonogram-2025.pdf"))
        saved = await _send(site, fields, "zapis")
        assert saved.status_code == 303, saved.text
        assert saved.headers["location"] == "/biuro/leszno/2025/"
        path = folder / "leszno" / "2025.toml"
        schedule = load_schedule(path)
        assert schedule.year == 2025
        assert str(schedule.as_of) == "2024-11-30"
        assert schedule.source == "https://bip.leszno.pl/harmonogram-2025.pdf"
        # the departments keep 2024's ids: their subscribers get 2025's tasks
        assert schedule.department("kultura-sport") is not None
        # Every city-level field is the city's previous file's: who may sign in, the
        # region's feed (/calendar.ics?region=), where its calls are published.
        before = load_schedule(folder / "leszno" / "2024.toml")
        city_level = ("city", "city_id", "region", "announcements_url", "office")
        assert schedule.region == "wielkopolskie"
        assert {f: getattr(schedule, f) for f in city_level} == {
            f: getattr(before, f) for f in city_level
        }
        assert schedule.office.staff == ("anna.nowak@example.org",)  # who may sign in stays
        assert len(list(schedule.tasks())) == len(periods)
        _, good = check_harmonograms(folder, date(2025, 1, 2))
        assert good
        assert (await site.client.get("/biuro/leszno/2025/")).status_code == 200
        assert "harmonogram 2025" in (await site.client.get("/biuro/leszno/dziennik")).text
        again = await _send(site, fields, "zapis")
        assert again.status_code == 409  # never over the year's file


async def test_a_huge_upload_is_refused_before_it_is_read(folder: Path, tmp_path: Path) -> None:
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        assert await _upload(site, "duzy.pdf", b"%PDF" + b"\0" * (50 << 20)) == 413


async def test_a_zip_bomb_and_a_non_harmonogram_are_refused(folder: Path, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"\0" * (60 << 20))
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        assert await _upload(site, "bomba.xlsx", buffer.getvalue()) == 400
        assert await _upload(site, "list.txt", b"Szanowni Panstwo, zapraszamy.") == 400
        assert await _upload(site, "h.xlsx", b"x", year="dwa") == 400
        assert not (folder / "leszno" / "2025.toml").exists()


@pytest.fixture
def one_file(tmp_path: Path, seed_schedule_path: Path) -> Path:
    one = tmp_path / "schedule.toml"
    one.write_text(seed_schedule_path.read_text(encoding="utf-8"), encoding="utf-8")
    return one


async def test_one_served_file_is_said_before_upload_and_no_save_is_offered(
    tmp_path: Path, one_file: Path
) -> None:
    one = one_file
    async with office_site(one, tmp_path) as site:
        await site.sign_in()
        form = (await site.client.get("/biuro/leszno/import")).text
        assert 'id="import-one-file"' in form
        assert "katalog w NOTIFIER_SCHEDULE" in form
        draft = await _upload(
            site, "harmonogram-2025.xlsx", (FIXTURES / "leszno-2024.xlsx").read_bytes()
        )
        assert isinstance(draft, str), draft
        assert 'id="import-one-file"' in draft
        assert "Zapisz jako harmonogram" not in draft
        refused = await _send(site, _fields(draft), "zapis")  # a stale form still cannot save
        assert refused.status_code == 409
        assert list(tmp_path.glob("*.toml")) == [one]  # noqa: ASYNC240


async def test_only_this_or_next_years_harmonogram_may_be_imported(
    folder: Path, tmp_path: Path
) -> None:
    """blind4 G6: any year up to 2100 was saved, publishing a harmonogram nobody adopted (and,
    while the latest file decided sign-in, keeping a removed person's access). On 10 May 2024
    the office adds 2024 or 2025; the upload and the draft refuse 2100, nothing is saved."""
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        form = (await site.client.get("/biuro/leszno/import")).text
        assert 'min="2024" max="2025"' in form
        data = (FIXTURES / "bez-komorek-2025-bip.html").read_bytes()
        refused = await _upload(site, "plan.html", data, year="2100")
        assert refused == 400
        draft = await _upload(site, "plan.html", data)
        assert isinstance(draft, str), draft
        fields = [(k, "2100" if k == "year" else v) for k, v in _fields(draft)]
        answer = await _send(site, fields, "zapis")
        assert answer.status_code == 400
        assert "przyjmujemy rok 2024 albo 2025; nic nie zapisano" in answer.text
        assert sorted(p.name for p in (folder / "leszno").iterdir()) == ["2024.toml"]


@pytest.mark.parametrize(
    ("now", "year"),
    [
        (datetime(2024, 5, 10, 8, 0, tzinfo=UTC), "2025"),
        (datetime(2026, 12, 6, 12, tzinfo=UTC), "2027"),
    ],
)
async def test_the_import_year_is_the_one_the_city_needs_next(
    folder: Path, tmp_path: Path, now: datetime, year: str
) -> None:
    async with office_site(folder, tmp_path, now=now) as site:
        await site.sign_in()
        form = (await site.client.get("/biuro/leszno/import")).text
        assert re.search(rf'name="year"[^>]*value="{year}"', form), form
        assert 'id="import-one-file"' not in form


async def test_a_hostile_file_name_and_year_are_refused_or_shown_safely(
    folder: Path, tmp_path: Path
) -> None:
    """Issue 25's kinds at the office's import: a document whose name holds control
    characters (which a TOML comment refuses) is imported under its name written \\xNN, the
    file saved passes check; a year in the address spelled with other digits is a 404."""
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        data = (FIXTURES / "bez-komorek-2025-bip.html").read_bytes()
        draft = await _upload(site, "plan\x07\r\x1b[2J.html", data)
        assert isinstance(draft, str), draft
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", draft)
        assert "plan%07%0D\\x1b[2J.html" in draft  # httpx sends \x07 and \r as %07, %0D
        saved = await _send(site, _fields(draft), "zapis")
        assert saved.status_code == 303, saved.text
        _, good = check_harmonograms(folder, date(2025, 1, 2))
        assert good
        for year in ("²⁰²⁵", "٢٠٢٥", "0" * 40):
            answer = await site.client.get(f"/biuro/leszno/{year}/")
            assert answer.status_code == 404, year


async def test_a_vague_printed_period_keeps_its_words_with_a_window_beside_it(
    folder: Path, tmp_path: Path
) -> None:
    """Issue 21: the draft, like the file, takes `window` beside a vague period. The printed
    words stay; a window beside a period that reads by itself, or one that does not read, is
    refused in Polish and never saved; the saved file passes check."""
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        draft = await _upload(
            site, "harmonogram-2025.xlsx", (FIXTURES / "leszno-2024.xlsx").read_bytes()
        )
        assert isinstance(draft, str), draft
        fields = _fields(draft)
        periods = [i for i, (k, _) in enumerate(fields) if k == "p"]
        windows = [i for i, (k, _) in enumerate(fields) if k == "w"]
        assert len(windows) == len(periods)
        assert "Okno dat (window)" in draft
        fields[periods[0]] = ("p", "na początku marca 2025")
        vague = await _send(site, fields, "podglad")
        assert "nieprecyzyjny" in vague.text
        assert "dopisać obok window" in vague.text
        fields[windows[0]] = ("w", "1–10 marca 2025")
        fields[periods[1]], fields[windows[1]] = ("p", "Maj 2025"), ("w", "1–10 maja 2025")
        fields[windows[2]] = ("w", "Mająąą 2025")
        refused = await _send(site, fields, "zapis")
        assert refused.status_code == 400
        assert "Nie zapisano – wiersz 2: okres „Maj 2025” czyta się sam" in refused.text
        assert "okno dat (window): nie rozpoznano okresu" in refused.text
        assert not (folder / "leszno" / "2025.toml").exists()
        fields[windows[1]], fields[windows[2]] = ("w", ""), ("w", "")
        saved = await _send(site, fields, "zapis")
        assert saved.status_code == 303, saved.text
        schedule = load_schedule(folder / "leszno" / "2025.toml")
        first = next(iter(schedule.tasks()))
        assert first.period.text == "na początku marca 2025"
        assert [(w.start, w.last_day) for w in first.period.windows] == [
            (date(2025, 3, 1), date(2025, 3, 10))
        ]
        _, good = check_harmonograms(folder, date(2025, 1, 2))
        assert good


async def test_another_citys_document_asks_for_a_confirmation_and_a_saved_year_can_be_undone(
    folder: Path, tmp_path: Path
) -> None:
    page = (FIXTURES / "cases" / "konin-2027-bip.html").read_bytes()
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        draft = await _upload(site, "konin.html", page, year="2025")
        assert isinstance(draft, str), draft
        assert "Uwaga – czy to właściwy dokument?" in draft
        assert "inne miasto niż Leszno: „Urzędu Miejskiego w Koninie”" in draft
        assert "na rok 2027" in draft
        assert "poza rokiem 2025" in draft
        assert "Aktualności" not in draft and "Wyniki konkursu" not in draft  # noqa: PT018
        assert 'name="u" value="konkurs trzyletni"' in draft  # the remarks column, kept
        fields = _fields(draft)
        refused = await _send(site, fields, "zapis", confirm=False)
        assert refused.status_code == 400
        assert "nie wygląda na harmonogram Leszno na rok 2025" in refused.text
        assert not (folder / "leszno" / "2025.toml").exists()
        saved = await _send(site, fields, "zapis")  # the box ticked: the office decides
        assert saved.status_code == 303, saved.text
        assert 'mode = "wieloletni" # z uwag w dokumencie: konkurs trzyletni' in (
            folder / "leszno" / "2025.toml"
        ).read_text("utf-8")
        year_page = await site.client.get("/biuro/leszno/2025/")
        assert "Cofnij import harmonogramu 2025" in year_page.text
        token = await site.csrf("/biuro/leszno/2025/")
        undone = await site.client.post("/biuro/leszno/2025/cofnij-import", data={"csrf": token})
        assert undone.status_code == 303, undone.text
        assert undone.headers["location"] == "/biuro/leszno/"
        assert not (folder / "leszno" / "2025.toml").exists()
        assert len(list((folder / "leszno").glob("2025.toml.cofniety-*"))) == 1  # kept aside
        home = await site.client.get(undone.headers["location"])
        assert "Cofnięto import harmonogramu 2025" in home.text
        assert (await site.client.get("/biuro/leszno/2025/")).status_code == 404
        log = await site.client.get("/biuro/leszno/dziennik")
        assert "cofnięto import harmonogramu 2025" in log.text
        # a year changed since its import (a call recorded, a hand edit) is not undone
        saved = await _send(site, fields, "zapis")
        assert saved.status_code == 303, saved.text
        path = folder / "leszno" / "2025.toml"
        path.write_text(path.read_text("utf-8") + "\n# poprawka\n", encoding="utf-8")
        await site.client.get("/biuro/leszno/")  # the service re-reads the changed file
        token = await site.csrf("/biuro/leszno/2025/")
        kept = await site.client.post("/biuro/leszno/2025/cofnij-import", data={"csrf": token})
        assert kept.status_code == 409
        assert path.exists()


async def test_a_draft_whose_columns_disagree_in_length_is_said_incomplete(
    folder: Path, tmp_path: Path
) -> None:
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        text = "Harmonogram 2025\n\nopieka nad dziećmi\n\nMaj 2025\n"
        draft = await _upload(site, "jedno.txt", text.encode())
        assert isinstance(draft, str), draft
        fields = _fields(draft)
        doubled = next(f for f in fields if f[0] == "d")
        answer = await _send(site, [doubled, *fields], "podglad")  # 2× d, 1× n (blind7 M8)
        assert answer.status_code == 400
        assert "Formularz dotarł niekompletny" in answer.text


async def test_a_malformed_or_over_limit_upload_gets_the_polish_form_not_the_parsers_english(
    folder: Path, tmp_path: Path
) -> None:
    """Blind round seven, F4: two documents, too many fields, a part over the limit, no
    boundary, and a part without a name got Starlette's English plain text
    ("Too many files. Maximum number of files is 1."). Each kind is now the import form in
    Polish with the error (413 over a limit, 400 unreadable), and nothing is imported."""
    document = ("plan.html", b"<p>x</p>", "text/html")
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        token = await site.csrf("/biuro/leszno/import")
        fields = {"csrf": token, "year": "2025"}
        multipart = [
            ({**fields}, [("document", document), ("document", document)], 413),
            ({**fields, "a": "1", "b": "2", "c": "3", "d": "4"}, [("document", document)], 413),
            ({**fields, "uwagi": "x" * (70 * 1024)}, [("document", document)], 413),
        ]
        answers = [
            await site.client.post("/biuro/leszno/import", data=data, files=files)
            for data, files, _ in multipart
        ]
        expected = [status for _, _, status in multipart]
        raw = {
            b"xxxx": "multipart/form-data",
            b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n": (
                "multipart/form-data; boundary=b"
            ),
        }
        for body, content_type in raw.items():
            headers = {"content-type": content_type}
            answers.append(
                await site.client.post("/biuro/leszno/import", content=body, headers=headers)
            )
            expected.append(400)
        for answer, status in zip(answers, expected, strict=True):
            assert answer.status_code == status, answer.text[:300]
            assert answer.headers["content-type"].startswith("text/html"), answer.text[:300]
            assert 'action="/biuro/leszno/import"' in answer.text
            assert "ormularz" in answer.text  # the Polish message (Formularz…, pól formularza)
            for english in ("Too many", "Missing", "must be provided", "exceeded", "Invalid"):
                assert english not in answer.text
        assert not (folder / "leszno" / "2025.toml").exists()


async def test_an_undo_clicked_twice_says_it_was_undone_and_its_message_is_shown_once(
    folder: Path, tmp_path: Path
) -> None:
    """m16 and m22 (blind 8b): the second click was told the harmonogram "is not from an import
    or the city's only one"; "Cofnięto import…" came from ?cofnieto= in any link."""
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        draft = await _upload(
            site, "harmonogram-2025.xlsx", (FIXTURES / "leszno-2024.xlsx").read_bytes()
        )
        assert isinstance(draft, str), draft
        saved = await _send(site, _fields(draft), "zapis")
        assert saved.status_code == 303, saved.text
        year_page = await site.client.get(saved.headers["location"])
        assert "Zapisano." in year_page.text
        assert "Zapisano." not in (await site.client.get("/biuro/leszno/2025/")).text  # once
        token = await site.csrf("/biuro/leszno/2025/")
        first = await site.client.post("/biuro/leszno/2025/cofnij-import", data={"csrf": token})
        assert first.status_code == 303, first.text
        home = await site.client.get(first.headers["location"])
        assert "Cofnięto import harmonogramu 2025" in home.text
        assert "Cofnięto import" not in (await site.client.get("/biuro/leszno/")).text  # once
        again = await site.client.post("/biuro/leszno/2025/cofnij-import", data={"csrf": token})
        assert again.status_code == 409
        assert "Import harmonogramu 2025 został już cofnięty" in again.text
        assert "nie pochodzi z importu" not in again.text
        assert len(list((folder / "leszno").glob("2025.toml.cofniety-*"))) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/biuro/leszno/?cofnieto=2025",
        "/biuro/leszno/?cofnieto=99999999999999999999",
        "/biuro/leszno/?cofnieto=%3Cb%3E",
        "/biuro/leszno/2024/?zapisano=1",
    ],
)
async def test_a_link_cannot_make_an_office_page_claim_a_save_or_an_undo(
    folder: Path, tmp_path: Path, path: str
) -> None:
    async with office_site(folder, tmp_path) as site:
        await site.sign_in()
        page = await site.client.get(path)
        assert page.status_code == 200
        assert "Cofnięto" not in page.text
        assert "Zapisano." not in page.text
        assert 'role="status"' not in page.text
