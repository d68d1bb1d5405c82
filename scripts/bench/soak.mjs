#!/usr/bin/env node
// `npm run bench:soak`: two backend processes on one PostgreSQL database, BENCH_SOAK_SESSIONS MCP
// sessions (official SDK client, default 200) spread over both, each looping sh-run, sh-search and
// prompts/get, BENCH_SOAK_PAUSE_MS (default 1000) apart, for BENCH_SOAK_DURATION seconds (default 600). Meanwhile an admin adds a version of the
// expanded prompt and edits a policy every BENCH_SOAK_EDIT_EVERY seconds (default 3) through REST,
// each with a new marker; every expansion tells which markers it shows, so the bench measures how
// long each process took to serve an edit. Reports errors, calls/s, p50/p99, the edit-to-visible
// lag and both processes' memory every minute; exits with 1 on any error or a lag above 1 s.
import path from "node:path";
import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { root, run } from "../lib.mjs";
import { call, processMemory, summarize } from "./api.mjs";
import { createBenchDatabase, freePort, startBackend, stopProcess } from "./backend.mjs";

const SESSIONS = Number(process.env.BENCH_SOAK_SESSIONS ?? 200);
const DURATION_S = Number(process.env.BENCH_SOAK_DURATION ?? 600);
const EDIT_EVERY_S = Number(process.env.BENCH_SOAK_EDIT_EVERY ?? 3);
/**
 * How long a session waits between calls, ±50% so that sessions do not march in step. An IDE
 * calls when its user asks; with no pause at all, 200 sessions on a small machine measure their
 * own queue (every answer waits for the 199 other calls), not how soon an edit is served.
 */
const PAUSE_MS = Number(process.env.BENCH_SOAK_PAUSE_MS ?? 1000);
const MAX_LAG_MS = 1000;
const PROMPT = "soak-main";
const PASSWORD = "bench-password-1";
const INPUT = "Refactor the billing module";
const OPERATIONS = ["sh-run", "sh-search", "prompts/get"];
const backend = path.join(root, "backend");

/** The admin, the prompt and the policy it edits, and a member's API key for the sessions. */
async function seed(base) {
  const registered = await call(base, null, "POST", "/auth/register", {
    org_name: "Soak Org",
    org_slug: "soak-org",
    email: "admin@soak.example",
    username: "admin",
    password: PASSWORD,
  });
  const admin = registered.token;
  const teamId = registered.user.team_id;
  const policy = await call(base, admin, "POST", "/policies", {
    team_id: teamId,
    name: "soak-policy",
    enforcement_type: "append",
    content: "policy-mark-0: cite the ticket.",
  });
  await call(base, admin, "POST", "/prompts", {
    name: PROMPT,
    description: "The prompt the soak edits",
    visibility: "org",
    version: { version: "0", user_template: "prompt-mark-0: {{ input }}", tags: ["soak"] },
  });
  for (let i = 1; i <= 20; i++) {
    await call(base, admin, "POST", "/prompts", {
      name: `soak-helper-${i}`,
      description: `Helper ${i} of the soak`,
      visibility: "org",
      version: { version: "1", user_template: `Helper ${i}: {{ input }}`, tags: ["soak"] },
    });
  }
  const member = await call(base, admin, "POST", "/users", {
    username: "member",
    email: "member@soak.example",
    team_id: teamId,
    password: PASSWORD,
  });
  const key = await call(base, admin, "POST", `/users/${member.id}/api-keys`, {
    name: "soak",
    scopes: ["read", "expand"],
  });
  return { admin, policyId: policy.id, apiKey: key.raw_key };
}

/**
 * The edits made so far, of each kind, and what each process has shown of them. An edit is known
 * before its request is sent, so that a process serving it before the answer arrives counts as
 * showing it at once.
 */
function createEditLog(processNames) {
  const latest = { prompt: null, policy: null };
  const all = [];
  let stale = 0;
  return {
    all,
    get stale() {
      return stale;
    },
    begin(kind, seq) {
      const edit = { kind, seq, editedAt: null, lagMs: Object.fromEntries(processNames.map((name) => [name, null])) };
      latest[kind] = edit;
      all.push(edit);
      return edit;
    },
    /** An expansion served by `processName`, sent at `sentAt` and answered at `answeredAt`, shows `text`. */
    observe(processName, sentAt, answeredAt, text) {
      for (const kind of ["prompt", "policy"]) {
        const edit = latest[kind];
        const shown = Number(text.match(new RegExp(`${kind}-mark-(\\d+)`))?.[1] ?? -1);
        if (!edit) continue;
        if (shown >= edit.seq) {
          if (edit.lagMs[processName] === null) {
            edit.lagMs[processName] = edit.editedAt === null ? 0 : Math.max(0, answeredAt - edit.editedAt);
          }
        } else if (edit.editedAt !== null && sentAt > edit.editedAt + MAX_LAG_MS) {
          stale++;
        }
      }
    },
  };
}

async function connect(server, apiKey) {
  const client = new McpClient({ name: "spechub-bench-soak", version: "0.1.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
    }),
  );
  return { client, server };
}

/** One call of the mix; the text an expansion answered with, or null for a search. */
async function callOnce(client, operation) {
  if (operation === "prompts/get") {
    const result = await client.getPrompt({ name: PROMPT, arguments: { input: INPUT } });
    return result.messages.map((message) => message.content.text).join("\n");
  }
  const result =
    operation === "sh-run"
      ? await client.callTool({ name: "sh-run", arguments: { name: PROMPT, input: INPUT } })
      : await client.callTool({ name: "sh-search", arguments: { query: "soak" } });
  const text = result.content.map((part) => part.text).join("\n");
  if (result.isError) throw new Error(`${operation}: ${text}`);
  return operation === "sh-run" ? text : null;
}

