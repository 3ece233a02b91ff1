#!/usr/bin/env bash
# Make sure the HTTP load generator wrk is there for benchmarks/bench_feed_serving.py.
# Never fails: without wrk the benchmark falls back to a Python client and says so.
set -u

if command -v wrk >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk for the feed serving benchmark"
    if apt-get update -qq >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
        && command -v wrk >/dev/null 2>&1; then
        exit 0
    fi
    echo "could not install wrk: the feed serving benchmark will use a Python client"
else
    echo "wrk not found (install the 'wrk' package as root): the feed serving benchmark will use a Python client"
fi
exit 0
