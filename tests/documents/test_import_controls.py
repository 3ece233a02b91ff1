"""What is no text in a document — control characters (a Word cell's end mark, a NUL, an
escape sequence), bidi overrides, invisible characters — is removed from every cell and line
whatever the format, and the review names each character and its place (issue 25; blind10a
M6: NUL bytes of a page became U+FFFD in names unsaid; M8: an XLSX's "_x001B_" escapes were
kept as written). The documents are the committed Leszno fixtures changed in memory."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from notifier.core.importing.controls import MAX_PLACES
from notifier.documents import import_document
from notifier.documents.xlsx import xstring

FIXTURES = Path(__file__).parent / "fixtures"
NO_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\ufffd]")


def in_package(name: str, part: str, old: str, new: str) -> bytes:
    """The fixture `name` with `old` replaced by `new` in its XML `part`."""
    out = io.BytesIO()
    with zipfile.ZipFile(FIXTURES / name) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            target.writestr(info.filename, data)
    return out.getvalue()


def in_text(name: str, old: str, new: str) -> bytes:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


KULTURA = "WYDZIAŁ KULTURY I SPORTU"
DIRTY = {  # the department's cell with what is no text, as each format can hold it
    "leszno-2024-cms.html": lambda: in_text(
        "leszno-2024-cms.html", KULTURA, "WYDZIAŁ \x00KULTURY\x1b[31m I\u202e SPORTU"
    ),
    "leszno-2024-bip.html": lambda: in_text(
        "leszno-2024-bip.html", KULTURA, "WYDZIAŁ \x00KULTURY\x01 I\u202e SPORTU"
    ),
    # a NUL in its first 4 kB makes a text a binary file (refused): another control here
    "leszno-2024-komorki.txt": lambda: in_text(
        "leszno-2024-komorki.txt", KULTURA, "WYDZIAŁ \x01KULTURY\x1b[2J I\u202e SPORTU"
    ),
    "leszno-2024.xlsx": lambda: in_package(
        "leszno-2024.xlsx",
        "xl/worksheets/sheet1.xml",
        "KULTURY I SPORTU",  # its "Ł" written as "&#321;"
        "_x0000_KULTURY_x001B_[31m I_x202E_ SPORTU",
    ),
    # XML holds no C0 control (the package is refused: test_broken_*), but bidi and
    # invisible characters, written as character references
    "leszno-2024.docx": lambda: in_package(
        "leszno-2024.docx", "word/document.xml", KULTURA, "WYDZIAŁ &#x200B;KULTURY I&#x202E; SPORTU"
    ),
    "leszno-2024.odt": lambda: in_package(
        "leszno-2024.odt", "content.xml", KULTURA, "WYDZIAŁ &#x200B;KULTURY I&#x202E; SPORTU"
    ),
    "leszno-2024.ods": lambda: in_package(
        "leszno-2024.ods", "content.xml", KULTURA, "WYDZIAŁ &#x200B;KULTURY I&#x202E; SPORTU"
    ),
}


@pytest.mark.parametrize("name", sorted(DIRTY))
def test_what_is_no_text_is_removed_from_a_cell_and_named_with_its_place(name: str) -> None:
    result = import_document(DIRTY[name](), name)
    names = [d.name for d in result.schedule.departments]
    assert "Wydział Kultury i Sportu" in names
    assert not NO_TEXT.search(result.toml)
    assert len(result.imported.tasks()) == 28
    notes = [n for n in result.review.splitlines() if "usunięto" in n]
    assert "usunięto znaki sterujące i niewidoczne z tekstu dokumentu" in notes[0]
    place = notes[1].split(":")[0]  # "tabela 1, wiersz 19", "arkusz 1, wiersz 21", …
    assert re.fullmatch(r"\s+- ((tabela|arkusz|strona) \d+, )?wiersz \d+( tekstu)?", place)
    assert "U+202E (może ukryć lub odwrócić tekst)" in notes[1]
    assert "zostało „WYDZIAŁ KULTURY I SPORTU”" in notes[1]
    if not name.endswith(("docx", "odt", "ods", "txt")):
        assert "znak sterujący U+0000" in notes[1]


def test_an_escape_sequence_goes_whole_and_each_place_is_named_up_to_a_bound() -> None:
    text = (FIXTURES / "leszno-2024-komorki.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    dirty = "\n".join(f"{line}\x07" if line.strip() else line for line in lines)
    dirty = dirty.replace("Maj 2024", "Maj\x1b]8;;http://x.example\x07 2024", 1)
    result = import_document(dirty.encode(), "leszno-2024-komorki.txt")
    clean = import_document(text.encode(), "leszno-2024-komorki.txt")
    assert result.toml.replace("leszno-2024-komorki", "") == clean.toml.replace(
        "leszno-2024-komorki", ""
    )
    notes = [n for n in result.review.splitlines() if "usunięto" in n or "innych miejscach" in n]
    filled = sum(1 for line in lines if line.strip())
    assert f"dokumentu ({filled + 1})" in notes[0]
    assert len(notes) == 1 + MAX_PLACES + 1
    assert f"… i w {filled - MAX_PLACES} innych miejscach dokumentu" in notes[-1]
    assert "usunięto" not in clean.review


def test_a_form_feed_of_a_text_is_a_page_break_not_a_removed_character() -> None:
    result = import_document(
        (FIXTURES / "lodz-2023-layout.txt").read_bytes(), "lodz-2023-layout.txt"
    )
    assert "usunięto" not in result.review
    assert len(result.imported.tasks()) == 7


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Wydział _x001B_[31mKultury_x202E_", "Wydział \x1b[31mKultury\u202e"),
        ("_x005F_x0041_", "_x0041_"),  # Excel's literal "_x0041_": its "_" escaped
        ("Maj_x000A_2024", "Maj\n2024"),
        ("_x0105_ _x0104_", "ą Ą"),
        ("_xD83D__xDE00_", "\U0001f600"),  # a surrogate pair is one character
        ("_x00e9_", "é"),
        ("_x12_ _X0041_ _x00G1_", "_x12_ _X0041_ _x00G1_"),  # no escape: as written
    ],
)
def test_an_xlsx_string_is_read_as_excel_shows_it(written: str, read: str) -> None:
    assert xstring(written) == read


def test_an_escaped_period_of_an_xlsx_is_read_as_its_characters() -> None:
    data = in_package(
        "leszno-2024.xlsx", "xl/worksheets/sheet1.xml", "Maj 2024", "Maj_x0020_2024_x000D_"
    )
    result = import_document(data, "leszno-2024.xlsx")
    assert "Maj 2024" in [t.period for t in result.imported.tasks()]
