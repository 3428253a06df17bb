# shellcheck shell=bash
# Helpers shared by scripts/setup.sh and scripts/test.sh (sourced, not run).

PGF_PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/${PGF_PG_MAJOR}/bin"
PGF_JOBS="${PGF_JOBS:-2}"
PGF_DUCKDB_VERSION=1.4.4
PGF_CACHE_DIR="${PGF_CACHE_DIR:-/var/cache/pg_fusion}"
PGF_DUCKDB_DIR="${PGF_CACHE_DIR}/duckdb-${PGF_DUCKDB_VERSION}"

# Environment variables kept when a script re-runs itself through sudo.
PGF_ENV_KEEP="PGF_CACHE_DIR,PGF_DEMO_PORT,PGF_TEST_PORT,PGF_JOBS,PGF_KEEP_TEST_CLUSTER,PGF_WORKER_WAIT,PGF_SANITIZE,CI"

pgf_log() { printf '==> %s\n' "$*"; }
pgf_warn() { printf 'WARNING: %s\n' "$*" >&2; }
pgf_die() {
    printf '\nERROR: %s\n' "$*" >&2
    exit 1
}

# Re-runs the calling script as root through sudo when needed.
# Usage: pgf_require_root "$0" "$@"
pgf_require_root() {
    local self="$1"
    shift
    if [[ ${EUID} -eq 0 ]]; then
        return 0
    fi
    if command -v sudo >/dev/null 2>&1; then
        pgf_log "not root: re-running through sudo"
        exec sudo --preserve-env="${PGF_ENV_KEEP}" bash "${self}" "$@"
    fi
    pgf_die "$(basename "${self}") must run as root (or through sudo), and sudo is not installed"
}

# Runs a command as the postgres OS user, from a directory that user can enter.
pgf_as_postgres() {
    (cd / && runuser -u postgres -- "$@")
}

# Runs a build command as the user who owns the work tree when the script was started through
# sudo by that user (so build/ and ccache stay theirs); otherwise as the current user (root).
pgf_as_builder() {
    local owner
    owner="$(stat -c %U "${PGF_REPO}")"
    if [[ -n ${SUDO_USER:-} && ${SUDO_USER} != root && ${owner} == "${SUDO_USER}" ]]; then
        runuser -u "${SUDO_USER}" -- "$@"
    else
        "$@"
    fi
}

