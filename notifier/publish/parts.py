"""Files of every city streamed together from each harmonogram's share, kept on disk.

With several harmonograms, /calendar.ics, /topics/{slug}.ics, /api/tasks and its CSV hold
every city's data: rendering them whole after any edit would cost the whole country, and
holding them would cost its memory. Instead each harmonogram's *shares* of them (what it
contributes to each, exactly the bytes the app's answer holds for it: notifier.publish.shares)
are kept in `.notifier-parts/{kind}/{city}-{year}.part`, each beside the same bytes as raw
DEFLATE blocks (level 9) ending on a sync flush: byte-aligned and not final, so blocks of
separate compressions concatenate into one valid DEFLATE stream (RFC 1951 §3.2.3; each
block refers only to its own bytes).

A file is written by streaming (stream_files), to a temporary file renamed into place: its
first piece, each harmonogram's share in the catalog's order, … its last piece (a Layout).
Its gzip twin is one gzip member (RFC 1952) made of the same blocks, its CRC-32 and length
computed over the identity bytes as they stream: any gzip reader takes it, not only those
that read concatenated members. After an edit only the edited harmonogram's parts are
rendered again; the files are re-assembled by copying bytes. Memory holds one share at a
time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from notifier.core.catalog import Entry
from notifier.files.atomic import PendingFile, commit_together, replace_file
from notifier.publish.manifest import FILE_MODE, file_name
from notifier.publish.verify import open_regular, regular

PARTS = ".notifier-parts"
LEVEL = 9  # as every other .gz twin (notifier.publish.site)
# gzip.compress(..., compresslevel=9, mtime=0)'s header: deflate, no name, mtime 0, "best
# compression", OS unknown.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


def pack(body: bytes | memoryview) -> bytes:
    """`body` as raw DEFLATE blocks ending on a sync flush (not final); b"" for b""."""
    if not body:
        return b""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(body) + packer.flush(zlib.Z_SYNC_FLUSH)


def pack_last(body: bytes) -> bytes:
    """`body` as raw DEFLATE blocks, the last one final (the end of a stream)."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(body) + packer.flush(zlib.Z_FINISH)


def part_file(out: Path, kind: str, entry: Entry) -> Path:
    """Where `entry`'s shares of one `kind` ("calendars", "tasks") are kept."""
    return out / PARTS / kind / part_name(entry)


def part_name(entry: Entry) -> str:
    """The name of `entry`'s part file (in each kind's folder)."""
    city_id, year = entry.key
    return f"{quote(city_id, safe='')}-{year}.part"


@dataclass(frozen=True)
class Share:
    """Where one share lies in its part file, and whether an event of it has a time."""

    offset: int  # of the identity bytes; the packed bytes follow them
    size: int
    packed: int
    timed: bool
    digest: str  # of the identity bytes (share_digest)


def share_digest(body: bytes) -> str:
    """What a share's bytes are, in 32 hex digits (BLAKE2b)."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def read_index(path: Path) -> tuple[str, dict[str, Share]] | None:
    """The token and the shares (by published path) of a part file; None if it is missing,
    unreadable or not as long as its index says (then it is rendered again)."""
    try:
        with path.open("rb") as file:
            line = file.readline()
        data = json.loads(line)
        offset = len(line)
        shares = {}
        for name, timed, size, packed, digest in data["shares"]:
            shares[name] = Share(offset, size, packed, bool(timed), str(digest))
            offset += size + packed
        if os.path.getsize(path) != offset:  # cut short (a crash before it reached the disk)
            return None
        return str(data["token"]), shares
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_part(path: Path, token: str, shares: Sequence[tuple[str, bytes, bool]]) -> None:
    """Keep one harmonogram's shares (path, identity bytes, timed) with `token`, atomically."""
    packed = [pack(body) for _, body, _ in shares]
    index = [[name, int(timed), len(body), len(p), share_digest(body)] for (name, body, timed), p in zip(shares, packed, strict=True)]  # fmt: skip
    head = json.dumps({"token": token, "shares": index}, ensure_ascii=False).encode() + b"\n"
    data = b"".join([head, *(b for (_, body, _), p in zip(shares, packed, strict=True) for b in (body, p))])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, data, mode=FILE_MODE, durable=False)


