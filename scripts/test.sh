#!/usr/bin/env bash
# pg_fusion tests: build + install, unit tests (ctest), then a throwaway PostgreSQL cluster with
# pg_fusion preloaded for the compare suite (pg_fusion on vs off) and the pg_regress suites.
#
#   sudo scripts/test.sh         (or as root without sudo; run scripts/setup.sh once before)
#
# The last line is always "N passed, N failed" (ctest tests + compare queries + pg_regress
# tests; a part that could not run counts as one failure). Exit status 0 only if nothing failed.
# Environment:
#   PGF_TEST_PORT           port of the throwaway cluster           (default 55432)
#   PGF_JOBS                parallel compile jobs                   (default 2)
#   PGF_KEEP_TEST_CLUSTER   1 = leave the cluster running afterwards (for debugging)
#   PGF_SANITIZE            address (or undefined, address,undefined): build pg_fusion.so with
#                           that sanitizer and assertions in build-asan/ (build-ubsan/,
#                           build-asan-ubsan/), run everything under it (ASan runtime preloaded
#                           into the server), count each sanitizer report as a failure, then
#                           reinstall the normal build/
# Options:
#   --no-build              test what is installed; do not build or install
# Outputs of the last run are kept in build/test-results/. See docs/testing.md.
set -uo pipefail

PGF_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "${PGF_REPO}/scripts/lib.sh"

DO_BUILD=1
for arg in "$@"; do
    case "${arg}" in
        --no-build) DO_BUILD=0 ;;
        -h | --help)
            awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        *) pgf_die "unknown option: ${arg} (try --help)" ;;
    esac
done

pgf_require_root "${BASH_SOURCE[0]}" "$@"

TEST_PORT="${PGF_TEST_PORT:-55432}"
TEST_DB=pg_fusion_test
REGRESS_DIR="${PGF_REPO}/test/regress"
PG_REGRESS="/usr/lib/postgresql/${PGF_PG_MAJOR}/lib/pgxs/src/test/regress/pg_regress"
RESULTS_DIR="${PGF_REPO}/build/test-results"

# Sanitizer build (docs/testing.md): its own build directory; the normal build/ is untouched.
SANITIZE="${PGF_SANITIZE:-}"
BUILD_DIR=build
BUILD_ARGS=()
if [[ -n ${SANITIZE} ]]; then
    [[ ${SANITIZE} =~ ^(address|undefined)(,(address|undefined))*$ ]] ||
        pgf_die "PGF_SANITIZE must be address, undefined or address,undefined (got '${SANITIZE}')"
    [[ ${SANITIZE} == *address* ]] && BUILD_DIR+=-asan
    [[ ${SANITIZE} == *undefined* ]] && BUILD_DIR+=-ubsan
    BUILD_ARGS=(-DPGF_SANITIZE="${SANITIZE}")
fi
SAN_DIR=""      # where the sanitizer runtimes write their reports (log_path)
SAN_INSTALLED=0 # 1 = this run installed the sanitizer build: reinstall build/ at the end

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()
TEST_DIR=""     # data directory + socket directory of the throwaway cluster
RUN_DIR=""      # pg_regress input copy and output
SERVER_UP=0
REGRESS_FAILED=0

