#!/usr/bin/env bash
# Placeholder until the subscribers issue: throwaway PostgreSQL for database tests.
exec "$@"
