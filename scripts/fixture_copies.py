"""Tables copied cell by cell into plain text (each cell on its own line, as copying a table
from a PDF viewer or Word gives), one text a kind of the department and task columns side by
side, written into tests/documents/fixtures/copies/ (notes of a blind test, December 2026):

- testowo-2027-komorki.txt: "Lp." | "Komórka organizacyjna" | "Rodzaj zadania" | "Planowany
  termin ogłoszenia konkursu", the department printed on every row, tasks in small letters;
- wzorcowo-2027-komorki.txt (cp1250): "L.p." | "Jednostka realizująca" | "Nazwa zadania" |
  "Termin ogłoszenia" | "Kwota (zł)" | "Uwagi": departments and tasks wrapped onto two lines
  ("Wydział Kultury, Sportu" / "i Turystyki", "… Spraw" / "Społecznych", a task's words in
  small letters on its next line, a word hyphenated), amounts and remarks beside;
- przykladowo-2027-komorki.txt (UTF-16): "Nr" | "Zadanie" | "Realizator" | "Termin", the
  department after the task, a name of initials ("MOPS");
- bez-numerow-2027-komorki.txt: "Jednostka odpowiedzialna" | "Działanie" | "Kwartał", no
  number column, the department on every row;
- scalone-2027-komorki.txt: the department printed once above its tasks (a merged cell), tasks
  in small letters, one wrapped;
- obszary-2027-komorki.txt: departments of no office's unit ("Kultura", "Sport") on every row,
  tasks in small letters;
- nazwy-2027-komorki.txt: such names printed once above their tasks: nothing shows where a
  name ends and its task begins, refused (REFUSED).
Each cell's lines are split by "\n". Used by make_import_fixtures.py."""

from __future__ import annotations

from pathlib import Path

Copy = tuple[str, str, list[str], list[list[str]]]  # name, encoding, header, rows of cells

