#!/bin/sh
# Installs (or upgrades) Gavel on a Kubernetes cluster:  sh ./install.sh minikube|yandex
#
# Environment (all optional unless stated):
#   GAVEL_NAMESPACE   namespace (default gavel)            GAVEL_RELEASE  Helm release (default gavel)
#   GAVEL_TAG         image tag (default: git commit, plus a timestamp when the tree is dirty)
#   GAVEL_VALUES      an extra values file (secrets, managed-service endpoints, ...)
#   GAVEL_SKIP_BUILD  1 = reuse images already built/pushed with GAVEL_TAG
#   MINIKUBE_PROFILE  minikube only: the profile (default minikube; also `--profile NAME`)
#   GAVEL_MIN_CPUS / GAVEL_MIN_MEMORY_GB  minikube only: the profile's least CPUs / memory (4 / 10),
#                     as configured (minikube profile list -o json), else the node's capacity
#   HELM_TIMEOUT      --timeout for helm (default 20m)
#   YC_REGISTRY       yandex only, required: cr.yandex/<registry-id>
#   GAVEL_INGRESS_HOST  yandex: the public DNS name (TLS certificate); or ingress.host in GAVEL_VALUES
#   GAVEL_ETH_RPC_URL   yandex: the wallet's Ethereum JSON-RPC node; or chain.rpcUrl in GAVEL_VALUES
#   GAVEL_S3_BUCKET     yandex: the Object Storage bucket of the lot photos; or photos.s3.bucket (its
#                       access key: secrets.s3AccessKeyId / s3SecretAccessKey in GAVEL_VALUES)
set -eu

ROOT=$(cd "$(dirname "$0")" && pwd)
CHART="$ROOT/helm/gavel"
NAMESPACE="${GAVEL_NAMESPACE:-gavel}"
RELEASE="${GAVEL_RELEASE:-gavel}"
HELM_TIMEOUT="${HELM_TIMEOUT:-20m}"
# object names: <release>-<component> when the release name contains "gavel", else <release>-gavel-...
case "$RELEASE" in *gavel*) FULL="$RELEASE" ;; *) FULL="$RELEASE-gavel" ;; esac

usage() {
  cat >&2 <<EOF
usage: sh ./install.sh TARGET [--profile NAME]

  TARGET   minikube   build the images inside minikube, install with helm/gavel/values-minikube.yaml
                      (--profile NAME or MINIKUBE_PROFILE: a named minikube profile)
           yandex     build and push the images to \$YC_REGISTRY (cr.yandex/<registry-id>),
                      install with helm/gavel/values-yandex.yaml on the current kubectl context

Environment: GAVEL_NAMESPACE (gavel), GAVEL_RELEASE (gavel), GAVEL_TAG, GAVEL_VALUES (extra values
file), GAVEL_SKIP_BUILD=1, HELM_TIMEOUT (20m), YC_REGISTRY (yandex). See docs/deploy.md.
EOF
  exit 2
}

log() { printf '==> %s\n' "$*"; }
die() { printf 'install.sh: ERROR: %s\n' "$*" >&2; exit 1; }
need() { # need <command> <hint>
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed or not on PATH: $2"
}

[ $# -ge 1 ] || usage
TARGET="$1"
shift
case "$TARGET" in
  minikube | yandex) ;;
  *) usage ;;
esac
PROFILE="${MINIKUBE_PROFILE:-minikube}"
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) [ $# -ge 2 ] || usage; PROFILE="$2"; shift 2 ;;
    --profile=*) PROFILE="${1#--profile=}"; shift ;;
    *) usage ;;
  esac
