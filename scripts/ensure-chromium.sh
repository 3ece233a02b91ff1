#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (tests/test_browser.py).
# Never fails: without Chromium the browser tests are skipped with a reason.
set -u

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium for the browser tests"
    if apt-get update -qq >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
        && [ -x "$CHROMIUM" ]; then
        exit 0
    fi
    echo "could not install chromium: browser tests will be skipped"
else
    echo "$CHROMIUM not found (install the 'chromium' package as root): browser tests will be skipped"
fi
exit 0
