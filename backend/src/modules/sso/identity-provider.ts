import type { FastifyBaseLogger } from "fastify";
import * as oidc from "openid-client";
import { z } from "zod";
import type { OidcConfig } from "../../config.js";
import { type ExternalIdentity, groupsOf, identityFromClaims } from "./external-identity.js";
import { SsoError } from "./sso-errors.js";
import type { SsoTransaction } from "./transaction.js";

/** The company's identity provider, as the sign-in and callback routes use it. */
export type IdentityProvider = {
  /** The authorization request to send the browser to, and the transaction the callback checks its answer against. */
  start(redirectUri: string, next: string): Promise<{ url: URL; transaction: SsoTransaction }>;
  /** Checks the provider's answer (the callback's query string), redeems the code and says who signed in. */
  finish(transaction: SsoTransaction, callbackQuery: string): Promise<ExternalIdentity>;
};

/** How long the provider gets to answer discovery, the code exchange and user look-ups. */
const TIMEOUT_SECONDS = 10;

/** The signed-in user as OpenShift's API shows it (`user.openshift.io/v1` User). */
const openshiftUser = z.object({
  metadata: z.object({ name: z.string().min(1), uid: z.string().min(1) }),
  fullName: z.string().nullish(),
  groups: z.array(z.string()).nullish(),
});

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Plain HTTP is for a provider on this machine only (development and tests); anything else must be HTTPS. */
const isLoopbackHttp = (url: URL) => url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/**
 * Talks to the provider through `openid-client` (a certified relying party): discovery,
 * authorization request with PKCE (S256), state and nonce, code exchange with ID token checks,
 * userinfo. Discovery happens at the first sign-in, not at start-up, so SpecHub starts while the
 * provider is down; a failed discovery is tried again at the next sign-in.
 */
export function createIdentityProvider(config: OidcConfig, log: FastifyBaseLogger): IdentityProvider {
  const openshiftApi = config.openshiftApiUrl ? trimSlash(config.openshiftApiUrl) : undefined;
  let discovered: Promise<oidc.Configuration> | undefined;

  async function discover(): Promise<oidc.Configuration> {
    // OpenShift's OAuth server publishes its OAuth 2.0 metadata (RFC 8414) through the cluster's
    // API, not under its own issuer, and no OpenID Connect metadata at all.
    const server = openshiftApi
      ? new URL(`${openshiftApi}/.well-known/oauth-authorization-server`)
      : new URL(config.issuer);
    const configuration = await oidc.discovery(
      server,
      config.clientId,
      undefined,
      config.clientSecret ? oidc.ClientSecretBasic(config.clientSecret) : oidc.None(),
      {
        algorithm: openshiftApi ? "oauth2" : "oidc",
        timeout: TIMEOUT_SECONDS,
        execute: isLoopbackHttp(server) ? [oidc.allowInsecureRequests] : [],
      },
    );
    // Metadata fetched from a URL other than the issuer's own is not checked by the library:
    // it must still name the issuer that was configured.
    const issuer = configuration.serverMetadata().issuer;
    if (openshiftApi && new URL(issuer).href !== new URL(config.issuer).href) {
      throw new Error(`the cluster names its OAuth issuer '${issuer}', not OIDC_ISSUER '${config.issuer}'`);
    }
    return configuration;
  }

  function configuration(): Promise<oidc.Configuration> {
    discovered ??= discover().catch((error: unknown) => {
      discovered = undefined;
      log.warn({ err: error, issuer: config.issuer }, "single sign-on: the identity provider could not be discovered");
      throw new SsoError("sso_unavailable", `The identity provider could not be reached: ${messageOf(error)}`);
    });
    return discovered;
  }

  async function oidcIdentity(
    provider: oidc.Configuration,
    tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  ): Promise<ExternalIdentity> {
    const idToken = tokens.claims();
    if (!idToken) throw new SsoError("sso_failed", "The provider answered without an ID token");
    let claims: Record<string, unknown> = idToken;
    // Many providers put email and groups in userinfo only, or only there when asked by scope.
    if (provider.serverMetadata().userinfo_endpoint) {
      const userinfo = await oidc.fetchUserInfo(provider, tokens.access_token, idToken.sub);
      claims = { ...idToken, ...userinfo };
    }
    return identityFromClaims(idToken.iss, claims, config.groupsClaim);
  }

  async function openshiftIdentity(provider: oidc.Configuration, accessToken: string): Promise<ExternalIdentity> {
    const url = new URL(`${openshiftApi}/apis/user.openshift.io/v1/users/~`);
    const response = await oidc.fetchProtectedResource(provider, accessToken, url, "GET");
    if (!response.ok) throw new Error(`reading the signed-in user from the cluster answered ${response.status}`);
    const user = openshiftUser.parse(await response.json());
    return {
      issuer: provider.serverMetadata().issuer,
      subject: user.metadata.uid,
      email: null,
      emailVerified: null,
      providesEmail: false,
      username: user.metadata.name,
      displayName: user.fullName || user.metadata.name,
      groups: groupsOf(user.groups),
    };
  }

  return {
    async start(redirectUri, next) {
      const provider = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = openshiftApi ? undefined : oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(provider, {
        redirect_uri: redirectUri,
        scope: config.scopes.join(" "),
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
        state,
        ...(nonce ? { nonce } : {}),
      });
      return { url, transaction: { state, nonce, codeVerifier, redirectUri, next } };
    },

    async finish(transaction, callbackQuery) {
      const provider = await configuration();
      const currentUrl = new URL(transaction.redirectUri);
      currentUrl.search = callbackQuery;
      let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
      try {
        tokens = await oidc.authorizationCodeGrant(provider, currentUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          ...(openshiftApi ? {} : { expectedNonce: transaction.nonce, idTokenExpected: true }),
        });
      } catch (error) {
        if (error instanceof oidc.AuthorizationResponseError && error.error === "access_denied") {
          throw new SsoError(
            "sso_denied",
            `The provider refused the sign-in: ${error.error_description ?? error.error}`,
          );
        }
        throw new SsoError("sso_failed", `The provider's answer did not check out: ${messageOf(error)}`, undefined, {
          cause: error,
        });
      }
      try {
        return openshiftApi
          ? await openshiftIdentity(provider, tokens.access_token)
          : await oidcIdentity(provider, tokens);
      } catch (error) {
        if (error instanceof SsoError) throw error;
        throw new SsoError("sso_failed", `Who signed in could not be read: ${messageOf(error)}`, undefined, {
          cause: error,
        });
      }
    },
  };
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
