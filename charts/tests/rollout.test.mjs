// scripts/rollout.sh against stand-ins for `oc` and `helm` that record every command it issues.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { renderChart } from "./lib/helm.mjs";
import { repoRoot } from "./lib/paths.mjs";

const script = path.join(repoRoot, "scripts", "rollout.sh");
const chartDir = path.join(repoRoot, "charts", "pcp");
const INT_REG = "image-registry.openshift-image-registry.svc:5000";

// Stand-ins: they log "<tool> <args>" and answer like a cluster whose state the STUB_*
// variables describe.
const OC_STUB = `#!/usr/bin/env bash
printf 'oc %s\\n' "$*" >> "$STUB_LOG"
case "$1" in
  whoami)
    if [[ "\${STUB_LOGGED_OUT:-}" == 1 ]]; then echo "error: You must be logged in to the server" >&2; exit 1; fi
    echo developer ;;
  project) echo "\${STUB_NAMESPACE:-spechub}" ;;
  get)
    for missing in \${STUB_MISSING:-}; do
      if [[ "$2" == "$missing" ]]; then echo "Error from server (NotFound): $2" >&2; exit 1; fi
    done
    # An ImageStreamTag answers with the digest of its image, one per service.
    if [[ "$2" == istag/* ]]; then
      svc="\${2#istag/}"; svc="\${svc%%:*}"
      printf 'sha256:%s' "$(printf '%s' "$svc" | sha256sum | cut -c1-64)"
    fi ;;
  start-build)
    for failing in \${STUB_FAILING_BUILDS:-}; do
      if [[ "$2" == "$failing" ]]; then echo "build $2 failed" >&2; exit 1; fi
    done ;;
esac
exit 0
`;

const HELM_STUB = `#!/usr/bin/env bash
printf 'helm %s\\n' "$*" >> "$STUB_LOG"
if [[ "$1" == status && "\${STUB_NO_RELEASE:-}" == 1 ]]; then echo "Error: release: not found" >&2; exit 1; fi
exit 0
`;

let stubDir;

before(() => {
  stubDir = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-rollout-"));
  fs.writeFileSync(path.join(stubDir, "oc"), OC_STUB, { mode: 0o755 });
  fs.writeFileSync(path.join(stubDir, "helm"), HELM_STUB, { mode: 0o755 });
});

after(() => {
  fs.rmSync(stubDir, { recursive: true, force: true });
});

let runCount = 0;

/** Runs the script; returns { status, stdout, stderr, commands } (commands: what it issued). */
function rollout(args = [], env = {}) {
  const log = path.join(stubDir, `commands-${++runCount}.log`);
  const base = { ...process.env };
  for (const name of ["HELM_RELEASE", "GIT_REPO", "GIT_REF", "CHART_DIR", "INT_REG"]) delete base[name];
  const result = spawnSync(script, args, {
    encoding: "utf8",
    cwd: repoRoot,
    env: { ...base, PATH: `${stubDir}:${process.env.PATH}`, STUB_LOG: log, ...env },
  });
  if (result.error) throw result.error;
  const commands = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, commands };
}

const build = (svc) => [`oc get bc/${svc}`, `oc start-build ${svc} --follow --wait`];
const restart = (workload) => `oc rollout restart ${workload}`;
const exists = (workload) => `oc get ${workload}`;
const status = (workload) => `oc rollout status ${workload} --timeout=10m`;
const digestOf = (svc) => `sha256:${createHash("sha256").update(svc).digest("hex")}`;
const resolve = (svc) => `oc get istag/${svc}:latest -o jsonpath={.image.metadata.name}`;
const pin = (svc, namespace = "spechub") =>
  `--set ${svc}.image.repository=${INT_REG}/${namespace}/${svc} --set ${svc}.image.digest=${digestOf(svc)}`;
const DATABASE = "statefulset/sh-pcp-database";
const BACKEND = "deployment/sh-pcp-backend";
const FRONTEND = "deployment/sh-pcp-frontend";

