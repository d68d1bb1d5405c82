import { ApiError } from "@/lib/api/errors";

/**
 * When the org settings put a team's governance under review, a policy or objective write
 * answers 202 with the change request it opened instead of making the change.
 */
export type OpenedReview = { id: string; title: string };

/** What a policy or objective write did: applied at once, or sent for review. */
export type GovernanceOutcome = { applied: true } | { applied: false; review: OpenedReview };

export const SENT_FOR_REVIEW = "Sent for review: an owner of a team above must approve it.";

/** The page of a change request. */
export const reviewHref = (id: string) => `/reviews/${encodeURIComponent(id)}`;

/** Reads a successful answer: 202 carries the change request opened, any other status applied. */
export function outcomeOf(status: number, body: unknown): GovernanceOutcome {
  if (status !== 202) return { applied: true };
  const { id, title } = (body ?? {}) as Partial<OpenedReview>;
  if (typeof id !== "string") throw new Error("The server answered 202 without the change request it opened");
  return { applied: false, review: { id, title: typeof title === "string" ? title : "Change request" } };
}

/** Awaits an `api.POST/PUT/DELETE` call on a policy or objective and says what it did. */
export async function governanceOutcome(
  request: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<GovernanceOutcome> {
  const { data, error, response } = await request;
  if (!response.ok) throw new ApiError(response.status, error);
  return outcomeOf(response.status, data);
}
