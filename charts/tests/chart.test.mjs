// The Helm chart rendered by the real helm binary, for the configurations the deployment guide
// uses: names and kinds, environment wiring, ports, probes, security, and the Kubernetes and
// OpenShift schemas of every rendered object.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { find, helm, podSpecs, renderChart, renderChartError, secretData, setFlags } from "./lib/helm.mjs";
import { chartDir, repoRoot } from "./lib/paths.mjs";
import { clusterWithReleaseSecret } from "./lib/release-secret.mjs";
import { INT_REG, NS, SECRET_KEYS, scenarios } from "./lib/scenarios.mjs";
import { schemaProblems } from "./lib/validate.mjs";

const rendered = Object.fromEntries(Object.entries(scenarios).map(([name, set]) => [name, renderChart({ set })]));

const kindsAndNames = (objects) => objects.map((object) => `${object.kind}/${object.metadata.name}`).sort();

const envOf = (container) => Object.fromEntries(container.env.map((variable) => [variable.name, variable]));

describe("helm lint", () => {
  for (const [name, set] of Object.entries(scenarios)) {
    it(`passes --strict with the ${name} values`, () => {
      const result = helm(["lint", "--strict", chartDir, ...setFlags(set)]);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }
});

describe("rendered objects", () => {
  it("are exactly the guide's table, plus the ServiceAccount and the helm test pod (defaults)", () => {
    assert.deepEqual(
      kindsAndNames(rendered.defaults),
      [
        "Deployment/sh-pcp-backend",
        "Deployment/sh-pcp-frontend",
        "Job/sh-pcp-migrate",
        "Pod/sh-pcp-test-health",
        "Route/sh-pcp-frontend",
        "Secret/sh-pcp",
        "Service/sh-pcp-backend",
        "Service/sh-pcp-database",
        "Service/sh-pcp-frontend",
        "ServiceAccount/sh-pcp",
        "StatefulSet/sh-pcp-database",
      ].sort(),
    );
  });

  it("drop the database StatefulSet and Service for an external database", () => {
    const names = kindsAndNames(rendered.externalDatabase);
    assert.ok(!names.includes("StatefulSet/sh-pcp-database"));
    assert.ok(!names.includes("Service/sh-pcp-database"));
    assert.ok(names.includes("Deployment/sh-pcp-backend"));
    assert.ok(names.includes("Job/sh-pcp-migrate"));
  });

  it("use an Ingress instead of Routes when asked to", () => {
    const names = kindsAndNames(rendered.ingress);
    assert.ok(names.includes("Ingress/sh-pcp"));
    assert.equal(names.filter((name) => name.startsWith("Route/")).length, 0);
  });

  it("add a HorizontalPodAutoscaler and a PodDisruptionBudget for the backend when enabled", () => {
    const names = kindsAndNames(rendered.autoscaled);
    assert.ok(names.includes("HorizontalPodAutoscaler/sh-pcp-backend"));
    assert.ok(names.includes("PodDisruptionBudget/sh-pcp-backend"));
    assert.ok(!kindsAndNames(rendered.defaults).some((name) => name.startsWith("HorizontalPodAutoscaler/")));
  });

  for (const [scenario, objects] of Object.entries(rendered)) {
    it(`validate against the Kubernetes and OpenShift schemas of their kinds (${scenario})`, async () => {
      const problems = (await Promise.all(objects.map(schemaProblems))).flat();
      assert.deepEqual(problems, []);
    });

    it(`carry the release's instance label, which the guide's oc commands select on (${scenario})`, () => {
      for (const object of objects) {
        assert.equal(
          object.metadata.labels?.["app.kubernetes.io/instance"],
          "sh",
          `${object.kind}/${object.metadata.name}`,
        );
      }
      for (const { where, spec } of podSpecs(objects)) {
        const owner = objects.find((object) => `${object.kind}/${object.metadata.name}` === where);
        const podLabels = owner.kind === "Pod" ? owner.metadata.labels : owner.spec.template.metadata.labels;
        assert.equal(podLabels["app.kubernetes.io/instance"], "sh", where);
        assert.ok(spec.containers.length > 0, where);
      }
    });
  }

  it("label the database volume claim so `oc delete pvc -l app.kubernetes.io/instance=sh` finds it", () => {
    const claim = find(rendered.defaults, "StatefulSet", "sh-pcp-database").spec.volumeClaimTemplates[0];
    assert.equal(claim.metadata.labels["app.kubernetes.io/instance"], "sh");
    // The claim template cannot change on upgrade: nothing version-dependent may be in it.
    assert.ok(!("helm.sh/chart" in claim.metadata.labels));
    assert.ok(!("app.kubernetes.io/version" in claim.metadata.labels));
  });
});

describe("secret and environment wiring", () => {
  it("stores the guide's keys, and the owner's URL and the application role's password, in Secret sh-pcp", () => {
    const data = secretData(find(rendered.defaults, "Secret", "sh-pcp"));
    assert.deepEqual(Object.keys(data).sort(), SECRET_KEYS);
  });

  it("generates strong secrets when none are given, so a bare install is not open", () => {
    const data = secretData(find(rendered.defaults, "Secret", "sh-pcp"));
    assert.match(data["postgresql-password"], /^[A-Za-z0-9]{32}$/);
    assert.match(data["postgresql-app-password"], /^[A-Za-z0-9]{32}$/);
    assert.notEqual(data["postgresql-app-password"], data["postgresql-password"]);
    assert.match(data["auth-token"], /^[A-Za-z0-9]{48}$/);
    assert.match(data["jwt-secret"], /^[A-Za-z0-9]{64}$/);
    const again = secretData(find(renderChart(), "Secret", "sh-pcp"));
    assert.notEqual(again["auth-token"], data["auth-token"], "each fresh install gets its own token");
  });

  it("is kept on uninstall, so a reinstall finds the password the kept volume was initialised with", () => {
    const annotations = find(rendered.defaults, "Secret", "sh-pcp").metadata.annotations;
    assert.equal(annotations["helm.sh/resource-policy"], "keep");
  });

  describe("against a cluster that already holds the release's Secret (upgrade, reinstall)", () => {
    const namespace = "spechub";
    // What an earlier install left: Helm's ownership metadata, and no jwt-secret (an older
    // chart version did not create one).
    let api;
    let renderAgainstCluster;
    before(async () => {
      ({ api, render: renderAgainstCluster } = await clusterWithReleaseSecret(namespace, {
        "postgresql-password": "stored-password",
        "auth-token": "stored-token",
      }));
    });
    after(async () => {
      await api?.close();
    });

    it("keeps the stored password and token, and generates only what is missing", async () => {
      const data = await renderAgainstCluster();
      assert.ok(
        api.requests.includes(`GET /api/v1/namespaces/${namespace}/secrets/sh-pcp`),
        "the chart looked the Secret up",
      );
      assert.equal(data["postgresql-password"], "stored-password");
      assert.equal(data["auth-token"], "stored-token");
      assert.equal(new URL(data["migration-database-url"]).password, "stored-password");
      assert.match(data["jwt-secret"], /^[A-Za-z0-9]{64}$/);
      // An install from before the application role gets one; the migration Job creates it.
      assert.match(data["postgresql-app-password"], /^[A-Za-z0-9]{32}$/);
      assert.equal(new URL(data["database-url"]).password, data["postgresql-app-password"]);
    });

    it("lets a value given at upgrade replace the stored one", async () => {
      const data = await renderAgainstCluster({ "backend.authToken": "rotated-token-0123456789" });
      assert.equal(data["auth-token"], "rotated-token-0123456789");
      assert.equal(data["postgresql-password"], "stored-password");
    });
  });

  it("points the backend's URL at sh-pcp-database:5432 as the application role, the migrations' as the owner", () => {
    const data = secretData(find(rendered.defaults, "Secret", "sh-pcp"));
    const app = new URL(data["database-url"]);
    assert.equal(app.protocol, "postgresql:");
    assert.equal(app.hostname, "sh-pcp-database");
    assert.equal(app.port, "5432");
    assert.equal(app.username, "pcp_app");
    assert.equal(decodeURIComponent(app.password), data["postgresql-app-password"]);
    assert.equal(app.pathname, "/pcp");
    const owner = new URL(data["migration-database-url"]);
    assert.equal(owner.hostname, "sh-pcp-database");
    assert.equal(owner.username, "pcp");
    assert.equal(decodeURIComponent(owner.password), data["postgresql-password"]);
    assert.equal(owner.pathname, "/pcp");
  });

  it("uses given credentials verbatim, percent-encoding them in the URL", () => {
    const password = "p@ss w:rd/+%?#";
    const objects = renderChart({
      set: { "backend.authToken": "operator-token-0123456789", "backend.jwtSecret": "jwt-0123456789" },
      args: ["--set-string", `postgresql.password=${password}`, "--set", "postgresql.username=spec_hub"],
    });
    const data = secretData(find(objects, "Secret", "sh-pcp"));
    assert.equal(data["postgresql-password"], password);
    assert.equal(data["auth-token"], "operator-token-0123456789");
    assert.equal(data["jwt-secret"], "jwt-0123456789");
    const url = new URL(data["migration-database-url"]);
    assert.equal(decodeURIComponent(url.password), password);
    assert.equal(url.username, "spec_hub");
    const database = find(objects, "StatefulSet", "sh-pcp-database").spec.template.spec.containers[0];
    assert.equal(envOf(database).POSTGRES_USER.value, "spec_hub");
  });

  it("points both URLs at the external server as its owner when no application role is given", () => {
    const data = secretData(find(rendered.externalDatabase, "Secret", "sh-pcp"));
    const url = new URL(data["database-url"]);
    assert.equal(url.hostname, "my-pg-server.postgres.database.azure.com");
    assert.equal(url.port, "5432");
    assert.equal(url.username, "pcp");
    assert.equal(url.password, "Ext3rnal-Secret");
    assert.equal(url.pathname, "/pcp");
    assert.equal(url.search, "");
    assert.equal(data["migration-database-url"], data["database-url"]);
    assert.equal(data["postgresql-app-password"], undefined);
  });

  it("connects the backend to the external server as the application role once it is given", () => {
    const objects = renderChart({ set: { ...scenarios.externalDatabase, "postgresql.appPassword": "App-Secret" } });
    const data = secretData(find(objects, "Secret", "sh-pcp"));
    const app = new URL(data["database-url"]);
    assert.equal(app.username, "pcp_app");
    assert.equal(app.password, "App-Secret");
    assert.equal(new URL(data["migration-database-url"]).username, "pcp");
  });

  it("adds sslmode and sslrootcert to both external URLs when asked to", () => {
    const objects = renderChart({
      set: {
        ...scenarios.externalDatabase,
        "postgresql.sslMode": "verify-full",
        "postgresql.sslRootCert": "/etc/pcp-ca/ca.crt",
      },
    });
    const data = secretData(find(objects, "Secret", "sh-pcp"));
    for (const key of ["database-url", "migration-database-url"]) {
      const url = new URL(data[key]);
      assert.equal(url.searchParams.get("sslmode"), "verify-full", key);
      assert.equal(url.searchParams.get("sslrootcert"), "/etc/pcp-ca/ca.crt", key);
    }
  });

  it("gives the backend DATABASE_URL, AUTH_TOKEN and JWT_SECRET from the Secret, and its settings", () => {
    const objects = renderChart({
      set: { "backend.env.logLevel": "debug", "backend.env.allowedHosts": "spechub.example.com" },
    });
    const env = envOf(find(objects, "Deployment", "sh-pcp-backend").spec.template.spec.containers[0]);
    assert.deepEqual(env.DATABASE_URL.valueFrom.secretKeyRef, { name: "sh-pcp", key: "database-url" });
    // Optional, so an existingSecret may leave them out (no operator token; a key kept in the database).
    for (const [variable, key] of [
      ["AUTH_TOKEN", "auth-token"],
      ["JWT_SECRET", "jwt-secret"],
    ]) {
      assert.deepEqual(env[variable].valueFrom.secretKeyRef, { name: "sh-pcp", key, optional: true }, variable);
    }
    assert.equal(env.LOG_LEVEL.value, "debug");
    assert.equal(env.ALLOWED_HOSTS.value, "spechub.example.com");
    assert.equal(env.PORT.value, "8000");
  });

  it("gives the frontend BACKEND_URL=http://sh-pcp-backend:8000, for every configuration", () => {
    for (const [scenario, objects] of Object.entries(rendered)) {
      const env = envOf(find(objects, "Deployment", "sh-pcp-frontend").spec.template.spec.containers[0]);
      assert.equal(env.BACKEND_URL.value, "http://sh-pcp-backend:8000", scenario);
      assert.equal(env.PORT.value, "3000", scenario);
      assert.equal(env.HOSTNAME.value, "0.0.0.0", scenario);
    }
  });

  it("follows the release name in every wired name", () => {
    const objects = renderChart({ release: "prod" });
    const env = envOf(find(objects, "Deployment", "prod-pcp-frontend").spec.template.spec.containers[0]);
    assert.equal(env.BACKEND_URL.value, "http://prod-pcp-backend:8000");
    const url = new URL(secretData(find(objects, "Secret", "prod-pcp"))["database-url"]);
    assert.equal(url.hostname, "prod-pcp-database");
    find(objects, "Job", "prod-pcp-migrate");
  });

  it("gives the database its user, database, password from the Secret and PGDATA inside the volume", () => {
    const statefulSet = find(rendered.defaults, "StatefulSet", "sh-pcp-database");
    const container = statefulSet.spec.template.spec.containers[0];
    const env = envOf(container);
    assert.equal(env.POSTGRES_USER.value, "pcp");
    assert.equal(env.POSTGRES_DB.value, "pcp");
    assert.deepEqual(env.POSTGRES_PASSWORD.valueFrom.secretKeyRef, { name: "sh-pcp", key: "postgresql-password" });
    assert.equal(env.POSTGRES_APP_USER.value, "pcp_app");
    assert.deepEqual(env.POSTGRES_APP_PASSWORD.valueFrom.secretKeyRef, {
      name: "sh-pcp",
      key: "postgresql-app-password",
    });
    const mount = container.volumeMounts.find((volumeMount) => volumeMount.name === "data").mountPath;
    assert.equal(mount, "/var/lib/postgresql/data");
    assert.ok(env.PGDATA.value.startsWith(`${mount}/`), "PGDATA must be a folder inside the volume, not its root");
  });

  it("runs the migration job with the backend image, as the owner, as a post-install/post-upgrade hook", () => {
    const job = find(rendered.s2i, "Job", "sh-pcp-migrate");
    assert.equal(job.metadata.annotations["helm.sh/hook"], "post-install,post-upgrade");
    // Kept after success so `oc get jobs -l app.kubernetes.io/instance=sh` shows it.
    assert.equal(job.metadata.annotations["helm.sh/hook-delete-policy"], "before-hook-creation");
    const container = job.spec.template.spec.containers[0];
    assert.deepEqual(container.command, ["node", "dist/db/migrate-cli.js"]);
    assert.equal(container.image, `${INT_REG}/${NS}/backend:latest`);
    assert.deepEqual(envOf(container).DATABASE_URL.valueFrom.secretKeyRef, {
      name: "sh-pcp",
      key: "migration-database-url",
    });
  });
});

describe("images", () => {
  it("default to the published images at the chart's appVersion", () => {
    const images = podSpecs(rendered.defaults).flatMap(({ spec }) =>
      spec.containers.map((container) => container.image),
    );
    assert.ok(images.includes("ghcr.io/mlopstapus/spechub-backend:0.1.1"));
    assert.ok(images.includes("ghcr.io/mlopstapus/spechub-frontend:0.1.1"));
    assert.ok(images.includes("ghcr.io/mlopstapus/spechub-database:0.1.1"));
  });

  it("take the guide's S2I overrides, and leave the pull policy to Kubernetes (Always for latest)", () => {
    const expected = {
      "Deployment/sh-pcp-backend": `${INT_REG}/${NS}/backend:latest`,
      "Deployment/sh-pcp-frontend": `${INT_REG}/${NS}/frontend:latest`,
      "StatefulSet/sh-pcp-database": `${INT_REG}/${NS}/database:latest`,
      "Job/sh-pcp-migrate": `${INT_REG}/${NS}/backend:latest`,
      "Pod/sh-pcp-test-health": `${INT_REG}/${NS}/backend:latest`,
    };
    for (const { where, spec } of podSpecs(rendered.s2i)) {
      assert.equal(spec.containers[0].image, expected[where], where);
      assert.equal(spec.containers[0].imagePullPolicy, undefined, where);
    }
  });

  it("take pullPolicy and imagePullSecrets (the pre-built images with a pull secret)", () => {
    const objects = renderChart({
      set: {
        "backend.image.repository": "ghcr.io/mlopstapus/spechub-backend",
        "backend.image.tag": "0.1.1",
        "backend.image.pullPolicy": "Always",
        "imagePullSecrets[0].name": "ghcr-pull-secret",
      },
    });
    for (const { where, spec } of podSpecs(objects)) {
      assert.deepEqual(spec.imagePullSecrets, [{ name: "ghcr-pull-secret" }], where);
    }
    const backend = find(objects, "Deployment", "sh-pcp-backend").spec.template.spec.containers[0];
    assert.equal(backend.image, "ghcr.io/mlopstapus/spechub-backend:0.1.1");
    assert.equal(backend.imagePullPolicy, "Always");
  });
});

describe("ports and probes", () => {
  const probePath = (probe) => probe?.httpGet?.path;

  it("serve the backend on 8000 and the frontend on 3000, through same-numbered services", () => {
    for (const [component, port] of [
      ["backend", 8000],
      ["frontend", 3000],
    ]) {
      const name = `sh-pcp-${component}`;
      const container = find(rendered.defaults, "Deployment", name).spec.template.spec.containers[0];
      assert.deepEqual(container.ports, [{ name: "http", containerPort: port, protocol: "TCP" }]);
      const service = find(rendered.defaults, "Service", name);
      assert.equal(service.spec.type, "ClusterIP");
      assert.deepEqual(service.spec.ports, [{ name: "http", port, targetPort: "http", protocol: "TCP" }]);
      assert.deepEqual(service.spec.selector, find(rendered.defaults, "Deployment", name).spec.selector.matchLabels);
    }
  });

  it("serve the database on 5432", () => {
    const service = find(rendered.defaults, "Service", "sh-pcp-database");
    assert.deepEqual(service.spec.ports, [
      { name: "postgresql", port: 5432, targetPort: "postgresql", protocol: "TCP" },
    ]);
    const statefulSet = find(rendered.defaults, "StatefulSet", "sh-pcp-database");
    assert.equal(statefulSet.spec.serviceName, "sh-pcp-database");
    assert.equal(statefulSet.spec.template.spec.containers[0].ports[0].containerPort, 5432);
  });

  it("restart the backend only when its process is stuck (/health/live), and take it out of service while the database is away (/health)", () => {
    const container = find(rendered.defaults, "Deployment", "sh-pcp-backend").spec.template.spec.containers[0];
    assert.equal(probePath(container.livenessProbe), "/health/live");
    assert.equal(probePath(container.startupProbe), "/health/live");
    assert.equal(probePath(container.readinessProbe), "/health");
    for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"])
      assert.equal(container[probe].httpGet.port, "http", probe);
  });

  it("check the frontend on its own liveness route, so no backend or database outage restarts it", () => {
    const container = find(rendered.defaults, "Deployment", "sh-pcp-frontend").spec.template.spec.containers[0];
    for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
      assert.equal(probePath(container[probe]), "/health/live", probe);
      assert.equal(container[probe].httpGet.port, "http", probe);
    }
    // Answered by the web UI's own route handler, which never calls the backend.
    const route = fs.readFileSync(path.join(repoRoot, "frontend", "src", "app", "health", "live", "route.ts"), "utf8");
    assert.doesNotMatch(route, /fetch|BACKEND_URL/);
  });

  it("check the database with pg_isready", () => {
    const container = find(rendered.defaults, "StatefulSet", "sh-pcp-database").spec.template.spec.containers[0];
    for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
      assert.match(container[probe].exec.command.join(" "), /pg_isready .*-U "\$POSTGRES_USER"/, probe);
    }
  });

  it("run `helm test` as a check of /health through the frontend service", () => {
    const pod = find(rendered.defaults, "Pod", "sh-pcp-test-health");
    assert.equal(pod.metadata.annotations["helm.sh/hook"], "test");
    assert.equal(pod.spec.restartPolicy, "Never");
    const script = pod.spec.containers[0].command.join(" ");
    assert.match(script, /curl .*"\$url"/);
    assert.match(script, /url="http:\/\/sh-pcp-frontend:3000\/health"/);
    assert.match(script, /"status":"ok"/);
  });
});

