#!/bin/sh
# Removes Gavel from a cluster:  sh ./delete.sh minikube|yandex [--purge-volumes [--yes]] [--profile NAME]
#
# Uninstalls the Helm release and the hook leftovers (migration/connector Jobs and their
# ConfigMaps). Data volumes (PostgreSQL, Kafka, OpenSearch, Prometheus PVCs) and the release's Secret
# (the database password they hold) are KEPT unless --purge-volumes is given (asked for confirmation
# unless --yes), so a later install.sh finds the same data and logs in with the same password.
# On a managed (external) PostgreSQL it drops the Debezium replication slots and publications the
# release created: nothing would consume them any more, and a slot keeps WAL until it is dropped. It
# waits (GAVEL_SLOT_WAIT_S, 120 s) for Connect's replication connection to end, then ends it itself,
# drops each slot and checks it is gone; exits 1 naming the slots that remain.
# Environment: GAVEL_NAMESPACE (gavel), GAVEL_RELEASE (gavel), MINIKUBE_PROFILE (minikube),
# GAVEL_SLOT_WAIT_S (120).
set -eu

NAMESPACE="${GAVEL_NAMESPACE:-gavel}"
RELEASE="${GAVEL_RELEASE:-gavel}"

usage() {
  cat >&2 <<EOF
usage: sh ./delete.sh TARGET [--purge-volumes [--yes]] [--profile NAME]

  TARGET            minikube | yandex (the cluster of the current kubectl context)
  --purge-volumes   also delete the release's PersistentVolumeClaims and its Secret (all data is lost);
                    asks first
  --yes             do not ask (scripts, CI)
  --profile NAME    minikube profile (default \$MINIKUBE_PROFILE or minikube)

Environment: GAVEL_NAMESPACE (gavel), GAVEL_RELEASE (gavel), GAVEL_SLOT_WAIT_S (120: how long a
managed PostgreSQL's replication slot may stay in use before its connection is ended). See docs/deploy.md.
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
YES=0
PROFILE="${MINIKUBE_PROFILE:-minikube}"
while [ $# -gt 0 ]; do
  case "$1" in
    --purge-volumes) PURGE=1; shift ;;
    --yes | -y) YES=1; shift ;;
    --profile) [ $# -ge 2 ] || usage; PROFILE="$2"; shift 2 ;;
    --profile=*) PROFILE="${1#--profile=}"; shift ;;
    *) usage ;;
  esac
done
case "$RELEASE" in *gavel*) FULL="$RELEASE" ;; *) FULL="$RELEASE-gavel" ;; esac

need kubectl "https://kubernetes.io/docs/tasks/tools/"
need helm "https://helm.sh/docs/intro/install/"
CONTEXT=$(kubectl config current-context 2>/dev/null || true)
[ -n "$CONTEXT" ] || die "kubectl has no current context"
if [ "$TARGET" = minikube ]; then
  need minikube "https://minikube.sigs.k8s.io/docs/start/"
  [ "$CONTEXT" = "$PROFILE" ] || die "kubectl's current context is '$CONTEXT', not '$PROFILE': run 'kubectl config use-context $PROFILE'"
else
  need yc "https://yandex.cloud/docs/cli/quickstart"
fi
kubectl version --request-timeout=10s >/dev/null 2>&1 || die "the cluster of context '$CONTEXT' does not answer (kubectl version)"
log "target $TARGET, context $CONTEXT, namespace $NAMESPACE, release $RELEASE"

if [ "$PURGE" = 1 ] && [ "$YES" != 1 ]; then
  [ -t 0 ] || die "--purge-volumes deletes all of Gavel's data: confirm with --yes when not run from a terminal"
  printf 'delete.sh: --purge-volumes deletes ALL data of release %s in namespace %s (context %s).\nType the release name to confirm: ' \
    "$RELEASE" "$NAMESPACE" "$CONTEXT"
  read -r answer
  [ "$answer" = "$RELEASE" ] || die "not confirmed; nothing was deleted"
