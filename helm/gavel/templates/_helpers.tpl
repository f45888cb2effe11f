{{/* Release-wide name: "gavel" for a release named gavel, else <release>-gavel. */}}
{{- define "gavel.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* gavel.name: (dict "root" $ "name" "wallet") -> gavel-wallet */}}
{{- define "gavel.name" -}}
{{- printf "%s-%s" (include "gavel.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gavel.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: gavel
{{ include "gavel.selectorLabels" . }}
{{- end -}}

{{- define "gavel.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Env-style name of an app: telegram-alerter -> TELEGRAM_ALERTER */}}
{{- define "gavel.envName" -}}
{{- . | upper | replace "-" "_" -}}
{{- end -}}

{{/* Schema of an app (dict "name" n "app" merged-settings): app.schema, else the name with - → _ */}}
{{- define "gavel.appSchema" -}}
{{- $schema := default (.name | replace "-" "_") .app.schema -}}
{{- if not (regexMatch "^[a-z_][a-z0-9_]*$" $schema) -}}
{{- fail (printf "apps.%s.schema must be a lower-case SQL identifier, got %q" .name $schema) -}}
{{- end -}}
{{- $schema -}}
{{- end -}}

{{/* A database name as an identifier (slot, publication, topic prefix): lower case, [a-z0-9_] */}}
{{- define "gavel.dbId" -}}
{{- regexReplaceAll "[^a-z0-9_]" (lower .) "_" -}}
{{- end -}}

{{/* Debezium outbox connector of a database: gavel-outbox for gavel, else gavel-<database>-outbox
     (the same names as scripts/stack/connectors.sh and libs/common outboxConnector) */}}
{{- define "gavel.outboxConnectorName" -}}
{{- $id := include "gavel.dbId" . -}}
{{- if eq $id "gavel" -}}gavel-outbox{{- else -}}{{ printf "gavel-%s-outbox" ($id | replace "_" "-") }}{{- end -}}
{{- end -}}

{{/* Merged settings of one app: appDefaults overlaid with apps.<name> (dict "root" $ "name" n "cfg" c). */}}
{{- define "gavel.app" -}}
{{- toYaml (mustMergeOverwrite (deepCopy .root.Values.appDefaults) (deepCopy (default dict .cfg))) -}}
{{- end -}}

{{/* Image of an app: [registry/]prefix-app:tag */}}
{{- define "gavel.appImage" -}}
{{- $img := .root.Values.image -}}
{{- $repo := printf "%s-%s" $img.prefix .name -}}
{{- if $img.registry }}{{ $repo = printf "%s/%s" (trimSuffix "/" $img.registry) $repo }}{{ end -}}
{{- printf "%s:%s" $repo (toString (default .root.Chart.AppVersion $img.tag)) -}}
{{- end -}}

{{- define "gavel.secretName" -}}
{{- default (printf "%s-secrets" (include "gavel.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{- define "gavel.pgHost" -}}
{{- if .Values.postgresql.enabled -}}{{ include "gavel.fullname" . }}-postgresql{{- else -}}{{ required "externalPostgresql.host is required when postgresql.enabled=false" .Values.externalPostgresql.host }}{{- end -}}
{{- end -}}

{{- define "gavel.pgPort" -}}
{{- if .Values.postgresql.enabled -}}5432{{- else -}}{{ .Values.externalPostgresql.port | default 5432 }}{{- end -}}
{{- end -}}

{{/* Port Debezium connects to (logical replication may need the server port rather than a pooler's). */}}
{{- define "gavel.pgCdcPort" -}}
{{- if .Values.postgresql.enabled -}}5432{{- else -}}{{ .Values.externalPostgresql.cdcPort | default (include "gavel.pgPort" .) }}{{- end -}}
{{- end -}}

{{- define "gavel.pgUser" -}}
{{- if .Values.postgresql.enabled -}}{{ .Values.postgresql.user }}{{- else -}}{{ required "externalPostgresql.user is required" .Values.externalPostgresql.user }}{{- end -}}
{{- end -}}

{{- define "gavel.kafkaBrokers" -}}
{{- if .Values.kafka.enabled -}}{{ include "gavel.fullname" . }}-kafka:9092{{- else -}}{{ required "externalKafka.brokers is required when kafka.enabled=false" .Values.externalKafka.brokers }}{{- end -}}
{{- end -}}

{{- define "gavel.openSearchUrl" -}}
{{- if .Values.opensearch.enabled -}}http://{{ include "gavel.fullname" . }}-opensearch:9200{{- else -}}{{ .Values.externalOpensearch.url }}{{- end -}}
{{- end -}}

{{/* imagePullSecrets block, indented by .indent (nothing when there are none) */}}
{{- define "gavel.imagePullSecrets" -}}
{{- with .root.Values.image.pullSecrets }}
{{- printf "imagePullSecrets:" | nindent $.indent }}
{{- range . }}
{{- printf "- name: %s" . | nindent (add $.indent 2 | int) }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Pod-level security context for a non-root uid (dict "uid" 10001 "fsGroup" 10001). */}}
{{- define "gavel.podSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .uid }}
  runAsGroup: {{ default .uid .gid }}
  fsGroup: {{ default .uid .fsGroup }}
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* Container-level security context; readOnly root filesystem when asked. */}}
{{- define "gavel.containerSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: {{ default false .readOnly }}
  capabilities:
    drop: ["ALL"]
{{- end -}}

{{/* A secret value: from values, else kept from the live Secret, else random (stable across upgrades). */}}
{{- define "gavel.secretValue" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace (printf "%s-secrets" (include "gavel.fullname" .root)) -}}
{{- if .value -}}
{{- .value | b64enc -}}
{{- else if and $existing (hasKey (default dict $existing.data) .key) -}}
{{- index $existing.data .key -}}
{{- else if .generate -}}
{{- randAlphaNum 32 | b64enc -}}
{{- end -}}
{{- end -}}

{{/* initContainer that waits for a TCP endpoint using node from the app image (dict host port image what pullPolicy) */}}
{{- define "gavel.waitFor" -}}
- name: wait-for-{{ .what }}
  image: {{ .image }}
  imagePullPolicy: {{ .pullPolicy }}
  command:
    - node
    - -e
    - |
      const net = require('net');
      const [host, port] = ['{{ .host }}', Number('{{ .port }}')];
      const attempt = () => {
        const s = net.connect(port, host, () => { s.end(); process.exit(0); });
        s.on('error', () => { process.stdout.write(`waiting for ${host}:${port}\n`); setTimeout(attempt, 2000); });
      };
      attempt();
  {{- include "gavel.containerSecurityContext" (dict "readOnly" true) | nindent 2 }}
  resources:
    requests: {cpu: 10m, memory: 32Mi}
    limits: {cpu: 200m, memory: 96Mi}
{{- end -}}

{{/* The plain env of one app (ConfigMap data), dict root name app. */}}
{{- define "gavel.appEnv" -}}
{{- $root := .root -}}
{{- $env := include "gavel.envName" .name -}}
NODE_ENV: production
LOG_LEVEL: {{ $root.Values.config.logLevel | quote }}
GAVEL_HTTP_HOST: "0.0.0.0"
GAVEL_MIGRATIONS_RUN: "false"
GAVEL_{{ $env }}_PORT: {{ .app.port | quote }}
GAVEL_METRICS_PORT: {{ .app.metricsPort | quote }}
{{- if and (eq .name "gateway") $root.Values.ingress.enabled }}
GAVEL_TRUST_PROXY: {{ $root.Values.ingress.trustProxy | toString | quote }}
{{- end }}
{{- if eq .name "gateway" }}
{{- $lot := fromYaml (include "gavel.app" (dict "root" $root "cfg" $root.Values.apps.lot)) }}
{{- if and $root.Values.lotRouting.enabled $lot.enabled }}
{{- /* lots routed by lot id over the ready lot pods (the headless Service of app-service.yaml) */}}
GAVEL_LOT_DISCOVERY: {{ printf "dns:%s:%v" (include "gavel.name" (dict "root" $root "name" "lot-pods")) $lot.port | quote }}
GAVEL_LOT_DISCOVERY_MS: {{ $root.Values.lotRouting.refreshMs | quote }}
{{- end }}
{{- end }}
{{- if eq .name "lot" }}
{{- $photos := $root.Values.photos }}
GAVEL_PHOTO_STORE: {{ $photos.store | quote }}
{{- if eq $photos.store "s3" }}
GAVEL_S3_ENDPOINT: {{ include "gavel.s3Endpoint" $root | quote }}
GAVEL_S3_BUCKET: {{ required "photos.s3.bucket is required with photos.store=s3" $photos.s3.bucket | quote }}
GAVEL_S3_REGION: {{ $photos.s3.region | quote }}
GAVEL_S3_PREFIX: {{ $photos.s3.prefix | quote }}
GAVEL_S3_TIMEOUT_MS: {{ $photos.s3.timeoutMs | quote }}
{{- else }}
{{- if or .app.hpa.enabled (gt (int .app.replicas) 1) }}
{{- fail "photos.store=local keeps photos in one pod's emptyDir: use photos.store=s3 with more than one lot replica or an HPA" }}
{{- end }}
GAVEL_PHOTO_DIR: /var/lib/gavel/photos
{{- end }}
{{- end }}
{{- if eq .name "wallet" }}
GAVEL_ETH_RPC_URL: {{ include "gavel.chainRpcUrl" $root | quote }}
GAVEL_ETH_CHAIN_ID: {{ $root.Values.chain.chainId | quote }}
GAVEL_CHAIN_CONFIRMATIONS: {{ $root.Values.chain.confirmations | quote }}
{{- with $root.Values.chain.weiPerMinorUnit }}
GAVEL_CHAIN_WEI_PER_MINOR_UNIT: {{ . | quote }}
{{- end }}
{{- if and $root.Values.chain.devNode.enabled (not $root.Values.chain.rpcUrl) }}
{{- /* the in-chart development chain: fund the hot wallet from ganache's account 0 */}}
GAVEL_CHAIN_DEV_FUNDING: "on"
{{- end }}
{{- end }}
GAVEL_PG_HOST: {{ include "gavel.pgHost" $root | quote }}
GAVEL_PG_PORT: {{ include "gavel.pgPort" $root | quote }}
GAVEL_PG_USER: {{ include "gavel.pgUser" $root | quote }}
GAVEL_PG_POOL: {{ $root.Values.config.pgPool | quote }}
{{- if .app.database }}
GAVEL_{{ $env }}_DB: {{ .app.database | quote }}
{{- with include "gavel.appDbUser" (dict "root" $root "name" .name) }}
GAVEL_{{ $env }}_DB_USER: {{ . | quote }}
{{- end }}
GAVEL_{{ $env }}_DB_SCHEMA: {{ include "gavel.appSchema" (dict "name" .name "app" .app) | quote }}
{{- end }}
GAVEL_KAFKA_BROKERS: {{ include "gavel.kafkaBrokers" $root | quote }}
{{- include "gavel.kafkaClientEnv" $root }}
{{- $os := include "gavel.openSearchUrl" $root }}
{{- if and $os $root.Values.config.logShipping }}
GAVEL_OPENSEARCH_URL: {{ $os | quote }}
{{- else }}
GAVEL_LOG_SHIPPING: "off"
{{- end }}
{{- range $other, $ocfg := $root.Values.apps }}
{{- $o := fromYaml (include "gavel.app" (dict "root" $root "cfg" $ocfg)) }}
{{- if $o.enabled }}
GAVEL_{{ include "gavel.envName" $other }}_URL: {{ printf "http://%s:%v" (include "gavel.name" (dict "root" $root "name" $other)) $o.port | quote }}
{{- end }}
{{- end }}
{{- range $k, $v := $root.Values.config.extraEnv }}
{{ $k }}: {{ $v | toString | quote }}
{{- end }}
{{- range $k, $v := .app.env }}
{{ $k }}: {{ $v | toString | quote }}
{{- end }}
{{- end -}}

{{- define "gavel.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "gavel.fullname" .) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{/* The env of one app taken from the Secret (dict root name app): the database password (its own
     user's, key pg-password-<app>, when it has one: gavel.appDbUser; else the shared user's, unless
     apps.<app>.secretEnv gives GAVEL_<APP>_DB_PASSWORD itself), then apps.<app>.secretEnv (ENV_NAME:
     secret key; a key the Secret may lack is optional). With "dbOnly" true (migrations) only the
     database passwords (GAVEL_PG_PASSWORD, *_DB_PASSWORD). */}}
{{- define "gavel.appSecretEnv" -}}
{{- $dbPassword := printf "GAVEL_%s_DB_PASSWORD" (include "gavel.envName" .name) }}
{{- if and .app.database (include "gavel.appDbUser" (dict "root" .root "name" .name)) }}
- name: {{ $dbPassword }}
  valueFrom:
    secretKeyRef:
      name: {{ include "gavel.secretName" .root }}
      key: pg-password-{{ .name }}
{{- else if not (and .app.database (hasKey (default dict .app.secretEnv) $dbPassword)) }}
- name: GAVEL_PG_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "gavel.secretName" .root }}
      key: pg-password
{{- end }}
{{- if not .dbOnly }}
{{- include "gavel.kafkaPasswordEnv" .root }}
{{- if and (eq .name "lot") (eq .root.Values.photos.store "s3") }}
- name: GAVEL_S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "gavel.secretName" .root }}
      key: s3-access-key-id
- name: GAVEL_S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "gavel.secretName" .root }}
      key: s3-secret-access-key
{{- end }}
{{- end }}
{{- range $envName, $key := .app.secretEnv }}
{{- if or (not $.dbOnly) (hasSuffix "_DB_PASSWORD" $envName) }}
- name: {{ $envName }}
  valueFrom:
    secretKeyRef:
      name: {{ include "gavel.secretName" $.root }}
      key: {{ $key }}
      {{- if has $key (list "telegram-bot-token" "chain-mnemonic") }}
      optional: true
      {{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* A Kubernetes memory quantity (512Mi, 2Gi, 1G, 1000000) in bytes. */}}
{{- define "gavel.bytes" -}}
{{- $q := toString . -}}
{{- $units := dict "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 -}}
{{- $unit := regexFind "[A-Za-z]+$" $q -}}
{{- $num := trimSuffix $unit $q -}}
{{- if not (regexMatch "^[0-9]+$" $num) -}}{{- fail (printf "memory quantity %q: only whole numbers with Ki/Mi/Gi/Ti/k/M/G/T" $q) -}}{{- end -}}
{{- if $unit -}}
{{- if not (hasKey $units $unit) -}}{{- fail (printf "memory quantity %q: unknown unit %s" $q $unit) -}}{{- end -}}
{{- mul (atoi $num) (get $units $unit) -}}
{{- else -}}{{- $num -}}{{- end -}}
{{- end -}}

{{/* The wallet's Ethereum node: chain.rpcUrl, else the in-chart development chain. */}}
{{- define "gavel.chainRpcUrl" -}}
{{- if .Values.chain.rpcUrl -}}{{ .Values.chain.rpcUrl }}
{{- else if .Values.chain.devNode.enabled -}}http://{{ include "gavel.fullname" . }}-chain:8545
{{- else -}}{{ fail "the wallet needs an Ethereum node: set chain.rpcUrl, or chain.devNode.enabled=true for a development chain" }}
{{- end -}}
{{- end -}}

{{/* "true" when the lot photos go to the in-chart S3 server (photos.s3.devServer, no endpoint given). */}}
{{- define "gavel.s3DevServer" -}}
{{- $s3 := .Values.photos.s3 -}}
{{- if and .Values.deployApps (eq .Values.photos.store "s3") $s3.devServer.enabled (not $s3.endpoint) -}}true{{- end -}}
{{- end -}}

{{/* The lot photos' S3 endpoint: photos.s3.endpoint, else the in-chart server. */}}
{{- define "gavel.s3Endpoint" -}}
{{- if .Values.photos.s3.endpoint -}}{{ .Values.photos.s3.endpoint }}
{{- else if include "gavel.s3DevServer" . -}}http://{{ include "gavel.fullname" . }}-s3:8333
{{- else -}}{{ fail "photos.store=s3 needs an object store: set photos.s3.endpoint, or photos.s3.devServer.enabled=true for an in-chart development server" }}
{{- end -}}
{{- end -}}

{{/* A NetworkPolicy peer: the release's pods of one component name (dict root name), or of every app
     (name "*apps"). */}}
{{- define "gavel.peer" -}}
- podSelector:
    matchLabels:
      {{- if eq .name "*apps" }}
      app.kubernetes.io/component: app
      {{- else }}
      app.kubernetes.io/name: {{ .name }}
      {{- end }}
      app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* NetworkPolicy header (dict root name) and the egress rules to networkPolicy.externalCidrs. */}}
{{- define "gavel.npMeta" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "gavel.name" (dict "root" .root "name" (printf "np-%s" .name)) }}
  labels:
    {{- include "gavel.labels" (dict "root" .root "name" "network-policy") | nindent 4 }}
{{- end }}
{{- define "gavel.npExternal" -}}
{{- range .root.Values.networkPolicy.externalCidrs }}
- to:
    - ipBlock: {cidr: {{ . }}}
{{- end }}
{{- end }}

{{/* SASL mechanism of the external Kafka ("" with the in-chart broker or without SASL). */}}
{{- define "gavel.kafkaSasl" -}}
{{- if not .Values.kafka.enabled }}{{ .Values.externalKafka.sasl.mechanism }}{{ end -}}
{{- end -}}

{{/* "true" when the clients speak TLS to the (external) brokers. */}}
{{- define "gavel.kafkaTls" -}}
{{- if and (not .Values.kafka.enabled) .Values.externalKafka.tls.enabled }}true{{ end -}}
{{- end -}}

{{/* Path of the brokers' CA in the pods (the ConfigMap <release>-kafka-ca), "" without one. */}}
{{- define "gavel.kafkaCaFile" -}}
{{- if and (include "gavel.kafkaTls" .) .Values.externalKafka.tls.caCert }}/etc/gavel/kafka-ca/ca.pem{{ end -}}
{{- end -}}

{{/* Plain env of the apps' kafkajs clients for TLS/SASL (libs/observability kafkaSecurity). */}}
{{- define "gavel.kafkaClientEnv" -}}
{{- if include "gavel.kafkaTls" . }}
GAVEL_KAFKA_SSL: "true"
{{- with include "gavel.kafkaCaFile" . }}
GAVEL_KAFKA_SSL_CA_FILE: {{ . | quote }}
{{- end }}
{{- end }}
{{- with include "gavel.kafkaSasl" . }}
GAVEL_KAFKA_SASL_MECHANISM: {{ . | quote }}
GAVEL_KAFKA_SASL_USERNAME: {{ required "externalKafka.sasl.username is required with a SASL mechanism" $.Values.externalKafka.sasl.username | quote }}
{{- end }}
{{- end -}}

{{/* The Kafka SASL password as env (a list item), when SASL is on. */}}
{{- define "gavel.kafkaPasswordEnv" -}}
{{- if include "gavel.kafkaSasl" . }}
- name: GAVEL_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "gavel.secretName" . }}
      key: kafka-password
{{- end }}
{{- end -}}

{{/* Volume and mount of the brokers' CA (dict root what=volume|mount), nothing without one. */}}
{{- define "gavel.kafkaCaVolume" -}}
{{- if include "gavel.kafkaCaFile" .root }}
{{- if eq .what "volume" }}
- name: kafka-ca
  configMap:
    name: {{ include "gavel.fullname" .root }}-kafka-ca
{{- else }}
- name: kafka-ca
  mountPath: /etc/gavel/kafka-ca
  readOnly: true
{{- end }}
{{- end }}
{{- end -}}

{{/* "true" when the apps log in with a role of their own (in-chart PostgreSQL, postgresql.serviceRoles). */}}
{{- define "gavel.serviceRoles" -}}
{{- if and .Values.postgresql.enabled .Values.postgresql.serviceRoles }}true{{ end -}}
{{- end -}}

{{/* "true" when Debezium logs in as a replication user of its own (key pg-cdc-password): gavel_cdc
     with the in-chart service roles, externalPostgresql.cdcUser with an external server. */}}
{{- define "gavel.cdcRole" -}}
{{- if or (include "gavel.serviceRoles" .) (and (not .Values.postgresql.enabled) .Values.externalPostgresql.cdcUser) }}true{{ end -}}
{{- end -}}

{{/* Debezium's database user: gavel_cdc (in-chart service roles), externalPostgresql.cdcUser, else the shared user. */}}
{{- define "gavel.cdcUser" -}}
{{- if include "gavel.serviceRoles" . -}}gavel_cdc
{{- else if include "gavel.cdcRole" . -}}{{ .Values.externalPostgresql.cdcUser }}
{{- else -}}{{ include "gavel.pgUser" . }}
{{- end -}}
{{- end -}}

{{/* The database user of an app that has one of its own (dict root name), "" when it uses the shared
     user: gavel_<app> with the in-chart service roles; with an external server
     externalPostgresql.appUsers.<app>, which must then list every app with a database. */}}
{{- define "gavel.appDbUser" -}}
{{- if include "gavel.serviceRoles" .root -}}{{ include "gavel.appRole" .name }}
{{- else if and (not .root.Values.postgresql.enabled) .root.Values.externalPostgresql.appUsers -}}
{{- required (printf "externalPostgresql.appUsers has no user for %s: list every app with a database" .name) (get .root.Values.externalPostgresql.appUsers .name) -}}
{{- end -}}
{{- end -}}

{{/* The PostgreSQL role of an app: gavel_<app with - → _>. */}}
{{- define "gavel.appRole" -}}
gavel_{{ . | replace "-" "_" }}
{{- end -}}

{{/* Env of the in-chart PostgreSQL pod with every role's password (dict root byDb). */}}
{{- define "gavel.pgRolePasswordEnv" -}}
- name: PG_CDC_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "gavel.secretName" .root }}
      key: pg-cdc-password
{{- range $db, $apps := .byDb }}
{{- range $apps }}
- name: PG_PASSWORD_{{ include "gavel.envName" .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "gavel.secretName" $.root }}
      key: pg-password-{{ .name }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The env var of Kafka Connect holding the database password of the connectors. */}}
{{- define "gavel.cdcPasswordEnv" -}}
{{- if include "gavel.cdcRole" . }}GAVEL_CDC_PASSWORD{{ else }}GAVEL_PG_PASSWORD{{ end -}}
{{- end -}}
