#!/usr/bin/env bash
# A private PostgreSQL server for the office database tests, started once for the whole suite (ctest
# fixture office_pg) and stopped after it. Never port 5432, never /var/run/postgresql: a free loopback
# port, the socket in the instance's own temporary directory, fsync off (throwaway data).
#
#   pg_fixture.sh start POINTER   initdb + start; writes the instance directory's path into POINTER
#   pg_fixture.sh stop POINTER    stop the server and remove the directory
#   pg_fixture.sh halt DIR        stop the server abruptly (-m immediate), keep the data (fault test)
#   pg_fixture.sh resume DIR      start it again on the same port
#
# The instance directory holds: port, socket (the socket directory), pgpass (mode 0600, for the role
# mc_kiosk created by assets/deploy/office-db.sql), log, data/. Local socket connections are trusted
# (the tests' superuser); TCP needs the password (SCRAM), so the tests go the way a kiosk goes.
# When the server binaries are missing it writes "skip" into POINTER and the tests exit 77 (skipped).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
command=$1
target=$2

bindir=""
if command -v pg_config >/dev/null; then bindir=$(pg_config --bindir); fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  for candidate in /usr/lib/postgresql/*/bin; do [[ -x "$candidate/initdb" ]] && bindir=$candidate; done
fi

# initdb refuses to run as root: as root, run the server as the unprivileged postgres user, from / (the
# repository may sit in root's own 0700 home, where postgres can neither stay nor read).
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

start_server() {
  local dir=$1 port
  port=$(cat "$dir/port")
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-k $dir -p $port -h 127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null
}

case "$command" in
  start)
    if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
      echo "skip" >"$target"
      echo "SKIP: the PostgreSQL server is not installed (apt-get install postgresql; scripts/setup.sh test does)"
      exit 0
    fi
    dir=$(mktemp -d /tmp/mc-office-pg.XXXXXX)
    if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
    chmod 700 "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
    # A free port: ask the kernel for one, retry if someone takes it before the server binds it.
    for attempt in 1 2 3 4 5; do
      python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >"$dir/port"
      if start_server "$dir"; then break; fi
      [[ $attempt -eq 5 ]] && { cat "$dir/log"; exit 1; }
    done
    port=$(cat "$dir/port")
    # The deployment script, as an IT officer runs it: role mc_kiosk, database mocua, schema mc_office.
    password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    MC_OFFICE_DB_PASSWORD=$password as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" \
      -U postgres -d postgres <"$root/assets/deploy/office-db.sql" >"$dir/deploy.log" 2>&1 ||
      { cat "$dir/deploy.log"; exit 1; }
    # The tests create one database per test case (owned by mc_kiosk): any database name matches.
    umask 077
    echo "127.0.0.1:$port:*:mc_kiosk:$password" >"$dir/pgpass"
    echo "$dir" >"$target"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, socket in $dir"
    ;;
  stop)
    [[ -f "$target" ]] || exit 0
    dir=$(cat "$target")
    rm -f "$target"
    [[ "$dir" == skip || ! -d "$dir" ]] && exit 0
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  halt)
    as_owner "$bindir/pg_ctl" -D "$target/data" -m immediate -w -t 30 stop >/dev/null
    ;;
  resume)
    start_server "$target"
    ;;
  *)
    echo "usage: $0 start|stop POINTER | halt|resume DIR" >&2
    exit 2
    ;;
esac