fi

# The outbox connectors' settings and the release's Secret, read before the uninstall (helm forgets
# the values with the release): on a managed PostgreSQL the replication slots must be dropped once
# Connect is gone.
CONNECTORS=$(kubectl -n "$NAMESPACE" get configmap "$FULL-connect-connectors" -o jsonpath='{.data}' 2>/dev/null || true)
SECRET=$(helm get values "$RELEASE" -n "$NAMESPACE" -a 2>/dev/null | sed -n 's/^existingSecret: *//p' | tr -d '"' || true)
[ -n "$SECRET" ] || SECRET="$FULL-secrets"

if helm status "$RELEASE" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  log "helm uninstall $RELEASE"
  helm uninstall "$RELEASE" --namespace "$NAMESPACE" --wait --timeout 10m || die "helm uninstall failed"
else
  log "release $RELEASE is not installed in namespace $NAMESPACE"
fi

# Hook resources (Jobs, their ConfigMaps) are not owned by the release.
SELECTOR="app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/part-of=gavel"
kubectl -n "$NAMESPACE" delete job,configmap -l "$SELECTOR" --ignore-not-found --wait=true >/dev/null 2>&1 || true

# json_field <name>: the values of a "name":"value" pair in $CONNECTORS (one per connector)
json_field() { printf '%s' "$CONNECTORS" | sed 's/\\"/"/g' | grep -o "\"$1\": *\"[^\"]*\"" | sed 's/.*: *"\(.*\)"/\1/'; }

# How long to wait for a slot to go inactive (Connect's walsender to end) before ending it ourselves.
SLOT_WAIT_S="${GAVEL_SLOT_WAIT_S:-120}"

# slot_script SLOT PUBLICATION: the sh script the throw-away pod runs. It waits (bounded) until the
# slot is inactive, ends a walsender that outlives the wait (Connect is uninstalled: nothing should
# stream from it), drops the slot, then checks it is gone; says "remains" and exits 4 when it is not.
slot_script() {
  cat <<EOF
set -u
PGPASSWORD=\$(cat /secret/$pg_key); export PGPASSWORD
q() { psql -X -q -tA -v ON_ERROR_STOP=1 'host=$pg_host port=$pg_port dbname=$db user=$pg_user sslmode=prefer' -c "\$1"; }
deadline=\$((\$(date +%s) + $SLOT_WAIT_S)); ended=0
while :; do
  state=\$(q "SELECT CASE WHEN active THEN coalesce(active_pid::text, '0') ELSE 'inactive' END FROM pg_replication_slots WHERE slot_name = '$1'") || exit 3
  case "\$state" in
    '') break ;;
    inactive) q "SELECT pg_drop_replication_slot('$1') FROM pg_replication_slots WHERE slot_name = '$1' AND NOT active" >/dev/null || exit 3 ;;
    *)
      now=\$(date +%s)
      if [ "\$now" -ge "\$deadline" ] && [ "\$ended" = 0 ]; then
        echo "slot $1 is still in use by pid \$state after ${SLOT_WAIT_S}s: ending that walsender"
        q "SELECT pg_terminate_backend(\$state)" >/dev/null || true
        ended=1; deadline=\$((now + 30))
      elif [ "\$now" -ge "\$deadline" ]; then
        echo "slot $1 remains: still active (pid \$state)"; exit 4
      fi
      sleep 2 ;;
  esac
done
[ -z "\$(q "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$1'")" ] || { echo "slot $1 remains"; exit 4; }
echo "slot $1 is gone"
EOF
  [ -n "$2" ] || return 0
  if [ "$pg_key" = pg-password ]; then
    printf '%s\n' "q 'DROP PUBLICATION IF EXISTS \"$2\"' && echo 'publication $2 is gone' || echo 'publication $2 was not dropped: drop it by hand'"
  else
    # Debezium's own user did not create the publication (docs/deploy.md): its owner drops it
    printf '%s\n' "echo 'publication $2 is kept: it was made for the CDC user by hand; DROP PUBLICATION \"$2\" as its owner'"
  fi
}

