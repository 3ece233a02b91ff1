"""The one settings object: NOTIFIER_* variables from the environment, else from `.env` in the
working directory (so `make run` and a later `notifier remind` there agree), checked at start."""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from datetime import time
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dotenv import dotenv_values
from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from notifier.core.addresses import AddressError, UnsendableAddress, normalised_address
from notifier.core.echo import echoed
from notifier.core.errors import NotifierError
from notifier.core.input_rules import forbidden_char_problem
from notifier.core.time import daily_time_problem
from notifier.core.web_address import (
    bind_all,
    broken_address,
    character_problem,
    web_address_problem,
)
from notifier.files.public_dir import publish_dir_place_problem, publish_dir_problem
from notifier.files.reading import EMPTY_PATH_PROBLEM, path_problem, shown_path
from notifier.redact import mask_url
from notifier.settings_messages import polish_error as _polish
from notifier.settings_places import database_url_problem
from notifier.store.db import sqlite_path

ENV_PREFIX = "NOTIFIER_"
DOTENV = Path(".env")  # relative to the working directory; read by load_settings
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class SettingsError(NotifierError):
    """One line per bad setting, each naming the variable and what is wrong."""


# Settings end up in headers, links and pages: one line, no control characters (nor what
# input_rules refuses in any text: bidi controls).
_SETTING_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
_HELO_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,252}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")


