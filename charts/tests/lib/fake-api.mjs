// A minimal stand-in for a Kubernetes API server on the loopback interface: enough discovery for
// helm to map the chart's kinds, and GET of the objects it is given (404 for the rest). It lets
// `helm template --dry-run=server` run the chart's `lookup` against a known existing Secret.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const RESOURCES = {
  v1: [
    ["secrets", "Secret"],
    ["services", "Service"],
    ["pods", "Pod"],
    ["serviceaccounts", "ServiceAccount"],
    ["configmaps", "ConfigMap"],
    ["persistentvolumeclaims", "PersistentVolumeClaim"],
  ],
  "apps/v1": [
    ["deployments", "Deployment"],
    ["statefulsets", "StatefulSet"],
  ],
  "batch/v1": [
    ["jobs", "Job"],
    ["cronjobs", "CronJob"],
  ],
  "autoscaling/v2": [["horizontalpodautoscalers", "HorizontalPodAutoscaler"]],
  "policy/v1": [["poddisruptionbudgets", "PodDisruptionBudget"]],
  "networking.k8s.io/v1": [
    ["ingresses", "Ingress"],
    ["networkpolicies", "NetworkPolicy"],
  ],
  "route.openshift.io/v1": [["routes", "Route"]],
};

function resourceList(groupVersion) {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion,
    resources: RESOURCES[groupVersion].map(([name, kind]) => ({
      name,
      singularName: kind.toLowerCase(),
      namespaced: true,
      kind,
      verbs: ["create", "delete", "get", "list", "patch", "update"],
    })),
  };
}

function groupList() {
  const groups = new Map();
  for (const groupVersion of Object.keys(RESOURCES)) {
    if (!groupVersion.includes("/")) continue;
    const [name, version] = groupVersion.split("/");
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push({ groupVersion, version });
  }
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...groups].map(([name, versions]) => ({ name, versions, preferredVersion: versions[0] })),
  };
}

/** Path at which the API serves an object: /api/v1/namespaces/ns/secrets/name. */
function objectPath(object, namespace) {
  const [plural] = RESOURCES[object.apiVersion].find(([, kind]) => kind === object.kind);
  const prefix = object.apiVersion.includes("/") ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  return `${prefix}/namespaces/${namespace}/${plural}/${object.metadata.name}`;
}

/**
 * Starts the server holding `objects` in `namespace`; returns { kubeconfig, requests, close }.
 * `kubeconfig` is a file that points kubectl-style clients (helm) at it.
 */
export async function startFakeApi({ namespace, objects = [] }) {
  const stored = new Map(objects.map((object) => [objectPath(object, namespace), object]));
  const requests = [];
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url, "http://localhost");
    requests.push(`${request.method} ${pathname}`);
    const send = (status, body) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "GET") return send(405, { kind: "Status", apiVersion: "v1", status: "Failure", code: 405 });
    if (pathname === "/version")
      return send(200, { major: "1", minor: "30", gitVersion: "v1.30.0", platform: "linux/amd64" });
    if (pathname === "/api")
      return send(200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [] });
    if (pathname === "/apis") return send(200, groupList());
    const groupVersion = pathname.replace(/^\/apis?\//, "");
    if (RESOURCES[groupVersion]) return send(200, resourceList(groupVersion));
    if (stored.has(pathname)) return send(200, stored.get(pathname));
    return send(404, { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-fake-api-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  fs.writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      `  - name: fake\n    cluster:\n      server: http://127.0.0.1:${port}`,
      "users:",
      "  - name: tester\n    user:\n      token: not-a-secret",
      "contexts:",
      `  - name: fake\n    context:\n      cluster: fake\n      user: tester\n      namespace: ${namespace}`,
      "current-context: fake",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  return {
    kubeconfig,
    requests,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