done
[ "$TARGET" = minikube ] || [ "$PROFILE" = minikube ] || die "--profile is for the minikube target"
mk() { minikube -p "$PROFILE" "$@"; }
# profile_config: "<cpus> <memory MiB> <driver>" of $PROFILE as configured (minikube profile list -o
# json, read with node or python3), or nothing
profile_config() {
  json=$(mk profile list -o json 2>/dev/null) || return 0
  if command -v node >/dev/null 2>&1; then
    # shellcheck disable=SC2016  # JavaScript, not shell
    printf '%s' "$json" | node -e '
      let s = "";
      process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const p = (JSON.parse(s).valid || []).find((v) => v.Name === process.argv[1]);
        if (p && p.Config) console.log(`${p.Config.CPUs} ${p.Config.Memory} ${p.Config.Driver}`);
      });' "$PROFILE" 2>/dev/null || true
  elif command -v python3 >/dev/null 2>&1; then
    printf '%s' "$json" | python3 -c '
import json, sys
p = next((v for v in json.load(sys.stdin).get("valid") or [] if v.get("Name") == sys.argv[1]), None)
if p and p.get("Config"): print(p["Config"]["CPUs"], p["Config"]["Memory"], p["Config"]["Driver"])' "$PROFILE" 2>/dev/null || true
  fi
}
VALUES="$CHART/values-$TARGET.yaml"

# ------------------------------------------------------------------ prerequisites
need kubectl "https://kubernetes.io/docs/tasks/tools/"
need helm "https://helm.sh/docs/intro/install/ (v3.12+)"
if [ "$TARGET" = minikube ]; then
  need minikube "https://minikube.sigs.k8s.io/docs/start/"
  START_HINT="minikube start -p $PROFILE --cpus 4 --memory 12g --cni calico  (calico: the chart's NetworkPolicies are enforced)"
  mk status >/dev/null 2>&1 || die "minikube profile '$PROFILE' is not running: start it with '$START_HINT'"
  CONTEXT=$(kubectl config current-context 2>/dev/null || true)
  [ "$CONTEXT" = "$PROFILE" ] || die "kubectl's current context is '${CONTEXT:-none}', not '$PROFILE': run 'kubectl config use-context $PROFILE'"
else
  need yc "https://yandex.cloud/docs/cli/quickstart"
  need docker "https://docs.docker.com/engine/install/ (to build and push the images)"
  [ -n "${YC_REGISTRY:-}" ] || die "set YC_REGISTRY=cr.yandex/<registry-id> (yc container registry list)"
  case "$YC_REGISTRY" in cr.yandex/*) ;; *) die "YC_REGISTRY must look like cr.yandex/<registry-id>, got '$YC_REGISTRY'" ;; esac
  yc config get folder-id >/dev/null 2>&1 || die "yc is not configured: run 'yc init'"
  CONTEXT=$(kubectl config current-context 2>/dev/null || true)
  [ -n "$CONTEXT" ] || die "kubectl has no current context: run 'yc managed-kubernetes cluster get-credentials <cluster> --external'"
fi
kubectl version --request-timeout=10s >/dev/null 2>&1 || die "the cluster of context '$CONTEXT' does not answer (kubectl version)"
if [ "$TARGET" = minikube ]; then
  # the whole stack requests about 2.5 CPUs and 6 GiB and peaks well above: check before building
  min_cpus="${GAVEL_MIN_CPUS:-4}"
  min_gb="${GAVEL_MIN_MEMORY_GB:-10}"
  # what the profile was started with (--cpus/--memory), from minikube's own profile config: under
  # the docker driver a node's capacity is the host's, whatever the profile's limits
  # shellcheck disable=SC2046  # "<cpus> <MiB> <driver>", split on purpose
  set -- $(profile_config)
  if [ $# -eq 3 ] && [ "$1" -gt 0 ] 2>/dev/null && [ "$2" -gt 0 ] 2>/dev/null; then
    cpus=$1
    mem_gb=$(( $2 / 1024 ))
    source="profile config, driver $3"
  else
    cpus=$(kubectl get nodes -o jsonpath='{.items[0].status.capacity.cpu}' 2>/dev/null || echo 0)
    mem_ki=$(kubectl get nodes -o jsonpath='{.items[0].status.capacity.memory}' 2>/dev/null | sed 's/Ki$//')
    case "$cpus" in *m) cpus=$(( ${cpus%m} / 1000 )) ;; '' | *[!0-9]*) cpus=0 ;; esac
    case "$mem_ki" in '' | *[!0-9]*) mem_ki=0 ;; esac
    mem_gb=$(( mem_ki / 1024 / 1024 ))
    source="the node's capacity: 'minikube profile list -o json' gave nothing readable (needs node or python3); under the docker driver this is the host's, not the profile's"
  fi
  log "minikube profile $PROFILE: $cpus CPUs, $mem_gb GiB ($source; need $min_cpus CPUs, $min_gb GiB)"
  if [ "$cpus" -lt "$min_cpus" ] || [ "$mem_gb" -lt "$min_gb" ]; then
    die "minikube profile '$PROFILE' has $cpus CPUs and $mem_gb GiB; Gavel needs at least $min_cpus CPUs and $min_gb GiB: 'minikube delete -p $PROFILE' then '$START_HINT' (or set GAVEL_MIN_CPUS/GAVEL_MIN_MEMORY_GB to try anyway)"
  fi
fi
log "target $TARGET, context $CONTEXT, namespace $NAMESPACE, release $RELEASE"
if [ -n "${GAVEL_VALUES:-}" ]; then [ -f "$GAVEL_VALUES" ] || die "GAVEL_VALUES=$GAVEL_VALUES does not exist"; fi

# ------------------------------------------------------------------ images
APPS=""
for main in "$ROOT"/apps/*/src/main.ts; do
  [ -f "$main" ] || continue
  app=$(basename "$(dirname "$(dirname "$main")")")
  APPS="$APPS $app"
