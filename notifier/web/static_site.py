"""Whether the static site in NOTIFIER_PUBLISH_DIR is kept current, as the web process can
tell: `/healthz` and `/readyz` list it under `static_site` (blind round three, m5).

The worker's publisher (notifier.publish.publisher) checks every 20 s and, after each check
that succeeds (a publication, or nothing to publish), sets the manifest's date to now — a
date change needs no free space, so a full disk does not hide a working publisher. A
manifest older than STALE_AFTER means no check has succeeded since: the publication fails
(the worker logs why, once per kind of failure) or no worker runs, and the published pages
and feeds go stale while the app's own answer.
"""

from __future__ import annotations

import contextlib
import os
import time
from datetime import UTC, datetime
from pathlib import Path

MANIFEST = ".notifier-published.json"  # what a published directory holds (publish.manifest)
STALE_AFTER = 120.0  # seconds: six of the publisher's checks without one that succeeded
# The directory as the public /healthz names it: the setting, never its absolute path (m6).
_WHERE = "NOTIFIER_PUBLISH_DIR"


def mark_checked(out: Path) -> None:
    """Note that a publisher's check of `out` succeeded (the manifest's date set to now)."""
    with contextlib.suppress(OSError):
        os.utime(out / MANIFEST)


def static_site_problems(out: Path | None, now: float | None = None) -> list[str]:
    """Why the static site in `out` is not current, in Polish, each line starting
    "NOTIFIER_PUBLISH_DIR: " (empty: it is, or there is no publish directory). `now`: seconds since the epoch (default: the wall clock)."""
    if out is None:
        return []
    now = time.time() if now is None else now
    try:
        checked = (out / MANIFEST).stat().st_mtime
    except OSError:
        return [f"{_WHERE}: strona statyczna nie została jeszcze opublikowana (zob. log workera)"]
    if now - checked <= STALE_AFTER:
        return []
    when = datetime.fromtimestamp(checked, UTC).isoformat(timespec="seconds")
    late = round(STALE_AFTER)
    reason = f"ostatnia udana publikacja {when}, ponad {late} s temu (przyczynę podaje log workera)"
    return [f"{_WHERE}: strona statyczna nie jest odświeżana – {reason}"]