record() { # part passed failed
    SUMMARY+=("$(printf '%-12s %d passed, %d failed' "$1:" "$2" "$3")")
    TOTAL_PASSED=$((TOTAL_PASSED + $2))
    TOTAL_FAILED=$((TOTAL_FAILED + $3))
}
crashed() { # part reason
    SUMMARY+=("$(printf '%-12s CRASHED: %s (counted as 1 failure)' "$1:" "$2")")
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
    printf '\n!!! %s: %s\n' "$1" "$2" >&2
}
section() { printf '\n======== %s ========\n' "$*"; }
# Sanitizer runtime options: reports go to files in SAN_DIR (log_path=<dir>/<name>.<pid>), one
# report per process (ASan stops the process at its first error). No leak detection in the
# server: PostgreSQL frees by memory context and at process exit.
san_env() { # name detect_leaks -> env assignments for `env`
    echo "ASAN_OPTIONS=detect_leaks=$2:abort_on_error=0:allocator_may_return_null=1:log_path=${SAN_DIR}/$1"
    echo "UBSAN_OPTIONS=print_stacktrace=1:log_path=${SAN_DIR}/$1"
}
# Counts the reports in SAN_DIR (each one a failure), prints them, keeps them in
# build/test-results/sanitizer/. A file without a recognised report line counts as one, too.
# shellcheck disable=SC2317  # invoked from finish
record_sanitizer() {
    local f n failed=0 files=()
    shopt -s nullglob
    files=("${SAN_DIR}"/*)
    shopt -u nullglob
    mkdir -p "${RESULTS_DIR}/sanitizer"
    for f in "${files[@]}"; do
        cp -f "${f}" "${RESULTS_DIR}/sanitizer/"
        n="$(grep -cE '^==[0-9]+==ERROR: (Address|Leak)Sanitizer|runtime error:' "${f}")"
        [[ ${n} -gt 0 ]] || n=1
        failed=$((failed + n))
    done
    if [[ ${failed} -eq 0 ]]; then
        record sanitizer 1 0
        return
    fi
    section "sanitizer reports (${failed}; kept in ${RESULTS_DIR}/sanitizer/)"
    for f in "${files[@]}"; do
        printf -- '---- %s\n' "$(basename "${f}")"
        head -n 200 "${f}"
    done
    record sanitizer 0 "${failed}"
}
# After a sanitizer run: build and install the normal build/ again, so that nothing else loads
# an instrumented pg_fusion.so without its runtime.
# shellcheck disable=SC2317  # invoked from finish
reinstall_normal() {
    section "reinstalling the normal build (build/)"
    if pgf_build "${RESULTS_DIR}/build-normal.log" && pgf_install >"${RESULTS_DIR}/install-normal.log" 2>&1; then
        echo "ok"
    else
        tail -n 20 "${RESULTS_DIR}/install-normal.log" 2>/dev/null
        crashed reinstall "the normal build could not be built or installed: the sanitizer build is still installed; run scripts/test.sh once it builds"
    fi
}

record_log() { # part log runner: a runner whose last line is "N passed, N failed"
    local last
    last="$(tail -n 1 "$2")"
    if [[ ${last} =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        record "$1" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    else
        crashed "$1" "$3 did not finish"
    fi
}

test_psql() {
    "${PG_BIN}/psql" -X -q -h "${TEST_DIR}" -p "${TEST_PORT}" -U postgres "$@"
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
finish() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    if [[ ${rc} -ne 0 && ${TOTAL_FAILED} -eq 0 ]]; then
        crashed "test.sh" "stopped unexpectedly (exit status ${rc})"
    fi
    mkdir -p "${RESULTS_DIR}"
    if [[ -n ${RUN_DIR} && -d ${RUN_DIR}/out ]]; then
        cp -f "${RUN_DIR}/out/regression.diffs" "${RUN_DIR}/out/regression.out" "${RESULTS_DIR}/" 2>/dev/null
        [[ -d ${RUN_DIR}/out/results ]] && cp -r "${RUN_DIR}/out/results" "${RESULTS_DIR}/regress-results"
    fi
    if [[ -n ${TEST_DIR} && -f ${TEST_DIR}/server.log ]]; then
        cp -f "${TEST_DIR}/server.log" "${RESULTS_DIR}/server.log"
    fi
    if [[ ${TOTAL_FAILED} -gt 0 ]]; then
        # The server log first and the diffs last: a reader who sees only the end of the
        # output (a CI summary) sees which pg_regress suites failed and how.
        if [[ -n ${TEST_DIR} && -f ${TEST_DIR}/server.log ]]; then
            section "server log (last 60 lines; full: ${RESULTS_DIR}/server.log)"
            tail -n 60 "${TEST_DIR}/server.log"
        fi
        if [[ ${REGRESS_FAILED} -eq 1 && -s ${RESULTS_DIR}/regression.diffs ]]; then
            section "regression.diffs (also in ${RESULTS_DIR})"
            head -n 400 "${RESULTS_DIR}/regression.diffs"
            if [[ $(wc -l <"${RESULTS_DIR}/regression.diffs") -gt 400 ]]; then
                echo "... (truncated; full file: ${RESULTS_DIR}/regression.diffs)"
            fi
        fi
    fi
    if [[ ${SERVER_UP} -eq 1 && ${PGF_KEEP_TEST_CLUSTER:-0} == 1 ]]; then
        section "test cluster kept running (PGF_KEEP_TEST_CLUSTER=1)"
        echo "psql -h ${TEST_DIR} -p ${TEST_PORT} -U postgres ${TEST_DB}"
        echo "stop: sudo -u postgres ${PG_BIN}/pg_ctl -D ${TEST_DIR} stop && sudo rm -rf ${TEST_DIR}"
    else
        if [[ -n ${TEST_DIR} ]] && pgf_pg_running "${TEST_DIR}"; then
            pgf_as_postgres "${PG_BIN}/pg_ctl" -D "${TEST_DIR}" -m immediate -w -t 60 stop >/dev/null 2>&1
        fi
        [[ -n ${TEST_DIR} ]] && rm -rf "${TEST_DIR}"
    fi
    [[ -n ${RUN_DIR} ]] && rm -rf "${RUN_DIR}"
    if [[ -n ${SAN_DIR} ]]; then
        record_sanitizer
        [[ ${SERVER_UP} -eq 1 && ${PGF_KEEP_TEST_CLUSTER:-0} == 1 ]] ||
            rm -rf "${SAN_DIR}"
    fi
    if [[ ${SAN_INSTALLED} -eq 1 ]]; then
        if [[ ${SERVER_UP} -eq 1 && ${PGF_KEEP_TEST_CLUSTER:-0} == 1 ]]; then
            pgf_warn "the sanitizer build stays installed while the kept cluster runs: stop it, then" \
                "run scripts/test.sh (which builds and installs build/)"
        else
            reinstall_normal
        fi
    fi
    if [[ -n ${SUDO_USER:-} && ${SUDO_USER} != root && "$(stat -c %U "${PGF_REPO}")" == "${SUDO_USER}" ]]; then
        chown -R "${SUDO_USER}": "${RESULTS_DIR}" 2>/dev/null
    fi

    section "summary"
    local line
    for line in "${SUMMARY[@]}"; do
        echo "${line}"
    done
    echo "${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed"
    if [[ ${TOTAL_FAILED} -gt 0 || ${rc} -ne 0 ]]; then
        exit 1
    fi
    exit 0
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "${PGF_REPO}" || exit 1
rm -rf "${RESULTS_DIR}"
mkdir -p "${RESULTS_DIR}"

# ---- build and install -----------------------------------------------------------------------
if [[ ${DO_BUILD} -eq 1 ]]; then
    section "build"
    [[ -f ${PGF_DUCKDB_DIR}/.pg_fusion-stamp ]] ||
        pgf_warn "${PGF_DUCKDB_DIR} is not verified: run scripts/setup.sh first"
    if ! pgf_build "${RESULTS_DIR}/build.log" "${BUILD_DIR}" "${BUILD_ARGS[@]}"; then
        crashed build "the build failed (log: ${RESULTS_DIR}/build.log)"
        exit 1
    fi
    [[ -n ${SANITIZE} ]] && SAN_INSTALLED=1
    if ! pgf_install "${BUILD_DIR}" >"${RESULTS_DIR}/install.log" 2>&1; then
        cat "${RESULTS_DIR}/install.log"
        crashed install "cmake --install ${BUILD_DIR} failed"
        exit 1
    fi
fi
PKGLIBDIR="$("${PG_BIN}/pg_config" --pkglibdir)"
if [[ ! -f ${PKGLIBDIR}/pg_fusion.so ]]; then
    crashed install "${PKGLIBDIR}/pg_fusion.so is not installed"
    exit 1
fi
# The sanitizer runtime the installed pg_fusion.so needs (none in a normal build).
SAN_RUNTIME="$(ldd "${PKGLIBDIR}/pg_fusion.so" 2>/dev/null | awk '$1 ~ /^lib(asan|ubsan)\.so/ { print $3 }' | head -n 1)"
ASAN_RUNTIME="$(ldd "${PKGLIBDIR}/pg_fusion.so" 2>/dev/null | awk '$1 ~ /^libasan\.so/ { print $3 }')"
if [[ -z ${SANITIZE} && -n ${SAN_RUNTIME} ]]; then
    crashed install "the installed pg_fusion.so is a sanitizer build (it needs ${SAN_RUNTIME}): run scripts/test.sh without --no-build"
    exit 1
fi
if [[ -n ${SANITIZE} ]]; then
    if [[ -z ${SAN_RUNTIME} || (${SANITIZE} == *address* && -z ${ASAN_RUNTIME}) ]]; then
        crashed install "the installed pg_fusion.so is not a -fsanitize=${SANITIZE} build"
        exit 1
    fi
    SAN_DIR="$(mktemp -d /tmp/pg_fusion_sanitizer.XXXXXX)"
    chmod 1777 "${SAN_DIR}" # the server (postgres) and the unit tests (the builder) write here
    echo "sanitizer: ${SANITIZE}; runtime ${SAN_RUNTIME}; reports are collected from ${SAN_DIR}"
fi

# ---- unit tests (ctest) ----------------------------------------------------------------------
section "unit tests (ctest)"
CTEST_ENV=()
# Unit tests of a sanitizer build are instrumented too (src/common); they check leaks as well.
[[ -n ${SANITIZE} ]] && mapfile -t CTEST_ENV < <(san_env ctest 1)
if [[ -f ${PGF_REPO}/${BUILD_DIR}/CTestTestfile.cmake ]]; then
    (cd "${PGF_REPO}/${BUILD_DIR}" &&
        pgf_as_builder env "${CTEST_ENV[@]}" ctest --output-on-failure --timeout 300 -j"${PGF_JOBS}") \
        2>&1 | tee "${RESULTS_DIR}/ctest.log"
    ctest_rc=${PIPESTATUS[0]}
    ctest_line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "${RESULTS_DIR}/ctest.log" | tail -n 1)"
    if [[ -n ${ctest_line} ]]; then
        failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"${ctest_line}")"
        total="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"${ctest_line}")"
        record ctest "$((total - failed))" "${failed}"
        if [[ ${ctest_rc} -ne 0 && ${failed} -eq 0 ]]; then
            crashed ctest "ctest exited with status ${ctest_rc}"
        fi
    elif grep -q 'No tests were found' "${RESULTS_DIR}/ctest.log"; then
        echo "note: ctest found no tests"
        record ctest 0 0
    else
        crashed ctest "ctest printed no result (exit status ${ctest_rc})"
    fi
else
    crashed ctest "${BUILD_DIR}/CTestTestfile.cmake is missing (not built?)"
fi

# ---- throwaway cluster -----------------------------------------------------------------------
section "test cluster (port ${TEST_PORT})"
TEST_DIR="$(mktemp -d /tmp/pg_fusion_test.XXXXXX)"
chown postgres:postgres "${TEST_DIR}"
chmod 700 "${TEST_DIR}"
if ! pgf_as_postgres "${PG_BIN}/initdb" -D "${TEST_DIR}" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C >"${RESULTS_DIR}/initdb.log" 2>&1; then
    cat "${RESULTS_DIR}/initdb.log"
    crashed server "initdb failed"
    exit 1
fi
cat >>"${TEST_DIR}/postgresql.conf" <<EOF

# scripts/test.sh
port = ${TEST_PORT}
listen_addresses = ''
unix_socket_directories = '${TEST_DIR}'
shared_preload_libraries = 'pg_fusion'
pg_fusion.enable = off
max_connections = 20
timezone = 'UTC'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
SERVER_ENV=()
if [[ -n ${SANITIZE} ]]; then
    # Every server process is forked from the postmaster: the preload covers backends, the
    # engine worker and the scan helpers.
    mapfile -t SERVER_ENV < <(san_env server 0)
    if [[ -n ${ASAN_RUNTIME} ]]; then
        # asan_preinit.so works around an ASan start-up hang in postgres (see the file).
        if ! install -o postgres -m 644 "${PGF_REPO}/${BUILD_DIR}/asan_preinit.so" "${TEST_DIR}/asan_preinit.so"; then
            crashed server "${BUILD_DIR}/asan_preinit.so is missing (not built?)"
            exit 1
        fi
        SERVER_ENV+=("LD_PRELOAD=${ASAN_RUNTIME}:${TEST_DIR}/asan_preinit.so")
    fi
fi
if ! pgf_as_postgres env "${SERVER_ENV[@]}" "${PG_BIN}/pg_ctl" -D "${TEST_DIR}" -l "${TEST_DIR}/server.log" -w -t 120 start >/dev/null; then
    crashed server "the test cluster did not start (port ${TEST_PORT} taken? set PGF_TEST_PORT)"
    exit 1
fi
SERVER_UP=1
if [[ -n ${ASAN_RUNTIME} ]] && ! grep -q libasan "/proc/$(head -n 1 "${TEST_DIR}/postmaster.pid")/maps" 2>/dev/null; then
    crashed sanitizer "the test server does not run with the ASan runtime (${ASAN_RUNTIME})"
    exit 1
fi
echo "running: ${TEST_DIR} (socket), port ${TEST_PORT}"
if ! test_psql -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE ${TEST_DB}"; then
    crashed server "CREATE DATABASE ${TEST_DB} failed"
    exit 1
fi
if [[ "$(test_psql -At -d "${TEST_DB}" -c 'SHOW pg_fusion.enable' 2>&1)" != off ]]; then
    crashed server "pg_fusion is not loaded by the server (SHOW pg_fusion.enable failed)"
    exit 1
fi

# The engine worker starts in the background: wait for it (asked from database postgres, so the
# test database stays as the tests create it). Not fatal: the tests show what fails.
if test_psql -d postgres -c 'SET client_min_messages = warning' \
        -c 'CREATE EXTENSION IF NOT EXISTS pg_fusion' >"${RESULTS_DIR}/extension.log" 2>&1; then
    pgf_wait_worker test_psql -d postgres || true
else
    pgf_warn "CREATE EXTENSION pg_fusion failed: $(tr '\n' ' ' <"${RESULTS_DIR}/extension.log")"
fi

# ---- a. test tables ------------------------------------------------------------------------
section "test tables (test/regress/data/setup.sql)"
if [[ -f ${REGRESS_DIR}/data/setup.sql ]]; then
    if (cd "${REGRESS_DIR}/data" && test_psql -d "${TEST_DB}" -v ON_ERROR_STOP=1 -f setup.sql) \
            >"${RESULTS_DIR}/setup-sql.log" 2>&1; then
        echo "ok"
    else
        tail -n 30 "${RESULTS_DIR}/setup-sql.log"
        crashed setup.sql "test/regress/data/setup.sql failed"
    fi
else
    echo "note: test/regress/data/setup.sql does not exist; no shared test tables"
fi

# ---- b. compare suite ------------------------------------------------------------------------
section "compare suite (pg_fusion on vs off)"
shopt -s nullglob
compare_files=("${REGRESS_DIR}"/compare/*.sql)
shopt -u nullglob
if [[ ${#compare_files[@]} -eq 0 ]]; then
    echo "note: no test/regress/compare/*.sql files"
    record compare 0 0
else
    python3 "${REGRESS_DIR}/run_compare.py" --host "${TEST_DIR}" --port "${TEST_PORT}" \
        --user postgres --db "${TEST_DB}" "${compare_files[@]}" 2>&1 | tee "${RESULTS_DIR}/compare.log"
    compare_rc=${PIPESTATUS[0]}
    compare_line="$(tail -n 1 "${RESULTS_DIR}/compare.log")"
    if [[ ${compare_line} =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        record compare "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
        if [[ ${compare_rc} -ne 0 && ${BASH_REMATCH[2]} -eq 0 ]]; then
            crashed compare "run_compare.py exited with status ${compare_rc}"
        fi
    else
        crashed compare "run_compare.py did not finish (exit status ${compare_rc})"
    fi
fi

# ---- c. pg_regress suites --------------------------------------------------------------------
section "pg_regress suites"
shopt -s nullglob
regress_sql=("${REGRESS_DIR}"/sql/*.sql)
shopt -u nullglob
if [[ ! -f ${REGRESS_DIR}/schedule && ${#regress_sql[@]} -eq 0 ]]; then
    echo "note: no test/regress/schedule and no test/regress/sql/*.sql"
    record pg_regress 0 0
else
    # pg_regress runs as postgres: give it a copy it can read and a place it can write.
    RUN_DIR="$(mktemp -d /tmp/pg_fusion_regress.XXXXXX)"
    mkdir -p "${RUN_DIR}/in" "${RUN_DIR}/out"
    cp -r "${REGRESS_DIR}/sql" "${RUN_DIR}/in/"
    [[ -d ${REGRESS_DIR}/expected ]] && cp -r "${REGRESS_DIR}/expected" "${RUN_DIR}/in/"
    [[ -d ${REGRESS_DIR}/data ]] && cp -r "${REGRESS_DIR}/data" "${RUN_DIR}/in/"
    chown -R postgres:postgres "${RUN_DIR}"
    if [[ -f ${REGRESS_DIR}/schedule ]]; then
        cp "${REGRESS_DIR}/schedule" "${RUN_DIR}/in/schedule"
        regress_tests=(--schedule="${RUN_DIR}/in/schedule")
    else
        regress_tests=()
        for f in "${regress_sql[@]}"; do
            regress_tests+=("$(basename "${f}" .sql)")
        done
    fi
    # pg_regress aborts the whole run when an expected file is missing: give such a test an
    # empty one instead, so it fails alone and its output lands in regress-results/ to copy.
    if [[ -f ${REGRESS_DIR}/schedule ]]; then
        names="$(sed -n 's/^test:[[:space:]]*//p' "${REGRESS_DIR}/schedule" | tr -s '[:blank:]' '\n')"
    else
        names="$(printf '%s\n' "${regress_tests[@]}")"
    fi
    mkdir -p "${RUN_DIR}/in/expected"
    while read -r name; do
        [[ -n ${name} ]] || continue
        if ! compgen -G "${RUN_DIR}/in/expected/${name}.out" >/dev/null &&
            ! compgen -G "${RUN_DIR}/in/expected/${name}_[0-9].out" >/dev/null; then
            echo "note: test/regress/expected/${name}.out is missing; after this run the output is in" \
                "build/test-results/regress-results/${name}.out"
            : >"${RUN_DIR}/in/expected/${name}.out"
        fi
    done <<<"${names}"
    chown -R postgres:postgres "${RUN_DIR}"
    pgf_as_postgres env PGUSER=postgres timeout 1800 "${PG_REGRESS}" --use-existing \
        --bindir="${PG_BIN}" --host="${TEST_DIR}" --port="${TEST_PORT}" --dbname="${TEST_DB}" \
        --inputdir="${RUN_DIR}/in" --outputdir="${RUN_DIR}/out" "${regress_tests[@]}" \
        2>&1 | tee "${RESULTS_DIR}/pg_regress.log"
    regress_rc=${PIPESTATUS[0]}
    if grep -qE 'All [0-9]+ tests passed' "${RESULTS_DIR}/pg_regress.log"; then
        n="$(grep -oE 'All [0-9]+ tests passed' "${RESULTS_DIR}/pg_regress.log" | grep -oE '[0-9]+')"
        record pg_regress "${n}" 0
    elif grep -qE '[0-9]+ of [0-9]+ tests failed' "${RESULTS_DIR}/pg_regress.log"; then
        counts="$(grep -oE '[0-9]+ of [0-9]+ tests failed' "${RESULTS_DIR}/pg_regress.log" | head -n 1)"
        failed="${counts%% of *}"
        total="${counts#* of }"
        total="${total%% tests*}"
        record pg_regress "$((total - failed))" "${failed}"
        SUMMARY+=("  failed suites: $(grep -E '^(not ok|test ).*(FAILED|failed)' "${RESULTS_DIR}/pg_regress.log" |
            sed -E 's/^(not ok [0-9]+ +- +|test +)([^ ]+).*/\2/' | tr '\n' ' ')")
        REGRESS_FAILED=1
    else
        crashed pg_regress "pg_regress printed no result (exit status ${regress_rc})"
        REGRESS_FAILED=1
    fi
fi

# ---- d. docs/query-support.md against the planner's refusals --------------------------------------
section "docs/query-support.md matches the code"
python3 "${PGF_REPO}/test/docs/check_query_support.py" 2>&1 | tee "${RESULTS_DIR}/docs.log"
record_log docs "${RESULTS_DIR}/docs.log" test/docs/check_query_support.py

# ---- e. differential queries ------------------------------------------------------------------
# Random queries over the test tables (fixed seed): pg_fusion's answer or refusal, never another.
section "differential queries (test/fuzz/differential.py)"
python3 "${PGF_REPO}/test/fuzz/differential.py" --host "${TEST_DIR}" --port "${TEST_PORT}" --user postgres \
    --db "${TEST_DB}" --seed "${PGF_FUZZ_SEED:-1}" --queries "${PGF_FUZZ_QUERIES:-300}" 2>&1 | tee "${RESULTS_DIR}/fuzz.log"
record_log fuzz "${RESULTS_DIR}/fuzz.log" test/fuzz/differential.py

# ---- f. TPC-H at a small scale factor ------------------------------------------------------------
# All 22 queries must return PostgreSQL's rows; a refusal counts as a failure here.
section "TPC-H SF ${PGF_TPCH_SF:-0.01} (pg_fusion on vs off)"
if ! bash "${PGF_REPO}/bench/tpch/load.sh" --sf "${PGF_TPCH_SF:-0.01}" --db tpch_check --host "${TEST_DIR}" \
        --port "${TEST_PORT}" --user postgres >"${RESULTS_DIR}/tpch-load.log" 2>&1; then
    cat "${RESULTS_DIR}/tpch-load.log"
    crashed tpch "bench/tpch/load.sh failed"
else
    PGUSER=postgres python3 "${PGF_REPO}/bench/tpch/run.py" --host "${TEST_DIR}" --port "${TEST_PORT}" \
        --db tpch_check --runs 1 2>&1 | tee "${RESULTS_DIR}/tpch.log"
    tpch_line="$(tail -n 1 "${RESULTS_DIR}/tpch.log")"
    if [[ ${tpch_line} =~ ^([0-9]+)\ of\ ([0-9]+)\ queries ]]; then
        record tpch "${BASH_REMATCH[1]}" "$((BASH_REMATCH[2] - BASH_REMATCH[1]))"
    else
        crashed tpch "bench/tpch/run.py did not finish"
    fi
fi

exit 0