describe("OpenShift restricted SCC", () => {
  for (const [scenario, objects] of Object.entries(rendered)) {
    it(`every pod runs non-root, unprivileged, with no fixed user id and with resources (${scenario})`, () => {
      for (const { where, spec } of podSpecs(objects)) {
        assert.equal(spec.securityContext.runAsNonRoot, true, where);
        assert.deepEqual(spec.securityContext.seccompProfile, { type: "RuntimeDefault" }, where);
        assert.equal(spec.securityContext.runAsUser, undefined, `${where}: OpenShift assigns the user id`);
        assert.equal(spec.securityContext.fsGroup, undefined, `${where}: OpenShift assigns the group`);
        assert.equal(spec.automountServiceAccountToken, false, where);
        for (const container of [...spec.containers, ...(spec.initContainers ?? [])]) {
          const context = container.securityContext;
          const at = `${where} ${container.name}`;
          assert.equal(context.allowPrivilegeEscalation, false, at);
          assert.deepEqual(context.capabilities, { drop: ["ALL"] }, at);
          assert.equal(context.runAsNonRoot, true, at);
          assert.deepEqual(context.seccompProfile, { type: "RuntimeDefault" }, at);
          assert.equal(context.runAsUser, undefined, at);
          assert.equal(context.privileged, undefined, at);
          assert.ok(container.resources?.requests?.cpu && container.resources?.requests?.memory, `${at} requests`);
          assert.ok(container.resources?.limits?.cpu && container.resources?.limits?.memory, `${at} limits`);
        }
      }
    });
  }

  it("lets plain Kubernetes give the database volume a writable group", () => {
    const objects = renderChart({ set: { "database.podSecurityContext.fsGroup": 1000 } });
    const context = find(objects, "StatefulSet", "sh-pcp-database").spec.template.spec.securityContext;
    assert.equal(context.fsGroup, 1000);
    assert.equal(context.runAsNonRoot, true);
  });
});

