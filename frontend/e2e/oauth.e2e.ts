import { createHash, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  type OAuthClientProvider,
  refreshAuthorization,
  registerClient,
  startAuthorization,
  UnauthorizedError,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InvalidGrantError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type {
  AuthorizationServerMetadata,
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { adminToken, signInAsAdmin } from "./support/admin";
import { describeViolations, seriousViolations } from "./support/axe";
import { closeContexts, screenshot } from "./support/chromium";
import { backendUrl, frontendUrl } from "./support/servers";

// Everything this file creates carries its own suffix, so it shares the backend with the other
// files without meeting their data, whatever order they run in.
const suffix = randomBytes(4).toString("hex");
const member = {
  username: `oauth-${suffix}`,
  email: `oauth-${suffix}@example.com`,
  name: "Grace OAuth",
  password: "oauth pass 1234",
};
const promptName = `oauth-standup-${suffix}`;
const ideName = `SpecHub e2e IDE ${suffix}`;

/** One HTTP exchange of the SDK, as it left the client and as the answer came back. */
type Exchange = { method: string; url: string; status: number; wwwAuthenticate: string };

/**
 * The IDE's end of the redirect: a loopback HTTP server, as desktop IDEs run, that hands each
 * callback's query parameters to the test in the order they arrive.
 */
async function startCallbackServer() {
  const arrived: URLSearchParams[] = [];
  const waiting: ((query: URLSearchParams) => void)[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html" }).end("<h1>Back in the IDE</h1>");
    const waiter = waiting.shift();
    if (waiter) waiter(url.searchParams);
    else arrived.push(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    host: `127.0.0.1:${port}`,
    /** The next callback; a browser that never comes back fails the test here, saying so, rather than hanging it. */
    next: () =>
      arrived.length > 0
        ? Promise.resolve(arrived.shift() as URLSearchParams)
        : new Promise<URLSearchParams>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("the browser did not come back to the IDE")), 20_000);
            waiting.push((query) => {
              clearTimeout(timer);
              resolve(query);
            });
          }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * An IDE's OAuth state, kept in memory as an IDE keeps it on disk. `open` is the IDE opening the
 * system browser on the authorization URL.
 */
class IdeAuth implements OAuthClientProvider {
  client: OAuthClientInformationMixed | undefined;
  stored: OAuthTokens | undefined;
  verifier = "";
  sentState = "";
  readonly authorizationUrls: URL[] = [];

  constructor(
    private readonly redirectUri: string,
    public open: (url: URL) => Promise<void>,
    client?: OAuthClientInformationMixed,
  ) {
    this.client = client;
  }

  get redirectUrl() {
    return this.redirectUri;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: ideName,
      client_uri: "https://ide.example.com/",
      redirect_uris: [this.redirectUri],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  state() {
    this.sentState = randomBytes(16).toString("base64url");
    return this.sentState;
  }

  clientInformation() {
    return this.client;
  }

  saveClientInformation(client: OAuthClientInformationMixed) {
    this.client = client;
  }

  tokens() {
    return this.stored;
  }

  saveTokens(tokens: OAuthTokens) {
    this.stored = tokens;
  }

  async redirectToAuthorization(url: URL) {
    this.authorizationUrls.push(url);
    await this.open(url);
  }

  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }

  codeVerifier() {
    return this.verifier;
  }

  /** The SDK drops what the server no longer accepts (a refused refresh token), as an IDE would. */
  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery") {
    if (scope === "all" || scope === "tokens") this.stored = undefined;
    if (scope === "all" || scope === "client") this.client = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = "";
  }
}

const pkceChallenge = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("an IDE signing in through the browser, via the web UI", () => {
  const base = frontendUrl;
  const backend = backendUrl;
  const exchanges: Exchange[] = [];
  const violations: string[] = [];
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let memberJwt: string;
  let metadata: AuthorizationServerMetadata;

  /** The SDK's fetch, recording every exchange so the test can tell where it went and what came back. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    exchanges.push({
      method: request.method,
      url: request.url,
      status: response.status,
      wwwAuthenticate: response.headers.get("www-authenticate") ?? "",
    });
    return response;
  };

  const transportFor = (provider: IdeAuth) =>
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { authProvider: provider, fetch: recordingFetch });

  /** Connects a new MCP client with the provider's tokens. */
  async function connected(provider: IdeAuth): Promise<Client> {
    const client = new Client({ name: "spechub-oauth-e2e", version: "1.0.0" });
    await client.connect(transportFor(provider));
    return client;
  }

  /**
   * The first connection of an IDE without tokens: the server answers 401, the SDK discovers,
   * registers when it must, and opens the browser (provider.open); the connection itself fails
   * until the user has answered. Returns the transport, whose finishAuth takes the code.
   */
  async function connectUntilSignIn(provider: IdeAuth) {
    const transport = transportFor(provider);
    const client = new Client({ name: "spechub-oauth-e2e", version: "1.0.0" });
    await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    return transport;
  }

  async function callText(client: Client, name: string, args: Record<string, unknown>) {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const [first] = result.content;
    if (first?.type !== "text") throw new Error(`no text in the result of ${name}`);
    return { text: first.text, isError: result.isError === true };
  }

  /** A raw MCP initialize with `token` (or none), as any client would send it. */
  function initializeWith(origin: string, token?: string) {
    return fetch(`${origin}/mcp`, {
      method: "POST",
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      }),
    });
  }

  /** The member's browser: opens the authorization URL where a desktop IDE would open the system browser. */
  const openInMemberBrowser = async (url: URL) => {
    await page.goto(url.href);
  };

  test.beforeAll(async ({ browser: workerBrowser }) => {
    callback = await startCallbackServer();

    // The admin adds a member of their own team, whom this file signs in as.
    const adminHeaders = { "content-type": "application/json", authorization: `Bearer ${await adminToken(base)}` };
    const me = await (await fetch(`${base}/api/v1/auth/me`, { headers: adminHeaders })).json();
    const created = await fetch(`${base}/api/v1/users`, {
      method: "POST",
      headers: adminHeaders,
      body: JSON.stringify({
        username: member.username,
        email: member.email,
        display_name: member.name,
        password: member.password,
        team_id: me.team_id,
        role: "member",
      }),
    });
    expect(created.status, await created.text()).toBe(201);

    const memberSignIn = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: member.username, password: member.password }),
    });
    expect(memberSignIn.ok).toBe(true);
    memberJwt = (await memberSignIn.json()).token;
    const prompt = await fetch(`${base}/api/v1/prompts`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${memberJwt}` },
      body: JSON.stringify({
        name: promptName,
        description: "Turns notes into a stand-up update.",
        version: {
          version: "1.0.0",
          user_template: "Write my stand-up update from: {{ notes }}",
          input_schema: { type: "object", properties: { notes: { type: "string" } }, required: ["notes"] },
        },
      }),
    });
    expect(prompt.status, await prompt.text()).toBe(201);
    browser = workerBrowser;
    context = await browser.newContext({ viewport: { width: 1100, height: 900 }, baseURL: base });
    // Every refusal by the Content Security Policy, on every page of this context, ends up in `violations`.
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    context.on("console", (message) => {
      if (message.text().startsWith("CSP violation")) violations.push(message.text());
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const signedIn = await page.request.post("/api/v1/auth/login", {
      data: { email: member.username, password: member.password },
    });
    expect(signedIn.ok(), await signedIn.text()).toBe(true);
    metadata = (await discoverAuthorizationServerMetadata(base)) as AuthorizationServerMetadata;
  });
  test.afterAll(async ({ browser: workerBrowser }) => {
    await closeContexts(workerBrowser);
    await callback?.close();
  });

  test("serves the OAuth metadata and endpoints through the web UI, not as pages", async () => {
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.json()).toMatchObject({
        resource: `${base}/mcp`,
        authorization_servers: [base],
        scopes_supported: ["read", "expand"],
      });
    }
    expect(metadata).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      registration_endpoint: `${base}/oauth/register`,
      revocation_endpoint: `${base}/oauth/revoke`,
      code_challenge_methods_supported: ["S256"],
    });
    // Without a session cookie, the IDE's calls reach the backend instead of the sign-in page,
    // and the backend's answers (here: an unknown client) come back as they are.
    const token = await fetch(`${base}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "pcp_rt_x", client_id: "nobody" }),
      redirect: "manual",
    });
    expect(token.headers.get("cache-control")).toContain("no-store");
    expect(token.status).toBe(401);
    expect(await token.json()).toMatchObject({ error: "invalid_client" });
  });

  let ide: IdeAuth;

  test("discovers, registers and opens the consent page, where the member approves with the keyboard", async () => {
    ide = new IdeAuth(callback.redirectUri, openInMemberBrowser);
    const transport = await connectUntilSignIn(ide);

    // The 401 pointed at the resource's metadata, which named the authorization server; all of it
    // through the web UI's origin.
    const [first, resource, server, registration] = exchanges;
    expect(first).toMatchObject({ method: "POST", url: `${base}/mcp`, status: 401 });
    expect(first!.wwwAuthenticate).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
    expect(resource).toMatchObject({
      method: "GET",
      url: `${base}/.well-known/oauth-protected-resource/mcp`,
      status: 200,
    });
    expect(server).toMatchObject({
      method: "GET",
      url: `${base}/.well-known/oauth-authorization-server`,
      status: 200,
    });
    expect(registration).toMatchObject({ method: "POST", url: `${base}/oauth/register`, status: 201 });
    for (const exchange of exchanges) expect(exchange.url.startsWith(`${base}/`)).toBe(true);
    expect(ide.client?.client_id).toBeTruthy();

    // The authorization request: PKCE S256 over the verifier the SDK kept, the /mcp resource.
    const [authorization] = ide.authorizationUrls;
    expect(`${authorization!.origin}${authorization!.pathname}`).toBe(`${base}/oauth/authorize`);
    const query = authorization!.searchParams;
    expect(query.get("response_type")).toBe("code");
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(query.get("code_challenge")).toBe(pkceChallenge(ide.verifier));
    expect(query.get("resource")).toBe(`${base}/mcp`);
    expect(query.get("redirect_uri")).toBe(callback.redirectUri);

    // The proxy handed the browser the backend's redirect to the consent page unchanged.
    const redirect = await fetch(authorization!, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toMatch(new RegExp(`^${base}/oauth/consent\\?request=[0-9a-f-]+$`));
    expect(new URL(page.url()).pathname).toBe("/oauth/consent");

    const heading = page.getByRole("heading", { level: 1, name: `Allow ${ideName} to use SpecHub as you?` });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.getByText("This app has not been connected to your account before.").waitFor();
    await page.getByText("ide.example.com").waitFor();
    await page.getByText(callback.host, { exact: true }).waitFor();
    await page.getByText("A program on this computer, such as your IDE.").waitFor();
    await page.getByText(member.name, { exact: true }).waitFor();
    await page.getByText("See and search prompts and workflows").waitFor();
    await page.getByText("Run prompts and workflows with your governance").waitFor();
    await screenshot(page, "oauth-consent");

    // From the heading, Deny comes first and Approve next: both one key press away.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Deny");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Approve");
    await page.keyboard.press("Enter");

    const answer = await callback.next();
    expect(answer.get("state")).toBe(ide.sentState);
    expect(answer.get("iss")).toBe(base);
    const code = answer.get("code");
    expect(code).toBeTruthy();
    // The Content Security Policy let the page send the browser to the IDE's loopback address.
    await page.waitForURL((url) => url.href.startsWith(callback.redirectUri));
    expect(violations).toEqual([]);

    await transport.finishAuth(code!);
    expect(ide.stored?.access_token).toMatch(/^pcp_at_/);
    expect(ide.stored?.refresh_token).toMatch(/^pcp_rt_/);
    expect(ide.stored?.scope?.split(" ").sort()).toEqual(["expand", "read"]);
    expect(exchanges.at(-1)).toMatchObject({ method: "POST", url: `${base}/oauth/token`, status: 200 });
  });

  test("lists the tools and expands the member's prompt with sh-run", async () => {
    const client = await connected(ide);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(["sh-list", "sh-run"]));
      const { text, isError } = await callText(client, "sh-run", {
        name: promptName,
        input: JSON.stringify({ notes: "fixed the login bug" }),
      });
      expect(isError).toBe(false);
      expect(text).toContain("Write my stand-up update from: fixed the login bug");
    } finally {
      await client.close();
    }
  });

  test("refreshes an access token the server refuses, and a rotated refresh token works once", async () => {
    const first = ide.stored!;
    const seen = exchanges.length;
    // The access token is refused (as once it expires): the SDK refreshes and retries on its own.
    ide.stored = { ...first, access_token: "pcp_at_no-longer-valid" };
    const client = await connected(ide);
    await client.close();
    const second = ide.stored!;
    expect(second.access_token).toMatch(/^pcp_at_/);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).toMatch(/^pcp_rt_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const refreshing = exchanges.slice(seen);
    expect(refreshing[0]).toMatchObject({ method: "POST", url: `${base}/mcp`, status: 401 });
    expect(refreshing[0]!.wwwAuthenticate).toContain('error="invalid_token"');
    expect(refreshing).toContainEqual(
      expect.objectContaining({ method: "POST", url: `${base}/oauth/token`, status: 200 }),
    );

    const resource = new URL(`${base}/mcp`);
    const clientInformation = ide.client!;
    // The second refresh token works once…
    const third = await refreshAuthorization(base, {
      metadata,
      clientInformation,
      refreshToken: second.refresh_token!,
      resource,
    });
    expect(third.refresh_token).not.toBe(second.refresh_token);
    expect((await initializeWith(base, third.access_token)).status).toBe(200);
    // …and presented again, it is refused and ends the connection: every token of it stops working.
    await expect(
      refreshAuthorization(base, { metadata, clientInformation, refreshToken: second.refresh_token!, resource }),
    ).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(
      refreshAuthorization(base, { metadata, clientInformation, refreshToken: third.refresh_token!, resource }),
    ).rejects.toBeInstanceOf(InvalidGrantError);
    const after = await initializeWith(base, third.access_token);
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  test("sends a signed-out browser to sign in and back; a previous approval is shown; Deny tells the IDE access_denied", async () => {
    // The same IDE signs in again after the connection ended, and is approved.
    ide = new IdeAuth(callback.redirectUri, openInMemberBrowser, ide.client);
    const transport = await connectUntilSignIn(ide);
    await page.getByRole("heading", { level: 1, name: `Allow ${ideName} to use SpecHub as you?` }).waitFor();
    await page.getByRole("button", { name: "Approve" }).click();
    const approved = await callback.next();
    await page.waitForURL((url) => url.href.startsWith(callback.redirectUri));
    await transport.finishAuth(approved.get("code")!);

    // A second sign-in of it starts in a browser without a session.
    const visitor = await browser.newContext({ viewport: { width: 1100, height: 900 }, baseURL: base });
    try {
      const visitorPage = await visitor.newPage();
      visitorPage.setDefaultTimeout(15_000);
      const again = new IdeAuth(
        callback.redirectUri,
        async (url) => {
          await visitorPage.goto(url.href);
        },
        ide.client,
      );
      await connectUntilSignIn(again);
      const login = new URL(visitorPage.url());
      expect(login.pathname).toBe("/login");
      expect(login.searchParams.get("next")).toMatch(/^\/oauth\/consent\?request=[0-9a-f-]+$/);
      await visitorPage.getByLabel("Email or username").fill(member.username);
      await visitorPage.getByLabel("Password").fill(member.password);
      await visitorPage.getByRole("button", { name: "Sign in" }).click();
      await visitorPage.waitForURL((url) => `${url.pathname}${url.search}` === login.searchParams.get("next"));
      await visitorPage.getByRole("heading", { level: 1, name: `Allow ${ideName} to use SpecHub as you?` }).waitFor();
      await visitorPage.getByText("You approved this app before").waitFor();

      await visitorPage.getByRole("button", { name: "Deny" }).click();
      const denied = await callback.next();
      expect(denied.get("error")).toBe("access_denied");
      expect(denied.get("code")).toBeNull();
      expect(denied.get("state")).toBe(again.sentState);
      expect(denied.get("iss")).toBe(base);
      // The browser is back at the IDE's address (closing a context mid-navigation can stall).
      await visitorPage.waitForURL((url) => url.href.startsWith(callback.redirectUri));

      // The answered request, like one never made, cannot be answered again: start from the IDE.
      for (const request of [login.searchParams.get("next")!.split("=")[1], randomUUID(), "not-an-id"]) {
        await visitorPage.goto(`/oauth/consent?request=${request}`);
        const expired = visitorPage.getByRole("heading", { level: 1, name: "This sign-in request has expired" });
        await expired.waitFor();
        await expect.poll(() => expired.evaluate((element) => element === document.activeElement)).toBe(true);
        await visitorPage.getByText("Go back to your IDE and start signing in to SpecHub again").waitFor();
        expect(
          await visitorPage
            .getByRole("button")
            .filter({ hasText: /Approve|Deny/ })
            .count(),
        ).toBe(0);
      }
      await screenshot(visitorPage, "oauth-consent-expired");
    } finally {
      await visitor.close();
    }

    // Denying a new request leaves the approved connection as it was.
    const client = await connected(ide);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });

  test("refuses the access token anywhere but the /mcp it was issued for", async () => {
    const accessToken = ide.stored!.access_token;
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(401);

    // A token issued through the backend's own address is bound to that address's /mcp: the web
    // UI's /mcp, another resource, refuses it, while its own accepts it.
    const elsewhere = await signedInThrough(backend);
    expect((await initializeWith(backend, elsewhere.access_token)).status).toBe(200);
    const refused = await initializeWith(base, elsewhere.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  /**
   * Signs an IDE in at another origin (the backend's own) with the SDK's building blocks: the
   * member approves through the API with their session, as the consent page would.
   */
  async function signedInThrough(origin: string): Promise<OAuthTokens> {
    const serverMetadata = (await discoverAuthorizationServerMetadata(origin)) as AuthorizationServerMetadata;
    expect(serverMetadata.issuer).toBe(origin);
    const redirectUrl = callback.redirectUri;
    const clientInformation = await registerClient(origin, {
      metadata: serverMetadata,
      clientMetadata: {
        ...new IdeAuth(redirectUrl, async () => {}).clientMetadata,
        client_name: `${ideName} elsewhere`,
      },
    });
    const resource = new URL(`${origin}/mcp`);
    const { authorizationUrl, codeVerifier } = await startAuthorization(origin, {
      metadata: serverMetadata,
      clientInformation,
      redirectUrl,
      scope: "read expand",
      resource,
    });
    const redirect = await fetch(authorizationUrl, { redirect: "manual" });
    const requestId = new URL(redirect.headers.get("location")!).searchParams.get("request");
    const approved = await fetch(`${origin}/api/v1/oauth/requests/${requestId}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${memberJwt}` },
    });
    expect(approved.status, await approved.clone().text()).toBe(200);
    const code = new URL((await approved.json()).redirect_to).searchParams.get("code")!;
    return exchangeAuthorization(origin, {
      metadata: serverMetadata,
      clientInformation,
      authorizationCode: code,
      codeVerifier,
      redirectUri: redirectUrl,
      resource,
    });
  }

  test("has no serious accessibility problems on the consent page and under Connected apps", async () => {
    // axe arrives as an inline script, which the pages' policy refuses: this context sets it aside.
    const auditor = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      baseURL: base,
      bypassCSP: true,
    });
    try {
      const auditPage = await auditor.newPage();
      auditPage.setDefaultTimeout(15_000);
      const signedIn = await auditPage.request.post("/api/v1/auth/login", {
        data: { email: member.username, password: member.password },
      });
      expect(signedIn.ok()).toBe(true);
      const { authorizationUrl } = await startAuthorization(base, {
        metadata,
        clientInformation: ide.client!,
        redirectUrl: callback.redirectUri,
        scope: "read expand",
        resource: new URL(`${base}/mcp`),
      });
      const pages = [
        { path: authorizationUrl.href, ready: auditPage.getByRole("button", { name: "Approve" }) },
        {
          path: "/settings?tab=connected-apps",
          ready: auditPage.getByRole("row").filter({ hasText: ideName }).first(),
        },
      ];
      for (const { path, ready } of pages) {
        await auditPage.goto(path);
        await ready.waitFor();
        const found = await seriousViolations(auditPage);
        expect(found, describeViolations(path, found)).toEqual([]);
      }
    } finally {
      await auditor.close();
    }
  });

  test("lists the app under Settings → Connected apps, where revoking it ends its access at once", async () => {
    await page.goto("/settings?tab=connected-apps");
    const row = page.getByRole("row").filter({ hasText: ideName }).filter({ hasNotText: "elsewhere" });
    await row.waitFor();
    await row.getByText("ide.example.com").waitFor();
    await row.getByText("See and search prompts and workflows").waitFor();
    await row.getByText("Run prompts and workflows with your governance").waitFor();
    await screenshot(page, "oauth-connected-apps");

    const accessToken = ide.stored!.access_token;
    await row.getByRole("button", { name: `Revoke access of ${ideName}` }).click();
    const dialog = page.getByRole("alertdialog", { name: `Revoke “${ideName}”?` });
    await dialog.getByRole("button", { name: "Revoke access" }).click();
    await page.getByText(`${ideName} is disconnected: its access ended.`).waitFor();
    await row.waitFor({ state: "detached" });

    // The IDE's next call is refused: the token is dead, and so is the refresh token behind it.
    const refused = await initializeWith(base, accessToken);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    ide.open = async () => {};
    const opened = ide.authorizationUrls.length;
    const client = new Client({ name: "spechub-oauth-e2e", version: "1.0.0" });
    await expect(client.connect(transportFor(ide))).rejects.toBeInstanceOf(UnauthorizedError);
    // Its refresh token refused too, the SDK drops the tokens and asks the user to sign in again.
    expect(ide.stored).toBeUndefined();
    expect(ide.authorizationUrls.length).toBe(opened + 1);

    // The member's last connected app goes the same way, leaving the list empty.
    const last = page.getByRole("row").filter({ hasText: `${ideName} elsewhere` });
    await last.getByRole("button", { name: `Revoke access of ${ideName} elsewhere` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke access" }).click();
    await page.getByText("No connected apps").waitFor();
  });

  test("lets an admin serve public prompts to IDEs without credentials, and take it back", async () => {
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    try {
      const adminPage = await admin.newPage();
      adminPage.setDefaultTimeout(15_000);
      await signInAsAdmin(adminPage.request, base);
      expect((await initializeWith(base)).status).toBe(401);

      await adminPage.goto("/settings?tab=mcp-access");
      const toggle = adminPage.getByRole("switch", {
        name: "Anonymous MCP access: serve public prompts to IDEs without signing in",
      });
      expect(await toggle.getAttribute("aria-checked")).toBe("false");
      await toggle.click();
      const confirm = adminPage.getByRole("alertdialog", { name: "Serve public prompts without signing in?" });
      await confirm.getByRole("button", { name: "Turn anonymous access on" }).click();
      await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("true");
      expect((await initializeWith(base)).status).toBe(200);

      // Off again, without a question: nothing is exposed by turning it off.
      await toggle.click();
      await expect.poll(() => toggle.getAttribute("aria-checked")).toBe("false");
      const refused = await initializeWith(base);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toContain("resource_metadata=");
    } finally {
      await admin.close();
    }
  });

  test("lets the consent page send the browser to an app's own link scheme", async () => {
    const scheme = "spechub-e2e-ide";
    const redirectUri = `${scheme}://callback/oauth`;
    const registered = await registerClient(base, {
      metadata,
      clientMetadata: {
        client_name: `${ideName} app link`,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      },
    });
    const { authorizationUrl } = await startAuthorization(base, {
      metadata,
      clientInformation: registered,
      redirectUrl: redirectUri,
      scope: "read",
      resource: new URL(`${base}/mcp`),
      state: "app-link",
    });
    // What the browser is asked to open after Approve; Chromium hands such links to the system,
    // which has no app for this scheme, so the page itself stays.
    const launched: string[] = [];
    const cdp = await context.newCDPSession(page);
    await cdp.send("Page.enable");
    cdp.on("Page.frameRequestedNavigation", (event) => launched.push(event.url));
    await page.goto(authorizationUrl.href);
    await page.getByText(`${scheme}://callback`).waitFor();
    await page.getByText("See and search prompts and workflows").waitFor();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("heading", { level: 1, name: `${ideName} app link is connected` }).waitFor();
    await expect.poll(() => launched.find((url) => url.startsWith(redirectUri))).toMatch(/[?&]code=[^&]+/);
    expect(violations).toEqual([]);
  });
});
