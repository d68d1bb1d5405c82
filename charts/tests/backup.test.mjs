// The chart's backup and restore scripts, taken from the rendered ConfigMap the CronJob and the
// restore Job mount, run against the local PostgreSQL: a seeded database is dumped with
// pg_dump, restored with pg_restore in place and into a fresh database, and compared; old
// dumps are pruned to BACKUP_KEEP.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { find, renderChart } from "./lib/helm.mjs";
import { repoRoot } from "./lib/paths.mjs";
import { pgEnv, psql, query, scratchDatabase, uniqueName, url } from "./lib/postgres.mjs";

const scratch = scratchDatabase(path.join(repoRoot, "database", "init"));
const { database, owner, app } = scratch;
const fresh = uniqueName("pcp_restored");

let work;
let backupDir;
let scripts;

/** Runs one of the chart's scripts as its Job would; returns { status, output }. */
function runScript(name, env) {
  const result = spawnSync("sh", [path.join(scripts, name)], {
    encoding: "utf8",
    env: { ...pgEnv(), BACKUP_DIR: backupDir, ...env },
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

const backup = (keep = "7") => runScript("backup.sh", { DATABASE_URL: url({ ...owner, database }), BACKUP_KEEP: keep });
const restore = (file, into = database) =>
  runScript("restore.sh", { DATABASE_URL: url({ ...owner, database: into }), RESTORE_FILE: file });
const dumps = () =>
  fs
    .readdirSync(backupDir)
    .filter((name) => name.endsWith(".dump"))
    .sort();

/** Everything a restore must bring back: each table's rows in order, and the schema with its privileges. */
function snapshot(db) {
  const tables = query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", {
    database: db,
  }).split("\n");
  const rows = Object.fromEntries(
    tables.map((table) => [
      table,
      query(`SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM ${table} t`, { database: db }),
    ]),
  );
  const schema = spawnSync("pg_dump", ["--schema-only", "--no-comments", "-d", db], { env: pgEnv(), encoding: "utf8" });
  assert.equal(schema.status, 0, schema.stderr);
  // pg_dump marks its output with a random \restrict key; the rest is deterministic.
  return { rows, schema: schema.stdout.replace(/^\\(un)?restrict .*$/gm, "").replaceAll(db, "DATABASE") };
}

/** Asserts two snapshots are the same, naming what differs (the contents are too long to print). */
function assertSameSnapshot(actual, expected) {
  assert.deepEqual(Object.keys(actual.rows), Object.keys(expected.rows), "tables");
  for (const table of Object.keys(expected.rows))
    assert.ok(actual.rows[table] === expected.rows[table], `rows of ${table} differ`);
  assert.ok(actual.schema === expected.schema, "schemas differ");
}

// Owned by the owner after the init scripts ran, as the migrations would create them: a serial
// key, a trigger, JSON, bytes, time zones, NULLs, and text no single encoding guess survives.
const SEED = `
CREATE TABLE prompts (id serial PRIMARY KEY, name text UNIQUE NOT NULL, body jsonb, created_at timestamptz DEFAULT now());
CREATE TABLE versions (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, prompt_id int REFERENCES prompts(id), template text, blob bytea);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.template := coalesce(NEW.template, ''); RETURN NEW; END $$;
CREATE TRIGGER versions_touch BEFORE INSERT ON versions FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO prompts (name, body, created_at)
  SELECT 'prompt-' || i, jsonb_build_object('i', i, 'tags', jsonb_build_array('a', 'ü', '🙂')), '2024-02-29 12:00:00+05:30'::timestamptz + i * interval '1 hour'
  FROM generate_series(1, 200) i;
INSERT INTO versions (prompt_id, template, blob)
  SELECT 1 + i % 200, CASE WHEN i % 7 = 0 THEN NULL ELSE repeat('Hello {{ input }} – ñ ', i % 50) END, decode(md5(i::text), 'hex')
  FROM generate_series(1, 1000) i;
`;

describe("backups (local PostgreSQL)", () => {
  before(() => {
    scratch.create();
    scratch.runInitScripts();
    query(SEED, { database, as: owner });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pcp-backup-"));
    backupDir = path.join(work, "backups");
    scripts = path.join(work, "scripts");
    fs.mkdirSync(backupDir);
    fs.mkdirSync(scripts);
    const configMap = find(renderChart({ set: { "backup.enabled": true } }), "ConfigMap", "sh-pcp-backup");
    for (const [name, text] of Object.entries(configMap.data)) fs.writeFileSync(path.join(scripts, name), text);
  });

  after(() => {
    scratch.drop(fresh);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  let original;
  let first;

  it("dumps the database as the owner, into a dump pg_restore can read", () => {
    original = snapshot(database);
    assert.equal(original.rows.prompts.split("\n").length, 200);
    const run = backup();
    assert.equal(run.status, 0, run.output);
    [first] = dumps();
    assert.match(first, /^pcp-\d{8}T\d{6}Z\.dump$/);
    assert.match(run.output, new RegExp(`backup: wrote ${first} \\(\\d+ bytes\\)`));
    assert.deepEqual(fs.readdirSync(backupDir), [first], "no partial file left behind");
  });

  it("restores it in place, undoing later changes, and the application role keeps its rights", () => {
    query("INSERT INTO prompts (name) VALUES ('after-backup'); DROP TABLE versions; UPDATE prompts SET body = NULL", {
      database,
      as: owner,
    });
    const run = restore(first);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, new RegExp(`restore: restored ${first}`));
    assertSameSnapshot(snapshot(database), original);
    const write = psql("INSERT INTO versions (prompt_id, template) VALUES (1, 'from the app') RETURNING prompt_id", {
      database,
      as: app,
    });
    assert.equal(write.status, 0, write.stderr);
  });

  it("restores it into a fresh database set up by the image's init scripts (a lost volume)", () => {
    query(`CREATE DATABASE ${fresh} OWNER ${owner.user}`);
    scratch.runInitScripts(app.password, fresh);
    const run = restore(first, fresh);
    assert.equal(run.status, 0, run.output);
    assertSameSnapshot(snapshot(fresh), original);
  });

  it("keeps the newest BACKUP_KEEP dumps and clears what a killed run left", async () => {
    fs.writeFileSync(path.join(backupDir, "pcp-20000101T000000Z.dump.partial"), "cut short");
    for (let i = 0; i < 2; i++) {
      // One dump per second at most: names carry the time to the second.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const run = backup("2");
      assert.equal(run.status, 0, run.output);
    }
    const kept = dumps();
    assert.equal(kept.length, 2);
    assert.ok(!kept.includes(first), "the oldest went");
    assert.ok(kept.every((name) => name > first));
    assert.ok(!fs.readdirSync(backupDir).some((name) => name.endsWith(".partial")));
  });

  it("fails without touching the kept dumps when the database cannot be reached", () => {
    // A folder of its own: the name of a new dump carries the current second.
    const dir = path.join(work, "unreachable");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "pcp-20000101T000000Z.dump"), "an older dump");
    const run = runScript("backup.sh", {
      BACKUP_DIR: dir,
      DATABASE_URL: url({ ...owner, database: "no_such_database_here" }),
      BACKUP_KEEP: "1",
    });
    assert.notEqual(run.status, 0);
    assert.match(run.output, /no_such_database_here/);
    assert.deepEqual(
      fs.readdirSync(dir).filter((name) => name.endsWith(".dump")),
      ["pcp-20000101T000000Z.dump"],
    );
  });

  it("refuses a keep count that would delete every dump", () => {
    for (const keep of ["0", "-1", "all"]) {
      const run = backup(keep);
      assert.equal(run.status, 1, keep);
      assert.match(run.output, /BACKUP_KEEP must be a whole number of at least 1/);
    }
  });

  it("names the dumps there are when asked to restore one that is not", () => {
    const run = restore("pcp-19990101T000000Z.dump");
    assert.equal(run.status, 1);
    assert.match(run.output, /restore: pcp-19990101T000000Z\.dump is not in/);
    for (const name of dumps()) assert.match(run.output, new RegExp(name));
  });
});
