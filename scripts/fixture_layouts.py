"""The tables of the harmonogram sources (tests/documents/sources/*.toml) as grids of cells to
render, by each source's layout, and the paragraphs around them; the list form of a
period-first source. Used by make_import_fixtures.py (no writer here: pure data)."""

from __future__ import annotations

from dataclasses import dataclass

HEADERS = {
    "headings": ["Zadanie", "Termin ogłoszenia konkursu"],
    "department-column": [
        "Lp.",
        "Komórka organizacyjna",
        "Rodzaj zadania",
        "Planowany termin ogłoszenia konkursu",
        "Uwagi",
    ],
    "no-department": ["Działanie", "Termin"],
    "numbered-headings": ["Lp.", "Nazwa zadania", "Planowany termin ogłoszenia konkursu", "Uwagi"],
}
HYPHENATE = {"socjoterapeutycznych": "socjotera-\npeutycznych", "krajoznawstwa": "krajoznaw-\nstwa"}


@dataclass
class Slot:
    """A cell to render: its text (lines by "\n") and its spans; None in a grid is covered."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def before(source: dict) -> list[str]:  # type: ignore[type-arg]
    """The paragraphs printed above the table: the title, and the sentence under it if any."""
    return [source["title"], *([source["intro"]] if source.get("intro") else [])]


def after(source: dict) -> list[str]:  # type: ignore[type-arg]
    """The paragraphs printed below the table (a "stan na dzień" footer), if any."""
    return [source["footer"]] if source.get("footer") else []


def grid(source: dict) -> list[list[Slot | None]]:  # type: ignore[type-arg]
    """The table of a source as rows of slots (header first), by its layout; a source may
    print its own header row (`headers`)."""
    layout = source["layout"]
    headers = source.get("headers") or HEADERS[layout]
    width = len(headers)
    rows: list[list[Slot | None]] = [[Slot(h) for h in headers]]
    if layout == "month-marks":  # the last heading spans one column per month, I–XII below
        return _month_marks(source, headers)
    for department in source["departments"]:
        tasks = department["tasks"]
        if layout == "department-rows":  # the department a numbered row with its total
            total = Slot(department["amount"])
            rows.append([Slot(department["number"]), Slot(department["printed"]), total, Slot("")])
        if layout in ("headings", "numbered-headings"):
            rows.append([Slot(department["printed"], colspan=width), *[None] * (width - 1)])
            if department.get("scope"):
                rows.append([Slot(department["scope"], colspan=width), *[None] * (width - 1)])
        for index, task in enumerate(tasks):
            covered = any(
                t.get("span", 1) > index - k for k, t in enumerate(tasks[:index]) if t.get("span")
            )
            period = None if covered else Slot(task["period"], rowspan=task.get("span", 1))
            title = _wrapped(task["title"])
            if layout == "headings":
                number = f"{task['number']}) " if task.get("number") else ""
                rows.append([Slot(number + title), period])
            elif layout == "priority-table":  # beside the task, the realisation's period
                realisation = Slot(task["realisation"])
                rows.append([Slot(f"{task['number']}. {title}"), period, realisation])
                rows[-1].append(Slot(task["amount"]))
            elif layout == "department-rows":
                rows.append([Slot(""), Slot(title), Slot(task["amount"]), period])
            elif layout == "realizator-column":  # number and realizator merged over its rows
                first = index == 0
                number = Slot(department["number"], rowspan=len(tasks)) if first else None
                name = Slot(department["printed"], rowspan=len(tasks)) if first else None
                rows.append([number, name, Slot(title), Slot(task["amount"]), period])
            elif layout == "period-first":  # the period first, then the task (and remarks)
                start = [Slot(f"{task['number']}.")] if headers[0].startswith("Lp") else []
                rows.append([*start, period, Slot(title)])
                if len(rows[-1]) < width:
                    rows[-1].append(Slot(task.get("remark", "")))
            elif layout == "numbered-headings":  # "Lp." beside the task: "9.1", "9a" as printed
                number = task["number"]
                lp = Slot(f"{number}." if number.isdigit() else number)
                rows.append([lp, Slot(title), period, Slot(task.get("remark", ""))])
            elif layout == "no-department":
                rows.append([Slot(f"{task['number']}. {title}"), period])
            else:
                first = Slot(department["printed"], rowspan=len(tasks)) if index == 0 else None
                rows.append(
                    [
                        Slot(f"{task['number']}."),
                        first,
                        Slot(title),
                        period,
                        Slot(task.get("remark", "")),
                    ]
                )
    return rows


ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _month_marks(source: dict, headers: list[str]) -> list[list[Slot | None]]:  # type: ignore[type-arg]
    """A plan with one column per month: the first headings span two rows, the last spans the
    twelve month columns (I–XII under it); a task's months are marked "X"."""
    first = [Slot(h, rowspan=2) for h in headers[:-1]]
    rows: list[list[Slot | None]] = [[*first, Slot(headers[-1], colspan=12), *[None] * 11]]
    rows.append([*[None] * len(first), *(Slot(m) for m in ROMAN_MONTHS)])
    for department in source["departments"]:
        for task in department["tasks"]:
            marks = [Slot("X" if m + 1 in task["months"] else "") for m in range(12)]
            rows.append(
                [
                    Slot(f"{task['number']}."),
                    Slot(task["area"]),
                    Slot(_wrapped(task["title"])),
                    Slot(department["printed"]),
                    *marks,
                ]
            )
    return rows


def list_lines(source: dict) -> list[str]:  # type: ignore[type-arg]
    """A period-first source as the list it is printed as: "1) <period><sep><task>;" lines,
    the last ending with "."; a remark follows its task as a sentence."""
    tasks = [t for d in source["departments"] for t in d["tasks"]]
    lines = []
    for index, task in enumerate(tasks):
        number = f"{task['number']}) " if task.get("number") else ""
        remark = f". {task['remark']}" if task.get("remark") else ""
        end = "." if index == len(tasks) - 1 else ";"
        lines.append(
            f"{number}{task['period']}{source['list_separator']}{task['title']}{remark}{end}"
        )
    return lines


def _wrapped(title: str) -> str:
    for word, split in HYPHENATE.items():
        title = title.replace(word, split)
    return title