COPIES: list[Copy] = [
    (
        "testowo-2027-komorki.txt",
        "utf-8",
        ["Lp.", "Komórka organizacyjna", "Rodzaj zadania", "Planowany termin ogłoszenia konkursu"],
        [
            ["1", "Wydział Kultury", "organizacja festynu miejskiego", "Maj 2027"],
            ["2", "Wydział Kultury", "wspieranie amatorskich zespołów artystycznych", "II kwartał 2027"],
            ["3", "Wydział Sportu", "szkolenie dzieci i młodzieży w dyscyplinach olimpijskich", "Styczeń 2027"],
            ["4", "Miejski Ośrodek Pomocy Rodzinie", "prowadzenie dziennego domu pobytu dla seniorów", "do 15 marca 2027 r."],
        ],
    ),
    (
        "wzorcowo-2027-komorki.txt",
        "cp1250",
        ["L.p.", "Jednostka realizująca", "Nazwa zadania", "Termin ogłoszenia", "Kwota (zł)", "Uwagi"],
        [
            ["1.", "Wydział Kultury, Sportu\ni Turystyki", "organizacja imprez kulturalnych o zasięgu\nponadlokalnym", "I kwartał 2027", "120 000,00", "konkurs wieloletni"],
            ["2.", "Wydział Kultury, Sportu\ni Turystyki", "promocja turystyki i krajoznaw-\nstwa wśród mieszkańców", "Kwiecień 2027", "45 000,00", ""],
            ["3.", "Wydział Zdrowia i Spraw\nSpołecznych", "przeciwdziałanie uzależnieniom, w tym\nprowadzenie świetlic", "Luty 2027", "200 000,00", "środki z opłat za\nzezwolenia"],
            ["4.", "Biuro ds. Organizacji\nPozarządowych", "Wspieranie wolontariatu", "w trybie ciągłym", "30 000,00", ""],
        ],
    ),
    (
        "przykladowo-2027-komorki.txt",
        "utf-16",
        ["Nr", "Zadanie", "Realizator", "Termin"],
        [
            ["1", "Prowadzenie klubu seniora\nna osiedlu Zielonym", "MOPS", "Marzec 2027"],
            ["2", "Organizacja zawodów sportowych\ndla dzieci", "Wydział Sportu", "Czerwiec 2027"],
            ["3", "Edukacja ekologiczna mieszkańców", "Wydział Ochrony\nŚrodowiska", "IV kwartał 2027"],
        ],
    ),
    (
        "bez-numerow-2027-komorki.txt",
        "utf-8",
        ["Jednostka odpowiedzialna", "Działanie", "Kwartał"],
        [
            ["Referat Oświaty", "zajęcia pozalekcyjne dla uczniów szkół podstawowych", "I kwartał 2027"],
            ["Referat Oświaty", "wypoczynek letni dzieci", "II kwartał 2027"],
            ["Gminny Ośrodek Kultury", "warsztaty rękodzieła ludowego", "III kwartał 2027"],
        ],
    ),
    (
        "scalone-2027-komorki.txt",
        "utf-8",
        ["Lp.", "Komórka organizacyjna", "Rodzaj zadania", "Termin ogłoszenia konkursu"],
        [
            ["1.", "Wydział Kultury", "organizacja festynu miejskiego", "Maj 2027"],
            ["2.", "", "wspieranie amatorskich zespołów\nartystycznych", "Czerwiec 2027"],
            ["3.", "Wydział Sportu", "szkolenie dzieci i młodzieży", "Styczeń 2027"],
            ["4.", "", "organizacja zawodów pływackich", "Lipiec 2027"],
        ],
    ),
    (
        "obszary-2027-komorki.txt",
        "utf-8",
        ["Lp.", "Komórka", "Rodzaj zadania", "Termin"],
        [
            ["1", "Kultura", "organizacja festynu miejskiego", "Maj 2027"],
            ["2", "Kultura", "wspieranie amatorskich zespołów artystycznych", "II kwartał 2027"],
            ["3", "Sport", "szkolenie dzieci i młodzieży w dyscyplinach olimpijskich", "Styczeń 2027"],
            ["4", "Pomoc społeczna", "prowadzenie dziennego domu pobytu dla seniorów", "do 15 marca 2027 r."],
        ],
    ),
    (
        "nazwy-2027-komorki.txt",
        "utf-8",
        ["Lp.", "Komórka", "Rodzaj zadania", "Termin"],
        [
            ["1", "Kultura", "organizacja festynu miejskiego", "Maj 2027"],
            ["2", "", "wspieranie amatorskich zespołów artystycznych", "II kwartał 2027"],
            ["3", "Sport", "szkolenie dzieci i młodzieży", "Styczeń 2027"],
        ],
    ),
]  # fmt: skip
# no copy can show where the department's name ends: refused, saying why
REFUSED = {"nazwy-2027-komorki.txt": "żadnego wiersza nie udało się podzielić na komórkę i zadanie"}
CITIES = {"testowo": "Testowo", "wzorcowo": "Wzorcowo", "przykladowo": "Przykładowo"}
CITIES |= {"bez": "Bezmiano", "scalone": "Scalowo", "obszary": "Obszarowo", "nazwy": "Nazwowo"}
TITLE = "Harmonogram otwartych konkursów ofert na rok 2027 – Gmina {city}"
FOOTER = "Stan na dzień 30.11.2026 r."


def write_copies(out: Path) -> list[Path]:
    """Write the texts; return their paths. An empty cell (a merged one's rows below its
    first) is not copied."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, encoding, header, rows in COPIES:
        city = CITIES[name.split("-")[0]]
        lines = [TITLE.format(city=city), "", *header]
        for row in rows:
            lines += [line for cell in row if cell for line in cell.split("\n")]
        lines += ["", FOOTER]
        path = out / name
        path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
        paths.append(path)
    return paths
