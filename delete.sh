#!/bin/sh
# Removes Gavel from a cluster:  sh ./delete.sh minikube|yandex [--purge-volumes]
#
# Uninstalls the Helm release and the hook leftovers (migration/connector Jobs and their
# ConfigMaps). Data volumes (PostgreSQL, Kafka, OpenSearch, Prometheus PVCs) are KEPT unless
# --purge-volumes is given, so a later install.sh finds the same data.
# Environment: GAVEL_NAMESPACE (gavel), GAVEL_RELEASE (gavel).
set -eu

NAMESPACE="${GAVEL_NAMESPACE:-gavel}"
RELEASE="${GAVEL_RELEASE:-gavel}"

usage() {
  cat >&2 <<EOF
usage: sh ./delete.sh TARGET [--purge-volumes]

  TARGET            minikube | yandex (the cluster of the current kubectl context)
  --purge-volumes   also delete the release's PersistentVolumeClaims (all data is lost)

Environment: GAVEL_NAMESPACE (gavel), GAVEL_RELEASE (gavel). See docs/deploy.md.
EOF
  exit 2
}

log() { printf '==> %s\n' "$*"; }
die() { printf 'delete.sh: ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed or not on PATH: $2"; }

[ $# -ge 1 ] || usage
TARGET="$1"; shift
case "$TARGET" in
  minikube | yandex) ;;
  *) usage ;;
esac
PURGE=0
for arg in "$@"; do
  case "$arg" in
    --purge-volumes) PURGE=1 ;;
    *) usage ;;
  esac
done

need kubectl "https://kubernetes.io/docs/tasks/tools/"
need helm "https://helm.sh/docs/intro/install/"
CONTEXT=$(kubectl config current-context 2>/dev/null || true)
[ -n "$CONTEXT" ] || die "kubectl has no current context"
if [ "$TARGET" = minikube ]; then
  need minikube "https://minikube.sigs.k8s.io/docs/start/"
  [ "$CONTEXT" = minikube ] || die "kubectl's current context is '$CONTEXT', not 'minikube': run 'kubectl config use-context minikube'"
else
  need yc "https://yandex.cloud/docs/cli/quickstart"
fi
kubectl version --request-timeout=10s >/dev/null 2>&1 || die "the cluster of context '$CONTEXT' does not answer (kubectl version)"
log "target $TARGET, context $CONTEXT, namespace $NAMESPACE, release $RELEASE"

if helm status "$RELEASE" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  log "helm uninstall $RELEASE"
  helm uninstall "$RELEASE" --namespace "$NAMESPACE" --wait --timeout 10m || die "helm uninstall failed"
else
  log "release $RELEASE is not installed in namespace $NAMESPACE"
fi

# Hook resources (Jobs, their ConfigMaps) are not owned by the release.
SELECTOR="app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/part-of=gavel"
kubectl -n "$NAMESPACE" delete job,configmap -l "$SELECTOR" --ignore-not-found --wait=true >/dev/null 2>&1 || true

if [ "$PURGE" = 1 ]; then
  log "deleting the release's PersistentVolumeClaims (--purge-volumes)"
  kubectl -n "$NAMESPACE" delete pvc -l "app.kubernetes.io/instance=$RELEASE" --ignore-not-found --wait=true \
    || die "deleting the PVCs failed"
else
  left=$(kubectl -n "$NAMESPACE" get pvc -l "app.kubernetes.io/instance=$RELEASE" -o name 2>/dev/null | wc -l | tr -d ' ')
  if [ "$left" != 0 ]; then
    log "kept $left PersistentVolumeClaim(s) with the data; remove them with: sh ./delete.sh $TARGET --purge-volumes"
  fi
fi
log "done"
