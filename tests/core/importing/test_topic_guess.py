"""Topic guesses from real task titles (Leszno 2024, Łódź, Białystok, and the areas of art. 4
of the act as harmonogramy print them): a phrase beats its single words."""

from __future__ import annotations

import pytest

from notifier.core.importing.topic_guess import guess_topics

TITLES = [
    ("Wspieranie i upowszechnianie kultury fizycznej", ["sport"]),
    ("KULTURA FIZYCZNA I SPORT", ["sport"]),
    ("Upowszechnianie kultury fizycznej wśród dzieci i młodzieży", ["dzieci-i-mlodziez", "sport"]),
    ("Kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego", ["kultura"]),
    ("Ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego", ["ekologia"]),
    ("Zapewnienie opieki bezdomnym zwierzętom", ["ekologia"]),
    ("Prowadzenie noclegowni dla osób bezdomnych", ["pomoc-spoleczna"]),
    ("Działalność na rzecz integracji cudzoziemców", ["cudzoziemcy"]),
    ("Przeciwdziałanie uzależnieniom i patologiom społecznym", ["uzaleznienia"]),
    ("Działalność na rzecz osób w wieku emerytalnym", ["seniorzy"]),
    ("Ratownictwo i ochrona ludności", ["bezpieczenstwo"]),
    (
        "porządku i bezpieczeństwa publicznego oraz ratownictwa i ochrony ludności",
        ["bezpieczenstwo"],
    ),
    ("Działalność wspomagająca rozwój wspólnot i społeczności lokalnych", ["spolecznosc-lokalna"]),
    ("Nauka, szkolnictwo wyższe, edukacja, oświata i wychowanie", ["edukacja"]),
    ("Wychowanie fizyczne w szkołach", ["sport"]),
    ("odnawianie, znakowanie szlaków i obiektów turystycznych w mieście", ["turystyka"]),
    ("prowadzenie klubów abstynenckich", ["uzaleznienia"]),
    ("pomoc ofiarom przemocy domowej", ["przemoc"]),
    ("prowadzenie Leszczyńskiego Biura Wolontariatu", ["wolontariat"]),
    ("rozwój sportu na terenie Miasta Leszna – II tura 2024", ["sport"]),
    ("opieka nad dziećmi w Domu Dziecka", ["dzieci-i-mlodziez", "rodzina"]),
    ("Działalność na rzecz kombatantów i osób represjonowanych", ["kombatanci"]),
    ("Łódzkie Centrum Wolontariatu", ["wolontariat"]),
    ("Mikrogranty", []),
]


@pytest.mark.parametrize(("title", "topics"), TITLES)
def test_a_real_task_title_gives_its_topics(title: str, topics: list[str]) -> None:
    assert guess_topics(title) == topics


def test_a_phrase_takes_its_words_from_the_single_word_terms() -> None:
    assert guess_topics("kultura fizyczna, kultura fizyczna i kultura") == ["sport", "kultura"]
