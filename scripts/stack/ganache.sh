# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# Ganache 7.9.2 (npm devDependency, runs offline on Node 20): a local Ethereum JSON-RPC node for the
# wallet's linked addresses. Deterministic accounts (the well-known ganache mnemonic, 1000 ETH each),
# chain id 1337, instant mining, chain data kept under $GAVEL_HOME/ganache so a restart keeps balances.

: "${GAVEL_GANACHE_PORT:=18545}"
: "${GAVEL_GANACHE_CHAIN_ID:=1337}"
GANACHE_DATA_DIR="$GAVEL_HOME/ganache"
GANACHE_CLI="$REPO_ROOT/node_modules/ganache/dist/node/cli.js"
GANACHE_URL="http://$GAVEL_BIND:$GAVEL_GANACHE_PORT"

ganache_describe() { echo "JSON-RPC web3_clientVersion on $GANACHE_URL answers Ganache"; }

ganache_healthy() {
  curl -fsS -m 3 -H 'content-type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"web3_clientVersion","params":[]}' \
    "$GANACHE_URL" 2>/dev/null | grep -q 'Ganache'
}

ganache_install() {
  command -v node >/dev/null 2>&1 || die "node not found (Node 20 required for ganache)"
  [[ -f "$GANACHE_CLI" ]] || die "ganache is not installed in node_modules: run bash scripts/deps.sh (npm ci)"
}

ganache_init() {
  [[ -d "$GANACHE_DATA_DIR/db" ]] || FIRST_START=1
  mkdir -p "$GANACHE_DATA_DIR/db"
}

ganache_start() {
  # the data dir in the command line also lets server_pid recognise the process as ours
  launch ganache -- node "$GANACHE_CLI" \
    --server.host "$GAVEL_BIND" \
    --server.port "$GAVEL_GANACHE_PORT" \
    --chain.chainId "$GAVEL_GANACHE_CHAIN_ID" \
    --wallet.deterministic \
    --database.dbPath "$GANACHE_DATA_DIR/db" \
    --logging.quiet
}

ganache_stop() { stop_server_pid ganache TERM; }
