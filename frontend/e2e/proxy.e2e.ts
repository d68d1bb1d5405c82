import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { freePort, startFrontend } from "../scripts/lib/processes.mjs";
import { closeContexts, screenshot } from "./support/chromium";

type Recorded = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/**
 * A stand-in backend that records what reaches it and answers like the real one would in the
 * cases the proxy must get right: server-sent events written over time, several cookies.
 */
function startUpstream() {
  const requests: Recorded[] = [];
  let openStream: http.ServerResponse | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (req.headers.accept === "text/event-stream") {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        res.write("data: first\n\n");
        // The stream stays open until the test has read the first event: a proxy that buffers
        // would never deliver it, and the test would time out.
        openStream = res;
        return;
      }
      res.setHeader("set-cookie", ["a=1; Path=/; HttpOnly", "b=2; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT"]);
      res.writeHead(201, { "content-type": "application/json", "x-upstream": "yes" });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  return new Promise<{ url: string; requests: Recorded[]; endStream: () => void; close: () => Promise<void> }>(
    (resolve) => {
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          url: `http://127.0.0.1:${port}`,
          requests,
          endStream: () => openStream?.end("data: second\n\n"),
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
    },
  );
}

test.describe("the runtime proxy", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let frontend: Awaited<ReturnType<typeof startFrontend>>;

  test.beforeAll(async () => {
    upstream = await startUpstream();
    frontend = await startFrontend({ backendUrl: upstream.url });
  });
  test.afterAll(async () => {
    await frontend?.stop();
    await upstream?.close();
  });

  test("forwards method, path, query, headers, cookies and body, and sets X-Forwarded-Host/Proto", async () => {
    const response = await fetch(`${frontend.url}/api/v1/things?x=1&y=2`, {
      method: "PATCH",
      headers: {
        "content-type": "application/json",
        cookie: "pcp_session=abc",
        origin: frontend.url,
        authorization: "Bearer pcp_key",
      },
      body: JSON.stringify({ hello: "world" }),
    });
    const seen = upstream.requests.at(-1)!;
    expect(seen.method).toBe("PATCH");
    expect(seen.url).toBe("/api/v1/things?x=1&y=2");
    expect(seen.body).toBe('{"hello":"world"}');
    expect(seen.headers.cookie).toBe("pcp_session=abc");
    expect(seen.headers.authorization).toBe("Bearer pcp_key");
    expect(seen.headers.origin).toBe(frontend.url);
    expect(seen.headers["x-forwarded-host"]).toBe(new URL(frontend.url).host);
    expect(seen.headers["x-forwarded-proto"]).toBe("http");

    expect(response.status).toBe(201);
    expect(response.headers.get("x-upstream")).toBe("yes");
    expect(response.headers.getSetCookie()).toEqual([
      "a=1; Path=/; HttpOnly",
      "b=2; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
    ]);
    expect(await response.json()).toEqual({ ok: true });
  });

  test("keeps X-Forwarded-Host and -Proto set by a router in front of it", async () => {
    await fetch(`${frontend.url}/health`, {
      headers: { "x-forwarded-host": "spechub.example.com", "x-forwarded-proto": "https" },
    });
    const seen = upstream.requests.at(-1)!;
    expect(seen.headers["x-forwarded-host"]).toBe("spechub.example.com");
    expect(seen.headers["x-forwarded-proto"]).toBe("https");
  });

  test("passes on only the client address a trusted proxy vouches for, and none of the client's own claims", async () => {
    // This test plays a router on loopback, which the web UI trusts by default.
    await fetch(`${frontend.url}/api/v1/things`, {
      headers: {
        "x-forwarded-for": "1.1.1.1, 198.51.100.7",
        forwarded: "for=1.1.1.1",
        "x-real-ip": "1.1.1.1",
        "x-spechub-peer": "forged 1.1.1.1",
      },
    });
    const seen = upstream.requests.at(-1)!;
    expect(seen.headers["x-forwarded-for"]).toBe("198.51.100.7");
    expect(seen.headers.forwarded).toBeUndefined();
    expect(seen.headers["x-real-ip"]).toBeUndefined();
    expect(seen.headers["x-spechub-peer"]).toBeUndefined();
  });

  test("streams server-sent events as they are written, without buffering", async () => {
    test.setTimeout(15_000);
    const response = await fetch(`${frontend.url}/mcp`, { headers: { accept: "text/event-stream" } });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    expect(first).toContain("data: first");
    upstream.endStream();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    expect(rest).toContain("data: second");
  });
});

test.describe("a web UI that trusts no proxy in front of it", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let frontend: Awaited<ReturnType<typeof startFrontend>>;

  test.beforeAll(async () => {
    upstream = await startUpstream();
    frontend = await startFrontend({ backendUrl: upstream.url, env: { TRUST_PROXY: "" } });
  });
  test.afterAll(async () => {
    await frontend?.stop();
    await upstream?.close();
  });

  test("replaces the client's X-Forwarded-For, -Host and -Proto with what it saw itself", async () => {
    for (const path of ["/api/v1/auth/login", "/mcp", "/health"]) {
      await fetch(`${frontend.url}${path}`, {
        headers: {
          "x-forwarded-for": "198.51.100.1",
          "x-forwarded-host": "allowed.example.com",
          "x-forwarded-proto": "https",
        },
      });
      const seen = upstream.requests.at(-1)!;
      expect(seen.url, path).toBe(path);
      expect(seen.headers["x-forwarded-for"], path).toBe("127.0.0.1");
      expect(seen.headers["x-forwarded-host"], path).toBe(new URL(frontend.url).host);
      expect(seen.headers["x-forwarded-proto"], path).toBe("http");
    }
  });
});

test("refuses to start with a mistyped TRUST_PROXY, saying which entry is wrong", async () => {
  const started = startFrontend({
    backendUrl: "http://127.0.0.1:1",
    env: { TRUST_PROXY: "loopback, router.internal" },
  });
  await expect(started).rejects.toThrow(/exited with 1[\s\S]*TRUST_PROXY: invalid IP address: router\.internal/);
});

test.describe("when the backend is down", () => {
  test("answers 502 {error: Backend unavailable} and logs the target it tried", async () => {
    const deadBackend = `http://127.0.0.1:${await freePort()}`;
    const frontend = await startFrontend({ backendUrl: deadBackend });
    try {
      for (const path of ["/health", "/api/v1/prompts", "/mcp"]) {
        const response = await fetch(`${frontend.url}${path}`);
        expect(response.status, path).toBe(502);
        expect(await response.json(), path).toEqual({ error: "Backend unavailable" });
      }
      expect(frontend.output()).toContain(`${deadBackend}/api/v1/prompts`);
      // The web UI's own liveness does not depend on the backend.
      const live = await fetch(`${frontend.url}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: "ok" });
    } finally {
      await frontend.stop();
    }
  });

  test("shows pages as unavailable, retrying by themselves, with a way to try again", async ({ browser }) => {
    const frontend = await startFrontend({ backendUrl: `http://127.0.0.1:${await freePort()}` });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.goto(`${frontend.url}/login`);
      await page.getByRole("heading", { name: "Backend unavailable", level: 1 }).waitFor();
      await page.getByText("Retrying automatically every few seconds").waitFor();
      await page.getByRole("button", { name: "Try again" }).waitFor();
      await screenshot(page, "backend-down");
    } finally {
      await closeContexts(browser);
      await frontend.stop();
    }
  });
});
