"""What an ODT's or ODS's styles say of its text and tables as LibreOffice shows them: text
hidden (`text:display="none"`), struck (`style:text-line-through-style`), raised
(`style:text-position="super …"`), a table (a sheet) hidden (`table:display="false"`).

A style is looked up by family and name in the automatic styles (content.xml's first, as
odfpy loads them) and then the common ones (styles.xml), each following its parent styles.
"""

from __future__ import annotations

from dataclasses import dataclass

from odf.namespaces import STYLENS, TABLENS, TEXTNS

_TEXT_PROPERTIES = (STYLENS, "text-properties")
_TABLE_PROPERTIES = (STYLENS, "table-properties")
_STYLE = (STYLENS, "style")
MAX_PARENTS = 32  # a parent chain longer than any editor writes (or a loop) is cut


@dataclass(frozen=True)
class Look:
    """How a piece of text is shown: hidden, struck through, raised (superscript); None where
    its styles say nothing (the enclosing element's look applies)."""

    hidden: bool | None = None
    struck: bool | None = None
    raised: bool | None = None

    def under(self, outer: Look) -> Look:
        """This look inside `outer`: what this one says, else what `outer` says; hidden text
        stays hidden whatever is inside it."""
        return Look(
            True if outer.hidden else self.hidden if self.hidden is not None else outer.hidden,
            self.struck if self.struck is not None else outer.struck,
            self.raised if self.raised is not None else outer.raised,
        )


PLAIN = Look(False, False, False)


class OdfStyles:
    """The styles of one ODF document, by (family, name)."""

    def __init__(self, document) -> None:  # type: ignore[no-untyped-def]
        self._styles: dict[tuple[str, str], object] = {}
        for holder in (document.automaticstyles, document.styles):
            for style in getattr(holder, "childNodes", []):
                if getattr(style, "qname", None) != _STYLE:
                    continue
                family = str(style.getAttrNS(STYLENS, "family") or "")
                name = str(style.getAttrNS(STYLENS, "name") or "")
                self._styles.setdefault((family, name), style)
        self._looks: dict[tuple[str, str], Look] = {}

    def look(self, family: str, name: object) -> Look:
        """The look the style `name` of `family` gives its text (Look() for none or unknown)."""
        if not name:
            return Look()
        key = (family, str(name))
        if key not in self._looks:
            self._looks[key] = self._resolved(family, str(name))
        return self._looks[key]

    def _resolved(self, family: str, name: str) -> Look:
        look = Look()
        seen: set[str] = set()
        while name and name not in seen and len(seen) < MAX_PARENTS:
            seen.add(name)
            style = self._styles.get((family, name))
            if style is None:
                break
            own = _own_look(style)
            look = Look(  # the child's own values win over its parents'
                look.hidden if look.hidden is not None else own.hidden,
                look.struck if look.struck is not None else own.struck,
                look.raised if look.raised is not None else own.raised,
            )
            name = str(style.getAttrNS(STYLENS, "parent-style-name") or "")  # type: ignore[attr-defined]
        return look

    def table_hidden(self, table) -> bool:  # type: ignore[no-untyped-def]
        """Is `table` (a sheet) hidden: `table:display="false"` on its style (or itself)."""
        if _false(table.getAttrNS(TABLENS, "display")):
            return True
        name = str(table.getAttrNS(TABLENS, "style-name") or "")
        seen: set[str] = set()
        while name and name not in seen and len(seen) < MAX_PARENTS:
            seen.add(name)
            style = self._styles.get(("table", name))
            if style is None:
                return False
            for child in style.childNodes:  # type: ignore[attr-defined]
                if getattr(child, "qname", None) == _TABLE_PROPERTIES and _false(
                    child.getAttrNS(TABLENS, "display")
                ):
                    return True
            name = str(style.getAttrNS(STYLENS, "parent-style-name") or "")  # type: ignore[attr-defined]
        return False


def _false(value: object) -> bool:
    return str(value or "").strip().lower() == "false"


def _own_look(style) -> Look:  # type: ignore[no-untyped-def]
    """What `style`'s own text properties say (not its parents')."""
    for child in style.childNodes:
        if getattr(child, "qname", None) != _TEXT_PROPERTIES:
            continue
        display = str(child.getAttrNS(TEXTNS, "display") or "").strip().lower()
        line = str(child.getAttrNS(STYLENS, "text-line-through-style") or "").strip().lower()
        kind = str(child.getAttrNS(STYLENS, "text-line-through-type") or "").strip().lower()
        position = str(child.getAttrNS(STYLENS, "text-position") or "").strip().lower()
        return Look(
            True if display == "none" else (False if display == "true" else None),
            (line != "none" and kind != "none") if line else None,
            _raised(position) if position else None,
        )
    return Look()


def _raised(position: str) -> bool:
    """ "super 58%", "33% 58%": raised; "sub …", "0%", "-33% …": not."""
    first = position.split()[0] if position.split() else ""
    if first == "super":
        return True
    try:
        return float(first.rstrip("%")) > 0
    except ValueError:
        return False


def hidden_at(visibility: object) -> bool:
    """Is a row or column with `table:visibility` hidden ("collapse", "filter")?"""
    return str(visibility or "").strip().lower() in ("collapse", "filter")
