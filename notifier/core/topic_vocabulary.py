"""The shared topic vocabulary: one slug per area, the same in every city (plain data, Polish
labels).

A harmonogram file may omit [topics] and use these slugs; its own [topics] may add local slugs
and relabel shared ones for that city. Cross-city feeds and forms use the labels below. Areas
that overlapped (ochrona środowiska and ochrona zwierząt within ekologia, rekreacja within
turystyka, two slugs for supporting NGOs) have one slug each; the other slugs are aliases
(TOPIC_ALIASES), still accepted wherever a slug is read — a file's tasks and [topics], feed and
page URLs, forms, the command line, preferences stored before — and read as the area's slug, so
a subscriber to an area gets every task of that area in every city. `notifier topics` prints
them all.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import cache

from notifier.core.echo import echoed
from notifier.core.schedule import ascii_slug

# The 17 slugs of Leszno's 2024 harmonogram first (their labels as Leszno prints them), then
# the other areas of public benefit work that harmonograms commonly name (art. 4 of the act).
SHARED_TOPICS: Mapping[str, str] = {
    "pomoc-spoleczna": "Pomoc społeczna",
    "rodzina": "Rodzina",
    "dzieci-i-mlodziez": "Dzieci i młodzież",
    "seniorzy": "Seniorzy",
    "integracja-spoleczna": "Integracja społeczna",
    "uzaleznienia": "Przeciwdziałanie uzależnieniom",
    "przemoc": "Przeciwdziałanie przemocy",
    "wolontariat": "Wolontariat",
    "zdrowie": "Ochrona i promocja zdrowia",
    "sport": "Sport i kultura fizyczna",
    "ekologia": "Ekologia i ochrona zwierząt",
    "turystyka": "Turystyka i rekreacja",
    "spolecznosc-lokalna": "Społeczność lokalna i organizacje pozarządowe",
    "cudzoziemcy": "Integracja cudzoziemców",
    "wspolpraca-zagraniczna": "Współpraca zagraniczna",
    "rewitalizacja": "Rewitalizacja",
    "bezpieczenstwo": "Bezpieczeństwo publiczne i ratownictwo",
    "kultura": "Kultura, sztuka i dziedzictwo narodowe",
    "edukacja": "Nauka, edukacja i wychowanie",
    "niepelnosprawnosc": "Osoby z niepełnosprawnościami",
    "rynek-pracy": "Aktywizacja zawodowa i rynek pracy",
    "rownosc": "Równe prawa kobiet i mężczyzn",
    "prawa-czlowieka": "Prawa człowieka i demokracja",
    "mniejszosci": "Mniejszości narodowe i etniczne, język regionalny",
    "kombatanci": "Kombatanci i pamięć historyczna",
    "obronnosc": "Obronność i bezpieczeństwo państwa",
    "przedsiebiorczosc": "Przedsiębiorczość i rozwój gospodarczy",
    "obszary-wiejskie": "Rozwój obszarów wiejskich",
    "konsumenci": "Ochrona praw konsumentów",
}

# Former shared slugs of an area that has one slug now: alias -> (the area's slug, the label
# the alias had). Art. 4 ust. 1 pkt 18 of the act names "ekologia i ochrona zwierząt oraz
# ochrona dziedzictwa przyrodniczego" as one area.
TOPIC_ALIASES: Mapping[str, tuple[str, str]] = {
    "srodowisko": ("ekologia", "Ochrona środowiska"),
    "zwierzeta": ("ekologia", "Ochrona zwierząt"),
    "rekreacja": ("turystyka", "Rekreacja i czas wolny"),
    "ngo": ("spolecznosc-lokalna", "Wspieranie organizacji pozarządowych"),
}


def canonical_topic(slug: str) -> str:
    """The area's one slug for `slug`: "ekologia" for "srodowisko"; any other slug as it is."""
    alias = TOPIC_ALIASES.get(slug)
    return alias[0] if alias else slug


def canonical_topics(slugs: Iterable[str]) -> frozenset[str]:
    """canonical_topic of each of `slugs` (a subscriber's stored choice, a URL's ?topic=)."""
    return frozenset(canonical_topic(s) for s in slugs)


def with_aliases(slugs: Iterable[str]) -> frozenset[str]:
    """`slugs` and every alias of them: what a stored choice may say for these areas (for a
    query over stored preferences)."""
    slugs = frozenset(slugs)
    return slugs | {alias for alias, (slug, _) in TOPIC_ALIASES.items() if slug in slugs}


def accepted_topics(declared: Mapping[str, str] | None) -> dict[str, str]:
    """What a harmonogram's tasks may name (its own [topics], `declared`, the shared slugs and
    their aliases), each to the slug the task is filed under: an alias to its area's."""
    out = {slug: slug for slug in SHARED_TOPICS}
    out.update((alias, slug) for alias, (slug, _) in TOPIC_ALIASES.items())
    out.update((slug, canonical_topic(slug)) for slug in declared or {})
    return out


def canonical_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts by slug with each alias's count added to its area's slug."""
    out: dict[str, int] = {}
    for slug, count in counts.items():
        out[canonical_topic(slug)] = out.get(canonical_topic(slug), 0) + count
    return out


def effective_topics(declared: Mapping[str, str] | None, used: Iterable[str]) -> dict[str, str]:
    """A harmonogram's topics (slug -> Polish label, in order): the file's own [topics] in file
    order (None when the table is omitted), then each shared slug its tasks use that the file
    did not declare, with its shared label."""
    out: dict[str, str] = {}
    for slug, label in (declared or {}).items():  # an alias declared labels its area here
        out.setdefault(canonical_topic(slug), label)
    for slug in used:
        if slug not in out and slug in SHARED_TOPICS:
            out[slug] = SHARED_TOPICS[slug]
    return out


def topic_label(slug: str, *per_city: Mapping[str, str]) -> str:
    """The label of a slug across cities: the shared one, else the first city's that has it."""
    if slug in SHARED_TOPICS:
        return SHARED_TOPICS[slug]
    return next((topics[slug] for topics in per_city if slug in topics), slug)


