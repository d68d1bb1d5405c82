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

export type SessionTokens = {
  sign(user: { id: string; role: Role }): Promise<string>;
  /** The user id, or null when the token is forged, malformed or expired. */
  verify(token: string): Promise<string | null>;
  expiresInSeconds: number;
};

export function createSessionTokens(secret: Uint8Array, expiryHours: number): SessionTokens {
  const expiresInSeconds = Math.round(expiryHours * 3600);
  return {
    expiresInSeconds,
    sign: (user) =>
      new SignJWT({ role: user.role })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(`${expiresInSeconds}s`)
        .sign(secret),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: ["HS256"] });
        return typeof payload.sub === "string" && UUID.test(payload.sub) ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
