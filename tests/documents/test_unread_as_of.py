"""A "stan na dzień" footer whose date does not read is said to be found and unread — quoted,
with its place — and `as_of` is left to the import's own rule, never taken from it; before,
it was "not in the document", and in a text it became a task. Each document is a committed
Leszno fixture with its footer changed in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from notifier.core.importing.document_dates import as_of_unread
from notifier.documents import import_document

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).parents[1] / "examples" / "harmonogram-2024-leszno.txt"
UNREAD = [
    "stan na dzień 31.11.2024 r.",  # no such day
    "stan na dzień: styczeń 2024 r.",  # no day
    "Stan na dzień ……………… r.",  # left to fill in
    "stan na dzień 10.01.2O24 r.",  # a letter O for a zero
    "wg stanu na 10 stycznai 2024 r.",  # a misprinted month
]


def _package(name: str, part: str, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(FIXTURES / name) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                assert old in data
                data = data.replace(old, new, 1)
            target.writestr(info, data)
    return out.getvalue()


def _text(path: Path, old: str, new: str) -> bytes:
    text = path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


FOOTER = "stan na dzień 10.01.2024 r."
DOCUMENTS = {
    "harmonogram-2024-leszno.txt": lambda new: _text(SEED, FOOTER, new),
    "leszno-2024-cms.html": lambda new: _text(FIXTURES / "leszno-2024-cms.html", FOOTER, new),
    "leszno-2024-komorki.txt": lambda new: _text(FIXTURES / "leszno-2024-komorki.txt", FOOTER, new),
    "leszno-2024-layout.txt": lambda new: _text(FIXTURES / "leszno-2024-layout.txt", FOOTER, new),
    "leszno-2024.docx": lambda new: _package(
        "leszno-2024.docx", "word/document.xml", FOOTER.encode(), new.encode()
    ),
    "leszno-2024.odt": lambda new: _package(
        "leszno-2024.odt", "content.xml", FOOTER.encode(), new.encode()
    ),
    "leszno-2024.xlsx": lambda new: _package(
        "leszno-2024.xlsx",
        "xl/worksheets/sheet1.xml",
        b"stan na dzie&#324; 10.01.2024 r.",
        new.encode("ascii", "xmlcharrefreplace"),
    ),
}


@pytest.mark.parametrize("footer", UNREAD)
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_an_unread_stan_na_dzien_is_said_found_and_as_of_is_not_taken_from_it(
    name: str, footer: str
) -> None:
    result = import_document(DOCUMENTS[name](footer), name)
    assert result.schedule.as_of.isoformat() == "2024-01-01"
    assert len(result.imported.tasks()) == 28
    said = [n for n in result.review.splitlines() if "stan na dzień" in n.lower()]
    assert len(said) == 1, said
    assert f"„{footer}”: znaleziono „stan na dzień”, ale jego daty nie da się odczytać" in said[0]
    assert "wpisano as_of = 2024-01-01; proszę wpisać właściwą datę" in said[0]
    assert not any(footer in (t.title or "") for t in result.imported.tasks())


@pytest.mark.parametrize(
    "text",
    [
        "Aktualizacja programu współpracy z organizacjami",  # a task's words
        "stan na dzień 10.01.2024 r.",  # it reads
        "Stan na dzień 10.01.2024 r. – dokument przyjęty uchwałą Rady Miasta Leszna nr XII",
        "Stan nawierzchni dróg gminnych",
    ],
)
def test_what_is_no_unread_footer(text: str) -> None:
    assert as_of_unread(text) is None
