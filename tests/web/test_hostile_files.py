"""A harmonogram file can not stop the service (issue 25): whatever one file holds or is
called is that file's problem; the other cities keep serving and reloading, /healthz and
/readyz answer, `check` names the problem without a traceback, and an edit of the file that
serves a city never hands the city to a copy."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from web_fixtures import write_and_bump

from notifier.cli.main import main
from notifier.files.directory import FOLDER_LINK
from notifier.files.source import CatalogSource
from notifier.web.state import app_state

pytestmark = pytest.mark.anyio

NESTED = "x = " + "[" * 1000 + "]" * 1000 + "\n"
LONG = "[harmonogram]\nyear = 1" + "0" * 5000 + "\n"
BOMB = "a" + ".a" * 20_000 + " = 1\n"


def _write_hostile(folder: Path) -> dict[str, str]:
    """The hostile files of the issue in `folder`; each file's shown name -> its problem."""
    (folder / "nest.toml").write_text(NESTED, encoding="utf-8")
    (folder / "long.toml").write_text(LONG, encoding="utf-8")
    (folder / "bomb.toml").write_text(BOMB, encoding="utf-8")
    bad_name = os.fsencode(folder) + b"/\xff\xfe-bad\x1b[31m.toml"
    with open(bad_name, "wb") as file:
        file.write(b"x = \n")
    return {
        f"{folder}/nest.toml": "zbyt głębokie zagnieżdżenie",
        f"{folder}/long.toml": "liczba za długa",
        f"{folder}/bomb.toml": "zbyt głębokie zagnieżdżenie",
        f"{folder}/\\xff\\xfe-bad\\x1b[31m.toml": "błąd składni TOML",
    }


async def test_hostile_files_are_their_own_problem_and_the_rest_keeps_reloading(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path
) -> None:
    expected = _write_hostile(catalog_dir)
    source = app_state(catalog_app).catalog_source
    snap = source.settle()
    assert len(snap.catalog.entries) == 4
    for name, why in expected.items():
        (problem,) = snap.problems[name]
        assert problem.startswith(why)
    other = catalog_dir / "przykladowo-2025.toml"
    edited = other.read_text(encoding="utf-8").replace("na 2025 rok", "na 2025 rok (zmiana)", 1)
    write_and_bump(other, edited)
    source.settle()
    assert "na 2025 rok (zmiana)" in (await catalog_client.get("/przykladowo/")).text
    for path in ("/healthz", "/readyz"):
        response = await catalog_client.get(path)
        assert response.status_code == 200, path
        body = response.json()
        lines = body["problems"] if path == "/healthz" else body["schedule_problems"]
        assert "\n\\xff\\xfe-bad\\x1b[31m.toml: błąd składni TOML" in "\n" + "\n".join(lines)
        assert str(catalog_dir) not in "\n".join(lines)  # m6: never an absolute path


def test_the_web_app_starts_with_hostile_files_present(catalog_dir: Path) -> None:
    _write_hostile(catalog_dir)
    snap = CatalogSource(catalog_dir, background=False).snapshot()
    assert {e.schedule.city_id for e in snap.catalog.entries} == {
        "leszno",
        "przykladowo",
        "zielona-gora",
    }


