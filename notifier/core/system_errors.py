"""What an operating-system error means, in Polish: `OSError.strerror` is the C library's
English ("No space left on device"), and a Polish message must not carry it (issue 25)."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "nie ma takiego pliku ani katalogu",
    errno.EACCES: "brak uprawnień",
    errno.EPERM: "brak uprawnień",
    errno.ENOSPC: "brak miejsca na dysku",
    errno.EFBIG: "plik przekroczył dozwolony rozmiar",
    errno.EDQUOT: "wyczerpany przydział miejsca na dysku",
    errno.EROFS: "system plików jest tylko do odczytu",
    errno.EISDIR: "to jest katalog",
    errno.ENOTDIR: "część ścieżki nie jest katalogiem",
    errno.EEXIST: "plik już istnieje",
    errno.EIO: "błąd odczytu lub zapisu dysku",
    errno.ENAMETOOLONG: "za długa nazwa pliku lub ścieżka",
    errno.ELOOP: "za dużo dowiązań symbolicznych w ścieżce",
    errno.EMFILE: "za dużo otwartych plików",
    errno.ENFILE: "za dużo otwartych plików w systemie",
    errno.EADDRINUSE: "adres jest już zajęty",
    errno.EADDRNOTAVAIL: "ten adres nie należy do tego komputera",
    errno.ECONNREFUSED: "połączenie odrzucone",
    errno.ETIMEDOUT: "przekroczony czas oczekiwania",
    errno.EBUSY: "zasób jest zajęty",
    errno.EXDEV: "plik i cel leżą w różnych systemach plików",
    errno.ENXIO: "nie ma takiego urządzenia (np. potok nazwany bez czytającego)",
}


# A name's look-up (getaddrinfo) fails with codes of its own, below zero (glibc's netdb.h:
# EAI_NONAME -2, EAI_AGAIN -3, EAI_FAIL -4, EAI_NODATA -5, EAI_FAMILY -6, EAI_SERVICE -8;
# numbers, as the core imports no socket module): `web --host 256.1.1.1` said "błąd
# systemu (-2)" for a name that does not resolve (blind10a M16).
_ADDRESS_REASONS = {
    -2: "nie ma takiego adresu (nazwa się nie tłumaczy na adres IP)",
    -3: "serwer nazw nie odpowiada – prosimy spróbować ponownie",
    -4: "serwer nazw zwrócił błąd",
    -5: "ta nazwa nie ma adresu IP",
    -6: "ten rodzaj adresu nie jest obsługiwany",
    -8: "nie ma takiego portu ani usługi",
}


def system_reason(exc: OSError) -> str:
    """`exc`'s reason in Polish; for an error not known here its symbolic name and number
    ("błąd systemu EPROTO (71)"), never the English text."""
    if exc.errno is None:
        return "błąd systemu"
    if exc.errno < 0:  # socket.gaierror, or the OSError create_server makes of one
        return _ADDRESS_REASONS.get(exc.errno, f"nie można odnaleźć adresu (błąd {exc.errno})")
    known = _REASONS.get(exc.errno)
    if known is not None:
        return known
    return f"błąd systemu {errno.errorcode.get(exc.errno, '')} ({exc.errno})".replace("  ", " ")


def first_line(exc: BaseException) -> str:
    """The first line of `exc`'s message, or of the driver's error it wraps (`exc.orig`:
    SQLAlchemy adds the SQL and a help URL below it); "" when there is none."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else ""


def error_kind(exc: BaseException) -> str:
    """One log line's account of `exc`: "OperationalError: connection refused"."""
    return f"{type(exc).__name__}: {first_line(exc)}"