REMAINING=""
pg_host=$(json_field database.hostname | head -n 1)
if [ -n "$CONNECTORS" ] && [ -n "$pg_host" ] && [ "$pg_host" != "$FULL-postgresql" ]; then
  # external PostgreSQL: drop each slot (and publication) from a throw-away pod in the cluster, which
  # reaches the database as Connect did, as the connector's user (its password from the release's Secret)
  pg_port=$(json_field database.port | head -n 1)
  pg_user=$(json_field database.user | head -n 1)
  case "$(json_field database.password | head -n 1)" in
    *GAVEL_CDC_PASSWORD*) pg_key=pg-cdc-password ;;
    *) pg_key=pg-password ;;
  esac
  # the image's postgres user, so that a "restricted" PodSecurity namespace admits the pod
  security='"securityContext":{"runAsNonRoot":true,"runAsUser":999,"runAsGroup":999,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"seccompProfile":{"type":"RuntimeDefault"}}'
  n=0
  for slot in $(json_field slot.name); do
    n=$((n + 1))
    db=$(json_field database.dbname | sed -n "${n}p")
    pub=$(json_field publication.name | sed -n "${n}p")
    log "managed PostgreSQL $pg_host: dropping replication slot $slot in database $db as $pg_user (waiting up to ${SLOT_WAIT_S}s for Connect's connection to end)"
    # the pod's exit status is the script's: 0 when the slot is gone
    if ! slot_script "$slot" "$pub" | kubectl -n "$NAMESPACE" run "$FULL-drop-slot-$n" --rm -i --quiet --restart=Never \
        --image=postgres:15-bookworm \
        --overrides="{\"spec\":{\"containers\":[{\"name\":\"psql\",\"image\":\"postgres:15-bookworm\",\"stdin\":true,\"command\":[\"sh\",\"-s\"],$security,\"volumeMounts\":[{\"name\":\"secret\",\"mountPath\":\"/secret\"}]}],\"volumes\":[{\"name\":\"secret\",\"secret\":{\"secretName\":\"$SECRET\"}}]}}"; then
      REMAINING="$REMAINING $slot"
    fi
  done
elif [ -z "$CONNECTORS" ]; then
  log "no connector settings ($FULL-connect-connectors) found: if this release streamed from a managed PostgreSQL, look for its replication slots there (SELECT slot_name, active FROM pg_replication_slots;)"
fi

if [ "$PURGE" = 1 ]; then
  log "deleting the release's Secret (kept by helm uninstall: it holds the volumes' database password)"
  kubectl -n "$NAMESPACE" delete secret "$FULL-secrets" --ignore-not-found >/dev/null || die "deleting the Secret failed"
  log "deleting the release's PersistentVolumeClaims (--purge-volumes)"
  kubectl -n "$NAMESPACE" delete pvc -l "app.kubernetes.io/instance=$RELEASE" --ignore-not-found --wait=true \
    || die "deleting the PVCs failed"
else
  left=$(kubectl -n "$NAMESPACE" get pvc -l "app.kubernetes.io/instance=$RELEASE" -o name 2>/dev/null | wc -l | tr -d ' ')
  if [ "$left" != 0 ]; then
    log "kept $left PersistentVolumeClaim(s) with the data and the Secret $FULL-secrets with their password; remove them with: sh ./delete.sh $TARGET --purge-volumes"
  fi
fi
if [ -n "$REMAINING" ]; then
  printf 'delete.sh: ERROR: replication slot(s)%s remain on %s and keep its WAL from being recycled: end the walsender using them, then drop each as a replication user (SELECT pg_drop_replication_slot(%s);)\n' \
    "$REMAINING" "$pg_host" "'<slot>'" >&2
  exit 1
fi
log "done"