class Settings(BaseSettings):
    """Every NOTIFIER_* setting, typed, validated and frozen (`from_address` is NOTIFIER_FROM).
    Read it with load_settings, whose SettingsError lists every problem and unknown variable."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="forbid", frozen=True, populate_by_name=True
    )

    schedule: Path = Path("schedule.toml")
    # Seconds an edited schedule file stays unchanged before it is read (files.settling), and
    # between two looks for a change in a running web process (files.source, web.watcher).
    schedule_settle: float = Field(default=10.0, ge=0, le=3600, allow_inf_nan=False)
    schedule_poll: float = Field(default=1.0, gt=0, le=3600, allow_inf_nan=False)
    base_url: str = "http://127.0.0.1:8000"
    database_url: str = "sqlite:///subscribers.db"
    # The sent journal's folder (store.sent_journal); None: the SQLite file's, or the cwd.
    state_dir: Path | None = None

    # Mail: SMTP when smtp_url is set, otherwise a Maildir outbox on disk.
    smtp_url: str | None = None
    smtp_password_file: Path | None = None
    smtp_timeout: float = Field(default=30.0, gt=0, le=600, allow_inf_nan=False)
    smtp_max_connections: int = Field(default=4, ge=1, le=32)
    # The name given in EHLO; many servers refuse or score down "localhost".
    smtp_helo_name: str = Field(default_factory=socket.getfqdn)
    outbox: Path = Path("outbox")
    from_address: str = Field(
        default="Harmonogram konkursów <powiadomienia@example.org>",
        validation_alias="NOTIFIER_FROM",
    )

    # Worker: when reminders and the weekly digest go out (Europe/Warsaw).
    remind_time: time = time(8, 0)
    digest_day: str = "mon"
    digest_time: time = time(8, 0)

    # Sign-up form: how many confirmation emails one address / one client may trigger per hour,
    # and the seconds it waits for its email to be handed to the mail server (jobs.signup).
    subscribe_limit_per_address: int = Field(default=3, ge=1, le=100)
    subscribe_limit_per_client: int = Field(default=20, ge=1, le=10_000)
    signup_wait: float = Field(default=3.0, gt=0, le=60, allow_inf_nan=False)

    # Static publishing: the worker keeps this directory's feeds and pages current (None: off).
    publish_dir: Path | None = None
    # /metrics in the Prometheus format (off: 404). Never carries addresses or tokens.
    metrics: bool = False

    request_timeout: float = Field(60.0, ge=1, le=3600, allow_inf_nan=False)  # http_protocol
    log_level: str = "INFO"
    # Which peers may set X-Forwarded-For / X-Forwarded-Proto (uvicorn's forwarded_allow_ips):
    # comma-separated IPs or networks, "*" for any. The per-client sign-up limit trusts the
    # forwarded address only from these.
    trusted_proxies: str = "127.0.0.1"

    @field_validator(
        "base_url",
        "database_url",
        "smtp_url",
        "smtp_helo_name",
        "from_address",
        "digest_day",
        "log_level",
        "trusted_proxies",
        mode="before",
    )
    @classmethod
    def _one_line(cls, value: object) -> object:
        """Settings reach headers, links and pages: a line break or another control character
        would be cut off or split a header silently, so it stops start-up instead."""
        if isinstance(value, str) and (
            _SETTING_CONTROL_RE.search(value) or forbidden_char_problem(value)
        ):
            raise ValueError(
                "zawiera znak sterujący (np. koniec wiersza lub tabulator) – proszę podać "
                "wartość w jednym wierszu"
            )
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        unsafe = character_problem(value)  # the one rule of the file, announce and the forms
        if unsafe is not None and value.lower().startswith(("http:", "https:")):
            raise ValueError(unsafe)
        broken = broken_address(value)
        if broken is not None:
            raise ValueError(broken)
        parts = urlsplit(value)
        if parts.username is not None or parts.password is not None:
            raise ValueError("nie może zawierać nazwy użytkownika ani hasła (…@)")
        if web_address_problem(value) is not None:
            raise ValueError(
                "musi być adresem http:// lub https://, np. https://konkursy.leszno.pl"
            )
        if parts.query or parts.fragment:
            raise ValueError("nie może zawierać znaków ? ani #")
        if bind_all(parts.hostname or ""):
            raise ValueError(
                f"{parts.hostname} to adres nasłuchu, a nie adres publiczny: proszę podać nazwę "
                "serwera, pod którą odbiorcy otworzą linki, np. https://konkursy.leszno.pl"
            )
        return value.rstrip("/")

    @field_validator("smtp_helo_name")
    @classmethod
    def _helo_name(cls, value: str) -> str:
        value = value.strip()
        if not _HELO_RE.fullmatch(value):
            raise ValueError(
                "wymagana nazwa serwera (litery a–z, cyfry, kropki i myślniki) albo adres IP "
                "w nawiasach, np. konkursy.leszno.pl"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        problem = database_url_problem(value)  # a missing SQLite folder, :memory: (M10, M11)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        broken = broken_address(value)
        if broken is not None:
            raise ValueError(broken)
        if web_address_problem(value, ("smtp", "smtps")) is not None:
            raise ValueError(
                "musi mieć postać smtp://uzytkownik:haslo@serwer:587 (STARTTLS) "
                "albo smtps://uzytkownik:haslo@serwer:465"
            )
        return value

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: Path) -> Path:
        problem = path_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("smtp_password_file")
    @classmethod
    def _password_file(cls, value: Path | None) -> Path | None:
        if value is None:
            return value
        if not value.exists():
            raise ValueError(f"plik {value} nie istnieje")
        if not value.is_file():  # never opened: /dev/zero or a named pipe would never end
            raise ValueError(
                f"{value} nie jest zwykłym plikiem (to katalog, urządzenie albo potok) – "
                "prosimy wskazać plik z samym hasłem"
            )
        if not os.access(value, os.R_OK):
            raise ValueError(f"brak uprawnień do odczytu pliku {value}")
        return value

    @field_validator("publish_dir", "state_dir", "schedule", "outbox", mode="before")
    @classmethod
    def _no_blank_path(cls, value: object, info: ValidationInfo) -> object:
        if value == "" and info.field_name in ("publish_dir", "state_dir"):
            return None  # set empty: not set
        if isinstance(value, str) and not value.strip():  # Path("") is "." (blind7 M10)
            raise ValueError(EMPTY_PATH_PROBLEM)
        return value

    @field_validator("publish_dir", "state_dir")
    @classmethod
    def _publish_dir(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        problem = publish_dir_place_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("publish_dir")
    @classmethod
    def _publish_dir_apart(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        """The published folder is served to anyone: never the harmonogram folder (staff
        addresses), the database file or the sent journal, nor a folder around them."""
        schedule = info.data.get("schedule")
        if value is None or schedule is None:
            return value
        problem = publish_dir_problem(
            value,
            schedule=schedule,
            database=_sqlite_file(info.data.get("database_url")),
            state_dir=info.data.get("state_dir"),
            outbox=info.data.get("outbox"),
        )
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("from_address")
    @classmethod
    def _from_address(cls, value: str) -> str:
        if len(getaddresses([value])) != 1 or "," in value.rsplit(">", 1)[-1]:
            raise ValueError(
                "musi być jednym adresem nadawcy, np. Harmonogram konkursów "
                "<powiadomienia@example.org>"
            )
        _, address = parseaddr(value)
        try:  # the one rule for addresses mail is sent from/to: an IDN domain as xn--…
            sendable = normalised_address(address)
        except UnsendableAddress as exc:  # a Polish letter before "@": the core rule's words
            raise ValueError(str(exc)) from None
        except AddressError:
            raise ValueError(
                f"{echoed(address)} nie jest poprawnym adresem e-mail nadawcy, np. "
                "Harmonogram konkursów <powiadomienia@example.org>"
            ) from None
        return value if sendable == address else value.replace(address, sendable)

    @field_validator("trusted_proxies")
    @classmethod
    def _trusted_proxies(cls, value: str) -> str:
        """uvicorn takes any entry it cannot read as an address for a literal name and never
        matches it: a typo would silently trust no proxy (or the wrong one)."""
        for entry in filter(None, (e.strip() for e in value.split(","))):
            if entry == "*":
                continue
            try:
                if "/" in entry:
                    ipaddress.ip_network(entry)
                else:
                    ipaddress.ip_address(entry)
            except ValueError:
                raise ValueError(
                    f"{echoed(entry)} nie jest adresem IP ani siecią – proszę podać adresy lub "
                    "sieci rozdzielone przecinkami, np. 127.0.0.1, 10.0.0.0/8 (* – każdy)"
                ) from None
        return value

    @field_validator("digest_day")
    @classmethod
    def _digest_day(cls, value: str) -> str:
        value = value.strip().lower()
        value = value[:3] if value in _WEEKDAY_NAMES else value
        if value not in WEEKDAYS:
            raise ValueError(f"musi być jednym z: {', '.join(WEEKDAYS)}")
        return value

    @field_validator("remind_time", "digest_time")
    @classmethod
    def _daily_time(cls, value: time) -> time:
        if problem := daily_time_problem(value):  # 02:30: none, or twice, on a night a year
            raise ValueError(problem)
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        value = value.upper()
        if value not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("musi być jednym z: DEBUG, INFO, WARNING, ERROR")
        return value

    @model_validator(mode="after")
    def _password_needs_smtp(self) -> Settings:
        if self.smtp_password_file is not None and self.smtp_url is None:
            raise ValueError("NOTIFIER_SMTP_PASSWORD_FILE jest ustawione, a NOTIFIER_SMTP_URL nie")
        return self

    def summary(self) -> str:
        """Where the service reads and sends, in Polish, passwords masked (start-up, `jobs`)."""
        # Paths are the operator's, but may hold an ESC sequence: escaped for the terminal.
        outbox = shown_path(self.outbox)
        mail = mask_url(self.smtp_url) if self.smtp_url else f"katalog {outbox} (Maildir)"
        return (
            f"baza danych: {mask_url(self.database_url)}; poczta: {mail}; "
            f"harmonogram: {shown_path(self.schedule)}"
        )

    @property
    def smtp_password(self) -> str | None:
        """The SMTP password: from NOTIFIER_SMTP_PASSWORD_FILE if set, else from the URL."""
        if self.smtp_password_file is not None:
            return self.smtp_password_file.read_text(encoding="utf-8").strip()
        return urlsplit(self.smtp_url).password if self.smtp_url else None


def _sqlite_file(database_url: str | None) -> Path | None:
    """The SQLite file of a valid database URL (None: PostgreSQL, memory, not validated)."""
    if database_url is None:
        return None
    return sqlite_path(make_url(database_url))


def _env_name(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias
    return alias if isinstance(alias, str) else ENV_PREFIX + field.upper()


def dotenv_variables(path: Path | None = None) -> dict[str, str]:
    """The NOTIFIER_* lines of `.env` (DOTENV by default; {} if none); others are left alone."""
    path = DOTENV if path is None else path
    if not path.is_file():
        return {}
    values = dotenv_values(path, encoding="utf-8")
    return {k: v for k, v in values.items() if k.startswith(ENV_PREFIX) and v is not None}


def load_settings(**overrides: Any) -> Settings:
    """Read NOTIFIER_* variables (keyword overrides win); SettingsError lists every problem.

    The environment wins over `.env` (DOTENV), which wins over the defaults. Unknown
    NOTIFIER_* variables are errors too, in either place: a typo must not silently fall
    back to a default.
    """
    names = {_env_name(f): f for f in Settings.model_fields}
    from_file = {
        name: value for name, value in dotenv_variables().items() if name not in os.environ
    }
    problems = [
        f"{name}{' (.env)' if name in from_file else ''}: nieznane ustawienie "
        f"(znane: {', '.join(sorted(names))})"
        for name in sorted({*os.environ, *from_file})
        if name.startswith(ENV_PREFIX) and name not in names
    ]
    file_values = {names[n]: v for n, v in from_file.items() if n in names}
    settings = None
    try:
        settings = Settings(**(file_values | overrides))
    except ValidationError as exc:
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            field = names.get(key, key)
            name = _env_name(field) if field in Settings.model_fields else "settings"
            where = " (.env)" if field in file_values and field not in overrides else ""
            message = _polish(error)
            shown = mask_url(error["input"]) if isinstance(error["input"], str) else error["input"]
            problems.append(f"{name}{where}={echoed(shown)}: {message}")
    if problems or settings is None:
        raise SettingsError("Błędna konfiguracja:\n" + "\n".join(f"  {p}" for p in problems))
    return settings
