#!/usr/bin/env bash
# Sourced: exports the local secrets (JWT signing key, admin login, the platform's chain key), generated
# once per checkout into the git-ignored .gavel/ — never stored in the repository. A deployment supplies
# its own.
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

# The platform's chain key: a BIP-39 mnemonic (24 words), GAVEL_CHAIN_MNEMONIC, the one key the wallet
# derives its hot wallet (m/44'/60'/0'/0/0, withdrawals) and users' deposit addresses (m/44'/60'/1'/0/<i>)
# from. One per checkout, in its own file so that it is never printed with the rest; an exported
# GAVEL_CHAIN_MNEMONIC wins (nothing is generated then). Without node_modules (npm ci) it cannot be
# generated yet; the wallet then runs with deposits from and withdrawals to the chain disabled.
CHAIN_MNEMONIC_FILE="$GAVEL_HOME/secrets/chain-mnemonic"
if [[ -z "${GAVEL_CHAIN_MNEMONIC:-}" ]]; then
  if [[ ! -s "$CHAIN_MNEMONIC_FILE" ]]; then
    ETHERS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/ethers"
    if (
      umask 077
      mkdir -p "$GAVEL_HOME/secrets" &&
        node -e 'const { Mnemonic, randomBytes } = require(process.argv[1]);
          process.stdout.write(Mnemonic.fromEntropy(randomBytes(32)).phrase + "\n");' "$ETHERS_DIR" \
          >"$CHAIN_MNEMONIC_FILE.tmp" &&
        mv "$CHAIN_MNEMONIC_FILE.tmp" "$CHAIN_MNEMONIC_FILE"
    ) 2>/dev/null; then :; else
      rm -f "$CHAIN_MNEMONIC_FILE.tmp"
      echo "secrets.sh: could not generate the chain key $CHAIN_MNEMONIC_FILE (run npm ci first);" \
        "chain deposits and withdrawals stay disabled" >&2
    fi
  fi
  if [[ -s "$CHAIN_MNEMONIC_FILE" ]]; then
    GAVEL_CHAIN_MNEMONIC="$(<"$CHAIN_MNEMONIC_FILE")"
    export GAVEL_CHAIN_MNEMONIC
  fi
fi
