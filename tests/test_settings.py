"""notifier.settings: every NOTIFIER_* variable is a setting; an unknown one stops start-up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from notifier.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    "name",
    [
        "NOTIFIER_DATABASE",  # a typo of NOTIFIER_DATABASE_URL
        "NOTIFIER_TEST_POSTGRES_URL",  # test harness variables are not settings either
    ],
)
def test_an_unknown_notifier_variable_is_an_error_naming_it(
    clean_env: pytest.MonkeyPatch, name: str
) -> None:
    clean_env.setenv(name, "x")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert f"{name}: nieznane ustawienie" in str(error.value)
    assert "NOTIFIER_DATABASE_URL" in str(error.value)  # the known names are listed


def test_the_test_database_and_outbox_are_the_tests_own(
    clean_env: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """In a folder of this test's own, beside its tmp_path, which exists (the service makes
    no database folder)."""
    settings = load_settings()
    own = settings.outbox.parent
    assert own.is_dir()
    assert own.is_relative_to(tmp_path_factory.getbasetemp())
    assert str(own / "subscribers.db") in settings.database_url


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NOTIFIER_METRICS", "maybe", "wymagana wartość tak/nie"),
        ("NOTIFIER_SMTP_MAX_CONNECTIONS", "zero", "wymagana liczba całkowita"),
        ("NOTIFIER_SMTP_MAX_CONNECTIONS", "0", "musi być co najmniej 1"),
        ("NOTIFIER_SMTP_MAX_CONNECTIONS", "99", "może być co najwyżej 32"),
        ("NOTIFIER_REMIND_TIME", "rano", "wymagana godzina, np. 08:00"),
        # M4: 02:00–02:59 does not happen one March night and happens twice one October night
        ("NOTIFIER_REMIND_TIME", "02:30", "godzina 02:30 nie istnieje w Polsce w ostatnią"),
        ("NOTIFIER_DIGEST_TIME", "02:59", "godzina 02:59 nie istnieje w Polsce w ostatnią"),
        ("NOTIFIER_SMTP_TIMEOUT", "nan", "wymagana liczba, np. 30 albo 2.5 (nan i inf nie są"),
        ("NOTIFIER_SMTP_TIMEOUT", "inf", "wymagana liczba, np. 30 albo 2.5 (nan i inf nie są"),
        ("NOTIFIER_SMTP_TIMEOUT", "601", "może być co najwyżej 600"),
        # The waits tests shorten: a product's own pace, never none or unbounded.
        ("NOTIFIER_SIGNUP_WAIT", "0", "musi być większe niż 0"),
        ("NOTIFIER_SIGNUP_WAIT", "61", "może być co najwyżej 60"),
        ("NOTIFIER_SIGNUP_WAIT", "trzy", "wymagana liczba, np. 30 albo 2.5"),
        ("NOTIFIER_SCHEDULE_POLL", "0", "musi być większe niż 0"),
        ("NOTIFIER_SCHEDULE_POLL", "-1", "musi być większe niż 0"),
        ("NOTIFIER_SCHEDULE_POLL", "nan", "wymagana liczba, np. 30 albo 2.5 (nan i inf nie są"),
        ("NOTIFIER_DATABASE_URL", "mysql://x/y", "obsługiwane są tylko bazy sqlite"),
        # F5: a driver that is not installed (psycopg without the [postgres] extra) or does
        # not exist stops every command with this line, not a traceback from the first query.
        ("NOTIFIER_DATABASE_URL", "postgresql+pg8000://u@h/d", "brak sterownika bazy danych"),
        (
            "NOTIFIER_DATABASE_URL",
            "postgresql+nosuch://u@h/d",
            "brak sterownika bazy danych „nosuch”",
        ),
        ("NOTIFIER_SMTP_URL", "mail.example.org", "musi mieć postać smtp://"),
        ("NOTIFIER_BASE_URL", "http://0.0.0.0:8000", "0.0.0.0 to adres nasłuchu"),
        ("NOTIFIER_BASE_URL", "http://[::]:8080", ":: to adres nasłuchu"),
        # Blind round 8a: every spelling of them a resolver takes is refused too.
        ("NOTIFIER_BASE_URL", "http://0:8000", "0 to adres nasłuchu"),
        ("NOTIFIER_BASE_URL", "http://0.0.0.0.:8000", "0.0.0.0. to adres nasłuchu"),
        ("NOTIFIER_BASE_URL", "http://0x0/", "0x0 to adres nasłuchu"),
        ("NOTIFIER_BASE_URL", "http://0.0/", "0.0 to adres nasłuchu"),
        ("NOTIFIER_BASE_URL", "http://[0:0::0]:8080", "0:0::0 to adres nasłuchu"),
        ("NOTIFIER_SMTP_HELO_NAME", "my host", "wymagana nazwa serwera (litery a–z"),
        # Issue 25: what reaches a header, a link or a page stops start-up, named.
        ("NOTIFIER_SMTP_HELO_NAME", "host;rm", "wymagana nazwa serwera (litery a–z"),
        ("NOTIFIER_FROM", "a@example.org\r\nBcc: b@example.org", "zawiera znak sterujący"),
        ("NOTIFIER_FROM", "a@example.org\nX", "zawiera znak sterujący"),
        ("NOTIFIER_FROM", "a@example.org, b@example.org", "musi być jednym adresem nadawcy"),
        ("NOTIFIER_FROM", "A <a@example.org>, <b@example.org>", "musi być jednym adresem"),
        ("NOTIFIER_FROM", "Biuro <biuro>", "'biuro' nie jest poprawnym adresem e-mail nadawcy"),
        # F21: the one core address rule — mail is plain SMTP, no Polish letters before "@".
        (
            "NOTIFIER_FROM",
            "Zażółć <ąę@przyk.example.org>",
            "Adres „ąę@przyk.example.org” ma przed znakiem @ litery ze znakami diakrytycznymi",
        ),
        ("NOTIFIER_BASE_URL", "https://x.pl/\t", "zawiera znak sterujący"),
        ("NOTIFIER_BASE_URL", 'https://x.pl/"><script>', 'zawiera znak ", którego'),
        ("NOTIFIER_BASE_URL", "https://x.pl/a b", "zawiera spację po „https://x.pl/a”"),
        ("NOTIFIER_DATABASE_URL", "sqlite:///a.db\n", "zawiera znak sterujący"),
        ("NOTIFIER_TRUSTED_PROXIES", "127.0.0.1\r\n", "zawiera znak sterujący"),
        ("NOTIFIER_TRUSTED_PROXIES", "foo bar", "'foo bar' nie jest adresem IP ani siecią"),
        ("NOTIFIER_TRUSTED_PROXIES", "10.0.0.0/33", "'10.0.0.0/33' nie jest adresem IP"),
        ("NOTIFIER_TRUSTED_PROXIES", "127.0.0.1, 999.1.1.1", "'999.1.1.1' nie jest adresem"),
        ("NOTIFIER_TRUSTED_PROXIES", "10.0.0.1/8", "'10.0.0.1/8' nie jest adresem IP"),
        ("NOTIFIER_FROM", "\u202eevil <a@example.org>", "zawiera znak sterujący"),
        ("NOTIFIER_DIGEST_DAY", "monkey", "musi być jednym z: mon"),  # never cut to "mon"
        ("NOTIFIER_DIGEST_DAY", "mon\\r\\nX", "musi być jednym z: mon"),
        # One address rule (notifier.core.web_address): brackets and ports, in Polish.
        ("NOTIFIER_BASE_URL", "http://[::1:8000", "ma błędny adres IPv6 w nawiasach"),
        ("NOTIFIER_BASE_URL", "http://x.pl:99999", "ma błędny numer portu – port to liczba"),
        ("NOTIFIER_BASE_URL", "http://x.pl:0", "ma błędny numer portu – port to liczba"),
        ("NOTIFIER_SMTP_URL", "smtp://[::1", "ma błędny adres IPv6 w nawiasach"),
        ("NOTIFIER_SMTP_URL", "smtp://x.pl:99999", "ma błędny numer portu – port to liczba"),
    ],
)
def test_a_wrong_value_is_named_with_a_polish_reason(
    clean_env: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    """The operator reads what is wrong in Polish, as the rest of the CLI speaks."""
    clean_env.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    text = str(error.value)
    assert text.startswith("Błędna konfiguracja:\n")
    assert f"  {name}={value!r}: {message}" in text


def test_a_sender_with_a_comma_in_its_quoted_name_is_one_address(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("NOTIFIER_FROM", '"Urząd Miasta, Biuro NGO" <ngo@example.org>')
    assert load_settings().from_address == '"Urząd Miasta, Biuro NGO" <ngo@example.org>'


@pytest.mark.parametrize("value", ["127.0.0.1", "127.0.0.1, 10.0.0.0/8,::1, fd00::/8", "*", ""])
def test_trusted_proxies_take_addresses_networks_and_a_star(
    clean_env: pytest.MonkeyPatch, value: str
) -> None:
    clean_env.setenv("NOTIFIER_TRUSTED_PROXIES", value)
    assert load_settings().trusted_proxies == value


def test_a_float_settings_bound_is_written_as_given(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("NOTIFIER_SMTP_TIMEOUT", "601")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).endswith("NOTIFIER_SMTP_TIMEOUT='601': może być co najwyżej 600")


def test_a_pydantic_check_without_a_polish_text_is_not_told_in_english() -> None:
    from notifier.settings import _polish

    assert _polish({"type": "too_long", "msg": "String should have at most 5 characters"}) == (
        "niepoprawna wartość"
    )
    assert _polish({"type": "value_error", "msg": "Value error, musi być"}) == "musi być"


def test_a_schedule_path_the_system_cannot_look_at_is_one_polish_line(
    clean_env: pytest.MonkeyPatch,
) -> None:
    """A name over 255 bytes makes stat() fail with ENAMETOOLONG, which was a traceback in
    every command (the re-attack round of issue 25)."""
    clean_env.setenv("NOTIFIER_SCHEDULE", "/tmp/" + "x" * 300)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert "NOTIFIER_SCHEDULE=" in str(error.value)
    assert "za długa nazwa pliku" in str(error.value)


def test_a_sender_with_a_polish_domain_is_sent_from_its_idna_form(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("NOTIFIER_FROM", "Harmonogram <powiadomienia@bąk.pl>")
    assert load_settings().from_address == "Harmonogram <powiadomienia@xn--bk-pla.pl>"


def test_a_schedule_that_is_a_pipe_or_the_root_folder_stops_start_up(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """blind4 n16: NOTIFIER_SCHEDULE naming a named pipe hung `notifier jobs` with no word
    (reading it never ends), and `/` scanned the whole file system for *.toml."""
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    for path, words in ((fifo, "nie jest zwykły plik ani katalog"), ("/", "katalog główny")):
        clean_env.setenv("NOTIFIER_SCHEDULE", str(path))
        with pytest.raises(SettingsError) as error:
            load_settings()
        assert "NOTIFIER_SCHEDULE=" in str(error.value)
        assert words in str(error.value)


def test_paths_in_the_start_up_line_are_escaped(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """blind4 n15: the start-up line (`jobs`, the log of `serve`/`web`) printed
    NOTIFIER_SCHEDULE raw, so an ESC sequence in it switched the terminal's colours."""
    clean_env.setenv("NOTIFIER_SCHEDULE", f"{tmp_path}/sched\x1b[31m")
    clean_env.setenv("NOTIFIER_OUTBOX", f"{tmp_path}/out\nbox")
    summary = load_settings().summary()
    assert "\x1b" not in summary
    assert "\n" not in summary
    assert "sched\\x1b[31m" in summary
    assert "out\\x0abox" in summary
