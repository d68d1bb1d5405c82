// docker-compose.yaml: the local stack wires the same images the same way the chart does.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { parseDockerfile } from "./lib/dockerfile.mjs";
import { repoRoot } from "./lib/paths.mjs";

const compose = parse(fs.readFileSync(path.join(repoRoot, "docker-compose.yaml"), "utf8"));
const { database, migrate, backend, frontend } = compose.services;

/** Resolves ${VAR:-default} the way compose does when VAR is unset. */
const withDefaults = (value) => String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1");

describe("docker-compose.yaml", () => {
  it("builds the three images from their own folders", () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ["backend", "database", "frontend", "migrate"]);
    assert.equal(database.build, "./database");
    assert.equal(backend.build, "./backend");
    assert.equal(migrate.build, "./backend");
    assert.equal(frontend.build, "./frontend");
    for (const dir of ["database", "backend"]) assert.ok(fs.existsSync(path.join(repoRoot, dir, "Dockerfile")), dir);
  });

  it("migrates as the database owner, then starts the backend as the application role, like the chart", () => {
    const owner = new URL(withDefaults(migrate.environment.DATABASE_URL));
    assert.equal(owner.hostname, "database");
    assert.equal(owner.port, "5432");
    assert.equal(owner.username, database.environment.POSTGRES_USER);
    assert.equal(owner.password, withDefaults(database.environment.POSTGRES_PASSWORD));
    assert.equal(owner.pathname, `/${database.environment.POSTGRES_DB}`);
    assert.deepEqual(migrate.command, ["node", "dist/db/migrate-cli.js"]);
    assert.equal(migrate.depends_on.database.condition, "service_healthy");
    const app = new URL(withDefaults(backend.environment.DATABASE_URL));
    assert.equal(app.hostname, "database");
    assert.equal(app.username, database.environment.POSTGRES_APP_USER);
    assert.equal(app.password, withDefaults(database.environment.POSTGRES_APP_PASSWORD));
    assert.notEqual(app.username, owner.username);
    assert.equal(backend.depends_on.migrate.condition, "service_completed_successfully");
  });

  it("points the frontend at the backend service", () => {
    assert.equal(frontend.environment.BACKEND_URL, "http://backend:8000");
    assert.equal(frontend.depends_on.backend.condition, "service_healthy");
  });

  it("publishes the guide's ports", () => {
    assert.deepEqual(backend.ports, ["8000:8000"]);
    assert.deepEqual(frontend.ports, ["3000:3000"]);
  });

  it("keeps the database on a named volume that holds the image's PGDATA", () => {
    const [volume] = database.volumes;
    const [name, mount] = volume.split(":");
    assert.ok(name in compose.volumes);
    const [stage] = parseDockerfile(path.join(repoRoot, "database", "Dockerfile"));
    assert.ok(stage.env.PGDATA.startsWith(`${mount}/`));
  });

  it("checks the health of the database and the backend", () => {
    assert.match(database.healthcheck.test.join(" "), /pg_isready/);
    assert.deepEqual(backend.healthcheck.test, ["CMD", "curl", "-fsS", "http://localhost:8000/health"]);
  });
});
