"""Every text of a harmonogram file goes through one rule, whichever field it is in (issue 25,
m1 and m18): a line break ("Biuro\\r\\nBcc: x@evil.example" as an office name) is refused
naming the field, an invisible format character (U+200B, a soft hyphen, a BOM…) is removed
and check says so. The tests walk every text field of the shipped files, so a field added
later cannot skip the rule."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomlkit

from notifier.core.input_rules import invisible_char_note, visible_text
from notifier.core.schedule import ScheduleError, ascii_slug
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule

EXAMPLES = Path(__file__).parent.parent / "examples"
FILES = sorted(EXAMPLES.glob("*.toml"))


def _text_fields(raw: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(raw, dict):
        for key, value in raw.items():
            yield from _text_fields(value, (*path, key))
    elif isinstance(raw, list):
        for index, value in enumerate(raw):
            yield from _text_fields(value, (*path, index))
    elif isinstance(raw, str):
        yield path


def _kinds(text: str) -> list[tuple[Any, ...]]:
    """One path per kind of text field (indices aside): each field name once per file."""
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for path in _text_fields(tomllib.loads(text)):
        seen.setdefault(tuple(p if isinstance(p, str) else 0 for p in path), path)
    return list(seen.values())


def _place(path: tuple[Any, ...]) -> str:
    """The field's place as problems name it: "departments[1].tasks[2].title"."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _edited(text: str, path: tuple[Any, ...], change: Any) -> str:
    document = tomlkit.parse(text)
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = change(str(node[path[-1]]))
    return tomlkit.dumps(document)


CASES = [(f, path) for f in FILES for path in _kinds(f.read_text(encoding="utf-8"))]


def test_the_walk_covers_the_fields_the_issue_names() -> None:
    names = {_place(p) for _, p in CASES}
    for field in ("harmonogram.city", "harmonogram.region", "office.name", "office.email"):
        assert field in names
    assert {"departments[1].name", "departments[1].tasks[1].period"} <= names
    assert len(CASES) > 30


@pytest.mark.parametrize(
    ("path", "field"), [(f, p) for f, p in CASES], ids=[f"{f.stem}:{_place(p)}" for f, p in CASES]
)
@pytest.mark.parametrize("brk", ["\r\nBcc: x@evil.example", "\n", "\u2028"])
def test_a_line_break_in_any_text_is_refused_naming_the_field(
    path: Path, field: tuple[Any, ...], brk: str
) -> None:
    text = _edited(path.read_text(encoding="utf-8"), field, lambda v: v[:3] + brk + v[3:])
    with pytest.raises(ScheduleError) as refused:
        parse_schedule(text, "x.toml")
    assert any(
        p.startswith(f"{_place(field)}: tekst zawiera znak końca wiersza")
        for p in refused.value.problems
    ), refused.value.problems


@pytest.mark.parametrize(
    ("path", "field"), [(f, p) for f, p in CASES], ids=[f"{f.stem}:{_place(p)}" for f, p in CASES]
)
def test_an_invisible_character_in_any_text_is_removed_and_said(
    path: Path, field: tuple[Any, ...]
) -> None:
    original = parse_schedule(path.read_text(encoding="utf-8"), "x.toml")
    text = _edited(
        path.read_text(encoding="utf-8"), field, lambda v: v[:1] + "\u200b\u00ad" + v[1:]
    )
    schedule = parse_schedule(text, "x.toml")
    assert schedule == original  # read as if the characters were not there
    assert schedule_warnings(schedule)[0] == (
        f"{_place(field)}: usunięto niewidoczny znak U+200B (spacja o zerowej szerokości) z "
        "pozycji 2 i 1 inny – taki znak nie jest widoczny, a przeszkadza w wyszukiwaniu"
    )


FORMAT_CHARS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
BIDI_AND_MARKS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def test_every_format_character_but_bidi_controls_and_marks_is_removed() -> None:
    removed = [c for c in FORMAT_CHARS if visible_text(f"a{c}b")[0] == "ab"]
    assert set(FORMAT_CHARS) - set(removed) == BIDI_AND_MARKS
    assert all(invisible_char_note(f"a{c}") is not None for c in removed)


@pytest.mark.parametrize("query", ["ZeroWidth", "zero\u200bwidth", "zerowidth\u2060"])
def test_search_and_ids_ignore_invisible_characters(query: str) -> None:
    assert ascii_slug("Zero\u200bWidth\u00ad") == "zerowidth"
    assert ascii_slug(query) == "zerowidth"


def test_check_shows_the_removal(tmp_path: Path) -> None:
    from notifier.cli.check import check_harmonograms

    source = (EXAMPLES / "leszno-2025.toml").read_text(encoding="utf-8")
    city = re.search(r'^city = "(.*)"$', source, re.MULTILINE)
    assert city is not None
    (tmp_path / "a.toml").write_text(
        source.replace(city[0], 'city = "Zero\\u200bWidth\\u00ad"'), encoding="utf-8"
    )
    report, good = check_harmonograms(
        tmp_path / "a.toml", tomllib.loads(source)["harmonogram"]["as_of"]
    )
    assert good
    assert "– ZeroWidth (stan na dzień" in report
    assert "uwaga: harmonogram.city: usunięto niewidoczny znak U+200B" in report


def test_the_office_form_shows_them_removed_and_refuses_saying_nothing_was_saved() -> None:
    from notifier.web.office.call_forms import sent_values

    values, removed = sent_values({"title": ["Zero\u200bWidth\u00ad"]}, ("title",))
    assert values == {"title": "ZeroWidth"}
    assert removed["title"] == (
        "Nazwa ogłoszenia: zawiera niewidoczny znak U+200B (spacja o zerowej szerokości) na "
        "pozycji 5 i 1 inny – nic nie zapisano; w polu pokazujemy tekst już bez niego – "
        "prosimy sprawdzić pole i wysłać ponownie"
    )


def test_announce_removes_them_and_says_so(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from notifier.cli.main import main

    path = tmp_path / "leszno-2024.toml"
    path.write_bytes(seed_schedule_path.read_bytes())
    call = ["--published", "2024-05-06", "--deadline", "2024-05-28"]
    call += ["--url", "https://bip.example.org/o", "--title", "Sport\u00ad 2024"]
    assert main(["announce", "kultura-sport/rozwoj-sportu", "--schedule", str(path), *call]) == 0
    assert (
        "uwaga: --title: usunięto niewidoczny znak U+00AD (miękki dywiz)" in capsys.readouterr().out
    )
    (recorded,) = parse_schedule(path.read_text(encoding="utf-8")).calls
    assert recorded.title == "Sport 2024"
