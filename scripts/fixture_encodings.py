"""Pages and texts saved in the code pages Polish offices use, for the importer's reading of
characters (notifier.documents.encoding; blind round, issue 22 F1: an ISO-8859-2 page was read
as Windows-1250). Every declaration form × Windows-1250 and ISO-8859-2 × HTML and text, UTF-8
under a wrong declaration (with and without a BOM), a page declared latin1 (windows-1252 by the
WHATWG standard) holding ISO-8859-2 letters, and files mixing both code pages (refused).

Output: tests/documents/fixtures/encodings/<name>; A name says what it holds:
<code page>[-<declaration>][-declared-<another>]; mixed.* are refused."""

from __future__ import annotations

import codecs
import html
from pathlib import Path

TITLE = "Harmonogram ogłaszania otwartych konkursów ofert na rok 2027 - Gmina Miejska Kalisz"
HEADER = ("Lp.", "Komórka organizacyjna", "Rodzaj zadania", "Planowany termin ogłoszenia konkursu")
# Every letter in which the two code pages differ (ą ś ź Ą Ś Ź), and those they share.
ROWS = (
    ("1.", "Wydział Łączności i Środowiska", "Źródła wiedzy o środowisku", "styczeń 2027"),
    ("2.", "Wydział Spraw Społecznych", "Ąę: pomoc społeczna, ŚWIĘTA RODZINY", "luty 2027"),
    ("3.", "Biuro Kultury", "Ochrona dóbr kultury, żłobki i źrebięta", "marzec 2027"),
)
FOOTER = "Stan na dzień 30.11.2026 r."
CODE_PAGES = {"w1250": "cp1250", "l2": "iso-8859-2"}
DECLARATIONS = {
    "meta": '<meta charset="{label}">',
    "equiv": '<meta http-equiv="Content-Type" content="text/html; charset={label}">',
    "xml": "",  # an XML declaration before <html> (XHTML)
    "none": "",
}
LABELS = {"cp1250": "windows-1250", "iso-8859-2": "ISO-8859-2"}


def page(declaration: str, label: str) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in ROWS
    )
    head = "".join(f"<th>{html.escape(c)}</th>" for c in HEADER)
    meta = DECLARATIONS[declaration].format(label=label)
    xml = f'<?xml version="1.0" encoding="{label}"?>\n' if declaration == "xml" else ""
    return (
        f'{xml}<html xmlns="http://www.w3.org/1999/xhtml"><head>{meta}<title>BIP</title></head>'
        f"<body><h1>{html.escape(TITLE)}</h1><table><tr>{head}</tr>{rows}</table>"
        f"<p>{FOOTER}</p></body></html>\n"
    )


def text() -> str:
    lines = [TITLE, "", *HEADER]
    for row in ROWS:
        lines += row
    return "\n".join([*lines, "", FOOTER]) + "\n"


def _files() -> dict[str, bytes]:
    files = {}
    for short, codec in CODE_PAGES.items():
        for declaration in DECLARATIONS:
            name = f"{short}-{declaration}.html"
            files[name] = page(declaration, LABELS[codec]).encode(codec)
        files[f"{short}.txt"] = text().encode(codec)
        # declared as the other code page: the evidence of the bytes wins, and is said
        other = next(c for c in CODE_PAGES.values() if c != codec)
        name = f"{short}-declared-{'l2' if short == 'w1250' else 'w1250'}.html"
        files[name] = page("meta", LABELS[other]).encode(codec)
    for declaration in ("meta", "equiv", "xml"):
        name = f"utf8-declared-l2-{declaration}.html"
        files[name] = page(declaration, "ISO-8859-2").encode("utf-8")
    files["utf8-bom-declared-w1250.html"] = codecs.BOM_UTF8 + page("meta", "windows-1250").encode()
    files["l2-declared-latin1.html"] = page("meta", "latin1").encode("iso-8859-2")
    files["w1250-declared-utf8.html"] = page("meta", "utf-8").encode("cp1250")
    mixed = text()  # the first department in Windows-1250, the rest in ISO-8859-2
    cut = mixed.index("Wydział Spraw")
    files["mixed.txt"] = mixed[:cut].encode("cp1250") + mixed[cut:].encode("iso-8859-2")
    body = page("none", "")
    cut = body.index("Wydział Spraw")
    files["mixed.html"] = body[:cut].encode("iso-8859-2") + body[cut:].encode("cp1250")
    return files


def write_encodings(out: Path) -> list[Path]:
    """Write the files; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in _files().items():
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths
