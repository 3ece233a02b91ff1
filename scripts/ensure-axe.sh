#!/usr/bin/env bash
# Install axe-core (npm) for the accessibility checks of the browser tests into .cache/npm
# (git-ignored). Never fails: without npm the accessibility tests are skipped with a reason.
set -u

AXE_VERSION=4.14.1
PREFIX=.cache/npm
AXE="$PREFIX/node_modules/axe-core/axe.min.js"

if [ -f "$AXE" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$PREFIX/node_modules/axe-core/package.json" 2>/dev/null; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found: the axe-core accessibility tests will be skipped"
    exit 0
fi
echo "installing axe-core $AXE_VERSION for the accessibility tests"
mkdir -p "$PREFIX"
if ! npm install --no-save --no-audit --no-fund --silent --prefix "$PREFIX" "axe-core@$AXE_VERSION" >/dev/null 2>&1; then
    echo "could not install axe-core: the accessibility tests will be skipped"
fi
exit 0