describe("routes and ingress", () => {
  it("expose the frontend through an edge TLS route, on frontend.route.host when given", () => {
    const route = find(rendered.defaults, "Route", "sh-pcp-frontend");
    assert.deepEqual(route.spec.to, { kind: "Service", name: "sh-pcp-frontend", weight: 100 });
    assert.equal(route.spec.port.targetPort, "http");
    assert.equal(route.spec.tls.termination, "edge");
    assert.equal(route.spec.tls.insecureEdgeTerminationPolicy, "Redirect");
    assert.equal(route.spec.host, undefined, "OpenShift generates the host by default");

    const custom = renderChart({ set: { "frontend.route.host": "spechub.example.com" } });
    assert.equal(find(custom, "Route", "sh-pcp-frontend").spec.host, "spechub.example.com");
  });

  it("leave the backend unpublished by default (its route would also publish the API docs)", () => {
    assert.ok(
      !rendered.defaults.some((object) => object.kind === "Route" && object.metadata.name === "sh-pcp-backend"),
    );
  });

  it("expose the backend for MCP clients, when asked, on a route that cannot negotiate HTTP/2", () => {
    const withRoute = renderChart({ set: { "backend.route.enabled": true } });
    const route = find(withRoute, "Route", "sh-pcp-backend");
    assert.deepEqual(route.spec.to, { kind: "Service", name: "sh-pcp-backend", weight: 100 });
    assert.equal(route.spec.tls.termination, "edge");
    // The router offers HTTP/2 only with a route's own certificate, and h2c to pods only for
    // services that declare it.
    assert.equal(route.spec.tls.certificate, undefined);
    assert.equal(route.spec.tls.key, undefined);
    for (const port of find(withRoute, "Service", "sh-pcp-backend").spec.ports) {
      assert.notEqual(port.appProtocol, "kubernetes.io/h2c");
    }
    assert.equal(route.metadata.annotations["haproxy.router.openshift.io/timeout"], "5m");
  });

  it("switch each route on or off on its own", () => {
    const objects = renderChart({ set: { "backend.route.enabled": true, "frontend.route.enabled": false } });
    find(objects, "Route", "sh-pcp-backend");
    assert.ok(!objects.some((object) => object.kind === "Route" && object.metadata.name === "sh-pcp-frontend"));
  });

  it("send the Ingress host to the frontend service, with TLS", () => {
    const ingress = find(rendered.ingress, "Ingress", "sh-pcp");
    assert.equal(ingress.spec.ingressClassName, "nginx");
    assert.deepEqual(ingress.spec.tls, [{ hosts: ["spechub.example.com"], secretName: "spechub-tls" }]);
    const [rule] = ingress.spec.rules;
    assert.equal(rule.host, "spechub.example.com");
    assert.deepEqual(rule.http.paths, [
      { path: "/", pathType: "Prefix", backend: { service: { name: "sh-pcp-frontend", port: { name: "http" } } } },
    ]);
  });
});

