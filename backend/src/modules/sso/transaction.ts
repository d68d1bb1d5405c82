import { createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";

/** The browser's half of a sign-in under way: what the callback checks the provider's answer against. */
export type SsoTransaction = {
  state: string;
  /** Absent for OpenShift's OAuth server, which issues no ID token to bind a nonce to. */
  nonce?: string;
  codeVerifier: string;
  /** The callback address the provider was given; the code is redeemed for exactly this one. */
  redirectUri: string;
  /** Where to go once signed in: a local path. */
  next: string;
};

export const TRANSACTION_COOKIE = "pcp_sso";
/** The cookie goes to the sign-in and callback routes only. */
export const TRANSACTION_COOKIE_PATH = "/api/v1/auth/sso";
/** Long enough to type a password and answer a second factor at the provider. */
export const TRANSACTION_TTL_SECONDS = 600;

const claims = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1).optional(),
  code_verifier: z.string().min(1),
  redirect_uri: z.string().min(1),
  next: z.string().startsWith("/"),
});

export type TransactionSeal = {
  seal(transaction: SsoTransaction): Promise<string>;
  /** The transaction, or null when the value is forged, altered, expired or malformed. */
  open(value: string): Promise<SsoTransaction | null>;
};

/**
 * Signs transactions (HMAC-SHA256) with a key derived from the session secret, so every replica
 * can check them, and a transaction can never pass for a session token or the other way round.
 */
export function transactionSeal(sessionSecret: Uint8Array): TransactionSeal {
  const key = createHmac("sha256", sessionSecret).update("spechub single sign-on transaction").digest();
  return {
    seal: (transaction) =>
      new SignJWT({
        state: transaction.state,
        nonce: transaction.nonce,
        code_verifier: transaction.codeVerifier,
        redirect_uri: transaction.redirectUri,
        next: transaction.next,
      })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuedAt()
        .setExpirationTime(`${TRANSACTION_TTL_SECONDS}s`)
        .sign(key),
    async open(value) {
      try {
        const { payload } = await jwtVerify(value, key, { algorithms: ["HS256"], requiredClaims: ["exp"] });
        const parsed = claims.safeParse(payload);
        if (!parsed.success) return null;
        const { state, nonce, code_verifier, redirect_uri, next } = parsed.data;
        return { state, nonce, codeVerifier: code_verifier, redirectUri: redirect_uri, next };
      } catch {
        return null;
      }
    },
  };
}
