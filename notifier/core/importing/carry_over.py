"""Keep the ids of the city's earlier harmonogram: a department or task printed again next
year keeps the id NGOs subscribed to.

Subscriptions name a department by its id (`/departments/{id}.ics`, `?department=`, email
preferences: notifier.core.announcements.TaskFilter) and a task by its key "department/task"
(reminders, the delivery log). An import that made new ids from next year's printed names
("Wydział Kultury i Sportu" → `wydzial-kultury-i-sportu` where the earlier file had
`kultura-sport`) would leave every such subscriber without next year's tasks.

Departments are matched by name, normalised (case, diacritics, whitespace, "ds."/"do spraw",
a leading "Wydział"/"Biuro"/"Referat"/… and a trailing "w <city>" ignored), allowing a misprint
within a small edit distance, or as the acronym of the other's name ("MOPS"). A match must be
the best of both sides and the only one at that distance: two departments are never merged;
when unsure the new id is kept and the review says so. Tasks of a matched department are
matched by title similarity (difflib, years and numbers ignored, but a round, edition or
stage named — "I tura", "nabór 2", "II edycja" — must be the same), each pair the best of both
sides. A match takes the earlier id and topics. Ids of the earlier file that were not carried
over are never given to another department or task (an id keeps its meaning across years).
Pure: two plain values in, a plain plan out.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from notifier.core.importing.model import ImportedDepartment, ImportedSchedule
from notifier.core.importing.quoting import printed
from notifier.core.schedule import Department, Schedule, ascii_slug
from notifier.core.topic_vocabulary import canonical_topic

_PREFIXES = ("wydzial", "biuro", "referat", "departament", "zespol", "wydz", "dzial", "urzad")
_SMALL = frozenset(["i", "w", "z", "ze", "we", "do", "na", "o", "od", "oraz", "dla", "ds", "a"])
TASK_SAME = 0.8  # title similarity (difflib ratio) at which a task is the same task
TASK_NEAR = 0.6  # … at which the review mentions the earlier task as perhaps the same


@dataclass(frozen=True)
class Previous:
    """The city's earlier harmonogram and the file it was read from (as shown to a person)."""

    schedule: Schedule
    source: str