Rendering = Callable[[Entry], Sequence[tuple[str, bytes, bool]]]


def refresh_parts(
    out: Path,
    kind: str,
    entries: Sequence[Entry],
    token_of: Callable[[Entry], str],
    render: Rendering,
) -> tuple[dict[tuple[str, int], dict[str, Share]], list[Entry]]:
    """Every harmonogram's shares of `kind`, each part rendered again by `render` (its
    shares: name, identity bytes, whether one has a time of day) and written where the
    token it was kept with is not `token_of(entry)`: the index of each part by entry key,
    and the harmonograms whose part was rendered. OSError from the directory."""
    indexes: dict[tuple[str, int], dict[str, Share]] = {}
    rendered = []
    for entry in entries:
        path = part_file(out, kind, entry)
        token = token_of(entry)
        found = read_index(path)
        if found is None or found[0] != token:
            write_part(path, token, render(entry))
            rendered.append(entry)
            found = read_index(path)
            if found is None:
                raise OSError(f"{path}: cannot be read back")
        indexes[entry.key] = found[1]
    return indexes, rendered


def remove_parts(out: Path, kinds: Iterable[str], keep: Sequence[Entry]) -> None:
    """Delete the part files of harmonograms, and kinds, that no longer have one."""
    folder = out / PARTS
    if not folder.is_dir() or folder.is_symlink():
        return
    kinds = set(kinds)
    for kind in folder.iterdir():
        if kind.is_symlink() or not kind.is_dir():
            continue
        kept = {part_name(e) for e in keep} if kind.name in kinds else set()
        for item in kind.iterdir():
            if item.name not in kept and item.is_file():
                item.unlink(missing_ok=True)


