// docs/deploy-openshift.md against what we ship: every documented helm command and values file
// renders valid objects, every object name it mentions exists, every variable the chart sets is
// explained, and the rollout script is used only as it accepts.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { renderChart } from "./lib/helm.mjs";
import { repoRoot } from "./lib/paths.mjs";
import { DIGEST, scenarios } from "./lib/scenarios.mjs";
import { schemaProblems } from "./lib/validate.mjs";

const doc = fs.readFileSync(path.join(repoRoot, "docs", "deploy-openshift.md"), "utf8");

/** Shell lines of the doc's bash blocks, continuations joined and comments dropped. */
const shellLines = [...doc.matchAll(/```bash\n([\s\S]*?)```/g)]
  .flatMap((match) => match[1].replace(/\\\n\s*/g, " ").split("\n"))
  .map((line) =>
    line
      .replace(/\s+#.*$/, "")
      .replace(/\s+/g, " ")
      .trim(),
  )
  .filter((line) => line && !line.startsWith("#"));

/** The doc's values files: yaml blocks whose first line names the file. */
const valuesFiles = Object.fromEntries(
  [...doc.matchAll(/```yaml\n# (values[-\w]*\.yaml)\n([\s\S]*?)```/g)].map((match) => [match[1], match[2]]),
);

/** Stand-ins for the shell variables, command substitutions and <placeholders> the doc's commands use. */
function substitute(text) {
  return text
    .replaceAll("$INT_REG", "image-registry.openshift-image-registry.svc:5000")
    .replaceAll("$NS", "spechub")
    .replace(/\$\(oc get istag\/[^)]*\)/g, DIGEST)
    .replace(/<[^>]+>/g, "Placeholder-Value-123");
}

