import { z } from "zod";
import { API_KEY_SCOPES } from "../../db/schema.js";
import { named, nullableTimestamp, timestamp, toIso, toIsoOrNull, uuidParam } from "../../http/schemas.js";
import type { ApiKeyRow } from "./api-keys.repository.js";

export const userIdParams = uuidParam("user_id");
export const keyIdParams = uuidParam("key_id");

export const apiKeyResponse = z.object({
  id: z.string(),
  user_id: z.string(),
  name: z.string(),
  prefix: z.string().describe("First 12 characters of the key, to recognise it"),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  expires_at: nullableTimestamp,
  is_active: z.boolean().describe("False once the key is revoked or has expired"),
  created_at: timestamp,
  last_used_at: nullableTimestamp,
});

export const apiKeyListResponse = z.array(apiKeyResponse);

export const createdApiKeyResponse = z.object({
  key: apiKeyResponse,
  raw_key: z.string().describe("The key itself: shown this once, never stored"),
});

export const createApiKeyBody = z.object({
  name: named("ApiKeyName", z.string().trim().min(1, { error: "must not be empty" }).max(100)),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, { error: "must name at least one scope" })
    .default(["read", "expand"])
    .describe("`read`: GET routes; `expand`: prompt expansion; `write`: every other change"),
  expires_at: z.iso
    .datetime({ offset: true, error: "must be an ISO-8601 date-time" })
    .nullish()
    .refine((value) => value == null || Date.parse(value) > Date.now(), { error: "must be in the future" }),
});

export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;

export function toApiKeyResponse(row: ApiKeyRow, now = new Date()): z.infer<typeof apiKeyResponse> {
  const expired = row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime();
  return {
    id: row.id,
    user_id: row.userId,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    expires_at: toIsoOrNull(row.expiresAt),
    is_active: row.isActive && !expired,
    created_at: toIso(row.createdAt),
    last_used_at: toIsoOrNull(row.lastUsedAt),
  };
}
