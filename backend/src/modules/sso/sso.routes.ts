import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requestOrigin } from "../../http/authenticate.js";
import { notFound } from "../../http/errors.js";
import { publicBaseUrl } from "../../http/public-url.js";
import { errorResponse } from "../../http/schemas.js";
import { hasOrganization } from "../auth/auth.service.js";
import { limitAuthAttempts } from "../auth/rate-limit.js";
import { secureCookies, startSession } from "../auth/session-cookie.js";
import type { SessionTokens } from "../auth/session-token.js";
import type { ExternalIdentity } from "./external-identity.js";
import { createIdentityProvider } from "./identity-provider.js";
import { localNextPath } from "./next-path.js";
import { providersResponse, redirectResponse, ssoCallbackQuery, ssoLoginQuery } from "./sso.schemas.js";
import { recordSsoFailure, signInExternalUser } from "./sso.service.js";
import { SsoError, type SsoErrorCode } from "./sso-errors.js";
import {
  TRANSACTION_COOKIE,
  TRANSACTION_COOKIE_PATH,
  TRANSACTION_TTL_SECONDS,
  transactionSeal,
} from "./transaction.js";

const LOGIN_URL = `${TRANSACTION_COOKIE_PATH}/login`;
const CALLBACK_PATH = `${TRANSACTION_COOKIE_PATH}/callback`;

/** The sign-in page, explaining why single sign-on did not sign the visitor in. */
const toLoginPage = (reply: FastifyReply, code: SsoErrorCode) => reply.redirect(`/login?error=${code}`, 302);

export const ssoRoutes: FastifyPluginAsyncZod<{ tokens: SessionTokens; sessionSecret: Uint8Array }> = async (
  app,
  { tokens, sessionSecret },
) => {
  const { oidc, passwordLogin } = app.config;
  const provider = oidc ? createIdentityProvider(oidc, app.log) : null;
  const seal = transactionSeal(sessionSecret);

  const cookieOptions = (request: FastifyRequest) => ({
    path: TRANSACTION_COOKIE_PATH,
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level navigation from another site.
    sameSite: "lax" as const,
    secure: secureCookies(request),
  });

  app.get(
    "/providers",
    {
      config: { auth: "public" },
      schema: {
        tags: ["auth"],
        summary: "The ways to sign in: password, single sign-on, or both",
        security: [],
        response: { 200: providersResponse },
      },
    },
    async () => ({
      password: passwordLogin,
      sso: oidc ? { name: oidc.providerName, login_url: LOGIN_URL } : null,
    }),
  );

  app.get(
    "/sso/login",
    {
      config: { auth: "public" },
      schema: {
        tags: ["auth"],
        summary: "Start single sign-on: redirects to the identity provider",
        description:
          "Sets a short-lived signed cookie holding the sign-in under way (state, nonce, PKCE verifier, `next`). " +
          "When the provider cannot be reached, redirects to `/login?error=sso_unavailable`.",
        security: [],
        querystring: ssoLoginQuery,
        response: { 302: redirectResponse, 404: errorResponse, 422: errorResponse },
      },
    },
    async (request, reply) => {
      if (!provider) throw notFound("Single sign-on is not configured", "sso_not_configured");
      if (!(await hasOrganization(app.db))) return toLoginPage(reply, "sso_no_organization");
      const callbackUrl = `${publicBaseUrl(request, app.config)}${CALLBACK_PATH}`;
      try {
        const { url, transaction } = await provider.start(callbackUrl, localNextPath(request.query.next));
        reply.setCookie(TRANSACTION_COOKIE, await seal.seal(transaction), {
          ...cookieOptions(request),
          maxAge: TRANSACTION_TTL_SECONDS,
        });
        return reply.redirect(url.href, 302);
      } catch (error) {
        if (error instanceof SsoError) return toLoginPage(reply, error.code);
        throw error;
      }
    },
  );

  app.get(
    "/sso/callback",
    {
      config: { auth: "public" },
      // Every callback may cost a request to the provider and writes an audit event.
      preHandler: limitAuthAttempts(app, {
        accountOf: (request) => String((request.query as { state?: unknown }).state),
      }),
      schema: {
        tags: ["auth"],
        summary: "Where the identity provider sends the browser back: signs in and redirects to `next`",
        description:
          "Finds the user by the provider account, else links the local account holding the verified email, " +
          "else creates one. Refusals redirect to `/login?error=<code>`.",
        security: [],
        querystring: ssoCallbackQuery,
        response: { 302: redirectResponse, 404: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      if (!provider || !oidc) throw notFound("Single sign-on is not configured", "sso_not_configured");
      // One use only, whatever comes of it.
      reply.clearCookie(TRANSACTION_COOKIE, cookieOptions(request));
      // Single sign-on happens in a browser: the web channel, as a session cookie would be.
      const origin = requestOrigin(request, "cookie");
      let identity: ExternalIdentity | undefined;
      try {
        const raw = request.cookies[TRANSACTION_COOKIE];
        const transaction = raw ? await seal.open(raw) : null;
        if (!transaction) {
          throw new SsoError("sso_failed", "The sign-in cookie is missing, expired or altered: start again");
        }
        const query = request.raw.url?.split("?")[1] ?? "";
        identity = await provider.finish(transaction, query);
        const user = await signInExternalUser({ db: app.db, policy: oidc, log: request.log, origin }, identity);
        await startSession(request, reply, tokens, user);
        return reply.redirect(transaction.next, 302);
      } catch (error) {
        if (!(error instanceof SsoError)) throw error;
        request.log.info({ reason: error.code, detail: error.message }, "single sign-on refused");
        await recordSsoFailure(app.db, error, origin, identity);
        return toLoginPage(reply, error.code);
      }
    },
  );
};
