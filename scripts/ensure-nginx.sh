#!/usr/bin/env bash
# Make sure Debian's nginx is there for the static publishing test (tests/test_publish_nginx.py).
# Never fails: without nginx that test is skipped with a reason. The test starts its own nginx
# (own config, prefix and port in a temporary directory); the package's service is not used.
set -u

NGINX=/usr/sbin/nginx

if [ -x "$NGINX" ]; then
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing nginx for the static publishing test"
    if apt-get update -qq >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1 \
        && [ -x "$NGINX" ]; then
        exit 0
    fi
    echo "could not install nginx: the static publishing test will be skipped"
else
    echo "$NGINX not found (install the 'nginx' package as root): the static publishing test will be skipped"
fi
exit 0
