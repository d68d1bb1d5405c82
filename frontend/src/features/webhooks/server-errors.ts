import { ApiError } from "@/lib/api/errors";

/**
 * The backend's reason for refusing a receiver address (a 422 whose message is about the
 * `url`, e.g. a private address while those are not allowed), to show under the URL field;
 * null for any other error.
 */
export function refusedUrlMessage(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  if (Object.keys(error.fields).length > 0) return error.fields.url ?? null;
  return /\burl\b/i.test(error.message) ? error.message : null;
}
