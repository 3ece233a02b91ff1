"""Where the settings point, looked at when a process starts (blind10a M10–M12): a typo in a
path must stop start-up with one Polish line, never start a service that silently keeps its
subscribers in a new empty database or its emails nowhere.

- database_url_problem: NOTIFIER_DATABASE_URL's own check (notifier.settings): a database
  sqlite or postgresql whose driver is installed; a SQLite file in a folder that exists (a
  missing folder is not created, as NOTIFIER_STATE_DIR's parent is required), never
  `:memory:` (each process and connection would have its own empty database);
- the outbox is tried by the processes that send mail (notifier.cli.start_checks).
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from notifier.files.reading import shown_path
from notifier.store.db import missing_driver, sqlite_path


def database_url_problem(value: str) -> str | None:
    """Why NOTIFIER_DATABASE_URL cannot be the service's database (Polish), or None."""
    try:
        url = make_url(value)
    except ArgumentError:
        return (
            "to nie jest adres bazy danych (np. sqlite:///subscribers.db albo "
            "postgresql+psycopg://uzytkownik@serwer/baza)"
        )
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        return "obsługiwane są tylko bazy sqlite:/// i postgresql://"
    missing = missing_driver(url)
    if missing is not None:
        return missing
    return _sqlite_place_problem(url) if url.get_backend_name() == "sqlite" else None


def _sqlite_place_problem(url: URL) -> str | None:
    """A SQLite database kept in memory, or a file whose folder does not exist."""
    database = url.database or ""
    if (
        database in ("", ":memory:")
        or "mode=memory" in database
        or (url.query.get("mode") == "memory")
    ):
        return (
            "baza w pamięci (:memory:) znika z procesem, a każdy proces serwisu (strony, "
            "wysyłka, polecenia) miałby własną, pustą – prosimy podać plik, np. "
            "sqlite:////var/lib/notifier/subscribers.db"
        )
    path = sqlite_path(url)
    if path is None:  # a file: URI, which SQLite reads itself
        return None
    folder = path.parent
    if folder.is_dir():
        return None
    if folder.exists():
        return f"{shown_path(folder)} to plik, a nie katalog – bazy nie można w nim utworzyć"
    return (
        f"katalog {shown_path(folder)} nie istnieje – prosimy go utworzyć albo poprawić ścieżkę "
        "(serwis nie tworzy katalogów bazy sam: literówka dałaby nową, pustą bazę)"
    )
