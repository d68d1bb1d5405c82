// Metrics and traces in the chart: the metrics token in the Secret (generated, given, kept, or
// from an existingSecret), METRICS_TOKEN and the OTEL_* variables of the backend, the scrape
// annotations, the optional ServiceMonitor and the NetworkPolicy that lets Prometheus in.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { find, renderChart, renderChartError, secretData } from "./lib/helm.mjs";
import { clusterWithReleaseSecret } from "./lib/release-secret.mjs";
import { schemaProblems } from "./lib/validate.mjs";

const METRICS = { "metrics.enabled": true };
const MONITOR = { ...METRICS, "metrics.serviceMonitor.enabled": true };

const backendOf = (objects) => find(objects, "Deployment", "sh-pcp-backend");
const containerOf = (objects) => backendOf(objects).spec.template.spec.containers.find((c) => c.name === "backend");
const envOf = (objects) => Object.fromEntries(containerOf(objects).env.map((variable) => [variable.name, variable]));
const annotationsOf = (objects) => backendOf(objects).spec.template.metadata.annotations ?? {};
const SCRAPE_ANNOTATIONS = ["prometheus.io/path", "prometheus.io/port", "prometheus.io/scrape"];

describe("metrics off (the default)", () => {
  const objects = renderChart();

  it("set no METRICS_TOKEN, no OTEL_* variable, no metrics-token and no scrape annotation", () => {
    const names = Object.keys(envOf(objects));
    assert.deepEqual(
      names.filter((name) => name === "METRICS_TOKEN" || name.startsWith("OTEL_")),
      [],
    );
    assert.ok(!("metrics-token" in secretData(find(objects, "Secret", "sh-pcp"))));
    assert.deepEqual(
      Object.keys(annotationsOf(objects)).filter((key) => key.startsWith("prometheus.io/")),
      [],
    );
    assert.ok(!objects.some((object) => object.kind === "ServiceMonitor"));
  });
});

describe("metrics on", () => {
  const objects = renderChart({ set: METRICS });

  it("generate a strong metrics token in Secret sh-pcp and give it to the backend as METRICS_TOKEN", () => {
    assert.match(secretData(find(objects, "Secret", "sh-pcp"))["metrics-token"], /^[A-Za-z0-9]{48}$/);
    // Not optional: a Secret without the key must stop the pod rather than leave /metrics a 404.
    assert.deepEqual(envOf(objects).METRICS_TOKEN.valueFrom, {
      secretKeyRef: { name: "sh-pcp", key: "metrics-token" },
    });
  });

  it("use a given token verbatim, and restart the backend when it changes", () => {
    const given = renderChart({ set: { ...METRICS, "metrics.token": "scrape-me-0123456789" } });
    assert.equal(secretData(find(given, "Secret", "sh-pcp"))["metrics-token"], "scrape-me-0123456789");
    const rotated = renderChart({ set: { ...METRICS, "metrics.token": "rotated-0123456789" } });
    assert.notEqual(annotationsOf(given)["checksum/secret"], annotationsOf(rotated)["checksum/secret"]);
  });

  it("leave the Secret checksum of releases without metrics as it was", () => {
    const plain = renderChart();
    const withTracing = renderChart({ set: { "tracing.otlpEndpoint": "http://otel:4318" } });
    assert.equal(annotationsOf(plain)["checksum/secret"], annotationsOf(withTracing)["checksum/secret"]);
  });

  it("annotate the backend pods for annotation-based discovery, beside their own annotations", () => {
    const annotated = renderChart({ set: { ...METRICS, "backend.podAnnotations.example\\.com/team": "platform" } });
    assert.deepEqual(
      Object.fromEntries(Object.entries(annotationsOf(annotated)).filter(([key]) => key !== "checksum/secret")),
      {
        "example.com/team": "platform",
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "8000",
        "prometheus.io/path": "/metrics",
      },
    );
    const frontend = find(annotated, "Deployment", "sh-pcp-frontend").spec.template.metadata.annotations ?? {};
    assert.ok(!Object.keys(frontend).some((key) => key.startsWith("prometheus.io/")));
    const without = renderChart({ set: { ...METRICS, "metrics.podAnnotations": false } });
    assert.deepEqual(
      Object.keys(annotationsOf(without)).filter((key) => SCRAPE_ANNOTATIONS.includes(key)),
      [],
    );
    assert.ok(envOf(without).METRICS_TOKEN);
  });

  it("read the token from an existingSecret's metrics-token key", () => {
    const gitops = renderChart({ set: { ...MONITOR, existingSecret: "spechub-credentials" } });
    assert.ok(!gitops.some((object) => object.kind === "Secret"));
    assert.deepEqual(envOf(gitops).METRICS_TOKEN.valueFrom.secretKeyRef, {
      name: "spechub-credentials",
      key: "metrics-token",
    });
    const endpoint = find(gitops, "ServiceMonitor", "sh-pcp-backend").spec.endpoints[0];
    assert.deepEqual(endpoint.bearerTokenSecret, { name: "spechub-credentials", key: "metrics-token" });
  });
});

