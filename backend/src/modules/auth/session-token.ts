import { eq } from "drizzle-orm";
import { jwtVerify, SignJWT } from "jose";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { type Role, settings } from "../../db/schema.js";
import { randomToken } from "../../lib/crypto.js";

const JWT_SECRET_SETTING = "jwt_secret";

/**
 * The JWT signing key: `JWT_SECRET` when set, otherwise a random secret created once and kept
 * in the database, so every replica shares it and restarts keep sessions valid.
 */
export async function resolveJwtSecret(db: Db, config: Config): Promise<Uint8Array> {
  if (config.jwtSecret) return new TextEncoder().encode(config.jwtSecret);
  await db
    .insert(settings)
    .values({ key: JWT_SECRET_SETTING, value: randomToken(48) })
    .onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, JWT_SECRET_SETTING));
  if (!row) throw new Error("JWT secret setting could not be stored");
  return new TextEncoder().encode(row.value);
}

/** What a valid session token vouches for. */
export type SessionClaims = { userId: string; sessionEpoch: number };

export type SessionTokens = {
  sign(user: { id: string; role: Role; sessionEpoch: number }): Promise<string>;
  /** The claims, or null when the token is forged, malformed, expired or has no expiry. */
  verify(token: string): Promise<SessionClaims | null>;
  expiresInSeconds: number;
};

/** The claim carrying the user's session epoch at signing (see `users.session_epoch`). */
const EPOCH_CLAIM = "session_epoch";

export function createSessionTokens(secret: Uint8Array, expiryHours: number): SessionTokens {
  const expiresInSeconds = Math.round(expiryHours * 3600);
  return {
    expiresInSeconds,
    sign: (user) =>
      new SignJWT({ role: user.role, [EPOCH_CLAIM]: user.sessionEpoch })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(`${expiresInSeconds}s`)
        .sign(secret),
    async verify(token) {
      try {
        // A token without `exp` would never expire: however it was signed, it is not ours.
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ["HS256"],
          requiredClaims: ["exp", "sub", EPOCH_CLAIM],
        });
        const epoch = payload[EPOCH_CLAIM];
        if (typeof payload.sub !== "string" || !UUID.test(payload.sub) || !Number.isSafeInteger(epoch)) return null;
        return { userId: payload.sub, sessionEpoch: epoch as number };
      } catch {
        return null;
      }
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