@dataclass
class Carried:
    """What the import keeps of `previous`: ids by the imported department's / task's place
    (department index, task index in it), topics of carried tasks, the earlier file's topic
    labels, ids never to give to anything else, and the review's lines (Polish)."""

    previous: Previous
    departments: dict[int, str] = field(default_factory=dict)
    tasks: dict[tuple[int, int], str] = field(default_factory=dict)
    topics: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    shorts: dict[tuple[int, int], str] = field(default_factory=dict)  # the earlier `short`
    reserved_departments: set[str] = field(default_factory=set)
    reserved_tasks: dict[int, set[str]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    @property
    def topic_labels(self) -> Mapping[str, str]:
        """The earlier file's [topics] (slug → label), for the carried local topics."""
        return self.previous.schedule.topics


def department_key(name: str) -> str:
    """A department's name as compared across years: 'Biuro ds. Uzależnień' and 'WYDZIAŁ DO
    SPRAW UZALEŻNIEŃ' -> 'uzaleznien'; 'Miejski Ośrodek Pomocy Rodzinie w Lesznie' ->
    'miejski osrodek pomocy rodzinie'."""
    words = ascii_slug(name).split("-")
    text = " ".join(words)
    text = re.sub(r"\bdo spraw\b", "ds", text)
    words = text.split()
    while len(words) > 1 and words[0] in _PREFIXES:
        words.pop(0)
    if len(words) > 2 and words[-2] == "w":  # "… w Lesznie": the city is no part of the name
        words = words[:-2]
    return " ".join(w for w in words if w != "ds")


def _acronym(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _SMALL)


def edit_distance(a: str, b: str) -> int:
    """Edit distance counting an insert, a delete, a replace or two neighbours swapped
    ("zdrowai" for "zdrowia") as 1 each (optimal string alignment)."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        here = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            here[j] = min(row[j] + 1, here[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                here[j] = min(here[j], before[j - 2] + 1)
        before, row = row, here
    return row[-1]


def _allowed(a: str, b: str) -> int:
    """The misprints two names may differ by: 1 in 8 characters (at least 1 from 6 characters
    on, at most 3); none for shorter names."""
    shorter = min(len(a), len(b))
    return 0 if shorter < 6 else max(1, min(3, shorter // 8))


def _department_distance(new: ImportedDepartment, old: Department) -> int | None:
    """0 for the same name (or the old id is the new name's slug or acronym), the edit
    distance when within misprints, else None."""
    new_keys = {department_key(new.name), department_key(new.printed or new.name)}
    old_key = department_key(old.name)
    if old_key in new_keys or old.id in {ascii_slug(k) for k in new_keys}:
        return 0
    if any(len(k.split()) > 1 and _acronym(k) == old_key.replace(" ", "") for k in new_keys):
        return 0  # "MOPS" then, "Miejski Ośrodek Pomocy Społecznej" now
    if len(old_key.split()) > 1 and _acronym(old_key) in {k.replace(" ", "") for k in new_keys}:
        return 0
    if any(_abbreviates(k, old_key) or _abbreviates(old_key, k) for k in new_keys):
        return 0  # "Biuro Rozwoju Gospodarczego i WM", "… i Współpracy Międzynarodowej"
    best = min(edit_distance(k, old_key) for k in new_keys)
    return best if best <= max(_allowed(k, old_key) for k in new_keys) else None


def _abbreviates(short: str, long: str) -> bool:
    """Is `short` the name `long` with some runs of words written as their initials
    ("rozwoju gospodarczego i wm" of "rozwoju gospodarczego i wspolpracy miedzynarodowej")?"""
    a, b = short.split(), long.split()
    i = j = 0
    shortened = False
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i, j = i + 1, j + 1
            continue
        word, k, initials = a[i], j, ""
        while k < len(b) and len(initials) < len(word):
            initials += "" if b[k] in _SMALL else b[k][0]
            k += 1
        if len(word) < 2 or initials != word:
            return False
        i, j, shortened = i + 1, k, True
    return shortened and i == len(a) and j == len(b)


def _same_tasks(new: ImportedDepartment, old: Department) -> bool:
    """Do the two departments share a task (a title alike at TASK_SAME)?"""
    return bool(_alike([t.title for t in new.tasks], [o.title for o in old.tasks], TASK_SAME))


def _mostly_same_tasks(new: ImportedDepartment, old: Department) -> bool:
    """Are most tasks of both departments the same (titles alike at TASK_SAME): more than half
    of each one's tasks?"""
    same = _alike([t.title for t in new.tasks], [o.title for o in old.tasks], TASK_SAME)
    same_new, same_old = len({t for t, _ in same}), len({o for _, o in same})
    return same_new * 2 > len(new.tasks) and same_old * 2 > len(old.tasks)


def _near(new: ImportedDepartment, old: Department) -> bool:
    """Names alike enough to mention (one name's words inside the other's, or half of them
    shared) though not the same department for sure."""
    a, b = set(department_key(new.name).split()) - _SMALL, set(department_key(old.name).split())
    b -= _SMALL
    return bool(a and b) and (a <= b or b <= a or len(a & b) * 2 >= max(len(a), len(b)))


# A draft's titles and the earlier file's: each is compared with many.
@functools.lru_cache(maxsize=8192)
def _title_key(title: str) -> str:
    return " ".join(w for w in ascii_slug(title).split("-") if not w.isdigit())


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_ORDINALS = ("pierwsz", "drug", "trzec", "czwart", "piat", "szost")
_ROUND_WORDS = r"(tura|tury|turze|nabor|naboru|naborze|edycja|edycji|runda|rundy|etap|etapu)"
_NUMBER = r"([ivx]+|\d{1,2}|(?:pierwsz|drug|trzec|czwart|piat|szost)[a-z]*)"
_ROUND_RE = re.compile(rf"\b{_NUMBER}\s+{_ROUND_WORDS}\b|\b{_ROUND_WORDS}\s+{_NUMBER}\b")


def _number(word: str) -> int:
    """1 for "i", "1", "pierwsza"; the value of a Roman number ("iv" → 4)."""
    if word.isdigit():
        return int(word)
    for n, stem in enumerate(_ORDINALS, 1):
        if word.startswith(stem):
            return n
    values = [_ROMAN_VALUES[c] for c in word]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))


def round_marks(title: str) -> frozenset[tuple[str, int]]:
    """The rounds, editions and stages a title names ("– I tura", "nabór 2", "II edycja",
    "druga tura"), as (word, number): a title's identity across years as much as its words."""
    text = " ".join(ascii_slug(title).split("-"))
    marks = set()
    for found in _ROUND_RE.finditer(text):
        number, word = (found[1], found[2]) if found[1] else (found[4], found[3])
        marks.add((word[:3], _number(number)))  # "tura", "tury", "turze": one word
    return frozenset(marks)


