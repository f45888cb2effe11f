# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# OpenSearch 2.19.x (Maven Central integ-test-zip), run as the unprivileged $GAVEL_OS_USER.

OS_DIST_DIR="$DIST_DIR/opensearch-$GAVEL_OPENSEARCH_VERSION"
OS_HOME_DIR="$GAVEL_HOME/opensearch"
OS_CONF_DIR="$OS_HOME_DIR/config"
OS_DATA_DIR="$OS_HOME_DIR/data"
OS_LOG_DIR="$OS_HOME_DIR/logs"
OPENSEARCH_URL="http://$GAVEL_BIND:$GAVEL_OPENSEARCH_PORT"
export OS_DATA_DIR OS_LOG_DIR

opensearch_describe() { echo "GET $OPENSEARCH_URL/_cluster/health is yellow or green"; }

opensearch_healthy() {
  curl -fsS -m 3 "$OPENSEARCH_URL/_cluster/health" 2>/dev/null | grep -Eq '"status":"(green|yellow)"'
}

opensearch_install() {
  ensure_os_user "$GAVEL_OS_USER"
  [[ -f "$OS_DIST_DIR/.complete" ]] && return 0
  FIRST_START=1
  need_cmd unzip unzip
  local tmp="$DIST_DIR/opensearch-$GAVEL_OPENSEARCH_VERSION-archive"
  mvn_fetch opensearch "$tmp" -DexcludeTransitive=true
  rm -rf "$OS_DIST_DIR" "$OS_DIST_DIR.unzip"; mkdir -p "$OS_DIST_DIR.unzip"
  unzip -q "$tmp"/opensearch-*.zip -d "$OS_DIST_DIR.unzip"
  mv "$OS_DIST_DIR.unzip"/opensearch-* "$OS_DIST_DIR"
  rm -rf "$OS_DIST_DIR.unzip" "$tmp"
  chmod -R a+rX "$OS_DIST_DIR"
  touch "$OS_DIST_DIR/.complete"
}

opensearch_init() {
  ensure_traversable "$GAVEL_HOME" "$GAVEL_OS_USER"
  [[ -d "$OS_DATA_DIR" ]] || FIRST_START=1
  mkdir -p "$OS_CONF_DIR" "$OS_DATA_DIR" "$OS_LOG_DIR" "$OS_HOME_DIR/tmp"
  # config dir must be writable by the node (keystore); start from the distribution's files
  if [[ ! -f "$OS_CONF_DIR/jvm.options" ]]; then
    cp -r "$OS_DIST_DIR/config/." "$OS_CONF_DIR/"
  fi
  # bin/opensearch runs from the (read-only) distribution dir: make relative paths absolute
  sed -i -e "s#HeapDumpPath=data\$#HeapDumpPath=$OS_DATA_DIR#" \
    -e "s#file=logs/gc.log#file=$OS_LOG_DIR/gc.log#" \
    -e "s#ErrorFile=logs/#ErrorFile=$OS_LOG_DIR/#" "$OS_CONF_DIR/jvm.options"
  render "$INFRA_DIR/opensearch/opensearch.yml" "$OS_CONF_DIR/opensearch.yml"
  chown -R "$GAVEL_OS_USER:" "$OS_HOME_DIR"
}

opensearch_start() {
  launch opensearch --user "$GAVEL_OS_USER" \
    --env "OPENSEARCH_JAVA_HOME=$(java_home)" \
    --env "OPENSEARCH_PATH_CONF=$OS_CONF_DIR" \
    --env "OPENSEARCH_TMPDIR=$OS_HOME_DIR/tmp" \
    --env "OPENSEARCH_JAVA_OPTS=$GAVEL_OPENSEARCH_HEAP $GAVEL_JVM_FLAGS" \
    --env "HOME=$OS_HOME_DIR" \
    -- "$OS_DIST_DIR/bin/opensearch" \
    -Ediscovery.type=single-node \
    -Ehttp.port="$GAVEL_OPENSEARCH_PORT" \
    -Enetwork.host="$GAVEL_BIND"
}

opensearch_stop() { stop_server_pid opensearch TERM; }
