"""Every review and warning line that quotes the document quotes at most ECHO_CHARS of it,
cut by one helper (notifier.core.importing.quoting), whatever cell holds the long text
(blind10a M5: a refused 13,000-character period cell was printed whole on one line of the
review). The documents are the Leszno page with one cell made long, in memory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from notifier.core.echo import ECHO_CHARS
from notifier.core.importing.model import DocumentError
from notifier.documents import import_document

PAGE = Path(__file__).parent / "fixtures" / "leszno-2024-cms.html"
LONG = " bardzo długi dopisek do tej komórki" * 350  # 12,600 characters, under the cell limit
CELLS = [
    "Październik 2024",  # a period
    "II, III kwartał roku 2024",  # a period merged over five tasks
    "prowadzenie klubów abstynenckich",  # a task
    "WYDZIAŁ ROZWOJU",  # a department
    "Zadania w zakresie wspierania i upowszechniania kultury fizycznej, w tym m.in.:",  # a scope
    "Termin ogłoszenia konkursu",  # a header
    "Harmonogram ogłaszania otwartych konkursów ofert w 2024 roku",  # the title
    "stan na dzień 10.01.2024 r.",  # the footer
]
QUOTED = re.compile(r"„([^”]*)”")


@pytest.mark.parametrize("cell", CELLS)
def test_a_long_cell_is_quoted_cut_wherever_it_is(cell: str) -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert cell in page
    data = page.replace(cell, cell + LONG, 1).encode()
    try:
        result = import_document(data, PAGE.name)
    except DocumentError as refused:
        said = [str(refused)]
    else:
        said = [*result.review.splitlines(), *result.warnings]
    for line in said:
        for quote in QUOTED.findall(line):
            assert len(quote) <= ECHO_CHARS + 1, line[:300]
        assert len(line) < 1500, line[:300]
        assert "dopisek do tej komórki bardzo długi dopisek do tej komórki bardzo" not in line
