#!/usr/bin/env bash
# Make sure the local PostgreSQL 15 server (127.0.0.1:5432) is running and has pgvector available.
#
# Debian 12 ships no pgvector package, so (as in STACK.md §7) we build it from Debian trixie's
# source package against postgresql-server-dev-15. The trixie deb-src entry lives in a throwaway
# apt state (its own sources.list, lists and cache dirs), so the system's apt sources and lists are
# never touched. OPTFLAGS="" drops -march=native so the library runs on any x86-64 CPU.
#
# Env:
#   PGVECTOR_SKIP_APT_UPDATE=1  skip the system `apt-get update` (the caller already ran it)
#   PGVECTOR_FORCE_BUILD=1      build even if the extension is already available
#   PGVECTOR_DESTDIR=/some/dir  install into a staging dir (make DESTDIR=...) instead of the system;
#                               used to test the build path on a machine that already has pgvector
set -euo pipefail

PG_MAJOR=15
PG_CONFIG=/usr/lib/postgresql/$PG_MAJOR/bin/pg_config
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1)
APT_LOCK_WAIT=(-o DPkg::Lock::Timeout=900)   # wait for a concurrent apt/dpkg instead of failing

log() { echo "[install-pgvector] $*"; }

ensure_pg_running() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
  log "PostgreSQL is not accepting connections; starting cluster $PG_MAJOR/main"
  pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start || true
  for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p 5432; then log "PostgreSQL is up"; return 0; fi
    sleep 1
  done
  log "ERROR: PostgreSQL did not come up on 127.0.0.1:5432"
  return 1
}

vector_available() {
  [ "$("${PSQL[@]}" -tAc "SELECT 1 FROM pg_available_extensions WHERE name='vector'" 2>/dev/null || true)" = "1" ]
}

ensure_pg_running

if [ "${PGVECTOR_FORCE_BUILD:-0}" != "1" ] && vector_available; then
  log "pgvector is already available; nothing to do"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive

if [ "${PGVECTOR_SKIP_APT_UPDATE:-0}" != "1" ]; then
  log "apt-get update"
  apt-get "${APT_LOCK_WAIT[@]}" update -qq
fi
log "installing postgresql-server-dev-$PG_MAJOR build-essential"
apt-get "${APT_LOCK_WAIT[@]}" install -y -qq --no-install-recommends \
  "postgresql-server-dev-$PG_MAJOR" build-essential >/dev/null

d=$(mktemp -d /tmp/pgvector-build.XXXXXX)
trap 'rm -rf "$d"' EXIT
mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/src"

# The machine's own Debian mirror (first URIs: line of the deb822 sources file).
uri=""
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
fi
uri=${uri:-http://deb.debian.org/debian}
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main" > "$d/sources.list"

o=(-o "Dir::Etc::SourceList=$d/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
   -o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache"
   -o "APT::Sandbox::User=root")   # the mktemp dir is 0700, so _apt could not write to it anyway

log "fetching pgvector source from $uri trixie (isolated apt state in $d)"
apt-get "${o[@]}" update -qq
(cd "$d/src" && apt-get "${o[@]}" source --download-only pgvector && tar xzf pgvector_*.orig.tar.gz)

srcdir=$(find "$d/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
[ -n "$srcdir" ] || { log "ERROR: pgvector source directory not found"; exit 1; }
log "building $(basename "$srcdir") against $("$PG_CONFIG" --version)"

make_args=(-C "$srcdir" -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS="")
if [ -n "${PGVECTOR_DESTDIR:-}" ]; then
  make "${make_args[@]}"
  make "${make_args[@]}" DESTDIR="$PGVECTOR_DESTDIR" install
  log "installed into staging dir $PGVECTOR_DESTDIR (system untouched)"
  exit 0
fi
make "${make_args[@]}"
make "${make_args[@]}" install

if vector_available; then
  log "pgvector installed: $("${PSQL[@]}" -tAc "SELECT default_version FROM pg_available_extensions WHERE name='vector'")"
else
  log "ERROR: build finished but PostgreSQL does not list the vector extension"
  exit 1
fi