# Configures and compiles the project into build/ (or another build directory of the work
# tree, with extra cmake -D arguments: scripts/test.sh's sanitizer build). Returns non-zero on
# failure. Usage: pgf_build LOG [DIR [CMAKE_ARG...]]
pgf_build() {
    local log="$1" dir="${2:-build}"
    shift
    [[ $# -gt 0 ]] && shift
    local bdir="${PGF_REPO}/${dir}"
    pgf_log "configuring (cmake -S . -B ${dir} -DCMAKE_BUILD_TYPE=RelWithDebInfo${*:+ $*})"
    if ! pgf_as_builder cmake -S "${PGF_REPO}" -B "${bdir}" \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDUCKDB_DIR="${PGF_DUCKDB_DIR}" "$@" >"${log}" 2>&1; then
        tail -n 60 "${log}" >&2
        return 1
    fi
    pgf_log "compiling (cmake --build ${dir} -j${PGF_JOBS}); full log: ${log}"
    if ! pgf_as_builder cmake --build "${bdir}" -j"${PGF_JOBS}" >>"${log}" 2>&1; then
        # The first compiler errors are the useful ones; show them and the tail.
        grep -n -m 40 -E 'error:|Error [0-9]+|undefined reference' "${log}" >&2 || true
        echo "---- last lines of ${log} ----" >&2
        tail -n 40 "${log}" >&2
        return 1
    fi
    # Shared modules link with undefined symbols allowed (PostgreSQL's come from the server), so
    # a declared-but-unwritten pg_fusion function only shows when the server loads the library.
    local so undef bad=0
    for so in "${bdir}/pg_fusion.so" "${bdir}/pg_fusion_engine.so"; do
        if [[ ! -f ${so} ]]; then
            echo "build: ${so} was not produced" >&2
            bad=1
            continue
        fi
        undef="$(nm -D --undefined-only "${so}" | awk '{print $2}' | grep -E '^(_ZN3pgf|_ZNK3pgf|pgf_)' || true)"
        if [[ -n ${undef} ]]; then
            echo "build: $(basename "${so}") uses pg_fusion symbols that no source defines:" >&2
            c++filt <<<"${undef}" | sed 's/^/    /' >&2
            bad=1
        fi
    done
    # Every C function the extension SQL declares must be exported by pg_fusion.so (with
    # -fvisibility=hidden, PostgreSQL 15's PG_FUNCTION_INFO_V1 exports only pg_finfo_<name>).
    local sym
    so="${bdir}/pg_fusion.so"
    if [[ -f ${so} ]]; then
        while read -r sym; do
            [[ -n ${sym} ]] || continue
            if ! nm -D --defined-only "${so}" | awk '{print $3}' | grep -qx "${sym}"; then
                echo "build: pg_fusion.so does not export ${sym}, which sql/ declares" \
                    "(declare it extern \"C\" PGDLLEXPORT)" >&2
                bad=1
            fi
        done < <(cat "${PGF_REPO}"/sql/pg_fusion--*.sql 2>/dev/null |
            grep -oE "'MODULE_PATHNAME'[[:space:]]*,[[:space:]]*'[A-Za-z0-9_]+'" |
            sed -E "s/.*'([A-Za-z0-9_]+)'$/\1/" | sort -u)
    fi
    # The worker dlopen()s the engine library and calls pgf_engine_api (src/common/engine_api.h).
    so="${bdir}/pg_fusion_engine.so"
    if [[ -f ${so} ]] && ! nm -D --defined-only "${so}" | awk '{print $3}' | grep -qx pgf_engine_api; then
        echo "build: pg_fusion_engine.so does not export pgf_engine_api (src/common/engine_api.h)" >&2
        bad=1
    fi
    return "${bad}"
}

# Installs the build (pg_fusion.so, the engine library, libduckdb.so, control and SQL files).
# Usage: pgf_install [DIR]   (a build directory of the work tree; default build)
pgf_install() {
    local dir="${1:-build}"
    pgf_log "installing (cmake --install ${dir}) into $("${PG_BIN}/pg_config" --pkglibdir)"
    cmake --install "${PGF_REPO}/${dir}"
}

# Prints 0 if a PostgreSQL server runs on the data directory, non-zero otherwise.
pgf_pg_running() {
    [[ -f "$1/postmaster.pid" ]] && pgf_as_postgres "${PG_BIN}/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# Waits (up to $PGF_WORKER_WAIT seconds, default 60) until the engine worker reports 'ready'
# through the extension's worker_status(). Arguments: a psql command connected to a database
# where the extension exists. Returns 0 if ready or if it cannot be asked, 1 otherwise.
pgf_wait_worker() {
    local schema state="" i
    schema="$("$@" -At -c "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_fusion'" 2>/dev/null)" ||
        return 0
    [[ -n ${schema} ]] || return 0
    for ((i = 0; i < ${PGF_WORKER_WAIT:-60}; i++)); do
        if ! state="$("$@" -At -c "SELECT state || '|' || coalesce(last_error, '') FROM \"${schema}\".worker_status()" 2>&1)"; then
            pgf_warn "cannot ask the engine worker's state: ${state}"
            return 0
        fi
        case "${state%%|*}" in
            ready)
                echo "engine worker: ready"
                return 0
                ;;
            failed)
                pgf_warn "the pg_fusion engine worker failed to start: ${state#*|}"
                return 1
                ;;
        esac
        sleep 1
    done
    pgf_warn "the pg_fusion engine worker is not ready after ${PGF_WORKER_WAIT:-60} s (state: ${state})"
    return 1
}
