"""A published file and its twin checked against the manifest's digest, following no link."""

from __future__ import annotations

import gzip
from pathlib import Path

from notifier.publish.verify import body_digest, intact

BODY = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def _publish(out: Path, name: str, body: bytes = BODY) -> None:
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(body)
    (out / f"{name}.gz").write_bytes(gzip.compress(body, mtime=0))


def test_a_file_is_intact_only_as_published_and_reached_through_no_link(tmp_path: Path) -> None:
    out = tmp_path / "site"
    digest = body_digest(BODY)
    _publish(out, "topics/sport.ics")
    assert intact(out, "topics/sport.ics", digest)
    assert not intact(out, "topics/sport.ics", None)  # recorded before digests were kept
    assert not intact(out, "topics/none.ics", digest)

    # The file edited, its twin stale, cut short, or followed by another member.
    _publish(out, "a.ics", BODY + b"x")
    assert not intact(out, "a.ics", digest)
    _publish(out, "b.ics")
    (out / "b.ics.gz").write_bytes(gzip.compress(b"old"))
    assert not intact(out, "b.ics", digest)
    (out / "b.ics.gz").write_bytes(gzip.compress(BODY)[:-3])
    assert not intact(out, "b.ics", digest)
    (out / "b.ics.gz").write_bytes(gzip.compress(BODY) + gzip.compress(b"more"))
    assert not intact(out, "b.ics", digest)
    (out / "b.ics.gz").write_bytes(b"not gzip at all")
    assert not intact(out, "b.ics", digest)

    # A link to the very same bytes is not the file: nginx would follow it anywhere.
    elsewhere = tmp_path / "elsewhere"
    _publish(elsewhere, "c.ics")
    (out / "c.ics").symlink_to(elsewhere / "c.ics")
    (out / "c.ics.gz").symlink_to(elsewhere / "c.ics.gz")
    assert not intact(out, "c.ics", digest)
    _publish(out, "d.ics")
    (out / "d.ics.gz").unlink()
    (out / "d.ics.gz").symlink_to(elsewhere / "c.ics.gz")
    assert not intact(out, "d.ics", digest)
    (out / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert not intact(out, "linked/c.ics", digest)
