"""Harmonograms printed as labelled lines, one block per competition (no table), and the
guard that no reader writes tasks that are not tasks. Pure core: text in, data out."""

from __future__ import annotations

import pytest

from notifier.core.importing.model import DocumentError
from notifier.core.importing.review import build_import
from notifier.core.importing.sanity import title_problem
from notifier.core.importing.text_reader import read_text

# Białystok's culture department, "Struktura konkursów dla NGO", 2023 (bialystok.pl,
# /pl/dla_mieszkancow/kultura/realizacjaprogramupolitykikulturalnej/struktura-konkursow-dla-ngo.html,
# the search tool's stored copy): the first block as printed, the priorities cut to two; the
# copy ends inside "Kwota na …", so the amount line and the second block are made up after it.
BIALYSTOK_2023 = """Struktura konkursów dla NGO

2023 rok - konkursy ofert na zadania z zakresu kultury, sztuki, ochrony dóbr kultury i dziedzictwa narodowego

Priorytety

W projekcie budżetu Miasta Białegostoku na 2023 rok zaplanowano środki na NGO w dz. 921 w wysokości 2.200.000 zł.

I. Konkurs na działania całoroczne

Priorytety:

 • wspieranie przedsięwzięć kulturalnych o wysokiej randze artystycznej: festiwali, konkursów, prezentacji, spektakli, realizowanych na terenie miasta;
 • wspieranie i promocja wydarzeń teatralnych i tanecznych;

W pierwszym konkursie ofert ujęto środki na projekty wieloletnie realizowane w ramach „Programu Polityki Kulturalnej Miasta Białystok na lata 2018-2022 plus”, tj. Wydarzenia Kluczowe i Dom kultury na Osiedlu Słoneczny Stok.

Planowany termin ogłoszenia konkursu: listopad 2022
Termin realizacji zadania: styczeń - grudzień 2023
Kwota na konkurs: 1.500.000 zł

II. Konkurs na projekty niskobudżetowe

Priorytety:

 1. działania na osiedlach;

Planowany termin ogłoszenia konkursu: marzec
Termin realizacji zadania: maj - grudzień 2023
"""

# The same kind with every part labelled, the department too (constructed).
LABELS_ONLY = """Harmonogram otwartych konkursów ofert na 2025 rok

Nazwa zadania: Organizacja wypoczynku letniego dzieci
Termin ogłoszenia: Marzec 2025
Komórka: WYDZIAŁ EDUKACJI

Nazwa zadania: Prowadzenie świetlic środowiskowych
Termin ogłoszenia:
Styczeń 2025
Komórka: WYDZIAŁ EDUKACJI

Nazwa zadania: Profilaktyka uzależnień
Planowany termin ogłoszenia konkursu: II kwartał 2025
Komórka: Biuro Zdrowia
"""


def test_bialystok_2023_reads_one_task_per_numbered_block() -> None:
    imported = read_text(BIALYSTOK_2023, 2023)
    tasks = imported.tasks()
    assert [(t.number, t.title, t.period) for t in tasks] == [
        ("I", "Konkurs na działania całoroczne", "listopad 2022"),
        ("II", "Konkurs na projekty niskobudżetowe", "marzec"),
    ]
    notes = "\n".join(imported.notes)
    assert "dokument bez tabeli: odczytano 2 zadania" in notes
    assert "„Termin realizacji zadania” (2)" in notes
    assert "„Kwota na konkurs” (1)" in notes
    result = build_import(imported, source="b.txt", city="Białystok", year=2023, as_of=None)
    assert len(list(result.schedule.tasks())) == 2
    # "marzec" has no year: read in the harmonogram's, and the review says so, never silently
    assert "„marzec” (" in result.review
    assert "bez roku" in result.review
    assert "rok przyjęty z nagłówka: proszę sprawdzić" in result.toml


def test_labelled_blocks_give_titles_periods_and_departments() -> None:
    imported = read_text(LABELS_ONLY)
    assert imported.year == 2025
    assert [(d.name, [(t.title, t.period) for t in d.tasks]) for d in imported.departments] == [
        (
            "Wydział Edukacji",
            [
                ("Organizacja wypoczynku letniego dzieci", "Marzec 2025"),
                ("Prowadzenie świetlic środowiskowych", "Styczeń 2025"),
            ],
        ),
        ("Biuro Zdrowia", [("Profilaktyka uzależnień", "II kwartał 2025")]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # announcement dates with no name above them
        (
            "Konkursy 2023\n\nPlanowany termin ogłoszenia konkursu: listopad 2022\n"
            "Kwota na konkurs: 1.500.000 zł\n\nPlanowany termin ogłoszenia konkursu: marzec 2023\n"
        ),
        # two dates in one numbered block: which is whose cannot be told
        (
            "I. Konkurs na działania całoroczne\nTermin ogłoszenia: marzec 2023\n"
            "Termin ogłoszenia: maj 2023\n"
        ),
    ],
)
def test_labels_without_one_name_per_date_are_refused(text: str) -> None:
    with pytest.raises(DocumentError) as refused:
        read_text(text, 2023)
    message = str(refused.value)
    assert "z terminem ogłoszenia konkursu (pierwszy: „" in message
    assert "Import nie zgaduje zadań" in message


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("Kwota na konkurs: 1.500.000 zł", "etykietą"),
        (
            "Priorytety W projekcie budżetu Planowany termin ogłoszenia konkursu: listopad",
            "etykietami",
        ),
        ("listopad 2022", "termin"),
        ("Maj 2023 (planowany)", "termin"),  # m13's kind: a date with a remark
        ("III 2023", "termin"),  # a month or a quarter, a date either way
        ("XII.2023 r.", "termin"),
        ("1.500.000 zł", "kwota"),
        ("oraz wspieranie inicjatyw kulturalnych;", "urywek"),
        ("wspieranie i promocja wydarzeń teatralnych i tanecz-", "urywek"),
    ],
)
def test_a_title_that_is_no_task_is_named(title: str, why: str) -> None:
    problem = title_problem(title, 2023)
    assert problem is not None
    assert why in problem


