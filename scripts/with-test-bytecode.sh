#!/usr/bin/env bash
# Run a command (make test's pytest) with the test modules' rewritten bytecode seeded from this
# machine's last run:
#
#   scripts/with-test-bytecode.sh .venv/bin/python -m pytest
#
# pytest compiles every test module, conftest and plugin again with its asserts rewritten and
# keeps the result in the git-ignored __pycache__ folders; in a fresh clone (CI's) each xdist
# worker does it for all ~250 modules, ~5 s of CPU each, before the first test. Those .pyc
# files are checked against their source's hash, not its date (pytest >= 9), so the ones a
# previous run wrote serve any checkout whose files are the same. The seed is a tarball in the
# user's cache, unpacked where this checkout has none, and replaced (by rename) after the run,
# as scripts/mypy.sh does for mypy: a stale seed costs a rewrite, never a different test.
set -uo pipefail
cd "$(dirname "$0")/.."

SEED="${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/notifier/test-bytecode.tar"
PATTERN='*-pytest-*.pyc'

ours() {
    find tests -path '*/__pycache__/*' -name "$PATTERN" "$@"
}

if [[ -f "$SEED" && -z "$(ours -print -quit)" ]]; then
    tar -xf "$SEED" --wildcards "tests/*/$PATTERN" 2>/dev/null || true
fi

"$@"
status=$?

if mkdir -p "${SEED%/*}" 2>/dev/null; then
    tmp="$SEED.$$"
    if ours -print0 | tar -cf "$tmp" --null -T - 2>/dev/null; then
        mv -f "$tmp" "$SEED"
    else
        rm -f "$tmp"
    fi
fi
exit $status
