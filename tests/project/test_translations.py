"""Every text an NGO sees is translated into English and Ukrainian, with the same placeholders.

The texts are extracted from the code and templates as `make messages` extracts them
(scripts/messages.py), and compared with the committed catalogs: a text not yet in a catalog,
an empty or fuzzy translation, a plural without all its forms, a placeholder that differs, or a
catalog entry no longer used fails here.
"""

from __future__ import annotations

import re
import runpy
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from notifier.i18n import catalog_path, voice

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = runpy.run_path(str(ROOT / "scripts" / "messages.py"), run_name="messages")
TRANSLATED = tuple(MESSAGES["TRANSLATED"])
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w*\}")
NPLURALS = {"en": 2, "uk": 3}
# One worker runs the module (`--dist loadgroup`): the texts are extracted once, not per worker.
pytestmark = pytest.mark.xdist_group("translations")


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return MESSAGES["extract"]()


def _catalog(lang: str) -> Catalog:
    with catalog_path(lang).open("rb") as po:
        return read_po(po, locale=lang)


def _texts(value: str | tuple[str, ...] | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_text_is_translated_with_the_same_placeholders(extracted: Catalog, lang: str) -> None:
    catalog = _catalog(lang)
    problems = []
    for message in extracted:
        if not message.id:
            continue
        ids = _texts(message.id)
        entry = catalog.get(message.id)
        if entry is None:
            problems.append(f"not in the catalog (run `make messages`): {ids[0]!r}")
            continue
        strings = _texts(entry.string)
        if entry.fuzzy or not all(strings):
            problems.append(f"not translated{' (fuzzy)' if entry.fuzzy else ''}: {ids[0]!r}")
            continue
        if len(ids) > 1 and len(strings) != NPLURALS[lang]:
            problems.append(f"{len(strings)} plural forms, not {NPLURALS[lang]}: {ids[0]!r}")
        for string in strings:
            if _placeholders(string) != _placeholders(ids[-1]):
                problems.append(f"placeholders differ: {ids[0]!r} → {string!r}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_catalog_entry_is_left_over(extracted: Catalog, lang: str) -> None:
    used = {m.id if isinstance(m.id, str) else m.id[0] for m in extracted if m.id}
    stale = [
        m.id
        for m in _catalog(lang)
        if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in used
    ]
    assert not stale, f"{lang}: entries no code uses (run `make messages`): {stale}"


def test_ukrainian_has_its_three_plural_forms() -> None:
    translations = voice("uk").translations
    assert translations is not None
    forms = [
        translations.ngettext("%(n)s dzień", "%(n)s dni", n) % {"n": n}
        for n in (1, 3, 5, 11, 21, 22)
    ]
    assert forms == ["1 день", "3 дні", "5 днів", "11 днів", "21 день", "22 дні"]
