"""A long-running publisher (serve, worker) logs its publications in English, for the
operator, while `notifier publish` tells whoever runs it in Polish (blind 10b, M21: serve's
publication lines were Polish among English ones)."""

from __future__ import annotations

from notifier.publish.publisher import log_line
from notifier.publish.site import PublishReport


def test_the_log_line_is_english_and_the_cli_line_polish() -> None:
    report = PublishReport(
        written=["calendar.ics", "feed.atom"],
        unchanged=["index.html"],
        removed=[],
        kept=["leszno/calendar.ics"] * 3,
        repaired=["feed.atom"],
    )
    assert log_line(report) == (
        "Published: 2 changed, 1 unchanged, 0 removed; 3 not rendered again. "
        "Repaired 1 file(s) unlike the publication: feed.atom."
    )
    assert report.format().startswith("Opublikowano: 2 zmienione, 1 bez zmian, 0 usuniętych")