/** --set/--set-string pairs of a helm command line, shell quotes removed. */
function setPairs(line) {
  return [...substitute(line).matchAll(/--set(?:-string)? ('[^']*'|\S+)/g)].map((match) =>
    match[1].replace(/^'(.*)'$/, "$1"),
  );
}

const helmCommands = shellLines.filter((line) =>
  /^helm (install|upgrade) sh (\.\/charts\/pcp|oci:\/\/\S+)(\s|$)/.test(line),
);

const valuesDir = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-doc-values-"));
after(() => fs.rmSync(valuesDir, { recursive: true, force: true }));

/** helm arguments of a documented command: its --set pairs and -f files (written from the doc). */
function helmArgs(line) {
  const args = setPairs(line).flatMap((pair) => ["--set", pair]);
  for (const [, file] of line.matchAll(/ -f (\S+)/g)) {
    assert.ok(valuesFiles[file], `${file} is not shown in the doc`);
    const written = path.join(valuesDir, file);
    fs.writeFileSync(written, substitute(valuesFiles[file]));
    args.push("-f", written);
  }
  return args;
}

// Everything the chart can render, across the optional parts.
const renderings = [
  renderChart(),
  renderChart({ set: scenarios.everything }),
  renderChart({ set: scenarios.restore }),
  renderChart({ set: scenarios.ingress }),
];
const renderedNames = new Set(renderings.flat().map((object) => object.metadata.name));
const statefulSets = renderings.flat().filter((object) => object.kind === "StatefulSet");
for (const statefulSet of statefulSets) {
  // Pod and volume claim names Kubernetes derives from the StatefulSet.
  renderedNames.add(`${statefulSet.metadata.name}-0`);
  for (const claim of statefulSet.spec.volumeClaimTemplates)
    renderedNames.add(`${claim.metadata.name}-${statefulSet.metadata.name}-0`);
}

/**
 * The values each documented command leaves the release with, in the doc's order: an install
 * starts afresh, an upgrade that reuses values adds to the release's values, any other replaces them.
 */
function releaseArgs() {
  let current = [];
  return helmCommands.map((line) => {
    const args = helmArgs(line);
    current = /^helm upgrade .*--(reset-then-)?reuse-values/.test(line) ? [...current, ...args] : args;
    return { line, args: current };
  });
}

describe("docs/deploy-openshift.md", () => {
  it("documents helm commands for the chart", () => {
    assert.ok(helmCommands.length >= 10, `found ${helmCommands.length}`);
  });

  for (const { line, args } of releaseArgs()) {
    it(`renders valid objects: ${line.slice(0, 110)}${line.length > 110 ? "…" : ""}`, async () => {
      const objects = renderChart({ args });
      assert.ok(objects.length > 0);
      assert.deepEqual((await Promise.all(objects.map(schemaProblems))).flat(), []);
    });
  }

  it("shows values files that are valid values of the chart", () => {
    assert.ok(Object.keys(valuesFiles).length >= 3);
    for (const text of Object.values(valuesFiles)) assert.equal(typeof parse(text), "object");
    const used = helmCommands.flatMap((line) => [...line.matchAll(/ -f (\S+)/g)].map((match) => match[1]));
    for (const file of Object.keys(valuesFiles)) {
      if (!used.includes(file)) renderChart({ args: helmArgs(`helm install sh ./charts/pcp -f ${file}`) });
    }
  });

  it("quotes every --set value with brackets, which shells such as zsh would expand", () => {
    for (const line of helmCommands) {
      for (const [, value] of line.matchAll(/--set(?:-string)? (\S+)/g)) {
        if (value.includes("[")) assert.match(value, /^'.*'$/, line);
      }
    }
  });

  it("replaces the emptyDir oc new-app mounts at the database's data path (--overwrite)", () => {
    const volumeCommands = shellLines.filter((line) => /^oc set volume .*--add/.test(line));
    assert.ok(volumeCommands.length > 0);
    for (const line of volumeCommands) {
      assert.match(line, /--overwrite/, line);
      assert.match(line, /--mount-path=\/var\/lib\/postgresql\/data\b/, line);
      assert.match(line, /--type=pvc/, line);
    }
  });

  it("names only objects the chart creates", () => {
    const mentioned = new Set([...doc.matchAll(/\b(?:data-)?sh-pcp(?:-[a-z0-9]+)*\b/g)].map((match) => match[0]));
    assert.ok(mentioned.size >= 10, [...mentioned].join(" "));
    for (const name of mentioned) assert.ok(renderedNames.has(name), `${name} is not created by the chart`);
    assert.ok(mentioned.has("sh-pcp-migrate"));
  });

  it("lists every object of a default install in its table, under its kind", () => {
    const rows = [...doc.matchAll(/^\| (\w+) \| `(sh-pcp[a-z0-9-]*)` \|/gm)].map((match) => `${match[1]}/${match[2]}`);
    for (const object of renderChart()) {
      assert.ok(
        rows.includes(`${object.kind}/${object.metadata.name}`),
        `${object.kind}/${object.metadata.name} missing`,
      );
    }
  });

  it("names every optional object", () => {
    for (const object of renderings.flat())
      assert.ok(doc.includes(`\`${object.metadata.name}\``), `${object.kind}/${object.metadata.name}`);
  });

  it("explains every environment variable the chart sets", () => {
    const variables = new Set();
    for (const object of renderings.flat()) {
      const spec =
        object.kind === "CronJob"
          ? object.spec.jobTemplate.spec.template.spec
          : (object.spec?.template?.spec ?? object.spec);
      for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
        for (const variable of container.env ?? []) variables.add(variable.name);
      }
    }
    variables.delete("HOSTNAME"); // Next.js' bind address: an implementation detail of the image.
    variables.delete("CORS_ORIGINS"); // An extraEnv example of the test configuration, not the chart's.
    assert.ok(variables.size >= 20);
    const tableLines = doc.split("\n").filter((line) => line.startsWith("|"));
    for (const variable of variables) {
      assert.ok(
        tableLines.some((line) => line.includes(`\`${variable}\``)),
        `${variable} is not in a table`,
      );
    }
  });

  it("runs scripts/rollout.sh only with arguments it accepts", () => {
    const uses = shellLines.filter((line) => line.startsWith("./scripts/rollout.sh"));
    assert.ok(uses.length >= 5);
    for (const use of uses) {
      for (const arg of use.split(" ").slice(1)) {
        assert.ok(["--no-build", "database", "backend", "frontend"].includes(arg), `${use}: ${arg}`);
      }
    }
  });

  it("documents every Secret key the chart reads, as the chart README does", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "charts", "pcp", "README.md"), "utf8");
    for (const key of [
      "database-url",
      "migration-database-url",
      "postgresql-password",
      "postgresql-app-password",
      "auth-token",
      "jwt-secret",
      "oidc-client-secret",
      "metrics-token",
    ]) {
      assert.ok(doc.includes(`\`${key}\``), key);
      assert.ok(readme.includes(`\`${key}\``), key);
    }
  });
});
