// MCP sh-run throughput through the official SDK client: N sessions, each calling sh-run in a
// loop for the given duration.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Null when the server has no MCP endpoint yet. */
export async function measureMcpRuns(base, org, { sessions, durationS }) {
  const probe = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (probe.status === 404) return null;

  const clients = [];
  for (let i = 0; i < sessions; i++) {
    const client = new Client({ name: "spechub-bench", version: "0.1.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${org.apiKey}` } },
    });
    await client.connect(transport);
    clients.push(client);
  }
  const args = { name: org.promptName, input: JSON.stringify({ input: "Refactor the billing module" }) };
  // Each session's first call carries the session context: take it before measuring.
  await Promise.all(clients.map((client) => client.callTool({ name: "sh-run", arguments: args })));

  const latencies = [];
  let errors = 0;
  const cpuBefore = process.cpuUsage();
  const deadline = Date.now() + durationS * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < deadline) {
        const started = performance.now();
        const result = await client.callTool({ name: "sh-run", arguments: args });
        latencies.push(performance.now() - started);
        if (result.isError) errors++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(clients.map((client) => client.close()));
  latencies.sort((a, b) => a - b);
  return {
    name: `MCP sh-run (${sessions} sessions)`,
    requests_per_s: Math.round(latencies.length / durationS),
    p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
    errors,
    // The SDK client does real work per call too (validation, fetch): its CPU is the load generator's.
    client_cpu_ms_per_req: +((cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length)).toFixed(3),
  };
}
