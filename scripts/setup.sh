#!/usr/bin/env bash
# pg_fusion setup: packages, pinned DuckDB, build + install, and a running demo cluster.
#
#   sudo scripts/setup.sh        (or as root without sudo; needs no stdin; safe to run again)
#
# Environment:
#   PGF_CACHE_DIR   where the pinned DuckDB is cached      (default /var/cache/pg_fusion)
#   PGF_DEMO_PORT   port of the demo cluster               (default 5433)
#   PGF_JOBS        parallel compile jobs                  (default 2)
# Options:
#   --no-build      skip the build and install steps (packages, DuckDB and demo cluster only;
#                   uses whatever pg_fusion is already installed)
#   --no-demo       skip the demo cluster
# See docs/install.md.
set -euo pipefail

PGF_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "${PGF_REPO}/scripts/lib.sh"

DO_BUILD=1
DO_DEMO=1
for arg in "$@"; do
    case "${arg}" in
        --no-build) DO_BUILD=0 ;;
        --no-demo) DO_DEMO=0 ;;
        -h | --help)
            sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) pgf_die "unknown option: ${arg} (try --help)" ;;
    esac
done

pgf_require_root "${BASH_SOURCE[0]}" "$@"

CACHE_DIR="${PGF_CACHE_DIR}"
DEMO_PORT="${PGF_DEMO_PORT:-5433}"
DEMO_DIR=/var/lib/postgresql/pg_fusion_demo
DEMO_DB=pg_fusion_demo
DEMO_SOCKET_DIR=/tmp

# ---- the pinned DuckDB ---------------------------------------------------------------------
# libduckdb.so comes from the Node bindings package, the C++ headers from the duckdb package;
# both are the same DuckDB build (source_id 6ddac802ff). Pinned by version and sha256.
DUCKDB_LIB_PKG='@duckdb/node-bindings-linux-x64@1.4.4-r.4'
DUCKDB_LIB_TGZ='duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz'
DUCKDB_LIB_SHA256='732fac4dc6b8f198870b9c4bb6ddf13544466daca00ad28ba2f1d80de5d7aa4b'
DUCKDB_HDR_PKG='duckdb@1.4.4'
DUCKDB_HDR_TGZ='duckdb-1.4.4.tgz'
DUCKDB_HDR_SHA256='5bb967dcbcd517670ba5f169f238fb9d6787e53752c60ebe24386169d76941ed'
DUCKDB_DIR="${PGF_DUCKDB_DIR}"
DUCKDB_STAMP="${DUCKDB_DIR}/.pg_fusion-stamp"

# ---- 1. packages ---------------------------------------------------------------------------
install_packages() {
    local pkgs=(postgresql-15 postgresql-server-dev-15 postgresql-contrib cmake g++ make ccache
        googletest libgtest-dev libbenchmark-dev python3)
    if ! command -v npm >/dev/null 2>&1; then
        pkgs+=(nodejs npm)
    fi
    local missing=() p
    for p in "${pkgs[@]}"; do
        if ! dpkg-query -W -f='${Status}' "${p}" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("${p}")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        pgf_log "packages: all present"
        return 0
    fi
    pgf_log "packages: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    local apt_opts=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    # A fresh machine has no package lists yet: update first there; elsewhere only on failure.
    if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then
        apt-get update -q
    fi
    if ! apt-get install "${apt_opts[@]}" "${missing[@]}" </dev/null; then
        pgf_log "packages: install failed; updating the package lists and retrying"
        apt-get update -q
        apt-get install "${apt_opts[@]}" "${missing[@]}" </dev/null ||
            pgf_die "apt-get install failed for: ${missing[*]}"
    fi
}

# ---- 2. DuckDB -----------------------------------------------------------------------------
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# One hash over every file under lib/ and include/ of a DuckDB directory (names + contents).
tree_hash() {
    (cd "$1" && find lib include -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) |
        sha256sum | cut -d' ' -f1
}

stamp_text() {
    printf 'lib_package=%s sha256=%s\nheader_package=%s sha256=%s\ntree=%s\n' \
        "${DUCKDB_LIB_PKG}" "${DUCKDB_LIB_SHA256}" "${DUCKDB_HDR_PKG}" "${DUCKDB_HDR_SHA256}" "$1"
}

