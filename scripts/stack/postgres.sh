# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# PostgreSQL 15: project-owned cluster in $GAVEL_HOME/pg/data, run as the `postgres` OS user.

PG_DATA="$GAVEL_HOME/pg/data"
# shellcheck source=SCRIPTDIR/pg-socket.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-socket.sh"
PG_SOCKET_DIR="$(pg_socket_dir "$GAVEL_HOME")"
export PG_SOCKET_DIR

postgres_describe() { echo "pg_isready -h $GAVEL_BIND -p $GAVEL_PG_PORT"; }

postgres_healthy() {
  [[ -x "$GAVEL_PG_BIN/pg_isready" ]] || return 1
  "$GAVEL_PG_BIN/pg_isready" -q -h "$GAVEL_BIND" -p "$GAVEL_PG_PORT" -t 2 >/dev/null 2>&1
}

pg_as_user() { setpriv --reuid="$GAVEL_PG_OS_USER" --regid="$GAVEL_PG_OS_USER" --init-groups "$@"; }

# psql over the project's unix socket as the superuser role
pg_psql() {
  PGPASSWORD="$GAVEL_PG_PASSWORD" "$GAVEL_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$GAVEL_BIND" -p "$GAVEL_PG_PORT" -U "$GAVEL_PG_USER" "$@"
}

postgres_install() {
  if [[ ! -x "$GAVEL_PG_BIN/postgres" ]]; then
    apt_install_nostart postgresql-15
    # Debian's package creates a default cluster "15/main" (port 5432); we never use it
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
    fi
  fi
  [[ -x "$GAVEL_PG_BIN/postgres" ]] || die "PostgreSQL 15 binaries not found in $GAVEL_PG_BIN"
  ensure_os_user "$GAVEL_PG_OS_USER"
}

postgres_init() {
  mkdir -p "$GAVEL_HOME/pg" "$PG_SOCKET_DIR"
  ensure_traversable "$GAVEL_HOME" "$GAVEL_PG_OS_USER"
  chown "$GAVEL_PG_OS_USER:" "$GAVEL_HOME/pg" "$PG_SOCKET_DIR"
  chmod 0755 "$PG_SOCKET_DIR"
  if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
    FIRST_START=1
    log "postgres: initdb $PG_DATA (superuser $GAVEL_PG_USER)"
    rm -rf "$PG_DATA"
    local pwfile
    pwfile="$(mktemp)"
    printf '%s\n' "$GAVEL_PG_PASSWORD" >"$pwfile"
    chown "$GAVEL_PG_OS_USER:" "$pwfile"
    if ! pg_as_user env HOME=/tmp "$GAVEL_PG_BIN/initdb" -D "$PG_DATA" \
        --username="$GAVEL_PG_USER" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >>"$LOG_DIR/postgres.log" 2>&1; then
      rm -f "$pwfile"
      server_fail postgres "initdb failed"
    fi
    rm -f "$pwfile"
  fi
  chown -R "$GAVEL_PG_OS_USER:" "$PG_DATA"
  # (re)render our settings every start so edits to infra/postgres apply on restart
  render "$INFRA_DIR/postgres/postgresql.gavel.conf" "$PG_DATA/gavel.conf"
  chown "$GAVEL_PG_OS_USER:" "$PG_DATA/gavel.conf"
  grep -q "^include = 'gavel.conf'" "$PG_DATA/postgresql.conf" \
    || printf "\n# Gavel settings (scripts/stack.sh)\ninclude = 'gavel.conf'\n" >>"$PG_DATA/postgresql.conf"
}

postgres_start() {
  launch postgres --user "$GAVEL_PG_OS_USER" -- "$GAVEL_PG_BIN/postgres" -D "$PG_DATA"
}

# roles + databases (idempotent, runs after every successful up)
postgres_post_start() {
  # the name and password reach the SQL as psql variables (:"user" and :'password' quote them), so
  # any character in them is fine; psql reads the statement from stdin, where variables are expanded
  pg_psql -d postgres -v user="$GAVEL_PG_USER" -v password="$GAVEL_PG_PASSWORD" >/dev/null \
    <<<"ALTER ROLE :\"user\" WITH SUPERUSER REPLICATION LOGIN PASSWORD :'password';" \
    || server_fail postgres "cannot connect as $GAVEL_PG_USER to set up roles"
  local db existing created=()
  existing="$(pg_psql -d postgres -At -c "SELECT datname FROM pg_database")"
  for db in $GAVEL_PG_DATABASES; do
    if ! grep -qx "$db" <<<"$existing"; then
      pg_psql -d postgres -c "CREATE DATABASE \"$db\" OWNER \"$GAVEL_PG_USER\"" >/dev/null \
        || server_fail postgres "CREATE DATABASE $db failed"
      created+=("$db")
    fi
  done
  if ((${#created[@]})); then log "postgres: created databases: ${created[*]}"; fi
}

postgres_stop() { stop_server_pid postgres INT; }  # SIGINT = fast shutdown (replication clients!)
