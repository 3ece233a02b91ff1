"""Seeded synthetic data for the benchmarks: a large harmonogram and a crowd of subscribers.

The same seed gives the same data, so runs on different days compare.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from notifier.core.polish import MONTHS_NOMINATIVE
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule
from notifier.files.reading import load_schedule

SEED = 20240110
LESZNO = Path(__file__).resolve().parents[1] / "schedule.toml"
TASKS_PER_DEPARTMENT = 10


def topics() -> dict[str, str]:
    """The real topic list of the shipped schedule."""
    return dict(load_schedule(LESZNO).topics)


def _period(rng: random.Random, year: int) -> str:
    """A period as cities print them, in realistic proportions."""
    roll = rng.random()
    month = rng.randrange(12)
    if roll < 0.45:
        return f"{MONTHS_NOMINATIVE[month].capitalize()} {year}"
    if roll < 0.60:
        month = min(month, 10)
        pair = f"{MONTHS_NOMINATIVE[month]}/{MONTHS_NOMINATIVE[month + 1]}"
        return f"{pair.capitalize()} {year}"
    if roll < 0.75:
        quarter = rng.randrange(4)
        roman = ("I", "II", "III", "IV")
        if rng.random() < 0.5 and quarter < 3:
            return f"{roman[quarter]}, {roman[quarter + 1]} kwartał roku {year}"
        return f"{roman[quarter]} kwartał {year}"
    if roll < 0.85:
        return f"{rng.choice(('I', 'II'))} połowa {year} r."
    if roll < 0.92:
        return rng.choice(("w ciągu roku", f"{year}", "cały rok"))
    return rng.choice(("-", "Tryb ustawy o zatrudnieniu socjalnym"))


def schedule_toml(
    n_tasks: int,
    *,
    year: int = 2024,
    seed: int = SEED,
    city: str = "Miasto Testowe",
    region: str | None = None,
) -> str:
    """A valid schedule.toml with `n_tasks` tasks, ten per department."""
    rng = random.Random(seed)
    slugs = list(topics())
    out = [
        "[harmonogram]",
        f'title = "Harmonogram ogłaszania otwartych konkursów ofert w {year} roku"',
        f'city = "{city}"',
        *([f'region = "{region}"'] if region else []),
        f"year = {year}",
        f"as_of = {year}-01-10",
        "",
        "[office]",
        'name = "Biuro Pełnomocnika ds. Współpracy z Organizacjami Pozarządowymi"',
        'email = "biuro@example.org"',
        "",
        "[topics]",
        *(f'{slug} = "{label}"' for slug, label in topics().items()),
    ]
    for d in range(0, n_tasks, TASKS_PER_DEPARTMENT):
        out += [
            "",
            "[[departments]]",
            f'id = "wydzial-{d // TASKS_PER_DEPARTMENT:05d}"',
            f'name = "Wydział Zadań Publicznych nr {d // TASKS_PER_DEPARTMENT + 1}"',
            'scope = "Zadania w zakresie pożytku publicznego, w tym m.in.:"',
        ]
        for t in range(d, min(d + TASKS_PER_DEPARTMENT, n_tasks)):
            chosen = rng.sample(slugs, k=rng.choice((1, 1, 2, 2, 3)))
            out += [
                "  [[departments.tasks]]",
                f'  id = "zadanie-{t:06d}"',
                f'  number = "{t % TASKS_PER_DEPARTMENT + 1}"',
                (
                    f'  title = "działania na rzecz mieszkańców — zadanie publiczne nr {t + 1} '
                    '(łączność, współpraca, edukacja)"'
                ),
                f'  period = "{_period(rng, year)}"',
                f"  topics = {chosen!r}".replace("'", '"'),
            ]
    return "\n".join(out) + "\n"


def synthetic_schedule(n_tasks: int, *, seed: int = SEED) -> Schedule:
    return parse_schedule(schedule_toml(n_tasks, seed=seed), source=f"synthetic-{n_tasks}")


@dataclass(frozen=True)
class FakeSubscriber:
    email: str
    topics: tuple[str, ...] | None  # None: all topics
    lead_days: tuple[int, ...]


def subscribers(count: int, *, seed: int = SEED) -> Iterator[FakeSubscriber]:
    """Realistic mixes: most pick 1–3 topics, some take everything; leads cluster on 7 and 14."""
    rng = random.Random(seed + count)
    slugs = list(topics())
    for i in range(count):
        wanted = (
            None if rng.random() < 0.15 else tuple(rng.sample(slugs, k=rng.choice((1, 2, 2, 3))))
        )
        leads = rng.choice(((7,), (7,), (14,), (3,), (7, 14), (1, 7), (30,)))
        yield FakeSubscriber(f"ngo{i:06d}@example.org", wanted, leads)


VOIVODESHIPS = (
    "dolnośląskie", "kujawsko-pomorskie", "lubelskie", "lubuskie", "łódzkie", "małopolskie",
    "mazowieckie", "opolskie", "podkarpackie", "podlaskie", "pomorskie", "śląskie",
    "świętokrzyskie", "warmińsko-mazurskie", "wielkopolskie", "zachodniopomorskie",
)  # fmt: skip


def write_catalog(folder: Path, n_cities: int, *, tasks: int = 30, year: int | None = None) -> int:
    """`n_cities` harmonograms of `tasks` tasks each (of this year by default, so that no
    event has dropped out of the feeds), one file per city in a folder per region
    ("Gmina Testowa 17" -> gmina-testowa-17); the number of tasks written."""
    year = year or date.today().year
    for i in range(n_cities):
        region = VOIVODESHIPS[i % len(VOIVODESHIPS)]
        text = schedule_toml(
            tasks, year=year, seed=SEED + i, city=f"Gmina Testowa {i + 1}", region=region
        )
        path = folder / region / f"gmina-{i + 1:05d}-{year}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return n_cities * tasks
