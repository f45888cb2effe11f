# shellcheck shell=bash disable=SC2034  # sourced by scripts/stack.sh, which uses these variables
# SeaweedFS (Apache-2.0): the S3-compatible object store of the lot photos. Built once with the Go
# toolchain from the Go module proxy (github.com/seaweedfs/seaweedfs at a pinned version whose module
# checksum is checked) into $GAVEL_HOME/dist, then run as one `weed server` process on loopback:
# master, volume server, filer and the S3 gateway. Identities come from infra/seaweedfs/s3.json: the
# stack's admin (creates the bucket) and the lot service's (objects of GAVEL_S3_BUCKET only). `up`
# creates the bucket and waits until an object can be written, read and deleted.

: "${GAVEL_SEAWEEDFS_VERSION:=v0.0.0-20261109003541-7506e5f91cd6}"
: "${GAVEL_SEAWEEDFS_SUM:=h1:LOYZFToHq9F7pSR6lkPGfkM8RmHlVFrzndKdhmNZjrU=}"
: "${GAVEL_S3_PORT:=18333}"
# the other components' HTTP ports; each one's gRPC port is 10000 above it
: "${GAVEL_SEAWEEDFS_MASTER_PORT:=19333}"
: "${GAVEL_SEAWEEDFS_VOLUME_PORT:=18380}"
: "${GAVEL_SEAWEEDFS_FILER_PORT:=18888}"
: "${GAVEL_SEAWEEDFS_VOLUME_SIZE_MB:=256}"
: "${GAVEL_SEAWEEDFS_MAX_VOLUMES:=32}"
: "${GAVEL_S3_BUCKET:=gavel-photos}"
: "${GAVEL_S3_REGION:=us-east-1}"
# development identities on loopback, like PostgreSQL's gavel/gavel; the lot's matches the defaults
# of apps/lot/src/lot/infrastructure/photo-store.config.ts
: "${GAVEL_S3_ACCESS_KEY_ID:=gavel-lot}"
: "${GAVEL_S3_SECRET_ACCESS_KEY:=gavel-lot-local-only}"
: "${GAVEL_S3_ADMIN_ACCESS_KEY_ID:=gavel-stack}"
: "${GAVEL_S3_ADMIN_SECRET_ACCESS_KEY:=gavel-stack-local-only}"

SEAWEEDFS_MODULE="github.com/seaweedfs/seaweedfs"
SEAWEEDFS_DIST="$DIST_DIR/seaweedfs-$GAVEL_SEAWEEDFS_VERSION"
SEAWEEDFS_BIN="$SEAWEEDFS_DIST/weed"
SEAWEEDFS_DATA_DIR="$GAVEL_HOME/seaweedfs"
SEAWEEDFS_S3_CONF="$CONF_DIR/seaweedfs/s3.json"
S3_URL="http://$GAVEL_BIND:$GAVEL_S3_PORT"

seaweedfs_describe() { echo "GET $S3_URL/healthz"; }

seaweedfs_healthy() { http_ok "$S3_URL/healthz"; }

seaweedfs_install() {
  [[ -f "$SEAWEEDFS_DIST/.complete" ]] && return 0
  FIRST_START=1
  command -v go >/dev/null 2>&1 || die "go not found: SeaweedFS is built from the Go module proxy (Go 1.26)"
  local buildlog="$LOG_DIR/seaweedfs-build.log" info src sum
  : >"$buildlog"
  log "seaweedfs: go mod download $SEAWEEDFS_MODULE@$GAVEL_SEAWEEDFS_VERSION"
  info="$(go mod download -json "$SEAWEEDFS_MODULE@$GAVEL_SEAWEEDFS_VERSION" 2>>"$buildlog")" \
    || { printf '%s\n' "$info" >>"$buildlog"; server_fail seaweedfs "go mod download failed (log $buildlog)"; }
  src="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$info")"
  sum="$(sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p' <<<"$info")"
  [[ "$sum" == "$GAVEL_SEAWEEDFS_SUM" ]] \
    || die "seaweedfs: module checksum $sum is not the pinned $GAVEL_SEAWEEDFS_SUM"
  [[ -d "$src/weed" ]] || die "seaweedfs: no weed/ in the downloaded module ($src)"
  # `go install <module>/weed@<version>` refuses a module whose go.mod has replace directives: build
  # inside the downloaded (read-only) module instead, as its main module
  log "seaweedfs: go build ./weed (first time only; several minutes on 2 cores), log $buildlog"
  rm -rf "$SEAWEEDFS_DIST.partial"; mkdir -p "$SEAWEEDFS_DIST.partial"
  if ! (cd "$src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags='-s -w' \
      -o "$SEAWEEDFS_DIST.partial/weed" ./weed) >>"$buildlog" 2>&1; then
    server_fail seaweedfs "go build of $SEAWEEDFS_MODULE/weed failed (log $buildlog)"
  fi
  rm -rf "$SEAWEEDFS_DIST"; mv "$SEAWEEDFS_DIST.partial" "$SEAWEEDFS_DIST"
  touch "$SEAWEEDFS_DIST/.complete"
}

