// What a platform team needs from the chart beyond the guide's defaults: secrets managed
// outside Helm, pinned images, least-privilege pods, placement, network policies, backups,
// graceful rollouts and TLS. Everything is rendered by the real helm binary.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { find, helm, renderChart, renderChartError, secretData, setFlags } from "./lib/helm.mjs";
import { chartDir, repoRoot } from "./lib/paths.mjs";
import { DIGEST, SECRET_KEYS, scenarios } from "./lib/scenarios.mjs";

const everything = renderChart({ set: scenarios.everything });
const restoring = renderChart({ set: scenarios.restore });
const defaults = renderChart();

const envOf = (container) => Object.fromEntries((container.env ?? []).map((variable) => [variable.name, variable]));
const podTemplate = (objects, kind, name) => find(objects, kind, name).spec.template;
const containerOf = (objects, kind, name) => podTemplate(objects, kind, name).spec.containers[0];

/** Every container and init container of every pod, with where it came from. */
function allContainers(objects) {
  const found = [];
  for (const object of objects) {
    const spec =
      object.kind === "Pod"
        ? object.spec
        : object.kind === "CronJob"
          ? object.spec.jobTemplate.spec.template.spec
          : object.spec?.template?.spec;
    if (!spec) continue;
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      found.push({ where: `${object.kind}/${object.metadata.name} ${container.name}`, container, spec });
    }
  }
  return found;
}

/** Pod labels of each workload, by "Kind/name". */
function podLabelsByWorkload(objects) {
  const labels = {};
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata.name}`;
    if (object.kind === "Pod") labels[where] = object.metadata.labels;
    else if (object.kind === "CronJob") labels[where] = object.spec.jobTemplate.spec.template.metadata.labels;
    else if (object.spec?.template?.metadata) labels[where] = object.spec.template.metadata.labels;
  }
  return labels;
}

const selects = (selector, labels) =>
  Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);

describe("existingSecret (GitOps)", () => {
  const args = setFlags(scenarios.existingSecret);

  it("renders no Secret, and every pod reads the named one", () => {
    const objects = renderChart({ set: scenarios.existingSecret });
    assert.ok(!objects.some((object) => object.kind === "Secret"));
    let references = 0;
    for (const { where, container } of allContainers(objects)) {
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (!ref) continue;
        references++;
        assert.equal(ref.name, "spechub-credentials", `${where} ${variable.name}`);
      }
    }
    assert.ok(references >= 8, `${references} secret references`);
  });

  it("renders identically twice, so a GitOps sync never sees a change it did not make", () => {
    const first = helm([
      "template",
      "sh",
      chartDir,
      ...args,
      "--set",
      "backup.enabled=true",
      "--set",
      "networkPolicy.enabled=true",
    ]);
    const second = helm([
      "template",
      "sh",
      chartDir,
      ...args,
      "--set",
      "backup.enabled=true",
      "--set",
      "networkPolicy.enabled=true",
    ]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, second.stdout);
  });

  it("is needed for that: generated secrets differ from one render to the next", () => {
    const first = helm(["template", "sh", chartDir]);
    const second = helm(["template", "sh", chartDir]);
    assert.notEqual(first.stdout, second.stdout);
  });

  it("reads only the keys the README lists", () => {
    const readme = fs.readFileSync(path.join(chartDir, "README.md"), "utf8");
    const objects = renderChart({ set: { ...scenarios.existingSecret, "backup.enabled": true } });
    const keys = new Set();
    for (const { container } of allContainers(objects)) {
      for (const variable of container.env ?? []) {
        if (variable.valueFrom?.secretKeyRef) keys.add(variable.valueFrom.secretKeyRef.key);
      }
    }
    for (const key of keys) assert.match(readme, new RegExp(`\`${key}\``), key);
    assert.deepEqual([...keys].sort(), SECRET_KEYS);
  });

  it("works with an external database without its host or password in the values", () => {
    const objects = renderChart({ set: { ...scenarios.existingSecret, "database.enabled": false } });
    assert.ok(!objects.some((object) => object.kind === "StatefulSet"));
    const job = find(objects, "Job", "sh-pcp-migrate");
    assert.equal(
      job.spec.template.spec.initContainers,
      undefined,
      "no application role to create on a server we do not run",
    );
  });
});

