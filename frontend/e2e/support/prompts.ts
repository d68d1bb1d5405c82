import { type APIRequestContext, expect } from "@playwright/test";

/**
 * Creates `prompt` unless a prompt of its name is already there (an earlier run of the file on
 * the same backend), with `request` signed in and sending `origin` as the pages do.
 */
export async function createPromptOnce(
  request: APIRequestContext,
  origin: string,
  prompt: { name: string } & Record<string, unknown>,
): Promise<void> {
  const existing = await request.get(`/api/v1/prompts/${prompt.name}`);
  if (existing.status() !== 404) return;
  const created = await request.post("/api/v1/prompts", { data: prompt, headers: { origin } });
  expect(created.status(), await created.text()).toBe(201);
}
