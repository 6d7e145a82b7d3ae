# Starts and stops the local services the test suite needs: PostgreSQL on a temporary data
# directory and moto (a local SQS/SSM endpoint), both on 127.0.0.1 and free ports. Installs them
# when missing (apt-get, pip). Sourced by scripts/test; `ingest_services_start` exports
#   INGEST_TEST_POSTGRES_URL   postgres://…@127.0.0.1:PORT/ingest_test
#   INGEST_TEST_AWS_ENDPOINT   http://127.0.0.1:PORT
# and `ingest_services_stop` stops both and removes the data directory.

ingest_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

ingest_as_postgres_user() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

ingest_postgres_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# PostgreSQL alone (the benchmark starts it this way too): exports INGEST_TEST_POSTGRES_URL and
# sets INGEST_PG_DATA (the data directory) and INGEST_PG_PORT.
ingest_postgres_start() {
    if [ -z "$(ingest_postgres_bin)" ]; then
        echo "== installing PostgreSQL (apt-get)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    local pg_bin
    pg_bin=$(ingest_postgres_bin)
    [ -n "$pg_bin" ] || { echo "PostgreSQL is not installed and could not be installed" >&2; return 1; }
    if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
    fi
    INGEST_PG_DATA=$(mktemp -d /tmp/ingest-pg.XXXXXX)
    if [ "$(id -u)" = "0" ]; then chown postgres "$INGEST_PG_DATA"; fi
    INGEST_PG_PORT=$(ingest_free_port)
    ingest_as_postgres_user "$pg_bin/initdb" -D "$INGEST_PG_DATA" -A trust -U postgres -E UTF8 >/dev/null
    ingest_as_postgres_user "$pg_bin/pg_ctl" -D "$INGEST_PG_DATA" -l "$INGEST_PG_DATA/server.log" -w -t 60 \
        -o "-p $INGEST_PG_PORT -k $INGEST_PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        start >/dev/null
    ingest_as_postgres_user "$pg_bin/createdb" -h 127.0.0.1 -p "$INGEST_PG_PORT" -U postgres ingest_test
    export INGEST_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$INGEST_PG_PORT/ingest_test"
    echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$INGEST_PG_PORT"
}

# Stops the PostgreSQL of ingest_postgres_start and removes its data directory.
ingest_postgres_stop() {
    if [ -n "${INGEST_PG_DATA:-}" ] && [ -d "$INGEST_PG_DATA" ]; then
        ingest_as_postgres_user "$(ingest_postgres_bin)/pg_ctl" -D "$INGEST_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$INGEST_PG_DATA" || true
        INGEST_PG_DATA=""
    fi
}

ingest_services_start() {
    ingest_postgres_start || return 1

    # moto
    if ! command -v moto_server >/dev/null 2>&1; then
        echo "== installing moto (pip)"
        python3 -m pip install -q 'moto[server]' >/dev/null
    fi
    INGEST_MOTO_PORT=$(ingest_free_port)
    moto_server -H 127.0.0.1 -p "$INGEST_MOTO_PORT" >"$INGEST_PG_DATA/moto.log" 2>&1 &
    INGEST_MOTO_PID=$!
    local tries=0
    until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$INGEST_MOTO_PORT/moto-api/')" 2>/dev/null; do
        tries=$((tries + 1))
        if [ $tries -gt 150 ]; then echo "moto_server did not start" >&2; cat "$INGEST_PG_DATA/moto.log" >&2; return 1; fi
        sleep 0.2
    done
    export INGEST_TEST_AWS_ENDPOINT="http://127.0.0.1:$INGEST_MOTO_PORT"
    echo "== moto on 127.0.0.1:$INGEST_MOTO_PORT"
}

ingest_services_stop() {
    if [ -n "${INGEST_MOTO_PID:-}" ]; then
        kill "$INGEST_MOTO_PID" 2>/dev/null || true
        wait "$INGEST_MOTO_PID" 2>/dev/null || true
        INGEST_MOTO_PID=""
    fi
    ingest_postgres_stop
}