describe("replicas and autoscaling", () => {
  it("run the configured number of replicas without autoscaling", () => {
    const objects = renderChart({ set: { "backend.replicas": 3, "frontend.replicas": 2 } });
    assert.equal(find(objects, "Deployment", "sh-pcp-backend").spec.replicas, 3);
    assert.equal(find(objects, "Deployment", "sh-pcp-frontend").spec.replicas, 2);
  });

  it("hand the backend's replica count to the HorizontalPodAutoscaler", () => {
    const deployment = find(rendered.autoscaled, "Deployment", "sh-pcp-backend");
    assert.equal(deployment.spec.replicas, undefined, "a fixed count would fight the autoscaler on every upgrade");
    const hpa = find(rendered.autoscaled, "HorizontalPodAutoscaler", "sh-pcp-backend");
    assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "sh-pcp-backend" });
    assert.ok(hpa.spec.minReplicas >= 2);
    assert.ok(hpa.spec.maxReplicas >= hpa.spec.minReplicas);
    assert.equal(hpa.spec.metrics[0].resource.name, "cpu");
  });

  it("protect backend pods with a PodDisruptionBudget that selects them", () => {
    const pdb = find(rendered.autoscaled, "PodDisruptionBudget", "sh-pcp-backend");
    const podLabels = find(rendered.autoscaled, "Deployment", "sh-pcp-backend").spec.template.metadata.labels;
    for (const [key, value] of Object.entries(pdb.spec.selector.matchLabels)) assert.equal(podLabels[key], value, key);
    assert.equal(pdb.spec.minAvailable, 1);
  });

  it("share one Secret, hence one JWT secret and database, among all backend replicas", () => {
    const env = envOf(find(rendered.autoscaled, "Deployment", "sh-pcp-backend").spec.template.spec.containers[0]);
    assert.equal(env.JWT_SECRET.valueFrom.secretKeyRef.name, "sh-pcp");
    assert.equal(env.DATABASE_URL.valueFrom.secretKeyRef.name, "sh-pcp");
  });
});