describe("images", () => {
  it("run repository@digest when a digest is given, ignoring the tag", () => {
    for (const { where, container } of allContainers(everything)) {
      assert.match(container.image, new RegExp(`@${DIGEST}$`), where);
    }
  });

  it("default to the chart's appVersion, the version the release workflow publishes with the chart", () => {
    const chart = fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8");
    const version = /^version: (\S+)$/m.exec(chart)[1];
    const appVersion = /^appVersion: "?([^"\n]+)"?$/m.exec(chart)[1];
    assert.equal(appVersion, version, "chart version and appVersion move together");
    for (const { where, container } of allContainers(defaults))
      assert.match(container.image, new RegExp(`:${version}$`), where);
  });

  it("follow an OpenShift ImageStreamTag when asked, through the trigger annotation", () => {
    for (const [kind, name, container, tag] of [
      ["Deployment", "sh-pcp-backend", "backend", "backend:latest"],
      ["Deployment", "sh-pcp-frontend", "frontend", "frontend:latest"],
      ["StatefulSet", "sh-pcp-database", "database", "database:latest"],
    ]) {
      const workload = find(everything, kind, name);
      const [trigger] = JSON.parse(workload.metadata.annotations["image.openshift.io/triggers"]);
      assert.deepEqual(trigger.from, { kind: "ImageStreamTag", name: tag });
      assert.equal(trigger.fieldPath, `spec.template.spec.containers[?(@.name=="${container}")].image`);
      assert.equal(workload.spec.template.spec.containers[0].name, container);
      assert.equal(find(defaults, kind, name).metadata.annotations?.["image.openshift.io/triggers"], undefined);
    }
  });
});

