#!/usr/bin/env bash
# A real Kubernetes API server on localhost, built from the Go module proxy, for the server-side chart
# check (scripts/chart-server-check.js). No scheduler, controller-manager or kubelet: objects are
# stored, defaulted, validated and admitted, but no pod ever runs.
#   bash scripts/k8s-api.sh build   kube-apiserver (k8s.io/kubernetes@$GAVEL_K8S_API_VERSION, its staging
#                                   modules taken from the proxy at the matching v0.x) and etcd (a
#                                   three-line main around go.etcd.io/etcd/server/v3/etcdmain), cached
#                                   in .gavel/tools/k8s-api/<versions>; a cold build takes ~8 min on 2
#                                   cores and 3.6 GB of Go caches, which are deleted afterwards
#   bash scripts/k8s-api.sh up      fresh certificates, service-account key, etcd data and kubeconfig
#                                   under .gavel/k8s-api/run; starts etcd and kube-apiserver on free
#                                   localhost ports; prints the kubeconfig path
#   bash scripts/k8s-api.sh down    stops the two processes it started (their pid files), deletes run/
#   bash scripts/k8s-api.sh check   build, up, node scripts/chart-server-check.js, down (one line result)
# Environment: GAVEL_K8S_API_VERSION (v1.37.2), GAVEL_ETCD_VERSION (v3.7.3), GAVEL_K8S_API_PORT (first
# port tried, 26443), GAVEL_ETCD_PORT (first port tried, 23790), GAVEL_K8S_API_KEEP_GO=1 keeps the
# Go caches of the build (.gavel/k8s-api/go).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

: "${GAVEL_K8S_API_VERSION:=v1.37.2}"
: "${GAVEL_ETCD_VERSION:=v3.7.3}"
: "${GAVEL_K8S_API_PORT:=26443}"
: "${GAVEL_ETCD_PORT:=23790}"
WORK="$ROOT/.gavel/k8s-api"
RUN="$WORK/run"
BIN="$ROOT/.gavel/tools/k8s-api/kubernetes-$GAVEL_K8S_API_VERSION-etcd-$GAVEL_ETCD_VERSION"
export KUBE_APISERVER="$BIN/kube-apiserver" ETCD="$BIN/etcd"

log() { printf '[k8s-api] %s\n' "$*"; }
die() { printf '[k8s-api] ERROR: %s\n' "$*" >&2; exit 1; }

go_env() {
  export GOPATH="$WORK/go" GOMODCACHE="$WORK/go/pkg/mod" GOCACHE="$WORK/go/cache" GOFLAGS="-modcacherw" \
    GOWORK=off CGO_ENABLED=0 GOTOOLCHAIN=local
}

build_apiserver() {
  local src="$WORK/src/kubernetes-$GAVEL_K8S_API_VERSION" staging dir minor ldflags
  staging="v0.${GAVEL_K8S_API_VERSION#v1.}"
  log "go mod download k8s.io/kubernetes@$GAVEL_K8S_API_VERSION"
  dir="$(go mod download -json "k8s.io/kubernetes@$GAVEL_K8S_API_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [[ -d "$dir" ]] || die "go mod download k8s.io/kubernetes@$GAVEL_K8S_API_VERSION gave no directory"
  rm -rf "$src"
  mkdir -p "$(dirname "$src")"
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
  # the module zip has no staging/ folder (nested modules are left out): drop the replace lines that
  # point into it and require the published staging modules at the same release (v1.N.M -> v0.N.M)
  rm -f "$src/go.work" "$src/go.work.sum"
  sed -i -E -e '/=> \.\/staging\//d' -e "s#^(\s+k8s\.io/[a-z0-9-]+) v0\.0\.0\$#\1 $staging#" "$src/go.mod"
  minor="${GAVEL_K8S_API_VERSION#v1.}"
  minor="${minor%%.*}"
  # the version the server reports (helm checks the chart's kubeVersion against it)
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$GAVEL_K8S_API_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  log "go build ./cmd/kube-apiserver (the long part: several minutes on a cold cache)"
  (cd "$src" && go build -mod=mod -trimpath -ldflags "$ldflags" -o "$BIN/kube-apiserver.tmp" ./cmd/kube-apiserver) \
    >"$WORK/build-apiserver.log" 2>&1 || { tail -n 30 "$WORK/build-apiserver.log" >&2; die "kube-apiserver build failed (log: $WORK/build-apiserver.log)"; }
  mv "$BIN/kube-apiserver.tmp" "$BIN/kube-apiserver"
  rm -rf "$src"
}

build_etcd() {
  local src="$WORK/src/etcd-$GAVEL_ETCD_VERSION"
  rm -rf "$src"
  mkdir -p "$src"
  # etcd's own main module has replace directives, so `go install` of it is refused: a main of ours
  cat >"$src/main.go" <<'EOF'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  log "go build etcd (go.etcd.io/etcd/server/v3@$GAVEL_ETCD_VERSION)"
  (cd "$src" && go mod init gavel.local/etcd && go get "go.etcd.io/etcd/server/v3@$GAVEL_ETCD_VERSION" \
    && go build -trimpath -ldflags "-s -w" -o "$BIN/etcd.tmp" .) >"$WORK/build-etcd.log" 2>&1 \
    || { tail -n 30 "$WORK/build-etcd.log" >&2; die "etcd build failed (log: $WORK/build-etcd.log)"; }
  mv "$BIN/etcd.tmp" "$BIN/etcd"
  rm -rf "$src"
}

