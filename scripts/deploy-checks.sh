#!/usr/bin/env bash
# Offline checks of the deployment files (no cluster, no Docker engine needed):
#   1. shellcheck  install.sh, delete.sh, scripts/*.sh, the chart's shell files; hadolint Dockerfile
#   2. helm lint   the chart with each target's values file (--strict)
#   3. helm template, then kubeconform -strict against local Kubernetes JSON schemas
#      (scenarios: minikube, yandex, yandex with ALB, yandex with managed PostgreSQL/Kafka, first-install
#      bootstrap)
#   3b. scripts/chart-xref.js on each rendered scenario: every referenced Secret key, ConfigMap, port
#      name, label selector and in-cluster address resolves; Helm hook phases are valid
#   3c. promtool on the rendered Prometheus config and alert rules
#   3d. scripts/chart-breakages.js: deliberate breakages of a copy of the chart (its list), each must fail 3-3b
#   4. the chart's copy of the Debezium connector template equals infra/debezium's
#   5. the services' ports: the Helm values and the generated files agree with infra/ports.json
# Tools are installed idempotently by scripts/tools.sh into .gavel/tools. Exit code 0 = all passed.
# Not here: the server-side check against a real kube-apiserver built from source (a cold build takes
# ~8 min), opt-in: bash scripts/k8s-api.sh check (docs/deploy.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
start=$SECONDS

: "${GAVEL_TOOLS_DIR:=$ROOT/.gavel/tools}"
: "${GAVEL_K8S_VERSION:=1.33.0}"
export GAVEL_TOOLS_DIR GAVEL_K8S_VERSION
BIN="$GAVEL_TOOLS_DIR/bin"
CHART=helm/gavel
OUT="$ROOT/.gavel/deploy-checks"
mkdir -p "$OUT"

