import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oauthClients } from "../../db/schema.js";
import { buildApp } from "../../http/app.js";
import { isPublicAddress } from "../../lib/address-guard.js";
import { registerAdmin, type Session } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { approvedCode, authorize, consentRequestId, formRequest, LOOPBACK_CALLBACK } from "../../test/oauth.js";

let t: TestContext;
/** An app that may fetch metadata documents from this machine, as in development. */
let permissive: FastifyInstance;
let admin: Session;
let documents: Server;
let documentsUrl: string;
const fetched: string[] = [];

/** What the document server answers at each path. */
function answer(path: string, url: string): { status: number; body: string; headers?: Record<string, string> } {
  const document = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      client_id: `${url}${path}`,
      client_name: "Documented IDE",
      client_uri: "https://ide.example",
      redirect_uris: [LOOPBACK_CALLBACK],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...extra,
    });
  switch (path) {
    case "/client.json":
      return { status: 200, body: document(), headers: { "content-type": "application/json" } };
    case "/foreign-scopes.json":
      return { status: 200, body: document({ scope: "openid email" }) };
    case "/read-only.json":
      return { status: 200, body: document({ scope: "read" }) };
    case "/moved.json":
      return { status: 302, body: "", headers: { location: `${url}/client.json` } };
    case "/huge.json":
      return { status: 200, body: document({ padding: "x".repeat(100 * 1024) }) };
    case "/impostor.json":
      return { status: 200, body: document({ client_id: "https://trusted.example/client.json" }) };
    case "/secretive.json":
      return { status: 200, body: document({ client_secret: "s3cret" }) };
    case "/confidential.json":
      return { status: 200, body: document({ token_endpoint_auth_method: "client_secret_basic" }) };
    case "/no-redirects.json":
      return { status: 200, body: document({ redirect_uris: [] }) };
    case "/not-json.json":
      return { status: 200, body: "<html>hello</html>" };
    default:
      return { status: 404, body: "not found" };
  }
}

beforeAll(async () => {
  t = await createTestContext();
  admin = await registerAdmin(t.app);
  permissive = await buildApp({
    config: { ...t.config, oauth: { ...t.config.oauth, clientMetadataAllowPrivate: true } },
    database: t.database,
    logger: false,
  });
  documents = createServer((request, response) => {
    fetched.push(request.url ?? "");
    const { status, body, headers } = answer(request.url ?? "", documentsUrl);
    response.writeHead(status, headers).end(body);
  });
  documents.listen(0, "127.0.0.1");
  await once(documents, "listening");
  documentsUrl = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
});
afterAll(async () => {
  documents?.close();
  await permissive?.close();
  await t?.close();
});

const fetchesOf = (path: string) => fetched.filter((url) => url === path).length;

describe("client ID metadata documents", () => {
  it("are fetched, cached for a day and used like a registered public client", async () => {
    const clientId = `${documentsUrl}/client.json`;
    const started = await authorize(permissive, { clientId });
    expect(started.statusCode, started.body).toBe(302);
    const [row] = await t.database.db.select().from(oauthClients).where(eq(oauthClients.id, clientId));
    expect(row).toMatchObject({
      kind: "metadata_document",
      clientName: "Documented IDE",
      clientUri: "https://ide.example",
      redirectUris: [LOOPBACK_CALLBACK],
      tokenEndpointAuthMethod: "none",
      clientSecretHash: null,
    });
    expect(row?.fetchedAt).toBeInstanceOf(Date);

    const consent = await permissive.inject({
      method: "GET",
      url: `/api/v1/oauth/requests/${consentRequestId(String(started.headers.location))}`,
      headers: admin.auth,
    });
    expect(consent.json().client).toEqual({
      id: clientId,
      name: "Documented IDE",
      uri: "https://ide.example",
      logo_uri: null,
      kind: "metadata_document",
    });

    const { code, pkce } = await approvedCode(permissive, admin, { clientId });
    const tokens = await permissive.inject(
      formRequest("/oauth/token", {
        grant_type: "authorization_code",
        code,
        redirect_uri: LOOPBACK_CALLBACK,
        code_verifier: pkce.verifier,
        client_id: clientId,
      }),
    );
    expect(tokens.statusCode, tokens.body).toBe(200);
    // Fetched once: the cached copy served the other requests.
    expect(fetchesOf("/client.json")).toBe(1);

    await t.database.db
      .update(oauthClients)
      .set({ fetchedAt: new Date(Date.now() - 25 * 60 * 60 * 1000) })
      .where(eq(oauthClients.id, clientId));
    expect((await authorize(permissive, { clientId })).statusCode).toBe(302);
    expect(fetchesOf("/client.json")).toBe(2);
  });

  it("limit a client to the scopes of ours its document names, all when it names none of ours", async () => {
    const foreign = await authorize(permissive, {
      clientId: `${documentsUrl}/foreign-scopes.json`,
      scope: "read expand",
    });
    expect(String(foreign.headers.location)).toContain("/oauth/consent?request=");
    const readOnly = await authorize(permissive, { clientId: `${documentsUrl}/read-only.json`, scope: "read expand" });
    expect(new URL(String(readOnly.headers.location)).searchParams.get("error")).toBe("invalid_scope");
  });

  it("must list the redirect URI the request names", async () => {
    const response = await authorize(permissive, {
      clientId: `${documentsUrl}/client.json`,
      redirectUri: "http://127.0.0.1:9/elsewhere",
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers.location).toBeUndefined();
  });

  it.each([
    ["/moved.json", "redirects are not followed"],
    ["/huge.json", "larger than 64 KB"],
    ["/impostor.json", "is not the URL it was fetched from"],
    ["/secretive.json", "client_secret"],
    ["/confidential.json", "token_endpoint_auth_method must be 'none'"],
    ["/no-redirects.json", "redirect_uris"],
    ["/not-json.json", "not JSON"],
    ["/missing.json", "answered 404"],
  ])("are refused when %s does not check out", async (path, why) => {
    const response = await authorize(permissive, { clientId: `${documentsUrl}${path}` });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers.location).toBeUndefined();
    expect(response.json()).toEqual({ error: "invalid_client", error_description: expect.stringContaining(why) });
  });

  it("are never fetched from this machine or over plain http unless allowed", async () => {
    const port = new URL(documentsUrl).port;
    const before = fetched.length;
    const cases: [string, string][] = [
      [`${documentsUrl}/client.json`, "https"],
      [`https://127.0.0.1:${port}/client.json`, "127.0.0.1 is not a public address"],
      [`https://[::1]:${port}/client.json`, "::1 is not a public address"],
      [`https://localhost:${port}/client.json`, "localhost resolves to no public address"],
      ["https://ide.example/", "must have a path"],
    ];
    for (const [clientId, why] of cases) {
      const response = await authorize(t.app, { clientId });
      expect(response.statusCode, clientId).toBe(400);
      expect(response.json().error_description, clientId).toContain(why);
    }
    expect(fetched.length).toBe(before);
  });

  it("tell public addresses from private, loopback, link-local and reserved ones", () => {
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "not-an-address",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});
