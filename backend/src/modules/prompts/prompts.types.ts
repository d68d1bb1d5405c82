import type { prompts, promptVersions } from "../../db/schema.js";

export type PromptRow = typeof prompts.$inferSelect;
export type PromptVersionRow = typeof promptVersions.$inferSelect;
export type NewPrompt = typeof prompts.$inferInsert;
export type NewPromptVersion = Omit<typeof promptVersions.$inferInsert, "id" | "createdAt">;

export type OwnerSummary = { id: string; username: string; displayName: string | null };

/** A prompt as the API shows it: its latest and served versions and its owner, fetched together. */
export type PromptDetail = {
  prompt: PromptRow;
  latest: PromptVersionRow | null;
  /** The `production` label's version, else the latest: what expansion serves. */
  active: PromptVersionRow | null;
  owner: OwnerSummary | null;
  sharedWithCaller: boolean;
  /** Each label and the version string it points at. */
  labels: Record<string, string>;
  /** The newest open change request to put a version on `production`, if any. */
  pendingChangeRequestId: string | null;
};

export type ServedPrompt = { prompt: PromptRow; version: PromptVersionRow; sharedWithCaller: boolean };

/** Where a ranked page starts: just after the prompt of this rank and name. */
export type PromptPageKey = { rank: number; name: string };
