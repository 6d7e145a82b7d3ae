# Runs the test phase with an upper bound, so a wedged run can never hang CI. Sourced by scripts/test.
#
#   ingest_run_bounded SECONDS COMMAND…
#
# runs COMMAND in a process group of its own, its output both shown and kept in a log. If it has
# not ended after SECONDS, it prints the tests that started and did not finish (from Swift Testing's
# "started" / "passed" / "failed" lines), the PostgreSQL sessions at that moment (pg_stat_activity:
# state, wait event, transaction age, query) and the processes still running, then kills the whole
# group (TERM, then KILL 10 s later) and returns 124. Otherwise it returns COMMAND's status.

ingest_unfinished_tests() {
    # Swift Testing prints `◇ Test NAME started.` and `✔ Test NAME passed after …` / `✘ Test NAME
    # failed after …` (also for each case of a parameterized test, as `Test case passing … to NAME`).
    python3 - "$1" <<'PY'
import re, sys
# A test is named `function(labels:)` or by its display name in quotes; test *cases* of a
# parameterized test are reported by their test, which ends once all its cases have.
name = r'("(?:[^"\\]|\\.)*"|[^\s"]+\))'
started_re = re.compile(r"\bTest " + name + r" started\.")
ended_re = re.compile(r"\bTest " + name + r"(?: with \d+ test cases?)? (?:passed|failed|skipped)\b")
started, ended = [], set()
with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
    for line in log:
        if "Test case passing" in line:
            continue
        match = ended_re.search(line)
        if match:
            ended.add(match.group(1))
            continue
        match = started_re.search(line)
        if match:
            started.append(match.group(1))
unfinished = [test for test in dict.fromkeys(started) if test not in ended]
for test in unfinished:
    print("  " + test)
if not unfinished:
    print("  (none found in the log)")
PY
}
ingest_postgres_activity() {
    [ -n "${INGEST_PG_PORT:-}" ] || { echo "  (PostgreSQL was not started)"; return; }
    local psql
    psql="$(ingest_postgres_bin)/psql"
    ingest_as_postgres_user "$psql" -h 127.0.0.1 -p "$INGEST_PG_PORT" -U postgres -d ingest_test -X -P pager=off -c "
        SELECT pid, state, wait_event_type AS wait_type, wait_event,
               now() - xact_start AS in_transaction_for, now() - state_change AS in_state_for,
               pg_blocking_pids(pid) AS blocked_by, left(regexp_replace(query, '\\s+', ' ', 'g'), 120) AS query
        FROM pg_stat_activity
        WHERE datname IS NOT NULL AND pid <> pg_backend_pid()
        ORDER BY xact_start NULLS LAST" 2>&1 | sed 's/^/  /' || true
}

ingest_run_bounded() {
    local limit=$1
    shift
    local log
    log=$(mktemp /tmp/ingest-test-log.XXXXXX)
    # setsid: the command and everything it starts form one process group, killed as one.
    setsid "$@" > >(tee "$log") 2>&1 &
    local pid=$!
    local deadline=$(($(date +%s) + limit))
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo
            echo "== the test phase did not end within ${limit} s (INGEST_TEST_TIMEOUT); stopping it" >&2
            echo "== tests that started and did not finish:" >&2
            ingest_unfinished_tests "$log" >&2
            echo "== PostgreSQL activity now:" >&2
            ingest_postgres_activity >&2
            echo "== processes of the run:" >&2
            ps -o pid,stat,etime,time,args --forest -g "$pid" 2>/dev/null | sed 's/^/  /' >&2 || true
            kill -TERM -- "-$pid" 2>/dev/null || true
            local grace=0
            while kill -0 "$pid" 2>/dev/null && [ $grace -lt 10 ]; do
                sleep 1
                grace=$((grace + 1))
            done
            kill -KILL -- "-$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            rm -f "$log"
            return 124
        fi
        sleep 1
    done
    local status=0
    wait "$pid" || status=$?
    # Let tee write the last lines.
    sleep 0.2
    rm -f "$log"
    return $status
}
