"""A text's lines are counted as its readers split them (str.splitlines: CR LF, CR, LF, VT,
FF, FS, GS, RS, NEL, U+2028, U+2029), so a text of too many lines is refused at once whatever
ends them (blind10a M7: 900,000 lines ended by CR alone, or by U+2028, were one "line" to the
count and ran into the reader's 30 s limit); and a text with any of those line ends reads as
the same text with line feeds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.core.importing.model import DocumentError
from notifier.core.importing.text_reader import LINE_ENDS, line_count, one_line_end
from notifier.documents import MAX_ROWS, import_document

SEED = Path(__file__).parents[1] / "examples" / "harmonogram-2024-leszno.txt"
ENDS = ["\r", "\r\n", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*LINE_ENDS, "a", " ", "ż"]), max_size=40))
def test_lines_are_counted_as_they_are_split(text: str) -> None:
    assert line_count(text) == len(text.splitlines())
    if "\f" not in text:  # a form feed stays: a page break (test_import_controls)
        assert one_line_end(text).split("\n")[: line_count(text)] == text.splitlines()


@pytest.mark.parametrize("end", [*ENDS, "\f"])
def test_a_text_of_too_many_lines_is_refused_at_once_whatever_ends_them(end: str) -> None:
    lines = 900_000
    started = time.process_time()
    with pytest.raises(DocumentError) as refused:
        import_document(end.join(["1) zadanie"] * lines).encode(), "dlugi-2024-miasto.txt")
    assert f"ma {lines} wierszy tekstu – import czyta najwyżej {5 * MAX_ROWS}" in str(refused.value)
    assert time.process_time() - started < 10  # the caller's share: no reader ran


@pytest.mark.parametrize("end", ENDS)
def test_a_text_with_other_line_ends_reads_as_with_line_feeds(end: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    same = import_document(text.encode(), SEED.name)
    other = import_document(text.replace("\n", end).encode(), SEED.name)
    assert other.toml == same.toml
    assert "usunięto" not in other.review