describe("least privilege", () => {
  it("connects the backend as the application role and the migrations as the owner", () => {
    const data = secretData(find(defaults, "Secret", "sh-pcp"));
    const backend = envOf(containerOf(defaults, "Deployment", "sh-pcp-backend"));
    assert.equal(new URL(data[backend.DATABASE_URL.valueFrom.secretKeyRef.key]).username, "pcp_app");
    const migrate = envOf(containerOf(defaults, "Job", "sh-pcp-migrate"));
    assert.equal(new URL(data[migrate.DATABASE_URL.valueFrom.secretKeyRef.key]).username, "pcp");
  });

  it("creates the application role before migrating, with the database image's own first-start script", () => {
    const job = find(defaults, "Job", "sh-pcp-migrate");
    const [init] = job.spec.template.spec.initContainers;
    assert.equal(init.image, containerOf(defaults, "StatefulSet", "sh-pcp-database").image);
    const script = init.command[0];
    assert.match(script, /^\/docker-entrypoint-initdb\.d\//);
    assert.ok(fs.existsSync(path.join(repoRoot, "database", "init", path.basename(script))), script);
    const env = envOf(init);
    assert.equal(env.PGHOST.value, "sh-pcp-database");
    assert.equal(env.POSTGRES_USER.value, "pcp");
    assert.equal(env.POSTGRES_APP_USER.value, "pcp_app");
    assert.deepEqual(env.PGPASSWORD.valueFrom.secretKeyRef, { name: "sh-pcp", key: "postgresql-password" });
    assert.deepEqual(env.POSTGRES_APP_PASSWORD.valueFrom.secretKeyRef, {
      name: "sh-pcp",
      key: "postgresql-app-password",
    });
  });

  it("gives migrations a lock_timeout, so a schema change never queues every request behind it", () => {
    const env = envOf(containerOf(defaults, "Job", "sh-pcp-migrate"));
    assert.equal(env.PGOPTIONS.value, "-c lock_timeout=10s");
    const custom = envOf(
      containerOf(renderChart({ set: { "migrations.lockTimeout": "30s" } }), "Job", "sh-pcp-migrate"),
    );
    assert.equal(custom.PGOPTIONS.value, "-c lock_timeout=30s");
  });

  it("runs migrations alongside the other objects under Argo CD, whose PostSync would wait for the backend", () => {
    const annotations = find(defaults, "Job", "sh-pcp-migrate").metadata.annotations;
    assert.equal(annotations["argocd.argoproj.io/hook"], "Sync");
    assert.equal(annotations["helm.sh/hook"], "post-install,post-upgrade");
  });

  it("runs every container with a read-only root filesystem, writing only to the volumes it mounts", () => {
    for (const objects of [defaults, everything]) {
      for (const { where, container } of allContainers(objects)) {
        assert.equal(container.securityContext.readOnlyRootFilesystem, true, where);
      }
    }
    const mounts = (kind, name) =>
      Object.fromEntries(
        containerOf(everything, kind, name).volumeMounts.map((mount) => [mount.mountPath, mount.name]),
      );
    const volumes = (kind, name) =>
      Object.fromEntries(podTemplate(everything, kind, name).spec.volumes.map((volume) => [volume.name, volume]));
    const frontend = mounts("Deployment", "sh-pcp-frontend");
    for (const folder of ["/app/.next/cache", "/app/.next/server/route-cache", "/tmp"]) {
      assert.ok(volumes("Deployment", "sh-pcp-frontend")[frontend[folder]]?.emptyDir, `frontend ${folder}`);
    }
    const database = mounts("StatefulSet", "sh-pcp-database");
    for (const folder of ["/var/run/postgresql", "/tmp"]) {
      assert.ok(volumes("StatefulSet", "sh-pcp-database")[database[folder]]?.emptyDir, `database ${folder}`);
    }
    assert.equal(database["/var/lib/postgresql/data"], "data", "the data volume");
    assert.ok(volumes("Deployment", "sh-pcp-backend")[mounts("Deployment", "sh-pcp-backend")["/tmp"]]?.emptyDir);
  });

  it("gives PostgreSQL an in-memory /dev/shm of database.shmSize", () => {
    const spec = podTemplate(
      renderChart({ set: { "database.shmSize": "1Gi" } }),
      "StatefulSet",
      "sh-pcp-database",
    ).spec;
    const mount = spec.containers[0].volumeMounts.find((volumeMount) => volumeMount.mountPath === "/dev/shm");
    const volume = spec.volumes.find((candidate) => candidate.name === mount.name);
    assert.deepEqual(volume.emptyDir, { medium: "Memory", sizeLimit: "1Gi" });
  });

  it("runs every pod as the release's ServiceAccount, without its token", () => {
    const account = find(everything, "ServiceAccount", "sh-pcp");
    assert.equal(account.automountServiceAccountToken, false);
    assert.equal(account.metadata.annotations["example.com/owner"], "platform");
    for (const { where, spec } of allContainers(everything)) {
      assert.equal(spec.serviceAccountName, "sh-pcp", where);
      assert.equal(spec.automountServiceAccountToken, false, where);
    }
    const own = renderChart({ set: { "serviceAccount.create": false, "serviceAccount.name": "spechub-runner" } });
    assert.ok(!own.some((object) => object.kind === "ServiceAccount"));
    for (const { where, spec } of allContainers(own)) assert.equal(spec.serviceAccountName, "spechub-runner", where);
  });
});

describe("placement", () => {
  const workloads = [
    ["Deployment", "sh-pcp-backend", "backend"],
    ["Deployment", "sh-pcp-frontend", "frontend"],
    ["StatefulSet", "sh-pcp-database", "database"],
  ];

  it("applies nodeSelector, tolerations, affinity, priorityClassName, pod labels and annotations per component", () => {
    for (const [kind, name] of workloads) {
      const { metadata, spec } = podTemplate(everything, kind, name);
      assert.deepEqual(spec.nodeSelector, { "node-role.kubernetes.io/app": "" }, name);
      assert.deepEqual(
        spec.tolerations,
        [{ key: "dedicated", operator: "Equal", value: "spechub", effect: "NoSchedule" }],
        name,
      );
      assert.equal(
        spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
          .matchExpressions[0].key,
        "kubernetes.io/arch",
      );
      assert.equal(spec.priorityClassName, "spechub-critical", name);
      assert.equal(metadata.labels["cost-center"], "cc-42", name);
      assert.equal(metadata.annotations["example.com/team"], "platform", name);
    }
    const backend = podTemplate(everything, "Deployment", "sh-pcp-backend");
    assert.ok(backend.metadata.annotations["checksum/secret"], "the chart's own annotation stays");
  });

  it("never lets podLabels change the labels the Services and policies select on", () => {
    const objects = renderChart({ set: { "backend.podLabels.app\\.kubernetes\\.io/component": "other" } });
    assert.equal(
      podTemplate(objects, "Deployment", "sh-pcp-backend").metadata.labels["app.kubernetes.io/component"],
      "backend",
    );
  });

  it("spreads pods with constraints that select their own component when no selector is given", () => {
    for (const [kind, name] of workloads.slice(0, 2)) {
      const template = podTemplate(everything, kind, name);
      const [constraint] = template.spec.topologySpreadConstraints;
      assert.equal(constraint.topologyKey, "topology.kubernetes.io/zone");
      assert.ok(selects(constraint.labelSelector, template.metadata.labels), name);
      assert.deepEqual(constraint.labelSelector.matchLabels, find(everything, kind, name).spec.selector.matchLabels);
    }
  });

  it("schedules the migration Job like the backend and the backups like the database", () => {
    assert.equal(podTemplate(everything, "Job", "sh-pcp-migrate").spec.priorityClassName, "spechub-critical");
    const backup = find(everything, "CronJob", "sh-pcp-backup").spec.jobTemplate.spec.template.spec;
    assert.deepEqual(backup.nodeSelector, { "node-role.kubernetes.io/app": "" });
  });

  it("hands the backend's extra volumes (a database CA) to the migration Job and the backups too", () => {
    for (const { where, container, spec } of allContainers(everything)) {
      if (
        !/Job\/sh-pcp-(migrate|restore) (migrate|restore)|CronJob\/sh-pcp-backup|Deployment\/sh-pcp-backend/.test(where)
      )
        continue;
      assert.ok(
        spec.volumes.some((volume) => volume.name === "pcp-ca" && volume.configMap.name === "pcp-ca"),
        where,
      );
      assert.ok(
        container.volumeMounts.some((mount) => mount.mountPath === "/etc/pcp-ca"),
        where,
      );
    }
    const env = envOf(containerOf(everything, "Deployment", "sh-pcp-backend"));
    assert.equal(env.CORS_ORIGINS.value, "https://spechub.example.com");
  });
});

describe("rolling updates", () => {
  it("let pods finish streamed MCP responses (up to the 5-minute route timeout) after a short preStop delay", () => {
    for (const name of ["sh-pcp-backend", "sh-pcp-frontend"]) {
      const { spec } = podTemplate(defaults, "Deployment", name);
      const [container] = spec.containers;
      assert.deepEqual(container.lifecycle.preStop.exec.command, ["sleep", "5"], name);
      assert.ok(spec.terminationGracePeriodSeconds >= 300 + 5, `${name}: ${spec.terminationGracePeriodSeconds}s`);
    }
    const noDelay = renderChart({ set: { "backend.preStopSleepSeconds": 0 } });
    assert.equal(containerOf(noDelay, "Deployment", "sh-pcp-backend").lifecycle, undefined);
  });

  it("scale and protect both web tiers", () => {
    for (const name of ["sh-pcp-backend", "sh-pcp-frontend"]) {
      const hpa = find(everything, "HorizontalPodAutoscaler", name);
      assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name });
      assert.equal(find(everything, "Deployment", name).spec.replicas, undefined, name);
      const pdb = find(everything, "PodDisruptionBudget", name);
      assert.ok(selects(pdb.spec.selector, podTemplate(everything, "Deployment", name).metadata.labels), name);
    }
  });

  it("address the single database pod through a headless Service", () => {
    assert.equal(find(defaults, "Service", "sh-pcp-database").spec.clusterIP, "None");
    assert.equal(find(defaults, "StatefulSet", "sh-pcp-database").spec.serviceName, "sh-pcp-database");
  });
});