def title_similarity(a: str, b: str) -> float:
    """How alike two task titles are, 0..1 (difflib ratio of their words, numbers left out);
    0 when they name different rounds, editions or stages ("– I tura" is never "– II tura",
    blind11 M7: a calendar titled "II tura" for the I tura)."""
    if round_marks(a) != round_marks(b):
        return 0.0
    return difflib.SequenceMatcher(None, _title_key(a), _title_key(b), autojunk=False).ratio()


def _alike(titles: list[str], earlier: list[str], least: float) -> dict[tuple[int, int], float]:
    """title_similarity of each pair (i, j) of titles[i] and earlier[j] that is at least
    `least`. A draft of 2,000 rows makes many pairs, so difflib's cheap upper bounds of the
    ratio rule most out first, each earlier title's matcher built once (difflib's advice)."""
    found = {}
    for j, before in enumerate(earlier):
        matcher = difflib.SequenceMatcher(None, b=_title_key(before), autojunk=False)
        for i, title in enumerate(titles):
            matcher.set_seq1(_title_key(title))
            if (
                matcher.real_quick_ratio() >= least
                and matcher.quick_ratio() >= least
                and (s := title_similarity(title, before)) >= least
            ):
                found[i, j] = s
    return dict(sorted(found.items()))  # in the order of titles, as each caller reads them


def _mutual_best(scores: dict[tuple[int, int], float]) -> dict[int, int]:
    """Pairs (new → old) each the other's unique best among `scores`."""
    pairs = {}
    for (n, o), score in scores.items():
        rivals_n = [s for (n2, o2), s in scores.items() if n2 == n and o2 != o]
        rivals_o = [s for (n2, o2), s in scores.items() if o2 == o and n2 != n]
        if all(score > s for s in rivals_n) and all(score > s for s in rivals_o):
            pairs[n] = o
    return pairs


def carry_over(imported: ImportedSchedule, previous: Previous) -> Carried:
    """Which of `imported`'s departments and tasks keep an id of `previous` (see the module)."""
    old = previous.schedule
    carried = Carried(previous)
    distances = {
        (n, o): d
        for n, new in enumerate(imported.departments)
        for o, department in enumerate(old.departments)
        if (d := _department_distance(new, department)) is not None
    }
    pairs = _mutual_best({k: -d for k, d in distances.items()})
    renamed = _renamed(imported, old, pairs)
    pairs.update(renamed)
    name = f"{previous.source} ({old.year})"
    carried.lines.append(f"Identyfikatory z wcześniejszego harmonogramu {name}:")
    for n, new in enumerate(imported.departments):
        if n in pairs:
            department = old.departments[pairs[n]]
            carried.departments[n] = department.id
            how = "" if distances.get((n, pairs[n])) == 0 else f" (tam: „{department.name}”)"
            if n in renamed:
                how = (
                    f" (tam: „{department.name}”: nazwa zmieniona, ale te same zadania — proszę "
                    "sprawdzić)"
                )
            tasks = _carry_tasks(carried, n, new, department)
            carried.lines.append(f"  {new.name} → id „{department.id}”{how}; {tasks}")
            continue
        rivals = [old.departments[o] for (n2, o) in distances if n2 == n]
        rivals += [d for d in old.departments if d not in rivals and _near(new, d)]
        if rivals:
            alike = ", ".join(f"„{d.name}” (id „{d.id}”)" for d in rivals[:3])
            carried.lines.append(
                f"  {new.name}: NOWE id — podobna do {alike}, ale nie na pewno ta sama komórka; "
                "jeśli to ta sama, proszę wpisać jej dawne id, by subskrybenci nie stracili zadań"
            )
        else:
            carried.lines.append(f"  {new.name}: NOWE id (w {name} nie ma takiej komórki)")
    _moved_tasks(carried, imported, old, pairs)
    carried.reserved_departments = {d.id for d in old.departments} - set(
        carried.departments.values()
    )
    gone = [d for d in old.departments if d.id in carried.reserved_departments]
    if gone:
        names = ", ".join(f"„{d.name}” ({d.id})" for d in gone)
        carried.lines.append(f"  nie ma już (ich id nie nadano innym): {names}")
    return carried


