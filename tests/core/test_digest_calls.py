"""The digest's calls sections: published this week, deadlines within 14 days, results, and
windows overdue for the office to chase — in both the text and the HTML part."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from digest_checks import FIGURES, compose, section
from schedule_text import SPORT_CALL, with_calls

from notifier.core.schedule_toml import parse_schedule


def called(seed: Path):  # type: ignore[no-untyped-def]
    return parse_schedule(with_calls(seed, SPORT_CALL))


def test_a_call_published_this_week_is_listed_with_its_deadline_and_amount(
    seed_schedule_path: Path,
) -> None:
    digest = compose(called(seed_schedule_path), date(2024, 5, 10), FIGURES)
    text = section(digest.text, "Konkursy ogłoszone w minionym tygodniu")
    assert "ogłoszono 6 maja 2024, oferty do 28 maja 2024, godz. 15:30" in text
    assert "Kwota: 150\u00a0000 zł" in text
    assert "Ogłoszenie: https://bip.example.org/ogloszenie-123" in text
    assert "Konkursy ogłoszone w minionym tygodniu</h2>\n<ul>" in digest.html


def test_a_deadline_within_14_days_is_listed_with_days_left(seed_schedule_path: Path) -> None:
    schedule = called(seed_schedule_path)
    text = compose(schedule, date(2024, 5, 20), FIGURES).text
    closing = section(text, "Terminy składania ofert w ciągu 14 dni (do 3 czerwca 2024)")
    assert "oferty do 28 maja 2024, godz. 15:30, zostało 8 dni" in closing
    assert section(text, "Konkursy ogłoszone w minionym tygodniu").endswith("Brak.")
    too_early = compose(schedule, date(2024, 5, 13), FIGURES).text  # 15 days before
    assert section(too_early, "Terminy składania ofert").endswith("Brak.")


def test_results_of_this_week_and_overdue_windows(seed_schedule_path: Path) -> None:
    digest = compose(called(seed_schedule_path), date(2024, 6, 21), FIGURES)
    results = section(digest.text, "Wyniki konkursów ogłoszone w minionym tygodniu")
    assert "wyniki z 20 czerwca 2024: https://bip.example.org/wyniki-123" in results
    overdue = section(digest.text, "Zaległe: termin minął ponad 60 dni temu")
    assert (
        "(mopr/profilaktyka-rodzina) — „Marzec 2024”, minął 31 marca 2024 (82 dni temu)" in overdue
    )
    assert "kultura-sport" not in overdue  # its call was recorded
    assert "(mopr/profilaktyka-rodzina)" in digest.html
