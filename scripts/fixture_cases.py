"""Single documents of the layouts a city clerk met (notes of the clerk's trial, December 2026),
each for one kind of the importer's reading, written into tests/documents/fixtures/cases/:

- konin-2027-bip.html: a BIP page whose sidebar "Aktualności" table (a day | a headline) comes
  before the harmonogram, amounts, remarks, attachments and metryczka tables; the city named
  only declined ("Prezydent Miasta Konina", "Urząd Miejski w Koninie");
- kalisz-2027-kwartaly.xlsx: quarter columns "I kw. … IV kw." marked "X" under a title row,
  remarks ("konkurs wieloletni", "art. 19a – małe granty", "dwa nabory") and the signature
  line "Kalisz, 30.11.2026 r." under the table;
- kalisz-2027-miesiace.xlsx: month-name columns marked "x", the same signature line;
- testowo-2027-terminy.html: period cells the period reader reads but `notifier check` refuses
  (an hour the clocks skip, a day not in the calendar, a range ending before it starts, a
  year outside 1900–2199), beside cells that read.
Used by make_import_fixtures.py (openpyxl, the importer's own dependency)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl

KALISZ = [  # number, department, task, quarters, months, remark
    ("1", "Wydział Kultury Fizycznej i Turystyki", "Szkolenie dzieci i młodzieży w dyscyplinach olimpijskich", [1], [1], "konkurs wieloletni 2027–2029"),
    ("2", "Wydział Kultury Fizycznej i Turystyki", "Organizacja imprez turystycznych i krajoznawczych", [1, 2], [3, 4], ""),
    ("3", "Wydział Kultury i Sztuki", "Edukacja kulturalna dzieci i młodzieży", [1, 3], [2, 9], "dwa nabory"),
    ("4", "Miejski Ośrodek Pomocy Społecznej", "Prowadzenie Dziennego Domu Pomocy dla seniorów", [4], [11], ""),
    ("5", "Wydział Spraw Społecznych", "Przeciwdziałanie alkoholizmowi – małe inicjatywy sąsiedzkie", [2], [5], "art. 19a – małe granty"),
]  # fmt: skip
MONTHS = ("styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień",
          "wrzesień", "październik", "listopad", "grudzień")  # fmt: skip

KONIN_PAGE = """<!DOCTYPE html>
<html lang="pl"><head><meta charset="utf-8"><title>BIP – Urząd Miejski w Koninie</title></head>
<body>
<header><span>Biuletyn Informacji Publicznej Urzędu Miejskiego w Koninie</span></header>
<nav><ul><li><a href="/">Strona główna</a></li><li><a href="/ngo">Organizacje pozarządowe</a></li></ul></nav>
<aside><h3>Aktualności</h3><table class="news">
<tr><td>2026-11-28</td><td>Konsultacje programu współpracy na 2027 r.</td></tr>
<tr><td>20.11.2026</td><td>Wyniki konkursu – sport 2026</td></tr>
<tr><td>2026-11-14</td><td>Nabór do komisji konkursowej</td></tr></table></aside>
<main>
<h1>Harmonogram ogłaszania otwartych konkursów ofert na rok 2027</h1>
<p>Prezydent Miasta Konina informuje o planowanych terminach ogłaszania otwartych konkursów ofert.</p>
<table class="tabela" border="1">
<thead><tr><th>Lp.</th><th>Nazwa zadania</th><th>Termin ogłoszenia konkursu</th><th>Wysokość środków (zł)</th><th>Uwagi</th></tr></thead>
<tbody>
<tr><td colspan="5"><strong>WYDZIAŁ OŚWIATY</strong></td></tr>
<tr><td>1</td><td>Organizacja zajęć pozalekcyjnych rozwijających zainteresowania uczniów</td><td>II kwartał 2027</td><td>120 000,00</td><td></td></tr>
<tr><td>2</td><td>Wspieranie uczniów zdolnych – stypendia i warsztaty</td><td>III kw. 2027</td><td>45 000,00</td><td></td></tr>
<tr><td colspan="5"><strong>Wydział Spraw Społecznych i Zdrowia</strong></td></tr>
<tr><td>3</td><td>Prowadzenie Centrum Aktywności Seniora</td><td>I – II kw. 2027</td><td>200 000,00</td><td>konkurs trzyletni</td></tr>
<tr><td>4</td><td>Profilaktyka chorób nowotworowych – badania przesiewowe</td><td>IV kwartał 2026</td><td>80 000,00</td><td></td></tr>
</tbody></table>
<p><em>Aktualizacja: 30.11.2026</em></p>
<h3>Metryczka</h3>
<table class="metryczka"><tr><td>Wytworzył:</td><td>Anna Kowalczyk</td></tr><tr><td>Data wytworzenia:</td><td>2026-11-30</td></tr></table>
</main>
<footer><p>Urząd Miejski w Koninie, pl. Wolności 1, 62-500 Konin</p></footer>
</body></html>
"""


def write_cases(out: Path, reproducible_zip: Callable[[Path], None]) -> list[Path]:
    """Write the documents; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "konin-2027-bip.html").write_text(KONIN_PAGE, encoding="utf-8")
    quarters = ["I kw.", "II kw.", "III kw.", "IV kw."]
    _marked_sheet(out / "kalisz-2027-kwartaly.xlsx", "GMINA MIEJSKA KALISZ – HARMONOGRAM KONKURSÓW OFERT NA 2027 ROK", quarters, 3, "X")  # fmt: skip
    _marked_sheet(out / "kalisz-2027-miesiace.xlsx", "Harmonogram otwartych konkursów ofert na 2027 rok", list(MONTHS), 4, "x")  # fmt: skip
    (out / "testowo-2027-terminy.html").write_text(_dates_page(), encoding="utf-8")
    paths = [out / "konin-2027-bip.html", out / "testowo-2027-terminy.html"]
    for name in ("kalisz-2027-kwartaly.xlsx", "kalisz-2027-miesiace.xlsx"):
        reproducible_zip(out / name)
        paths.append(out / name)
    return paths