# True if DUCKDB_DIR holds exactly what the stamp says and the stamp names the pinned packages.
duckdb_verified() {
    [[ -f ${DUCKDB_STAMP} && -f ${DUCKDB_DIR}/lib/libduckdb.so && -f ${DUCKDB_DIR}/include/duckdb.hpp ]] ||
        return 1
    local tree
    tree="$(sed -n 's/^tree=//p' "${DUCKDB_STAMP}")"
    [[ -n ${tree} ]] || return 1
    [[ "$(cat "${DUCKDB_STAMP}")" == "$(stamp_text "${tree}")" ]] || return 1
    [[ "$(tree_hash "${DUCKDB_DIR}")" == "${tree}" ]]
}

# Makes sure downloads/<tgz> exists with the pinned sha256 (npm pack into the cache).
fetch_tgz() {
    local pkg="$1" tgz="$2" want="$3" dl="${CACHE_DIR}/downloads"
    mkdir -p "${dl}"
    if [[ -f ${dl}/${tgz} && "$(sha256_of "${dl}/${tgz}")" == "${want}" ]]; then
        return 0
    fi
    rm -f "${dl:?}/${tgz}"
    pgf_log "duckdb: npm pack ${pkg}"
    local tmp
    tmp="$(mktemp -d "${dl}/.pack.XXXXXX")"
    if ! (cd "${tmp}" && npm pack --silent "${pkg}" >/dev/null </dev/null) || [[ ! -f ${tmp}/${tgz} ]]; then
        rm -rf "${tmp}"
        pgf_die "npm pack ${pkg} failed (is npm configured to reach its registry?)"
    fi
    local got
    got="$(sha256_of "${tmp}/${tgz}")"
    if [[ ${got} != "${want}" ]]; then
        rm -rf "${tmp}"
        pgf_die "sha256 mismatch for ${pkg} (${tgz}): expected ${want}, got ${got}. Refusing to use it."
    fi
    mv -f "${tmp}/${tgz}" "${dl}/${tgz}"
    rm -rf "${tmp}"
}

install_duckdb() {
    mkdir -p "${CACHE_DIR}"
    exec 9>"${CACHE_DIR}/.lock"
    flock 9
    if duckdb_verified; then
        pgf_log "duckdb: ${DUCKDB_DIR} verified (stamp, sha256)"
        exec 9>&-
        return 0
    fi
    if [[ -e ${DUCKDB_DIR} ]]; then
        pgf_log "duckdb: ${DUCKDB_DIR} exists but is not verified; checking it against the pinned packages"
    fi
    fetch_tgz "${DUCKDB_LIB_PKG}" "${DUCKDB_LIB_TGZ}" "${DUCKDB_LIB_SHA256}"
    fetch_tgz "${DUCKDB_HDR_PKG}" "${DUCKDB_HDR_TGZ}" "${DUCKDB_HDR_SHA256}"

    local tmp new tree
    tmp="$(mktemp -d "${CACHE_DIR}/.unpack.XXXXXX")"
    new="${tmp}/duckdb"
    mkdir -p "${tmp}/x" "${new}/lib"
    tar -xzf "${CACHE_DIR}/downloads/${DUCKDB_LIB_TGZ}" --no-same-owner -C "${tmp}/x" package/libduckdb.so
    tar -xzf "${CACHE_DIR}/downloads/${DUCKDB_HDR_TGZ}" --no-same-owner -C "${tmp}/x" package/src/duckdb/src/include
    mv "${tmp}/x/package/libduckdb.so" "${new}/lib/libduckdb.so"
    mv "${tmp}/x/package/src/duckdb/src/include" "${new}/include"
    [[ -f ${new}/include/duckdb.hpp ]] || pgf_die "duckdb: ${DUCKDB_HDR_TGZ} has no include/duckdb.hpp"
    chmod -R u=rwX,go=rX "${new}"
    tree="$(tree_hash "${new}")"

    if [[ -d ${DUCKDB_DIR} && -f ${DUCKDB_DIR}/lib/libduckdb.so ]] &&
        [[ "$(tree_hash "${DUCKDB_DIR}" 2>/dev/null)" == "${tree}" ]]; then
        # Identical content (e.g. populated by hand): keep it in place, just stamp it.
        pgf_log "duckdb: existing ${DUCKDB_DIR} matches the pinned packages; stamping it"
    else
        if [[ -e ${DUCKDB_DIR} ]]; then
            pgf_log "duckdb: existing ${DUCKDB_DIR} differs from the pinned packages; replacing it"
            mv "${DUCKDB_DIR}" "${tmp}/old"
        fi
        mv "${new}" "${DUCKDB_DIR}"
        pgf_log "duckdb: unpacked into ${DUCKDB_DIR}"
    fi
    stamp_text "${tree}" >"${DUCKDB_STAMP}.tmp"
    mv -f "${DUCKDB_STAMP}.tmp" "${DUCKDB_STAMP}"
    rm -rf "${tmp}"
    duckdb_verified || pgf_die "duckdb: ${DUCKDB_DIR} failed verification after unpacking"
    exec 9>&-
}