describe("client addresses", () => {
  it("tell the backend and the web UI which proxies to believe (TRUST_PROXY), defaulting to OpenShift's pod network", () => {
    assert.equal(envOf(containerOf(defaults, "Deployment", "sh-pcp-backend")).TRUST_PROXY.value, "10.128.0.0/14");
    assert.equal(envOf(containerOf(defaults, "Deployment", "sh-pcp-frontend")).TRUST_PROXY.value, "10.128.0.0/14");
    const custom = renderChart({
      set: { "backend.trustProxy": "10.8.0.0/14", "frontend.trustProxy": "10.8.0.0/14\\,192.168.0.0/24" },
    });
    assert.equal(envOf(containerOf(custom, "Deployment", "sh-pcp-backend")).TRUST_PROXY.value, "10.8.0.0/14");
    assert.equal(
      envOf(containerOf(custom, "Deployment", "sh-pcp-frontend")).TRUST_PROXY.value,
      "10.8.0.0/14,192.168.0.0/24",
    );
  });
});

describe("routes", () => {
  it("send HSTS from the router, unless switched off", () => {
    const route = find(defaults, "Route", "sh-pcp-frontend");
    assert.equal(route.metadata.annotations["haproxy.router.openshift.io/hsts_header"], "max-age=31536000");
    assert.equal(route.metadata.annotations["haproxy.router.openshift.io/timeout"], "5m");
    const off = find(renderChart({ set: { "frontend.route.hsts": "" } }), "Route", "sh-pcp-frontend");
    assert.equal(off.metadata.annotations["haproxy.router.openshift.io/hsts_header"], undefined);
  });

  it("carry a custom host's certificate, inline or from a Secret", () => {
    const pem = (label) => `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`;
    const objects = renderChart({
      set: { "frontend.route.host": "spechub.example.com" },
      args: [
        "--set-string",
        `frontend.route.tls.certificate=${pem("CERTIFICATE")}`,
        "--set-string",
        `frontend.route.tls.key=${pem("PRIVATE KEY")}`,
        "--set-string",
        `frontend.route.tls.caCertificate=${pem("CERTIFICATE")}`,
      ],
    });
    const { tls } = find(objects, "Route", "sh-pcp-frontend").spec;
    assert.equal(tls.termination, "edge");
    assert.equal(tls.certificate, pem("CERTIFICATE"));
    assert.equal(tls.key, pem("PRIVATE KEY"));
    assert.deepEqual(find(everything, "Route", "sh-pcp-frontend").spec.tls.externalCertificate, {
      name: "spechub-tls",
    });
  });
});

