#!/usr/bin/env bash
# Rebuilds SpecHub's images on OpenShift (S2I, docker strategy) and restarts the Helm release's
# workloads so they run the new images. The images are tagged "latest" in the internal
# registry, so a restart pulls the new build (Kubernetes always pulls "latest").
# Installs the release from the local chart when it does not exist yet.
set -euo pipefail

readonly ALL_SERVICES=(database backend frontend)

HELM_RELEASE="${HELM_RELEASE:-sh}"
GIT_REPO="${GIT_REPO:-https://github.com/mlopstapus/SpecHub.git}"
GIT_REF="${GIT_REF:-}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHART_DIR="${CHART_DIR:-${REPO_ROOT}/charts/pcp}"
INT_REG="${INT_REG:-image-registry.openshift-image-registry.svc:5000}"

usage() {
  cat <<EOF
Usage: $(basename "$0") [--no-build] [SERVICE...]

Rebuild images with OpenShift S2I and restart the Helm release's pods.
SERVICE is one or more of: ${ALL_SERVICES[*]} (default: all of them).

  $(basename "$0")                    rebuild all images, restart all pods
  $(basename "$0") backend            rebuild and restart the backend only
  $(basename "$0") backend frontend   several services
  $(basename "$0") --no-build         skip the builds, only restart pods

Options:
  --no-build   restart without building
  -h, --help   show this help

Environment:
  HELM_RELEASE  Helm release name (default: sh); pods are \${HELM_RELEASE}-pcp-<service>
  GIT_REPO      Git repository the builds use when a BuildConfig is created
                (default: https://github.com/mlopstapus/SpecHub.git)
  GIT_REF       branch, tag or commit to build (default: the BuildConfig's own)
  CHART_DIR     chart to install when the release does not exist (default: charts/pcp)
  INT_REG       in-cluster image registry
                (default: image-registry.openshift-image-registry.svc:5000)
EOF
}

die() {
  echo "rollout: $*" >&2
  exit 1
}

build=true
requested=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    -h | --help)
      usage
      exit 0
      ;;
    database | backend | frontend) requested+=("$arg") ;;
    *)
      echo "rollout: unknown argument: $arg" >&2
      usage >&2
      exit 1
      ;;
  esac
done

# Selected services in dependency order (database, backend, frontend), whatever order they
# were named in, each once.
services=()
for svc in "${ALL_SERVICES[@]}"; do
  if [[ ${#requested[@]} -eq 0 || " ${requested[*]} " == *" ${svc} "* ]]; then
    services+=("$svc")
  fi
done

oc whoami >/dev/null 2>&1 || die "oc is not logged in to a cluster: run 'oc login' first"
namespace="$(oc project -q)"

build_image() {
  local svc="$1"
  if oc get "bc/${svc}" >/dev/null 2>&1; then
    local args=(start-build "$svc" --follow)
    if [[ -n "$GIT_REF" ]]; then
      args+=("--commit=${GIT_REF}")
    fi
    oc "${args[@]}"
  else
    local source="$GIT_REPO"
    if [[ -n "$GIT_REF" ]]; then
      source="${source}#${GIT_REF}"
    fi
    oc new-build --name="$svc" --strategy=docker --context-dir="$svc" "$source"
    oc logs -f "bc/${svc}"
  fi
}

install_release() {
  echo "Release ${HELM_RELEASE} not found: installing ${CHART_DIR}"
  local args=(install "$HELM_RELEASE" "$CHART_DIR")
  local svc
  for svc in "${ALL_SERVICES[@]}"; do
    args+=(--set "${svc}.image.repository=${INT_REG}/${namespace}/${svc}" --set "${svc}.image.tag=latest")
  done
  helm "${args[@]}"
}

workload_of() {
  local svc="$1"
  if [[ "$svc" == database ]]; then
    echo "statefulset/${HELM_RELEASE}-pcp-${svc}"
  else
    echo "deployment/${HELM_RELEASE}-pcp-${svc}"
  fi
}

if [[ "$build" == true ]]; then
  for svc in "${services[@]}"; do
    echo "==> Building ${svc}"
    build_image "$svc"
  done
fi

if ! helm status "$HELM_RELEASE" >/dev/null 2>&1; then
  install_release
  exit 0
fi

restarted=()
for svc in "${services[@]}"; do
  workload="$(workload_of "$svc")"
  # An external database (database.enabled=false) has no StatefulSet to restart.
  if ! oc get "$workload" >/dev/null 2>&1; then
    echo "==> Skipping ${svc}: ${workload} does not exist in ${namespace}"
    continue
  fi
  echo "==> Restarting ${workload}"
  oc rollout restart "$workload"
  restarted+=("$workload")
done

# The ${x[@]+...} form keeps bash 3.2 (macOS) from calling an empty array unbound under set -u.
for workload in ${restarted[@]+"${restarted[@]}"}; do
  oc rollout status "$workload" --timeout=10m
done