def _renamed(imported: ImportedSchedule, old: Schedule, pairs: dict[int, int]) -> dict[int, int]:
    """Unmatched departments whose names are alike (one's words inside the other's: "Biuro
    Rewitalizacji", "Biuro Rewitalizacji i Mieszkalnictwa") and that share a task, or renamed
    outright ("Centrum Informacji Turystycznej" → "Wydział Promocji i Turystyki") with most
    of their tasks the same, when each is the other's only such one: a department renamed,
    not two departments."""
    taken = set(pairs.values())
    found = [  # taken ones too: a department that took the tasks of two is never either
        (n, o)
        for n, new in enumerate(imported.departments)
        if n not in pairs
        for o, department in enumerate(old.departments)
        if (_near(new, department) and _same_tasks(new, department))
        or _mostly_same_tasks(new, department)
    ]
    return {
        n: o
        for n, o in found
        if o not in taken
        and sum(1 for x, _ in found if x == n) == 1
        and sum(1 for _, y in found if y == o) == 1
    }


def _carry_tasks(carried: Carried, n: int, new: ImportedDepartment, old: Department) -> str:
    """Match the tasks of one matched department; a summary for the review line."""
    scores = _alike([t.title for t in new.tasks], [o.title for o in old.tasks], TASK_NEAR)
    pairs = _mutual_best({k: s for k, s in scores.items() if s >= TASK_SAME})
    for t, o in pairs.items():
        carried.tasks[n, t] = old.tasks[o].id
        carried.topics[n, t] = tuple(dict.fromkeys(map(canonical_topic, old.tasks[o].topics)))
        short = old.tasks[o].short
        if short:
            carried.shorts[n, t] = short
    carried.reserved_tasks[n] = {t.id for t in old.tasks} - set(pairs.values())
    kept = len(pairs)
    fresh = [task for t, task in enumerate(new.tasks) if t not in pairs]
    out = f"zadania: {kept} z dawnym id, {len(fresh)} nowych"
    for t, task in enumerate(new.tasks):
        if t in pairs:
            continue
        alike = [
            old.tasks[o] for (t2, o), s in scores.items() if t2 == t and o not in pairs.values()
        ]
        hint = f" (podobne do {printed(alike[0].title, 50)}, id „{alike[0].id}”?)" if alike else ""
        out += f"\n    nowe zadanie: {printed(task.title, 60)}{hint}"
    return out


def _moved_tasks(
    carried: Carried, imported: ImportedSchedule, old: Schedule, pairs: dict[int, int]
) -> None:
    """Tasks not matched inside their department, matched by title across the whole earlier
    file: a task moved to another department (or printed under a new one) keeps its id and
    topics when its title is the same (TASK_SAME, each the other's best) and the id is free in
    its new department."""
    kept_keys = {
        (old.departments[pairs[n]].id, i) for (n, _), i in carried.tasks.items() if n in pairs
    }
    free_old = [(d, t) for d in old.departments for t in d.tasks if (d.id, t.id) not in kept_keys]
    waiting = [
        (n, t, task)
        for n, new in enumerate(imported.departments)
        for t, task in enumerate(new.tasks)
        if (n, t) not in carried.tasks
    ]
    scores = _alike([task.title for *_, task in waiting], [t.title for _, t in free_old], TASK_SAME)
    moved = []
    for w, o in _mutual_best(scores).items():
        n, t, task = waiting[w]
        department, earlier = free_old[o]
        taken = {i for (m, _), i in carried.tasks.items() if m == n}
        if earlier.id in taken:
            continue
        carried.tasks[n, t] = earlier.id
        carried.topics[n, t] = tuple(dict.fromkeys(map(canonical_topic, earlier.topics)))
        if earlier.short is not None:
            carried.shorts[n, t] = earlier.short
        _not_new(carried, task.title)
        moved.append(
            f"  zadanie {printed(task.title, 60)} w „{imported.departments[n].name}”: dawne id "
            f"„{earlier.id}” i tematy z komórki „{department.name}” (przeniesione — proszę "
            "sprawdzić)"
        )
    carried.lines += moved


def _not_new(carried: Carried, title: str) -> None:
    """Drop the review's "nowe zadanie" line of a task that kept an id after all (moved)."""
    line = re.compile(rf"\n    nowe zadanie: „{re.escape(title[:60])}”[^\n]*")
    carried.lines = [line.sub("", x, count=1) for x in carried.lines]
