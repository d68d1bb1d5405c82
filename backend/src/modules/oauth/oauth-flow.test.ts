import type { AddressInfo } from "node:net";
import { type OAuthClientProvider, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession, registerAdmin, type Session } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let baseUrl: string;
let member: Session;
const CALLBACK = "http://127.0.0.1:43117/callback";

/**
 * An IDE as the MCP SDK drives it: it registers itself, sends the user to the authorization
 * URL and receives the code at its redirect URI. Here the "user" follows the redirect to the
 * consent page and approves through the API with their session, as the web UI does.
 */
class ConsentingIde implements OAuthClientProvider {
  code: string | undefined;
  consentRequests: string[] = [];
  private information: OAuthClientInformationMixed | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = "";

  constructor(private readonly user: Session) {}

  get redirectUrl() {
    return CALLBACK;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "SDK IDE",
      redirect_uris: [CALLBACK],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  async redirectToAuthorization(authorizationUrl: URL) {
    const started = await fetch(authorizationUrl, { redirect: "manual" });
    if (started.status !== 302) throw new Error(`authorize answered ${started.status}: ${await started.text()}`);
    const consentPage = new URL(started.headers.get("location") ?? "");
    expect(`${consentPage.origin}${consentPage.pathname}`).toBe(`${baseUrl}/oauth/consent`);
    const id = consentPage.searchParams.get("request") ?? "";
    this.consentRequests.push(id);
    const approved = await fetch(`${baseUrl}/api/v1/oauth/requests/${id}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.user.token}` },
    });
    if (approved.status !== 200) throw new Error(`approve answered ${approved.status}: ${await approved.text()}`);
    const redirectTo = new URL(((await approved.json()) as { redirect_to: string }).redirect_to);
    expect(redirectTo.searchParams.get("iss")).toBe(baseUrl);
    this.code = redirectTo.searchParams.get("code") ?? undefined;
  }
  /** Loses the access token, as one does when it expires: the next request must refresh. */
  forgetAccessToken() {
    if (this.saved) this.saved = { ...this.saved, access_token: "pcp_at_expired-long-ago" };
  }
}

async function connect(ide: ConsentingIde) {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { authProvider: ide });
  const client = new Client({ name: "oauth-flow-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

const textOf = (result: CallToolResult) => (result.content[0]?.type === "text" ? result.content[0].text : "");

beforeAll(async () => {
  t = await createTestContext();
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const admin = await registerAdmin(t.app);
  member = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  await t.app.inject({
    method: "POST",
    url: "/api/v1/prompts",
    headers: admin.auth,
    payload: { name: "welcome", visibility: "org", version: { version: "1", user_template: "Welcome, {{ input }}!" } },
  });
});
afterAll(async () => t?.close());

describe("signing an IDE in with the MCP SDK's OAuth client", () => {
  it("discovers, registers, gets consent, trades the code and then uses /mcp, refreshing when needed", async () => {
    const ide = new ConsentingIde(member);
    const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { authProvider: ide });
    // Anonymous access is off: the first request is a 401 that starts the sign-in.
    await expect(new Client({ name: "oauth-flow-test", version: "1.0.0" }).connect(transport)).rejects.toThrow(
      UnauthorizedError,
    );
    expect(ide.consentRequests).toHaveLength(1);
    expect(ide.code).toMatch(/^[\w-]{43}$/);
    await transport.finishAuth(ide.code ?? "");
    expect(ide.tokens()).toMatchObject({ token_type: "Bearer", scope: "read expand" });
    expect(ide.tokens()?.access_token).toMatch(/^pcp_at_/);

    const { client } = await connect(ide);
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain("sh-run");
    const run = (await client.callTool({
      name: "sh-run",
      arguments: { name: "welcome", input: "Ada" },
    })) as CallToolResult;
    expect(run.isError).not.toBe(true);
    expect(textOf(run)).toContain("Welcome, Ada!");
    await client.close();

    // An expired access token: the SDK refreshes with its refresh token, without asking the user again.
    const before = ide.tokens()?.refresh_token;
    ide.forgetAccessToken();
    const again = await connect(ide);
    const listed = (await again.client.callTool({ name: "sh-list", arguments: {} })) as CallToolResult;
    expect(textOf(listed)).toContain("welcome");
    expect(ide.tokens()?.refresh_token).not.toBe(before);
    expect(ide.consentRequests).toHaveLength(1);
    await again.client.close();

    const grants = await t.app.inject({ method: "GET", url: "/api/v1/oauth/grants", headers: member.auth });
    expect(grants.json().items).toEqual([
      expect.objectContaining({ client_name: "SDK IDE", scopes: ["read", "expand"], last_used_at: expect.any(String) }),
    ]);
  });
});
