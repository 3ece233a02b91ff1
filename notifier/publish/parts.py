"""The cross-city calendars streamed together from each harmonogram's share, kept on disk.

With several harmonograms, /calendar.ics and /topics/{slug}.ics hold every city's events:
rendering them whole after any edit would cost the whole country, and holding them would
cost its memory. Instead each harmonogram's VEVENTs for each of these calendars (its
*share*: exactly the bytes the app's feed holds for it,
notifier.web.feed_cache.FeedCache.harmonogram_part) are kept in
`.notifier-parts/{city}-{year}.part`, beside the same bytes as raw DEFLATE blocks (level 9)
ending on a sync flush: byte-aligned and not final, so blocks of separate compressions
concatenate into one valid DEFLATE stream (RFC 1951 §3.2.3; each block refers only to its
own bytes).

A cross-city calendar is written by streaming, to a temporary file renamed into place: the
frame's head (notifier.core.feed.calendar_frame, the VTIMEZONE in it once when some share has
a time of day), each harmonogram's share in the catalog's order, the tail. Its gzip twin is
one gzip member (RFC 1952) made of the same blocks, its CRC-32 and length computed over the
identity bytes as they stream: any gzip reader takes it, not only those that read
concatenated members. After an edit only the edited harmonogram's part is rendered again;
the calendars are re-assembled by copying bytes. Memory holds one harmonogram's part at a
time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from notifier.core.catalog import Catalog, Entry
from notifier.core.feed import EMPTY_CALENDAR_BODY, calendar_frame
from notifier.core.feed_spec import FeedSpec, spec_entries, validate_spec
from notifier.files.atomic import PendingFile, replace_file
from notifier.files.source import CatalogSnapshot
from notifier.publish.manifest import FILE_MODE, file_name
from notifier.publish.render import Published
from notifier.store.event_versions import FeedVersions
from notifier.web.feed_cache import (
    VersionKey,
    feed_frame,
    feed_modified,
    feed_names_cities,
    version_key,
)
from notifier.web.state import AppState

PARTS = ".notifier-parts"
LEVEL = 9  # as every other .gz twin (notifier.publish.site)
# gzip.compress(..., compresslevel=9, mtime=0)'s header: deflate, no name, mtime 0, "best
# compression", OS unknown.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


def pack(body: bytes) -> bytes:
    """`body` as raw DEFLATE blocks ending on a sync flush (not final); b"" for b""."""
    if not body:
        return b""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(body) + packer.flush(zlib.Z_SYNC_FLUSH)


def pack_last(body: bytes) -> bytes:
    """`body` as raw DEFLATE blocks, the last one final (the end of a stream)."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(body) + packer.flush(zlib.Z_FINISH)


@dataclass(frozen=True)
class CrossCity:
    """A calendar streamed from shares: its published path, its spec and whether its
    events name their city."""

    published: Published
    spec: FeedSpec
    named: bool


def cross_city(catalog: Catalog, site: Iterable[Published]) -> list[CrossCity]:
    """The calendars of `site` that are streamed from shares (Published.assembled)."""
    found = []
    for published in site:
        if published.assembled and published.feed is not None:
            spec = validate_spec(catalog, *_spec_args(published.feed))
            found.append(CrossCity(published, spec, feed_names_cities(published.entries)))
    return found


def _spec_args(
    feed: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    cities, topics, departments = feed
    return cities, (), topics, departments


def part_file(out: Path, entry: Entry) -> Path:
    """Where `entry`'s shares are kept."""
    city_id, year = entry.key
    return out / PARTS / f"{quote(city_id, safe='')}-{year}.part"


@dataclass(frozen=True)
class Share:
    """Where one share lies in its part file, and whether an event of it has a time."""

    offset: int  # of the identity bytes; the packed bytes follow them
    size: int
    packed: int
    timed: bool


def read_index(path: Path) -> tuple[str, dict[str, Share]] | None:
    """The token and the shares (by published path) of a part file; None if it is missing
    or unreadable (then it is rendered again)."""
    try:
        with path.open("rb") as file:
            line = file.readline()
        data = json.loads(line)
        offset = len(line)
        shares = {}
        for name, timed, size, packed in data["shares"]:
            shares[name] = Share(offset, size, packed, bool(timed))
            offset += size + packed
        return str(data["token"]), shares
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_part(path: Path, token: str, shares: Sequence[tuple[str, bytes, bool]]) -> None:
    """Keep one harmonogram's shares (path, identity bytes, timed) with `token`, atomically."""
    packed = [pack(body) for _, body, _ in shares]
    index = [[name, int(timed), len(body), len(p)] for (name, body, timed), p in zip(shares, packed, strict=True)]  # fmt: skip
    head = json.dumps({"token": token, "shares": index}, ensure_ascii=False).encode() + b"\n"
    data = b"".join([head, *(b for (_, body, _), p in zip(shares, packed, strict=True) for b in (body, p))])  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, data, mode=FILE_MODE, durable=False)


def part_token(entry_token: str, calendars: Sequence[CrossCity]) -> str:
    """What one harmonogram's part is made of: its own inputs (notifier.publish.plan) and
    the calendars it has a share of, each with whether it names cities."""
    lines = [entry_token, *(f"{c.published.path} {int(c.named)}" for c in calendars)]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]