# ---- 3. build and install --------------------------------------------------------------------
build_and_install() {
    local log="${PGF_REPO}/build/setup-build.log"
    mkdir -p "${PGF_REPO}/build"
    if [[ -n ${SUDO_USER:-} && ${SUDO_USER} != root && "$(stat -c %U "${PGF_REPO}")" == "${SUDO_USER}" ]]; then
        chown "${SUDO_USER}": "${PGF_REPO}/build"
    fi
    if ! pgf_build "${log}"; then
        cat >&2 <<EOF

BUILD FAILED: pg_fusion does not build completely in ${PGF_REPO}.
  The errors are above; the full log is ${log}.
  Packages and the pinned DuckDB (${DUCKDB_DIR}) are in place; nothing was installed
  and the demo cluster was left as it was. Fix the build and run scripts/setup.sh again.
EOF
        exit 1
    fi
    # A running server has the old library mapped: stop the demo cluster before replacing it.
    if pgf_pg_running "${DEMO_DIR}"; then
        pgf_log "demo: stopping the running demo cluster to install the new build"
        pgf_as_postgres "${PG_BIN}/pg_ctl" -D "${DEMO_DIR}" -m fast -w stop >/dev/null
    fi
    pgf_install >"${log%.log}-install.log" 2>&1 || {
        cat "${log%.log}-install.log" >&2
        pgf_die "cmake --install build failed"
    }
}

# ---- 4. demo cluster -----------------------------------------------------------------------
demo_psql() {
    "${PG_BIN}/psql" -X -q -v ON_ERROR_STOP=1 -h "${DEMO_SOCKET_DIR}" -p "${DEMO_PORT}" -U postgres "$@"
}

