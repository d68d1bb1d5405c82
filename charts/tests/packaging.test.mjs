// The chart as a published artifact: its README (generated from values.yaml), the OpenShift
// chart-verifier checks that can run without a cluster, and `helm package`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { helm, podSpecs, renderChart } from "./lib/helm.mjs";
import { chartDir, repoRoot } from "./lib/paths.mjs";
import { documentedKeys, generateReadme, leafKeys, readmePath } from "./lib/readme.mjs";
import { scenarios } from "./lib/scenarios.mjs";

const chart = parse(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8"));
const valuesText = fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8");

describe("chart README", () => {
  it("is the one generated from values.yaml (run `npm --prefix charts/tests run readme`)", () => {
    assert.equal(fs.readFileSync(readmePath, "utf8"), generateReadme());
  });

  it("documents every value, itself or through a documented parent", () => {
    const documented = documentedKeys(valuesText).map((row) => row.key);
    const undocumented = leafKeys(parse(valuesText)).filter(
      (key) => !documented.some((doc) => key === doc || key.startsWith(`${doc}.`)),
    );
    assert.deepEqual(undocumented, []);
  });

  it("documents only keys that exist", () => {
    const values = parse(valuesText);
    for (const { key } of documentedKeys(valuesText)) {
      assert.notEqual(
        key.split(".").reduce((node, part) => node?.[part], values),
        undefined,
        key,
      );
    }
  });

  it("shows each default as values.yaml has it", () => {
    const readme = fs.readFileSync(readmePath, "utf8");
    assert.match(readme, /\| postgresql\.appUsername \| string \| <code>"pcp_app"<\/code> \|/);
    assert.match(readme, /\| backup\.keep \| int \| <code>7<\/code> \|/);
    assert.match(readme, /\| backend\.route\.enabled \| boolean \| <code>false<\/code> \|/);
  });
});

describe("OpenShift chart-verifier checks that need no cluster", () => {
  it("has-kubeversion: Chart.yaml declares the Kubernetes versions it supports", () => {
    assert.match(chart.kubeVersion, /^>=\d+\.\d+\.\d+(-0)?$/);
  });

  it("required-annotations-present: charts.openshift.io/name", () => {
    assert.ok(chart.annotations["charts.openshift.io/name"]);
  });

  it("has-readme, contains-values, contains-values-schema", () => {
    for (const file of ["README.md", "values.yaml", "values.schema.json"])
      assert.ok(fs.existsSync(path.join(chartDir, file)), file);
    JSON.parse(fs.readFileSync(path.join(chartDir, "values.schema.json"), "utf8"));
  });

  it("contains-test: a helm test pod under templates/tests", () => {
    const tests = renderChart().filter((object) => object.metadata.annotations?.["helm.sh/hook"] === "test");
    assert.equal(tests.length, 1);
    assert.ok(fs.readdirSync(path.join(chartDir, "templates", "tests")).length > 0);
  });

  it("not-contains-crds and not-contain-csi-objects, in every configuration", () => {
    assert.ok(!fs.existsSync(path.join(chartDir, "crds")));
    for (const set of Object.values(scenarios)) {
      for (const object of renderChart({ set })) {
        assert.notEqual(object.kind, "CustomResourceDefinition");
        assert.ok(!/^CSI/.test(object.kind), object.kind);
      }
    }
  });

  it("images-are-accessible (offline part): every image is a full reference the release workflow publishes", () => {
    const workflow = fs.readFileSync(path.join(repoRoot, ".github", "workflows", "release.yaml"), "utf8");
    const images = new Set(
      podSpecs(renderChart()).flatMap(({ spec }) =>
        [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.image),
      ),
    );
    for (const image of images) {
      const match = /^ghcr\.io\/mlopstapus\/spechub-(backend|frontend|database):(\S+)$/.exec(image);
      assert.ok(match, image);
      assert.equal(match[2], chart.appVersion);
      assert.match(workflow, new RegExp(`spechub-\\$\\{\\{ matrix\\.component \\}\\}|spechub-${match[1]}`));
    }
  });

  it("has an icon, served from this repository", () => {
    const match = /^https:\/\/raw\.githubusercontent\.com\/mlopstapus\/SpecHub\/main\/(.+)$/.exec(chart.icon);
    assert.ok(match, chart.icon);
    assert.match(fs.readFileSync(path.join(repoRoot, match[1]), "utf8"), /^<svg /);
  });
});

describe("helm package", () => {
  it("makes pcp-<version>.tgz holding the README, the schema, the icon and the backup scripts", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-package-"));
    try {
      const result = helm(["package", chartDir, "--destination", out]);
      assert.equal(result.status, 0, result.stderr);
      const archive = path.join(out, `pcp-${chart.version}.tgz`);
      assert.ok(fs.existsSync(archive));
      const listing = spawnSync("tar", ["tzf", archive], { encoding: "utf8" }).stdout.split("\n");
      for (const file of [
        "Chart.yaml",
        "README.md",
        "values.schema.json",
        "icon.svg",
        "files/backup.sh",
        "files/restore.sh",
      ]) {
        assert.ok(listing.includes(`pcp/${file}`), file);
      }
      // The packaged chart renders like the folder.
      const rendered = helm(["template", "sh", archive]);
      assert.equal(rendered.status, 0, rendered.stderr);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
