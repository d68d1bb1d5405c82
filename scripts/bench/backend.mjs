// What the benchmarks share: a throw-away PostgreSQL database and a backend process started on it.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { root } from "../lib.mjs";

const backend = path.join(root, "backend");

export async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh PostgreSQL database for the run, or null (embedded PGlite) when no server answers. */
export async function createBenchDatabase() {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `pcp_bench_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`create database ${name}`);
  } catch (error) {
    console.warn(`PostgreSQL not reachable (${error.message}): benchmarking on embedded PGlite instead.`);
    return null;
  } finally {
    await client.end().catch(() => {});
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export async function startBackend(env) {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean), "dist/main.js"],
    {
      cwd: backend,
      env: { ...process.env, LOG_LEVEL: "warn", HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${env.PORT}`;
  try {
    await waitForAnswer(child, `${base}/health`, "backend");
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return { child, base };
}

/**
 * The baseline every scenario is compared with: a bare Fastify route in a process of its own,
 * started with plain `node` (no BENCH_NODE_ARGS: a profiler would slow the yardstick).
 */
export async function startBareServer(port) {
  const child = spawn(process.execPath, [path.join(root, "scripts", "bench", "bare-server.mjs")], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}/bare`;
  await waitForAnswer(child, url, "bare Fastify server");
  return { child, url };
}

// Polled every 50 ms, so that bench:scale's start-up time is close to the real one; up to a minute.
async function waitForAnswer(child, url, what) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not become ready`);
}

/** Stops a process this bench started, and waits until it is gone. */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}
