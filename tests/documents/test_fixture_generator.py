"""The fixture generator (scripts/make_import_fixtures.py) is reproducible: the same source
gives the same bytes on every run, so regenerating changes no committed fixture that no source
change asked for. Only the archive formats are written here (python-docx, openpyxl and odfpy
are the importer's own dependencies; the PDF writers need the optional `fixtures` extra), for
one small source; `make fixtures-check` regenerates everything and diffs it."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
ARCHIVES = [".docx", ".xlsx", ".odt", ".ods"]


def generator() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location(
            "make_import_fixtures", ROOT / "scripts" / "make_import_fixtures.py"
        )
        assert spec
        assert spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclass looks itself up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return module


def dates_inside(path: Path) -> set[str]:
    """The entries' timestamps and the dates in the metadata of the archive at `path`."""
    with zipfile.ZipFile(path) as archive:
        found = {str(info.date_time) for info in archive.infolist()}
        for name in ("docProps/core.xml", "meta.xml"):
            if name in archive.namelist():
                found |= set(re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z?", archive.read(name).decode()))
    return found


def test_two_runs_write_the_same_archives_with_fixed_dates(tmp_path: Path) -> None:
    make = generator()
    source = tomllib.loads((make.SOURCES / "bez-komorek-2025.toml").read_text("utf-8"))
    rows = make.grid(source)
    writers = {".docx": make.write_docx, ".xlsx": make.write_xlsx}
    writers |= {".odt": make.write_odt, ".ods": make.write_ods}
    for run in ("a", "b"):
        for suffix, write in writers.items():
            write(source, rows, tmp_path / f"{run}{suffix}")
    fixed = {str(make.FIXED_TIME), make.FIXED_STAMP}
    for suffix in ARCHIVES:
        first = (tmp_path / f"a{suffix}").read_bytes()
        assert first == (tmp_path / f"b{suffix}").read_bytes(), suffix
        assert dates_inside(tmp_path / f"a{suffix}") <= fixed, suffix


@pytest.mark.parametrize("suffix", ARCHIVES)
def test_the_committed_archives_come_from_the_reproducible_generator(suffix: str) -> None:
    for path in sorted(FIXTURES.glob(f"*{suffix}")):
        assert dates_inside(path) <= {"(2024, 1, 1, 0, 0, 0)", "2024-01-01T00:00:00Z"}, path.name
