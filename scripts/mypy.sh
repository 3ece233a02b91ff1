#!/usr/bin/env bash
# mypy (as `make lint` runs it), its cache seeded from this machine's last run.
#
# A fresh clone (CI's) otherwise spends ~25 s of CPU analysing the libraries (pydantic,
# SQLAlchemy, FastAPI, ...) again. The seed is a tarball in the user's cache, unpacked into this
# checkout's own .mypy_cache and replaced (by rename) after the run, so checkouts never share a
# live cache. mypy checks each cached module against its source's hash: a stale seed costs time,
# never a different verdict.
set -uo pipefail
cd "$(dirname "$0")/.."

SEED="${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/notifier/mypy-cache.tar"
if [[ ! -d .mypy_cache && -f "$SEED" ]]; then
    mkdir .mypy_cache && tar -xf "$SEED" -C .mypy_cache 2>/dev/null || rm -rf .mypy_cache
fi

.venv/bin/mypy "$@"
status=$?

if [[ -d .mypy_cache ]] && mkdir -p "${SEED%/*}" 2>/dev/null; then
    tmp="$SEED.$$"
    if tar -cf "$tmp" -C .mypy_cache . 2>/dev/null; then
        mv -f "$tmp" "$SEED"
    else
        rm -f "$tmp"
    fi
fi
exit $status