ODD_PERIODS = [  # task, period as printed
    ("festyn miejski", "29 lutego 2027"),
    ("koncert plenerowy", "31.04.2027"),
    ("warsztaty teatralne", "od 30 marca 2027 do 1 marca 2027"),
    ("wystawa fotografii", "do 28 marca 2027 r. godz. 2:30"),
    ("kino letnie", "Maj 2027"),
    ("spektakl plenerowy", "Maj 2200"),
    ("jarmark świąteczny", "do 31 czerwca 2027 r."),
    ("rajd rowerowy", "1 maja 1899"),
]


def _dates_page() -> str:
    rows = "".join(
        f"<tr><td>{n}</td><td>Wydział Kultury</td><td>{task}</td><td>{period}</td></tr>\n"
        for n, (task, period) in enumerate(ODD_PERIODS, start=1)
    )
    return (
        '<!DOCTYPE html>\n<html lang="pl"><head><meta charset="utf-8"><title>BIP</title></head>'
        "<body>\n<h1>Harmonogram ogłaszania otwartych konkursów ofert w 2027 roku – Gmina "
        "Miejska Testowo</h1>\n<table>\n<tr><th>Lp.</th><th>Komórka organizacyjna</th>"
        "<th>Rodzaj zadania</th><th>Planowany termin ogłoszenia konkursu</th></tr>\n"
        f"{rows}</table>\n<p>Stan na dzień 30.11.2026 r.</p>\n</body></html>\n"
    )


def _marked_sheet(path: Path, title: str, columns: list[str], which: int, mark: str) -> None:
    """A sheet: the title in A1, an empty row, the header (Lp., department, task, one column
    per quarter or month, Uwagi), a row per task with its columns marked, then the signature."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Arkusz1"
    sheet.append([title])
    sheet.append([])
    sheet.append(["Lp.", "Komórka organizacyjna", "Zadanie publiczne", *columns, "Uwagi"])
    for row in KALISZ:
        marked = row[which]
        marks = [mark if n in marked else "" for n in range(1, len(columns) + 1)]  # type: ignore[operator]
        sheet.append([row[0], row[1], row[2], *marks, row[5]])
    sheet.append([])
    sheet.append(["Kalisz, 30.11.2026 r."])
    book.save(path)