cmd_build() {
  if [[ -x "$KUBE_APISERVER" && -x "$ETCD" ]]; then return 0; fi
  command -v go >/dev/null || die "go is required to build kube-apiserver and etcd"
  local start=$SECONDS
  mkdir -p "$BIN" "$WORK"
  go_env
  [[ -x "$ETCD" ]] || build_etcd
  [[ -x "$KUBE_APISERVER" ]] || build_apiserver
  log "built in $((SECONDS - start)) s; Go caches used $(du -sh "$WORK/go" | cut -f1), binaries $(du -sh "$BIN" | cut -f1)"
  if [[ "${GAVEL_K8S_API_KEEP_GO:-}" != 1 ]]; then rm -rf "$WORK/go" "$WORK/src"; fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # free_port <first>: the first port from <first> on that nothing listens on
  local p="$1"
  while ! port_free "$p"; do p=$((p + 1)); done
  echo "$p"
}

certs() { # CA, the server's certificate, an admin client (system:masters), the service-account key
  local d="$RUN/pki"
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=gavel-check-ca
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=kube-apiserver
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.crt
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=gavel-check-admin"
    printf 'extendedKeyUsage=clientAuth\n' >admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile admin.ext -out admin.crt
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
  ) >"$RUN/certs.log" 2>&1 || { cat "$RUN/certs.log" >&2; die "openssl failed"; }
}

cmd_up() {
  cmd_build
  command -v openssl >/dev/null || die "openssl is required"
  [[ ! -f "$RUN/apiserver.pid" ]] || cmd_down
  rm -rf "$RUN"
  mkdir -p "$RUN"
  certs
  local etcd_port peer_port api_port
  etcd_port="$(free_port "$GAVEL_ETCD_PORT")"
  peer_port="$(free_port $((etcd_port + 1)))"
  api_port="$(free_port "$GAVEL_K8S_API_PORT")"
  "$ETCD" --name gavel-check --data-dir "$RUN/etcd" --log-level warn \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "gavel-check=http://127.0.0.1:$peer_port" --unsafe-no-fsync \
    >"$RUN/etcd.log" 2>&1 &
  echo $! >"$RUN/etcd.pid"
  local pki="$RUN/pki"
  "$KUBE_APISERVER" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --cert-dir "$RUN/apiserver-certs" --tls-cert-file "$pki/server.crt" --tls-private-key-file "$pki/server.key" \
    --client-ca-file "$pki/ca.crt" --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" --service-account-issuer https://kubernetes.default.svc \
    --service-cluster-ip-range 10.96.0.0/16 --endpoint-reconciler-type none --authorization-mode RBAC --anonymous-auth=false \
    --enable-priority-and-fairness=false --profiling=false --v 0 \
    >"$RUN/apiserver.log" 2>&1 &
  echo $! >"$RUN/apiserver.pid"
  cat >"$RUN/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: gavel-check
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority: $pki/ca.crt
users:
- name: admin
  user:
    client-certificate: $pki/admin.crt
    client-key: $pki/admin.key
contexts:
- name: gavel-check
  context: {cluster: gavel-check, user: admin}
current-context: gavel-check
EOF
  local i
  for i in $(seq 1 120); do
    if curl -fsS --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" \
        "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1; then
      log "up: kube-apiserver $GAVEL_K8S_API_VERSION on https://127.0.0.1:$api_port, etcd $GAVEL_ETCD_VERSION on 127.0.0.1:$etcd_port (ready after ${i}x0.5 s); KUBECONFIG=$RUN/kubeconfig"
      return 0
    fi
    for p in etcd apiserver; do
      kill -0 "$(cat "$RUN/$p.pid")" 2>/dev/null || { tail -n 20 "$RUN/$p.log" >&2; cmd_down; die "$p exited"; }
    done
    sleep 0.5
  done
  tail -n 20 "$RUN/apiserver.log" >&2
  cmd_down
  die "kube-apiserver not ready after 60 s"
}

cmd_down() {
  local p pid
  for p in apiserver etcd; do
    [[ -f "$RUN/$p.pid" ]] || continue
    pid="$(cat "$RUN/$p.pid")"
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$RUN/$p.pid"
  done
  rm -rf "$RUN"
}

cmd_check() {
  local start=$SECONDS rc=0
  cmd_build
  : "${GAVEL_TOOLS_DIR:=$ROOT/.gavel/tools}"
  [[ -x "$GAVEL_TOOLS_DIR/bin/helm" ]] || GAVEL_TOOLS_DIR="$GAVEL_TOOLS_DIR" bash scripts/tools.sh
  export GAVEL_TOOLS_DIR
  cmd_up
  trap cmd_down EXIT
  KUBECONFIG="$RUN/kubeconfig" node scripts/chart-server-check.js "$@" || rc=$?
  cmd_down
  trap - EXIT
  if ((rc == 0)); then
    echo "server-side chart check: passed (kube-apiserver $GAVEL_K8S_API_VERSION, $((SECONDS - start)) s)"
  else
    echo "server-side chart check: FAILED (kube-apiserver $GAVEL_K8S_API_VERSION, $((SECONDS - start)) s)" >&2
  fi
  return "$rc"
}

case "${1:-}" in
  build) cmd_build ;;
  up) cmd_up ;;
  down) cmd_down ;;
  check) shift; cmd_check "$@" ;;
  built) [[ -x "$KUBE_APISERVER" && -x "$ETCD" ]] ;;
  *) die "usage: bash scripts/k8s-api.sh build|up|down|built|check [chart-server-check.js arguments]" ;;
esac
