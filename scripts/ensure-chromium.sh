#!/usr/bin/env bash
# Placeholder until the web issue: Chromium for browser tests.
exit 0