describe("ServiceMonitor", () => {
  it("is off unless asked for", () => {
    assert.ok(!renderChart({ set: METRICS }).some((object) => object.kind === "ServiceMonitor"));
  });

  it("scrapes the backend Service's pods at /metrics with the token from the Secret", async () => {
    const objects = renderChart({
      set: {
        ...MONITOR,
        "metrics.serviceMonitor.interval": "15s",
        "metrics.serviceMonitor.scrapeTimeout": "5s",
        "metrics.serviceMonitor.labels.release": "prometheus",
      },
    });
    const monitor = find(objects, "ServiceMonitor", "sh-pcp-backend");
    assert.deepEqual(await schemaProblems(monitor), []);
    assert.equal(monitor.apiVersion, "monitoring.coreos.com/v1");
    assert.equal(monitor.metadata.labels.release, "prometheus");
    const service = find(objects, "Service", "sh-pcp-backend");
    for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels)) {
      assert.equal(service.metadata.labels[key], value, `the Service carries ${key}`);
    }
    // Only the backend Service matches: the frontend's differs in its component label.
    const frontend = find(objects, "Service", "sh-pcp-frontend");
    assert.ok(
      Object.entries(monitor.spec.selector.matchLabels).some(([key, value]) => frontend.metadata.labels[key] !== value),
    );
    assert.deepEqual(monitor.spec.endpoints, [
      {
        port: service.spec.ports[0].name,
        path: "/metrics",
        interval: "15s",
        scrapeTimeout: "5s",
        bearerTokenSecret: { name: "sh-pcp", key: "metrics-token" },
      },
    ]);
    assert.ok("metrics-token" in secretData(find(objects, "Secret", "sh-pcp")));
  });

  it("is refused without metrics, which it would scrape in vain", () => {
    assert.match(
      renderChartError({ set: { "metrics.serviceMonitor.enabled": true } }),
      /metrics\.serviceMonitor\.enabled needs metrics\.enabled=true/,
    );
  });

  it("refuses an interval Prometheus would not read", () => {
    assert.match(
      renderChartError({ set: { ...MONITOR, "metrics.serviceMonitor.interval": "30 seconds" } }),
      /interval/,
    );
  });
});

describe("network policies with metrics", () => {
  const peersOf = (set) =>
    find(renderChart({ set: { "networkPolicy.enabled": true, ...set } }), "NetworkPolicy", "sh-pcp-backend").spec
      .ingress[0].from;
  const MONITORING = { namespaceSelector: { matchLabels: { "network.openshift.io/policy-group": "monitoring" } } };

  it("let OpenShift's monitoring reach the backend port once metrics are on, and not before", () => {
    assert.ok(peersOf(METRICS).some((peer) => JSON.stringify(peer) === JSON.stringify(MONITORING)));
    assert.ok(!peersOf({}).some((peer) => peer.namespaceSelector));
  });

  it("let another Prometheus in on plain Kubernetes", () => {
    const peers = peersOf({
      ...METRICS,
      "metrics.scrapeFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name": "monitoring",
    });
    assert.deepEqual(
      peers.filter((peer) => peer.namespaceSelector),
      [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
    );
  });
});

describe("tracing", () => {
  it("passes the OTLP endpoint and the service name to the backend", () => {
    const env = envOf(
      renderChart({
        set: {
          "tracing.otlpEndpoint": "http://otel-collector.observability:4318",
          "tracing.serviceName": "spechub-eu",
        },
      }),
    );
    assert.deepEqual(env.OTEL_EXPORTER_OTLP_ENDPOINT, {
      name: "OTEL_EXPORTER_OTLP_ENDPOINT",
      value: "http://otel-collector.observability:4318",
    });
    assert.deepEqual(env.OTEL_SERVICE_NAME, { name: "OTEL_SERVICE_NAME", value: "spechub-eu" });
    const defaultName = envOf(renderChart({ set: { "tracing.otlpEndpoint": "http://otel:4318" } }));
    assert.equal(defaultName.OTEL_SERVICE_NAME, undefined, "the backend's own default, spechub-backend");
  });

  it("refuses an endpoint that is not an http(s) URL", () => {
    assert.match(renderChartError({ set: { "tracing.otlpEndpoint": "otel-collector:4317" } }), /otlpEndpoint/);
  });
});

describe("the metrics token on a cluster that already holds the release's Secret", () => {
  const namespace = "spechub";
  let api;
  let renderAgainstCluster;
  before(async () => {
    ({ api, render: renderAgainstCluster } = await clusterWithReleaseSecret(namespace, {
      "postgresql-password": "stored-password",
      "metrics-token": "stored-metrics-token",
    }));
  });
  after(async () => {
    await api?.close();
  });

  it("is kept across upgrades", async () => {
    assert.equal((await renderAgainstCluster(METRICS))["metrics-token"], "stored-metrics-token");
  });
});
