import assert from "node:assert/strict";
import { startFakeApi } from "./fake-api.mjs";
import { find, helmAsync, parseManifests, secretData, setFlags } from "./helm.mjs";
import { chartDir } from "./paths.mjs";

/**
 * A cluster (the fake API) that already holds release `sh`'s Secret `sh-pcp` with `data` (plain
 * text, encoded here), as after an earlier install. `render(set)` renders the chart against it
 * (`helm template --dry-run=server`, which looks existing objects up) and returns the data of the
 * Secret it would write, decoded.
 */
export async function clusterWithReleaseSecret(namespace, data) {
  const api = await startFakeApi({
    namespace,
    objects: [
      {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
          name: "sh-pcp",
          namespace,
          labels: { "app.kubernetes.io/managed-by": "Helm" },
          annotations: { "meta.helm.sh/release-name": "sh", "meta.helm.sh/release-namespace": namespace },
        },
        data: Object.fromEntries(
          Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString("base64")]),
        ),
      },
    ],
  });
  const render = async (set = {}) => {
    const result = await helmAsync(
      [
        "template",
        "sh",
        chartDir,
        "--namespace",
        namespace,
        "--dry-run=server",
        "--disable-openapi-validation",
        ...setFlags(set),
      ],
      { KUBECONFIG: api.kubeconfig },
    );
    assert.equal(result.status, 0, result.stderr);
    return secretData(find(parseManifests(result.stdout), "Secret", "sh-pcp"));
  };
  return { api, render };
}