done
[ -n "$APPS" ] || die "no apps found under apps/*/src/main.ts"

if [ -z "${GAVEL_TAG:-}" ]; then
  GAVEL_TAG=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo dev)
  if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | head -n 1)" ]; then
    GAVEL_TAG="$GAVEL_TAG-$(date +%Y%m%d%H%M%S)"
  fi
fi

build_minikube() { # build_minikube <app> <image>
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    docker build --build-arg APP="$1" -t "$2" "$ROOT" && mk image load "$2"
  else
    mk image build --build-opt=build-arg=APP="$1" -t "$2" "$ROOT"
  fi
}

if [ "${GAVEL_SKIP_BUILD:-0}" != 1 ]; then
  if [ "$TARGET" = yandex ]; then
    log "docker credentials for cr.yandex"
    yc container registry configure-docker >/dev/null || die "yc container registry configure-docker failed"
  fi
  for app in $APPS; do
    if [ "$TARGET" = minikube ]; then
      image="gavel-$app:$GAVEL_TAG"
      log "building $image inside minikube"
      build_minikube "$app" "$image" || die "building $image failed"
    else
      image="$YC_REGISTRY/gavel-$app:$GAVEL_TAG"
      # the cluster's nodes are linux/amd64, whatever this machine is (an arm64 laptop, for one)
      log "building $image for linux/amd64 and pushing it"
      docker build --platform linux/amd64 --build-arg APP="$app" -t "$image" "$ROOT" || die "docker build $image failed"
      docker push "$image" || die "docker push $image failed"
    fi
  done
fi

# ------------------------------------------------------------------ helm
if grep -q '^dependencies:' "$CHART/Chart.yaml"; then
  log "helm dependency update"
  helm dependency update "$CHART"
fi

if [ "$TARGET" = minikube ]; then
  log "minikube addons: ingress, metrics-server (for the HPAs)"
  mk addons enable ingress >/dev/null || die "minikube addons enable ingress failed"
  mk addons enable metrics-server >/dev/null || die "minikube addons enable metrics-server failed"
fi

