import { z } from "zod";

export const healthOk = z.object({ status: z.literal("ok") });

export const healthUnavailable = z.object({ status: z.literal("unavailable"), detail: z.string() });

export const changeFeedStatus = z
  .object({
    state: z.enum(["connecting", "live", "reconnecting", "off"]),
    failures: z.number().int().describe("Connections lost or refused since the feed was last live"),
    retry_ms: z.number().int().nullable().describe("Wait before the next connection attempt, while one is scheduled"),
  })
  .describe(
    "The change feed that keeps this process's read cache fresh. While it is not live, reads go to the " +
      "database: slower, never stale. `off` when READ_CACHE=off.",
  );

export const healthQuery = z.object({
  detail: z
    .stringbool()
    .optional()
    .describe("Also report the change feed's state; without it the body is exactly the contract's"),
});
