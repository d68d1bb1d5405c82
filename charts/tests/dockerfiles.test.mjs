// The images' Dockerfiles, read instruction by instruction (no container engine is needed):
// base images, build steps, a non-root user in group 0 with group-writable files (OpenShift's
// arbitrary user id), the ports the chart and the guide use, and consistency with the chart.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { copyParts, ops, parseDockerfile } from "./lib/dockerfile.mjs";
import { find, renderChart } from "./lib/helm.mjs";
import { repoRoot } from "./lib/paths.mjs";

/** USER must be numeric (so Kubernetes can check runAsNonRoot), not root, and in group 0. */
function assertArbitraryUidReady(stage, where) {
  const users = ops(stage, "USER");
  assert.ok(users.length > 0, `${where}: no USER`);
  const user = users.at(-1).args;
  const match = /^(\d+):(\d+)$/.exec(user);
  assert.ok(match, `${where}: USER ${user} must be <numeric uid>:<gid>`);
  assert.notEqual(Number(match[1]), 0, `${where}: runs as root`);
  assert.equal(Number(match[2]), 0, `${where}: the group must be 0, the group OpenShift's arbitrary user belongs to`);
}

function exposedPorts(stage) {
  return ops(stage, "EXPOSE").flatMap((instruction) =>
    instruction.args.split(" ").map((port) => port.replace(/\/tcp$/, "")),
  );
}

const runs = (stage) => ops(stage, "RUN").map((instruction) => instruction.rest);

/** Whether a .dockerignore line list keeps `name` (a top-level entry) out of the context. */
function ignored(patterns, name) {
  let excluded = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    const body = (negated ? pattern.slice(1) : pattern).replace(/\/$/, "");
    const regex = new RegExp(`^${body.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}(/.*)?$`);
    if (regex.test(name)) excluded = !negated;
  }
  return excluded;
}

function dockerignore(dir) {
  const file = path.join(dir, ".dockerignore");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}