# apps the chart knows but this checkout does not have are switched off
SETS="--set image.tag=$GAVEL_TAG"
if [ "$TARGET" = yandex ]; then SETS="$SETS --set image.registry=$YC_REGISTRY"; fi
# the public host name (TLS certificate) and the wallet's Ethereum node; a GAVEL_VALUES file may set
# ingress.host / chain.rpcUrl instead
if [ -n "${GAVEL_INGRESS_HOST:-}" ]; then SETS="$SETS --set ingress.host=$GAVEL_INGRESS_HOST"; fi
if [ -n "${GAVEL_ETH_RPC_URL:-}" ]; then SETS="$SETS --set chain.rpcUrl=$GAVEL_ETH_RPC_URL"; fi
if [ -n "${GAVEL_S3_BUCKET:-}" ]; then SETS="$SETS --set photos.s3.bucket=$GAVEL_S3_BUCKET"; fi
for known in gateway orchestrator lot wallet payment warehouse delivery notification telegram-alerter; do
  case " $APPS " in
    *" $known "*) ;;
    *) SETS="$SETS --set apps.$known.enabled=false"; log "apps/$known is missing: not deployed" ;;
  esac
done

EXTRA=""
if [ -n "${GAVEL_VALUES:-}" ]; then EXTRA="--values $GAVEL_VALUES"; fi

helm_upgrade() { # word splitting of $SETS/$EXTRA is intended
  # shellcheck disable=SC2086
  helm upgrade --install "$RELEASE" "$CHART" --namespace "$NAMESPACE" --create-namespace \
    --values "$VALUES" $EXTRA $SETS --wait --timeout "$HELM_TIMEOUT"
}

# One step, first install or upgrade: each app migrates in its init container (after waiting for
# PostgreSQL), an upgrade also runs the pre-upgrade migration Jobs first, and the connector Job runs last.
log "helm upgrade --install $RELEASE --wait (up to $HELM_TIMEOUT: PostgreSQL, Kafka, Connect and OpenSearch ready, migrations applied, every Deployment available, then the connector registration Job)"
helm_upgrade || die "helm upgrade failed: kubectl -n $NAMESPACE get pods,jobs; kubectl -n $NAMESPACE logs job/<name>"

log "waiting (up to 5 min) for every Deployment of release $RELEASE to report Available"
kubectl -n "$NAMESPACE" wait --for=condition=Available deployment \
  -l "app.kubernetes.io/instance=$RELEASE" --timeout=300s >/dev/null || die "deployments did not become available: kubectl -n $NAMESPACE get pods"
log "helm test $RELEASE (every app's readiness, then register -> login -> GET /me through the gateway)"
helm test "$RELEASE" --namespace "$NAMESPACE" --timeout 5m >/dev/null \
  || die "helm test failed: kubectl -n $NAMESPACE logs $FULL-test-health; kubectl -n $NAMESPACE logs $FULL-test-api"

# ------------------------------------------------------------------ URLs
GATEWAY_URL=""
if [ "$TARGET" = minikube ]; then
  GATEWAY_URL="http://$(mk ip)"
else
  log "waiting (up to 5 min) for the ingress load balancer's address"
  i=0
  while [ $i -lt 60 ]; do
    addr=$(kubectl -n "$NAMESPACE" get ingress "$FULL-gateway" \
      -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}' 2>/dev/null || true)
    if [ -n "$addr" ]; then GATEWAY_URL="https://${GAVEL_INGRESS_HOST:-$addr}"; break; fi
    i=$((i + 1)); sleep 5
  done
fi

echo
log "Gavel is up (tag $GAVEL_TAG)"
if [ -n "$GATEWAY_URL" ]; then
  echo "  gateway:    $GATEWAY_URL   (OpenAPI: $GATEWAY_URL/docs)"
else
  echo "  gateway:    the ingress has no address yet: kubectl -n $NAMESPACE get ingress"
fi
echo "  grafana:    kubectl -n $NAMESPACE port-forward svc/$FULL-grafana 3000   -> http://127.0.0.1:3000"
echo "  prometheus: kubectl -n $NAMESPACE port-forward svc/$FULL-prometheus 9090 -> http://127.0.0.1:9090"
echo "  logs:       kubectl -n $NAMESPACE port-forward svc/$FULL-opensearch-dashboards 5601 -> http://127.0.0.1:5601"
echo "  status:     kubectl -n $NAMESPACE get pods;  helm -n $NAMESPACE status $RELEASE"