class StreamedPair:
    """A file and its gzip twin written piece by piece (identity bytes, their packed blocks)
    to temporary files beside them; `finish` closes the gzip stream."""

    def __init__(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target = target
        self.identity = PendingFile(target, mode=FILE_MODE)
        try:
            self.packed = PendingFile(Path(f"{target}.gz"), mode=FILE_MODE)
        except BaseException:
            self.identity.discard()
            raise
        self.packed.write(GZIP_HEADER)
        self.crc, self.size = 0, 0
        self.sha = hashlib.sha256()  # the manifest's digest (notifier.publish.verify)

    def add(self, body: bytes | memoryview, packed: bytes | memoryview | None = None) -> None:
        """Append `body` (`packed`: its pack(), when kept)."""
        self.identity.write(body)
        self.packed.write(pack(body) if packed is None else packed)
        self.crc = zlib.crc32(body, self.crc)
        self.sha.update(body)
        self.size += len(body)

    def finish(self, tail: bytes) -> None:
        """Append the last bytes and the gzip trailer (CRC-32, length mod 2**32)."""
        self.identity.write(tail)
        self.crc = zlib.crc32(tail, self.crc)
        self.sha.update(tail)
        self.size += len(tail)
        self.packed.write(pack_last(tail) + struct.pack("<II", self.crc, self.size & 0xFFFFFFFF))

    def digest(self) -> str:
        """The SHA-256 of the identity bytes written (notifier.publish.verify.body_digest)."""
        return self.sha.hexdigest()

    def same_as_target(self) -> bool:
        """The target and its twin are there, regular files (not links), and the target
        holds these very bytes (read back only when the sizes are equal)."""
        try:
            if not regular(Path(f"{self.target}.gz")):
                return False
            self.identity.file.flush()
            with open_regular(self.target) as fd, open(self.identity.temp, "rb") as new:
                if os.fstat(fd).st_size != self.size:
                    return False
                while chunk := os.read(fd, 1 << 20):
                    if chunk != new.read(len(chunk)):
                        return False
            return True
        except OSError:
            return False

    def commit(self, mtime: float) -> None:
        """Rename both into place with modification time `mtime` (the twin first), once
        both are wholly written (a full disk fails before either is renamed)."""
        commit_together([self.packed, self.identity], mtime=mtime, durable=False)

    def discard(self) -> None:
        """Drop both temporary files."""
        for pending in (self.packed, self.identity):
            with contextlib.suppress(OSError):
                pending.discard()


@dataclass(frozen=True)
class Layout:
    """A file streamed from shares: `pieces[0]`, then each harmonogram's share named
    `groups[0]` (of `members`, in the catalog's order, joined by `separator`; `empty`
    instead when none has bytes), `pieces[1]`, the shares named `groups[1]`, … and
    `pieces[-1]` last."""

    path: str
    kind: str
    pieces: tuple[bytes, ...]
    groups: tuple[str, ...]
    members: frozenset[tuple[str, int]]
    separator: bytes = b""
    empty: bytes = b""


def layout_content(
    layout: Layout, entries: Sequence[Entry], index: dict[tuple[str, int], dict[str, Share]]
) -> str:
    """What `layout`'s bytes are made of, in 32 hex digits: its pieces and, group by group,
    the digest of each share stream_files puts in, in its order. Equal digests, equal
    bytes: a file of every city whose shares did not change (another city's edit in
    another topic) is not streamed again."""
    digest = hashlib.blake2b(digest_size=16)
    for piece in (*layout.pieces, layout.separator, layout.empty):
        digest.update(b"%d:" % len(piece) + piece)
    for group in layout.groups:
        digest.update(b"|" + group.encode())
        for entry in entries:
            share = index[entry.key].get(group)
            if share is not None and share.size and entry.key in layout.members:
                digest.update(share.digest.encode())
    return digest.hexdigest()


def stream_files(
    out: Path,
    entries: Sequence[Entry],
    layouts: Sequence[Layout],
    indexes: dict[str, dict[tuple[str, int], dict[str, Share]]],
) -> Iterator[tuple[Layout, StreamedPair]]:
    """Write each of `layouts` (to temporary files) from the kept shares (`indexes` by kind,
    then entry key), one pass over the part files per group; yields each with its finished
    pair, to commit or discard. OSError from the directory."""
    pairs: dict[str, StreamedPair] = {}
    packed = {b"": b""}
    try:
        for layout in layouts:
            pairs[layout.path] = StreamedPair(out / file_name(layout.path))
            pairs[layout.path].add(layout.pieces[0])
            packed.setdefault(layout.separator, pack(layout.separator))
        for round_ in range(max((len(layout.groups) for layout in layouts), default=0)):
            active = [layout for layout in layouts if round_ < len(layout.groups)]
            written = dict.fromkeys((layout.path for layout in active), False)
            for entry in entries:
                files: dict[str, int] = {}
                try:
                    for layout in active:
                        share = indexes[layout.kind][entry.key].get(layout.groups[round_])
                        if share is None or not share.size or entry.key not in layout.members:
                            continue
                        if layout.kind not in files:
                            files[layout.kind] = os.open(part_file(out, layout.kind, entry), os.O_RDONLY)  # fmt: skip
                        data = os.pread(files[layout.kind], share.size + share.packed, share.offset)
                        view = memoryview(data)  # no copies of the two halves
                        pair = pairs[layout.path]
                        if written[layout.path]:
                            pair.add(layout.separator, packed[layout.separator])
                        pair.add(view[: share.size], view[share.size :])
                        written[layout.path] = True
                finally:
                    for fd in files.values():
                        os.close(fd)
            for layout in active:
                if not written[layout.path] and layout.empty:
                    pairs[layout.path].add(layout.empty)
                if round_ + 1 < len(layout.groups):
                    pairs[layout.path].add(layout.pieces[round_ + 1])
        for layout in layouts:
            pair = pairs.pop(layout.path)
            pair.finish(layout.pieces[-1])
            yield layout, pair
    finally:
        for pair in pairs.values():
            pair.discard()