def test_check_names_each_hostile_file_without_a_traceback(
    clean_env: pytest.MonkeyPatch, catalog_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _write_hostile(catalog_dir)
    assert main(["check", str(catalog_dir), "--as-of", "2025-03-01"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "\x1b" not in captured.out + captured.err
    for name, why in expected.items():
        assert f"  {name}: {why}" in captured.out
    assert captured.out.rstrip().endswith("Razem: 8 plików, poprawnych 4 (3 miasta), z błędami 4.")


def test_an_edit_of_the_served_file_keeps_its_city_from_a_copy(catalog_dir: Path) -> None:
    served = catalog_dir / "przykladowo-2025.toml"
    copy = catalog_dir / "przykladowo-kopia.toml"
    text = served.read_text(encoding="utf-8")
    copy.write_text(text.replace("na 2025 rok", "na 2025 rok (kopia)"), encoding="utf-8")
    later = os.stat(served).st_mtime_ns + 10**9
    os.utime(copy, ns=(later, later))
    source = CatalogSource(catalog_dir)

    def serving() -> str:
        return source.snapshot().catalog.city("przykladowo").entries[0].source

    assert serving() == str(served)
    # A typo fixed in the served file makes it the newer of the two: it keeps the city.
    os.utime(served, ns=(later + 10**9, later + 10**9))
    write_and_bump(served, text.replace("na 2025 rok", "na 2025 rok (poprawione)"))
    assert serving() == str(served)
    assert (
        "miasto 'przykladowo' i rok 2025 są już w pliku" in source.snapshot().problems[str(copy)][0]
    )
    # Removing the served file still brings the copy in.
    served.unlink()
    assert serving() == str(copy)


async def test_a_huge_key_is_quoted_short_on_healthz_and_in_check(
    catalog_app: FastAPI,
    catalog_client: httpx.AsyncClient,
    catalog_dir: Path,
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (catalog_dir / "huge.toml").write_text('"' + "k" * 1_500_000 + '" = 1\n', encoding="utf-8")
    app_state(catalog_app).catalog_source.settle()
    response = await catalog_client.get("/healthz")
    assert response.status_code == 200
    assert "nieznany klucz 'kkkk" in response.text
    assert "k…'" in response.text
    assert len(response.content) < 10_000
    assert main(["check", str(catalog_dir), "--as-of", "2025-03-01"]) == 1
    out = capsys.readouterr().out
    assert "k…'" in out
    assert len(out) < 10_000


def _write_unreadable(folder: Path) -> dict[str, str]:
    """Paths the system will not let a scan look at (issue 25): a folder nested past PATH_MAX,
    a link to nothing, a loop of links, a named pipe; each shown path -> its problem."""
    fd, deep = os.open(folder, os.O_RDONLY), str(folder)
    for _ in range(25):  # 25 × 201 bytes: past PATH_MAX (4096) on Linux
        os.mkdir("d" * 200, dir_fd=fd)
        inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd, deep = inner, f"{deep}/{'d' * 200}"
    # The first folder whose path is PATH_MAX bytes or longer cannot be listed.
    too_long = next(
        deep[:end] for end in range(len(str(folder)) + 201, len(deep) + 1, 201) if end >= 4096
    )
    with open(os.open("x.toml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as file:
        file.write("x = 1\n")  # never read: the folder above it is the problem
    (folder / "dangling.toml").symlink_to("nowhere.toml")
    (folder / "loop.toml").symlink_to("loop.toml")
    os.mkfifo(folder / "pipe.toml")
    # M15 (blind7): links to folders, one holding a valid harmonogram, one a loop, were
    # skipped without a word.
    outside = folder.parent / "region"
    outside.mkdir()
    (outside / "kalisz-2025.toml").write_text("x = 1\n", encoding="utf-8")
    (folder / "region").symlink_to(outside)
    (folder / "looplink").symlink_to(".")
    found = {
        f"{folder}/region": FOLDER_LINK.problem,
        f"{folder}/looplink": FOLDER_LINK.problem,
        too_long: "nie można odczytać katalogu (za długa nazwa pliku lub ścieżka); "
        "żaden plik harmonogramu w nim nie jest wczytywany",
        f"{folder}/dangling.toml": "nie można odczytać pliku (dowiązanie symboliczne do "
        "nieistniejącego pliku)",
        f"{folder}/loop.toml": "nie można odczytać pliku (za dużo dowiązań symbolicznych w ścieżce)",
        f"{folder}/pipe.toml": "to nie jest zwykły plik (np. potok nazwany albo urządzenie)",
    }
    if os.geteuid() != 0:  # root reads a folder whatever its mode
        (folder / "closed").mkdir(mode=0)
        found[f"{folder}/closed"] = (
            "nie można odczytać katalogu (brak uprawnień); żaden plik harmonogramu w nim nie "
            "jest wczytywany"
        )
    return found


async def test_a_path_the_system_refuses_is_named_and_the_scan_goes_on(
    catalog_app: FastAPI,
    catalog_client: httpx.AsyncClient,
    catalog_dir: Path,
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    expected = _write_unreadable(catalog_dir)
    snap = app_state(catalog_app).catalog_source.settle()
    assert len(snap.catalog.entries) == 4  # every city still served
    assert {name: snap.problems[name] for name in expected} == {
        name: (why,) for name, why in expected.items()
    }
    health = (await catalog_client.get("/healthz")).json()["problems"]
    for name, why in expected.items():
        assert f"{name.removeprefix(f'{catalog_dir}/')}: {why}" in health
    logged = [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()]
    assert f"Schedule path {catalog_dir}/loop.toml cannot be read (ELOOP)" in logged
    assert len(logged) == len(expected)
    assert main(["check", str(catalog_dir), "--as-of", "2025-03-01"]) == 1
    out = capsys.readouterr().out
    for name, why in expected.items():
        assert f"  {name}: {why}" in out
    assert out.rstrip().endswith(f"z błędami {len(expected)}.")
