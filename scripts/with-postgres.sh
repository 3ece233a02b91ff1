#!/usr/bin/env bash
# Run a command with a throwaway local PostgreSQL, exported as TEST_POSTGRES_URL.
#
#   scripts/with-postgres.sh .venv/bin/python -m pytest
#
# Uses initdb/pg_ctl from PATH (or /usr/local/bin, /usr/lib/postgresql/*/bin). The data dir and
# the unix socket live in a temp dir, the server listens on a free port on 127.0.0.1 and is
# stopped and removed on exit. PostgreSQL refuses to run as root, so as root it runs as an
# unprivileged user. If anything is missing or fails, the command still runs (on SQLite only)
# after one line saying why. An already set TEST_POSTGRES_URL is used as is.
set -uo pipefail

note() { echo "with-postgres: $*" >&2; }

if [[ $# -eq 0 ]]; then
    note "usage: $0 COMMAND [ARG...]"
    exit 2
fi
if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then
    exec "$@"
fi

find_bin() {
    local name=$1 dir
    if command -v "$name" >/dev/null 2>&1; then
        command -v "$name"
        return 0
    fi
    for dir in /usr/local/bin /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
        if [[ -x "$dir/$name" ]]; then
            echo "$dir/$name"
            return 0
        fi
    done
    return 1
}

INITDB=$(find_bin initdb) || { note "initdb not found – database tests run on SQLite only"; exec "$@"; }
PG_CTL=$(find_bin pg_ctl) || { note "pg_ctl not found – database tests run on SQLite only"; exec "$@"; }
PYTHON=$(command -v python3 || true)
if [[ -z "$PYTHON" ]]; then
    note "python3 not found (needed to pick a free port) – database tests run on SQLite only"
    exec "$@"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/notifier-pg.XXXXXX")
DATA="$TMP/data"
RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
    # PostgreSQL will not run as root: use an unprivileged account that owns the temp dir.
    PG_USER=nobody
    if ! id "$PG_USER" >/dev/null 2>&1; then
        note "no unprivileged user '$PG_USER' to run PostgreSQL as – database tests run on SQLite only"
        rm -rf "$TMP"
        exec "$@"
    fi
    chown "$PG_USER" "$TMP"
    chmod 700 "$TMP"
    if command -v runuser >/dev/null 2>&1; then
        RUN_AS=(runuser -u "$PG_USER" --)
    elif command -v setpriv >/dev/null 2>&1; then
        RUN_AS=(setpriv --reuid="$(id -u "$PG_USER")" --regid="$(id -g "$PG_USER")" --clear-groups --)
    else
        note "neither runuser nor setpriv found to drop root – database tests run on SQLite only"
        rm -rf "$TMP"
        exec "$@"
    fi
    DB_USER=$PG_USER
else
    DB_USER=$(id -un)
fi

cleanup() {
    if [[ -f "$DATA/postmaster.pid" ]]; then
        "${RUN_AS[@]}" "$PG_CTL" -D "$DATA" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

if ! "${RUN_AS[@]}" "$INITDB" -D "$DATA" -U "$DB_USER" -A trust -E UTF8 --no-locale >"$TMP/initdb.log" 2>&1; then
    note "initdb failed ($(tail -n 1 "$TMP/initdb.log")) – database tests run on SQLite only"
    "$@"
    exit $?
fi
# Fast and unsafe for a crash of the machine, which a test database never outlives; a server
# a test stops with -m immediate (TEST_POSTGRES_RESTART) keeps each commit it reported.
OPTIONS="-h 127.0.0.1 -p $PORT -k $TMP -c fsync=off -c full_page_writes=off"
if [[ -z "${TEST_POSTGRES_RESTART:-}" ]]; then
    OPTIONS+=" -c synchronous_commit=off"
fi
start_server() {
    # The server outlives nothing of ours, so it must hold none of our files: a lock taken
    # around this script (`flock main.lock -c '… with-postgres.sh …'`) would otherwise stay
    # held by an orphaned server for as long as it runs.
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then
            eval "exec $fd>&-" 2>/dev/null || true
        fi
    done
    exec "${RUN_AS[@]}" "$PG_CTL" -D "$DATA" -l "$TMP/postgres.log" -w -t 30 -o "$OPTIONS" start
}
if ! (start_server) >/dev/null 2>&1; then
    note "PostgreSQL did not start ($(tail -n 1 "$TMP/postgres.log" 2>/dev/null)) – database tests run on SQLite only"
    "$@"
    exit $?
fi

export TEST_POSTGRES_URL="postgresql+psycopg://$DB_USER@127.0.0.1:$PORT/postgres"
if [[ -n "${TEST_POSTGRES_RESTART:-}" ]]; then
    # tests/jobs/test_postgres_restart.py stops and starts this server with this command.
    TEST_POSTGRES_RESTARTABLE=$(printf '%q ' "${RUN_AS[@]}" "$PG_CTL" -D "$DATA" -l "$TMP/postgres.log" -o "$OPTIONS")
    export TEST_POSTGRES_RESTARTABLE
fi
note "PostgreSQL on 127.0.0.1:$PORT (data in $TMP), TEST_POSTGRES_URL is set"
"$@"
exit $?
