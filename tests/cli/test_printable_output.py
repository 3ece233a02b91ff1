"""Every line the command line prints is printable (blind10a M14, M16): a control character
of the user's own arguments reaches the terminal escaped in success lines as in error lines,
and an address that does not resolve is said in Polish, not as "błąd systemu (-2)"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from server_process import free_port

from notifier.cli.main import main
from notifier.cli.output import printable_output

RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = ["e\x1b[31mx", "a\x1b[2J\x07", "r\x9bA", "b\u202eidi", "c\rz"]


@pytest.mark.parametrize("name", HOSTILE)
def test_publish_prints_its_folder_escaped_in_the_success_line(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    """M14: `publish --out "$(printf 'e\\x1b[31mx')"` printed "Katalog: pubt/e^[[31mx"."""
    out = tmp_path / name
    assert main(["publish", "--schedule", str(seed_schedule_path), "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert "Opublikowano:" in printed
    assert not RAW.search(printed + err)
    assert f"Katalog: {printable_output(str(out))}" in printed
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("host", [*HOSTILE, "256.1.1.1", "nie-ma-takiego.invalid"])
def test_web_with_a_host_that_is_no_address_says_so_printably(
    clean_env: pytest.MonkeyPatch,
    seed_schedule_path: Path,
    capsys: pytest.CaptureFixture[str],
    host: str,
) -> None:
    """M16: `web --host 256.1.1.1` said "błąd systemu (-2)", and a host with ESC put it on
    the terminal raw."""
    clean_env.setenv("NOTIFIER_SCHEDULE", str(seed_schedule_path))
    # Set, so `web` does not put one made of the host into os.environ for the next tests.
    clean_env.setenv("NOTIFIER_BASE_URL", "http://127.0.0.1:8000")
    port = free_port()
    try:
        code = main(["web", "--host", host, "--port", str(port)])
    except SystemExit as refused:  # a name no resolver can look up: refused as an argument
        code = refused.code
    out, err = capsys.readouterr()
    assert not RAW.search(out + err)
    if code == 2:
        assert f"argument --host: {printable_output(repr(host))}: nie ma takiego adresu" in err
    else:
        assert code == 1
        said = f"Nie można nasłuchiwać na {printable_output(host)}:{port}: nie ma takiego adresu"
        assert said in err
    assert "(-2)" not in err


def test_every_kind_of_control_character_is_escaped_and_line_ends_kept() -> None:
    text = "a\x00b\x07c\x1bd\x7fe\x85f\u202eg\rh\ti\nj\udcffk"
    assert printable_output(text) == "a\\x00b\\x07c\\x1bd\\x7fe\\x85f\\u202eg\\x0dh\ti\nj\\xffk"
    assert printable_output("Zażółć gęślą jaźń – „cytat”") == "Zażółć gęślą jaźń – „cytat”"
