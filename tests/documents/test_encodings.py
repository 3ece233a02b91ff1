"""The characters of a page or a text saved in the code pages Polish offices use (blind round,
issue 22 F1: an ISO-8859-2 page was written as "Wydział Ł±czno¶ci i ¦rodowiska", exit 0).
Every declaration form × Windows-1250 and ISO-8859-2 × HTML and text, UTF-8 under a wrong
declaration and a BOM, pages whose declaration the bytes contradict, and files mixing both code
pages (refused): fixtures of scripts/fixture_encodings.py in tests/documents/fixtures/encodings.
Also the tester's F2: <text:s text:c="99999999999999999999"/> and its kin, and the program
error's message naming its kind instead of a log a one-shot command does not write."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from notifier.core.importing.model import DocumentError
from notifier.documents import import_document
from notifier.documents.encoding import decode_document, decode_text, whatwg_codec
from notifier.documents.isolated import _result

ROOT = Path(__file__).resolve().parents[2]
ENCODINGS = Path(__file__).parent / "fixtures" / "encodings"
sys.path.insert(0, str(ROOT / "scripts"))
try:
    from fixture_encodings import write_encodings
    from fixture_hostile import odt_with_cell_spaces
finally:
    sys.path.remove(str(ROOT / "scripts"))

# What the fixtures hold (scripts/fixture_encodings.py), every letter the two code pages differ
# in among them: ą ś ź Ą Ś Ź.
PRINTED = (
    'name = "Wydział Łączności i Środowiska"',
    'title = "Źródła wiedzy o środowisku"',
    'title = "Ąę: pomoc społeczna, ŚWIĘTA RODZINY"',
    'title = "Ochrona dóbr kultury, żłobki i źrebięta"',
)
SHOWN = {"w1250": "Windows-1250", "l2": "ISO-8859-2", "utf8": "UTF-8"}
READ = sorted(p.name for p in ENCODINGS.iterdir() if not p.name.startswith("mixed"))


def imported(name: str) -> tuple[str, str]:
    result = import_document((ENCODINGS / name).read_bytes(), name, city="Kalisz", year=2027)
    return result.toml, result.review


def test_the_fixtures_cover_every_declaration_form_code_page_and_kind() -> None:
    for short in ("w1250", "l2"):
        for form in ("meta", "equiv", "xml", "none"):
            assert f"{short}-{form}.html" in READ
        assert f"{short}.txt" in READ
    assert {"mixed.html", "mixed.txt"} <= {p.name for p in ENCODINGS.iterdir()}


def test_the_generator_writes_the_committed_fixtures(tmp_path: Path) -> None:
    written = {p.name: p.read_bytes() for p in write_encodings(tmp_path)}
    assert written == {p.name: p.read_bytes() for p in ENCODINGS.iterdir()}


@pytest.mark.parametrize("name", READ)
def test_every_polish_letter_is_written_as_printed(name: str) -> None:
    toml, _ = imported(name)
    for line in PRINTED:
        assert line in toml, (name, line)
    assert not any(c in toml for c in "±¶¼¦¬šľĽ\ufffd")


# Declared rightly (UTF-8 under a wrong declaration: the next test).
RIGHTLY = [f"{short}-{form}.html" for short in ("w1250", "l2") for form in ("meta", "equiv", "xml")]


@pytest.mark.parametrize("name", RIGHTLY)
def test_a_page_read_as_it_declares_has_no_note_on_its_characters(name: str) -> None:
    _, review = imported(name)
    assert "odczytano" not in review
    assert "kodowani" not in review


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("w1250-none.html", "plik nie deklaruje kodowania i nie jest w UTF-8; może to Windows-1250 albo ISO-8859-2 – odczytano jako Windows-1250, bo"),
        ("l2-none.html", "plik nie deklaruje kodowania i nie jest w UTF-8; może to Windows-1250 albo ISO-8859-2 – odczytano jako ISO-8859-2, bo"),
        ("w1250.txt", "odczytano jako Windows-1250, bo"),
        ("l2.txt", "odczytano jako ISO-8859-2, bo"),
        ("l2-declared-w1250.html", "strona deklaruje kodowanie windows-1250; może to Windows-1250 albo ISO-8859-2 – odczytano jako ISO-8859-2"),
        ("w1250-declared-l2.html", "strona deklaruje kodowanie ISO-8859-2; może to Windows-1250 albo ISO-8859-2 – odczytano jako Windows-1250"),
        ("l2-declared-latin1.html", "strona deklaruje kodowanie latin1; może to Windows-1250 albo ISO-8859-2 – odczytano jako ISO-8859-2"),
        ("w1250-declared-utf8.html", "strona deklaruje kodowanie utf-8, ale jej bajty nie są UTF-8; może to"),
        ("utf8-declared-l2-meta.html", "strona deklaruje kodowanie ISO-8859-2, ale jej bajty są w UTF-8"),
        ("utf8-declared-l2-xml.html", "strona deklaruje kodowanie ISO-8859-2, ale jej bajty są w UTF-8"),
        ("utf8-bom-declared-w1250.html", "strona deklaruje kodowanie windows-1250, ale znacznik BOM pliku wskazuje UTF-8"),
    ],
)  # fmt: skip
def test_a_choice_the_bytes_made_is_said_in_the_review(name: str, said: str) -> None:
    _, review = imported(name)
    assert said in review


@pytest.mark.parametrize("name", ["mixed.html", "mixed.txt"])
def test_a_file_mixing_both_code_pages_is_refused_not_garbled(name: str) -> None:
    with pytest.raises(DocumentError) as caught:
        imported(name)
    said = str(caught.value)
    assert said.startswith(f"Nie da się ustalić, jak zapisano polskie litery pliku {name}")
    assert "może to Windows-1250 albo ISO-8859-2" in said
    assert "Proszę zapisać plik w UTF-8" in said


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-2", "iso8859-2"),
        ("iso8859-2", "iso8859-2"),
        ("latin2", "iso8859-2"),
        ("l2", "iso8859-2"),
        ("csisolatin2", "iso8859-2"),
        ("windows-1250", "cp1250"),
        ("x-cp1250", "cp1250"),
        ("cp1250", "cp1250"),
        ("iso-8859-1", "cp1252"),  # the standard's, as browsers read it
        ("Latin1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("iso-8859-9", "cp1254"),
        (" utf8 ", "utf-8"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("utf-16", "utf-8"),  # a page's declaration of UTF-16 is UTF-8 (HTML standard)
        ("koi8-r", "koi8-r"),
        ("rot13", None),
        ("cp037", None),
        ("utf-7", None),
        ("polski", None),
    ],
)
def test_labels_are_read_by_the_whatwg_encoding_standard(label: str, codec: str | None) -> None:
    assert whatwg_codec(label) == codec


def test_an_unknown_declaration_is_said_and_the_bytes_decide() -> None:
    page = '<meta charset="polski"><p>Łączność środowisk</p>'.encode("iso-8859-2")
    decoded = decode_document(page, "a.html", page=True)
    assert decoded.text.endswith("<p>Łączność środowisk</p>")
    assert decoded.note is not None
    assert decoded.note.startswith("strona deklaruje nieznane kodowanie „polski” (pominięto je)")


def test_a_western_page_declared_latin1_is_read_as_declared() -> None:
    page = '<meta charset="iso-8859-1"><p>Café Müller — 5 €</p>'.encode("cp1252")
    assert decode_document(page, "a.html", page=True).text.endswith("Café Müller — 5 €</p>")


POLISH_TEXT = st.text(
    alphabet="ąćęłńóśźżĄĆĘŁŃÓŚŹŻabcdefghijklmnoprstuwyzABCDEFGHIJKLMNOPRSTUWYZ 0123456789.,\n",
    min_size=1,
    max_size=200,
)


@settings(deadline=None, max_examples=200)
@given(text=POLISH_TEXT, codec=st.sampled_from(["cp1250", "iso-8859-2"]))
def test_any_polish_text_in_either_code_page_reads_back(text: str, codec: str) -> None:
    data = text.encode(codec)
    # Bytes that are UTF-8 as well are read as UTF-8 ("ćŁŚ" in Windows-1250 is E6 A3 8C, "棌"):
    # a handful of letters can be; a document's text of Polish words is not.
    assume(not _is_utf8(data))
    assert decode_text(data, "a.txt") == text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_the_testers_twenty_nines_of_spaces_are_refused_by_name() -> None:
    nines = "9" * 20
    with pytest.raises(DocumentError) as caught:
        import_document(
            odt_with_cell_spaces(nines, spreadsheet=True), "spaces.ods", city="Testowo", year=2027
        )
    assert f'(<text:s text:c="{nines[:12]}…"/>)' in str(caught.value)


@pytest.mark.parametrize("count", ["-5", "-99999999999999999999", "abc", "1e20", "٣", "", " 7"])
def test_a_count_of_spaces_that_is_no_count_is_read_without_error(count: str) -> None:
    result = import_document(odt_with_cell_spaces(count), "dziwne.odt", city="Testowo", year=2027)
    assert "Organizacja festynu rodzinnego" in result.toml


def test_a_readers_program_error_names_its_kind_and_where_its_details_are() -> None:
    with pytest.raises(DocumentError) as caught:
        _result(("failed", "OverflowError('int too large')\nTraceback …"), "spaces.ods")
    said = str(caught.value)
    assert "błędu programu (OverflowError)" in said
    assert "NOTIFIER_LOG_LEVEL=ERROR" in said
    assert "zapisany w dzienniku" not in said
