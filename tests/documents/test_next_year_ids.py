"""Two real years of one city (Łódź's 2022 and 2023 harmonograms, tests/documents/sources):
2023's import keeps 2022's department ids where the department is the same, also when 2022
printed part of its name as initials ("… i WM"), and says which are new."""

from __future__ import annotations

from pathlib import Path

from notifier.documents import Previous, import_document

FIXTURES = Path(__file__).parent / "fixtures"


def test_lodz_2023_keeps_the_ids_of_2022() -> None:
    earlier = import_document(
        (FIXTURES / "lodz-2022.docx").read_bytes(), "lodz-2022.docx", city="Łódź"
    )
    assert [d.id for d in earlier.schedule.departments] == [
        "biuro-rozwoju-gospodarczego",
        "biuro-rewitalizacji",
        "biuro-aktywnosci-miejskiej",
    ]
    later = import_document(
        (FIXTURES / "lodz-2023.docx").read_bytes(),
        "lodz-2023.docx",
        city="Łódź",
        previous=Previous(earlier.schedule, "lodz/2022.toml"),
    )
    ids = [d.id for d in later.schedule.departments]
    # "Biuro Rozwoju Gospodarczego i WM" (2022) is "… i Współpracy Międzynarodowej" (2023)
    assert ids[0] == "biuro-rozwoju-gospodarczego"
    assert ids[2] == "biuro-aktywnosci-miejskiej"
    # "Biuro Rewitalizacji i Mieszkalnictwa" shares no task with 2022's "Biuro Rewitalizacji":
    # not sure it is the same: a new id, never the old one, and the review says so
    assert ids[1] == "biuro-rewitalizacji-i-mieszkalnictwa"
    assert "Biuro Rewitalizacji i Mieszkalnictwa: NOWE id — podobna do „Biuro Rewitalizacji”" in (
        later.review
    )
    assert "Identyfikatory z wcześniejszego harmonogramu lodz/2022.toml (2022):" in later.review