@pytest.mark.parametrize(
    "title",
    [
        "opieka nad dziećmi i młodzieżą w czasie wolnym od zajęć szkolnych",
        "Konkurs na działania całoroczne",
        "Organizacja imprez sportowych: mistrzostwa miasta",
        "2) prowadzenie klubów abstynenckich",
        "rewitalizacji;",  # Leszno's tasks are items of a list, each ending with ";"
    ],
)
def test_a_real_task_title_is_not_suspicious(title: str) -> None:
    assert title_problem(title, 2024) is None


def test_a_call_announcement_is_refused_not_turned_into_tasks() -> None:
    """Rzeszów's call for a revitalisation operator, 2021 (erzeszow.pl, "Otwarty konkurs ofert
    na wybór operatora projektu…", the stored copy, cut): a call, not a harmonogram."""
    text = (
        "PREZYDENT MIASTA RZESZOWA\nogłasza otwarty konkurs ofert na wybór operatora projektu\n\n"
        "I. Rodzaj zadania:\nProwadzenie działań rewitalizacyjnych należących do sfery "
        "społecznej procesu rewitalizacji.\nII. Wysokość środków publicznych przeznaczonych na "
        "realizację tego zadania:\n60 000 zł (słownie: sześćdziesiąt tysięcy złotych)\n\n"
        "Termin realizacji: od 1 czerwca 2021\n"
    )
    with pytest.raises(DocumentError):
        build_import(read_text(text, 2021), source="r.txt", city="Rzeszów", year=2021, as_of=None)


def test_a_page_or_document_without_a_table_is_read_as_its_labelled_blocks() -> None:
    """The page as a CMS prints it (paragraphs with no newline between them) and as a DOCX of
    paragraphs: the table formats fall back to the labelled blocks of their text."""
    import io

    import docx

    from notifier.documents import import_document

    blocks = [b for b in BIALYSTOK_2023.split("\n") if b.strip()]
    page = "".join(f"<p>{line}</p>" for line in blocks).encode()
    document = docx.Document()
    for line in blocks:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    for name, data in (("strona.html", page), ("plan.docx", buffer.getvalue())):
        result = import_document(data, name, city="Białystok", year=2023)
        titles = [t.title for t in result.schedule.tasks()]
        assert titles == ["Konkurs na działania całoroczne", "Konkurs na projekty niskobudżetowe"]


def test_the_same_prose_without_its_labels_is_refused_not_turned_into_tasks() -> None:
    """What the text reader made of it before: two "tasks" whose period is the page's heading
    sentence ("2023 rok - konkursy ofert na zadania z zakresu kultury, …")."""
    text = "\n".join(x for x in BIALYSTOK_2023.splitlines() if "ogłoszenia" not in x)
    with pytest.raises(DocumentError) as refused:
        build_import(read_text(text, 2023), source="b.txt", city="Białystok", year=2023, as_of=None)
    assert "3 z nich nie wyglądają na zadania harmonogramu" in str(refused.value)
    assert "to zdanie, nie termin ogłoszenia" in str(refused.value)


@pytest.mark.parametrize(
    "text",
    [
        # the department above its tasks: a heading for the blocks after it
        (
            "Komórka: WYDZIAŁ EDUKACJI\nNazwa zadania: Wypoczynek dzieci\nTermin ogłoszenia: "
            "Marzec 2025\nNazwa zadania: Świetlice\nTermin ogłoszenia: Maj 2025\n\nKomórka: "
            "Biuro Zdrowia\nNazwa zadania: Profilaktyka\nTermin ogłoszenia: Czerwiec 2025\n"
        ),
        # once above numbered blocks
        (
            "Komórka organizacyjna: Wydział Edukacji\n\nI. Wypoczynek dzieci\nTermin ogłoszenia: "
            "Marzec 2025\nII. Świetlice\nTermin ogłoszenia: Maj 2025\n\nKomórka organizacyjna: "
            "Biuro Zdrowia\nIII. Profilaktyka\nTermin ogłoszenia: Czerwiec 2025\n"
        ),
    ],
)
def test_a_department_printed_before_its_blocks_heads_them(text: str) -> None:
    imported = read_text(text, 2025)
    assert [(d.name, [t.title for t in d.tasks]) for d in imported.departments] == [
        ("Wydział Edukacji", ["Wypoczynek dzieci", "Świetlice"]),
        ("Biuro Zdrowia", ["Profilaktyka"]),
    ]


def test_the_office_draft_marks_a_row_whose_title_is_no_task() -> None:
    from notifier.core.importing.draft import DraftRow, row_problems

    rows = [
        DraftRow("Wydział", "Kwota na konkurs: 5 zł", "Maj 2025"),
        DraftRow("W", "Sport", "Maj 2025"),
    ]
    problems = row_problems(rows, 2025, None)
    assert "etykietą" in problems[0]
    assert problems[1] == ""
