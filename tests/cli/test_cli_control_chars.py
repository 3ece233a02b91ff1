"""No control character of a value typed on the command line reaches the terminal (blind
round 8a, F1: `feed --department $'x\\x1b[2J\\x07'` cleared the operator's screen and rang its
bell through "nieznany wydział: …"; issue 25: C0 controls are refused or shown, never echoed).

Every option and argument that takes a value, of every command that ends on its own, is given
one hostile value at a time; whatever the command answers (a refusal, mostly), its stdout and
stderr carry no C0/C1 control but line ends and tabs.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
from pathlib import Path

import pytest

from notifier.cli.main import HANDLERS, main
from notifier.cli.parser import build_parser

SEED_DOC = Path(__file__).parents[1] / "examples" / "harmonogram-2024-leszno.txt"
HOSTILE = "x\x1b[2J\x07\x9bA\x00y"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Commands that serve until stopped: only their --schedule is given a hostile value (a path
# that does not exist is refused before anything listens).
SERVING = {"serve", "web", "worker"}


def _base(command: tuple[str, ...], tmp: Path, schedule: Path) -> list[str]:
    """A command line that runs (or is refused) quickly, with sane values everywhere."""
    positional = {
        ("check",): [str(schedule)],
        ("import",): [str(SEED_DOC), "-o", str(tmp / "out.toml"), "--year", "2025"],
        ("announce",): ["sport/upowszechnianie", "--published", "2024-02-01"],
        ("subscribers", "add"): ["ngo@example.org"],
        ("subscribers", "remove"): ["ngo@example.org"],
        ("feed",): ["-o", str(tmp / "feed.ics")],
    }
    return [*command, "--schedule", str(schedule), *positional.get(command, [])]


def _value_options() -> list[tuple[tuple[str, ...], str]]:
    cases: list[tuple[tuple[str, ...], str]] = []

    def walk(parser: argparse.ArgumentParser, prefix: tuple[str, ...]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, (*prefix, name))
            elif prefix and action.nargs != 0 and not isinstance(action, argparse._HelpAction):
                name = action.option_strings[0] if action.option_strings else action.dest
                if prefix[0] not in SERVING or name == "--schedule":
                    cases.append((prefix, name))

    walk(build_parser(HANDLERS), ())
    return [c for c in cases if c[0] != ("subscribers",)]


def _with(argv: list[str], option: str) -> list[str]:
    if option in argv:
        at = argv.index(option)
        return [*argv[:at], option, HOSTILE, *argv[at + 2 :]]
    return [*argv, option, HOSTILE]


@pytest.mark.parametrize(
    ("command", "option"),
    _value_options(),
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else v,
)
def test_no_control_character_of_a_value_reaches_the_terminal(
    command: tuple[str, ...],
    option: str,
    tmp_path: Path,
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seed_schedule_path: Path,
) -> None:
    clean_env.chdir(tmp_path)
    schedule = Path(shutil.copy(seed_schedule_path, tmp_path / "leszno-2024.toml"))
    argv = _base(command, tmp_path, schedule)
    if option.startswith("-"):
        argv = _with(argv, option)
    else:  # the command's positional value: the first one after the command's words
        values = argv[len(command) + 2 :]
        argv = [*argv[: len(command) + 2], HOSTILE, *values[1:]] if values else [*argv, HOSTILE]
    with contextlib.suppress(SystemExit):  # argparse's refusal (exit 2), checked like any
        main(argv)
    out, err = capsys.readouterr()
    assert not CONTROL.search(out), out[:500]
    assert not CONTROL.search(err), err[:500]
