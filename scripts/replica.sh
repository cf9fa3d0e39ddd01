#!/usr/bin/env bash
# A real PostgreSQL streaming replica of the local primary, for tests and for trying
# read replicas by hand:
#
#   scripts/replica.sh up       # cluster 15/dbgen_replica on 127.0.0.1:5433, streaming
#   scripts/replica.sh status   # "streaming", "down" or what is wrong (exit 0 only when streaming)
#   scripts/replica.sh down     # stops and removes it, and undoes the primary's changes
#
# Several holders may share one replica (test files running at once): `up` and `down`
# take a holder id (DBGEN_REPLICA_HOLDER, default the caller's pid) and the replica is
# removed when the last live holder is gone. `down --force` removes it whatever holds it.
#
# The primary (127.0.0.1:5432) is shared, so it is never restarted: the only change made
# to it is one pg_hba.conf line letting 127.0.0.1 connect for replication (trust, like
# the rest of this machine's test setup), marked so that `down` removes it, applied with
# a reload. wal_level=replica and max_wal_senders=10 are PostgreSQL's defaults.
set -euo pipefail

VERSION="${DBGEN_PG_VERSION:-15}"
CLUSTER=dbgen_replica
PORT="${DBGEN_REPLICA_PORT:-5433}"
PRIMARY_PORT="${DBGEN_PRIMARY_PORT:-5432}"
STATE=/tmp/dbgen-replica
HOLDERS="$STATE/holders"
MARK='# dbgen-replica (scripts/replica.sh)'
BIN="/usr/lib/postgresql/$VERSION/bin"

primary() { psql -X -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc "$1"; }
replica() { psql -X -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atqc "$1" 2>/dev/null; }
exists() { pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$VERSION/$CLUSTER"; }

# "streaming" when the standby is up, in recovery, and its WAL receiver streams.
state() {
  if ! exists; then echo down; return; fi
  local recovery receiver
  recovery=$(replica 'select pg_is_in_recovery()') || { echo "not running"; return; }
  [ "$recovery" = t ] || { echo "promoted (no longer a standby)"; return; }
  receiver=$(replica 'select status from pg_stat_wal_receiver') || true
  [ "$receiver" = streaming ] && echo streaming || echo "not streaming (${receiver:-no receiver})"
}

hba_file() { primary 'show hba_file'; }

allow_replication() {
  local hba
  hba=$(hba_file)
  if ! grep -qF "$MARK" "$hba"; then
    # First in the file: pg_hba is first-match, and nothing else here matches replication.
    { echo "host replication all 127.0.0.1/32 trust $MARK"; cat "$hba"; } >"$hba.dbgen-new"
    chown --reference="$hba" "$hba.dbgen-new"
    chmod --reference="$hba" "$hba.dbgen-new"
    mv "$hba.dbgen-new" "$hba"
    primary 'select pg_reload_conf()' >/dev/null
  fi
}

disallow_replication() {
  local hba
  hba=$(hba_file) || return 0
  if grep -qF "$MARK" "$hba"; then
    grep -vF "$MARK" "$hba" >"$hba.dbgen-new" || true
    chown --reference="$hba" "$hba.dbgen-new"
    chmod --reference="$hba" "$hba.dbgen-new"
    mv "$hba.dbgen-new" "$hba"
    primary 'select pg_reload_conf()' >/dev/null
  fi
}

remove_cluster() {
  if exists; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" stop -m immediate 2>/dev/null || true
    pg_dropcluster "$VERSION" "$CLUSTER"
  fi
}

create_cluster() {
  remove_cluster
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" >/dev/null
  local conf="/etc/postgresql/$VERSION/$CLUSTER" data
  data="/var/lib/postgresql/$VERSION/$CLUSTER"
  # A hot standby needs these at least as high as its primary's.
  {
    echo "listen_addresses = '127.0.0.1'"
    for setting in max_connections max_worker_processes max_wal_senders \
      max_prepared_transactions max_locks_per_transaction; do
      echo "$setting = $(primary "show $setting")"
    done
    echo "hot_standby = on"
    echo "hot_standby_feedback = on"
    echo "wal_receiver_status_interval = 1s"
  } >"$conf/conf.d/90-dbgen-replica.conf"
  cat >"$conf/pg_hba.conf" <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  rm -rf "$data"
  install -d -o postgres -g postgres -m 700 "$data"
  # -R writes standby.signal and primary_conninfo; -X stream copies the WAL of the copy.
  su postgres -c "$BIN/pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D $data -R -X stream -c fast" >/dev/null
  # 9>&-: the server must not inherit the lock's descriptor (it would hold the lock forever).
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start 9>&-
}

wait_streaming() {
  local now
  for _ in $(seq 1 60); do
    now=$(state)
    [ "$now" = streaming ] && return 0
    sleep 0.5
  done
  echo "replica did not start streaming: $now" >&2
  return 1
}

live_holders() {
  mkdir -p "$HOLDERS"
  local count=0 file
  for file in "$HOLDERS"/*; do
    [ -e "$file" ] || continue
    if kill -0 "$(basename "$file")" 2>/dev/null; then count=$((count + 1)); else rm -f "$file"; fi
  done
  echo "$count"
}

need_tools() {
  for tool in pg_createcluster pg_ctlcluster pg_dropcluster pg_lsclusters psql "$BIN/pg_basebackup"; do
    command -v "$tool" >/dev/null || {
      echo "replica.sh: $tool is missing (PostgreSQL $VERSION with postgresql-common is needed)" >&2
      exit 3
    }
  done
  [ "$(id -u)" = 0 ] || { echo "replica.sh: must run as root (creates a cluster)" >&2; exit 3; }
}

holder="${DBGEN_REPLICA_HOLDER:-$PPID}"
mkdir -p "$STATE"
case "${1:-}" in
  up)
    need_tools
    exec 9>"$STATE/lock"
    flock 9
    mkdir -p "$HOLDERS"
    if [ "$(state)" != streaming ]; then
      allow_replication
      # A base backup can fail when the busy primary drops a database mid-copy: try twice.
      # (A separate process, so that `set -e` holds inside it.)
      if ! bash "$0" _create 9>&-; then
        echo "replica.sh: the first attempt failed; trying again" >&2
        bash "$0" _create 9>&-
      fi
    fi
    touch "$HOLDERS/$holder"
    echo "replica streaming on 127.0.0.1:$PORT"
    ;;
  down)
    need_tools
    exec 9>"$STATE/lock"
    flock 9
    rm -f "$HOLDERS/$holder"
    if [ "${2:-}" = --force ] || [ "$(live_holders)" = 0 ]; then
      remove_cluster
      disallow_replication
      rm -rf "$HOLDERS"
      echo "replica removed"
    else
      echo "replica kept: $(live_holders) other holder(s)"
    fi
    ;;
  _create)
    create_cluster
    wait_streaming
    ;;
  status)
    now=$(state)
    echo "$now"
    [ "$now" = streaming ]
    ;;
  *)
    echo "usage: scripts/replica.sh up|down [--force]|status" >&2
    exit 2
    ;;
esac