describe("storage", () => {
  it("claims database.storage.size in the given storage class", () => {
    const claim = (objects) => find(objects, "StatefulSet", "sh-pcp-database").spec.volumeClaimTemplates[0].spec;
    assert.equal(claim(rendered.defaults).resources.requests.storage, "1Gi");
    assert.equal(claim(rendered.defaults).storageClassName, undefined);
    const custom = claim(
      renderChart({ set: { "database.storage.size": "5Gi", "database.storage.storageClass": "managed-csi" } }),
    );
    assert.equal(custom.resources.requests.storage, "5Gi");
    assert.equal(custom.storageClassName, "managed-csi");
    assert.equal(claim(renderChart({ set: { "database.storage.storageClass": "-" } })).storageClassName, "");
  });
});

describe("refused configurations", () => {
  const cases = [
    [{ "database.storage.size": "lots" }, /\/database\/storage\/size.*'lots'/],
    [{ "backend.imagee.tag": "x" }, /\/backend.*'imagee' not allowed/],
    [{ "backend.env.logLevel": "verbose" }, /\/backend\/env\/logLevel/],
    [{ "frontend.image.pullPolicy": "Sometimes" }, /\/frontend\/image\/pullPolicy/],
    [{ "backend.replicas": "two" }, /\/backend\/replicas/],
    [{ "backend.resources.limits.memory": "a lot" }, /\/backend\/resources\/limits\/memory/],
    [{ "database.enabled": false }, /\/postgresql\/host/],
    [{ "database.enabled": false, "postgresql.host": "db.example.com" }, /\/postgresql\/password/],
    [{ "postgresql.host": "db.example.com" }, /database\.enabled=false/],
    [{ "ingress.enabled": true, "ingress.tls.enabled": true }, /ingress\.host/],
    [
      { "backend.autoscaling.enabled": true, "backend.autoscaling.minReplicas": 6 },
      /minReplicas \(6\) is larger than maxReplicas \(5\)/,
    ],
  ];
  for (const [set, message] of cases) {
    it(`fails clearly for ${JSON.stringify(set)}`, () => {
      assert.match(renderChartError({ set }), message);
    });
  }

  it("fails on a release name too long for Kubernetes names", () => {
    assert.match(renderChartError({ release: "a".repeat(40) }), /release name .* is too long/);
  });

  it("fails `helm install` itself on a bad value, before touching a cluster", () => {
    const result = helm(["install", "sh", chartDir, "--dry-run=client", "--set", "database.storage.size=lots"]);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /values don't meet the specifications of the schema/);
  });
});

describe("NOTES.txt", () => {
  const notes = (set) => {
    const result = helm(["install", "sh", chartDir, "--dry-run=client", ...setFlags(set)]);
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.slice(result.stdout.indexOf("NOTES:"));
  };

  it("prints the frontend URL and the MCP endpoint for a route host", () => {
    const text = notes({ "frontend.route.host": "spechub.example.com" });
    assert.match(text, /https:\/\/spechub\.example\.com\n/);
    assert.match(text, /https:\/\/spechub\.example\.com\/mcp/);
  });

  it("prints how to read a generated route host and the MCP endpoint", () => {
    const text = notes({});
    assert.match(text, /oc get route sh-pcp-frontend .*jsonpath='\{\.spec\.host\}'/);
    assert.match(text, /\/mcp/);
    assert.doesNotMatch(text, /sh-pcp-backend/);
    assert.match(notes({ "backend.route.enabled": true }), /oc get route sh-pcp-backend/);
  });

  it("prints the ingress URL when routes are off", () => {
    const text = notes(scenarios.ingress);
    assert.match(text, /https:\/\/spechub\.example\.com\/mcp/);
    assert.doesNotMatch(text, /oc get route/);
  });
});
