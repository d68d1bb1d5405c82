import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";
import { ADMIN_REGISTRATION } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import {
  type ServerProcess,
  seededPgliteFolder,
  startServerProcess,
  stopServerProcess,
} from "../test/server-process.js";

/** A span as OTLP/JSON carries it, with its attributes flattened and its service's name. */
type Span = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service: string;
  attributes: Record<string, unknown>;
};

const SPAN_KIND_SERVER = 2;

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpExport = {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { spans: (Omit<Span, "attributes" | "service"> & { attributes: OtlpAttribute[] })[] }[];
  }[];
};

const flatten = (attributes: OtlpAttribute[]) =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue)),
    ]),
  );

/** An OTLP/HTTP collector that keeps every span posted to /v1/traces (JSON encoding). */
async function startCollector() {
  const spans: Span[] = [];
  const refused: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (
        request.method !== "POST" ||
        request.url !== "/v1/traces" ||
        !request.headers["content-type"]?.includes("json")
      ) {
        refused.push(`${request.method} ${request.url} ${request.headers["content-type"]}`);
        response.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport;
      for (const resourceSpans of body.resourceSpans) {
        const service = String(flatten(resourceSpans.resource.attributes)["service.name"]);
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans) spans.push({ ...span, service, attributes: flatten(span.attributes) });
        }
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    refused,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe("tracing configuration", () => {
  it("is off unless an OTLP endpoint is set", () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_SERVICE_NAME: "x" }).tracing).toBeNull();
  });

  it("sends to the endpoint's /v1/traces as spechub-backend, or as OTEL_SERVICE_NAME", () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).tracing).toEqual({
      tracesUrl: "http://collector:4318/v1/traces",
      serviceName: "spechub-backend",
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example/otlp",
        OTEL_SERVICE_NAME: "spechub-eu",
      }).tracing,
    ).toEqual({ tracesUrl: "https://traces.example/otlp", serviceName: "spechub-eu" });
  });

  it("refuses an endpoint that is not an http(s) URL", () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4317" })).toThrow(ConfigError);
  });
});

describe("OTLP export from a running server", () => {
  let t: TestContext;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;
  let spans: Span[];
  let promptName: string;

  beforeAll(async () => {
    t = await createTestContext();
    collector = await startCollector();
    // PGlite keeps its data in a folder of the server's own; PostgreSQL runs on the test database.
    if (!t.databaseUrl) dataDir = seededPgliteFolder("spechub-tracing-");
    server = await startServerProcess(t.databaseUrl, {
      ...(dataDir ? { PGLITE_DIR: dataDir } : {}),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: "",
    });
    const call = async (method: string, url: string, token: string | null, body?: unknown) => {
      const response = await fetch(`${server?.url}${url}`, {
        method,
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, string>;
    };
    const token = (await call("POST", "/api/v1/auth/register", null, ADMIN_REGISTRATION)).token ?? null;
    promptName = "traced-greeting";
    await call("POST", "/api/v1/prompts", token, {
      name: promptName,
      version: { version: "1", user_template: "Hello {{ input }}" },
    });
    await call("POST", `/api/v1/expand/${promptName}`, token, { input: { input: "Ada" } });
    await call("POST", "/mcp", token, {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "sh-run", arguments: { name: promptName, input: "Ada" } },
    });
    await fetch(`${server.url}/health`);
    // Shutting down sends the spans still buffered: everything is at the collector once it exits.
    await stopServerProcess(server);
    spans = collector.spans;
  }, 120_000);
  afterAll(async () => {
    await stopServerProcess(server);
    await collector?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await t?.close();
  });

  const serverSpan = (name: string) => spans.find((span) => span.name === name && span.kind === SPAN_KIND_SERVER);
  const childrenOf = (parent: Span | undefined) =>
    spans.filter((span) => parent && span.traceId === parent.traceId && span.spanId !== parent.spanId);

  it("exports as spechub-backend over OTLP/HTTP JSON", () => {
    expect(collector.refused).toEqual([]);
    expect(spans.length).toBeGreaterThan(0);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(["spechub-backend"]));
  });

  it("names HTTP server spans by route pattern, with the status and the caller", () => {
    const http = serverSpan("POST /api/v1/expand/:name");
    expect(http?.attributes).toMatchObject({
      "http.route": "/api/v1/expand/:name",
      "http.request.method": "POST",
      "http.response.status_code": 200,
      "user.id": expect.any(String),
    });
    expect(spans.filter((span) => span.name.includes(promptName))).toEqual([]);
  });

  it("has an expansion span inside the request's span", () => {
    const http = serverSpan("POST /api/v1/expand/:name");
    const expansion = childrenOf(http).find((span) => span.name === "expansion");
    expect(expansion?.parentSpanId).toBe(http?.spanId);
    expect(expansion?.attributes).toMatchObject({
      "spechub.prompt.name": promptName,
      "spechub.prompt.version": "1",
      "spechub.expansion.channel": "rest",
      "spechub.expansion.status_code": 200,
    });
  });

  it("has database spans inside the request", () => {
    // From the pg instrumentation on PostgreSQL, from our own wrapper on PGlite.
    const queries = childrenOf(serverSpan("POST /api/v1/expand/:name")).filter(
      (span) =>
        span.attributes["db.system.name"] === "postgresql" && typeof span.attributes["db.query.text"] === "string",
    );
    expect(queries.map((span) => span.attributes["db.query.text"])).toContainEqual(
      expect.stringContaining('"prompts"'),
    );
  });

  it("makes no trace of queries outside requests (migrations at start-up, background writes)", () => {
    const queries = spans.filter((span) => span.attributes["db.system.name"] === "postgresql");
    expect(queries.filter((span) => !span.parentSpanId)).toEqual([]);
  });

  it("names the MCP tool called, with its expansion inside", () => {
    const mcp = serverSpan("POST /mcp");
    expect(mcp?.attributes).toMatchObject({
      "http.route": "/mcp",
      "rpc.method": "tools/call",
      "mcp.tool.name": "sh-run",
    });
    const expansion = childrenOf(mcp).find((span) => span.name === "expansion");
    expect(expansion?.attributes).toMatchObject({
      "spechub.expansion.channel": "mcp",
      "spechub.prompt.name": promptName,
    });
  });

  it("leaves out health probes", () => {
    expect(spans.filter((span) => String(span.attributes["url.path"] ?? "").startsWith("/health"))).toEqual([]);
  });
});
