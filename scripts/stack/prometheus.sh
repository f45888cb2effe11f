# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# Prometheus (Debian package binary), project config infra/prometheus/prometheus.yml.

PROM_DATA_DIR="$GAVEL_HOME/prometheus"
PROMETHEUS_URL="http://$GAVEL_BIND:$GAVEL_PROMETHEUS_PORT"

prometheus_describe() { echo "GET $PROMETHEUS_URL/-/ready"; }

prometheus_healthy() { http_ok "$PROMETHEUS_URL/-/ready"; }

# The Debian package may start its own service on :9090; we never use it.
prometheus_stop_debian_service() {
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
  if [[ -x /etc/init.d/prometheus ]]; then
    /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
  local pid
  for pid in $(ss -Hltnp 'sport = :9090' 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    if [[ "$(readlink -f "/proc/$pid/exe" 2>/dev/null)" == /usr/bin/prometheus ]]; then
      warn "stopping the Debian prometheus service process (pid $pid on :9090)"
      kill "$pid" 2>/dev/null || true
    fi
  done
}

prometheus_install() {
  if ! command -v prometheus >/dev/null 2>&1; then
    apt_install_nostart prometheus
    prometheus_stop_debian_service
  fi
}

prometheus_init() {
  [[ -d "$PROM_DATA_DIR" ]] || FIRST_START=1
  mkdir -p "$PROM_DATA_DIR"
  promtool check config "$INFRA_DIR/prometheus/prometheus.yml" >>"$LOG_DIR/prometheus.log" 2>&1 \
    || server_fail prometheus "promtool check config infra/prometheus/prometheus.yml failed"
}

prometheus_start() {
  launch prometheus -- prometheus \
    --config.file="$INFRA_DIR/prometheus/prometheus.yml" \
    --web.listen-address="$GAVEL_BIND:$GAVEL_PROMETHEUS_PORT" \
    --storage.tsdb.path="$PROM_DATA_DIR" \
    --storage.tsdb.retention.time=7d \
    --web.enable-lifecycle
}

prometheus_stop() { stop_server_pid prometheus TERM; }