await run("npm", ["run", "build"], { cwd: backend });
const database = await createBenchDatabase();
if (!database) {
  console.error("bench:soak needs PostgreSQL: set BENCH_DATABASE_URL to a server's admin connection.");
  process.exit(1);
}
const env = {
  DATABASE_URL: database.url,
  // Every session uses one member's key on purpose: per-caller limits off.
  MCP_RATE_LIMIT_MAX: "0",
  EXPAND_RATE_LIMIT_MAX: "0",
};
const servers = [];
const sessions = [];
let failed = true;
try {
  for (const name of ["A", "B"]) {
    servers.push({ name, ...(await startBackend({ ...env, PORT: String(await freePort()) })) });
  }
  const { admin, policyId, apiKey } = await seed(servers[0].base);
  console.log(`Connecting ${SESSIONS} MCP sessions over processes A and B …`);
  for (let i = 0; i < SESSIONS; i += 20) {
    const batch = Array.from({ length: Math.min(20, SESSIONS - i) }, (_, j) => connect(servers[(i + j) % 2], apiKey));
    sessions.push(...(await Promise.all(batch)));
  }

  const edits = createEditLog(servers.map((server) => server.name));
  const latencies = Object.fromEntries(OPERATIONS.map((operation) => [operation, []]));
  const errors = [];
  let calls = 0;
  const started = Date.now();
  const deadline = started + DURATION_S * 1000;

  const loops = sessions.map(async ({ client, server }, index) => {
    for (let turn = index; Date.now() < deadline; turn++) {
      const operation = OPERATIONS[turn % OPERATIONS.length];
      const sentAt = Date.now();
      const began = performance.now();
      try {
        const text = await callOnce(client, operation);
        latencies[operation].push(performance.now() - began);
        calls++;
        if (text !== null) edits.observe(server.name, sentAt, Date.now(), text);
      } catch (error) {
        errors.push(`${server.name} ${operation}: ${error.message}`);
      }
      if (PAUSE_MS > 0) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS * (0.5 + Math.random())));
    }
  });

  // Edits stop a little before the end, so that every one has had its second to show.
  const editing = (async () => {
    for (let seq = 1; Date.now() + EDIT_EVERY_S * 1000 + MAX_LAG_MS < deadline; seq++) {
      await new Promise((resolve) => setTimeout(resolve, EDIT_EVERY_S * 1000));
      const promptEdit = edits.begin("prompt", seq);
      try {
        await call(servers[0].base, admin, "PUT", `/prompts/${PROMPT}`, {
          version: String(seq),
          user_template: `prompt-mark-${seq}: {{ input }}`,
          tags: ["soak"],
        });
        promptEdit.editedAt = Date.now();
        const policyEdit = edits.begin("policy", seq);
        await call(servers[0].base, admin, "PUT", `/policies/${policyId}`, {
          content: `policy-mark-${seq}: cite the ticket.`,
        });
        policyEdit.editedAt = Date.now();
      } catch (error) {
        errors.push(`edit ${seq}: ${error.message}`);
      }
    }
  })();

  let lastCalls = 0;
  const memoryReport = (label) => {
    const memory = servers.map((server) => `${server.name} ${JSON.stringify(processMemory(server.child.pid))}`);
    console.log(`[${label}] ${calls - lastCalls} calls since the last report; memory ${memory.join(", ")}`);
    lastCalls = calls;
  };
  const everyMinute = setInterval(() => memoryReport(`minute ${Math.round((Date.now() - started) / 60_000)}`), 60_000);
  await Promise.all([...loops, editing]);
  clearInterval(everyMinute);
  memoryReport("end");

  const elapsedS = (Date.now() - started) / 1000;
  const lags = edits.all.flatMap((edit) => Object.values(edit.lagMs));
  const shown = lags.filter((lag) => lag !== null);
  const unseen = lags.length - shown.length;
  const maxLag = shown.length === 0 ? null : Math.max(...shown);
  console.log();
  console.table(
    OPERATIONS.map((operation) => ({
      operation,
      calls: latencies[operation].length,
      ...summarize(latencies[operation]),
    })),
  );
  console.table([
    {
      sessions: SESSIONS,
      duration_s: +elapsedS.toFixed(1),
      calls_per_s: Math.round(calls / elapsedS),
      ...summarize(Object.values(latencies).flat()),
      errors: errors.length,
      edits: edits.all.length,
      max_edit_to_visible_ms: maxLag,
      edits_not_shown: unseen,
      stale_expansions: edits.stale,
    },
  ]);
  for (const error of errors.slice(0, 10)) console.error(error);
  failed = errors.length > 0 || unseen > 0 || edits.stale > 0 || (maxLag ?? 0) > MAX_LAG_MS;
  console.log(
    failed
      ? `FAILED: errors, or an edit not shown by both processes within ${MAX_LAG_MS} ms.`
      : `Passed: no errors; both processes showed every edit within ${MAX_LAG_MS} ms.`,
  );
} finally {
  await Promise.all(sessions.map(({ client }) => client.close().catch(() => {})));
  for (const server of servers) await stopProcess(server.child);
  if (process.env.BENCH_KEEP_DATABASE) console.log(`Kept the database: ${database.url}`);
  else await database.drop().catch((error) => console.warn(`could not drop the bench database: ${error.message}`));
}
process.exitCode = failed ? 1 : 0;
