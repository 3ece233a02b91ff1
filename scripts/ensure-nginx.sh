#!/usr/bin/env bash
# Make sure Debian's nginx is there for the static publishing test (tests/journeys/test_publish_nginx.py).
# Never fails: without nginx that test is skipped with a reason. The test starts its own nginx
# (own config, prefix and port in a temporary directory); the package's service is not used.
exec "$(dirname "$0")/ensure-debian-package.sh" nginx /usr/sbin/nginx \
    "the static publishing test" "the static publishing test will be skipped"
