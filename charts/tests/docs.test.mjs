// docs/deploy-openshift.md against what we ship: every documented helm command renders, every
// object name it mentions exists, every variable the chart sets is explained, and the rollout
// script is used only as it accepts.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { renderChart } from "./lib/helm.mjs";
import { repoRoot } from "./lib/paths.mjs";

const doc = fs.readFileSync(path.join(repoRoot, "docs", "deploy-openshift.md"), "utf8");

/** Shell lines of the doc's bash blocks, continuations joined and comments dropped. */
const shellLines = [...doc.matchAll(/```bash\n([\s\S]*?)```/g)]
  .flatMap((match) => match[1].replace(/\\\n\s*/g, " ").split("\n"))
  .map((line) => line.replace(/\s+#.*$/, "").replace(/\s+/g, " ").trim())
  .filter((line) => line && !line.startsWith("#"));

/** Stand-ins for the shell variables and <placeholders> the doc's commands use. */
function substitute(text) {
  return text
    .replaceAll("$INT_REG", "image-registry.openshift-image-registry.svc:5000")
    .replaceAll("$NS", "spechub")
    .replace(/<[^>]+>/g, "Placeholder-Value-123");
}

/** --set/--set-string pairs of a helm command line. */
function setPairs(line) {
  return [...line.matchAll(/--set(?:-string)? (\S+)/g)].map((match) => substitute(match[1]));
}

const helmCommands = shellLines.filter((line) => /^helm (install|upgrade) sh \.\/charts\/pcp\b/.test(line));

// Everything the chart can render, across the optional parts.
const renderings = [
  renderChart(),
  renderChart({
    set: { "backend.autoscaling.enabled": true, "backend.podDisruptionBudget.enabled": true, "ingress.enabled": true },
  }),
];
const renderedNames = new Set(renderings.flat().map((object) => object.metadata.name));
const statefulSets = renderings.flat().filter((object) => object.kind === "StatefulSet");
for (const statefulSet of statefulSets) {
  // Pod and volume claim names Kubernetes derives from the StatefulSet.
  renderedNames.add(`${statefulSet.metadata.name}-0`);
  for (const claim of statefulSet.spec.volumeClaimTemplates) renderedNames.add(`${claim.metadata.name}-${statefulSet.metadata.name}-0`);
}

describe("docs/deploy-openshift.md", () => {
  it("documents helm commands for the chart", () => {
    assert.ok(helmCommands.length >= 5, `found ${helmCommands.length}`);
  });

  for (const line of helmCommands) {
    it(`renders: ${line.slice(0, 110)}${line.length > 110 ? "…" : ""}`, () => {
      const args = setPairs(line).flatMap((pair) => ["--set", pair]);
      assert.ok(renderChart({ args }).length > 0);
    });
  }

  it("names only objects the chart creates", () => {
    const mentioned = new Set([...doc.matchAll(/\b(?:data-)?sh-pcp(?:-[a-z0-9]+)*\b/g)].map((match) => match[0]));
    assert.ok(mentioned.size >= 8);
    for (const name of mentioned) assert.ok(renderedNames.has(name), `${name} is not created by the chart`);
  });

  it("lists every object of a default install in its table, under its kind", () => {
    const rows = [...doc.matchAll(/^\| (\w+) \| `(sh-pcp[a-z0-9-]*)` \|/gm)].map((match) => `${match[1]}/${match[2]}`);
    for (const object of renderChart()) {
      assert.ok(rows.includes(`${object.kind}/${object.metadata.name}`), `${object.kind}/${object.metadata.name} missing`);
    }
  });

  it("explains every environment variable the chart sets", () => {
    const variables = new Set();
    for (const object of renderings.flat()) {
      for (const container of object.spec?.template?.spec?.containers ?? []) {
        for (const variable of container.env ?? []) variables.add(variable.name);
      }
    }
    variables.delete("HOSTNAME"); // Next.js' bind address: an implementation detail of the image.
    const tableLines = doc.split("\n").filter((line) => line.startsWith("|"));
    for (const variable of variables) {
      assert.ok(tableLines.some((line) => line.includes(`\`${variable}\``)), `${variable} is not in a table`);
    }
  });

  it("runs scripts/rollout.sh only with arguments it accepts", () => {
    const uses = shellLines.filter((line) => line.startsWith("./scripts/rollout.sh"));
    assert.ok(uses.length >= 4);
    for (const use of uses) {
      for (const arg of use.split(" ").slice(1)) {
        assert.ok(["--no-build", "database", "backend", "frontend"].includes(arg), `${use}: ${arg}`);
      }
    }
  });
});
