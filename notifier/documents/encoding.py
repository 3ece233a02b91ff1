"""Which characters a page's or a text's bytes are: a byte-order mark, then the page's own
declaration (an XML declaration, <meta charset>, <meta http-equiv="Content-Type">) read by the
WHATWG encoding standard's labels, then evidence between the two code pages Polish offices
save in, Windows-1250 and ISO-8859-2 (blind round, issue 22 F1: an ISO-8859-2 page was read as
Windows-1250 and "Łączności" written as "Ł±czno¶ci" without a word).

Browsers take a BOM first and the declaration next, and show mojibake when the declaration is
wrong; the importer writes a harmonogram from the text, so a declaration the bytes contradict
is not followed silently: the review says what was read instead, or the file is refused."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from notifier.core.importing.model import DocumentError
from notifier.documents.text import wide_text

WINDOWS_1250, ISO_8859_2 = "cp1250", "iso8859-2"
_SHOWN = {WINDOWS_1250: "Windows-1250", ISO_8859_2: "ISO-8859-2", "utf-8": "UTF-8"}
POLISH = frozenset("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")

# The WHATWG encoding standard's labels that Python's codecs read otherwise: "iso-8859-1",
# "latin1" and "ascii" are windows-1252 there (browsers read such pages so), "iso-8859-9" is
# windows-1254, "gb2312" is GBK, "shift_jis" is Microsoft's, and a page's "utf-16" declaration
# is UTF-8 (a page whose bytes were UTF-16 has a BOM or the zero bytes wide_text finds).
_WHATWG_OTHERWISE = {
    **dict.fromkeys(
        [
            "ansi_x3.4-1968",
            "ascii",
            "cp1252",
            "cp819",
            "csisolatin1",
            "ibm819",
            "iso-8859-1",
            "iso-ir-100",
            "iso8859-1",
            "iso88591",
            "iso_8859-1",
            "iso_8859-1:1987",
            "l1",
            "latin1",
            "us-ascii",
            "windows-1252",
            "x-cp1252",
        ],
        "cp1252",
    ),
    **dict.fromkeys(
        [
            "cp1254",
            "csisolatin5",
            "iso-8859-9",
            "iso-ir-148",
            "iso8859-9",
            "iso88599",
            "iso_8859-9",
            "iso_8859-9:1989",
            "l5",
            "latin5",
            "windows-1254",
            "x-cp1254",
        ],
        "cp1254",
    ),
    **dict.fromkeys(
        ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"], "cp874"
    ),
    **dict.fromkeys(
        [
            "chinese",
            "csgb2312",
            "csiso58gb231280",
            "gb2312",
            "gb_2312",
            "gb_2312-80",
            "gbk",
            "iso-ir-58",
            "x-gbk",
        ],
        "gbk",
    ),
    **dict.fromkeys(
        [
            "csshiftjis",
            "ms932",
            "ms_kanji",
            "shift-jis",
            "shift_jis",
            "sjis",
            "windows-31j",
            "x-sjis",
        ],
        "cp932",
    ),
    **dict.fromkeys(
        [
            "cseuckr",
            "csksc56011987",
            "euc-kr",
            "iso-ir-149",
            "korean",
            "ks_c_5601-1987",
            "ks_c_5601-1989",
            "ksc5601",
            "ksc_5601",
            "windows-949",
        ],
        "cp949",
    ),
    **dict.fromkeys(
        [
            "unicode-1-1-utf-8",
            "unicode11utf8",
            "unicode20utf8",
            "x-unicode20utf8",
            "utf-16",
            "utf-16le",
            "utf-16be",
            "unicodefffe",
            "unicode",
            "csunicode",
            "iso-10646-ucs-2",
            "ucs-2",
            "unicodefeff",
        ],
        "utf-8",
    ),
    **dict.fromkeys(["csiso88598i", "iso-8859-8-i", "logical"], "iso8859-8"),
}
# The codecs behind the standard's other encodings: a label Python knows for any other codec
# ("cp037", "rot13", "utf-7") is no label of the standard, and the declaration is ignored.
_WHATWG_CODECS = frozenset(
    ["utf-8", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "gb18030", "big5"]
    + ["euc_jp", "iso2022_jp"]
    + [f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)]
    + [f"cp{n}" for n in range(1250, 1259)]
)
_ASCII_WHITESPACE = "\t\n\f\r "


def whatwg_codec(label: str) -> str | None:
    """The Python codec of an encoding label as the WHATWG encoding standard reads it
    ("ISO-8859-2" and "latin2" → iso8859-2, "latin1" → cp1252, "x-cp1250" → cp1250), None
    for a label the standard does not know."""
    label = label.strip(_ASCII_WHITESPACE).lower()
    if label in _WHATWG_OTHERWISE:
        return _WHATWG_OTHERWISE[label]
    for name in (label, label.removeprefix("x-")):
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec in _WHATWG_CODECS:
            return codec
    return None


_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']?([-\w.:]+)""", re.IGNORECASE)
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""\bcharset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)


