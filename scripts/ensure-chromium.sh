#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (tests/journeys/test_browser*.py).
# Never fails: without Chromium the browser tests are skipped with a reason.
exec "$(dirname "$0")/ensure-debian-package.sh" chromium /usr/bin/chromium \
    "the browser tests" "browser tests will be skipped"