def refresh_parts(
    state: AppState,
    snap: CatalogSnapshot,
    out: Path,
    calendars: Sequence[CrossCity],
    entry_tokens: dict[tuple[str, int], str],
    versions: dict[VersionKey, FeedVersions],
) -> tuple[dict[tuple[str, int], dict[str, Share]], int]:
    """Every harmonogram's shares, each part rendered again (and written) where its token
    changed: the index of each part by entry key, and how many were rendered."""
    catalog = snap.catalog
    cache, today, base_url = state.feed_cache, state.today(), state.settings.base_url
    indexes: dict[tuple[str, int], dict[str, Share]] = {}
    rendered = 0
    for entry in catalog.entries:
        path = part_file(out, entry)
        token = part_token(entry_tokens[entry.key], calendars)
        found = read_index(path)
        if found is None or found[0] != token:
            shares = []
            for calendar in calendars:
                events, timed = cache.harmonogram_part(
                    catalog, entry, calendar.spec, (None, calendar.named), today, base_url, versions
                )
                shares.append((calendar.published.path, b"".join(events), timed))
            write_part(path, token, shares)
            rendered += 1
            found = read_index(path)
            if found is None:
                raise OSError(f"{path}: cannot be read back")
        indexes[entry.key] = found[1]
    return indexes, rendered


def remove_parts(out: Path, keep: Iterable[Entry]) -> None:
    """Delete the part files of harmonograms that no longer have one."""
    kept = {part_file(out, entry).name for entry in keep}
    folder = out / PARTS
    if not folder.is_dir() or folder.is_symlink():
        return
    for item in folder.iterdir():
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
        self.crc, self.size, self.digest = 0, 0, hashlib.sha256()

    def add(self, body: bytes, packed: bytes | None = None) -> None:
        """Append `body` (`packed`: its pack(), when kept)."""
        self.identity.write(body)
        self.packed.write(pack(body) if packed is None else packed)
        self.crc = zlib.crc32(body, self.crc)
        self.size += len(body)
        self.digest.update(body)

    def finish(self, tail: bytes) -> None:
        """Append the last bytes and the gzip trailer (CRC-32, length mod 2**32)."""
        self.identity.write(tail)
        self.crc = zlib.crc32(tail, self.crc)
        self.size += len(tail)
        self.digest.update(tail)
        self.packed.write(pack_last(tail) + struct.pack("<II", self.crc, self.size & 0xFFFFFFFF))

    def same_as_target(self) -> bool:
        """The target and its twin are there and the target holds these very bytes."""
        try:
            if os.path.getsize(self.target) != self.size:
                return False
            if not os.path.isfile(f"{self.target}.gz"):
                return False
            digest = hashlib.sha256()
            with self.target.open("rb") as file:
                while chunk := file.read(1 << 20):
                    digest.update(chunk)
            return digest.digest() == self.digest.digest()
        except OSError:
            return False

    def commit(self, mtime: float) -> None:
        """Rename both into place with modification time `mtime` (the twin first)."""
        self.packed.commit(mtime=mtime, durable=False)
        self.identity.commit(mtime=mtime, durable=False)

    def discard(self) -> None:
        """Drop both temporary files."""
        for pending in (self.packed, self.identity):
            with contextlib.suppress(OSError):
                pending.discard()


def stream_calendars(
    out: Path,
    snap: CatalogSnapshot,
    calendars: Sequence[CrossCity],
    indexes: dict[tuple[str, int], dict[str, Share]],
    versions: dict[VersionKey, FeedVersions],
) -> Iterable[tuple[CrossCity, StreamedPair, float]]:
    """Write `calendars` (their temporary files) from the kept shares, each part file read
    once for all of them; yields each calendar with its finished pair (to commit or discard)
    and its Last-Modified as a POSIX time. OSError from the directory."""
    catalog = snap.catalog
    pairs: dict[str, StreamedPair] = {}
    tails: dict[str, bytes] = {}
    members: dict[str, tuple[Entry, ...]] = {}
    try:
        for calendar in calendars:
            path = calendar.published.path
            members[path] = spec_entries(catalog, calendar.spec)
            timed = any(indexes[e.key][path].timed for e in members[path])
            name, description, _ = feed_frame(catalog, calendar.spec)
            head, tails[path] = calendar_frame(name, description, timed=timed)
            pairs[path] = StreamedPair(out / file_name(path))
            pairs[path].add(head)
        keys = {path: {e.key for e in entries} for path, entries in members.items()}
        for entry in catalog.entries:
            index = indexes[entry.key]
            wanted = [p for p in pairs if entry.key in keys[p] and index[p].size]
            if not wanted:
                continue
            with part_file(out, entry).open("rb") as file:
                for path in wanted:
                    share = index[path]
                    data = os.pread(file.fileno(), share.size + share.packed, share.offset)
                    pairs[path].add(data[: share.size], data[share.size :])
        for calendar in calendars:
            path = calendar.published.path
            pair = pairs[path]
            if not any(indexes[e.key][path].size for e in members[path]):
                pair.add(EMPTY_CALENDAR_BODY)
            pair.finish(tails[path])
            own = [version_key(catalog, e) for e in members[path]]
            modified = feed_modified([versions[k] for k in own if k in versions], snap)
            yield calendar, pairs.pop(path), modified.replace(microsecond=0).timestamp()
    finally:
        for pair in pairs.values():
            pair.discard()