demo_cluster() {
    local pkglibdir
    pkglibdir="$("${PG_BIN}/pg_config" --pkglibdir)"
    [[ -f ${pkglibdir}/pg_fusion.so ]] ||
        pgf_die "pg_fusion.so is not installed in ${pkglibdir}: run scripts/setup.sh without --no-build"

    if [[ ! -s ${DEMO_DIR}/PG_VERSION ]]; then
        pgf_log "demo: initdb ${DEMO_DIR}"
        install -d -o postgres -g postgres -m 700 "${DEMO_DIR}"
        pgf_as_postgres "${PG_BIN}/initdb" -D "${DEMO_DIR}" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C >/dev/null
    fi
    # Our settings live in one file that is rewritten on every run (port may change).
    cat >"${DEMO_DIR}/pg_fusion_demo.conf" <<EOF
# Written by scripts/setup.sh on every run; edit postgresql.conf for your own settings.
port = ${DEMO_PORT}
listen_addresses = ''
unix_socket_directories = '${DEMO_SOCKET_DIR}'
shared_preload_libraries = 'pg_fusion'
shared_buffers = 4GB   # TPC-H SF1 (1.6 GB) stays in shared_buffers
max_wal_size = 4GB
EOF
    chown postgres:postgres "${DEMO_DIR}/pg_fusion_demo.conf"
    if ! grep -q "^include_if_exists = 'pg_fusion_demo.conf'" "${DEMO_DIR}/postgresql.conf"; then
        printf "\ninclude_if_exists = 'pg_fusion_demo.conf'\n" >>"${DEMO_DIR}/postgresql.conf"
    fi

    if pgf_pg_running "${DEMO_DIR}"; then
        pgf_log "demo: restarting the demo cluster (so the installed build loads)"
        pgf_as_postgres "${PG_BIN}/pg_ctl" -D "${DEMO_DIR}" -m fast -w stop >/dev/null
    fi
    pgf_log "demo: starting the demo cluster on port ${DEMO_PORT} (log ${DEMO_DIR}/server.log)"
    if ! pgf_as_postgres "${PG_BIN}/pg_ctl" -D "${DEMO_DIR}" -l "${DEMO_DIR}/server.log" -w -t 120 start >/dev/null; then
        echo "---- ${DEMO_DIR}/server.log (tail) ----" >&2
        tail -n 40 "${DEMO_DIR}/server.log" >&2 || true
        pgf_die "the demo cluster did not start: see the server log above (port ${DEMO_PORT} taken? set PGF_DEMO_PORT)"
    fi

    if [[ "$(demo_psql -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '${DEMO_DB}'")" != 1 ]]; then
        pgf_log "demo: creating database ${DEMO_DB}"
        demo_psql -d postgres -c "CREATE DATABASE ${DEMO_DB}"
    fi
    demo_psql -d "${DEMO_DB}" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS pg_fusion' ||
        pgf_die "CREATE EXTENSION pg_fusion failed in the demo database (see ${DEMO_DIR}/server.log)"

    pgf_wait_worker demo_psql -d "${DEMO_DB}" ||
        pgf_warn "pg_fusion queries will fail until the worker runs; see ${DEMO_DIR}/server.log"

    if [[ "$(demo_psql -At -d "${DEMO_DB}" -c "SELECT to_regclass('public.orders') IS NOT NULL")" != t ]]; then
        pgf_log "demo: creating table orders (1,000,000 rows)"
        demo_psql -d "${DEMO_DB}" <<'EOF'
BEGIN;
CREATE TABLE orders (
    orderkey   bigint PRIMARY KEY,
    custkey    int,
    status     char(1),
    totalprice numeric(15,2),
    orderdate  date,
    comment    text
);
-- Deterministic: every value is a function of i.
INSERT INTO orders
SELECT i,
       (i * 7919 % 150000 + 1)::int,
       (CASE WHEN i % 10 < 5 THEN 'F' WHEN i % 10 < 9 THEN 'O' ELSE 'P' END)::char(1),
       round((i * 104729 % 50000000)::numeric / 100 + 900, 2)::numeric(15,2),
       DATE '1992-01-01' + (i * 31 % 2406)::int,
       CASE WHEN i % 97 = 0 THEN NULL
            ELSE 'order ' || i || CASE WHEN i % 7 = 0 THEN ' urgent' ELSE '' END END
FROM generate_series(1::bigint, 1000000) AS i;
COMMIT;
ANALYZE orders;
EOF
    else
        pgf_log "demo: table orders exists"
    fi
}

# ---- main ----------------------------------------------------------------------------------
cd "${PGF_REPO}"
install_packages
install_duckdb
if [[ ${DO_BUILD} -eq 1 ]]; then
    build_and_install
fi
if [[ ${DO_DEMO} -eq 1 ]]; then
    demo_cluster
    cat <<EOF

pg_fusion is installed and the demo cluster runs (port ${DEMO_PORT}, data ${DEMO_DIR}).
Connect:

    psql -h ${DEMO_SOCKET_DIR} -p ${DEMO_PORT} -U postgres ${DEMO_DB}

and try:

    SET pg_fusion.enable = on;
    SELECT count(*) FROM orders WHERE orderkey > 0;

Stop it:  sudo -u postgres ${PG_BIN}/pg_ctl -D ${DEMO_DIR} stop
EOF
else
    pgf_log "done (demo cluster skipped)"
fi
