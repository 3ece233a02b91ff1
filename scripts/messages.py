"""Extract the marked texts and bring the catalogs up to date: `make messages`.

Reads the code and the templates (notifier/locale/babel.cfg), writes
notifier/locale/messages.pot (not kept in git) and merges it into each language's
notifier/locale/<lang>/LC_MESSAGES/messages.po: new texts come in empty (translate them),
changed ones come in fuzzy with the old translation (check and clear the flag), gone ones
are dropped. tests/project/test_translations.py fails until every text is translated.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "notifier" / "locale"
TRANSLATED = {
    "en": "English",
    "uk": "Ukrainian",
}  # Polish is the source language: its texts are the message ids
# _("…") and gettext; tr_plural(n, one, few, many) takes its English ids from one and many.
HEADER_COMMENT = """\
# {name} texts of notifier, translated from Polish (the message ids).
# Terms: notifier/locale/GLOSSARY.md. Update with `make messages`; see README, "Translations".
#"""
STABLE_DATE = datetime(2026, 1, 1, tzinfo=UTC)
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2), "tr_plural": (2, 4)}


def extract() -> Catalog:
    """Every marked text of the code and templates, with where it is used."""
    with (LOCALE / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    # A fixed date: the catalogs change only when a text does (fewer merge conflicts).
    catalog = Catalog(
        project="notifier", domain="messages", charset="utf-8", creation_date=STABLE_DATE
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def main() -> int:
    template = extract()
    with (LOCALE / "messages.pot").open("wb") as pot:
        write_po(pot, template, width=100, sort_output=True)
    for lang, name in TRANSLATED.items():
        path = LOCALE / lang / "LC_MESSAGES" / "messages.po"
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=lang, domain="messages")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(
                locale=lang,
                domain="messages",
                project="notifier",
                creation_date=STABLE_DATE,
                revision_date=STABLE_DATE,
                last_translator="notifier",
                language_team=f"notifier <{lang}>",
            )
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.fuzzy = False  # the header holds Plural-Forms: a fuzzy one is not compiled
        catalog.header_comment = HEADER_COMMENT.format(name=name)
        catalog.obsolete.clear()
        with path.open("wb") as po:
            # Sorted, without source lines: an edit elsewhere in a file changes no catalog.
            write_po(po, catalog, width=100, no_location=True, sort_output=True)
        missing = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy))
        print(f"{path.relative_to(ROOT)}: {len(catalog)} texts, {missing} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
