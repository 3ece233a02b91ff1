#!/usr/bin/env bash
# Install this package (editable) with REQUIREMENT's extras into .venv: scripts/install.sh '.[test]'
#
# uv does it when it can be had (on PATH, or installed into .venv from PyPI): with its cache it
# installs in seconds where pip takes half a minute or more, which was most of a fresh clone's
# (CI's) set-up. The uv wheel is kept in the user's cache, so another clone need not download
# it again. Without uv, pip does the same. Bytecode is compiled at install time either way (as
# pip always did), so no test process compiles a library (PYTHONDONTWRITEBYTECODE may be set).
set -uo pipefail
cd "$(dirname "$0")/.."

REQUIREMENT=${1:?usage: scripts/install.sh REQUIREMENT}
PY=.venv/bin/python
BASE_PYTHON=${PYTHON:-python3}  # what made .venv (the Makefile passes its PYTHON)
WHEELS="${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/notifier/wheels"

find_uv() {
    if [[ -x .venv/bin/uv ]]; then
        echo .venv/bin/uv
    elif command -v uv >/dev/null 2>&1; then
        command -v uv
    else
        return 1
    fi
}

install_uv() {
    # A venv made --without-pip: the pip that made it installs uv into it.
    "$BASE_PYTHON" -m pip --python "$PY" install --quiet --no-index --find-links "$WHEELS" uv 2>/dev/null \
        && return 0
    mkdir -p "$WHEELS" 2>/dev/null \
        && "$BASE_PYTHON" -m pip download --quiet --no-deps --only-binary :all: -d "$WHEELS" uv 2>/dev/null \
        && "$BASE_PYTHON" -m pip --python "$PY" install --quiet --no-index --find-links "$WHEELS" uv \
            2>/dev/null
}

if UV=$(find_uv) || { install_uv && UV=$(find_uv); }; then
    # pip too, for the commands the README gives (`.venv/bin/pip install -e '.[fixtures]'`).
    if "$UV" pip install --quiet --compile-bytecode --python "$PY" pip -e "$REQUIREMENT"; then
        exit 0
    fi
    echo "uv could not install $REQUIREMENT: trying pip" >&2
else
    echo "uv could not be had: pip installs $REQUIREMENT (slower)" >&2
fi
if ! "$PY" -m pip --version >/dev/null 2>&1; then
    "$PY" -m ensurepip --upgrade --default-pip >/dev/null || exit 1
fi
exec "$PY" -m pip install --quiet -e "$REQUIREMENT"
