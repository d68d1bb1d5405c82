import { expect, test } from "@playwright/test";
import { adminToken } from "./support/admin";
import { frontendUrl } from "./support/servers";

// The deployment guide's checks, through the frontend's port: the proxy reaches the backend.
test.describe("the deployment guide's checks through the frontend", () => {
  const frontend = frontendUrl;

  test("GET /health answers the backend's health", async () => {
    const response = await fetch(`${frontend}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("an anonymous GET /api/v1/prompts answers the empty first page, byte for byte", async () => {
    const response = await fetch(`${frontend}/api/v1/prompts`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.text()).toBe('{"items":[],"total":0,"page":1,"page_size":20}');
  });

  /** Turns the organization's anonymous MCP access on or off, as its admin. */
  async function setAnonymousMcp(allowed: boolean) {
    const token = await adminToken(frontend);
    const changed = await fetch(`${frontend}/api/v1/settings`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ mcp_anonymous_access: allowed }),
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
  }

  test("MCP answers initialize at /mcp and at /mcp/", async () => {
    // Without credentials only while the organization allows anonymous access (off by default).
    await setAnonymousMcp(true);
    try {
      for (const path of ["/mcp", "/mcp/"]) {
        const response = await fetch(`${frontend}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "initialize",
            params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "e2e", version: "1" } },
          }),
        });
        expect(response.status, path).toBe(200);
        expect(await response.text(), path).toContain('"serverInfo"');
      }
    } finally {
      await setAnonymousMcp(false);
    }
  });
});