describe("scripts/rollout.sh", () => {
  it("is executable, as the guide runs it as ./scripts/rollout.sh", () => {
    assert.ok((fs.statSync(script).mode & 0o111) !== 0);
  });

  it("with no argument rebuilds the backend and the frontend and deploys exactly those builds, by digest", () => {
    const run = rollout();
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.commands, [
      "oc whoami",
      "oc project -q",
      ...build("backend"),
      ...build("frontend"),
      "helm status sh",
      exists(BACKEND),
      exists(FRONTEND),
      resolve("backend"),
      resolve("frontend"),
      `helm upgrade sh ${chartDir} --reset-then-reuse-values ${pin("backend")} ${pin("frontend")}`,
      status(BACKEND),
      status(FRONTEND),
    ]);
  });

  it("leaves the database alone unless it is named, and then rebuilds and redeploys it first", () => {
    assert.ok(!rollout().commands.some((command) => /database/.test(command)));
    const run = rollout(["frontend", "database"]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.commands, [
      "oc whoami",
      "oc project -q",
      ...build("database"),
      ...build("frontend"),
      "helm status sh",
      exists(DATABASE),
      exists(FRONTEND),
      resolve("database"),
      resolve("frontend"),
      `helm upgrade sh ${chartDir} --reset-then-reuse-values ${pin("database")} ${pin("frontend")}`,
      status(DATABASE),
      status(FRONTEND),
    ]);
  });

  it("with `backend` rebuilds and redeploys the backend only", () => {
    const run = rollout(["backend"]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.commands, [
      "oc whoami",
      "oc project -q",
      ...build("backend"),
      "helm status sh",
      exists(BACKEND),
      resolve("backend"),
      `helm upgrade sh ${chartDir} --reset-then-reuse-values ${pin("backend")}`,
      status(BACKEND),
    ]);
  });

  it("with --no-build only restarts, changing no image", () => {
    const run = rollout(["--no-build"]);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(
      !run.commands.some((command) => /start-build|new-build|oc logs|helm upgrade|istag/.test(command)),
      run.commands.join("\n"),
    );
    assert.deepEqual(
      run.commands.filter((command) => command.startsWith("oc rollout restart")),
      [restart(BACKEND), restart(FRONTEND)],
    );
    assert.deepEqual(
      rollout(["--no-build", "database"]).commands.filter((command) => command.startsWith("oc rollout restart")),
      [restart(DATABASE)],
    );
  });

  it("takes several services, in any order, and handles them in dependency order", () => {
    const run = rollout(["frontend", "backend", "--no-build", "backend"]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.commands, [
      "oc whoami",
      "oc project -q",
      "helm status sh",
      exists(BACKEND),
      exists(FRONTEND),
      restart(BACKEND),
      restart(FRONTEND),
      status(BACKEND),
      status(FRONTEND),
    ]);
  });

  it("creates a missing BuildConfig from GIT_REPO at GIT_REF, as the guide's oc new-build does", () => {
    const run = rollout(["frontend"], {
      STUB_MISSING: "bc/frontend",
      GIT_REPO: "https://git.example.com/team/SpecHub.git",
      GIT_REF: "release-1",
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.commands.slice(2, 5), [
      "oc get bc/frontend",
      "oc new-build --name=frontend --strategy=docker --context-dir=frontend https://git.example.com/team/SpecHub.git#release-1",
      "oc logs -f bc/frontend",
    ]);
  });

  it("creates a missing BuildConfig from the project's repository by default", () => {
    const run = rollout(["backend"], { STUB_MISSING: "bc/backend" });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(
      run.commands.includes(
        "oc new-build --name=backend --strategy=docker --context-dir=backend https://github.com/mlopstapus/SpecHub.git",
      ),
      run.commands.join("\n"),
    );
  });

  it("builds GIT_REF with an existing BuildConfig", () => {
    const run = rollout(["backend"], { GIT_REF: "v0.1.1" });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.commands.includes("oc start-build backend --follow --wait --commit=v0.1.1"), run.commands.join("\n"));
  });

  it("addresses the workloads of HELM_RELEASE", () => {
    const run = rollout(["--no-build", "database", "backend", "frontend"], { HELM_RELEASE: "prod" });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.commands.includes("helm status prod"));
    assert.ok(run.commands.includes("oc rollout restart deployment/prod-pcp-backend"));
    assert.ok(run.commands.includes("oc rollout restart deployment/prod-pcp-frontend"));
    assert.ok(run.commands.includes("oc rollout restart statefulset/prod-pcp-database"));
    assert.ok(
      rollout(["backend"], { HELM_RELEASE: "prod" }).commands.some((command) =>
        command.startsWith("helm upgrade prod "),
      ),
    );
  });

  it("addresses exactly the workloads the chart creates", () => {
    for (const release of ["sh", "prod"]) {
      const rendered = renderChart({ release }).map((object) => `${object.kind.toLowerCase()}/${object.metadata.name}`);
      const run = rollout(["--no-build", "database", "backend", "frontend"], { HELM_RELEASE: release });
      const restarted = run.commands
        .filter((command) => command.startsWith("oc rollout restart "))
        .map((command) => command.slice("oc rollout restart ".length));
      assert.equal(restarted.length, 3);
      for (const workload of restarted) assert.ok(rendered.includes(workload), `${workload} is not in the chart`);
    }
  });

  it("sets only values the chart accepts, and they render the pinned images", () => {
    const upgrade = rollout(["database", "backend", "frontend"]).commands.find((command) =>
      command.startsWith("helm upgrade"),
    );
    const sets = [...upgrade.matchAll(/--set (\S+)=(\S+)/g)].map(([, key, value]) => [key, value]);
    const objects = renderChart({ set: Object.fromEntries(sets) });
    for (const svc of ["database", "backend", "frontend"]) {
      const images = objects
        .flatMap((object) => object.spec?.template?.spec?.containers ?? [])
        .filter((container) => container.name === svc)
        .map((container) => container.image);
      assert.deepEqual(images, [`${INT_REG}/spechub/${svc}@${digestOf(svc)}`], svc);
    }
  });

  it("skips the database when the release uses an external one", () => {
    const run = rollout(["database", "backend"], { STUB_MISSING: DATABASE });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!run.commands.includes(restart(DATABASE)));
    assert.ok(!run.commands.includes(status(DATABASE)));
    assert.ok(
      !run.commands.some((command) => command.startsWith("helm upgrade") && command.includes("database.image")),
    );
    assert.ok(run.commands.includes(status(BACKEND)));
    assert.match(run.stdout, /Skipping database/);
  });

  it("installs the release from CHART_DIR with every in-cluster image pinned by digest when it does not exist yet", () => {
    const run = rollout(["--no-build"], { STUB_NO_RELEASE: "1", STUB_NAMESPACE: "team-a", CHART_DIR: "./charts/pcp" });
    assert.equal(run.status, 0, run.stderr);
    const resolves = ["database", "backend", "frontend"].flatMap((svc) => [resolve(svc), resolve(svc)]);
    const sets = ["database", "backend", "frontend"].map((svc) => pin(svc, "team-a")).join(" ");
    assert.deepEqual(run.commands, [
      "oc whoami",
      "oc project -q",
      "helm status sh",
      ...resolves,
      `helm install sh ./charts/pcp ${sets}`,
    ]);
  });

  it("builds a missing image before the first install, and refuses to without builds", () => {
    const run = rollout(["backend"], { STUB_NO_RELEASE: "1", STUB_MISSING: "istag/database:latest" });
    // The stub keeps answering "missing", so the install stops after building it.
    assert.notEqual(run.status, 0);
    assert.ok(run.commands.includes("oc start-build database --follow --wait"), run.commands.join("\n"));
    assert.match(run.stderr, /no image for database: imagestreamtag database:latest does not exist in spechub/);
    const noBuild = rollout(["--no-build"], { STUB_NO_RELEASE: "1", STUB_MISSING: "istag/frontend:latest" });
    assert.equal(noBuild.status, 1);
    assert.match(noBuild.stderr, /no image for frontend: run without --no-build/);
    assert.ok(!noBuild.commands.some((command) => command.startsWith("helm install")));
  });

  it("installs from the repository's chart by default", () => {
    const run = rollout(["--no-build"], { STUB_NO_RELEASE: "1" });
    assert.equal(run.status, 0, run.stderr);
    const install = run.commands.find((command) => command.startsWith("helm install"));
    assert.ok(install.startsWith(`helm install sh ${chartDir} `), install);
  });

  it("stops at a failed build, deploying nothing", () => {
    const run = rollout([], { STUB_FAILING_BUILDS: "backend" });
    assert.notEqual(run.status, 0);
    assert.ok(!run.commands.some((command) => command.startsWith("oc rollout") || command.startsWith("helm upgrade")));
    assert.ok(!run.commands.includes("oc get bc/frontend"));
  });

  it("stops when a build left no image to deploy", () => {
    const run = rollout(["backend"], { STUB_MISSING: "istag/backend:latest" });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no image for backend/);
    assert.ok(!run.commands.some((command) => command.startsWith("helm upgrade")));
  });

  it("refuses to run without an oc login", () => {
    const run = rollout([], { STUB_LOGGED_OUT: "1" });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /oc login/);
    assert.deepEqual(run.commands, ["oc whoami"]);
  });

  for (const bad of [["--bogus"], ["api"], ["backend", "-x"]]) {
    it(`prints usage and exits 1 for ${bad.join(" ")}, issuing no command`, () => {
      const run = rollout(bad);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /unknown argument/);
      assert.match(run.stderr, /Usage: rollout\.sh/);
      assert.deepEqual(run.commands, []);
    });
  }

  it("prints usage for --help", () => {
    const run = rollout(["--help"]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Usage: rollout\.sh \[--no-build\] \[SERVICE\.\.\.\]/);
    for (const variable of ["HELM_RELEASE", "GIT_REPO", "GIT_REF", "CHART_DIR"])
      assert.match(run.stdout, new RegExp(variable));
    assert.deepEqual(run.commands, []);
  });
});