describe("network policies", () => {
  const policies = everything.filter((object) => object.kind === "NetworkPolicy");
  const labels = podLabelsByWorkload(everything);
  /** Workloads whose pods a selector picks, by "Kind/name". */
  const picked = (selector) =>
    Object.entries(labels)
      .filter(([, podLabels]) => selects(selector, podLabels))
      .map(([where]) => where)
      .sort();
  const policy = (name) => find(policies, "NetworkPolicy", name);
  const peers = (name) => policy(name).spec.ingress.flatMap((rule) => rule.from);
  // OpenShift's router namespaces, as labelled for either network plugin.
  const router = ["network.openshift.io/policy-group", "policy-group.network.openshift.io/ingress"];

  it("exist only when asked for", () => {
    assert.ok(!defaults.some((object) => object.kind === "NetworkPolicy"));
    assert.deepEqual(policies.map((object) => object.metadata.name).sort(), [
      "sh-pcp-backend",
      "sh-pcp-database",
      "sh-pcp-frontend",
    ]);
  });

  it("each select exactly their component's pods", () => {
    assert.deepEqual(picked(policy("sh-pcp-frontend").spec.podSelector), ["Deployment/sh-pcp-frontend"]);
    assert.deepEqual(picked(policy("sh-pcp-backend").spec.podSelector), ["Deployment/sh-pcp-backend"]);
    assert.deepEqual(picked(policy("sh-pcp-database").spec.podSelector), ["StatefulSet/sh-pcp-database"]);
    for (const object of policies) assert.deepEqual(object.spec.policyTypes, ["Ingress"]);
  });

  it("let the router (and the helm test) reach the web UI on 3000", () => {
    const from = peers("sh-pcp-frontend");
    const namespaces = from
      .filter((peer) => peer.namespaceSelector)
      .map((peer) => Object.keys(peer.namespaceSelector.matchLabels)[0]);
    assert.deepEqual(namespaces, router);
    assert.deepEqual(
      from.filter((peer) => peer.podSelector).flatMap((peer) => picked(peer.podSelector)),
      ["Pod/sh-pcp-test-health"],
    );
    assert.deepEqual(policy("sh-pcp-frontend").spec.ingress[0].ports, [{ protocol: "TCP", port: 3000 }]);
  });

  it("let the web UI reach the backend on 8000, and the router only while the backend route is on", () => {
    const from = peers("sh-pcp-backend");
    assert.deepEqual(
      from.filter((peer) => peer.podSelector).flatMap((peer) => picked(peer.podSelector)),
      ["Deployment/sh-pcp-frontend"],
    );
    assert.equal(
      from.filter((peer) => peer.namespaceSelector).length,
      3,
      "the router's two (the backend route is on) and Prometheus' (metrics are on)",
    );
    const noRoute = renderChart({ set: { "networkPolicy.enabled": true } });
    const backendPeers = find(noRoute, "NetworkPolicy", "sh-pcp-backend").spec.ingress[0].from;
    assert.ok(backendPeers.every((peer) => !peer.namespaceSelector));
    assert.deepEqual(policy("sh-pcp-backend").spec.ingress[0].ports, [{ protocol: "TCP", port: 8000 }]);
  });

  it("let only the backend, the migrations, the backups and a restore reach the database on 5432", () => {
    const from = peers("sh-pcp-database");
    assert.ok(from.every((peer) => peer.podSelector && !peer.namespaceSelector));
    assert.deepEqual(from.flatMap((peer) => picked(peer.podSelector)).sort(), [
      "CronJob/sh-pcp-backup",
      "Deployment/sh-pcp-backend",
      "Job/sh-pcp-migrate",
    ]);
    const restoreLabels = podLabelsByWorkload(restoring)["Job/sh-pcp-restore"];
    const restorePeers = find(restoring, "NetworkPolicy", "sh-pcp-database").spec.ingress[0].from;
    assert.ok(restorePeers.some((peer) => selects(peer.podSelector, restoreLabels)));
    assert.deepEqual(policy("sh-pcp-database").spec.ingress[0].ports, [{ protocol: "TCP", port: 5432 }]);
  });

  it("leave out the database policy with an external database", () => {
    const objects = renderChart({ set: { ...scenarios.externalDatabase, "networkPolicy.enabled": true } });
    assert.ok(!objects.some((object) => object.kind === "NetworkPolicy" && object.metadata.name === "sh-pcp-database"));
  });

  it("take the ingress controller's namespace on plain Kubernetes", () => {
    const objects = renderChart({
      set: {
        "networkPolicy.enabled": true,
        "networkPolicy.ingressFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name": "ingress-nginx",
      },
    });
    const [peer] = find(objects, "NetworkPolicy", "sh-pcp-frontend").spec.ingress[0].from;
    assert.deepEqual(peer.namespaceSelector.matchLabels, { "kubernetes.io/metadata.name": "ingress-nginx" });
  });
});

