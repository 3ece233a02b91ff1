#!/usr/bin/env bash
# Make sure a Debian package that some tests need is installed: ensure-debian-package.sh
# PACKAGE FILE "WHAT IT IS FOR" "WHAT IS SKIPPED WITHOUT IT" (FILE: a program or font the package installs).
# Never fails: without the package those tests are skipped with a printed reason.
set -u

PACKAGE=$1
BINARY=$2
PURPOSE=$3
SKIPPED=$4

if [ -e "$BINARY" ]; then
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $PACKAGE for $PURPOSE"
    if apt-get update -qq >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$PACKAGE" >/dev/null 2>&1 \
        && [ -e "$BINARY" ]; then
        exit 0
    fi
    echo "could not install $PACKAGE: $SKIPPED"
else
    echo "$BINARY not found (install the '$PACKAGE' package as root): $SKIPPED"
fi
exit 0
