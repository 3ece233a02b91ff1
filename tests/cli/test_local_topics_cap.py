"""A harmonogram's own [topics] are capped (issue 25, blind10a F7): 20,000 local topics in a
438 KB file cost 73 s of `check` and ~80,000 published topic files. A file may declare
MAX_LOCAL_TOPICS; more is one Polish refusal naming the cap, the file is left out of a
served directory (every other city keeps serving) and nothing of it is published."""

from __future__ import annotations

import asyncio
import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notifier.cli.main import main
from notifier.core.schedule import ascii_slug
from notifier.core.topic_vocabulary import (
    MAX_LOCAL_TOPICS,
    SHARED_TOPICS,
    TOPIC_ALIASES,
    shared_duplicate,
)
from notifier.publish.site import publish
from notifier.settings import load_settings


def _with_topics(examples_dir: Path, target: Path, count: int) -> Path:
    """Przykładowo 2025 with `count` more local topics ("t0 = "Temat 0"", …), unused."""
    text = (examples_dir / "przykladowo-2025.toml").read_text(encoding="utf-8")
    extra = "".join(f't{i} = "Temat {i}"\n' for i in range(count))
    target.write_text(text.replace("[topics]\n", "[topics]\n" + extra, 1), encoding="utf-8")
    return target


def test_a_file_of_20000_local_topics_is_refused_naming_the_cap(
    clean_env: pytest.MonkeyPatch,
    examples_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _with_topics(examples_dir, tmp_path / "przykladowo-2025.toml", 20_000)
    assert main(["check", "--schedule", str(path)]) == 1
    out, err = capsys.readouterr()
    assert (
        f"[topics]: 20005 tematów, a jeden plik może ich mieć najwyżej {MAX_LOCAL_TOPICS} "
        "(harmonogram ma ich zwykle kilkanaście;"
    ) in out + err


def test_a_file_at_the_cap_passes_and_one_over_it_does_not(
    clean_env: pytest.MonkeyPatch,
    examples_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    own = 5  # Przykładowo declares five topics of its own
    (tmp_path / "a").mkdir()
    at_cap = _with_topics(
        examples_dir, tmp_path / "a" / "przykladowo-2025.toml", MAX_LOCAL_TOPICS - own
    )
    assert main(["check", "--schedule", str(at_cap), "--as-of", "2025-01-02"]) == 0
    over = tmp_path / "b"
    over.mkdir()
    over_cap = _with_topics(
        examples_dir, over / "przykladowo-2025.toml", MAX_LOCAL_TOPICS - own + 1
    )
    assert main(["check", "--schedule", str(over_cap), "--as-of", "2025-01-02"]) == 1
    assert f"{MAX_LOCAL_TOPICS + 1} tematów" in "".join(capsys.readouterr())


def test_a_served_file_over_the_cap_publishes_nothing_of_its_own(
    clean_env: pytest.MonkeyPatch, examples_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    for name in ("zielona-gora-2025.toml", "leszno-2025.toml"):
        (folder / name).write_bytes((examples_dir / name).read_bytes())
    _with_topics(examples_dir, folder / "przykladowo-2025.toml", 20_000)
    settings_ = load_settings(
        schedule=folder, database_url=f"sqlite:///{tmp_path / 'subscribers.db'}"
    )
    out = tmp_path / "site"
    report = asyncio.run(publish(settings_, out))
    assert any("20005 tematów" in line for line in report.skipped)
    assert (out / "zielona-gora" / "feed.atom").is_file()
    assert not (out / "przykladowo").exists()
    assert not list((out / "topics").glob("t[0-9]*"))


def _naive_duplicate(slug: str, label: str) -> str | None:
    """shared_duplicate as it was: every form of every area, difflib ratio from scratch."""
    forms = {s: [s, ascii_slug(lbl)] for s, lbl in SHARED_TOPICS.items()}
    for alias, (s, lbl) in TOPIC_ALIASES.items():
        forms[s] += [alias, ascii_slug(lbl)]
    mine = (slug, ascii_slug(label))
    for shared, written in forms.items():
        for form in written:
            if any(difflib.SequenceMatcher(None, m, form).ratio() >= 0.85 for m in mine):
                return shared
    return None


words = st.sampled_from(
    [*SHARED_TOPICS, *TOPIC_ALIASES, *SHARED_TOPICS.values(), "sport", "kultur", "x", ""]
)


@given(slug=words, label=words, noise=st.text(alphabet="abcćdeęłóśz- ", max_size=4))
@settings(deadline=None)
def test_the_quick_duplicate_check_finds_what_the_full_comparison_does(
    slug: str, label: str, noise: str
) -> None:
    assert shared_duplicate(slug + noise, label) == _naive_duplicate(slug + noise, label)
    assert shared_duplicate(slug, noise + label) == _naive_duplicate(slug, noise + label)
