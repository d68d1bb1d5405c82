import { z } from "zod";
import { timestamp, toIso } from "../../http/schemas.js";
import type { ShareRow } from "./shares.repository.js";

export const shareBody = z.object({ user_id: z.uuid({ error: "user_id must be a UUID" }) });

export const shareResponse = z.object({
  id: z.string().describe("The share's own id"),
  user_id: z.string(),
  username: z.string(),
  display_name: z.string().nullable(),
  created_at: timestamp.describe("When it was shared"),
});

export function toShareResponse(row: ShareRow): z.infer<typeof shareResponse> {
  return {
    id: row.id,
    user_id: row.userId,
    username: row.username,
    display_name: row.displayName,
    created_at: toIso(row.createdAt),
  };
}
