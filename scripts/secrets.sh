#!/usr/bin/env bash
# Sourced: exports the local secrets (JWT signing key, admin login, the platform's chain mnemonic),
# generated once per checkout into the git-ignored .gavel/ — never stored in the repository. A
# deployment supplies its own.
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

# The platform wallet's BIP-39 mnemonic (the wallet's hot wallet is m/44'/60'/0'/0/0): one per checkout,
# in its own file so that it is never printed with the rest. An exported GAVEL_CHAIN_MNEMONIC wins.
CHAIN_MNEMONIC_FILE="$GAVEL_HOME/secrets/chain-mnemonic"
if [[ -z "${GAVEL_CHAIN_MNEMONIC:-}" ]]; then
  if [[ ! -s "$CHAIN_MNEMONIC_FILE" ]]; then
    if ! (
      umask 077
      mkdir -p "$GAVEL_HOME/secrets"
      cd "$(dirname "${BASH_SOURCE[0]}")/.." &&
        node -e "process.stdout.write(require('ethers').Wallet.createRandom().mnemonic.phrase)" \
          >"$CHAIN_MNEMONIC_FILE.tmp" &&
        mv "$CHAIN_MNEMONIC_FILE.tmp" "$CHAIN_MNEMONIC_FILE"
    ); then
      rm -f "$CHAIN_MNEMONIC_FILE.tmp"
      echo "secrets.sh: could not generate $CHAIN_MNEMONIC_FILE (withdrawals stay disabled)" >&2
    fi
  fi
  if [[ -s "$CHAIN_MNEMONIC_FILE" ]]; then
    GAVEL_CHAIN_MNEMONIC="$(cat "$CHAIN_MNEMONIC_FILE")"
    export GAVEL_CHAIN_MNEMONIC
  fi
fi
