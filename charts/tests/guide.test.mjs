// Every command of the deployment guide users follow (fixtures/reference-guide.sh, both
// methods) checked against what this repository ships: the images it builds, the chart it
// renders, the names it creates, the scripts it runs, the registry paths the release workflow
// publishes to, and docs/deploy-openshift.md where the guide's own command cannot work.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { ops, parseDockerfile } from "./lib/dockerfile.mjs";
import { podSpecs, renderChart } from "./lib/helm.mjs";
import { chartDir, repoRoot, testsDir } from "./lib/paths.mjs";

const INT_REG = "image-registry.openshift-image-registry.svc:5000";
const COMPONENTS = ["database", "backend", "frontend"];
// The postgres base image declares its data folder a VOLUME; `oc new-app` turns every declared
// volume into an emptyDir, so a second volume at that path needs --overwrite.
const POSTGRES_IMAGE_VOLUME = "/var/lib/postgresql/data";

const chart = parse(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8"));
const docs = fs.readFileSync(path.join(repoRoot, "docs", "deploy-openshift.md"), "utf8");
const release = parse(fs.readFileSync(path.join(repoRoot, ".github", "workflows", "release.yaml"), "utf8"));
const rolloutScript = fs.readFileSync(path.join(repoRoot, "scripts", "rollout.sh"), "utf8");
const dockerfile = (component) => parseDockerfile(path.join(repoRoot, component, "Dockerfile")).at(-1);

/** The guide's commands: continuations joined, comments dropped, `for` loops unrolled. */
function guideCommands() {
  const text = fs.readFileSync(path.join(testsDir, "fixtures", "reference-guide.sh"), "utf8");
  const lines = text
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((line) =>
      line
        .replace(/\s+#.*$/, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((line) => line && !line.startsWith("#"));
  const commands = [];
  for (let i = 0; i < lines.length; i++) {
    const loop = /^for (\w+) in ([\w ]+); do$/.exec(lines[i]);
    if (!loop) {
      commands.push(lines[i]);
      continue;
    }
    const body = [];
    while (lines[++i] !== "done") body.push(lines[i]);
    for (const value of loop[2].split(" ")) {
      for (const line of body) commands.push(line.replaceAll(`$${loop[1]}`, value).replaceAll(`\${${loop[1]}}`, value));
    }
  }
  return commands;
}

const commands = guideCommands();

/** --set pairs of a helm command, with the guide's shell variables and placeholders filled in. */
function setFlags(line) {
  return [...line.matchAll(/--set (\S+)/g)].flatMap(([, pair]) => [
    "--set",
    pair
      .replaceAll("$INT_REG", INT_REG)
      .replaceAll("$NS", "spechub")
      .replace(/<[^>]+>/g, "Placeholder-Value-123"),
  ]);
}

/** Variables the docs' configuration table explains (its second column). */
const documentedVariables = new Set(
  docs
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .flatMap((line) => [...(line.split("|")[2] ?? "").matchAll(/`([A-Z_]+)`/g)].map((match) => match[1])),
);

const rendered = renderChart();
const renderedNames = new Set(rendered.map((object) => `${object.kind.toLowerCase()}/${object.metadata.name}`));

/** A check for each kind of command the guide uses; a command no check recognises fails the test. */
const checks = [
  [/^(\w+)=\$\((.*)\)$/, (_, _name, inner) => check(inner)],
  [/^oc project -q$/, () => {}],
  [/^\w+=\S+$/, () => {}],
  [/^echo /, () => {}],
  [
    /^oc new-app (.*)$/,
    (line) => {
      const dir = /--context-dir=(\w+)/.exec(line)[1];
      assert.match(line, /--strategy=docker/);
      assert.ok(fs.existsSync(path.join(repoRoot, dir, "Dockerfile")), `${dir}/Dockerfile`);
      assert.equal(/--name=(\w+)/.exec(line)[1], dir);
      for (const [, variable] of line.matchAll(/ -e (\w+)=/g))
        assert.ok(documentedVariables.has(variable), `${variable} is not explained in the docs`);
      assert.match(docs, new RegExp(`oc new-app .*\\n?.*--context-dir=${dir}`), `the docs build ${dir} the same way`);
    },
  ],
  [
    /^oc new-build (.*)$/,
    (line) => {
      const dir = /--context-dir=(\w+)/.exec(line)[1];
      assert.ok(COMPONENTS.includes(dir));
      assert.ok(fs.existsSync(path.join(repoRoot, dir, "Dockerfile")), `${dir}/Dockerfile`);
      assert.match(line, /--name=(\w+) --strategy=docker/);
      assert.match(
        rolloutScript,
        /oc new-build --name="\$svc" --strategy=docker --context-dir="\$svc"/,
        "rollout.sh creates the same builds",
      );
    },
  ],
  [
    /^oc set volume deployment\/database --add (.*)$/,
    (line) => {
      // The guide's command is refused: oc new-app already put an emptyDir at the image's volume.
      const mountPath = /--mount-path=(\S+)/.exec(line)[1];
      assert.equal(mountPath, POSTGRES_IMAGE_VOLUME);
      assert.match(dockerfile("database").from, /^postgres:/);
      assert.ok(dockerfile("database").env.PGDATA.startsWith(`${mountPath}/`));
      const fixed = /oc set volume deployment\/database --add --overwrite (.*)/.exec(docs.replace(/\\\n\s*/g, " "));
      assert.ok(fixed, "the docs add the volume with --overwrite");
      for (const flag of line.split(" ").filter((word) => word.startsWith("--") && word !== "--add")) {
        assert.ok(fixed[1].includes(flag), `the docs' command keeps ${flag}`);
      }
    },
  ],
  [/^oc logs -f bc\/(\w+)$/, (_, name) => assert.ok(COMPONENTS.includes(name))],
  [/^oc start-build (\w+) --follow$/, (_, name) => assert.ok(COMPONENTS.includes(name))],
  [
    /^oc (?:rollout (?:status|restart)|logs|rsh) deployment\/(\S+)(?: (.*))?$/,
    (_, name, rest) => {
      if (name.startsWith("sh-pcp-")) {
        assert.ok(renderedNames.has(`deployment/${name}`), `the chart creates deployment/${name}`);
        return;
      }
      assert.ok(COMPONENTS.includes(name), name);
      if (rest?.startsWith("pg_isready")) {
        assert.match(dockerfile("database").from, /^postgres:/, "the PostgreSQL image ships pg_isready");
        assert.match(rest, /-U pcp/);
      }
      if (rest?.startsWith("curl")) {
        const backend = dockerfile("backend");
        assert.ok(
          ops(backend, "RUN").some((instruction) => /apk add .*\bcurl\b/.test(instruction.rest)),
          "the backend image has curl",
        );
        assert.match(rest, /http:\/\/localhost:(\d+)\/health/);
        assert.equal(backend.env.PORT, /localhost:(\d+)/.exec(rest)[1]);
      }
    },
  ],
  [
    /^oc set env deployment\/(\w+) (.*)$/,
    (_, name, rest) => {
      assert.ok(COMPONENTS.includes(name));
      for (const [, variable] of rest.matchAll(/(\w+)=/g)) assert.ok(documentedVariables.has(variable), variable);
    },
  ],
  [
    /^oc create route edge (\w+) --service=(\w+) --port=(\d+)$/,
    (_, route, service, port) => {
      assert.equal(service, "frontend");
      assert.deepEqual(
        ops(dockerfile("frontend"), "EXPOSE").map((instruction) => instruction.args),
        [port],
      );
      assert.equal(route, "frontend");
    },
  ],
  [
    /^oc get (svc|route) (\S+) -o jsonpath=\S+$/,
    (_, kind, name) => {
      if (name.startsWith("sh-pcp-"))
        assert.ok(renderedNames.has(`${kind === "svc" ? "service" : "route"}/${name}`), name);
      else assert.ok(COMPONENTS.includes(name), name);
    },
  ],
  [
    /^oc get (pods|jobs) -l app\.kubernetes\.io\/instance=sh$/,
    (_, kind) => {
      const objects = kind === "pods" ? podSpecs(rendered) : rendered.filter((object) => object.kind === "Job");
      assert.ok(objects.length > 0);
      for (const object of rendered) assert.equal(object.metadata.labels["app.kubernetes.io/instance"], "sh");
    },
  ],
  [/^oc get (pods|svc|routes|imagestream)$/, () => {}],
  [
    /^curl -s https:\/\/\$\{ROUTE\}(\/\S*)$/,
    (_, route) => {
      // The frontend answers /health and /api/* by forwarding them to the backend.
      const target = route === "/health" ? "health/route.ts" : "api";
      assert.ok(
        fs.existsSync(path.join(repoRoot, "frontend", "src", "app", target)),
        `${route} is served by frontend/src/app/${target}`,
      );
    },
  ],
  [
    /^helm (install|upgrade) sh (\.\/charts\/pcp|oci:\/\/(\S+)) ?(.*)$/,
    (line, _verb, _source, oci, rest) => {
      if (oci) {
        // Published by the release workflow: oci://ghcr.io/<owner>/charts, chart pcp, tag = chart version.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, verbatim
        assert.equal(release.jobs.chart.env.CHARTS, "ghcr.io/${{ needs.version.outputs.owner }}/charts");
        assert.equal(oci, `ghcr.io/mlopstapus/charts/${chart.name}`);
        const version = /--version (\S+)/.exec(rest)[1];
        if (!version.startsWith("<"))
          assert.equal(version, chart.version, "the guide installs the version this chart publishes");
      }
      const objects = renderChart({ args: setFlags(line) });
      assert.ok(objects.length > 0);
      const pullSecret = /imagePullSecrets\[0\]\.name=(\S+)/.exec(line)?.[1];
      for (const { where, spec } of podSpecs(objects)) {
        if (pullSecret) assert.deepEqual(spec.imagePullSecrets, [{ name: pullSecret }], where);
      }
    },
  ],
  [/^helm uninstall sh$/, () => {}],
  [
    /^oc delete pvc -l app\.kubernetes\.io\/instance=sh$/,
    () => {
      const claim = rendered.find((object) => object.kind === "StatefulSet").spec.volumeClaimTemplates[0];
      assert.equal(claim.metadata.labels["app.kubernetes.io/instance"], "sh");
    },
  ],
  [
    /^\.\/scripts\/rollout\.sh ?(.*)$/,
    (_, args) => {
      assert.ok((fs.statSync(path.join(repoRoot, "scripts", "rollout.sh")).mode & 0o111) !== 0);
      for (const arg of args.split(" ").filter(Boolean)) assert.ok(["--no-build", ...COMPONENTS].includes(arg), arg);
    },
  ],
  [
    /^docker (build|push) (?:-t )?ghcr\.io\/mlopstapus\/spechub-(\w+):(\S+)(?: \.\/(\w+)\/)?$/,
    (_, verb, component, tag, dir) => {
      const values = parse(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8"));
      assert.equal(values[component].image.repository, `ghcr.io/mlopstapus/spechub-${component}`);
      assert.equal(tag, chart.appVersion, "the chart's default tag");
      if (verb === "build") assert.ok(fs.existsSync(path.join(repoRoot, dir, "Dockerfile")));
    },
  ],
  [/^oc create secret docker-registry ghcr-pull-secret /, () => {}],
  [/^oc secrets link default ghcr-pull-secret --for=pull$/, () => {}],
];

function check(line) {
  for (const [pattern, verify] of checks) {
    const match = pattern.exec(line);
    if (match) {
      verify(...match);
      return;
    }
  }
  assert.fail(`no check knows this guide command: ${line}`);
}

describe("the deployment guide's commands (both methods)", () => {
  it("are all there", () => {
    assert.ok(commands.length >= 60, `${commands.length} commands`);
    assert.ok(
      commands.some((line) => line.startsWith("oc new-app")),
      "method A",
    );
    assert.ok(
      commands.some((line) => line.startsWith("helm install")),
      "method B",
    );
  });

  for (const line of commands) {
    it(`work against what we ship: ${line.slice(0, 100)}${line.length > 100 ? "…" : ""}`, () => {
      check(line);
    });
  }
});
