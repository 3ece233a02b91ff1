"""A row spanning a table of aligned text (a department's name, a scope) broken by a page:
its last words at the top of the next page, under the header repeated there, go on with it
(for notifier.core.importing.aligned_reader); a line in small letters there that may as well
be the first task under it is refused, naming the page. Pure: rows in, rows out.
"""

from __future__ import annotations

from notifier.core.importing.aligned_layout import BREAKS_OFF_RE, capitals
from notifier.core.importing.aligned_merges import TextRow
from notifier.core.importing.cells import SCOPE_RE
from notifier.core.importing.model import DocumentError
from notifier.core.importing.quoting import ending, excerpt

__all__ = ["headings_over_pages"]


def headings_over_pages(rows: list[TextRow]) -> list[TextRow]:
    """A row spanning the table broken by a page: its last words at the top of the next page,
    under the repeated header ("BIURO … Z ORGANIZACJAMI" / "POZARZĄDOWYMI"), join it."""
    header = _texts(rows[0]) if rows else []
    out: list[TextRow] = []
    for row in rows:
        texts = _texts(row)
        before = [r for r in out if r.page < row.page]
        between = out[len(before) :]
        last = before[-1] if before else None
        if (
            last is not None
            and last.spanning is not None
            and len(texts) == 1
            and all(_texts(r) == header for r in between)
            and not SCOPE_RE.match(texts[0])
            and _goes_on(last.spanning.splitlines()[-1], texts[0], row.page)
        ):
            last.spanning = f"{last.spanning}\n{texts[0]}"
            continue
        out.append(row)
    return out


def _goes_on(above: str, text: str, page: int) -> bool:
    """Does `text`, alone at the top of `page`, go on with the heading `above` ending the page
    before? In capitals under capitals, yes; in small letters (a scope's last words, or the
    first task of a group whose period is printed lower) only when `above` breaks off
    mid-phrase, not when it ends a sentence ("w tym m.in.:"); else refused, naming the page."""
    if capitals(text):
        return capitals(above)
    if not text[:1].islower() or capitals(above):
        return False
    if BREAKS_OFF_RE.search(above):
        return True
    if above.rstrip()[-1:] in (":", ".", ";"):
        return False
    raise DocumentError(
        f"Na stronie {page} tekst „{excerpt(text, 40)}” stoi u góry strony pod nagłówkiem tabeli, "
        f"a poprzednia strona kończy się wierszem „…{ending(above, 40)}”: nie wiadomo, czy to "
        "dalszy ciąg tego wiersza, czy pierwsze zadanie pod nim. Import nie zgaduje. Proszę "
        "zaimportować oryginał (DOCX, XLSX)."
    )


def _texts(row: TextRow) -> list[str]:
    if row.spanning is not None:
        return [row.spanning]
    return [t for c in sorted(row.cells) if (t := row.text(c))]
