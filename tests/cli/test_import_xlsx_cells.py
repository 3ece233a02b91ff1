"""`notifier import` of an XLSX reads its cells as the served-file reader and `check` do
(blind round six, F1 and F2): a printed day the calendar does not have never becomes a
month's or a year's window, an invisible character is removed as a control character is,
a date cell is a Polish date as Excel shows it, and a cell the file holds no value for is
refused naming it."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path

import openpyxl
import pytest

from notifier.cli.main import main
from notifier.core.schedule import ScheduleError
from notifier.files.reading import load_schedule

HEADER = ["Nazwa zadania", "Termin ogłoszenia konkursu"]
TITLES = ("rozwój sportu", "ochrona zdrowia", "pomoc rodzinom", "kultura ludowa")


def _xlsx(path: Path, periods: list[object], formats: dict[int, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for n, period in enumerate(periods):
        sheet.append([f"{TITLES[n % len(TITLES)]} {n + 1}", period])
    for row, number_format in (formats or {}).items():
        sheet.cell(row=row, column=2).number_format = number_format
    book.save(path)
    return path


def _import(tmp_path: Path, document: Path) -> tuple[int, Path]:
    out = tmp_path / "out.toml"
    code = main(
        ["import", str(document), "-o", str(out), "--city", "Przykładowo", "--year", "2027"]
    )
    return code, out


def _tasks(out: Path) -> list[dict[str, object]]:
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    return [t for d in data["departments"] for t in d["tasks"]]


@pytest.mark.parametrize(
    "printed",
    [
        "29 lutego 2027",
        "31 kwietnia 2027",
        "0 stycznia 2027",
        "31 czerwca 2027",
        "32 maja 2027",
        "30.02.2027",
        "31.11.2027",
        "do 31 września 2027",
        "1–31 kwietnia 2027",
    ],
)
def test_a_day_not_in_the_calendar_is_refused_naming_it_never_a_wider_window(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
    printed: str,
) -> None:
    code, out = _import(tmp_path, _xlsx(tmp_path / "dni.xlsx", [printed, "Czerwiec 2027"]))
    assert code == 0
    review = capsys.readouterr().out
    first, second = _tasks(out)
    assert first["period"] == "-"
    assert "window" not in first
    assert "nie ma dnia" in review
    assert "w kalendarzu — w pliku period = „-”" in review
    assert f"w dokumencie: {printed} (nieodczytane)" in out.read_text(encoding="utf-8")
    assert second["period"] == "Czerwiec 2027"
    assert main(["check", str(out)]) == 0


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"])
def test_an_invisible_character_in_a_period_is_removed_and_said(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
    invisible: str,
) -> None:
    document = _xlsx(
        tmp_path / "znaki.xlsx", [f"Maj{invisible} 2027", f"15 cze{invisible}rwca 2027"]
    )
    code, out = _import(tmp_path, document)
    assert code == 0
    review = capsys.readouterr().out
    assert "usunięto znaki sterujące i niewidoczne z tekstu dokumentu (2)" in review
    first, second = _tasks(out)
    assert (first["period"], second["period"]) == ("Maj 2027", "15 czerwca 2027")
    assert "window" not in first
    assert "window" not in second
    assert main(["check", str(out)]) == 0
    windows = [t.period.windows for t in load_schedule(out).tasks()]
    assert windows[0][0].start == datetime.date(2027, 5, 1)
    assert windows[1][0].start == datetime.date(2027, 6, 15)


# An invisible character is removed from every text of a file (issue 25, m1): the print then
# reads "Maj 2027", which is precise, so the window beside it is refused for that.
_PRECISE = "pole window jest tylko dla okresu nieprecyzyjnego lub nieczytelnego"


@pytest.mark.parametrize(
    ("period", "named"),
    [
        ("Maj\u200b 2027", _PRECISE),
        ("Maj\u200c 2027", _PRECISE),
        ("Maj\u200d 2027", _PRECISE),
        ("Maj\ufeff 2027", _PRECISE),
        ("Maj\u2060 2027", _PRECISE),
        ("Maj\u00ad 2027", _PRECISE),
        ("29 lutego 2027", "nie ma dnia 29 lutego 2027 w kalendarzu"),
        ("31 kwietnia 2027", "nie ma dnia 31 kwietnia 2027 w kalendarzu"),
        ("0 stycznia 2027", "nie ma dnia 0 stycznia 2027 w kalendarzu"),
        ("31.04.2027", 'nie ma dnia "31.04.2027" w kalendarzu'),
    ],
)
def test_check_and_the_served_reader_refuse_a_window_beside_a_print_they_refuse(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
    period: str,
    named: str,
) -> None:
    """What the blind round's import wrote ("Maj\u200b 2027" with window "2027"): the file
    is refused by `check` and by the reader that serves files, naming the day or character."""
    path = tmp_path / "przykladowo-2027.toml"
    path.write_text(
        '[harmonogram]\ntitle = "Harmonogram"\ncity = "Przykładowo"\nyear = 2027\n'
        'as_of = 2027-01-01\n[office]\nname = "Biuro"\nemail = "biuro@example.org"\n'
        '[[departments]]\nid = "d"\nname = "Wydział"\n[[departments.tasks]]\nid = "t"\n'
        f'title = "Zadanie"\nperiod = "{period}"\nwindow = "maja 2027"\ntopics = ["sport"]\n'
        '[topics]\nsport = "Sport"\n',
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    assert named in capsys.readouterr().err
    with pytest.raises(ScheduleError, match=named.replace("+", r"\+")):
        load_schedule(path)


def test_date_cells_are_polish_dates_as_excel_shows_them(
    tmp_path: Path, clean_env: pytest.MonkeyPatch
) -> None:
    periods: list[object] = [
        datetime.date(2027, 3, 15),
        datetime.datetime(2027, 4, 1, 10, 30),
        datetime.date(2027, 5, 1),
        datetime.date(2027, 1, 1),
    ]
    document = _xlsx(
        tmp_path / "daty.xlsx",
        periods,
        {2: "dd.mm.yyyy", 3: "yyyy-mm-dd h:mm", 4: "mmmm yyyy", 5: "yyyy"},
    )
    code, out = _import(tmp_path, document)
    assert code == 0
    assert [t["period"] for t in _tasks(out)] == [
        "15.03.2027",
        "01.04.2027 godz. 10:30",
        "maj 2027",
        "2027",
    ]
    assert "00:00:00" not in out.read_text(encoding="utf-8")
    assert main(["check", str(out)]) == 0


@pytest.mark.parametrize(
    ("serial", "shown"), [(60, "28.02.1900"), (59, "28.02.1900"), (1, "01.01.1900")]
)
def test_a_date_excel_counts_wrongly_is_refused_naming_the_cell(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
    serial: int,
    shown: str,
) -> None:
    document = _xlsx(tmp_path / "1900.xlsx", ["marzec 2027", serial], {3: "dd.mm.yyyy"})
    code, out = _import(tmp_path, document)
    assert code == 1
    error = capsys.readouterr().err
    assert "Komórka B3 arkusza 1" in error
    assert "sprzed 1 marca 1900" in error
    assert f"({shown} albo nieistniejący w kalendarzu 29.02.1900" in error
    assert not out.exists()


def test_a_formula_without_a_value_is_refused_naming_the_cell_never_the_row_above(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    document = _xlsx(tmp_path / "formuly.xlsx", ["marzec 2027", "kwiecień 2027", "=DATE(2027,6,1)"])
    code, out = _import(tmp_path, document)
    assert code == 1
    error = capsys.readouterr().err
    assert "Komórka B4 arkusza 1" in error
    assert "formułę (=DATE(2027,6,1)) bez zapisanej wartości" in error
    assert not out.exists()
