"""`notifier import`: the seed document to a file that `notifier check` accepts; bad input gets
a Polish error and no file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notifier.cli.main import main
from notifier.files.reading import load_schedule

SEED = Path(__file__).parents[1] / "examples" / "harmonogram-2024-leszno.txt"


def test_import_the_seed_then_check_accepts_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "x.toml"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    review = capsys.readouterr().out
    assert "Znaleziono 9 komórek i 28 zadań" in review
    assert "scalona komórka tabeli" in review
    assert "strona 1, wiersz" in review
    schedule = load_schedule(out)
    assert (schedule.city, schedule.year, str(schedule.as_of)) == ("Leszno", 2024, "2024-01-10")
    assert len(list(schedule.tasks())) == 28
    text = out.read_text(encoding="utf-8")
    assert "ZASTĘPCZY ADRES" in text
    assert "tematy zgadnięte" in text
    assert "# w dokumencie: MIEJSKI OŚRODEK POMOCY RODZINIE W LESZNIE" in text
    assert "source = " not in text.replace('# source = "https://…"', "")  # no file name
    assert "DO UZUPEŁNIENIA: proszę wpisać adres (URL) dokumentu w BIP" in text
    assert main(["check", str(out), "--as-of", "2024-01-10"]) == 0
    # the same document gives the same ids
    again = tmp_path / "y.toml"
    assert main(["import", str(SEED), "-o", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == text


def test_the_source_is_the_url_given_never_the_local_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "Pobrane" / "harmonogram-2024-leszno.txt"
    local.parent.mkdir()
    local.write_bytes(SEED.read_bytes())
    url = "https://bip.leszno.pl/harmonogram-2024.pdf"
    out = tmp_path / "x.toml"
    assert main(["import", str(local), "-o", str(out), "--source", url]) == 0
    assert load_schedule(out).source == url
    assert "Pobrane" not in out.read_text(encoding="utf-8")
    bad = tmp_path / "y.toml"
    assert main(["import", str(local), "-o", str(bad), "--source", str(local)]) == 1
    assert "nie jest adresem strony" in capsys.readouterr().err
    assert not bad.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("stary.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "starym formacie Worda"),
        ("tabela.rtf", b"{\\rtf1 Maj 2024}", "Nieobsługiwany format"),
        ("list.txt", "Szanowni Państwo,\n\nzapraszamy.\n".encode(), "nie znaleziono tabeli"),
        (
            "konkursy.txt",
            "Planowany termin ogłoszenia konkursu: listopad 2022\nKwota: 5 zł\n".encode(),
            "Import nie zgaduje zadań",
        ),
        ("binarny.txt", b"\0\1\2" * 100, "nie jest plikiem tekstowym"),
    ],
)
def test_bad_input_gets_a_polish_error_and_no_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
    name: str,
    data: bytes,
    message: str,
) -> None:
    document = tmp_path / name
    document.write_bytes(data)
    out = tmp_path / "x.toml"
    assert main(["import", str(document), "-o", str(out), "--city", "Leszno"]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_100_mb_file_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "ogromny.pdf"
    with document.open("wb") as handle:  # sparse: no 100 MB written to disk or memory
        handle.truncate(100 * 1024 * 1024)
    out = tmp_path / "x.toml"
    assert main(["import", str(document), "-o", str(out)]) == 1
    assert "ma ponad 20 MB (100 MB); import przyjmuje pliki do 20 MB" in capsys.readouterr().err
    assert not out.exists()


def test_a_fifo_a_device_or_a_directory_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    """Never waited on (a named pipe without a writer would block a plain open) nor read (a
    device such as /dev/zero never ends): each is named for what it is."""
    fifo = tmp_path / "potok.txt"
    os.mkfifo(fifo)
    out = tmp_path / "x.toml"
    for path, kind in ((fifo, "potok nazwany"), ("/dev/zero", "urządzenie"), (tmp_path, "katalog")):
        assert main(["import", str(path), "-o", str(out)]) == 1
        assert f"to {kind}" in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_file_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "x.toml"
    out.write_text("# moje poprawki\n", encoding="utf-8")
    assert main(["import", str(SEED), "-o", str(out)]) == 1
    assert "już istnieje" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "# moje poprawki\n"


def test_a_city_check_would_refuse_and_a_dangling_link_are_refused_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch
) -> None:
    """blind4 G12 and n11: `--city` giving an id longer than links take (a 5 000-letter name)
    or one the site uses (`biuro`) wrote a file `check` then refused; a dangling symbolic link
    as the output was replaced by a file. Each is refused and nothing is written."""
    out = tmp_path / "x.toml"
    for city, words in (("X" * 5000, "ma 5000 znaków – najwyżej 195"), ("Biuro", "jest zajęty")):
        assert main(["import", str(SEED), "-o", str(out), "--city", city]) == 1
        err = capsys.readouterr().err
        assert "Nie zapisano" in err
        assert words in err
        assert not out.exists()
    out.symlink_to(tmp_path / "nowhere.toml")
    assert main(["import", str(SEED), "-o", str(out), "--city", "Leszno"]) == 1
    assert "już istnieje" in capsys.readouterr().err
    assert out.is_symlink()
    assert not (tmp_path / "nowhere.toml").exists()


@pytest.mark.parametrize("name", ["plan\x07\r\x1b[2J.txt", "plan\udcff\udcfe.txt", "a\nb.txt"])
def test_a_document_with_an_odd_name_is_imported_and_its_name_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clean_env: pytest.MonkeyPatch, name: str
) -> None:
    """Control characters (a TOML comment refuses them; a terminal runs an ESC sequence) and
    bytes that are not UTF-8 in a document's name: shown as \\xNN, the file written and
    accepted by check (issue 25)."""
    document = tmp_path / name
    document.write_bytes(SEED.read_bytes())
    out = tmp_path / f"out-{name}.toml"
    assert main(["import", str(document), "-o", str(out), "--city", "Leszno"]) == 0
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err
    assert "\x07" not in printed.out + printed.err
    text = out.read_text(encoding="utf-8")
    assert "\\x" in text.splitlines()[0]
    assert main(["check", str(out), "--as-of", "2024-01-10"]) == 0


def test_next_years_import_keeps_the_ids_of_the_citys_earlier_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
) -> None:
    """Found in NOTIFIER_SCHEDULE (the newest earlier year of the same city), or named by
    --previous; another city's file is refused."""
    folder = tmp_path / "harmonogramy" / "leszno"
    folder.mkdir(parents=True)
    (folder / "2024.toml").write_bytes(seed_schedule_path.read_bytes())
    clean_env.setenv("NOTIFIER_SCHEDULE", str(folder.parent))
    document = tmp_path / "harmonogram-2027-leszno.txt"
    document.write_text(SEED.read_text(encoding="utf-8").replace("2024", "2027"), "utf-8")
    out = tmp_path / "x.toml"
    assert main(["import", str(document), "-o", str(out)]) == 0
    review = capsys.readouterr().out
    assert "Identyfikatory z wcześniejszego harmonogramu" in review
    assert "leszno/2024.toml (2024)" in review
    assert load_schedule(out).department("kultura-sport") is not None
    other = tmp_path / "kalisz.toml"
    other.write_text(
        seed_schedule_path.read_text(encoding="utf-8").replace(
            'city = "Leszno"', 'city = "Kalisz"'
        ),
        "utf-8",
    )
    again = tmp_path / "y.toml"
    assert main(["import", str(document), "-o", str(again), "--previous", str(other)]) == 1
    assert "jest harmonogramem miasta Kalisz" in capsys.readouterr().err
    assert not again.exists()
