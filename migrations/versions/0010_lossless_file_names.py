"""served_files, kept_files: file names recorded without loss

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

A file's name was recorded as shown (notifier.files.reading.shown_path): a byte that is not
UTF-8 and a control character as `\\xNN`, a bidi control as `\\uNNNN`, a backslash as
itself, so `latin\\xff.toml` named both a file with the byte 0xFF and one with a literal
backslash (blind round three, m10). Now (notifier.files.recorded_names) a backslash is
written twice and only a byte that is not UTF-8 as `\\xNN`; control characters are kept as
they are. Each recorded name is rewritten: an escape of the old form is read as the byte or
character it stood for (a literal backslash followed by `xNN` or `uNNNN` in a name recorded
before cannot be told from it, and is read as an escape), any other backslash as itself.
The columns keep their type (text), so SQLite and PostgreSQL take the same statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TABLES = ("served_files", "kept_files")
_OLD_ESCAPE_RE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4}))")
_NEW_ESCAPE_RE = re.compile(r"\\(?:\\|x([0-9a-f]{2}))")


def _old_bytes(name: str) -> bytes:
    raw, end = bytearray(), 0
    for found in _OLD_ESCAPE_RE.finditer(name):
        raw += name[end : found.start()].encode("utf-8", "surrogatepass")
        if found[1] is not None:
            raw += bytes([int(found[1], 16)])
        else:
            raw += chr(int(found[2], 16)).encode("utf-8", "surrogatepass")
        end = found.end()
    raw += name[end:].encode("utf-8", "surrogatepass")
    return bytes(raw)


def _new_name(raw: bytes) -> str:
    text = raw.decode("utf-8", "surrogateescape")
    return "".join(
        "\\\\"
        if char == "\\"
        else f"\\x{ord(char) - 0xDC00:02x}"
        if "\udc80" <= char <= "\udcff"
        else char
        for char in text
    )


def _new_bytes(name: str) -> bytes:
    raw, end = bytearray(), 0
    for found in _NEW_ESCAPE_RE.finditer(name):
        raw += name[end : found.start()].encode("utf-8", "surrogatepass")
        raw += b"\\" if found[1] is None else bytes([int(found[1], 16)])
        end = found.end()
    raw += name[end:].encode("utf-8", "surrogatepass")
    return bytes(raw)


def _old_name(raw: bytes) -> str:
    text = raw.decode("utf-8", "backslashreplace")
    return _SHOWN_RE.sub(_shown, text)


# what the old form escaped (notifier.core.input_rules: C0, DEL, C1, bidi controls)
_SHOWN_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _rewrite(convert: Callable[[str], str]) -> None:
    bind = op.get_bind()
    for table in _TABLES:
        rows = bind.execute(sa.text(f"SELECT source FROM {table}")).scalars().all()
        for source in rows:
            new = convert(source)
            if new != source:
                bind.execute(
                    sa.text(f"UPDATE {table} SET source = :new WHERE source = :old"),
                    {"new": new, "old": source},
                )


def upgrade() -> None:
    _rewrite(lambda name: _new_name(_old_bytes(name)))


def downgrade() -> None:
    _rewrite(lambda name: _old_name(_new_bytes(name)))