describe("backups", () => {
  const cronJob = find(everything, "CronJob", "sh-pcp-backup");
  const backupPod = cronJob.spec.jobTemplate.spec.template.spec;

  it("are off by default", () => {
    assert.ok(!defaults.some((object) => ["CronJob", "ConfigMap", "PersistentVolumeClaim"].includes(object.kind)));
  });

  it("run pg_dump on schedule, one at a time, with the owner's connection, onto their own kept volume", () => {
    assert.equal(cronJob.spec.schedule, "0 2 * * *");
    assert.equal(cronJob.spec.timeZone, "Europe/Paris");
    assert.equal(cronJob.spec.concurrencyPolicy, "Forbid");
    const [container] = backupPod.containers;
    assert.deepEqual(container.command, ["sh", "/scripts/backup.sh"]);
    assert.equal(
      container.image,
      containerOf(everything, "StatefulSet", "sh-pcp-database").image,
      "the database image has pg_dump",
    );
    const env = envOf(container);
    assert.deepEqual(env.DATABASE_URL.valueFrom.secretKeyRef, { name: "sh-pcp", key: "migration-database-url" });
    assert.equal(env.BACKUP_KEEP.value, "7");
    assert.equal(env.BACKUP_DIR.value, "/backups");
    const claim = find(everything, "PersistentVolumeClaim", "sh-pcp-backup");
    assert.equal(claim.metadata.annotations["helm.sh/resource-policy"], "keep");
    assert.equal(claim.spec.resources.requests.storage, "5Gi");
    assert.equal(claim.metadata.labels["app.kubernetes.io/instance"], "sh");
    assert.ok(backupPod.volumes.some((volume) => volume.persistentVolumeClaim?.claimName === "sh-pcp-backup"));
  });

  it("ship the scripts the backup test runs, unchanged", () => {
    const configMap = find(everything, "ConfigMap", "sh-pcp-backup");
    for (const file of ["backup.sh", "restore.sh"]) {
      assert.equal(configMap.data[file], fs.readFileSync(path.join(chartDir, "files", file), "utf8"), file);
    }
  });

  it("write to an existing claim when given one", () => {
    const objects = renderChart({
      set: { "backup.enabled": true, "backup.storage.existingClaim": "nfs-backups", "backup.keep": 30 },
    });
    assert.ok(!objects.some((object) => object.kind === "PersistentVolumeClaim"));
    const pod = find(objects, "CronJob", "sh-pcp-backup").spec.jobTemplate.spec.template.spec;
    assert.ok(pod.volumes.some((volume) => volume.persistentVolumeClaim?.claimName === "nfs-backups"));
    assert.equal(envOf(pod.containers[0]).BACKUP_KEEP.value, "30");
  });

  it("restore a named dump with the application stopped, before the migrations bring its schema up to date", () => {
    const restore = find(restoring, "Job", "sh-pcp-restore");
    const migrate = find(restoring, "Job", "sh-pcp-migrate");
    assert.equal(restore.metadata.annotations["helm.sh/hook"], migrate.metadata.annotations["helm.sh/hook"]);
    assert.ok(
      Number(restore.metadata.annotations["helm.sh/hook-weight"]) <
        Number(migrate.metadata.annotations["helm.sh/hook-weight"]),
    );
    const [container] = restore.spec.template.spec.containers;
    assert.deepEqual(container.command, ["sh", "/scripts/restore.sh"]);
    assert.equal(envOf(container).RESTORE_FILE.value, "pcp-20250101T020000Z.dump");
    assert.equal(restore.spec.backoffLimit, 0, "a failed restore is looked at, not repeated");
    for (const name of ["sh-pcp-backend", "sh-pcp-frontend"])
      assert.equal(find(restoring, "Deployment", name).spec.replicas, 0, name);
    assert.ok(
      !restoring.some((object) => object.kind === "HorizontalPodAutoscaler"),
      "no autoscaler starts the backend again",
    );
    assert.ok(!everything.some((object) => object.metadata.name === "sh-pcp-restore"));
  });
});