# A file's own [topics] at most (a real harmonogram declares up to about 20): each is a feed
# of its own (published per topic, with its twin) and is checked against the shared areas.
MAX_LOCAL_TOPICS = 200


def count_problem(count: int) -> str | None:
    """Why a file's [topics] of `count` topics is refused (Polish: none, or more than
    MAX_LOCAL_TOPICS), else None."""
    if not count:
        return "nie ma żadnego tematu"
    if count <= MAX_LOCAL_TOPICS:
        return None
    return (
        f"{count} tematów, a jeden plik może ich mieć najwyżej {MAX_LOCAL_TOPICS} (harmonogram "
        "ma ich zwykle kilkanaście; każdy temat ma własne kanały kalendarza i wiadomości) – "
        "prosimy zostawić tematy, których używają zadania"
    )


NEAR = 0.85  # difflib ratio from which a local topic seems to duplicate a shared area

TOPICS_COMMAND = "notifier topics"
"""The command that prints every accepted slug; messages about topics point to it."""


def unknown_topic(slug: str, declared: Mapping[str, str] | None) -> str:
    """Why a task's topic slug is refused, in Polish: the nearest known slug if any, the
    file's own topics and the shared ones (all listed by `notifier topics`)."""
    known = [*(declared or {}), *(s for s in SHARED_TOPICS if s not in (declared or {}))]
    near = difflib.get_close_matches(slug, [*known, *TOPIC_ALIASES], n=1, cutoff=0.75)
    hint = f"czy chodziło o {echoed(canonical_topic(near[0]))}? " if near else ""
    own = f"tematy pliku: {', '.join(declared)}; " if declared else ""
    return (
        f"nieznany temat {echoed(slug)} ({hint}{own}wspólne tematy: {', '.join(SHARED_TOPICS)} – "
        f"z nazwami wypisuje je polecenie `{TOPICS_COMMAND}`)"
    )


def _forms(slug: str, label: str) -> tuple[str, str]:
    return slug, ascii_slug(label)


@cache
def _area_forms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each shared area with its written forms: its slug, its label as a slug, its aliases'."""
    forms = {slug: list(_forms(slug, label)) for slug, label in SHARED_TOPICS.items()}
    for alias, (slug, label) in TOPIC_ALIASES.items():
        forms[slug] += _forms(alias, label)
    return tuple((shared, tuple(written)) for shared, written in forms.items())


def _near(form: str, matcher: difflib.SequenceMatcher[str], mine: str) -> bool:
    """`mine` is within difflib ratio NEAR of `form` (the matcher's second sequence); the
    cheap upper bounds first (most local topics are nothing like any area): the lengths
    alone (what real_quick_ratio computes, without setting the sequence), then quick_ratio."""
    length, other = len(mine), len(form)
    if 2 * min(length, other) < NEAR * (length + other):
        return False
    matcher.set_seq1(mine)
    return matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR


def shared_duplicates(topics: Mapping[str, str]) -> dict[str, str]:
    """Each of a file's local topics (slug -> label) that seems to duplicate a shared area,
    with that area's slug (see shared_duplicate). A matcher per form of the areas, made once
    per call (difflib analyses its second sequence once for every first one set later), so
    the cost grows with the topics, not with the topics times that analysis."""
    areas = [
        (shared, [(form, difflib.SequenceMatcher(None, b=form)) for form in written])
        for shared, written in _area_forms()
    ]
    found = {}
    for slug, label in topics.items():
        mine = _forms(slug, label)
        for shared, matchers in areas:
            if any(_near(form, matcher, m) for form, matcher in matchers for m in mine):
                found[slug] = shared
                break
    return found


def shared_duplicate(slug: str, label: str) -> str | None:
    """The shared slug whose area a file's local topic (`slug`, not in the vocabulary) seems
    to duplicate, else None: its slug or its label, written as a slug ("Ochrona środowiska" ->
    "ochrona-srodowiska"), equals or nearly equals (difflib ratio 0.85, a typo or an ending)
    the slug, the label or an alias of a shared area. Tasks under such a local topic reach
    only that city's subscribers of it, not the area's subscribers in every city."""
    return shared_duplicates({slug: label}).get(slug)


def vocabulary_text(local: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """What `notifier topics` prints (Polish): every shared slug with its label, the aliases
    still accepted with the area each means, and `local` (a city's name -> its own topics,
    slug -> label, as the served files declare them)."""
    width = max(len(s) for s in [*SHARED_TOPICS, *TOPIC_ALIASES])
    lines = [
        (
            "Wspólne tematy – jeden identyfikator na obszar, ten sam w każdym mieście (w plikach "
            "harmonogramów: topics = [...], w adresach: ?topic=..., w poleceniach: --topic ...):"
        )
    ]
    lines += [f"  {slug:<{width}}  {label}" for slug, label in SHARED_TOPICS.items()]
    lines.append("Dawne identyfikatory, nadal przyjmowane i czytane jako temat obszaru:")
    lines += [
        f"  {alias:<{width}}  → {slug} ({old})" for alias, (slug, old) in TOPIC_ALIASES.items()
    ]
    for city, topics in (local or {}).items():
        own = {s: label for s, label in topics.items() if s not in SHARED_TOPICS}
        if own:
            lines.append(f"Tematy własne – {city} (tylko w tym mieście):")
            lines += [f"  {slug:<{width}}  {label}" for slug, label in own.items()]
    return "\n".join(lines)