def declared_label(data: bytes) -> str | None:
    """The encoding a page declares for itself: its XML declaration (XHTML), else the first
    <meta charset> or <meta http-equiv="Content-Type" content="…; charset=…"> of its head
    (looked for in the first 4 KB, where a BIP page's head keeps it)."""
    head = data[:4096]
    found = _XML_DECLARATION.match(head)
    if found:
        return found.group(1).decode("ascii")
    for meta in _META.finditer(head):
        charset = _META_CHARSET.search(meta.group(0))
        if charset:
            return charset.group(1).decode("ascii")
    return None


@dataclass(frozen=True)
class Decoded:
    text: str
    note: str | None = None  # what the review says of the choice, when there was one


# Bytes that are Polish letters in one of the two code pages and another character in the
# other (0xB1 ą / ±, 0xB9 š / ą, 0x9C C1 / ś …): the evidence between them.
_DIFFERING = bytes(
    b
    for b in range(0x80, 0x100)
    if bytes([b]).decode(WINDOWS_1250, "replace") != bytes([b]).decode(ISO_8859_2)
)


def _fits(data: bytes, codec: str) -> str | None:
    """`data` decoded by `codec`, or None when it does not decode or gives C1 controls (never
    text: ISO-8859-2 gives them for Windows-1250's ś, ź, Ś, Ź, „ and ”)."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if any("\x80" <= ch <= "\x9f" for ch in text) else text


def _evidence(data: bytes) -> tuple[dict[str, int], dict[str, int], dict[str, str | None]]:
    """For each code page: how many of the differing bytes are Polish letters in it, how many
    are other characters, and its text (None when it cannot be)."""
    counts = {b: data.count(b) for b in _DIFFERING if b in data}
    polish, other, texts = {}, {}, {}
    for codec in (WINDOWS_1250, ISO_8859_2):
        texts[codec] = _fits(data, codec)
        chars = {b: bytes([b]).decode(codec, "replace") for b in counts}
        polish[codec] = sum(n for b, n in counts.items() if chars[b] in POLISH)
        other[codec] = sum(
            n for b, n in counts.items() if chars[b] not in POLISH and not 0x80 <= b <= 0x9F
        )
    return polish, other, texts


def _samples(data: bytes, codec: str, polish: bool) -> str:
    chars = sorted({bytes([b]).decode(codec, "replace") for b in _DIFFERING if b in data})
    chosen = [c for c in chars if (c in POLISH) == polish and c.isprintable()]
    return ", ".join(chosen[:5])


def eight_bit(data: bytes, name: str, why: str) -> Decoded:
    """`data` (no UTF-8) read as Windows-1250 or ISO-8859-2 by the evidence of its bytes: the
    one in which the bytes the two differ in are Polish letters, not ±, ¶, ¼, ¦, ¬ or š, ľ,
    nor the C1 controls ISO-8859-2 has where Windows-1250 has ś, ź, „. DocumentError when the
    evidence is mixed (some letters of one, some of the other) or fits neither."""
    polish, other, texts = _evidence(data)
    good = [
        c for c in (WINDOWS_1250, ISO_8859_2) if texts[c] is not None and other[c] * 10 <= polish[c]
    ]
    if len(good) == 2:  # the same text in both: no byte they differ in
        good = [WINDOWS_1250]
    if len(good) != 1:
        raise DocumentError(
            f"Nie da się ustalić, jak zapisano polskie litery pliku {name} ({why}): może to "
            "Windows-1250 albo ISO-8859-2, ale część liter pasuje do jednego, a część do "
            f"drugiego (w Windows-1250 byłyby to m.in. „{_samples(data, WINDOWS_1250, True)}” "
            f"i „{_samples(data, WINDOWS_1250, False)}”, w ISO-8859-2 "
            f"„{_samples(data, ISO_8859_2, True)}” i „{_samples(data, ISO_8859_2, False)}”). "
            "Żeby nie zapisać błędnych liter, nic nie zaimportowano. Proszę zapisać plik "
            "w UTF-8 i zaimportować go ponownie."
        )
    chosen = good[0]
    text = texts[chosen]
    assert text is not None
    if not polish[chosen] and not any(b in data for b in _DIFFERING):
        return Decoded(text, None if text.isascii() else f"{why}; {_SAME}")
    rest = ISO_8859_2 if chosen == WINDOWS_1250 else WINDOWS_1250
    letters = _samples(data, chosen, True) or "znaki typograficzne"
    against = (
        "znaki sterujące"
        if texts[rest] is None and chosen == WINDOWS_1250
        else f"„{_samples(data, rest, False) or _samples(data, rest, True)}”"
    )
    return Decoded(
        text,
        f"{why}; może to Windows-1250 albo ISO-8859-2 – odczytano jako {_SHOWN[chosen]}, bo "
        f"w nim {polish[chosen]} {'bajt' if polish[chosen] == 1 else 'bajtów'} to polskie "
        f"litery ({letters}), a w {_SHOWN[rest]} byłyby to {against}. Proszę sprawdzić "
        "polskie litery w zapisanym pliku.",
    )


_BY_BOM = "odczytano według BOM, jak czyta go przeglądarka"
_SAME = "Windows-1250 i ISO-8859-2 dają tu ten sam tekst (odczytano jako Windows-1250)."


def decode_document(data: bytes, name: str, *, page: bool) -> Decoded:
    """The text of a page (`page`: its declaration is read) or a plain text: a BOM first (as
    browsers), UTF-16/32 without one (text.wide_text), then the declared encoding, then
    UTF-8, then eight_bit. A declaration the bytes contradict (UTF-8 declared, other bytes;
    an 8-bit code page declared, UTF-8 bytes or the other Polish code page's letters) is not
    followed silently: the review says what was read. DocumentError as eight_bit."""
    label = declared_label(data) if page else None
    codec = whatwg_codec(label) if label else None
    said = f"strona deklaruje kodowanie {label}" if label else ""
    if data.startswith(codecs.BOM_UTF8) or (wide := wide_text(data, name)) is not None:
        text = data.decode("utf-8-sig") if data.startswith(codecs.BOM_UTF8) else wide
        assert text is not None
        if codec not in (None, "utf-8") and not data.startswith(codecs.BOM_UTF8):
            return Decoded(text, f"{said}, ale znacznik BOM pliku wskazuje UTF-16/32: {_BY_BOM}")
        if codec not in (None, "utf-8"):
            return Decoded(text, f"{said}, ale znacznik BOM pliku wskazuje UTF-8: {_BY_BOM}")
        return Decoded(text)
    if b"\x00" in data[:4096] and not page:
        raise DocumentError(f"Plik {name} nie jest plikiem tekstowym.")
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if label and codec is None:
        said = f"strona deklaruje nieznane kodowanie „{label}” (pominięto je)"
    if codec is None or codec == "utf-8":
        if utf8 is not None:
            return Decoded(utf8, f"{said}." if codec is None and label else None)
        why = (
            f"{said}, ale jej bajty nie są UTF-8"
            if codec == "utf-8"
            else said or "plik nie deklaruje kodowania i nie jest w UTF-8"
        )
        return eight_bit(data, name, why)
    if utf8 is not None:
        if utf8.isascii():
            return Decoded(utf8)
        return Decoded(
            utf8,
            f"{said}, ale jej bajty są w UTF-8 (przeglądarka pokazałaby tu błędne litery) – "
            "odczytano jako UTF-8. Proszę sprawdzić polskie litery w zapisanym pliku.",
        )
    declared = _fits(data, codec)
    if codec in (WINDOWS_1250, ISO_8859_2) or declared is None or _garbled(declared):
        decoded = eight_bit(data, name, said)
        if decoded.text == declared:
            return Decoded(decoded.text)
        return decoded
    return Decoded(declared)


_GARBLED = re.compile(r"[^\W\d_][^\w\s\x00-\x7f][^\W\d_]")


def _garbled(text: str) -> bool:
    """Does `text` have a symbol inside a word ("Ł±czno¶ci"): Polish letters read by
    another code page than the one they were saved in."""
    return _GARBLED.search(text) is not None


def decode_text(data: bytes, name: str) -> str:
    """The text of a plain-text file (decode_document without its review note)."""
    return decode_document(data, name, page=False).text
