"""A publication stops between two files when its process is asked to stop (blind10a M19:
`serve` did not end within ~10 s of SIGTERM while its worker published a large site): every
file is whole, old or new, and the next publication completes what was cut short — the site
is then what an uninterrupted publication gives. Stopped by the file count, never by time."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from web_fixtures import BASE_URL

from notifier.files.source import CatalogSource
from notifier.publish.manifest import JOURNAL, MANIFEST
from notifier.publish.publisher import Publisher
from notifier.publish.render import current_paths
from notifier.publish.site import file_name, publish_app
from notifier.publish.writing import PublishStopped
from notifier.settings import Settings, load_settings
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio


class StopAfter(threading.Event):
    """A stop asked for once the publication has asked `files` times (one ask per file)."""

    def __init__(self, files: int) -> None:
        super().__init__()
        self.left = files

    def is_set(self) -> bool:
        self.left -= 1
        return self.left < 0 or super().is_set()


@pytest.fixture
def settings(clean_env: pytest.MonkeyPatch, catalog_dir: Path, tmp_path: Path) -> Settings:
    return load_settings(
        schedule=catalog_dir,
        base_url=BASE_URL,
        database_url=f"sqlite:///{tmp_path / 'subscribers.db'}",
    )


def _app(settings: Settings, catalog_dir: Path) -> FastAPI:
    return create_app(settings, catalog_source=CatalogSource(catalog_dir))


async def _same_as_app(app: FastAPI, out: Path) -> None:
    """Every published file holds what the app answers, and the manifest lists them all."""
    transport = httpx.ASGITransport(app=app)
    paths = current_paths(app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        for path in paths:
            served = await client.get(path, headers={"Accept-Encoding": "identity"})
            assert (out / file_name(path)).read_bytes() == served.content, path
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(file_name(p) for p in paths)
    assert not (out / JOURNAL).exists()


@pytest.mark.parametrize("files", [0, 1, 7, 40])
async def test_a_publication_stopped_between_files_is_completed_by_the_next(
    settings: Settings, catalog_dir: Path, tmp_path: Path, files: int
) -> None:
    app = _app(settings, catalog_dir)
    out = tmp_path / "site"
    with pytest.raises(PublishStopped):
        await publish_app(app, out, stop=StopAfter(files))
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]  # nothing half-written
    assert not (out / MANIFEST).exists()  # the publication is recorded as unfinished
    report = await publish_app(app, out)
    assert len(report.written) + len(report.unchanged) + len(report.kept) >= files
    await _same_as_app(app, out)
    again = await publish_app(app, out, verify=True)
    assert again.repaired == []


async def test_a_stopped_publication_of_a_published_site_leaves_every_file_old_or_new(
    settings: Settings, catalog_dir: Path, tmp_path: Path
) -> None:
    app = _app(settings, catalog_dir)
    out = tmp_path / "site"
    await publish_app(app, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edited = catalog_dir / "przykladowo-2025.toml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Przykładowo", "Przykładowo Nowe"), encoding="utf-8")  # fmt: skip
    app = _app(settings, catalog_dir)
    with pytest.raises(PublishStopped):
        await publish_app(app, out, stop=StopAfter(3))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        for path in current_paths(app):
            served = await client.get(path, headers={"Accept-Encoding": "identity"})
            published = out / file_name(path)
            if published.exists():  # a file the edit adds may not be written yet
                assert published.read_bytes() in (before.get(published), served.content), path
    await publish_app(app, out)
    await _same_as_app(app, out)


async def test_the_publisher_stops_at_once_and_the_next_start_completes_the_site(
    settings: Settings, catalog_dir: Path, tmp_path: Path
) -> None:
    """Publisher.stop() sets the stop the publication asks between files: whenever it
    comes (before, during or after the first publication), stop() returns and the next
    publisher leaves the site complete."""
    out = tmp_path / "site"
    publisher = Publisher(settings, out)
    await publisher.start()
    await publisher.stop()
    follower = Publisher(settings, out)
    await follower.check()
    await follower.close()
    await _same_as_app(_app(settings, catalog_dir), out)
