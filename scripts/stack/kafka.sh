# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# Kafka (KRaft single node) and Kafka Connect (distributed, Debezium plugin) from Maven Central jars.

KAFKA_LIB_DIR="$DIST_DIR/kafka-$GAVEL_KAFKA_VERSION/lib"
CONNECT_PLUGIN_DIR="$DIST_DIR/connect-plugins-debezium-$GAVEL_DEBEZIUM_VERSION"
KAFKA_DATA_DIR="$GAVEL_HOME/kafka/data"
KAFKA_CONF="$CONF_DIR/kafka/server.properties"
CONNECT_CONF="$CONF_DIR/connect/connect-distributed.properties"
KAFKA_LOG4J="$CONF_DIR/kafka/log4j2.properties"
export KAFKA_DATA_DIR CONNECT_PLUGIN_DIR

kafka_java() { # kafka_java <heap> <args...>
  local heap="$1"; shift
  # shellcheck disable=SC2086 # heap is a list of JVM flags
  "$(java_home)/bin/java" $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J" -cp "$KAFKA_LIB_DIR/*" "$@"
}

kafka_fetch() {
  [[ -f "$KAFKA_LIB_DIR/.complete" ]] && return 0
  FIRST_START=1
  mvn_fetch kafka "$KAFKA_LIB_DIR" -DincludeScope=runtime
  touch "$KAFKA_LIB_DIR/.complete"
}

debezium_fetch() {
  [[ -f "$CONNECT_PLUGIN_DIR/.complete" ]] && return 0
  FIRST_START=1
  local tmp="$DIST_DIR/debezium-$GAVEL_DEBEZIUM_VERSION-archive"
  mvn_fetch debezium "$tmp" -DexcludeTransitive=true
  rm -rf "$CONNECT_PLUGIN_DIR"; mkdir -p "$CONNECT_PLUGIN_DIR"
  tar -xzf "$tmp"/debezium-connector-postgres-*-plugin.tar.gz -C "$CONNECT_PLUGIN_DIR"
  rm -rf "$tmp"
  touch "$CONNECT_PLUGIN_DIR/.complete"
}

# ---------------------------------------------------------------- kafka
kafka_describe() { echo "Kafka ApiVersions request on $GAVEL_BIND:$GAVEL_KAFKA_PORT"; }

# Real protocol check: ApiVersions v0 request, expect correlation id 1 and error_code 0.
kafka_healthy() {
  port_open "$GAVEL_BIND" "$GAVEL_KAFKA_PORT" || return 1
  local resp
  # shellcheck disable=SC2016 # expanded by the inner bash
  resp="$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    # size=14 | api_key=18 (ApiVersions) | version=0 | correlation_id=1 | client_id="gavl"
    printf "\x00\x00\x00\x0e\x00\x12\x00\x00\x00\x00\x00\x01\x00\x04gavl" >&3
    head -c 10 <&3 | od -An -tx1 | tr -d " \n"
  ' _ "$GAVEL_BIND" "$GAVEL_KAFKA_PORT" 2>/dev/null)" || return 1
  # 4 bytes size, correlation id 00000001, error code 0000
  [[ "${resp:8:12}" == "000000010000" ]]
}

kafka_install() { kafka_fetch; }

kafka_init() {
  mkdir -p "$CONF_DIR/kafka" "$KAFKA_DATA_DIR"
  render "$INFRA_DIR/kafka/server.properties" "$KAFKA_CONF"
  cp -f "$INFRA_DIR/kafka/log4j2.properties" "$KAFKA_LOG4J"
  if [[ ! -f "$KAFKA_DATA_DIR/meta.properties" ]]; then
    FIRST_START=1
    local cluster_id
    cluster_id="$(kafka_java "-Xmx128m" kafka.tools.StorageTool random-uuid 2>>"$LOG_DIR/kafka.log" | tail -n1)"
    [[ -n "$cluster_id" ]] || server_fail kafka "kafka.tools.StorageTool random-uuid failed"
    log "kafka: formatting KRaft storage (cluster id $cluster_id)"
    kafka_java "-Xmx256m" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_CONF" \
      >>"$LOG_DIR/kafka.log" 2>&1 || server_fail kafka "kafka.tools.StorageTool format failed"
  fi
}

kafka_start() {
  # shellcheck disable=SC2086 # heap is a list of JVM flags
  launch kafka -- "$(java_home)/bin/java" $GAVEL_KAFKA_HEAP $GAVEL_JVM_FLAGS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_LOG4J" \
    -Dkafka.logs.dir="$LOG_DIR" -cp "$KAFKA_LIB_DIR/*" kafka.Kafka "$KAFKA_CONF"
}

kafka_stop() { stop_server_pid kafka TERM; }

# ---------------------------------------------------------------- connect
CONNECT_URL="http://$GAVEL_BIND:$GAVEL_CONNECT_PORT"

connect_describe() { echo "GET $CONNECT_URL/connectors and the Debezium PostgresConnector plugin"; }

connect_healthy() {
  http_ok "$CONNECT_URL/connectors" || return 1
  curl -fsS -m 3 "$CONNECT_URL/connector-plugins" 2>/dev/null |
    grep -q 'io.debezium.connector.postgresql.PostgresConnector'
}

connect_install() { kafka_fetch; debezium_fetch; }

connect_init() {
  mkdir -p "$CONF_DIR/connect"
  render "$INFRA_DIR/connect/connect-distributed.properties" "$CONNECT_CONF"
  mkdir -p "$CONF_DIR/kafka"; cp -f "$INFRA_DIR/kafka/log4j2.properties" "$KAFKA_LOG4J"
  kafka_healthy || server_fail connect \
    "Kafka is not reachable on $GAVEL_BIND:$GAVEL_KAFKA_PORT (start it first: scripts/stack.sh up kafka)"
  [[ -d "$GAVEL_HOME/connect" ]] || FIRST_START=1
  mkdir -p "$GAVEL_HOME/connect"
}

# Debezium's change-event queue (ChangeEventQueue.poll) waits for records with a millisecond timer: the
# wait it asks the JVM for is the remaining time truncated to whole milliseconds, so each poll.interval.ms
# window ends with up to a millisecond of busy polling until the clock passes the deadline. On an idle
# system that spin was most of Connect's CPU (task thread ≈ 33 ms/s at 25 ms windows). A timer slack of
# GAVEL_CONNECT_TIMER_SLACK_NS (2 ms) lets the kernel end the JVM's timed waits up to that much later, so
# the wait outlasts the window and the loop ends without spinning (≈ 7 ms/s). Timed waits only: a record
# or a socket wakes a thread as before; the idle streaming thread's sleep may end ≤ 2 ms later.
: "${GAVEL_CONNECT_TIMER_SLACK_NS:=2000000}"

connect_start() {
  # shellcheck disable=SC2086 # heap is a list of JVM flags
  launch connect --timer-slack-ns "$GAVEL_CONNECT_TIMER_SLACK_NS" -- "$(java_home)/bin/java" $GAVEL_CONNECT_HEAP $GAVEL_JVM_FLAGS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_LOG4J" \
    -Dkafka.logs.dir="$LOG_DIR" -cp "$KAFKA_LIB_DIR/*" \
    org.apache.kafka.connect.cli.ConnectDistributed "$CONNECT_CONF"
}

connect_stop() { stop_server_pid connect TERM; }
