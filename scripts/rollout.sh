#!/usr/bin/env bash
# Builds SpecHub's images on OpenShift (docker strategy builds into the internal registry) and
# deploys exactly those builds: each image is resolved to its digest and the Helm release is
# upgraded with repository@digest, so a reschedule or a `helm rollback` never picks up another
# build. The database is rebuilt and redeployed only when named. Installs the release from the
# local chart when it does not exist yet.
set -euo pipefail

readonly ALL_SERVICES=(database backend frontend)
readonly DEFAULT_SERVICES=(backend frontend)

HELM_RELEASE="${HELM_RELEASE:-sh}"
GIT_REPO="${GIT_REPO:-https://github.com/mlopstapus/SpecHub.git}"
GIT_REF="${GIT_REF:-}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHART_DIR="${CHART_DIR:-${REPO_ROOT}/charts/pcp}"
INT_REG="${INT_REG:-image-registry.openshift-image-registry.svc:5000}"

usage() {
  cat <<EOF
Usage: $(basename "$0") [--no-build] [SERVICE...]

Build images with OpenShift builds and deploy them to the Helm release, pinned by digest.
SERVICE is one or more of: ${ALL_SERVICES[*]} (default: ${DEFAULT_SERVICES[*]};
the database is rebuilt and restarted only when named).

  $(basename "$0")                    rebuild and redeploy the backend and the frontend
  $(basename "$0") backend            the backend only
  $(basename "$0") database           the database image (restarts PostgreSQL)
  $(basename "$0") --no-build         skip the builds, only restart the pods

Options:
  --no-build   restart the pods without building or changing images
  -h, --help   show this help

Environment:
  HELM_RELEASE  Helm release name (default: sh); workloads are \${HELM_RELEASE}-pcp-<service>
  GIT_REPO      Git repository the builds use when a BuildConfig is created
                (default: https://github.com/mlopstapus/SpecHub.git)
  GIT_REF       branch, tag or commit to build (default: the BuildConfig's own)
  CHART_DIR     chart to install or upgrade the release with (default: charts/pcp)
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
if [[ ${#requested[@]} -eq 0 ]]; then
  requested=("${DEFAULT_SERVICES[@]}")
fi
services=()
for svc in "${ALL_SERVICES[@]}"; do
  if [[ " ${requested[*]} " == *" ${svc} "* ]]; then
    services+=("$svc")
  fi
done

oc whoami >/dev/null 2>&1 || die "oc is not logged in to a cluster: run 'oc login' first"
namespace="$(oc project -q)"

build_image() {
  local svc="$1"
  echo "==> Building ${svc}"
  if oc get "bc/${svc}" >/dev/null 2>&1; then
    # --wait makes a failed build fail this command, which --follow alone does not.
    local args=(start-build "$svc" --follow --wait)
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

# The digest the build just pushed: the image the ImageStreamTag <svc>:latest points at.
digest_of() {
  local svc="$1" digest
  digest="$(oc get "istag/${svc}:latest" -o 'jsonpath={.image.metadata.name}' 2>/dev/null)" || digest=""
  [[ "$digest" == sha256:* ]] || return 1
  echo "$digest"
}

# --set flags that pin a service to its image by digest.
image_flags() {
  local svc="$1" digest
  digest="$(digest_of "$svc")" || die "no image for ${svc}: imagestreamtag ${svc}:latest does not exist in ${namespace} (build it first)"
  echo "--set ${svc}.image.repository=${INT_REG}/${namespace}/${svc} --set ${svc}.image.digest=${digest}"
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
    build_image "$svc"
  done
fi

if ! helm status "$HELM_RELEASE" >/dev/null 2>&1; then
  echo "Release ${HELM_RELEASE} not found: installing ${CHART_DIR}"
  flags=()
  for svc in "${ALL_SERVICES[@]}"; do
    if ! digest_of "$svc" >/dev/null; then
      [[ "$build" == true ]] || die "no image for ${svc}: run without --no-build to build it"
      build_image "$svc"
    fi
    # An assignment, so a failing image_flags stops the script (set -e).
    pinned_flags="$(image_flags "$svc")"
    read -ra pinned <<<"$pinned_flags"
    flags+=("${pinned[@]}")
  done
  helm install "$HELM_RELEASE" "$CHART_DIR" "${flags[@]}"
  exit 0
fi

# Workloads of the selected services that this release runs (an external database has none).
workloads=()
deployed=()
for svc in "${services[@]}"; do
  workload="$(workload_of "$svc")"
  if ! oc get "$workload" >/dev/null 2>&1; then
    echo "==> Skipping ${svc}: ${workload} does not exist in ${namespace}"
    continue
  fi
  workloads+=("$workload")
  deployed+=("$svc")
done

if [[ "$build" == true ]]; then
  if [[ ${#deployed[@]} -gt 0 ]]; then
    flags=()
    for svc in "${deployed[@]}"; do
      pinned_flags="$(image_flags "$svc")"
      read -ra pinned <<<"$pinned_flags"
      flags+=("${pinned[@]}")
    done
    echo "==> Upgrading ${HELM_RELEASE}: ${deployed[*]}"
    # The other values stay as they are; the chart's new defaults apply (Helm 3.14 or later).
    helm upgrade "$HELM_RELEASE" "$CHART_DIR" --reset-then-reuse-values "${flags[@]}"
  fi
else
  for workload in ${workloads[@]+"${workloads[@]}"}; do
    echo "==> Restarting ${workload}"
    oc rollout restart "$workload"
  done
fi

# The ${x[@]+...} form keeps bash 3.2 (macOS) from calling an empty array unbound under set -u.
for workload in ${workloads[@]+"${workloads[@]}"}; do
  oc rollout status "$workload" --timeout=10m
done