seaweedfs_init() {
  [[ -d "$SEAWEEDFS_DATA_DIR" ]] || FIRST_START=1
  mkdir -p "$SEAWEEDFS_DATA_DIR/master" "$SEAWEEDFS_DATA_DIR/volume" "$CONF_DIR/seaweedfs"
  (umask 077 && render "$INFRA_DIR/seaweedfs/s3.json" "$SEAWEEDFS_S3_CONF")
  local port
  for port in "$GAVEL_SEAWEEDFS_MASTER_PORT" "$GAVEL_SEAWEEDFS_VOLUME_PORT" "$GAVEL_SEAWEEDFS_FILER_PORT"; do
    check_port_free seaweedfs "$port"
    check_port_free seaweedfs $((port + 10000))
  done
  check_port_free seaweedfs $((GAVEL_S3_PORT + 10000))
}

seaweedfs_start() {
  local m="$GAVEL_SEAWEEDFS_MASTER_PORT" v="$GAVEL_SEAWEEDFS_VOLUME_PORT" f="$GAVEL_SEAWEEDFS_FILER_PORT"
  # every port explicit (the defaults would collide with the services' ports), no telemetry, no
  # Iceberg or Lance catalogs; unix sockets under run/ rather than /tmp
  launch seaweedfs -- "$SEAWEEDFS_BIN" server \
    -ip="$GAVEL_BIND" -ip.bind="$GAVEL_BIND" \
    -master.dir="$SEAWEEDFS_DATA_DIR/master" -dir="$SEAWEEDFS_DATA_DIR/volume" \
    -master.port="$m" -master.port.grpc=$((m + 10000)) -master.telemetry=false \
    -master.volumeSizeLimitMB="$GAVEL_SEAWEEDFS_VOLUME_SIZE_MB" \
    -volume.port="$v" -volume.port.grpc=$((v + 10000)) -volume.max="$GAVEL_SEAWEEDFS_MAX_VOLUMES" \
    -volume.preStopSeconds=1 \
    -filer -filer.port="$f" -filer.port.grpc=$((f + 10000)) \
    -filer.localSocket="$RUN_DIR/seaweedfs-filer.sock" \
    -s3 -s3.port="$GAVEL_S3_PORT" -s3.port.grpc=$((GAVEL_S3_PORT + 10000)) \
    -s3.port.iceberg=0 -s3.port.lance=0 -s3.localSocket="$RUN_DIR/seaweedfs-s3.sock" \
    -s3.config="$SEAWEEDFS_S3_CONF" -s3.autoCreateBucket=false
}

# s3_admin <curl args...>: a request signed (SigV4) with the stack's admin identity; the keys reach
# curl on its standard input, not its command line
s3_admin() {
  curl -sS -m 10 --aws-sigv4 "aws:amz:$GAVEL_S3_REGION:s3" -K - "$@" \
    <<<"user = \"$GAVEL_S3_ADMIN_ACCESS_KEY_ID:$GAVEL_S3_ADMIN_SECRET_ACCESS_KEY\""
}

# the bucket exists, and an object can be written, read back and deleted (the volume server has
# registered with the master): retried until the health timeout
seaweedfs_post_start() {
  local bucket="$S3_URL/$GAVEL_S3_BUCKET" probe="$S3_URL/$GAVEL_S3_BUCKET/.stack-probe" deadline code last=""
  # curl (7.88) signs a body but does not send its hash, which S3 checks: send it
  local sha
  sha="$(printf probe | sha256sum | cut -d' ' -f1)"
  deadline=$(($(date +%s) + GAVEL_HEALTH_TIMEOUT))
  while true; do
    code="$(s3_admin -o /dev/null -w '%{http_code}' -I "$bucket" 2>/dev/null)" || code=000
    if [[ "$code" == 404 ]]; then
      code="$(s3_admin -o /dev/null -w '%{http_code}' -X PUT "$bucket" 2>/dev/null)" || code=000
      [[ "$code" == 200 ]] && log "seaweedfs: created the bucket $GAVEL_S3_BUCKET"
    fi
    if [[ "$code" == 200 ]] &&
      [[ "$(s3_admin -o /dev/null -w '%{http_code}' -X PUT -H "x-amz-content-sha256: $sha" --data-binary probe \
        "$probe" 2>/dev/null)" == 200 ]] &&
      [[ "$(s3_admin "$probe" 2>/dev/null)" == probe ]] &&
      [[ "$(s3_admin -o /dev/null -w '%{http_code}' -X DELETE "$probe" 2>/dev/null)" == 204 ]]; then
      return 0
    fi
    last="bucket $GAVEL_S3_BUCKET answered HTTP $code"
    (($(date +%s) < deadline)) || server_fail seaweedfs "S3 is up but cannot store objects ($last)"
    sleep 1
  done
}

seaweedfs_stop() { stop_server_pid seaweedfs TERM; }