describe("backend/Dockerfile", () => {
  const dir = path.join(repoRoot, "backend");
  const stages = parseDockerfile(path.join(dir, "Dockerfile"));
  const [buildStage, runtime] = [stages[0], stages.at(-1)];

  it("builds in a Node 22 alpine stage and runs in a fresh Node 22 alpine stage", () => {
    assert.equal(stages.length, 2);
    assert.equal(buildStage.from, "node:22-alpine");
    assert.equal(buildStage.name, "build");
    assert.equal(runtime.from, "node:22-alpine");
  });

  it("installs with npm ci, builds, then prunes the development dependencies", () => {
    const commands = runs(buildStage).join(" && ");
    const ci = commands.indexOf("npm ci");
    const compile = commands.indexOf("npm run build");
    const prune = commands.search(/npm prune --omit=dev/);
    assert.ok(ci !== -1 && compile > ci && prune > compile, commands);
  });

  it("makes the app's files group 0 with the owner's rights before the runtime stage copies them", () => {
    const commands = runs(buildStage).join(" && ");
    assert.match(commands, /chgrp -R 0 \/app/);
    assert.match(commands, /chmod -R g=u \/app/);
    assert.ok(
      commands.indexOf("chmod -R g=u /app") > commands.search(/npm prune/),
      "after the prune, so it covers the final tree",
    );
    // COPY --from keeps modes; files copied from the build context instead would not be g=u.
    const copies = ops(runtime, "COPY").map(copyParts);
    for (const copy of copies) assert.equal(copy.from, "build", `runtime copies ${copy.sources} from the context`);
    assert.match(runs(runtime).join(" "), /chgrp 0 \/app && chmod g=u \/app/);
  });

  it("ships the compiled app, production dependencies and migrations, but no sources", () => {
    const copied = ops(runtime, "COPY").flatMap((instruction) => copyParts(instruction).sources);
    for (const needed of ["/app/node_modules", "/app/dist", "/app/drizzle", "/app/package.json"]) {
      assert.ok(copied.includes(needed), `${needed} not copied`);
    }
    assert.ok(!copied.some((source) => /\/src$/.test(source)), "sources in the runtime image");
  });

  it("runs as a non-root numeric user in group 0", () => {
    assertArbitraryUidReady(runtime, "backend");
  });

  it("includes curl for in-pod health checks and the helm test pod", () => {
    assert.ok(runs(runtime).some((command) => /apk add .*\bcurl\b/.test(command)));
  });

  it("exposes and listens on 8000, migrating then serving via dist/main.js", () => {
    assert.deepEqual(exposedPorts(runtime), ["8000"]);
    assert.equal(runtime.env.PORT, "8000");
    assert.equal(runtime.env.HOST, "0.0.0.0");
    assert.deepEqual(ops(runtime, "CMD").at(-1).exec, ["node", "dist/main.js"]);
  });

  it("matches the package's scripts, which the chart's migration job relies on", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    assert.equal(pkg.scripts.start, "node dist/main.js");
    assert.equal(pkg.scripts.migrate, "node dist/db/migrate-cli.js");
    assert.ok(fs.existsSync(path.join(dir, "src", "main.ts")));
    assert.ok(fs.existsSync(path.join(dir, "src", "db", "migrate-cli.ts")));
    const job = find(renderChart(), "Job", "sh-pcp-migrate");
    assert.deepEqual(job.spec.template.spec.containers[0].command, pkg.scripts.migrate.split(" "));
    // The built migrator looks for ../../drizzle from dist/db, i.e. /app/drizzle.
    assert.match(fs.readFileSync(path.join(dir, "src", "db", "migrate.ts"), "utf8"), /"\.\.\/\.\.\/drizzle"/);
  });

  it("copies only context files that exist and that .dockerignore lets through", () => {
    const patterns = dockerignore(dir);
    for (const stage of stages) {
      for (const copy of ops(stage, "COPY").map(copyParts)) {
        if (copy.from) continue;
        for (const source of copy.sources) {
          assert.ok(fs.existsSync(path.join(dir, source)), `${source} is not in backend/`);
          assert.ok(
            !ignored(patterns, source.replace(/^\.\//, "").replace(/\/$/, "")),
            `${source} is excluded by .dockerignore`,
          );
        }
      }
    }
  });

  it("keeps local build output and data out of the build context", () => {
    const patterns = dockerignore(dir);
    for (const name of ["node_modules", "dist", "data", "coverage"]) assert.ok(ignored(patterns, name), name);
  });
});

describe("database/Dockerfile", () => {
  const dir = path.join(repoRoot, "database");
  const stages = parseDockerfile(path.join(dir, "Dockerfile"));
  const [stage] = stages;

  it("is PostgreSQL 16 on alpine", () => {
    assert.equal(stages.length, 1);
    assert.equal(stage.from, "postgres:16-alpine");
  });

  it("keeps PGDATA in a folder inside the volume, where the chart mounts it", () => {
    const statefulSet = find(renderChart(), "StatefulSet", "sh-pcp-database");
    const container = statefulSet.spec.template.spec.containers[0];
    const mount = container.volumeMounts[0].mountPath;
    assert.ok(stage.env.PGDATA.startsWith(`${mount}/`), `PGDATA ${stage.env.PGDATA} is not inside ${mount}`);
    assert.equal(container.env.find((variable) => variable.name === "PGDATA").value, stage.env.PGDATA);
  });

  it("installs init/ as first-start scripts", () => {
    const copies = ops(stage, "COPY").map(copyParts);
    assert.ok(
      copies.some((copy) => copy.sources.includes("init/") && copy.destination === "/docker-entrypoint-initdb.d/"),
    );
    const scripts = fs.readdirSync(path.join(dir, "init"));
    assert.ok(scripts.length > 0);
    for (const name of scripts) {
      assert.match(name, /\.(sh|sql)$/, name);
      if (name.endsWith(".sh"))
        assert.ok((fs.statSync(path.join(dir, "init", name)).mode & 0o111) !== 0, `${name} not executable`);
    }
  });

  it("sends only the Dockerfile and init/ as build context", () => {
    const patterns = dockerignore(dir);
    assert.ok(!ignored(patterns, "init"));
    assert.ok(!ignored(patterns, "Dockerfile"));
    assert.ok(ignored(patterns, "notes.txt"));
  });

  it("gives group 0 the owner's rights on the data, socket and init folders", () => {
    const commands = runs(stage).join(" && ");
    for (const folder of ["/var/lib/postgresql", "/var/run/postgresql"]) {
      assert.match(commands, new RegExp(`chgrp -R 0 [^&]*${folder}`), folder);
      assert.match(commands, new RegExp(`chmod -R g=u [^&]*${folder}`), folder);
    }
  });

  it("runs as a non-root numeric user in group 0 and exposes 5432", () => {
    assertArbitraryUidReady(stage, "database");
    assert.deepEqual(exposedPorts(stage), ["5432"]);
  });
});

describe("frontend/Dockerfile", () => {
  const file = path.join(repoRoot, "frontend", "Dockerfile");

  it("runs as a non-root numeric user in group 0 and exposes 3000", {
    skip: !fs.existsSync(file) && "frontend/Dockerfile does not exist yet",
  }, () => {
    const stages = parseDockerfile(file);
    const runtime = stages.at(-1);
    assert.match(runtime.from, /^node:22-alpine/);
    assertArbitraryUidReady(runtime, "frontend");
    assert.deepEqual(exposedPorts(runtime), ["3000"]);
  });
});
