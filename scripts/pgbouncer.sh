#!/usr/bin/env bash
# A real PgBouncer in transaction pooling mode in front of the local PostgreSQL, for
# tests and for trying the `pooler: 'transaction'` engine option by hand:
#
#   port=$(scripts/pgbouncer.sh start)   # installs pgbouncer when missing; prints its port
#   scripts/pgbouncer.sh stop "$port"
#   scripts/pgbouncer.sh install         # only the install (exit 4 when apt cannot)
#
# Every database of 127.0.0.1:5432 is reachable through it under its own name (a
# wildcard entry), as user postgres with trust auth, like the server itself here.
# Each `start` runs its own instance on a free port (state in /tmp/dbgen-pgbouncer-<port>),
# so test files running at once do not share one.
set -euo pipefail

SERVER_PORT="${DBGEN_PRIMARY_PORT:-5432}"
POOL_SIZE="${DBGEN_PGBOUNCER_POOL_SIZE:-20}"

install_pgbouncer() {
  command -v pgbouncer >/dev/null && return 0
  [ "$(id -u)" = 0 ] || { echo "pgbouncer.sh: pgbouncer is missing and only root can install it" >&2; exit 4; }
  echo "pgbouncer.sh: installing pgbouncer (apt)" >&2
  # Waits for another apt run's lock rather than failing on it.
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -y -q)
  # The package's own service must not start (it would take port 6432 and run unattended).
  local policy=/usr/sbin/policy-rc.d created_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install pgbouncer >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" update >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install pgbouncer >/dev/null 2>&1 || {
      [ -n "$created_policy" ] && rm -f "$policy"
      echo "pgbouncer.sh: could not install pgbouncer with apt-get" >&2
      exit 4
    }
  fi
  [ -n "$created_policy" ] && rm -f "$policy"
  command -v pgbouncer >/dev/null
}

free_port() {
  local port
  for port in $(seq 6440 6540); do
    if ! ss -Hltn "sport = :$port" | grep -q . && [ ! -e "/tmp/dbgen-pgbouncer-$port" ]; then
      echo "$port"
      return
    fi
  done
  echo "pgbouncer.sh: no free port in 6440-6540" >&2
  exit 1
}

start() {
  install_pgbouncer
  exec 9>/tmp/dbgen-pgbouncer.lock
  flock 9 # two starts at once must not pick the same port
  local port dir
  port=$(free_port)
  dir="/tmp/dbgen-pgbouncer-$port"
  mkdir -p "$dir"
  echo '"postgres" ""' >"$dir/users.txt"
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=$SERVER_PORT

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/users.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = $POOL_SIZE
max_client_conn = 2000
max_db_connections = $POOL_SIZE
server_lifetime = 3600
server_idle_timeout = 60
; pg and the tests send these; PgBouncer would otherwise refuse the connection.
ignore_startup_parameters = extra_float_digits,options,statement_timeout
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
EOF
  chown -R postgres:postgres "$dir"
  # PgBouncer refuses to run as root: -u drops to postgres.
  # 9>&-: the daemon must not inherit the lock's descriptor (it would hold the lock forever).
  pgbouncer -d -u postgres "$dir/pgbouncer.ini" 9>&- </dev/null >/dev/null 2>&1
  for _ in $(seq 1 50); do
    if psql -X -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
      echo "$port"
      return
    fi
    sleep 0.1
  done
  echo "pgbouncer.sh: pgbouncer did not answer on port $port; its log:" >&2
  cat "$dir/pgbouncer.log" >&2 || true
  stop "$port"
  exit 1
}

stop() {
  local port="${1:?usage: pgbouncer.sh stop PORT}" dir pid
  dir="/tmp/dbgen-pgbouncer-$port"
  [ -d "$dir" ] || return 0
  if [ -f "$dir/pgbouncer.pid" ]; then
    pid=$(cat "$dir/pgbouncer.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) install_pgbouncer ;;
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: scripts/pgbouncer.sh start|stop PORT|install" >&2
    exit 2
    ;;
esac
