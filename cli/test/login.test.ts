import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnCli } from "./background-cli.js";
import { type Backend, runCli, startBackend, tempDir } from "./harness.js";

describe("spechub login, whoami, logout", () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const credentialsOf = (configDir: string) =>
    JSON.parse(fs.readFileSync(path.join(configDir, "credentials.json"), "utf8"));

  /** Runs `spechub login --no-browser` and plays the browser: follows the address, approves as the admin, returns to the CLI. */
  async function browserLogin(configDir: string) {
    const login = spawnCli(["login", backend.url, "--no-browser"], { env: { SPECHUB_CONFIG_DIR: configDir } });
    const [authorizeUrl] = await login.waitFor(/^http\S+\/oauth\/authorize\?\S+$/m);
    const query = new URL(authorizeUrl).searchParams;
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(query.get("resource")).toBe(`${backend.url}/api`);
    expect(query.get("scope")).toBe("read expand write");
    const started = await fetch(authorizeUrl, { redirect: "manual" });
    expect(started.status).toBe(302);
    const requestId = new URL(String(started.headers.get("location"))).searchParams.get("request");
    const consent = await backend.call("GET", `/api/v1/oauth/requests/${requestId}`);
    expect(consent.client.name).toBe("SpecHub CLI");
    expect(consent.scopes).toEqual(["read", "expand", "write"]);
    const { redirect_to } = await backend.call("POST", `/api/v1/oauth/requests/${requestId}/approve`);
    expect(new URL(redirect_to).hostname).toBe("127.0.0.1");
    const back = await fetch(redirect_to);
    expect(back.status).toBe(200);
    expect(await back.text()).toContain("Signed in");
    return login.done;
  }

  it("signs in through the browser, stores the tokens privately, refreshes them and revokes them on logout", async () => {
    const configDir = path.join(tempDir(), "spechub");
    const env = { SPECHUB_CONFIG_DIR: configDir };
    const login = await browserLogin(configDir);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Signed in to ${backend.url} as admin`);

    const file = path.join(configDir, "credentials.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(configDir).mode & 0o777).toBe(0o700);
    const first = credentialsOf(configDir);
    expect(first).toMatchObject({ url: backend.url, kind: "oauth", clientId: expect.any(String) });
    expect(first.accessToken).toMatch(/^pcp_at_/);
    expect(first.expiresAt).toBeGreaterThan(Date.now());

    const whoami = await runCli(["whoami", "--json"], { env });
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({
      url: backend.url,
      credential: "oauth",
      user: { username: "admin", role: "admin" },
      team: { name: expect.any(String) },
    });
    const text = await runCli(["whoami"], { env });
    expect(text.stdout).toMatch(/User: +admin/);
    expect(text.stdout).toMatch(/Credential: +browser sign-in/);

    // Expired: the next command refreshes first, storing the rotated pair.
    fs.writeFileSync(file, JSON.stringify({ ...first, expiresAt: 0 }), { mode: 0o600 });
    const afterExpiry = await runCli(["whoami", "--json"], { env });
    expect(afterExpiry.code, afterExpiry.stderr).toBe(0);
    const second = credentialsOf(configDir);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.expiresAt).toBeGreaterThan(Date.now());
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    // Refused although not due (revoked or skewed): refreshed once and sent again.
    fs.writeFileSync(file, JSON.stringify({ ...second, accessToken: "pcp_at_refused" }), { mode: 0o600 });
    const afterRefusal = await runCli(["whoami", "--json"], { env });
    expect(afterRefusal.code, afterRefusal.stderr).toBe(0);
    const third = credentialsOf(configDir);
    expect(third.refreshToken).not.toBe(second.refreshToken);

    // The client registration is remembered: a second sign-in reuses it.
    const again = await browserLogin(configDir);
    expect(again.code, again.stderr).toBe(0);
    const fourth = credentialsOf(configDir);
    expect(fourth.clientId).toBe(first.clientId);

    const logout = await runCli(["logout"], { env });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stdout).toContain("revoked");
    expect(fs.existsSync(file)).toBe(false);
    for (const token of [fourth.accessToken, third.accessToken]) {
      const me = await fetch(`${backend.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(401);
    }
    const signedOut = await runCli(["whoami"], { env: { ...env, SPECHUB_URL: backend.url } });
    expect(signedOut.code).toBe(2);
    expect(signedOut.stderr).toMatch(/Not signed in/);
  });

  it("registers again when the server no longer knows the remembered client", async () => {
    const configDir = tempDir();
    fs.writeFileSync(
      path.join(configDir, "oauth-clients.json"),
      JSON.stringify({ [backend.url]: { clientId: "forgotten-client", registeredAt: "2026-01-01T00:00:00Z" } }),
    );
    const login = await browserLogin(configDir);
    expect(login.code, login.stderr).toBe(0);
    const clientId = credentialsOf(configDir).clientId;
    expect(clientId).not.toBe("forgotten-client");
    const remembered = JSON.parse(fs.readFileSync(path.join(configDir, "oauth-clients.json"), "utf8"));
    expect(remembered[backend.url].clientId).toBe(clientId);
  });

  it("ends with the server's reason when the user denies", async () => {
    const configDir = tempDir();
    const login = spawnCli(["login", backend.url, "--no-browser"], { env: { SPECHUB_CONFIG_DIR: configDir } });
    const [authorizeUrl] = await login.waitFor(/^http\S+\/oauth\/authorize\?\S+$/m);
    const started = await fetch(authorizeUrl, { redirect: "manual" });
    const requestId = new URL(String(started.headers.get("location"))).searchParams.get("request");
    const { redirect_to } = await backend.call("POST", `/api/v1/oauth/requests/${requestId}/deny`);
    await fetch(redirect_to);
    const run = await login.done;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: Sign-in not completed: access_denied/);
    expect(fs.existsSync(path.join(configDir, "credentials.json"))).toBe(false);
  });

  it("ignores an answer that does not carry the state it sent", async () => {
    const configDir = tempDir();
    const login = spawnCli(["login", backend.url, "--no-browser"], { env: { SPECHUB_CONFIG_DIR: configDir } });
    const [authorizeUrl] = await login.waitFor(/^http\S+\/oauth\/authorize\?\S+$/m);
    const redirectUri = new URL(authorizeUrl).searchParams.get("redirect_uri");
    const forged = await fetch(`${redirectUri}?code=stolen&state=not-ours`);
    expect(forged.status).toBe(400);
    expect(login.output().stderr).not.toContain("error:");
    login.kill();
    await login.done;
  });

  it("signs in with an API key read from stdin after checking it", async () => {
    const configDir = tempDir();
    const env = { SPECHUB_CONFIG_DIR: configDir };
    const key = await backend.apiKey(["read"]);
    const login = await runCli(["login", `${backend.url}/`, "--api-key", "-"], { env, input: `${key}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(credentialsOf(configDir)).toEqual({ url: backend.url, kind: "api_key", apiKey: key });
    expect(fs.statSync(path.join(configDir, "credentials.json")).mode & 0o777).toBe(0o600);
    const whoami = await runCli(["whoami", "--json"], { env });
    expect(JSON.parse(whoami.stdout)).toMatchObject({ credential: "api_key", source: "stored login" });

    const refused = await runCli(["login", backend.url, "--api-key", "pcp_not_a_key"], {
      env: { SPECHUB_CONFIG_DIR: tempDir() },
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused this API key/);
  });

  it("works without login from SPECHUB_URL and SPECHUB_API_KEY", async () => {
    const key = await backend.apiKey(["read"]);
    const whoami = await runCli(["whoami", "--json"], { env: { SPECHUB_URL: backend.url, SPECHUB_API_KEY: key } });
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ credential: "api_key", source: "SPECHUB_API_KEY" });
  });

  it("tells the user to use an API key where the server offers no browser sign-in", async () => {
    const server = http.createServer((_request, response) => response.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const run = await runCli(["login", url, "--no-browser"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--api-key");
    } finally {
      server.close();
    }
  });
});
