"""Counts and decimals in messages read as Polish (issue 25, m7): 1 plik, 2–4 pliki, 5+
plików, 12–14 plików, 22–24 pliki; a decimal comma ("77,1 MB")."""

from __future__ import annotations

import pytest

from notifier.core.input_rules import id_length_problem, length_problem, shown_megabytes
from notifier.core.polish import count_minutes
from notifier.files.reading import too_large_problem
from notifier.publish.site import PublishReport

FORMS = {  # count -> which of the three forms: one, few, many
    1: 0,
    2: 1,
    5: 2,
    12: 2,
    22: 1,
    25: 2,
}


@pytest.mark.parametrize("n", FORMS)
def test_counts_take_the_polish_plural(n: int) -> None:
    form = FORMS[n]
    chars = ("znak", "znaki", "znaków")[form]
    assert length_problem("x" * n, 0) == f"ma {n} {chars} – najwyżej 0"
    assert count_minutes(n) == f"{n} {('minutę', 'minuty', 'minut')[form]}"
    names = [f"f{i}.ics" for i in range(n)]
    said = PublishReport(written=names, removed=names, repaired=names).format()
    assert said.startswith(
        f"Opublikowano: {n} {('zmieniony', 'zmienione', 'zmienionych')[form]}, 0 bez zmian, "
        f"{n} {('usunięty', 'usunięte', 'usuniętych')[form]}; 0 bez ponownego renderowania."
    )
    files = ("plik niezgodny", "pliki niezgodne", "plików niezgodnych")[form]
    assert f" Naprawiono {n} {files} z publikacją " in said


def test_an_id_too_long_counts_its_characters_in_polish() -> None:
    assert (id_length_problem("a" * 222) or "").startswith("ma 222 znaki – najwyżej 195")


@pytest.mark.parametrize(
    ("size", "shown"),
    [(int(77.1 * 1024 * 1024), "77,1 MB"), (50 * 1024 * 1024, "50,0 MB"), (2097153, "2,0 MB")],
)
def test_sizes_have_a_decimal_comma(size: int, shown: str) -> None:
    assert shown_megabytes(size) == shown
    assert too_large_problem(size).startswith(f"plik jest za duży ({shown});")


@pytest.mark.parametrize("n", FORMS)
def test_the_sign_in_email_counts_its_minutes_in_polish(n: int) -> None:
    from notifier.mail.render import render_email

    said = render_email(
        "office_signin",
        signin_url="https://x.example/l",
        valid_for=count_minutes(n),
        email="a@example.org",
    )
    minutes = ("minutę", "minuty", "minut")[FORMS[n]]
    assert f"Link jest ważny {n} {minutes} i działa jeden raz" in said.text
    assert f"Link jest ważny {n} {minutes} i działa jeden raz" in said.html
