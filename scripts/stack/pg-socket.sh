# shellcheck shell=bash
# Sourced by scripts/stack/postgres.sh (where the stack's cluster puts its unix socket) and by
# scripts/services.sh (which points the services at it).

# pg_socket_dir <gavel home>: the directory of the local cluster's unix socket. Socket paths are limited
# to 107 bytes, so a deep checkout gets one under /tmp named after its home.
pg_socket_dir() {
  local dir="$1/run/pg"
  if ((${#dir} > 80)); then dir="/tmp/gavel-pg-$(printf '%s' "$1" | md5sum | cut -c1-8)"; fi
  printf '%s\n' "$dir"
}
