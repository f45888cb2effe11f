#!/usr/bin/env bash
# Sourced: exports the local secrets (JWT signing key, admin login), generated once per checkout into
# the git-ignored .gavel/ — never stored in the repository. A deployment supplies its own.
GAVEL_HOME="${GAVEL_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.gavel}"
mkdir -p "$GAVEL_HOME"
SECRETS="$GAVEL_HOME/secrets.env"
if [[ ! -f "$SECRETS" ]]; then
  (
    umask 077
    {
      echo "GAVEL_JWT_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
      echo "GAVEL_ADMIN_EMAIL=admin@gavel.local"
      echo "GAVEL_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=\n')"
    } >"$SECRETS"
  )
fi
set -a
# shellcheck source=/dev/null
source "$SECRETS"
set +a
