"""The core is pure: no module under notifier/core imports an adapter's library or touches files.

Checked on the source with ast, so a forbidden import inside a function or behind
TYPE_CHECKING counts too, and nothing has to be imported to find it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "notifier" / "core"

# Libraries of the adapters: the database, the web, templates, mail, the scheduler, the network.
FORBIDDEN_MODULES = (
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "aiosmtplib",
    "apscheduler",
    "httpx",
    "smtplib",
    "socket",
    "urllib.request",
    "subprocess",
    "shutil",
    "tempfile",
    "notifier.store",
    "notifier.mail",
    "notifier.jobs",
    "notifier.web",
    "notifier.files.reading",
    "notifier.settings",
    "notifier.clock",
    "notifier.templating",
    "notifier.jobs.signup",
    "notifier.cli.main",
)
# Calls that read or write files, whatever object they are called on (Path, os, io).
FILE_CALLS = frozenset(
    {
        "open",
        "read_text",
        "read_bytes",
        "write_text",
        "write_bytes",
        "mkdir",
        "unlink",
        "rename",
        "rmdir",
        "touch",
        "iterdir",
        "glob",
        "rglob",
        "stat",
        "exists",
        "is_file",
        "is_dir",
        "listdir",
        "scandir",
        "makedirs",
        "walk",
    }
)
# Calls that read the clock: the core is passed `today` / `now`.
CLOCK_CALLS = frozenset({"now", "today", "utcnow", "time", "monotonic"})
CLOCK_OWNERS = frozenset({"datetime", "date", "time"})


def _core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def _forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN_MODULES)


def impurities(source: str, filename: str = "<core>") -> list[str]:
    """What in this module's source breaks the core's purity, one line each ("" if nothing)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}" for a in node.names if _forbidden(a.name)
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _forbidden(node.module):
                found.append(f"line {node.lineno}: from {node.module} import …")
            for alias in node.names:
                if _forbidden(f"{node.module}.{alias.name}"):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FILE_CALLS:
                found.append(f"line {node.lineno}: {func.id}() touches files")
            elif isinstance(func, ast.Attribute) and func.attr in FILE_CALLS:
                found.append(f"line {node.lineno}: .{func.attr}() touches files")
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in CLOCK_CALLS
                and isinstance(func.value, ast.Name)
                and func.value.id in CLOCK_OWNERS
            ):
                found.append(f"line {node.lineno}: {func.value.id}.{func.attr}() reads the clock")
    return found


def test_the_core_has_modules_to_check() -> None:
    names = {path.stem for path in _core_modules()}
    assert {"due", "digest", "preferences", "time", "polish", "schedule", "feed"} <= names


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: p.name)
def test_core_module_is_pure(path: Path) -> None:
    problems = impurities(path.read_text(encoding="utf-8"), str(path))
    assert problems == [], f"{path.relative_to(CORE.parent.parent)} is not pure:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import sqlalchemy", "import sqlalchemy"),
        ("from sqlalchemy.orm import Session", "from sqlalchemy.orm import …"),
        ("import jinja2 as j", "import jinja2"),
        ("from notifier import web", "from notifier import web"),
        ("from notifier.store.db import Database", "from notifier.store.db import …"),
        ("def f():\n    import socket", "import socket"),
        ("open('x')", "open() touches files"),
        ("from pathlib import Path\nPath('x').read_text()", ".read_text() touches files"),
        ("p.write_bytes(b'')", ".write_bytes() touches files"),
        ("import os\nos.listdir('.')", ".listdir() touches files"),
        ("from datetime import datetime\ndatetime.now()", "datetime.now() reads the clock"),
        ("from datetime import date\ndate.today()", "date.today() reads the clock"),
    ],
)
def test_the_checker_finds_each_kind_of_impurity(source: str, expected: str) -> None:
    assert any(expected in problem for problem in impurities(source)), impurities(source)


def test_the_checker_lets_pure_code_pass() -> None:
    source = (
        "from datetime import date, timedelta\n"
        "from notifier.core.polish import plural\n"
        "import tomllib\n"
        "def f(text: str) -> dict:\n"
        "    return tomllib.loads(text)\n"
        "x = 'a'.replace('a', 'b')\n"
    )
    assert impurities(source) == []