failures=0
step() { printf '==> %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }

bash scripts/tools.sh

step "shellcheck"
shell_files=(install.sh delete.sh scripts/*.sh scripts/stack/*.sh "$CHART"/files/*.sh)
if shellcheck -x "${shell_files[@]}"; then
  echo "  ${#shell_files[@]} files clean"
else
  fail "shellcheck"
fi

step "hadolint Dockerfile"
if "$BIN/hadolint" --no-color Dockerfile; then echo "  Dockerfile clean"; else fail "hadolint Dockerfile"; fi

step "chart files"
if cmp -s infra/debezium/outbox-connector.template.json "$CHART/files/outbox-connector.template.json"; then
  echo "  files/outbox-connector.template.json matches infra/debezium/outbox-connector.template.json"
else
  fail "$CHART/files/outbox-connector.template.json differs from infra/debezium/outbox-connector.template.json (copy it)"
fi
for dashboard in "$CHART"/dashboards/*.json; do
  node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$dashboard" || fail "$dashboard is not valid JSON"
done

step "values.schema.json"
node scripts/chart-schema.js --check | sed 's/^/  /' || fail "helm/gavel/values.schema.json is stale (node scripts/chart-schema.js)"

step "chart README"
node scripts/chart-readme.js --check | sed 's/^/  /' || fail "helm/gavel/README.md values table is stale (node scripts/chart-readme.js)"

step "ports"
node scripts/ports.js check | sed 's/^/  /' || fail "ports disagree with infra/ports.json (node scripts/ports.js check)"

# scenario name -> extra helm arguments; xref_args: arguments of scripts/chart-xref.js
declare -A xref_args=([yandex-managed]="--external-secret gavel-managed")
# what a Yandex install must provide (install.sh: GAVEL_INGRESS_HOST, GAVEL_ETH_RPC_URL, GAVEL_S3_BUCKET;
# the object store's keys in GAVEL_VALUES)
yandex_required="--set ingress.host=gavel.example.com --set chain.rpcUrl=https://rpc.example.com --set photos.s3.bucket=gavel-photos --set secrets.s3AccessKeyId=AK --set secrets.s3SecretAccessKey=SK"
# managed PostgreSQL with least privilege: a user per app with a database, and Debezium's own
managed_users="--set externalPostgresql.cdcUser=gavel_cdc"
for app in gateway orchestrator lot wallet payment warehouse delivery notification telegram-alerter; do
  managed_users+=" --set externalPostgresql.appUsers.$app=gavel_${app//-/_}"
done
declare -A scenarios=(
  [minikube]="-f $CHART/values-minikube.yaml"
  [yandex]="-f $CHART/values-yandex.yaml $yandex_required --set image.registry=cr.yandex/crp0000000000000000"
  [yandex-alb]="-f $CHART/values-yandex.yaml $yandex_required --set ingress.className=alb --set ingress.certManager.clusterIssuer= --set ingress.tls[0].hosts[0]=gavel.example.com --set ingress.tls[0].secretName=yc-certmgr-cert-id-x"
  [yandex-managed]="-f $CHART/values-yandex.yaml $yandex_required --set postgresql.enabled=false --set externalPostgresql.host=c-x.rw.mdb.yandexcloud.net --set kafka.enabled=false --set externalKafka.brokers=rc1a-x.mdb.yandexcloud.net:9091 --set externalKafka.tls.enabled=true --set externalKafka.tls.caCert=PEM --set externalKafka.sasl.mechanism=scram-sha-512 --set externalKafka.sasl.username=gavel --set networkPolicy.externalCidrs[0]=10.128.0.0/16 --set connect.replicationFactor=3 --set existingSecret=gavel-managed $managed_users"
  [bootstrap]="-f $CHART/values-minikube.yaml --set deployApps=false"
)

schema_location="$GAVEL_TOOLS_DIR/k8s-schemas/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
for target in minikube yandex; do
  step "helm lint ($target)"
  # shellcheck disable=SC2086
  "$BIN/helm" lint "$CHART" -f "$CHART/values-$target.yaml" $yandex_required --strict --kube-version "$GAVEL_K8S_VERSION" --quiet \
    || fail "helm lint $target"
done

for name in minikube yandex yandex-alb yandex-managed bootstrap; do
  step "helm template + kubeconform ($name)"
  rendered="$OUT/$name.yaml"
  # shellcheck disable=SC2086  # the scenario's arguments are meant to be split
  if ! "$BIN/helm" template gavel "$CHART" --namespace gavel --kube-version "$GAVEL_K8S_VERSION" \
      ${scenarios[$name]} >"$rendered"; then
    fail "helm template $name"
    continue
  fi
  # -skip CustomResourceDefinition: the chart has none; CRs would need their own schemas
  if ! "$BIN/kubeconform" -strict -summary -kubernetes-version "$GAVEL_K8S_VERSION" \
      -schema-location "$schema_location" -skip CustomResourceDefinition "$rendered"; then
    fail "kubeconform $name"
  fi
  # shellcheck disable=SC2086
  node scripts/chart-xref.js ${xref_args[$name]:-} "$rendered" || fail "chart-xref $name"
done

step "promtool (rendered Prometheus config and rules)"
prom="$OUT/prometheus"
rm -rf "$prom"
if node scripts/chart-xref.js --extract gavel-prometheus "$prom" "$OUT/minikube.yaml"; then
  for rules in "$prom"/gavel-*alerts.yaml; do
    promtool check rules "$rules" | sed 's/^/  /' || fail "promtool check rules $(basename "$rules")"
  done
  # unit tests of the alerts over series labelled as the scrape config labels them (job, service, pod)
  cp test/deploy/alerts.test.yaml "$prom/"
  promtool test rules "$prom/alerts.test.yaml" | sed 's/^/  /' || fail "promtool test rules test/deploy/alerts.test.yaml"
  # Debian's promtool is built without Kubernetes service discovery: check the rest of the config
  # with the kubernetes_sd_configs block replaced by an empty static_configs one
  sed -e 's/^\( *\)kubernetes_sd_configs:/\1static_configs:/' -e '/role: pod/,/own_namespace: true/d' \
    -e 's#/etc/prometheus/rules/\*.yaml#'"$prom"'/gavel-*alerts.yaml#' "$prom/prometheus.yml" >"$prom/prometheus-check.yml"
  promtool check config "$prom/prometheus-check.yml" | sed 's/^/  /' || fail "promtool check config"
else
  fail "no Prometheus ConfigMap in the minikube render"
fi

step "$(node scripts/chart-breakages.js --count) deliberate breakages of a chart copy must each fail the checks"
node scripts/chart-breakages.js || fail "chart-breakages: a breakage passed the checks"

echo "deploy checks took $((SECONDS - start)) s"
if ((failures > 0)); then
  echo "deploy checks: $failures failed" >&2
  exit 1
fi
echo "deploy checks: all passed (server-side check not included: bash scripts/k8s-api.sh check)"
