"""Is a published file still what was published? Read without following symbolic links.

A published directory can change behind the publisher's back: a file edited by hand, one
replaced by a symbolic link (nginx would then serve what it points to, anywhere on the
machine), a twin deleted or left stale. The manifest keeps each file's SHA-256 (of its
identity bytes, `body_digest`); `intact` checks the file and its gzip twin against it:
each a regular file reached through no link, the file's bytes and the twin's decompressed
bytes of that digest. `notifier publish --verify` (and the worker once a day) renders again
every file that is not (notifier.publish.manifest.Manifest.verify).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

BLOCK = 1 << 20


def body_digest(body: bytes | memoryview) -> str:
    """The digest the manifest keeps of a file's identity bytes (SHA-256, hex)."""
    return hashlib.sha256(body).hexdigest()


def regular(path: Path) -> bool:
    """`path` itself is a regular file (a symbolic link, even to one, is not)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def open_regular(path: Path) -> Iterator[int]:
    """A descriptor of `path` opened for reading without following a link at its end;
    OSError when it is a link or not a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        yield fd
    finally:
        os.close(fd)


def same_bytes(path: Path, body: bytes) -> bool:
    """`path` is a regular file (not a link to one) holding `body`."""
    try:
        found = os.lstat(path)  # a stat, not an open, for a file missing or of another size
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(body):
            return False
        with open_regular(path) as fd:
            if os.fstat(fd).st_size != len(body):
                return False
            return b"".join(_blocks(fd)) == body
    except OSError:
        return False


def dated_after(path: Path, mtime: float) -> bool:
    """`path` itself (not what a link points to) is dated `mtime` or later."""
    try:
        return os.lstat(path).st_mtime >= mtime
    except OSError:
        return False


def _blocks(fd: int) -> Iterator[bytes]:
    while block := os.read(fd, BLOCK):
        yield block


def _linked_folder(out: Path, name: str) -> bool:
    """A folder on the way from `out` to `name` is a symbolic link (or not a folder)."""
    folder = out
    for part in name.split("/")[:-1]:
        folder = folder / part
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return True
        except OSError:
            return True
    return False


def intact(out: Path, name: str, digest: str | None) -> bool:
    """The file `name` under `out` and its `.gz` twin are regular files reached through no
    symbolic link, the file's bytes have `digest` (body_digest) and the twin decompresses
    (gzip, one member, as the publisher writes it) to the same bytes. False when `digest` is unknown (None)."""
    if digest is None or _linked_folder(out, name):
        return False
    try:
        with open_regular(out / name) as fd:
            plain = hashlib.sha256()
            for block in _blocks(fd):
                plain.update(block)
        if plain.hexdigest() != digest:
            return False
        with open_regular(out / f"{name}.gz") as fd:
            unpacked = hashlib.sha256()
            unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)  # one gzip member, as written
            for block in _blocks(fd):
                if unpacker.eof:
                    return False  # bytes after the member: not what was published
                unpacked.update(unpacker.decompress(block))
            unpacked.update(unpacker.flush())
        return unpacker.eof and not unpacker.unused_data and unpacked.hexdigest() == digest
    except (OSError, zlib.error):
        return False
