import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

/**
 * A real OpenID Connect provider (`oidc-provider`) on a random loopback port, with one
 * confidential client registered for SpecHub's callback, for single sign-on tests. Its sign-in
 * step is a stand-in for the provider's login and consent pages: the test's browser names the
 * account to sign in as (header `x-test-account`), or refuses (`x-test-deny`).
 */

/** An account at the provider; `sub` is its id in `accounts`. */
export type TestAccount = {
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  groups?: string[] | string;
  /** OpenShift only: the cluster's user uid (the subject SpecHub keeps). */
  uid?: string;
};

export const TEST_CLIENT = { id: "spechub", secret: "spechub-client-secret" };

export type TestProvider = {
  issuer: string;
  accounts: Map<string, TestAccount>;
  provider: Provider;
  /** Stops answering (the provider is down) until `resume`, on the same address. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
};

const ACCOUNT_HEADER = "x-test-account";
const DENY_HEADER = "x-test-deny";

function listen(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function shut(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startTestProvider(options: { redirectUri: string; scopes?: string[] }): Promise<TestProvider> {
  const accounts = new Map<string, TestAccount>();
  const server = http.createServer();
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: "RS256", use: "sig", kid: "test" }] },
    cookies: { keys: ["test-provider-cookie-key"] },
    scopes: ["openid", ...(options.scopes ?? [])],
    claims: {
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
      groups: ["groups"],
    },
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => {
          const { uid: _uid, ...claims } = account;
          return { sub: id, ...claims };
        },
      };
    },
  });
  const callback = provider.callback();

  server.on("request", (req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      signInStep(provider, req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    callback(req, res);
  });

  return {
    issuer,
    accounts,
    provider,
    pause: () => shut(server),
    resume: async () => {
      await listen(server, port);
    },
    close: () => shut(server),
  };
}

/** The provider's login and consent pages, answered at once as the test's browser asks. */
async function signInStep(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.headers[DENY_HEADER]) {
    await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user said no" });
    return;
  }
  if (details.prompt.name === "login") {
    const accountId = String(req.headers[ACCOUNT_HEADER] ?? "");
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  const accountId = details.session?.accountId ?? "";
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  if (!grant) throw new Error("the interaction's grant is gone");
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/** A stand-in for OpenShift's API: its OAuth metadata and the signed-in user (`users/~`). */
export async function startFakeOpenShiftApi(test: TestProvider): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    answerAsCluster(test, req)
      .then(({ status, body }) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      })
      .catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, close: () => shut(server) };
}

async function answerAsCluster(
  test: TestProvider,
  req: http.IncomingMessage,
): Promise<{ status: number; body: unknown }> {
  if (req.url === "/.well-known/oauth-authorization-server") {
    const metadata = await fetch(`${test.issuer}/.well-known/openid-configuration`);
    return { status: 200, body: await metadata.json() };
  }
  if (req.url === "/apis/user.openshift.io/v1/users/~") {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const accessToken = token ? await test.provider.AccessToken.find(token) : undefined;
    const account = accessToken ? test.accounts.get(accessToken.accountId) : undefined;
    if (!accessToken || !account) return { status: 401, body: { kind: "Status", code: 401 } };
    return {
      status: 200,
      body: {
        kind: "User",
        apiVersion: "user.openshift.io/v1",
        metadata: { name: accessToken.accountId, uid: account.uid },
        fullName: account.name,
        identities: [],
        groups: account.groups ?? [],
      },
    };
  }
  return { status: 404, body: { kind: "Status", code: 404 } };
}

/** What the browser ends with after SpecHub's callback (or after the sign-in was refused before it). */
export type SsoOutcome = {
  /** Where SpecHub sent the browser last: `next`, or `/login?error=…`. */
  location: string;
  /** The session cookie SpecHub set, when it signed the browser in. */
  session: string | undefined;
};

/**
 * A browser signing in with single sign-on: SpecHub's sign-in route, the provider's redirects
 * (its cookies kept as a browser would), and SpecHub's callback with the transaction cookie,
 * which `alterCookie` may change on the way.
 */
export async function browserSignIn(
  app: FastifyInstance,
  options: {
    account: string;
    next?: string;
    deny?: boolean;
    alterCookie?: (cookie: string | undefined) => string | undefined;
  },
): Promise<SsoOutcome> {
  const query = options.next === undefined ? "" : `?next=${encodeURIComponent(options.next)}`;
  const start = await app.inject({ method: "GET", url: `/api/v1/auth/sso/login${query}` });
  const startLocation = String(start.headers.location ?? "");
  if (start.statusCode !== 302) throw new Error(`sign-in answered ${start.statusCode}: ${start.body}`);
  if (startLocation.startsWith("/")) return { location: startLocation, session: undefined };
  const transaction = start.cookies.find((cookie) => cookie.name === "pcp_sso")?.value;

  const providerCookies = new Map<string, string>();
  let url = new URL(startLocation);
  for (let hop = 0; ; hop++) {
    if (hop > 20) throw new Error("the provider kept redirecting");
    const response = await fetch(url, {
      redirect: "manual",
      headers: {
        cookie: [...providerCookies].map(([name, value]) => `${name}=${value}`).join("; "),
        [ACCOUNT_HEADER]: options.account,
        ...(options.deny ? { [DENY_HEADER]: "1" } : {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (value && !/expires=thu, 01 jan 1970/i.test(line)) providerCookies.set(name, value);
      else providerCookies.delete(name);
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`the provider answered ${response.status} at ${url.pathname}: ${await response.text()}`);
    }
    url = new URL(location, url);
    if (url.pathname === "/api/v1/auth/sso/callback") break;
  }

  const cookie = options.alterCookie ? options.alterCookie(transaction) : transaction;
  const done = await app.inject({
    method: "GET",
    url: url.pathname + url.search,
    cookies: cookie === undefined ? {} : { pcp_sso: cookie },
  });
  if (done.statusCode !== 302) throw new Error(`the callback answered ${done.statusCode}: ${done.body}`);
  return {
    location: String(done.headers.location),
    session: done.cookies.find((entry) => entry.name === "pcp_session")?.value,
  };
}
