// scripts/rollout.sh against stand-ins for `oc` and `helm` that record every command it issues.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
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
    done ;;
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

const build = (svc) => [`oc get bc/${svc}`, `oc start-build ${svc} --follow`];
const restart = (workload) => [`oc get ${workload}`, `oc rollout restart ${workload}`];
const status = (workload) => `oc rollout status ${workload} --timeout=10m`;
const DATABASE = "statefulset/sh-pcp-database";
const BACKEND = "deployment/sh-pcp-backend";
const FRONTEND = "deployment/sh-pcp-frontend";

describe("scripts/rollout.sh", () => {
  it("is executable, as the guide runs it as ./scripts/rollout.sh", () => {
    assert.ok((fs.statSync(script).mode & 0o111) !== 0);
  });

  it("with no argument rebuilds every image and restarts every workload, database first", () => {
    const run = rollout();
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.commands, [
      "oc whoami",
      "oc project -q",
      ...build("database"),
      ...build("backend"),
      ...build("frontend"),
      "helm status sh",
      ...restart(DATABASE),
      ...restart(BACKEND),
      ...restart(FRONTEND),
      status(DATABASE),
      status(BACKEND),
      status(FRONTEND),
    ]);
  });

  it("with `backend` rebuilds and restarts the backend only", () => {
    const run = rollout(["backend"]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.commands, [
      "oc whoami",
      "oc project -q",
      ...build("backend"),
      "helm status sh",
      ...restart(BACKEND),
      status(BACKEND),
    ]);
  });

  it("with --no-build only restarts", () => {
    const run = rollout(["--no-build"]);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!run.commands.some((command) => /start-build|new-build|oc logs/.test(command)), run.commands.join("\n"));
    assert.deepEqual(
      run.commands.filter((command) => command.startsWith("oc rollout restart")),
      [`oc rollout restart ${DATABASE}`, `oc rollout restart ${BACKEND}`, `oc rollout restart ${FRONTEND}`],
    );
  });

  it("takes several services, in any order, and handles them in dependency order", () => {
    const run = rollout(["frontend", "backend", "--no-build", "backend"]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.commands, [
      "oc whoami",
      "oc project -q",
      "helm status sh",
      ...restart(BACKEND),
      ...restart(FRONTEND),
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
    assert.ok(run.commands.includes("oc start-build backend --follow --commit=v0.1.1"), run.commands.join("\n"));
  });

  it("addresses the workloads of HELM_RELEASE", () => {
    const run = rollout(["--no-build"], { HELM_RELEASE: "prod" });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.commands.includes("helm status prod"));
    assert.ok(run.commands.includes("oc rollout restart deployment/prod-pcp-backend"));
    assert.ok(run.commands.includes("oc rollout restart deployment/prod-pcp-frontend"));
    assert.ok(run.commands.includes("oc rollout restart statefulset/prod-pcp-database"));
  });

  it("restarts exactly the workloads the chart creates", () => {
    for (const release of ["sh", "prod"]) {
      const rendered = renderChart({ release }).map((object) => `${object.kind.toLowerCase()}/${object.metadata.name}`);
      const run = rollout(["--no-build"], { HELM_RELEASE: release });
      const restarted = run.commands
        .filter((command) => command.startsWith("oc rollout restart "))
        .map((command) => command.slice("oc rollout restart ".length));
      assert.equal(restarted.length, 3);
      for (const workload of restarted) assert.ok(rendered.includes(workload), `${workload} is not in the chart`);
    }
  });

  it("skips the database when the release uses an external one", () => {
    const run = rollout(["--no-build"], { STUB_MISSING: DATABASE });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!run.commands.includes(`oc rollout restart ${DATABASE}`));
    assert.ok(!run.commands.includes(status(DATABASE)));
    assert.ok(run.commands.includes(`oc rollout restart ${BACKEND}`));
    assert.match(run.stdout, /Skipping database/);
  });

  it("installs the release from CHART_DIR with the S2I images when it does not exist yet", () => {
    const run = rollout(["--no-build"], { STUB_NO_RELEASE: "1", STUB_NAMESPACE: "team-a", CHART_DIR: "./charts/pcp" });
    assert.equal(run.status, 0, run.stderr);
    const sets = ["database", "backend", "frontend"]
      .map((svc) => `--set ${svc}.image.repository=${INT_REG}/team-a/${svc} --set ${svc}.image.tag=latest`)
      .join(" ");
    assert.deepEqual(run.commands, ["oc whoami", "oc project -q", "helm status sh", `helm install sh ./charts/pcp ${sets}`]);
  });

  it("installs from the repository's chart by default", () => {
    const run = rollout(["--no-build"], { STUB_NO_RELEASE: "1" });
    assert.equal(run.status, 0, run.stderr);
    const install = run.commands.find((command) => command.startsWith("helm install"));
    assert.ok(install.startsWith(`helm install sh ${chartDir} `), install);
  });

  it("stops at a failed build, restarting nothing", () => {
    const run = rollout([], { STUB_FAILING_BUILDS: "backend" });
    assert.notEqual(run.status, 0);
    assert.ok(!run.commands.some((command) => command.startsWith("oc rollout")));
    assert.ok(!run.commands.includes("oc get bc/frontend"));
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
    for (const variable of ["HELM_RELEASE", "GIT_REPO", "GIT_REF", "CHART_DIR"]) assert.match(run.stdout, new RegExp(variable));
    assert.deepEqual(run.commands, []);
  });
});
