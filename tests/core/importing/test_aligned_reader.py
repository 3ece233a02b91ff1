"""The aligned reader on words placed by hand: the kinds of table a PDF without ruling lines
holds (columns found by their gutters, a merged period at the top, middle or bottom of the
rows it covers, a header repeated on a page, a task broken by a page, no table at all)."""

from __future__ import annotations

import pytest

from notifier.core.importing.aligned_reader import Word, aligned_tables
from notifier.core.importing.table_reader import read_tables

CHAR = 5.0  # points per character
LINE = 12.0  # points between two lines of one cell
HEIGHT = 9.0
TASK_X, PERIOD_X = 40.0, 330.0


def words(x: float, top: float, text: str) -> list[Word]:
    """The words of `text` printed from x at `top` (a space is half a character)."""
    out = []
    for word in text.split():
        out.append(Word(word, x, x + CHAR * len(word), top, top + HEIGHT))
        x += CHAR * (len(word) + 0.5)
    return out


def page(rows: list[tuple[list[str], list[str]]], valign: str, top: float = 60.0) -> list[Word]:
    """Two columns (task lines, period lines) per row, 6 points between rows; a row whose
    period list is empty has its period printed by a row before or after (merged)."""
    out: list[Word] = []
    for task, period in rows:
        for i, line in enumerate(task):
            out += words(TASK_X, top + i * LINE, line)
        offset = {"top": 0.0, "middle": (len(task) - len(period)) * LINE / 2}.get(
            valign, (len(task) - len(period)) * LINE
        )
        for i, line in enumerate(period):
            out += words(PERIOD_X, top + offset + i * LINE, line)
        top += len(task) * LINE + 6
    return out


HEADER = (["Zadanie"], ["Termin ogłoszenia"])


def read(pages: list[list[Word]]):  # type: ignore[no-untyped-def]
    tables, around = aligned_tables(pages)
    return read_tables(tables, around, 2025)


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_a_period_printed_once_reaches_the_rows_it_covers(valign: str) -> None:
    rows = [
        HEADER,
        (["1) prowadzenie klubów", "abstynenckich dla mieszkańców"], ["Maj 2025"]),
        (["2) pomoc ofiarom przemocy", "domowej"], ["Czerwiec 2025"]),
        (["3) organizacja wypoczynku letniego", "dla dzieci i młodzieży"], []),
        (["4) kreowanie nowych form", "turystyki"], []),
    ]
    if valign == "middle":  # one period centred on the three rows it covers
        rows[2], rows[3], rows[4] = (rows[2][0], []), (rows[3][0], ["Czerwiec 2025"]), rows[4]
    if valign == "bottom":
        rows[2], rows[4] = (rows[2][0], []), (rows[4][0], ["Czerwiec 2025"])
    result = read([page(rows, valign)])
    got = [(t.number, t.period) for t in result.tasks()]
    assert got == [
        ("1", "Maj 2025"),
        ("2", "Czerwiec 2025"),
        ("3", "Czerwiec 2025"),
        ("4", "Czerwiec 2025"),
    ]
    first = result.tasks()[0]
    assert first.title == "prowadzenie klubów abstynenckich dla mieszkańców"


def test_a_heading_row_spanning_the_table_is_a_department() -> None:
    title = words(TASK_X, 10.0, "Harmonogram konkursów 2025")
    header = page([HEADER], "top", top=40.0)
    heading = words(
        TASK_X, 58.0, "WYDZIAŁ KULTURY I SPORTU ORAZ TURYSTYKI MIASTA I GMINY WIEJSKIEJ"
    )
    body = page(
        [(["1) upowszechnianie sportu"], ["Marzec 2025"]), (["2) ochrona", "dziedzictwa"], ["-"])],
        "top",
        top=76.0,
    )
    result = read([[*title, *header, *heading, *body]])
    assert result.title == "Harmonogram konkursów 2025"
    assert [d.printed for d in result.departments] == [
        "WYDZIAŁ KULTURY I SPORTU ORAZ TURYSTYKI MIASTA I GMINY WIEJSKIEJ"
    ]
    assert [(t.title, t.period) for t in result.tasks()] == [
        ("upowszechnianie sportu", "Marzec 2025"),
        ("ochrona dziedzictwa", "-"),
    ]


def test_a_header_repeated_on_the_next_page_and_a_task_broken_by_it() -> None:
    first = page(
        [
            HEADER,
            (["1) prowadzenie klubów"], ["Maj 2025"]),
            (
                ["2) działania aktywizujące i integrujące", "społeczność lokalną poprzez"],
                ["Luty 2025"],
            ),
        ],
        "top",
    )
    second = page(
        [
            HEADER,
            (["organizację wydarzeń dla mieszkańców"], []),
            (["3) pomoc ofiarom przemocy"], ["Marzec 2025"]),
        ],
        "top",
        top=40.0,
    )
    result = read([first, second])
    titles = [t.title for t in result.tasks()]
    assert titles == [
        "prowadzenie klubów",
        (
            "działania aktywizujące i integrujące społeczność lokalną poprzez organizację "
            "wydarzeń dla mieszkańców"
        ),
        "pomoc ofiarom przemocy",
    ]
    assert [t.period for t in result.tasks()] == ["Maj 2025", "Luty 2025", "Marzec 2025"]
    assert any("podział strony" in note for note in result.notes)


def test_text_without_columns_gives_no_table() -> None:
    text = [
        *words(TASK_X, 40.0, "Uchwała w sprawie programu współpracy"),
        *words(TASK_X, 52.0, "z organizacjami pozarządowymi na rok 2025"),
    ]
    assert aligned_tables([text]) == (
        [],
        "Uchwała w sprawie programu współpracy\nz organizacjami pozarządowymi na rok 2025",
    )