describe("refused production settings", () => {
  const cases = [
    [{ "backend.image.digest": "sha256:abc" }, /\/backend\/image\/digest/],
    [{ "backend.image.imageStreamTag": "backend" }, /\/backend\/image\/imageStreamTag/],
    [{ "backup.restoreFile": "pcp-1.dump" }, /backup\.restoreFile needs backup\.enabled=true/],
    [{ "backup.enabled": true, "backup.restoreFile": "../etc/passwd" }, /\/backup\/restoreFile/],
    [{ "backup.enabled": true, "backup.keep": 0 }, /\/backup\/keep/],
    [{ "backup.enabled": true, "backup.schedule": "nightly" }, /\/backup\/schedule/],
    [{ "migrations.lockTimeout": "soon" }, /\/migrations\/lockTimeout/],
    [{ "postgresql.appUsername": "pcp" }, /the application role must be a role of its own/],
    [
      { "frontend.route.tls.certificate": "-----BEGIN CERTIFICATE-----" },
      /frontend\.route\.tls\.certificate needs frontend\.route\.tls\.key/,
    ],
    [{ "frontend.route.tls.key": "not a pem" }, /\/frontend\/route\/tls\/key/],
    [{ "networkPolicy.ingressFrom": "{}" }, /\/networkPolicy\/ingressFrom/],
    [
      { "frontend.autoscaling.enabled": true, "frontend.autoscaling.minReplicas": 9 },
      /frontend\.autoscaling\.minReplicas \(9\) is larger/,
    ],
    [{ existingSecret: "Not_A_Name" }, /\/existingSecret/],
  ];
  for (const [set, message] of cases) {
    it(`fails clearly for ${JSON.stringify(set)}`, () => {
      assert.match(renderChartError({ set }), message);
    });
  }
});
