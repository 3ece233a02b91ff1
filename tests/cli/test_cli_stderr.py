"""What a user of a one-shot command reads on the terminal is Polish (issue 25): the English log
lines are for the operators' log files (`web`, `worker`, `serve`), so every command a clerk
runs — each given a bad file here — prints its problems in Polish and no log record."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from test_logs import log_texts

# Runs each command of argv lists in one fresh interpreter (Python's own last-resort log
# handler is what would print the records there), each output after a "@@ command" line.
DRIVER = """
import json, sys
from notifier.cli.main import main
for argv in json.loads(sys.argv[1]):
    print("@@ " + " ".join(argv), file=sys.stderr, flush=True)
    try:
        main(argv)
    except SystemExit:
        pass
    sys.stderr.flush()
"""


CALL = ("--deadline=2025-02-01", "--url=https://example.org")


def _english_log_line(texts: list[str]) -> re.Pattern[str]:
    """A line made by any log call of notifier/ (its %-placeholders matching anything)."""
    shapes = [re.escape(t).replace("%s", ".*").replace("%d", r"\d+") for t in texts]
    return re.compile("|".join(f"(?:{s})" for s in shapes if len(s) > 12))


def test_no_command_a_clerk_runs_shows_an_english_log_line(
    tmp_path: Path, examples_dir: Path
) -> None:
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    good = (examples_dir / "przykladowo-2025.toml").read_bytes()
    (folder / "przykladowo-2025.toml").write_bytes(good)
    copy = folder / "przykladowo-kopia.toml"  # the same city and year: refused
    copy.write_bytes(good)
    os.utime(copy, ns=(2**62, 2**62))
    bad = folder / "zepsuty.toml"
    bad.write_text("x = [[[[\n", encoding="utf-8")
    (folder / "bomba.toml").write_text("a" + ".a" * 20_000 + " = 1\n", encoding="utf-8")
    document = tmp_path / "harmonogram.txt"
    document.write_bytes(b"\x00\xff" * 100)
    d, b = str(folder), str(bad)
    commands = [
        ["check", d],
        ["topics", "--schedule", d],
        ["subscribers", "--schedule", d, "add", "a@example.org"],  # creates the database
        ["remind", "--schedule", d, "--dry-run"],
        ["digest", "--schedule", d, "--dry-run"],
        ["jobs", "--schedule", d],
        ["publish", "--schedule", d, "--out", str(tmp_path / "site")],
        ["subscribers", "--schedule", d, "list"],
        ["subscribers", "--schedule", d, "remove", "a@example.org"],
        ["export", "--schedule", b],
        ["feed", "--schedule", b],
        ["announce", "--schedule", b, "x/y", "--published=2025-01-02", *CALL],
        ["import", str(document), "-o", str(tmp_path / "nowy.toml")],
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "PYTHONIOENCODING": "utf-8",
        "NOTIFIER_DATABASE_URL": f"sqlite:///{tmp_path / 'subscribers.db'}",
        "NOTIFIER_OUTBOX": str(tmp_path / "outbox"),
        "NOTIFIER_SCHEDULE_SETTLE": "0",  # publish would wait 10 s for the files just written
    }
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(commands)],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    err = result.stderr.decode("utf-8")
    outputs = dict(part.split("\n", 1) for part in err.split("@@ ")[1:])
    assert len(outputs) == len(commands), err
    english = _english_log_line([text for _, text in log_texts()])
    for command, text in outputs.items():
        assert "Traceback" not in text, command
        assert [line for line in text.splitlines() if english.search(line)] == [], command
    # Each problem is said in Polish instead, by the command itself.
    skipped = "Pominięto pliki harmonogramu z błędami"
    for command in ("topics", "remind", "digest", "jobs", "publish", "subscribers"):
        said = next(text for name, text in outputs.items() if name.startswith(command))
        assert skipped in said, command
    assert f"{copy}: miasto 'przykladowo' i rok 2025" in outputs[f"remind --schedule {d} --dry-run"]
    for command in ("export", "feed", "announce"):
        text = next(t for name, t in outputs.items() if name.startswith(command))
        assert "błąd składni TOML" in text, command
